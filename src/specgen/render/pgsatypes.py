"""SQLAlchemy types of PostgreSQL's own and its extensions' types (vocab/pgtypes.py), for render/satypes.py.

pgvector's types come from the `pgvector` package, PostGIS's from GeoAlchemy2: generated code imports them
only when a column uses them. A type SQLAlchemy has no class for (xml, point, ltree, a composite type, …)
is a `SQLType`: a passthrough type that emits its DDL text as written (render/sqltype.py). SQLite, which
knows none of them, stores a plain type instead (JSON for vectors and hstore, text for the rest).
"""

from __future__ import annotations

from specgen.render.typespec import TypeSpec
from specgen.vocab.pgtypes import PG_TYPES
from specgen.vocab.types import PASSTHROUGH, parse_type

# ctor -> (import module for code, attribute)
PG_CTORS: dict[str, tuple[str, str]] = {
    "VECTOR": ("pgvector", "VECTOR"),
    "HALFVEC": ("pgvector", "HALFVEC"),
    "SPARSEVEC": ("pgvector", "SPARSEVEC"),
    "Geometry": ("geoalchemy2", "Geometry"),
    "Geography": ("geoalchemy2", "Geography"),
    "SQLType": ("local", "SQLType"),
    **{
        name: ("postgresql", name)
        for name in (
            "CITEXT",
            "HSTORE",
            "CIDR",
            "MACADDR",
            "MACADDR8",
            "MONEY",
            "BIT",
            "TSQUERY",
            "OID",
            "REGCLASS",
            "REGCONFIG",
            "INT4RANGE",
            "INT8RANGE",
            "NUMRANGE",
            "TSRANGE",
            "TSTZRANGE",
            "DATERANGE",
            "INT4MULTIRANGE",
            "INT8MULTIRANGE",
            "NUMMULTIRANGE",
            "TSMULTIRANGE",
            "TSTZMULTIRANGE",
            "DATEMULTIRANGE",
        )
    },
}

# Put in an import set by satypes.code(): the file needs the SQLType class definition.
SQLTYPE_MARK = "# specgen: SQLType"

# Import line of each extra module, given the attribute.
IMPORTS = {
    "pgvector": "from pgvector.sqlalchemy import {attr}",
    "geoalchemy2": "from geoalchemy2 import {attr}",
}

_VECTORS = {"vector": "VECTOR", "halfvec": "HALFVEC", "sparsevec": "SPARSEVEC"}
_SAME = {"citext", "hstore", "cidr", "macaddr", "macaddr8", "money", "tsquery", "oid", "regclass", "regconfig"}


def pg_scalar(family: str, sql_type: str, length: int | None) -> TypeSpec | None:
    """The TypeSpec of a PostgreSQL type family, with its SQLite stand-in; None for a portable family."""
    spec: TypeSpec
    if family == PASSTHROUGH:
        return TypeSpec("SQLType", (sql_type,)).with_variant(TypeSpec("Text"), "sqlite")
    pg = PG_TYPES.get(family)
    if pg is None:
        return None
    if family in _VECTORS:
        spec = TypeSpec(_VECTORS[family], (length,) if length else ())
    elif family in ("geometry", "geography"):
        args = parse_type(sql_type).args if "(" in sql_type else ()
        kwargs: list[tuple[str, object]] = [("geometry_type", args[0].upper() if args else None)]
        if len(args) > 1 and args[1].lstrip("-").isdigit():
            kwargs.append(("srid", int(args[1])))
        kwargs.append(("spatial_index", False))  # indexes are the design's, created by name
        spec = TypeSpec(family.capitalize(), kwargs=tuple(kwargs))
    elif family in ("bit", "varbit"):
        kw = (("varying", True),) if family == "varbit" else ()
        spec = TypeSpec("BIT", (length,) if length else (), kwargs=kw)
    elif family in _SAME or family.endswith("range"):
        spec = TypeSpec(family.upper())
    else:
        spec = TypeSpec("SQLType", (sql_type,))
    return spec.with_variant(TypeSpec(pg.sqlite), "sqlite")


def pg_python(family: str) -> tuple[str, str] | None:
    """(annotation, import line) of a PostgreSQL type family in the models."""
    if family == PASSTHROUGH:
        return "Any", "from typing import Any"
    pg = PG_TYPES.get(family)
    if pg is None:
        return None
    if "Any" in pg.python:
        return pg.python, "from typing import Any"
    if pg.python == "Decimal":
        return pg.python, "from decimal import Decimal"
    return pg.python, ""
