from __future__ import annotations

from design_edit import edit
from validate_helpers import design_from, entity, findings, run

PARENT = entity("Parent", "parents", "id | uuid | no | uuid4 | pk")


def test_sg501_fk_without_index(tmp_path):
    ok = PARENT + entity(
        "Child",
        "children",
        "id | uuid | no | uuid4 | pk",
        "parent_id | uuid | no | | fk parents.id on delete cascade, index",
    )
    assert run(tmp_path, ok, "SG501") == []
    bad = PARENT + entity(
        "Child", "children", "id | uuid | no | uuid4 | pk", "parent_id | uuid | no | | fk parents.id on delete cascade"
    )
    [f] = run(tmp_path, bad, "SG501")
    assert f.column == "parent_id" and "index" in f.hint


def test_sg501_leading_key_column_counts(tmp_path):
    assoc = PARENT + entity(
        "Link", "links", "parent_id | uuid | no | | pk, fk parents.id on delete cascade", "n | integer | no | | pk"
    )
    assert run(tmp_path, assoc, "SG501") == []
    composite = PARENT + entity(
        "Link", "links", "n | integer | no | | pk", "parent_id | uuid | no | | pk, fk parents.id on delete cascade"
    )
    assert len(run(tmp_path, composite, "SG501")) == 1  # second key column: no index starts with it


def test_sg502_duplicate_index(tmp_path):
    spec = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "a | integer | no | |",
        extra="### Indexes\n- ix_t_a: (a)\n- ix_t_a_again: (a)\n",
    )
    [f] = run(tmp_path, spec, "SG502")
    assert "ix_t_a_again" in f.message
    assert run(tmp_path, spec.replace("- ix_t_a_again: (a)\n", "- ix_t_a_partial: (a) where a > 0\n"), "SG502") == []


def test_sg503_prefix_of_another_index_or_key(tmp_path):
    spec = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "a | integer | no | |",
        "b | integer | no | |",
        extra="### Indexes\n- ix_t_a: (a)\n- ix_t_a_b: (a, b)\n",
    )
    [f] = run(tmp_path, spec, "SG503")
    assert "ix_t_a_b" in f.message and f.hint == "drop ix_t_a"
    pk = entity("T", "t", "id | uuid | no | uuid4 | pk", extra="### Indexes\n- ix_t_id: (id)\n")
    [f] = run(tmp_path, pk, "SG503")
    assert "primary key" in f.message
    quiet = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "a | integer | no | |",
        "b | integer | no | |",
        extra="### Indexes\n- ix_t_b: (b)\n- ix_t_a_b: (a, b)\n- uq_t_a: unique (a)\n",
    )
    assert run(tmp_path, quiet, "SG503") == []


def test_sg504_gin_and_brin_on_unfit_types(tmp_path):
    ok = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "tags | text[] | yes | |",
        "at | timestamptz | no | now |",
        extra="### Indexes\n- ix_t_tags: gin (tags)\n- ix_t_at: brin (at)\n",
    )
    assert run(tmp_path, ok, "SG504") == []
    bad = entity(
        "T",
        "t",
        "id | uuid | no | uuid4 | pk",
        "doc | json | yes | |",
        "n | integer | no | 0 |",
        "ref | uuid | no | uuid4 |",
        extra="### Indexes\n- ix_t_doc: gin (doc)\n- ix_t_n: gin (n)\n- ix_t_ref: brin (ref)\n",
    )
    found = {f.column: f.severity for f in run(tmp_path, bad, "SG504")}
    assert found == {"n": "warning", "ref": "warning"}
    [f] = run(tmp_path, bad, "SG507")  # GIN on json: PostgreSQL refuses it, an error of its own code
    assert f.column == "doc" and f.severity == "error"
    assert run(tmp_path, bad.replace("| doc | json |", "| doc | jsonb |"), "SG507") == []  # jsonb has a GIN class


def test_sg505_index_unknown_column(tmp_path):
    d = design_from(
        tmp_path,
        entity(
            "T",
            "t",
            "id | uuid | no | uuid4 | pk",
            "a | integer | no | |",
            extra="### Indexes\n- ix_t_a: (a)\n- ix_t_lower: (lower(a))\n",
        ),
    )
    assert findings(d, "SG505") == []
    d = edit(d, "database_schema.indexes.0", columns=["b"])
    [f] = findings(d, "SG505")
    assert f.column == "b"
