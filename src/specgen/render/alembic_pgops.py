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


def _sql(text: str) -> str:
    """SQL for op.execute, which reads a string as sa.text(): a lone `:` would be a bind parameter."""
    import re

    return re.sub(r"(?<![:\\]):(?!:)", r"\\:", text.strip().rstrip(";").strip())


def _under(search_path: str | None, lines: list[str]) -> list[str]:
    """Statements run under the search path the spec wrote them under (their unqualified names are in its first
    schema), then the connection's own path again (alembic_version is found unqualified)."""
    if not search_path:
        return lines
    a = _ops()
    return a._execute(f"SET search_path TO {search_path}") + lines + a._execute("RESET search_path")


def _create_view(op: p.CreateView, ctx: Any) -> tuple[str | None, list[str]]:
    a = _ops()
    lines = a._execute(_sql(op.definition))
    for ix in op.indexes:
        lines += a._execute(_sql(ix))
    return None, a._pg(_under(op.search_path, lines))


def _drop_view(op: p.DropView, ctx: Any) -> tuple[str | None, list[str]]:
    a = _ops()
    kind = "MATERIALIZED VIEW" if op.materialized else "VIEW"
    return None, a._pg(_under(op.search_path, a._execute(f"DROP {kind} IF EXISTS {a.ident(op.table)}")))


def _create_sql_object(op: p.CreateSqlObject, ctx: Any) -> tuple[str | None, list[str]]:
    a = _ops()
    lines: list[str] = []
    if op.what in ("function", "procedure"):
        lines += a._execute("SET check_function_bodies = false")  # as pg_dump does: bodies may name later tables
    return None, a._pg(lines + _under(op.search_path, a._execute(_sql(op.definition))))


def _drop_sql_object(op: p.DropSqlObject, ctx: Any) -> tuple[str | None, list[str]]:
    a = _ops()
    if not op.drop:
        return None, [f"    pass  # {op.what} {op.table}: no DROP statement is derived for it"]
    return None, a._pg(_under(op.search_path, a._execute(op.drop)))


PG_RENDER: dict[type, Callable[[Any, Any], tuple[str | None, list[str]]]] = {
    p.CreateExtension: _create_extension,
    p.DropExtension: _drop_extension,
    p.CreateView: _create_view,
    p.DropView: _drop_view,
    p.CreateSqlObject: _create_sql_object,
    p.DropSqlObject: _drop_sql_object,
}
