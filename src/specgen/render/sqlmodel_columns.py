"""Columns and table items of the sqlmodel target: `Field(...)` lines with their types and defaults, and the
named constraints and indexes that go into `__table_args__` (or into a keyless `sa.Table`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from specgen.render import satypes
from specgen.render.index_parts import deferrable_code, exclude_code, option_code, ordered_column_code
from specgen.render.pgcolumn import column_args, column_kwargs
from specgen.render.pgsatypes import SQLTYPE_MARK
from specgen.render.pycode import Call, Dict, Expr, fmt, py_str
from specgen.render.tables import ColumnPlan, ForeignKeyPlan, TablePlan

if TYPE_CHECKING:
    from specgen.render.sqlmodel_context import Module

INLINE_ONDELETE = {"CASCADE", "SET NULL", "RESTRICT"}  # what Field(ondelete=...) accepts
_STR = {"varchar", "char", "text", "tsvector", "inet"}
_INT = {"smallint", "integer", "bigint"}


def literal(mod: Module, cp: ColumnPlan) -> str | None:
    """The Python default of a column as source text, or None when only the database knows it."""
    col = cp.column
    value, family = col.default, col.database_type
    if family == "enum":
        ectx = mod.enums.get(col.enum or "")
        for member, lit in ectx.members if ectx else []:
            if lit == py_str(str(value)):
                return f"{ectx.class_name}.{member}"  # type: ignore[union-attr]
        return None
    if isinstance(value, bool):
        return repr(value) if family == "boolean" else None
    if family in _STR and isinstance(value, str | int | float):
        return py_str(str(value))
    if family in _INT and isinstance(value, int):
        return repr(value)
    if family in ("real", "double") and isinstance(value, int | float) and float(value) == float(value):
        if abs(float(value)) != float("inf"):
            return repr(float(value))
    if family == "numeric" and isinstance(value, int | float | str):
        mod.std.add("from decimal import Decimal")
        return f"Decimal({py_str(str(value))})"
    return None


def generator(mod: Module, cp: ColumnPlan, value: Any) -> str | None:
    family = cp.column.database_type
    if value == "uuid4" and family == "uuid":
        mod.std.add("from uuid import uuid4")  # the function, not the module (render/satypes.py: UUID)
        return "uuid4"
    if value == "now" and family in ("timestamp", "timestamptz"):
        name = "_utcnow" if family == "timestamptz" else "_utcnow_naive"
        mod.helpers.add(name)
        mod.std.add("from datetime import UTC, datetime")
        return name
    if value in ("today", "now") and family == "date":
        mod.std.add("from datetime import date")
        return "date.today"
    if isinstance(value, list) and family in ("json", "jsonb", "array"):
        return "list"
    if isinstance(value, dict) and family in ("json", "jsonb"):
        return "dict"
    return None


def field_lines(mod: Module, plan: TablePlan, cp: ColumnPlan, indexed: set[str]) -> list[str]:
    col = cp.column
    attr = mod.attrs[plan.entity.name][col.name]
    imports: set[str] = set()
    key = (col.database_type, col.enum, col.item_type, isinstance(col.default, list))
    found = mod.py_types.get(key)
    if found is None:  # the imports a type needs are filed once, with the type (the module's sets keep them)
        found = mod.py_types[key] = satypes.python_type(col, mod.enum_class, mod.enum_names)
        mod.std.update(found[1])
    annotation = found[0]
    kw: list[tuple[str, Expr]] = []
    optional = col.nullable and not cp.primary_key
    auto_pk = cp.auto
    default: str | None = None
    factory: str | None = None
    if auto_pk:
        default, optional = "None", True
    elif col.default_kind == "generator":
        factory = generator(mod, cp, col.default)
    elif col.default_kind == "literal" and col.default is not None:
        default = literal(mod, cp)
    if default is None and factory is None:
        if col.nullable and not cp.primary_key:
            default = "None"
        elif cp.server_default is not None:
            default, optional = "None", True  # the database fills it: None until then
    if default is not None:
        kw.append(("default", default))
    if factory is not None:
        kw.append(("default_factory", factory))
    if cp.primary_key:
        kw.append(("primary_key", "True"))
    if inline_fk(cp):
        kw.append(("foreign_key", py_str(cp.fk.targets[0])))  # type: ignore[union-attr]
        kw += fk_code(cp.fk, named=False)  # type: ignore[arg-type]
    if cp.unique:
        kw.append(("unique", "True"))
    if col.name in indexed:
        kw.append(("index", "True"))
    if optional and not col.nullable and not cp.primary_key:
        kw.append(("nullable", "False"))
    tkey = (cp.type, col.database_type)
    tkw = mod.type_kwargs.get(tkey)
    if tkw is None:  # as above: its imports filed once
        timports: set[str] = set()
        tkw = mod.type_kwargs[tkey] = (type_kwargs(mod, cp, timports), timports)
        imports |= timports
    kw += tkw[0]
    sa_kw: list[tuple[str, Expr]] = []
    if attr != col.name:
        sa_kw.append(('"name"', py_str(col.name)))
    if cp.server_default is not None:
        sa_kw.append(('"server_default"', Call("sa.text", [py_str(cp.server_default)])))
        imports.add("import sqlalchemy as sa")
    if col.onupdate == "now" and col.database_type in ("timestamp", "timestamptz"):
        helper = "_utcnow" if col.database_type == "timestamptz" else "_utcnow_naive"
        mod.helpers.add(helper)
        mod.std.add("from datetime import UTC, datetime")
        sa_kw.append(('"onupdate"', helper))
    if cp.autoincrement is False:
        sa_kw.append(('"autoincrement"', "False"))
    sa_kw += [(py_str(k), v) for k, v in column_kwargs(col)]
    if sa_kw:
        kw.append(("sa_column_kwargs", Dict(sa_kw)))
    extras = column_args(col)
    if extras:
        kw.append(("sa_column_args", "[" + ", ".join(extras) + "]"))
        imports.add("import sqlalchemy as sa")
    if col.description:
        kw.append(("description", py_str(col.description)))
    for line in imports:
        add_import(mod, line)
    if optional:
        annotation += " | None"
    prefix = f"    {attr}: {annotation}"
    if not kw:
        return [prefix]
    if kw == [("default", "None")]:
        return [prefix + " = None"]
    return fmt(Call("Field", [], kw), 4, f"{attr}: {annotation} = ")


def add_import(mod: Module, line: str) -> None:
    """File an import line a type needs: third-party (SQLAlchemy, pgvector, GeoAlchemy2) or standard library;
    the passthrough type's marker brings its class definition instead."""
    if line == SQLTYPE_MARK:
        mod.helpers.add("_sql_type")
        mod.third.add("import sqlalchemy as sa")
        mod.std.add("from typing import Any")
    elif any(name in line for name in ("sqlalchemy", "pgvector", "geoalchemy2")):
        mod.third.add(line)
    else:
        mod.std.add(line)


