"""PostgreSQL column and table options every target writes the same way: identity columns (`sa.Identity`),
stored generated columns (`sa.Computed`), comments, partition keys and INHERITS (`postgresql_partition_by`,
`postgresql_inherits`).

`column_args` / `table_kwargs` give the Python source for the generated models and revisions; `column_objects` /
`table_options` the live objects for design_to_metadata. Decided here once, so that models, revisions and the
metadata Alembic compares with cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from specgen.design.graph import near_schema
from specgen.design.model import Column, Entity
from specgen.render.pycode import py_str


def column_args(col: Column) -> list[str]:
    """Positional `sa.Column` arguments: `sa.Identity(…)`, `sa.Computed(…, persisted=True)`."""
    out: list[str] = []
    if col.identity:
        options = "".join(f", {k}={v}" for k, v in (col.identity_options or {}).items())
        out.append(f"sa.Identity(always={col.identity == 'always'}{options})")
    if col.generated:
        out.append(f"sa.Computed({py_str(col.generated)}, persisted=True)")
    return out


def column_kwargs(col: Column) -> list[tuple[str, str]]:
    """`sa.Column` keywords every target writes: the database comment."""
    return [("comment", py_str(col.comment))] if col.comment is not None else []


def column_objects(col: Column) -> list[Any]:
    import sqlalchemy as sa

    out: list[Any] = []
    if col.identity:
        o = col.identity_options or {}
        cycle = bool(o["cycle"]) if "cycle" in o else None
        out.append(
            sa.Identity(
                always=col.identity == "always",
                start=o.get("start"),
                increment=o.get("increment"),
                minvalue=o.get("minvalue"),
                maxvalue=o.get("maxvalue"),
                cycle=cycle,
            )
        )
    if col.generated:
        out.append(sa.Computed(col.generated, persisted=True))
    return out


def table_options(e: Entity) -> dict[str, Any]:
    """Table keyword arguments (values as Python values): PostgreSQL partitioning and inheritance, the comment."""
    kw: dict[str, Any] = {}
    if e.schema_name:
        kw["schema"] = e.schema_name
    if e.partition_by:
        kw["postgresql_partition_by"] = e.partition_by
    if e.inherits:
        kw["postgresql_inherits"] = e.inherits[0] if len(e.inherits) == 1 else tuple(e.inherits)
    if e.comment is not None:
        kw["comment"] = e.comment
    return kw


def table_kwargs(e: Entity) -> list[tuple[str, str]]:
    """`table_options` as (keyword, Python source) pairs."""
    out = []
    for k, v in table_options(e).items():
        out.append((k, py_str(v) if isinstance(v, str) else "(" + ", ".join(py_str(x) for x in v) + ",)"))
    return out


class Schemas(dict[str, str]):
    """table name -> its schema, for the tables a spec puts in a schema other than public. A name several
    schemas hold (`v1.parents`, `v2.parents`) is found near the table that names it (`near`): in that table's
    own schema when it holds one, else in public, else in the first schema the specs name."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        super().__init__()
        self.holders: dict[str, list[str | None]] = {}
        for e in entities:
            held = self.holders.setdefault(e.table_name, [])
            if e.schema_name not in held:
                held.append(e.schema_name)
            if e.schema_name:
                self.setdefault(e.table_name, e.schema_name)

    def near(self, table: str, own: str | None) -> str | None:
        held = self.holders.get(table, [])
        return near_schema(held, own) if held else self.get(table)


def schemas(entities: Iterable[Entity]) -> Schemas:
    return Schemas(entities)


def ref_table(table: str, in_schema: dict[str, str], own: str | None = None) -> str:
    """The table an FK names in a target (`schema.table` when the table lives in another schema); `own`: the
    schema of the table that names it."""
    schema = in_schema.near(table, own) if isinstance(in_schema, Schemas) else in_schema.get(table)
    return f"{schema}.{table}" if schema else table
