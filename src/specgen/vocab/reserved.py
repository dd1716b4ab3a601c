"""Every reserved-name list of the project, in one place: validate judges names with them, the renderers
move names aside with them, the docs target and the naming helpers read them."""

from __future__ import annotations

import keyword

# PostgreSQL's reserved key words (SQL Key Words appendix, "reserved" in the PostgreSQL column).
# Non-reserved words such as `name`, `type`, `position` or `value` are fine as names.
PG_RESERVED = frozenset(
    """
all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation
column concurrently constraint create cross current_catalog current_date current_role current_schema current_time
current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze
from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit
localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references
returning right select session_user similar some symmetric system_user table tablesample then to trailing true union
unique user using variadic verbose when where window with
""".split()
)
# Attribute names the SQLAlchemy declarative API reserves on mapped classes.
ORM_RESERVED = frozenset({"metadata", "registry", "__table__", "__tablename__", "__mapper__", "__table_args__"})
# Names the generated module defines or imports itself.
MODULE_NAMES = frozenset(
    {
        "sa",
        "postgresql",
        "enum",
        "uuid",
        "datetime",
        "date",
        "time",
        "timedelta",
        "Decimal",
        "Any",
        "Optional",
        "UTC",
        "Field",
        "Relationship",
        "SQLModel",
        "_utcnow",
        "_utcnow_naive",
        "_enum_values",
        "_on_postgresql",
    }
)

# Attributes SQLModel and pydantic define on every model: a column named like them would shadow them.
MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "metadata",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "registry",
        "schema",
        "schema_json",
        "sqlmodel_update",
        "update_forward_refs",
        "validate",
        "fields",
        "query",
    }
)

# Attribute names SQLModel/SQLAlchemy declarative classes reserve: python names of columns avoid them.
RESERVED_ATTRIBUTES = frozenset({"metadata", "registry", "model_config", "model_fields", "query"})
PYTHON_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)


def attribute_name(python_name: str) -> str:
    """The attribute of a column: its design python_name, moved aside when SQLModel already uses it, or when the
    models module imports the name (`date: date` is a pydantic error, and would hide the type from later fields)."""
    if python_name in MODEL_ATTRIBUTES or python_name in MODULE_NAMES or python_name.startswith("model_"):
        return python_name + "_"
    return python_name