def type_kwargs(mod: Module, cp: ColumnPlan, imports: set[str]) -> list[tuple[str, Expr]]:
    """max_length / max_digits where SQLModel infers the same type from them, else an explicit sa_type."""
    col, spec = cp.column, cp.type
    if not spec.variants:
        if spec.ctor == "String":
            return [("max_length", repr(spec.args[0]))] if spec.args else []
        if spec.ctor == "Numeric" and spec.args:
            return [("max_digits", repr(spec.args[0])), ("decimal_places", repr(spec.args[1]))]
        inferred = {
            "Integer": "integer",
            "Boolean": "boolean",
            "Uuid": "uuid",
            "Date": "date",
            "Time": "time",
            "Interval": "interval",
            "LargeBinary": "bytea",
            "Numeric": "numeric",
        }
        if inferred.get(spec.ctor) == col.database_type and not spec.args and not spec.kwargs:
            return []
    return [("sa_type", satypes.code(spec, mod.enum_var, imports))]


def inline_fk(cp: ColumnPlan) -> bool:
    """The column's FK is written on it (Field(foreign_key=…), sa.ForeignKey): an ON DELETE Field accepts."""
    return cp.fk is not None and (cp.fk.fk.on_delete is None or cp.fk.fk.on_delete in INLINE_ONDELETE)


def fk_code(fk: ForeignKeyPlan, named: bool = True) -> list[tuple[str, Expr]]:
    """The FK's keyword arguments as code; `named=False` on a column, where the naming convention names it."""
    return [(k, py_str(v) if isinstance(v, str) else repr(v)) for k, v in fk.keywords() if named or k != "name"]


def postgresql_only(mod: Module, dialect: str | None, item: Call) -> Call:
    """Wrap a constraint or index whose SQL only PostgreSQL runs, so that SQLite skips it."""
    if dialect is None:
        return item
    assert dialect == "postgresql"
    mod.helpers.add("_on_postgresql")
    mod.std.add("from typing import Any")
    return Call("_on_postgresql", [item])


def table_items(mod: Module, plan: TablePlan) -> list[Expr]:
    """Table-level foreign keys, uniques, checks and indexes (those Field(...) cannot say), named."""
    items: list[Expr] = []
    fks = list(plan.foreign_keys) + [cp.fk for cp in plan.columns if cp.fk is not None and not inline_fk(cp)]
    for fk in fks:
        cols = "[" + ", ".join(py_str(c) for c in fk.fk.columns) + "]"
        refs = "[" + ", ".join(py_str(t) for t in fk.targets) + "]"
        items.append(Call("sa.ForeignKeyConstraint", [cols, refs], fk_code(fk)))
    for name, columns in plan.uniques:
        kw: list[tuple[str, Expr]] = [("name", py_str(name))]
        kw += deferrable_code(plan.deferrable[name]) if name in plan.deferrable else []
        items.append(Call("sa.UniqueConstraint", [py_str(c) for c in columns], kw))
    for name, c in plan.excludes:
        mod.third.add("from sqlalchemy.dialects import postgresql")
        names = {col.column.name for col in plan.columns}
        ex_args, ex_kw = exclude_code(c, name, names.__contains__)
        items.append(postgresql_only(mod, "postgresql", Call("postgresql.ExcludeConstraint", ex_args, ex_kw)))
    for ck in plan.checks:
        check = Call("sa.CheckConstraint", [py_str(ck.text)], [("name", py_str(ck.name))])
        items.append(postgresql_only(mod, ck.only, check))
    for ix in plan.indexes:
        if ix.simple:
            continue
        args: list[Expr] = [py_str(ix.index.index_name)]
        args += [
            Call("sa.text", [py_str(t)])
            if is_expr
            else ordered_column_code(t, ix.orders[t])
            if t in ix.orders
            else py_str(t)
            for is_expr, t in ix.elements
        ]
        kw = [("unique", "True")] if ix.index.unique else []
        if ix.using:
            kw.append(("postgresql_using", py_str(ix.using)))
        if ix.where:
            kw.append(("postgresql_where", Call("sa.text", [py_str(ix.where)])))
            kw.append(("sqlite_where", Call("sa.text", [py_str(ix.where)])))
        kw += [(k, option_code(v)) for k, v in ix.options]
        index = Call("sa.Index", args, kw)
        items.append(postgresql_only(mod, ix.only, index))
    if items:
        mod.third.add("import sqlalchemy as sa")
    return items
