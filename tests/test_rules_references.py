from __future__ import annotations

from design_edit import edit
from validate_helpers import USERS, design_from, entity, findings, run

from specgen.source import Location

POSTS = entity(
    "Post", "posts", "id | uuid | no | uuid4 | pk", "author_id | uuid | no | | fk users.id on delete cascade, index"
)


def test_clean_spec_has_no_findings(tmp_path):
    from specgen.validate import validate

    assert validate(design_from(tmp_path, USERS + POSTS)) == []


def test_sg101_fk_to_unknown_table_fires_on_a_design(tmp_path):
    d = design_from(tmp_path, USERS + POSTS)
    assert findings(d, "SG101") == []
    d = edit(d, "database_schema.entities.1.foreign_keys.0", ref_table="people")
    [f] = findings(d, "SG101")
    assert f.severity == "error" and "people" in f.message and f.line == 16


def test_sg102_fk_to_unknown_column(tmp_path):
    d = design_from(tmp_path, USERS + POSTS)
    assert findings(d, "SG102") == []
    d = edit(d, "database_schema.entities.1.foreign_keys.0", ref_columns=["uid"])
    [f] = findings(d, "SG102")
    assert "users.uid" in f.message


def test_sg103_sg117_fk_type_mismatch_error_and_warning(tmp_path):
    assert run(tmp_path, USERS + POSTS, "SG103") == run(tmp_path, USERS + POSTS, "SG117") == []
    bad = entity(
        "Post",
        "posts",
        "id | uuid | no | uuid4 | pk",
        "author_id | varchar(36) | no | | fk users.id on delete cascade, index",
    )
    [f] = run(tmp_path, USERS + bad, "SG103")
    assert f.severity == "error" and f.column == "author_id"
    assert run(tmp_path, USERS + bad, "SG117") == []
    ints = entity("A", "a", "id | integer | no | | pk") + entity(
        "B", "b", "id | bigint | no | | pk", "a_id | bigint | no | | fk a.id on delete cascade, index"
    )
    [f] = run(tmp_path, ints, "SG117")  # compatible: its own code, a warning
    assert f.severity == "warning" and f.column == "a_id"
    assert run(tmp_path, ints, "SG103") == []


def test_sg104_fk_target_not_a_key(tmp_path):
    ok = USERS + entity(
        "Post",
        "posts",
        "id | uuid | no | uuid4 | pk",
        "author_email | varchar(255) | no | | fk users.email on delete cascade, index",
    )
    assert run(tmp_path, ok, "SG104") == []
    users = entity("User", "users", "id | uuid | no | uuid4 | pk", "handle | varchar(255) | no | |")
    bad = users + entity(
        "Post",
        "posts",
        "id | uuid | no | uuid4 | pk",
        "handle | varchar(255) | no | | fk users.handle on delete cascade, index",
    )
    [f] = run(tmp_path, bad, "SG104")
    assert "not a key" in f.message


def test_sg105_relationship_to_unknown_entity(tmp_path):
    d = design_from(tmp_path, USERS + POSTS)
    assert findings(d, "SG105") == []
    d = edit(d, "database_schema.entities.1.relationships.0", related_entity="Person")
    [f] = findings(d, "SG105")
    assert "Person" in f.message


def test_sg106_duplicate_names(tmp_path):
    d = design_from(tmp_path, USERS + POSTS)
    assert findings(d, "SG106") == []
    posts = d.database_schema.entities[1]
    twin = posts.columns[1].model_copy(update={"name": "Author_id", "source": Location("specs/x.md", 99)})
    d = edit(d, "database_schema.entities.1", columns=[*posts.columns, twin])
    [f] = findings(d, "SG106")
    assert "Author_id" in f.message and f.line == 99
    d = edit(d, "database_schema.entities.1", table_name="USERS")
    assert any("table name" in f.message for f in findings(d, "SG106"))


def test_sg107_sg118_invalid_and_upper_case_identifiers(tmp_path):
    assert run(tmp_path, USERS, "SG107") == run(tmp_path, USERS, "SG118") == []
    d = design_from(tmp_path, USERS)
    d = edit(d, "database_schema.entities.0.columns.1", name="e-mail")
    [f] = findings(d, "SG107")
    assert f.severity == "error" and findings(d, "SG118") == []
    d = edit(d, "database_schema.entities.0.columns.1", name="eMail")
    [f] = findings(d, "SG118")
    assert f.severity == "warning" and findings(d, "SG107") == []


def test_sg108_reserved_words_and_python_names(tmp_path):
    ok = entity(
        "Item",
        "items",
        "id | uuid | no | uuid4 | pk",
        "name | text | no | |",
        "type | text | no | |",
        "position | integer | no | 0 |",
    )
    assert run(tmp_path, ok, "SG108") == []
    bad = entity("Item", "items", "id | uuid | no | uuid4 | pk", "user | text | no | |", "metadata | jsonb | yes | |")
    d = design_from(tmp_path, bad)
    assert [(f.column, f.severity) for f in findings(d, "SG108")] == [("user", "warning")]  # metadata -> metadata_
    d = edit(d, "database_schema.entities.0.columns.2", python_name="metadata")
    d = edit(d, "database_schema.entities.0.columns.0", python_name="class")
    assert {(f.column, f.severity) for f in findings(d, "SG108")} == {("user", "warning")}
    found = findings(d, "SG112")  # what breaks the generated code has its own code and severity
    assert {(f.column, f.severity) for f in found} == {("metadata", "error"), ("id", "error")}


def test_sg109_name_too_long(tmp_path):
    assert run(tmp_path, USERS, "SG109") == []
    long = "x" * 64
    [f] = run(tmp_path, entity("Item", "items", "id | uuid | no | uuid4 | pk", f"{long} | text | yes | |"), "SG109")
    assert "64 bytes" in f.message


def test_sg110_no_primary_key(tmp_path):
    d = design_from(tmp_path, USERS)
    assert findings(d, "SG110") == []
    d = edit(d, "database_schema.entities.0", primary_key=None)
    [f] = findings(d, "SG110")
    assert f.entity == "User"


def test_sg111_back_populates_mismatch(tmp_path):
    rel_ok = USERS + "\n### Relationships\n- posts: one-to-many Post (back_populates author)\n"
    posts = POSTS + "\n### Relationships\n- author: many-to-one User (back_populates posts)\n"
    assert run(tmp_path, rel_ok + posts, "SG111") == []
    d = design_from(tmp_path, rel_ok + posts)
    d = edit(d, "database_schema.entities.1.relationships.0", back_populates="articles")
    found = findings(d, "SG111")
    assert sorted(f.entity for f in found) == ["Post", "User"]  # the missing attribute; the side pointing elsewhere
    assert any("articles" in f.message and f.entity == "Post" for f in found)
