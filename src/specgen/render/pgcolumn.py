"""PostgreSQL column and table options every target writes the same way: identity columns (`sa.Identity`),
stored generated columns (`sa.Computed`), comments, partition keys and INHERITS (`postgresql_partition_by`,
`postgresql_inherits`).

`column_args` / `table_kwargs` give the Python source for the generated models and revisions; `column_objects` /
`table_options` the live objects for design_to_metadata. Decided here once, so that models, revisions and the
metadata Alembic compares with cannot disagree.
"""

from __future__ import annotations

from typing import Any

from specgen.design.model import Column, Entity
from specgen.render.pycode import py_str


def column_args(col: Column) -> list[str]:
    """Positional `sa.Column` arguments: `sa.Identity(…)`, `sa.Computed(…, persisted=True)`."""
    out: list[str] = []
    if col.identity:
        out.append(f"sa.Identity(always={col.identity == 'always'})")
    if col.generated:
        out.append(f"sa.Computed({py_str(col.generated)}, persisted=True)")
    return out


def column_objects(col: Column) -> list[Any]:
    import sqlalchemy as sa

    out: list[Any] = []
    if col.identity:
        out.append(sa.Identity(always=col.identity == "always"))
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
    return kw


def table_kwargs(e: Entity) -> list[tuple[str, str]]:
    """`table_options` as (keyword, Python source) pairs."""
    out = []
    for k, v in table_options(e).items():
        out.append((k, py_str(v) if isinstance(v, str) else "(" + ", ".join(py_str(x) for x in v) + ",)"))
    return out


def schemas(entities: list[Entity] | Any) -> dict[str, str]:
    """table name -> its schema, for the tables a spec puts in a schema other than public."""
    return {e.table_name: e.schema_name for e in entities if e.schema_name}


def ref_table(table: str, in_schema: dict[str, str]) -> str:
    """The table an FK names in a target (`schema.table` when the table lives in another schema)."""
    return f"{in_schema[table]}.{table}" if table in in_schema else table
