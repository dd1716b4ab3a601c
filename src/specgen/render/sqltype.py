"""SQLType: a SQLAlchemy type that emits its DDL text as written (a passthrough for types SQLAlchemy lacks).

The generated models and revisions define the same class themselves (templates/sqlmodel/helpers/_sql_type.py.j2,
templates/alembic/sql_type.py.j2), so that they need no specgen at run time; this one serves
design_to_metadata (Alembic's env.py and `specgen verify`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


class SQLType(sa.types.UserDefinedType[Any]):
    """A column type known by its SQL text only (`xml`, `point`, `ltree`, a composite type)."""

    cache_ok = True

    def __init__(self, ddl: str) -> None:
        self.ddl = ddl

    def get_col_spec(self, **kw: Any) -> str:
        return self.ddl
