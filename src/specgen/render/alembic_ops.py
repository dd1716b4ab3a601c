"""The Alembic target's op renderers: one function per op kind (`RENDER`), laid out as `ruff format` would.

Each takes an op and a `Ctx` and returns (batch table or None, code lines). The downgrade is the
reversed ops rendered by the same functions. Python, not Jinja: the layout (one line if it fits, else
one argument a line) needs lengths; templates/alembic/revision.py.j2 only places the bodies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from specgen.design import diff as d
from specgen.design.model import Column, Design, ForeignKey, Index
from specgen.render.satypes import code, server_default_sql, type_spec
from specgen.render.tables import limit_name

WIDTH = 120


_PLAIN_TEXT = re.compile(r'^[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029]*$')


def q(text: str) -> str:
    """A Python string literal as `ruff format` writes it: double quotes, unless single ones escape less."""
    if _PLAIN_TEXT.match(text):
        return f'"{text}"'
    double = json.dumps(text, ensure_ascii=False)
    if text.count('"') > text.count("'"):
        return "'" + double[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    return double


# ------------------------------------------------------------------------------------ code layout


@dataclass
class Call:
    """A call expression laid out the way `ruff format` does: one line if it fits, else one arg a line."""

    func: str
    args: list[Any] = field(default_factory=list)
    explode: bool = False
    kw: str = ""  # `existing_type=` when the call is a keyword argument
    tail: str = ""  # text after the closing parenthesis: `.ddl_if(dialect="postgresql")`

    def lines(self, indent: int, suffix: str = "") -> list[str]:
        pad = " " * indent
        flat = self.flat()
        if not self.explode and len(pad) + len(flat) + len(suffix) <= WIDTH:
            return [pad + flat + suffix]
        out = [f"{pad}{self.kw}{self.func}("]
        for a in self.args:
            if isinstance(a, Call):
                out.extend(a.lines(indent + 4, ","))
            else:
                out.append(f"{pad}    {a},")
        out.append(f"{pad}){self.tail}{suffix}")
        return out

    def flat(self) -> str:
        return (
            f"{self.kw}{self.func}({', '.join(a.flat() if isinstance(a, Call) else a for a in self.args)}){self.tail}"
        )


# ------------------------------------------------------------------------------------ context


class Ctx:
    """What the op renderers need: enum values and dialects of both designs."""

    def __init__(self, new: Design, old: Design | None) -> None:
        self.enums: dict[str, list[str]] = {}
        for design in (old, new):
            if design is not None:
                self.enums.update({e.name: list(e.values) for e in design.database_schema.enums})
        self.dialects = list(new.database_schema.meta.dialects)
        self.sqlite = "sqlite" in self.dialects
        self.imports: set[str] = set()
        self.enum_names = set(self.enums)
        self._types: dict[tuple[object, ...], str] = {}
        self._type_imports: dict[tuple[object, ...], set[str]] = {}
        self.pk: dict[str, list[str]] = {}
        for design in (old, new):
            if design is not None:
                for e in design.database_schema.entities:
                    if e.primary_key:
                        self.pk[e.table_name] = list(e.primary_key.columns)

    def enum_ref(self, name: str) -> str:
        self.imports.add("from sqlalchemy.dialects import postgresql")
        values = ", ".join(q(v) for v in self.enums.get(name, []))
        return f"postgresql.ENUM({values}, name={q(name)}, create_type=False)"

    def type_arg(self, col: Column, table: str, kw: str = "") -> str | Call:
        """The type as an argument: enums as a Call (they can be long), other types as text."""
        if col.database_type == "enum" and col.enum:
            self.imports.add("from sqlalchemy.dialects import postgresql")
            values = [q(v) for v in self.enums.get(col.enum, [])]
            return Call("postgresql.ENUM", [*values, f"name={q(col.enum)}", "create_type=False"], kw=kw)
        return kw + self.type_code(col, table)

    def type_code(self, col: Column, table: str) -> str:
        pk = self.pk.get(table, [])
        auto_pk = (
            col.name in pk
            and len(pk) == 1
            and col.database_type in ("smallint", "integer", "bigint")
            and col.autoincrement is not False
        )
        key = (col.database_type, col.sql_type, col.enum, col.item_type, auto_pk)
        text = self._types.get(key)
        if text is None:
            imports: set[str] = set()
            text = code(type_spec(col, self.enum_names, autoincrement_pk=auto_pk), self.enum_ref, imports)
            self._types[key] = text
            self._type_imports[key] = imports
        self.imports |= self._type_imports[key]
        return text

    def default(self, col: Column) -> str | None:
        text = server_default_sql(col, self.dialects)
        return None if text is None else f"sa.text({q(text)})"

    def column(self, col: Column, table: str) -> Call:
        args: list[Any] = [q(col.name), self.type_arg(col, table)]
        pk = self.pk.get(table, [])
        is_pk = col.name in pk
        if (
            is_pk
            and len(pk) == 1
            and col.database_type in ("smallint", "integer", "bigint")
            and col.autoincrement is False
        ):
            args.append("autoincrement=False")
        args.append(f"nullable={col.nullable and not is_pk}")
        default = self.default(col)
        if default:
            args.append(f"server_default={default}")
        return Call("sa.Column", args)


def _fk_args(table: str, fk: ForeignKey) -> list[str]:
    args = [
        "[" + ", ".join(q(c) for c in fk.columns) + "]",
        "[" + ", ".join(q(f"{fk.ref_table}.{c}") for c in fk.ref_columns) + "]",
        f"name={q(fk_name(table, fk))}",
    ]
    if fk.on_delete:
        args.append(f"ondelete={q(fk.on_delete)}")
    if fk.on_update:
        args.append(f"onupdate={q(fk.on_update)}")
    if fk.deferrable:
        args.append("deferrable=True")
        if fk.initially_deferred:
            args.append('initially="DEFERRED"')
    return args


def fk_name(table: str, fk: ForeignKey) -> str:
    return limit_name(d.fk_name(table, fk))


def _index_call(ix: Index, prefix: str, table: str) -> Call:
    cols = []
    for c in ix.columns:
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", c):
            cols.append(q(c))
        else:
            cols.append(f"sa.text({q(c)})")
    args = [q(ix.index_name), q(table), "[" + ", ".join(cols) + "]", f"unique={ix.unique}"]
    if ix.index_type != "btree":
        args.append(f"postgresql_using={q(ix.index_type)}")
    if ix.condition:
        args.append(f"postgresql_where=sa.text({q(ix.condition)})")
        args.append(f"sqlite_where=sa.text({q(ix.condition)})")
    return Call(f"{prefix}.create_index", args)


# ------------------------------------------------------------------------------------ op renderers
# Each returns (batch table or None, lines at the indent of the function body or of the batch block).

Lines = list[str]


def _create_table(op: d.CreateTable, ctx: Ctx) -> tuple[str | None, Lines]:
    e = op.entity
    args: list[Any] = [q(e.table_name)]
    args += [ctx.column(c, e.table_name) for c in e.columns]
    pk = list(e.primary_key.columns) if e.primary_key else []
    if pk:
        args.append(Call("sa.PrimaryKeyConstraint", [q(c) for c in pk]))
    for fk in op.foreign_keys:
        args.append(Call("sa.ForeignKeyConstraint", _fk_args(e.table_name, fk)))
    for c in d.table_constraints(e):
        args.append(_constraint_call(e.table_name, c, ctx.sqlite))
    return None, Call("op.create_table", args, explode=True).lines(4)


def _constraint_call(table: str, c: Any, sqlite: bool = True) -> Call:
    name = limit_name(d.constraint_name(table, c))
    if c.type == "unique":
        return Call("sa.UniqueConstraint", [*(q(x) for x in c.columns), f"name={q(name)}"])
    tail = '.ddl_if(dialect="postgresql")' if sqlite and pg_only(c.expression or "") else ""
    return Call("sa.CheckConstraint", [q(c.expression or ""), f"name={q(name)}"], tail=tail)


def pg_only(expression: str) -> bool:
    """PostgreSQL-only SQL (the metadata's rule): such checks and indexes are created on PostgreSQL only."""
    from specgen.render.tables import postgresql_only

    return postgresql_only(expression)


def _index_pg_only(ix: Index) -> bool:
    exprs = [c for c in ix.columns if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", c)]
    return pg_only(" ".join([*exprs, ix.condition or ""]))


def _drop_table(op: d.DropTable, ctx: Ctx) -> tuple[str | None, Lines]:
    return None, [f"    op.drop_table({q(op.table)})"]


def _rename_table(op: d.RenameTable, ctx: Ctx) -> tuple[str | None, Lines]:
    return None, [f"    op.rename_table({q(op.table)}, {q(op.new_name)})"]


def _add_column(op: d.AddColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    col = Call("batch_op.add_column", [ctx.column(op.column, op.table)])
    return op.table, col.lines(8)


def _drop_column(op: d.DropColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    return op.table, [f"        batch_op.drop_column({q(op.column.name)})"]


def _rename_column(op: d.RenameColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    return op.table, Call("batch_op.alter_column", [q(op.old), f"new_column_name={q(op.new)}"]).lines(8)


_PG_CAST = {
    "double": "double precision",
    "timestamptz": "timestamp with time zone",
    "timestamp": "timestamp",
    "bytea": "bytea",
}


def _pg_type(col: Column) -> str:
    if col.enum:
        return ident(col.enum)
    if col.database_type == "array":
        return f"{col.item_type or 'text'}[]"
    return _PG_CAST.get(col.database_type, col.sql_type)


def _alter_column(op: d.AlterColumn, ctx: Ctx) -> tuple[str | None, Lines]:
    old, new = op.old, op.new
    args: list[Any] = [q(new.name), ctx.type_arg(old, op.table, "existing_type=")]
    if op.type_changed:
        args.append(ctx.type_arg(new, op.table, "type_="))
        if old.database_type != new.database_type or old.enum != new.enum:
            args.append(f"postgresql_using={q(f'{new.name}::{_pg_type(new)}')}")
    if op.nullable_changed:
        args.append(f"nullable={new.nullable}")
    else:
        args.append(f"existing_nullable={new.nullable}")
    if op.default_changed:
        args.append(f"server_default={ctx.default(new) or 'None'}")
    elif ctx.default(new):
        args.append(f"existing_server_default={ctx.default(new)}")
    lines: Lines = []
    fill = server_default_sql(new, ctx.dialects)
    if op.nullable_changed and not new.nullable and fill is not None:
        # a server default does not reach rows that exist: give them the value before NOT NULL is set
        sql = f"UPDATE {ident(op.table)} SET {ident(new.name)} = {fill} WHERE {ident(new.name)} IS NULL"
        lines += Call("op.execute", [q(sql)]).lines(8)
    return op.table, lines + Call("batch_op.alter_column", args).lines(8)


def _create_index(op: d.CreateIndex, ctx: Ctx) -> tuple[str | None, Lines]:
    if ctx.sqlite and _index_pg_only(op.index):
        return None, _pg(_index_call(op.index, "op", op.table).lines(8))
    return None, _index_call(op.index, "op", op.table).lines(4)


def _drop_index(op: d.DropIndex, ctx: Ctx) -> tuple[str | None, Lines]:
    call = Call("op.drop_index", [q(op.index.index_name), f"table_name={q(op.table)}"])
    if ctx.sqlite and _index_pg_only(op.index):
        return None, _pg(call.lines(8))
    return None, call.lines(4)


def _create_constraint(op: d.CreateConstraint, ctx: Ctx) -> tuple[str | None, Lines]:
    c = op.constraint
    name = limit_name(op.name)
    if c.type == "check" and ctx.sqlite and pg_only(c.expression or ""):
        return None, _pg(Call("op.create_check_constraint", [q(name), q(op.table), q(c.expression or "")]).lines(8))
    if c.type == "unique":
        call = Call("batch_op.create_unique_constraint", [q(name), "[" + ", ".join(q(x) for x in c.columns) + "]"])
    else:
        call = Call("batch_op.create_check_constraint", [q(name), q(c.expression or "")])
    return op.table, call.lines(8)


def _drop_constraint(op: d.DropConstraint, ctx: Ctx) -> tuple[str | None, Lines]:
    kind = "unique" if op.constraint.type == "unique" else "check"
    if kind == "check" and ctx.sqlite and pg_only(op.constraint.expression or ""):
        return None, _pg(Call("op.drop_constraint", [q(limit_name(op.name)), q(op.table), 'type_="check"']).lines(8))
    return op.table, [f"        batch_op.drop_constraint({q(limit_name(op.name))}, type_={q(kind)})"]


def _create_fk(op: d.CreateForeignKey, ctx: Ctx) -> tuple[str | None, Lines]:
    fk = op.fk
    args = [
        q(fk_name(op.table, fk)),
        q(fk.ref_table),
        "[" + ", ".join(q(c) for c in fk.columns) + "]",
        "[" + ", ".join(q(c) for c in fk.ref_columns) + "]",
    ]
    args += _fk_args(op.table, fk)[3:]
    return op.table, Call("batch_op.create_foreign_key", args).lines(8)


def _drop_fk(op: d.DropForeignKey, ctx: Ctx) -> tuple[str | None, Lines]:
    return op.table, [f'        batch_op.drop_constraint({q(fk_name(op.table, op.fk))}, type_="foreignkey")']


def _sql_list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def ident(name: str) -> str:
    """A PostgreSQL identifier quoted where needed, as SQLAlchemy quotes it (mixed case, reserved words)."""
    from sqlalchemy.dialects import postgresql

    return postgresql.dialect().identifier_preparer.quote(name)


def _pg(lines: Lines) -> Lines:
    """Lines (rendered at indent 8) that run on PostgreSQL only."""
    return ['    if op.get_context().dialect.name == "postgresql":', *lines]


def _execute(sql: str, indent: int = 8) -> Lines:
    return Call("op.execute", [q(sql)]).lines(indent)


def _create_enum(op: d.CreateEnum, ctx: Ctx) -> tuple[str | None, Lines]:
    return None, _pg(_execute(f"CREATE TYPE {ident(op.table)} AS ENUM ({_sql_list(op.values)})"))


def _drop_enum(op: d.DropEnum, ctx: Ctx) -> tuple[str | None, Lines]:
    return None, _pg(_execute(f"DROP TYPE IF EXISTS {ident(op.table)}"))


def _alter_enum(op: d.AlterEnum, ctx: Ctx) -> tuple[str | None, Lines]:
    name, old = ident(op.table), ident(op.table + "_old")
    if op.only_added:
        added = op.new_values[len(op.old_values) :]
        return None, _pg(
            [x for v in added for x in _execute(f"ALTER TYPE {name} ADD VALUE IF NOT EXISTS {_sql_list([v])}")]
        )
    lines = [
        *_execute(f"ALTER TYPE {name} RENAME TO {old}"),
        *_execute(f"CREATE TYPE {name} AS ENUM ({_sql_list(op.new_values)})"),
    ]
    for table, column, default in op.columns:
        alter = f"ALTER TABLE {ident(table)} ALTER COLUMN {ident(column)}"
        if default is not None:
            lines += _execute(f"{alter} DROP DEFAULT")
        lines += _execute(f"{alter} TYPE {name} USING {ident(column)}::text::{name}")
        if default is not None:
            lines += _execute(f"{alter} SET DEFAULT {default}")
    lines += _execute(f"DROP TYPE {old}")
    return None, _pg(lines)


RENDER: dict[type[d.Op], Callable[[Any, Ctx], tuple[str | None, Lines]]] = {
    d.CreateTable: _create_table,
    d.DropTable: _drop_table,
    d.RenameTable: _rename_table,
    d.AddColumn: _add_column,
    d.DropColumn: _drop_column,
    d.RenameColumn: _rename_column,
    d.AlterColumn: _alter_column,
    d.CreateIndex: _create_index,
    d.DropIndex: _drop_index,
    d.CreateConstraint: _create_constraint,
    d.DropConstraint: _drop_constraint,
    d.CreateForeignKey: _create_fk,
    d.DropForeignKey: _drop_fk,
    d.CreateEnum: _create_enum,
    d.DropEnum: _drop_enum,
    d.AlterEnum: _alter_enum,
}
RENDER.update(__import__("specgen.render.alembic_pgops", fromlist=["PG_RENDER"]).PG_RENDER)


def render_ops(ops: list[d.Op], ctx: Ctx) -> Lines:
    """The body of upgrade() or downgrade(): consecutive ops on one table share a batch_alter_table block."""
    out: Lines = []
    batch: str | None = None
    for op in ops:
        table, lines = RENDER[type(op)](op, ctx)
        if table is not None and table != batch:
            out.append(f"    with op.batch_alter_table({q(table)}) as batch_op:")
        batch = table
        out.extend(lines)
    return out or ["    pass"]
