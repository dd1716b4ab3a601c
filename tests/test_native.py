"""The native spec format read into SpecIR, and every error with its exact line."""

from __future__ import annotations

from specgen.parse import parse_text
from specgen.parse.ir import SpecFile


def read(text: str) -> SpecFile:
    return parse_text("s.md", text)


def errors(spec: SpecFile) -> list[str]:
    return [d.format() for d in spec.diagnostics if d.severity == "error"]


def test_columns_in_any_order_only_column_and_type_required() -> None:
    spec = read(
        "## Entity: Book\n"
        "table: books\n"
        "description: A book.\n"
        "options: repr, to_dict\n"
        "\n"
        "| Description | Constraints | Type | Column | Default | Nullable |\n"
        "|---|---|---|---|---|---|\n"
        "| key | pk | uuid | id | uuid4 | no |\n"
        "| | | text | title | | |\n"
        "| Price | check: price >= 0 | numeric(10,2) | price | 0 | yes |\n"
    )
    assert not errors(spec)
    (book,) = spec.entities
    assert (book.name, book.table, book.description, book.options) == (
        "Book",
        "books",
        "A book.",
        {"repr": True, "to_dict": True},
    )
    cols = {c.name: c for c in book.columns}
    assert list(cols) == ["id", "title", "price"]
    assert cols["id"].primary_key and cols["id"].default == "uuid4" and cols["id"].nullable is False
    assert cols["title"].type == "text" and cols["title"].nullable is None
    assert (cols["price"].check, cols["price"].default, cols["price"].description) == ("price >= 0", "0", "Price")
    assert [c.loc.line for c in book.columns] == [8, 9, 10]


def test_minimal_table_and_boolean_header_columns() -> None:
    spec = read(
        "## Entity: Tag\n\n| Name | Data type | PK | Unique | References |\n|--|--|--|--|--|\n"
        "| id | bigint | yes | | |\n| label | varchar(40) | | ✓ | |\n| post_id | bigint | | | posts.id |\n"
    )
    (tag,) = spec.entities
    cols = {c.name: c for c in tag.columns}
    assert cols["id"].primary_key and cols["label"].unique
    assert cols["post_id"].fk is not None and cols["post_id"].fk.ref_table == "posts"


def test_sections_relationships_indexes_constraints_dependencies_notes() -> None:
    spec = read(
        "## Entity: Collection\n"  # 1
        "| Column | Type |\n|---|---|\n| id | uuid |\n| owner_id | uuid |\n| name | text |\n| zip | text |\n"
        "| city | text |\n"  # 2-8
        "\n### Relationships\n"  # 10
        "- groups: one-to-many Group (back_populates collection)\n"  # 11
        "\n### Indexes\n"  # 13
        "- ix_live: (owner_id) where archived = false\n"  # 14
        "\n### Constraints\n"  # 16
        "- unique uq_owner_name: (owner_id, name)\n"  # 17
        "\n### Functional dependencies\n"  # 19
        "- zip -> city\n"  # 20
        "\n## Migration notes\n"  # 22
        "- rename column collections.title -> collections.name\n"  # 23
    )
    assert not errors(spec)
    (c,) = spec.entities
    assert [(r.name, r.loc.line) for r in c.relationships] == [("groups", 11)]
    assert [(i.name, i.where, i.loc.line) for i in c.indexes] == [("ix_live", "archived = false", 14)]
    assert [(k.name, k.columns, k.loc.line) for k in c.constraints] == [("uq_owner_name", ["owner_id", "name"], 17)]
    assert [(f.lhs, f.rhs, f.loc.line) for f in c.functional_dependencies] == [(["zip"], ["city"], 20)]
    assert [(n.action, n.loc.line) for n in spec.notes] == [("rename_column", 23)]


def test_enums_declared_as_sections() -> None:
    spec = read("## Enum: Status\n- pending\n- done\n\n## Enum: Kind\nvalues: a, b\n")
    assert [(e.name, e.values) for e in spec.enums] == [("Status", ["pending", "done"]), ("Kind", ["a", "b"])]


def test_every_reading_problem_is_a_warning_with_its_line() -> None:
    spec = read(
        "## Entity: A\n"  # 1
        "| Column | Type | Nullable | Constraints |\n|---|---|---|---|\n"  # 2-3
        "| id | uuid | no | pk |\n"  # 4
        "| 1bad | text | | |\n"  # 5
        "| b | | | |\n"  # 6
        "| c | text | perhaps | |\n"  # 7
        "| d | text | | fly |\n"  # 8
        "| e | text | | | extra |\n"  # 9
        "\n### Relationships\n- nope\n"  # 11-12
        "\n## Entity: bad name\n"  # 14
        "\n## Migration notes\n- keep everything\n"  # 16-17
    )
    # Reading is lenient: each problem is a located warning and the rest is still read.
    assert not errors(spec)
    warned = [d.format() for d in spec.diagnostics if d.severity == "warning"]
    assert [int(w.split(":")[1]) for w in warned] == [5, 6, 7, 8, 9, 12, 17]
    assert all(w.startswith("s.md:") and ": warning: " in w for w in warned)
    # `b` (no type) is kept as text; `c` and `d` keep what could be read; `1bad` and the long row are skipped.
    assert [c.name for c in spec.entities[0].columns] == ["id", "b", "c", "d"]


def test_unknown_key_close_to_a_known_one_warns() -> None:
    spec = read("## Entity: A\ntabel: as\n\n| Column | Type |\n|---|---|\n| id | uuid |\n")
    warnings = [d.format() for d in spec.diagnostics if d.severity == "warning"]
    assert warnings == ["s.md:2: warning: unknown entity key 'tabel' (did you mean 'table'?)"]


def test_prose_and_other_tables_are_ignored() -> None:
    spec = read("# Plan\n\n| Task | Points |\n|---|---|\n| a | 1 |\n\nSome text: with a colon.\n")
    assert spec.entities == [] and not errors(spec)


def test_suppressions_from_comments_and_front_matter() -> None:
    spec = read(
        "---\nignore: [SG501]\n---\n## Entity: A\n\n<!-- specgen: ignore SG301, SG302 -->\n"
        "| Column | Type |\n|---|---|\n| id | uuid |\n| b | text |\n"
    )
    got = [(s.codes, s.first_line, s.last_line) for s in spec.suppressions]
    assert got == [(["SG501"], None, None), (["SG301", "SG302"], 7, 10)]


def test_suppression_before_a_fence_covers_the_whole_block() -> None:
    spec = read("# S\n\n<!-- specgen: ignore SG701 -->\n```python\nclass A:\n    x = 1\n```\n\nafter\n")
    assert [(s.codes, s.first_line, s.last_line) for s in spec.suppressions] == [(["SG701"], 4, 7)]
