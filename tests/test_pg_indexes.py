"""Index details on PostgreSQL (issue 13, deliverable 6): operator classes, DESC / NULLS FIRST|LAST, INCLUDE,
expression and partial indexes, USING gin|gist|brin|hash|hnsw with WITH (…) parameters — read from SQL and from
native Index lines, kept in design.yaml, rendered in revisions and models, and created as written."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from corpus_path import alembic, specgen
from pg_facts import compare, facts

DDL = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE doc (
    id integer PRIMARY KEY,
    title text NOT NULL,
    meta jsonb,
    score integer,
    created_at timestamptz NOT NULL,
    embedding vector(3),
    "Mixed" integer
);
CREATE INDEX doc_created ON doc USING btree (created_at DESC NULLS LAST, id);
CREATE INDEX doc_score ON doc (score NULLS FIRST) INCLUDE (title) WHERE score > 0;
CREATE INDEX doc_title_lower ON doc (lower(title) text_pattern_ops DESC);
CREATE INDEX doc_meta ON doc USING gin (((meta -> 'extra'::text)) jsonb_path_ops);
CREATE INDEX doc_meta_all ON doc USING gin (meta jsonb_path_ops) WITH (fastupdate = off);
CREATE INDEX doc_embedding ON doc USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX doc_brin ON doc USING brin (created_at) WITH (pages_per_range = 32);
CREATE INDEX doc_hash ON doc USING hash (title);
CREATE INDEX doc_mixed ON doc ("Mixed" DESC);
"""

NATIVE = """# Docs

## Entity: Doc
table: doc

| Column | Type | Nullable |
|---|---|---|
| id | integer | no |
| title | text | no |
| score | integer | yes |
| created_at | timestamptz | no |
| embedding | vector(3) | yes |

### Indexes
- doc_created: (created_at desc nulls last, id)
- doc_score: (score nulls first) include (title) where score > 0
- doc_title_lower: (lower(title) text_pattern_ops desc)
- doc_embedding: hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 64)
"""


def _project(folder: Path, name: str, body: str) -> None:
    (folder / "specs" / "database").mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    (folder / "specs" / "database" / name).write_text(body, encoding="utf-8")


def _database(url: str) -> str:
    import sqlalchemy as sa

    base = sa.engine.make_url(url)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"i_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _index_facts(url: str) -> dict[str, object]:
    return {k: v for k, v in facts(url).items() if ":index " in k}


def _design(folder: Path) -> dict[str, dict[str, object]]:
    schema = yaml.safe_load((folder / "generated" / "design.yaml").read_text())["database_schema"]
    return {ix["index_name"]: ix for ix in schema["indexes"]}


