"""IR -> design: types, keys, defaults, relationships, indexes, naming, determinism, JSON Schema."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT
from specgen.config import Settings
from specgen.design.build import build_design
from specgen.design.model import Design, json_schema
from specgen.design.yaml_io import dump_design, load_design
from specgen.parse import SpecIR, parse_text
from specgen.pipeline import design_specs

GOLDEN = ROOT / "tests" / "cases" / "examples" / "design.yaml"
EXAMPLES = [ROOT / "specs" / "database" / "collections.md", ROOT / "specs" / "database" / "artifact_associations.md"]


def design_of(text: str, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    result = build_design(SpecIR([parse_text("s.md", text)]), settings or Settings())
    return result


def test_types_defaults_and_auto_primary_key() -> None:
    r = design_of(
        "## Entity: Note\n| Column | Type | Nullable | Default | Constraints |\n|---|---|---|---|---|\n"
        "| body | text | no | | |\n| score | numeric(5,2) | yes | 0 | |\n| tags | text[] | yes | [] | |\n"
        "| state | enum(draft, final) | no | draft | |\n| created_at | timestamptz | no | now | |\n"
        "| updated_at | timestamptz | no | now | on update now |\n"
    )
    assert not r.errors
    (note,) = r.design.database_schema.entities
    assert note.table_name == "notes"
    cols = {c.name: c for c in note.columns}
    assert list(cols)[0] == "id" and cols["id"].database_type == "uuid" and cols["id"].default == "uuid4"
    assert note.primary_key is not None and note.primary_key.auto_generate
    assert (cols["score"].precision, cols["score"].scale, cols["score"].python_type) == (5, 2, "Decimal")
    assert (cols["score"].default, cols["score"].server_default) == (0, "0")
    assert (cols["tags"].database_type, cols["tags"].item_type, cols["tags"].python_type) == (
        "array",
        "text",
        "list[str]",
    )
    assert (cols["state"].enum, cols["state"].server_default) == ("notes_state", "'draft'")
    assert [(e.name, e.values) for e in r.design.database_schema.enums] == [("notes_state", ["draft", "final"])]
    assert (cols["created_at"].default, cols["created_at"].server_default) == ("now", "CURRENT_TIMESTAMP")
    assert cols["updated_at"].onupdate == "now"
    assert cols["body"].constraints == ["not_null"] and cols["score"].nullable


def test_primary_key_setting_none_and_camel_case() -> None:
    r = design_of(
        "## Entity: LineItem\n| Column | Type |\n|---|---|\n| unit_price | integer |\n",
        Settings(primary_key="none", naming="camelCase"),
    )
    (e,) = r.design.database_schema.entities
    assert e.table_name == "line_items" and e.primary_key is None
    assert [(c.name, c.python_name) for c in e.columns] == [("unit_price", "unitPrice")]


def test_relationships_inferred_from_foreign_keys() -> None:
    r = design_of(
        "## Entity: Author\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n\n"
        "## Entity: Book\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n"
        "| author_id | uuid | fk authors.id on delete cascade |\n| editor_id | uuid | fk authors.id |\n"
        "| parent_id | uuid | fk books.id |\n"
    )
    assert not r.errors
    author, book = r.design.database_schema.entities
    rel = {x.name: x for x in book.relationships}
    assert rel["author"].type == "many_to_one" and rel["author"].foreign_keys == ["books.author_id"]
    assert rel["parent"].remote_side == ["id"]
    # Several keys to one table: each back side is named by the role its key names, as a user would write it
    # (the key named after the table itself keeps the plain name).
    assert {x.name for x in author.relationships} == {"books", "edited_books"}
    back = next(x for x in author.relationships if x.name == "books")
    assert back.back_populates == "author" and back.passive_deletes is True and back.inferred
    assert rel["author"].back_populates == "books"
    assert rel["editor"].back_populates == "edited_books"
    children = next(x for x in book.relationships if x.name == "children")
    assert (children.type, children.back_populates, children.remote_side) == ("one_to_many", "parent", [])


def test_unique_fk_makes_one_to_one_and_columns_get_fk_facts() -> None:
    r = design_of(
        "## Entity: User\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n\n"
        "## Entity: Profile\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n"
        "| user_id | uuid | unique, fk users.id on delete set null |\n"
    )
    user, profile = r.design.database_schema.entities
    [fk] = profile.foreign_keys  # kept once: design.yaml shows it on the column as `references`
    assert (fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) == (["user_id"], "users", ["id"], "SET NULL")
    assert [x.type for x in profile.relationships] == ["one_to_one"]
    assert [(x.type, x.uselist) for x in user.relationships] == [("one_to_one", False)]


def test_indexes_from_columns_sections_and_default_names() -> None:
    r = design_of(
        "## Entity: A\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n"
        "| k | text | index |\n\n### Indexes\n- (k, id)\n- ix_gin: gin (k)\n"
    )
    ixs = [(i.index_name, i.columns, i.index_type) for i in r.design.database_schema.indexes]
    assert ixs == [("ix_as_k", ["k"], "btree"), ("ix_as_k_id", ["k", "id"], "btree"), ("ix_gin", ["k"], "gin")]


def test_design_problems_have_lines_and_do_not_refuse() -> None:
    r = design_of(
        "## Entity: A\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n"
        "| b | qwzx | |\n| c | uuid | fk nowhere.id |\n\n### Indexes\n- ix_a: (b)\n- ix_a: (c)\n"
    )
    assert not r.errors  # reading problems are warnings; the design is what was read
    got = [d.format() for d in r.diagnostics if d.severity == "warning"]
    assert any(g.startswith("s.md:5: warning: column 'as.b': unknown type 'qwzx', kept as text") for g in got), got
    assert any(g.startswith("s.md:6: warning: foreign key as(c) references table 'nowhere'") for g in got), got
    assert any(
        g.startswith("s.md:10: warning: index 'ix_a' is defined twice, differently (first at s.md:9)") for g in got
    )
    (a,) = r.design.database_schema.entities
    assert [c.name for c in a.columns] == ["id", "b", "c"] and a.foreign_keys[0].ref_table == "nowhere"


def test_unknown_types_are_kept_as_text_and_written_types_are_mapped() -> None:
    r = design_of(
        "## Entity: A\n| Column | Type | Constraints |\n|---|---|---|\n| id | Guid | pk |\n"
        "| b | qwzxrange | |\n| c | String (UUID) | |\n| d | DateTime? | |\n| e | NVARCHAR(MAX) | |\n| f | String! | |\n"
    )
    (a,) = r.design.database_schema.entities
    cols = {c.name: c for c in a.columns}
    assert [(n, c.sql_type, c.unmapped_type) for n, c in cols.items()] == [
        ("id", "uuid", None),
        ("b", "text", "qwzxrange"),
        ("c", "uuid", None),
        ("d", "timestamp", None),
        ("e", "text", None),
        ("f", "varchar", None),
    ]
    assert cols["d"].nullable and not cols["f"].nullable  # `String!`: the spelling says not null
    assert [d.severity for d in r.diagnostics if "unknown type" in d.message] == ["warning"]
    assert not r.errors


def test_prose_only_spec_says_how_to_write_an_entity() -> None:
    r = design_of("# Plan\n\nWe will add tables later.\n")
    (w,) = [d for d in r.diagnostics if d.severity == "warning"]
    assert "no entity definitions found" in w.message and "## Entity:" in (w.hint or "")


def test_examples_match_the_golden_design(
    golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    # An empty generated/ (no revisions yet): the golden shows the plan of a new schema.
    result = design_specs([str(p.relative_to(ROOT)) for p in EXAMPLES], Settings(generated=str(tmp_path)))
    assert not result.errors, [d.format() for d in result.errors]
    golden(GOLDEN, dump_design(result.design, result.plan))


def test_golden_design_is_valid_and_loads_back(tmp_path: Path) -> None:
    """The behavioural twin of the golden test: the document validates and round-trips."""
    data = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    jsonschema.validate(data, json_schema())
    loaded = load_design(GOLDEN)
    again = tmp_path / "again.yaml"
    again.write_text(dump_design(loaded), encoding="utf-8")
    assert again.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    names = [e.name for e in loaded.database_schema.entities]
    assert {"Collection", "Group", "CollectionArtifact", "GroupArtifact", "Artifact", "ArtifactAssociation"} <= set(
        names
    )


def test_design_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"d{seed}.yaml"
        subprocess.run(
            [sys.executable, "-m", "specgen", "design", "specs", "-o", str(out)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        )
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_json_schema_describes_the_additions() -> None:
    schema = json_schema()
    column = schema["$defs"]["Column"]["properties"]
    assert {"on_delete", "server_default", "onupdate", "renamed_from", "length", "precision", "source"} <= set(column)
    Design.model_validate({"database_schema": {"meta": {"spec_file": "x"}}})


def test_self_referential_many_to_many_sides_walk_the_join_table_both_ways() -> None:
    r = design_of(
        "## Entity: User\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n\n"
        "### Relationships\n- following: many-to-many User through follows (back_populates followers)\n"
        "- followers: many-to-many User through follows (back_populates following)\n\n"
        "## Entity: Follow\ntable: follows\n| Column | Type | Constraints |\n|---|---|---|\n"
        "| follower_id | uuid | pk, fk users.id on delete cascade |\n| followed_id | uuid | pk, fk users.id on delete cascade |\n"
    )
    assert not r.errors
    user = r.design.database_schema.entity("User")
    assert user is not None
    cols = {x.name: [(c.entity_column, c.related_column) for c in x.join_table_columns] for x in user.relationships}
    assert cols["following"] == [("follower_id", "followed_id")]
    assert cols["followers"] == [("followed_id", "follower_id")]


def test_design_without_entities_loads_back(tmp_path: Path) -> None:
    r = design_of("# Plan\n\nprose only\n")
    out = tmp_path / "d.yaml"
    out.write_text(dump_design(r.design), encoding="utf-8")
    assert load_design(out).database_schema.entities == []
