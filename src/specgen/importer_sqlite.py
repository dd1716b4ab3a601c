"""A live SQLite database as its DDL: SQLite keeps every CREATE statement as written (`sqlite_master.sql`).

`specgen import` reads these statements with the SQL reader, as it reads a ```sql block.
"""

from __future__ import annotations

from typing import Any

from specgen.importer_pg import NAME, Reflected

_SKIP_TABLES = frozenset({"alembic_version"})


def reflect_sqlite(conn: Any) -> Reflected:
    """Tables first (in name order), then indexes, views and triggers, each in name order."""
    out = Reflected()
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name"
    ).fetchall()
    skipped: set[str] = set()
    for kind, name, table, sql in rows:
        if kind == "table":
            if name in _SKIP_TABLES:
                skipped.add(name)
                continue
            if not NAME.match(name):
                out.warnings.append(
                    f"table '{name}' skipped: its name is not an identifier (letters, digits, underscores)"
                )
                skipped.add(name)
                continue
            out.tables.append(name)
        elif table in skipped:
            continue
        elif kind in ("view", "trigger"):
            out.warnings.append(f"{kind} {name} not imported (SQLite {kind}s are not kept in the design)")
            continue
        out.statements.append(" ".join(str(sql).split()) if kind == "index" else str(sql).strip().rstrip(";"))
    return out