def test_sql_index_details_are_kept_and_created_as_written(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    _project(tmp_path, "docs.md", f"# Docs\n\n```sql\n{DDL}\n```\n")
    design = specgen("design", cwd=tmp_path)
    assert design.code == 0, design.out
    ix = _design(tmp_path)
    assert ix["doc_created"]["orders"] == {"created_at": "desc nulls last"}
    assert ix["doc_score"]["orders"] == {"score": "nulls first"} and ix["doc_score"]["include"] == ["title"]
    assert ix["doc_title_lower"]["opclasses"] == {"LOWER(title)": "text_pattern_ops"}
    assert ix["doc_embedding"]["index_type"] == "hnsw"
    assert ix["doc_embedding"]["parameters"] == {"m": "16", "ef_construction": "64"}
    assert ix["doc_meta_all"]["parameters"] == {"fastupdate": "off"}
    assert ix["doc_mixed"]["orders"] == {"Mixed": "desc"}

    render = specgen("render", "--target", "alembic", cwd=tmp_path)
    assert render.code == 0, render.out
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out[-3000:]

    direct = _database(pg_url)
    engine = sa.create_engine(direct)
    with engine.begin() as conn:
        conn.exec_driver_sql(DDL)
    engine.dispose()
    expected = _index_facts(direct)
    assert len(expected) == 9
    matched, misses, extra = compare(expected, _index_facts(pg_url))
    assert not misses and not extra, (misses, extra)

    # the models create the same indexes
    models = specgen("render", "--target", "sqlmodel", cwd=tmp_path)
    assert models.code == 0, models.out
    through_models = _database(pg_url)
    script = (
        "import sqlalchemy as sa, sys\nimport models\nfrom sqlmodel import SQLModel\n"
        "e = sa.create_engine(sys.argv[1])\n"
        "with e.begin() as c: c.exec_driver_sql('CREATE EXTENSION IF NOT EXISTS vector')\n"
        "SQLModel.metadata.create_all(e)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, through_models], cwd=tmp_path / "generated", capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    matched, misses, extra = compare(expected, _index_facts(through_models))
    assert not misses and not extra, (misses, extra)


def test_native_index_lines_state_the_details(tmp_path: Path, pg_url: str) -> None:
    _project(tmp_path, "docs.md", NATIVE)
    design = specgen("design", cwd=tmp_path)
    assert design.code == 0, design.out
    ix = _design(tmp_path)
    assert ix["doc_embedding"]["opclasses"] == {"embedding": "vector_cosine_ops"}
    assert ix["doc_title_lower"]["orders"] == {"lower(title)": "desc"}
    assert "vector" in (tmp_path / "generated" / "design.yaml").read_text()  # the extension is implied
    assert specgen("render", "--target", "alembic", cwd=tmp_path).code == 0
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out[-3000:]
    got = {k.split(":index ", 1)[1] for k in _index_facts(pg_url)}
    assert got == {
        "public.doc USING btree (created_at DESC NULLS LAST, id)",
        "public.doc USING btree (score NULLS FIRST) INCLUDE (title) WHERE (score > 0)",
        "public.doc USING btree (lower(title) text_pattern_ops DESC)",
        "public.doc USING hnsw (embedding vector_cosine_ops) WITH (m='16', ef_construction='64')",
    }


def test_a_changed_order_is_a_new_index(tmp_path: Path) -> None:
    _project(tmp_path, "docs.md", NATIVE)
    assert specgen("design", cwd=tmp_path).code == 0
    assert specgen("render", "--target", "alembic", cwd=tmp_path).code == 0
    spec = tmp_path / "specs" / "database" / "docs.md"
    spec.write_text(spec.read_text().replace("created_at desc nulls last", "created_at desc"), encoding="utf-8")
    assert specgen("design", cwd=tmp_path).code == 0
    plan = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]["migration_plan"]
    assert "doc_created" in str(plan), plan


@pytest.mark.parametrize(
    "field, value",
    [("opclasses", {"title": "x; DROP TABLE doc"}), ("orders", {"title": "sideways"}), ("parameters", {"m": "1)"})],
)
def test_design_yaml_refuses_details_that_are_not_names(tmp_path: Path, field: str, value: object) -> None:
    _project(tmp_path, "docs.md", NATIVE)
    assert specgen("design", cwd=tmp_path).code == 0
    path = tmp_path / "generated" / "design.yaml"
    doc = yaml.safe_load(path.read_text())
    ix = next(i for i in doc["database_schema"]["indexes"] if i["index_name"] == "doc_created")
    ix["columns"] = ["title"]
    ix.pop("orders", None)
    ix[field] = value
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    step = specgen("render", "--target", "alembic", str(path), cwd=tmp_path)
    assert step.code != 0 and "Traceback" not in step.out, step.out[-2000:]


CONSTRAINTS = """
CREATE TABLE booking (
    id integer PRIMARY KEY,
    room_id integer NOT NULL,
    seat integer NOT NULL,
    during tstzrange NOT NULL,
    cancelled boolean NOT NULL DEFAULT false,
    FOREIGN KEY (room_id, seat) REFERENCES seat (room_id, number),
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&, tstzrange(lower(during), upper(during)) WITH &&)
        WHERE (NOT cancelled)
);
CREATE TABLE seat (id integer PRIMARY KEY, room_id integer NOT NULL, number integer NOT NULL, code text);
CREATE UNIQUE INDEX seat_room_number ON seat (room_id, number);
ALTER TABLE seat ADD CONSTRAINT seat_code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED;
"""


def test_constraints_unique_index_before_its_fk_exclusion_deferrable(tmp_path: Path, pg_url: str) -> None:
    """The composite FK references a unique *index* of a table defined after it: the revision creates the index
    right after its table; the exclusion constraint (expressions, WHERE) and the deferrable unique are kept."""
    import sqlalchemy as sa

    _project(tmp_path, "booking.md", f"# Booking\n\n```sql\n{CONSTRAINTS}\n```\n")
    design = specgen("design", cwd=tmp_path)
    assert design.code == 0, design.out
    schema = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]
    booking = next(e for e in schema["entities"] if e["table_name"] == "booking")
    ex = next(c for c in booking["constraints"] if c["type"] == "exclude")
    assert ex["operators"] == ["&&", "&&"] and ex["index_type"] == "gist" and ex["condition"] == "(NOT cancelled)"
    seat = next(e for e in schema["entities"] if e["table_name"] == "seat")
    uq = next(c for c in seat["constraints"] if c["type"] == "unique")
    assert uq["deferrable"] is True and uq["initially_deferred"] is True
    assert specgen("render", "--target", "alembic", cwd=tmp_path).code == 0
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out[-3000:]
    assert alembic("downgrade", "base", cwd=tmp_path, url=pg_url).code == 0
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0

    direct = _database(pg_url)
    engine = sa.create_engine(direct)
    with engine.begin() as conn:
        conn.exec_driver_sql(CONSTRAINTS.replace("FOREIGN KEY (room_id, seat) REFERENCES seat (room_id, number),", ""))
        conn.exec_driver_sql(
            "ALTER TABLE booking ADD CONSTRAINT fk_booking_room_id_seat_seat "
            "FOREIGN KEY (room_id, seat) REFERENCES seat (room_id, number)"
        )
    engine.dispose()
    expected = facts(direct)
    assert any(":exclude EXCLUDE USING gist" in k for k in expected)
    matched, misses, extra = compare(expected, facts(pg_url))
    assert not misses and not extra, (misses, extra)

    # the models create the same constraints
    assert specgen("render", "--target", "sqlmodel", cwd=tmp_path).code == 0
    through_models = _database(pg_url)
    script = "import sqlalchemy as sa, sys\nimport models\nfrom sqlmodel import SQLModel\n"
    script += "SQLModel.metadata.create_all(sa.create_engine(sys.argv[1]))\n"
    run = subprocess.run(
        [sys.executable, "-c", script, through_models], cwd=tmp_path / "generated", capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    matched, misses, extra = compare(expected, facts(through_models))
    assert not misses and not extra, (misses, extra)


def test_a_column_named_uuid_does_not_shadow_the_uuid_type(tmp_path: Path) -> None:
    """Models import `UUID`/`uuid4` from the uuid module, so a field named `uuid` (inaturalist has many) leaves
    the annotations of the fields after it intact."""
    spec = "# T\n\n| Column | Type | Nullable | Default |\n|---|---|---|---|\n"
    body = "## Entity: Thing\ntable: things\n\n" + spec.split("\n\n", 1)[1]
    body += "| id | uuid | no | uuid4 |\n| uuid | uuid | no | |\n| other | uuid | yes | |\n"
    _project(tmp_path, "t.md", f"# T\n\n{body}")
    assert specgen("design", cwd=tmp_path).code == 0
    step = specgen("render", "--target", "sqlmodel", cwd=tmp_path)
    assert step.code == 0, step.out
    script = (
        "import uuid as u\nimport models\n"
        "t = models.Thing(uuid=u.uuid4(), other=u.uuid4())\n"
        "assert isinstance(t.id, u.UUID) and isinstance(t.other, u.UUID)\n"
        "print(models.Thing.model_fields['other'].annotation)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path / "generated", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "UUID" in run.stdout


def test_native_constraint_lines_state_exclusion_and_deferrable(tmp_path: Path, pg_url: str) -> None:
    spec = """# Rooms

## Entity: Booking
table: booking

| Column | Type | Nullable |
|---|---|---|
| id | integer | no |
| code | text | yes |
| during | tstzrange | no |
| cancelled | boolean | no |

### Constraints
- exclude booking_no_overlap: using gist (during with &&) where (not cancelled) deferrable initially deferred
- unique booking_code: (code) deferrable
"""
    _project(tmp_path, "rooms.md", spec)
    assert specgen("design", cwd=tmp_path).code == 0
    assert specgen("render", "--target", "alembic", cwd=tmp_path).code == 0
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out[-3000:]
    got = {k.split(":", 1)[1] for k in facts(pg_url) if ":exclude" in k or ":unique" in k}
    assert got == {
        "exclude EXCLUDE USING gist (during WITH &&) WHERE ((NOT cancelled)) DEFERRABLE INITIALLY DEFERRED",
        "unique UNIQUE (code) DEFERRABLE",
    }
