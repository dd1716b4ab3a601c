"""Drizzle column builders (drizzle-orm/pg-core, sqlite-core, mysql-core) -> types of the vocabulary.

The type is the column's database type, as drizzle-kit creates it: `integer('at', { mode: 'timestamp' })`
on SQLite is an integer column (Drizzle stores epoch seconds in it), SQLite's `text('x', { length: 100 })` is
`text(100)`, which SQLite reads as text (so does specgen's SQL reader); `text('x', { mode: 'json' })` is a
JSON document and `{ mode: 'boolean' }` a boolean (SQLite stores 0/1 either way). A `{ enum: [...] }` config
leaves the type as it is (the reader states the values as a CHECK).
"""

from __future__ import annotations

from typing import Any

# builder -> vocabulary type (before its config).
BUILDERS: dict[str, str] = {
    "text": "text",
    "tinytext": "text",
    "mediumtext": "text",
    "longtext": "text",
    "varchar": "varchar",
    "char": "char",
    "integer": "integer",
    "int": "integer",
    "mediumint": "integer",
    "smallint": "smallint",
    "tinyint": "smallint",
    "year": "smallint",
    "bigint": "bigint",
    "serial": "serial",
    "bigserial": "bigserial",
    "smallserial": "smallserial",
    "boolean": "boolean",
    "timestamp": "timestamp",
    "datetime": "timestamp",
    "date": "date",
    "time": "time",
    "interval": "interval",
    "numeric": "numeric",
    "decimal": "numeric",
    "real": "real",
    "float": "real",  # MySQL FLOAT is single precision
    "doublePrecision": "double",
    "double": "double",
    "json": "json",
    "jsonb": "jsonb",
    "uuid": "uuid",
    "blob": "bytea",
    "binary": "bytea",
    "varbinary": "bytea",
    "inet": "inet",
    "cidr": "cidr",
    "macaddr": "macaddr",
    "macaddr8": "macaddr8",
    "point": "point",
    "line": "line",
    "vector": "vector",
    "halfvec": "halfvec",
    "sparsevec": "sparsevec",
    "bit": "bit",
    "geometry": "geometry",
}
_SIZED = {"varchar", "char", "bit"}


def column_type(builder: str, config: dict[str, Any], dialect: str) -> str | None:
    """The vocabulary type of a builder with its config object; None for a builder Drizzle does not have."""
    base = BUILDERS.get(builder)
    if base is None:
        return None
    mode = config.get("mode")
    if dialect == "sqlite":
        if mode == "boolean" and base == "integer":
            return "boolean"
        if mode == "json" and base in ("text", "bytea"):
            return "json"
        if mode == "bigint" and base == "bytea":
            return "bigint"
    if builder == "serial" and dialect == "mysql":
        return "bigserial"  # MySQL's SERIAL is BIGINT UNSIGNED AUTO_INCREMENT
    length = _int(config.get("length")) or _int(config.get("dimensions"))
    if base in _SIZED or base in ("vector", "halfvec", "sparsevec"):
        return f"{base}({length})" if length is not None else base
    if base == "numeric":
        precision, scale = _int(config.get("precision")), _int(config.get("scale"))
        if precision is None:
            return base
        return f"numeric({precision},{scale})" if scale is not None else f"numeric({precision})"
    if base in ("timestamp", "time"):
        zoned = base == "timestamp" and config.get("withTimezone") is True
        name = "timestamptz" if zoned else base
        precision = _int(config.get("precision")) if config.get("precision") is not None else _int(config.get("fsp"))
        return f"{name}({precision})" if precision is not None else name
    if base == "geometry":
        kind, srid = config.get("type"), _int(config.get("srid"))
        args = [str(kind).capitalize()] if isinstance(kind, str) else []
        if args and srid is not None:
            args.append(str(srid))
        return f"geometry({','.join(args)})" if args else base
    return base


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return None
