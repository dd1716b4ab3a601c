"""Schema facts of a PostgreSQL database, read from the catalogue, as comparable key -> value pairs.

Used by the corpus test: the same DDL loaded directly and through specgen's CLI path must give the same
facts. Keys name the object (schema-qualified), values carry what PostgreSQL reports about it:

- tables (kind: table, partitioned table, foreign table; UNLOGGED), partition keys and bounds, INHERITS parents;
- columns: type as `format_type` prints it, nullability, identity, generated expression;
- primary keys, foreign keys (columns, target, ON DELETE/UPDATE, DEFERRABLE), uniques, checks, exclusions;
- indexes by definition (method, columns or expressions, operator classes, order, INCLUDE, WHERE), so that
  an unnamed index matches whatever name it gets;
- views and materialized views (kind), enums with their labels, domains, extensions.

Constraint and index *names* are not facts here: a spec may leave them to specgen's naming convention.
"""

from __future__ import annotations

import re
from typing import Any

_SYSTEM = "('pg_catalog', 'information_schema', 'pg_toast')"

_TABLES = f"""
SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence,
       pg_get_partkeydef(c.oid), pg_get_expr(c.relpartbound, c.oid), c.relispartition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND n.nspname NOT IN {_SYSTEM} AND n.nspname NOT LIKE 'pg_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
"""

_COLUMNS = """
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated,
       pg_get_expr(ad.adbin, ad.adrelid)
FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid = ANY(%s)
"""

_CONSTRAINTS = """
SELECT conrelid, contype, pg_get_constraintdef(oid), condeferrable, condeferred
FROM pg_constraint WHERE conrelid = ANY(%s) AND contype IN ('p', 'f', 'u', 'c', 'x')
"""

_INDEXES = """
SELECT i.indrelid, pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = ANY(%s)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
"""

_INHERITS = """
SELECT i.inhrelid, pn.nspname || '.' || p.relname
FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhrelid = ANY(%s) AND c.relkind IN ('r', 'p', 'f')
"""

_ENUMS = f"""
SELECT n.nspname || '.' || t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname NOT IN {_SYSTEM} GROUP BY 1
"""

_DOMAINS = f"""
SELECT n.nspname || '.' || t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
       (SELECT string_agg(pg_get_constraintdef(k.oid), ' AND ' ORDER BY pg_get_constraintdef(k.oid))
        FROM pg_constraint k WHERE k.contypid = t.oid)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND n.nspname NOT IN {_SYSTEM}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
"""

_EXTENSIONS = "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'"

_KIND = {"r": "table", "p": "partitioned table", "f": "foreign table", "v": "view", "m": "materialized view"}
_INDEX_NAME = re.compile(r"^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?")


def _q(schema: str, name: str) -> str:
    return f"{schema}.{name}"


def facts(url: str) -> dict[str, Any]:
    """Every fact of the database at `url` (a SQLAlchemy URL), `alembic_version` left out."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return _facts(conn.connection.dbapi_connection)
    finally:
        engine.dispose()


def _facts(raw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cur = raw.cursor()
    cur.execute(_TABLES)
    names: dict[int, str] = {}
    for oid, schema, name, kind, persistence, partkey, bound, _is_part in cur.fetchall():
        if name == "alembic_version":
            continue
        key = _q(schema, name)
        names[oid] = key
        out[f"{key}:kind"] = _KIND[kind] + (" unlogged" if persistence == "u" else "")
        if partkey:
            out[f"{key}:partition by"] = partkey
        if bound:
            out[f"{key}:partition bound"] = bound
    oids = list(names)
    cur.execute(_COLUMNS, (oids,))
    for rel, col, typ, notnull, identity, generated, default in cur.fetchall():
        key = f"{names[rel]}.{col}"
        out[f"{key}:type"] = typ
        out[f"{key}:not null"] = bool(notnull)
        if identity:
            out[f"{key}:identity"] = {"a": "always", "d": "by default"}[identity]
        if generated:
            out[f"{key}:generated"] = _norm(default or "")
    cur.execute(_CONSTRAINTS, (oids,))
    for rel, kind, definition, deferrable, _deferred in cur.fetchall():
        label = {"p": "primary key", "f": "foreign key", "u": "unique", "c": "check", "x": "exclude"}[kind]
        suffix = " deferrable" if deferrable and kind != "f" and "DEFERRABLE" not in definition else ""
        out[f"{names[rel]}:{label} {_norm(definition)}{suffix}"] = True
    cur.execute(_INDEXES, (oids,))
    for rel, definition in cur.fetchall():
        out[f"{names[rel]}:index {_norm(_INDEX_NAME.sub(lambda m: m.group(1) or '', definition))}"] = True
    cur.execute(_INHERITS, (oids,))
    for rel, parent in cur.fetchall():
        out[f"{names[rel]}:inherits {parent}"] = True
    cur.execute(_ENUMS)
    for name, labels in cur.fetchall():
        out[f"enum {name}"] = labels
    cur.execute(_DOMAINS)
    for name, base, notnull, checks in cur.fetchall():
        out[f"domain {name}"] = (base, bool(notnull), _norm(checks or ""))
    cur.execute(_EXTENSIONS)
    for (name,) in cur.fetchall():
        out[f"extension {name}"] = True
    cur.close()
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> tuple[int, list[str], list[str]]:
    """(facts of `expected` that `actual` has with the same value, the missing or different ones, the extra ones)."""
    misses = [
        f"{k}: expected {v!r}, got {actual.get(k, '<missing>')!r}"
        for k, v in expected.items()
        if actual.get(k, "<missing>") != v
    ]
    extra = [f"{k}: {actual[k]!r}" for k in actual if k not in expected]
    return len(expected) - len(misses), misses, extra
