"""Alembic renderers of the PostgreSQL object ops (design/pgops.py); render/alembic_ops.py registers them.

These objects exist on PostgreSQL only: every statement runs under `if dialect == "postgresql"`, so a design
that also targets SQLite still migrates there (without them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specgen.design import pgops as p


def _ops() -> Any:
    from specgen.render import alembic_ops

    return alembic_ops


def _create_extension(op: p.CreateExtension, ctx: Any) -> tuple[str | None, list[str]]:
    a = _ops()
    schema = f" SCHEMA {a.ident(op.in_schema)}" if op.in_schema else ""
    return None, a._pg(a._execute(f"CREATE EXTENSION IF NOT EXISTS {a.ident(op.table)}{schema}"))


def _drop_extension(op: p.DropExtension, ctx: Any) -> tuple[str | None, list[str]]:
    a = _ops()
    return None, a._pg(a._execute(f"DROP EXTENSION IF EXISTS {a.ident(op.table)}"))


PG_RENDER: dict[type, Callable[[Any, Any], tuple[str | None, list[str]]]] = {
    p.CreateExtension: _create_extension,
    p.DropExtension: _drop_extension,
}
