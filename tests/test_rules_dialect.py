from __future__ import annotations

from validate_helpers import entity, run

from specgen.config import Settings

PG_ONLY = Settings(dialects=("postgresql",))


def test_sg701_postgresql_only_expression(tmp_path):
    spec = entity("T", "t", "id | uuid | no | uuid4 | pk", "code | text | no | | check: code ~ '^[A-Z]+$'")
    [f] = run(tmp_path, spec, "SG701")
    assert "~" in f.message and f.hint.startswith("on SQLite")
    assert run(tmp_path, spec, "SG701", PG_ONLY) == []
    portable = entity("T", "t", "id | uuid | no | uuid4 | pk", "code | text | no | 'a~b' | check: length(code) > 0")
    assert run(tmp_path, portable, "SG701") == []


def test_sg701_gen_random_uuid_default_is_sg706(tmp_path):
    spec = entity("T", "t", "id | uuid | no | gen_random_uuid() | pk")
    assert run(tmp_path, spec, "SG701") == []  # defaults are SG705 (errors) and SG706 (replaced: information)
    [f] = run(tmp_path, spec, "SG706")
    assert "gen_random_uuid" in f.message and "uuid4" in f.hint and f.severity == "info"


def test_sg702_postgresql_only_type(tmp_path):
    spec = entity("T", "t", "id | uuid | no | uuid4 | pk", "tags | text[] | yes | |", "doc | jsonb | yes | |")
    found = run(tmp_path, spec, "SG702")
    assert {f.column for f in found} == {"tags", "doc"} and {f.severity for f in found} == {"info"}
    assert run(tmp_path, spec, "SG702", PG_ONLY) == []
    assert run(tmp_path, entity("T", "t", "id | uuid | no | uuid4 | pk", "doc | json | yes | |"), "SG702") == []


def test_sg703_postgresql_only_index(tmp_path):
    spec = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "tags | text[] | yes | |",
        extra="### Indexes\n- ix_t_tags: gin (tags)\n",
    )
    [f] = run(tmp_path, spec, "SG703")
    assert "GIN" in f.message
    assert run(tmp_path, spec, "SG703", PG_ONLY) == []


def test_sg704_postgresql_limits(tmp_path):
    assert run(tmp_path, entity("T", "t", "id | uuid | no | uuid4 | pk", "s | varchar(255) | no | |"), "SG704") == []
    bad = entity(
        "T", "t", "id | uuid | no | uuid4 | pk", "s | varchar(20000000) | no | |", "n | numeric(2000,2) | no | |"
    )
    assert {f.column for f in run(tmp_path, bad, "SG704")} == {"s", "n"}
