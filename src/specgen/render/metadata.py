"""design_to_metadata(design) -> sqlalchemy.MetaData: the design as live SQLAlchemy tables.

The rendered SQLModel classes and this metadata come from the same plan (render/tables.py) and the
same type mapping (render/satypes.py), so `create_all` on either gives the same schema. Alembic's
env.py (target_metadata), `specgen verify` and the SQL target read this.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from specgen.design.model import Design
from specgen.design.naming import NAMING_CONVENTION
from specgen.render.pgcolumn import column_objects, table_options
from specgen.render.satypes import build
from specgen.render.tables import ColumnPlan, IndexPlan, TablePlan, plan_tables


def design_to_metadata(design: Design, dialect: str | None = None) -> sa.MetaData:
    """Build a MetaData with every table, constraint, index and named enum of the design.

    `dialect` adds a dialect the design does not list, so that server defaults stay runnable there."""
    md = sa.MetaData(naming_convention=NAMING_CONVENTION)  # names what the plan leaves to the convention
    enum_types: dict[str, sa.Enum] = {}
    values = {e.name: list(e.values) for e in design.database_schema.enums}
    schemas = {e.name: e.schema_name for e in design.database_schema.enums}

    def enum_type(name: str) -> sa.Enum:
        if name not in enum_types:
            enum_types[name] = sa.Enum(*values.get(name, []), name=name, schema=schemas.get(name), metadata=md)
        return enum_types[name]

    for plan in plan_tables(design, dialect):
        _table(md, plan, enum_type)
    return md


def _column(cp: ColumnPlan, enum_type: Any) -> sa.Column[Any]:
    col = cp.column
    args: list[Any] = []
    if cp.fk is not None:
        fk_kw: dict[str, Any] = dict(cp.fk.keywords())
        args.append(sa.ForeignKey(cp.fk.targets[0], **fk_kw))
    kw: dict[str, Any] = {
        "primary_key": cp.primary_key,
        "nullable": col.nullable and not cp.primary_key,
    }
    if cp.autoincrement is not None:
        kw["autoincrement"] = cp.autoincrement
    if cp.unique:
        kw["unique"] = True
    if cp.server_default is not None:
        kw["server_default"] = sa.text(cp.server_default)
    if col.onupdate == "now":
        kw["onupdate"] = sa.func.now()
    if col.description:
        kw["doc"] = col.description
    if col.comment is not None:
        kw["comment"] = col.comment
    args += column_objects(col)
    return sa.Column(col.name, build(cp.type, enum_type), *args, **kw)


def _table(md: sa.MetaData, plan: TablePlan, enum_type: Any) -> sa.Table:
    items: list[Any] = [_column(cp, enum_type) for cp in plan.columns]
    in_column_order = [cp.column.name for cp in plan.columns if cp.primary_key]
    if len(plan.primary_key) > 1 and plan.primary_key != in_column_order:
        items.append(sa.PrimaryKeyConstraint(*plan.primary_key))  # key order differs from column order
    for fk in plan.foreign_keys:
        fk_kw: dict[str, Any] = dict(fk.keywords())
        items.append(sa.ForeignKeyConstraint(fk.fk.columns, fk.targets, **fk_kw))
    for name, columns in plan.uniques:
        k = plan.deferrable.get(name)
        defer: dict[str, Any] = (
            {"deferrable": True, "initially": "DEFERRED" if k.initially_deferred else None} if k else {}
        )
        items.append(sa.UniqueConstraint(*columns, name=name, **defer))
    for name, c in plan.excludes:
        from sqlalchemy.dialects import postgresql

        names = {col.column.name for col in plan.columns}
        elements = [(e if e in names else sa.text(e), o) for e, o in zip(c.columns, c.operators or [], strict=True)]
        ex_kw: dict[str, Any] = {"name": name, "using": c.index_type or "gist"}
        if c.condition:
            ex_kw["where"] = sa.text(c.condition)
        if c.deferrable:
            ex_kw.update(deferrable=True, initially="DEFERRED" if c.initially_deferred else None)
        items.append(postgresql.ExcludeConstraint(*elements, **ex_kw).ddl_if(dialect="postgresql"))
    for ck in plan.checks:
        check = sa.CheckConstraint(ck.text, name=ck.name)
        items.append(check.ddl_if(dialect=ck.only) if ck.only else check)
    for ix in plan.indexes:
        kw: dict[str, Any] = {"unique": ix.index.unique}
        if ix.using:
            kw["postgresql_using"] = ix.using
        if ix.where:
            kw["postgresql_where"] = sa.text(ix.where)
            kw["sqlite_where"] = sa.text(ix.where)
        kw.update(ix.options)
        index = sa.Index(ix.index.index_name, *[_element(ix, is_expr, t) for is_expr, t in ix.elements], **kw)
        items.append(index.ddl_if(dialect=ix.only) if ix.only else index)
    return sa.Table(plan.name, md, *items, **table_options(plan.entity))


def _element(ix: IndexPlan, is_expr: bool, text: str) -> Any:
    """An index element as models write it (render/index_parts.py): text, a column, or a column in order."""
    if is_expr:
        return sa.text(text)
    order = ix.orders.get(text)
    if order is None:
        return text
    col: Any = sa.column(text)
    col = col.desc() if order.startswith("desc") else col
    if "nulls" in order:
        col = col.nulls_first() if order.endswith("first") else col.nulls_last()
    return col
