"""diff(old, new) -> ops: what changed, in execution order, each op with reverse()."""

from __future__ import annotations

from pathlib import Path

import pytest

from specgen.config import Settings
from specgen.design import diff as d
from specgen.design.model import Column, Design
from specgen.pipeline import design_specs


def design_of(tmp_path: Path, text: str, name: str = "spec.md") -> Design:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = design_specs([path], Settings())
    assert not result.errors, [x.format() for x in result.errors]
    return result.design


def table(name: str, rows: str, extra: str = "") -> str:
    return (
        f"## Entity: {name.title().rstrip('s')}\ntable: {name}\n{extra}\n"
        "| Column | Type | Nullable | Default | Constraints |\n|---|---|---|---|---|\n" + rows + "\n"
    )


AUTHORS = table(
    "authors", "| id | integer | no | | pk |\n| name | varchar(100) | no | | |\n| code | varchar(10) | yes | | |\n"
)
BOOKS = table(
    "books",
    "| id | integer | no | | pk |\n| title | varchar(50) | no | | |\n"
    "| author_id | integer | no | | fk authors.id on delete cascade, index |\n",
)


def kinds(ops: list[d.Op]) -> list[str]:
    return [op.describe() for op in ops]


def test_new_schema_in_dependency_order(tmp_path: Path) -> None:
    new = design_of(tmp_path, "# s\n" + BOOKS + AUTHORS)  # the child is written first
    ops = d.diff(None, new)
    assert kinds(ops) == ["create table authors", "create table books", "create index ix_books_author_id on books"]
    create_books = ops[1]
    assert isinstance(create_books, d.CreateTable) and [fk.ref_table for fk in create_books.foreign_keys] == ["authors"]


def test_same_design_no_ops(tmp_path: Path) -> None:
    a = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS)
    assert d.diff(a, a) == []


def test_fk_cycle_is_broken_with_a_separate_foreign_key(tmp_path: Path) -> None:
    text = (
        "# s\n"
        + table("teams", "| id | integer | no | | pk |\n| captain_id | integer | yes | | fk players.id |\n")
        + table("players", "| id | integer | no | | pk |\n| team_id | integer | yes | | fk teams.id |\n")
    )
    ops = d.diff(None, design_of(tmp_path, text))
    creates = [op for op in ops if isinstance(op, d.CreateTable)]
    later = [op for op in ops if isinstance(op, d.CreateForeignKey)]
    assert len(creates) == 2 and len(later) == 1
    assert ops.index(later[0]) > max(ops.index(c) for c in creates)
    down = d.reverse_ops(ops)
    assert isinstance(down[0], d.DropIndex | d.DropForeignKey)
    drop_fk = next(i for i, op in enumerate(down) if isinstance(op, d.DropForeignKey))
    assert drop_fk < min(i for i, op in enumerate(down) if isinstance(op, d.DropTable))


def test_declared_column_rename(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS, "a.md")
    noted = design_of(
        tmp_path,
        "# s\n"
        + AUTHORS
        + BOOKS.replace("| title |", "| name |")
        + "## Migration notes\n- rename column books.title -> books.name\n",
        "b.md",
    )
    ops = d.diff(old, noted)
    assert kinds(ops) == ["rename column books.title -> name"]
    cell = design_of(
        tmp_path,
        "# s\n"
        + AUTHORS
        + BOOKS.replace("| title | varchar(50) | no | | |", "| name | varchar(50) | no | | renamed from title |"),
        "c.md",
    )
    assert kinds(d.diff(old, cell)) == ["rename column books.title -> name"]


def test_undeclared_rename_is_drop_and_add(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS, "a.md")
    new = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS.replace("| title |", "| name |"), "b.md")
    assert kinds(d.diff(old, new)) == ["add column books.name", "drop column books.title"]


def test_table_rename(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS, "a.md")
    new = design_of(
        tmp_path,
        "# s\n" + table("writers", AUTHORS.split("|---|---|---|---|---|\n")[1], "renamed from: authors"),
        "b.md",
    )
    assert kinds(d.diff(old, new)) == ["rename table authors -> writers"]


