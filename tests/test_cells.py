"""The native format's small grammars: the Constraints cell and the section list items."""

from __future__ import annotations

import pytest

from specgen.parse import cells
from specgen.parse.cells import CellError
from specgen.source import Location

LOC = Location("s.md", 7)


def test_constraint_cell_reads_every_item() -> None:
    f = cells.parse_constraint_cell(
        "pk, unique, not null, index, fk users.id on delete set null on update cascade, "
        "check: length(name) > 0, on update now, renamed from old_name, autoincrement",
        "owner_id",
        LOC,
    )
    assert (f.primary_key, f.unique, f.not_null, f.index, f.autoincrement) == (True, True, True, True, True)
    assert f.fk is not None
    assert (f.fk.ref_table, f.fk.ref_columns, f.fk.columns) == ("users", ["id"], ["owner_id"])
    assert (f.fk.on_delete, f.fk.on_update) == ("SET NULL", "CASCADE")
    assert f.check == "length(name) > 0"
    assert f.on_update == "now"
    assert f.renamed_from == "old_name"


def test_check_expression_keeps_its_commas() -> None:
    f = cells.parse_constraint_cell("check: kind in ('a', 'b'), status, unique", "kind", LOC)
    # `status` does not start an item, so it continues the check; `unique` does start one.
    assert f.check == "kind in ('a', 'b'), status"
    assert f.unique


@pytest.mark.parametrize(
    ("text", "table", "cols"),
    [
        ("users.id", "users", ["id"]),
        ("users(id)", "users", ["id"]),
        ("users", "users", []),
        ("auth.users(id)", "auth.users", ["id"]),
        ("users (a, b)", "users", ["a", "b"]),
    ],
)
def test_reference_forms(text: str, table: str, cols: list[str]) -> None:
    fk = cells.parse_reference(text, ["x"], LOC)
    assert (fk.ref_table, fk.ref_columns) == (table, cols)


def test_reference_deferrable() -> None:
    fk = cells.parse_reference("t.id on delete cascade deferrable initially deferred", ["x"], LOC)
    assert fk.deferrable and fk.initially_deferred and fk.on_delete == "CASCADE"


@pytest.mark.parametrize("bad", ["frobnicate", "check:", "renamed from 1abc", "on update", "fk"])
def test_constraint_cell_errors_say_what_was_expected(bad: str) -> None:
    with pytest.raises(CellError) as exc:
        cells.parse_constraint_cell(bad, "c", LOC)
    assert "expect" in str(exc.value) or "needs" in str(exc.value)


def test_relationship_line() -> None:
    r = cells.parse_relationship(
        "groups: one-to-many Group (back_populates collection, cascade all, delete-orphan, lazy selectin)", LOC
    )
    assert (r.name, r.kind, r.target, r.back_populates, r.cascade, r.lazy) == (
        "groups",
        "one_to_many",
        "Group",
        "collection",
        "all, delete-orphan",
        "selectin",
    )
    m = cells.parse_relationship("artifacts: many-to-many Artifact through collection_artifacts", LOC)
    assert (m.kind, m.through) == ("many_to_many", "collection_artifacts")
    s = cells.parse_relationship(
        "parent: many-to-one Node (remote_side id, foreign_keys parent_id, uselist false)", LOC
    )
    assert (s.remote_side, s.foreign_keys, s.uselist) == (["id"], ["parent_id"], False)


@pytest.mark.parametrize("bad", ["groups one-to-many Group", "g: sideways Group", "g: one-to-many Group (colour red)"])
def test_relationship_errors(bad: str) -> None:
    with pytest.raises(CellError):
        cells.parse_relationship(bad, LOC)


def test_index_lines() -> None:
    a = cells.parse_index("ix_collections_name: (name)", LOC)
    assert (a.name, a.columns, a.method, a.unique, a.where) == ("ix_collections_name", ["name"], None, False, None)
    b = cells.parse_index("ix_tags: gin (tags)", LOC)
    assert (b.method, b.columns) == ("gin", ["tags"])
    c = cells.parse_index("ix_live: unique (owner_id, lower(name)) where archived = false", LOC)
    assert (c.unique, c.columns, c.where) == (True, ["owner_id", "lower(name)"], "archived = false")
    d = cells.parse_index("(a, b)", LOC)
    assert (d.name, d.columns) == (None, ["a", "b"])
    with pytest.raises(CellError):
        cells.parse_index("ix_bad: name", LOC)


def test_constraint_lines() -> None:
    u = cells.parse_constraint("unique uq_owner_name: (owner_id, name)", LOC)
    assert (u.kind, u.name, u.columns) == ("unique", "uq_owner_name", ["owner_id", "name"])
    c = cells.parse_constraint("check ck_len: length(name) <= 255", LOC)
    assert (c.kind, c.name, c.expression) == ("check", "ck_len", "length(name) <= 255")
    p = cells.parse_constraint("primary key: (a, b)", LOC)
    assert (p.kind, p.columns) == ("primary_key", ["a", "b"])
    fk = cells.parse_constraint("foreign key fk_ab: (a, b) references t(x, y) on delete cascade", LOC)
    assert (fk.name, fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) == (
        "fk_ab",
        ["a", "b"],
        "t",
        ["x", "y"],
        "CASCADE",
    )
    with pytest.raises(CellError):
        cells.parse_constraint("unique uq: a, b", LOC)


def test_functional_dependency_and_notes() -> None:
    fd = cells.parse_dependency("zip_code, country -> city", LOC)
    assert (fd.lhs, fd.rhs) == (["zip_code", "country"], ["city"])
    with pytest.raises(CellError):
        cells.parse_dependency("zip_code city", LOC)
    n = cells.parse_note("rename column books.title -> books.name", LOC)
    assert (n.action, n.table, n.column, n.new_name) == ("rename_column", "books", "title", "name")
    d = cells.parse_note("allow drop column authors.legacy_code", LOC)
    assert (d.action, d.table, d.column) == ("allow_drop_column", "authors", "legacy_code")
    t = cells.parse_note("rename table people -> persons", LOC)
    assert (t.action, t.table, t.new_name) == ("rename_table", "people", "persons")
    with pytest.raises(CellError):
        cells.parse_note("please keep the data", LOC)


def test_every_problem_of_a_cell_is_reported_with_did_you_mean_and_the_rest_is_read() -> None:
    with pytest.raises(CellError) as exc:
        cells.parse_constraint_cell("uniq, idnex, not null, check:", "c", LOC)
    message = str(exc.value)
    assert "'check' needs an expression" in message
    assert "cannot read 'uniq' (did you mean 'unique'?), 'idnex' (did you mean 'index'?): expected" in message
    assert exc.value.facts.not_null  # what could be read is kept
    with pytest.raises(CellError, match=r"did you mean 'on delete cascade'\?"):
        cells.parse_reference("users.id on delete cascase", ["c"], LOC)
