"""Tables without a primary key (partitions, logs, link tables a spec gives no key): SQLAlchemy declarative
classes need a key, so these become `sa.Table(...)` objects on SQLModel.metadata, as sqlacodegen does.
`create_all` then still creates every table of the design; relationships skip them."""

from __future__ import annotations

from dataclasses import dataclass

from specgen.render import satypes
from specgen.render.pgcolumn import column_args, column_kwargs, table_kwargs
from specgen.render.pycode import Call, Expr, fmt, is_identifier, py_str
from specgen.render.sqlmodel_columns import add_import, fk_code, generator, inline_fk, literal, table_items
from specgen.render.sqlmodel_context import Module
from specgen.render.tables import ColumnPlan, TablePlan
from specgen.vocab.naming import snake_case
from specgen.vocab.reserved import MODULE_NAMES


@dataclass
class TableCtx:
    template = "sqlmodel/table.py.j2"
    name: str
    lines: list[str]


def table_var(mod: Module, plan: TablePlan) -> str:
    name = snake_case(plan.entity.name) + "_table"
    if not is_identifier(name) or name in MODULE_NAMES or name in mod.classes:
        name = "table_" + str(abs(hash(plan.name)) % 10**8)  # unreachable for checked entity names
    return name


def _column(mod: Module, cp: ColumnPlan, indexed: set[str]) -> Call:
    col = cp.column
    imports: set[str] = set()
    args: list[Expr] = [py_str(col.name), satypes.code(cp.type, mod.enum_var, imports)]
    for line in imports:
        add_import(mod, line)
    kw: list[tuple[str, Expr]] = []
    if cp.fk is not None and inline_fk(cp):
        args.append(Call("sa.ForeignKey", [py_str(cp.fk.targets[0])], fk_code(cp.fk, named=False)))
    args += column_args(col)
    kw += column_kwargs(col)
    if not col.nullable:
        kw.append(("nullable", "False"))
    if cp.unique:
        kw.append(("unique", "True"))
    if col.name in indexed:
        kw.append(("index", "True"))
    default = None
    if col.default_kind == "generator":
        default = generator(mod, cp, col.default)
    elif col.default_kind == "literal" and col.default is not None:
        default = literal(mod, cp)
    if default is not None:
        kw.append(("default", default))
    if cp.server_default is not None:
        kw.append(("server_default", Call("sa.text", [py_str(cp.server_default)])))
    if col.onupdate == "now" and col.database_type in ("timestamp", "timestamptz"):
        helper = "_utcnow" if col.database_type == "timestamptz" else "_utcnow_naive"
        mod.helpers.add(helper)
        mod.std.add("from datetime import UTC, datetime")
        kw.append(("onupdate", helper))
    if col.description:
        kw.append(("doc", py_str(col.description)))
    return Call("sa.Column", args, kw)


def core_table(mod: Module, plan: TablePlan) -> TableCtx:
    """`<entity>_table = sa.Table("name", SQLModel.metadata, sa.Column(...), …, constraints, indexes)`."""
    mod.third.add("import sqlalchemy as sa")
    indexed = {ix.elements[0][1] for ix in plan.indexes if ix.simple}
    items: list[Expr] = [py_str(plan.name), "SQLModel.metadata"]
    items += [_column(mod, cp, indexed) for cp in plan.columns]
    items += table_items(mod, plan)
    items += [f"{k}={v}" for k, v in table_kwargs(plan.entity)]
    return TableCtx(plan.entity.name, fmt(Call("sa.Table", items), 0, f"{table_var(mod, plan)} = ", explode=True))