def test_alter_column_and_order(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS, "a.md")
    new = design_of(
        tmp_path,
        "# s\n"
        + AUTHORS.replace("varchar(100)", "varchar(200)").replace(
            "| code | varchar(10) | yes | | |", "| code | varchar(10) | no | 'x' | |"
        )
        + "\n| born | date | yes | | |\n",
        "b.md",
    )
    ops = d.diff(old, new)
    alters = [op for op in ops if isinstance(op, d.AlterColumn)]
    assert {op.new.name for op in alters} == {"name", "code"}
    name = next(op for op in alters if op.new.name == "name")
    assert name.type_changed and not name.narrowing and not name.loses_data
    code = next(op for op in alters if op.new.name == "code")
    assert code.nullable_changed and code.default_changed and not code.type_changed


def _col(sql_type: str, family: str, **kw: object) -> Column:
    return Column(
        name="c", python_name="c", database_type=family, sql_type=sql_type, python_type="x", nullable=True, **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "widening"),
    [
        (_col("varchar(10)", "varchar", length=10), _col("varchar(20)", "varchar", length=20), True),
        (_col("varchar(20)", "varchar", length=20), _col("varchar(10)", "varchar", length=10), False),
        (_col("varchar(20)", "varchar", length=20), _col("text", "text"), True),
        (_col("text", "text"), _col("varchar(20)", "varchar", length=20), False),
        (_col("integer", "integer"), _col("bigint", "bigint"), True),
        (_col("bigint", "bigint"), _col("integer", "integer"), False),
        (
            _col("numeric(8,2)", "numeric", precision=8, scale=2),
            _col("numeric(12,2)", "numeric", precision=12, scale=2),
            True,
        ),
        (
            _col("numeric(8,2)", "numeric", precision=8, scale=2),
            _col("numeric(8,4)", "numeric", precision=8, scale=4),
            False,
        ),
        (_col("integer", "integer"), _col("varchar(20)", "varchar", length=20), False),
        (_col("timestamp", "timestamp"), _col("timestamptz", "timestamptz"), True),
        (_col("real", "real"), _col("double", "double"), True),
    ],
)
def test_widening(old: Column, new: Column, widening: bool) -> None:
    assert d.is_widening(old, new) is widening


def test_enum_values(tmp_path: Path) -> None:
    base = "# s\n" + table("books", "| id | integer | no | | pk |\n| status | enum(draft, live) | no | draft | |\n")
    old = design_of(tmp_path, base, "a.md")
    added = design_of(tmp_path, base.replace("enum(draft, live)", "enum(draft, live, gone)"), "b.md")
    ops = d.diff(old, added)
    assert len(ops) == 1 and isinstance(ops[0], d.AlterEnum) and ops[0].only_added and not ops[0].loses_data
    back = ops[0].reverse()
    assert isinstance(back, d.AlterEnum) and back.removed == ["gone"] and back.loses_data
    assert ops[0].columns == (("books", "status", "'draft'"),)


def test_every_op_reverses_to_itself(tmp_path: Path) -> None:
    old = design_of(tmp_path, "# s\n" + AUTHORS + BOOKS, "a.md")
    new = design_of(
        tmp_path,
        "# s\n"
        + AUTHORS.replace("varchar(100)", "varchar(200)").replace(
            "| code | varchar(10) | yes | | |\n", "| born | date | yes | | unique |\n"
        )
        + "### Indexes\n- ix_authors_name: (name)\n",
        "b.md",
    )
    ops = d.diff(old, new) + d.diff(None, new)
    seen = set()
    for op in ops:
        seen.add(type(op))
        assert op.reverse().reverse() == op
    assert {
        d.AddColumn,
        d.DropColumn,
        d.AlterColumn,
        d.CreateIndex,
        d.CreateConstraint,
        d.DropTable,
        d.CreateTable,
    } <= seen
