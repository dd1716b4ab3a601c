"""PostgreSQL's own and its extensions' types: the part of the type vocabulary beyond portable SQL.

Each entry says how the type is spelt in design.yaml, which extension provides it (its implied
`CREATE EXTENSION`), which SQLAlchemy type renders it (render/satypes.py) and what SQLite stores instead.
Any other type a ```sql block writes (a composite type, a type of an extension specgen does not know) is
kept verbatim as the `sql` family: its SQL text is rendered as written (a passthrough type).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PgType:
    name: str
    python: str  # annotation in the generated models
    extension: str | None = None  # the extension that provides it
    params: int = 0  # numeric parameters: vector(n), bit(n)
    free_args: bool = False  # geometry(Point, 4326): arguments kept as written
    sqlite: str = "Text"  # satypes ctor used on SQLite


PG_TYPES: dict[str, PgType] = {
    t.name: t
    for t in (
        PgType("vector", "list[float]", "vector", 1, sqlite="JSON"),
        PgType("halfvec", "list[float]", "vector", 1, sqlite="JSON"),
        PgType("sparsevec", "Any", "vector", 1),
        PgType("geometry", "Any", "postgis", free_args=True),
        PgType("geography", "Any", "postgis", free_args=True),
        PgType("citext", "str", "citext"),
        PgType("hstore", "dict[str, str | None]", "hstore", sqlite="JSON"),
        PgType("ltree", "str", "ltree"),
        PgType("lquery", "str", "ltree"),
        PgType("cidr", "str"),
        PgType("macaddr", "str"),
        PgType("macaddr8", "str"),
        PgType("money", "Decimal", sqlite="Numeric"),
        PgType("xml", "str"),
        PgType("bit", "str", params=1),
        PgType("varbit", "str", params=1),
        PgType("tsquery", "str"),
        PgType("point", "str"),
        PgType("line", "str"),
        PgType("lseg", "str"),
        PgType("box", "str"),
        PgType("path", "str"),
        PgType("polygon", "str"),
        PgType("circle", "str"),
        PgType("oid", "int", sqlite="Integer"),
        PgType("regclass", "str"),
        PgType("regconfig", "str"),
        PgType("pg_lsn", "str"),
        *(
            PgType(f"{base}{kind}", "Any")
            for base in ("int4", "int8", "num", "ts", "tstz", "date")
            for kind in ("range", "multirange")
        ),
    )
}

# Spellings of the same types.
PG_ALIASES: dict[str, str] = {"bit varying": "varbit"}

# Extensions that index methods and operator classes need: a design that uses them
# without declaring the extension gets a warning, and the revision creates it.
OPCLASS_EXTENSIONS: dict[str, str] = {
    "gin_trgm_ops": "pg_trgm",
    "gist_trgm_ops": "pg_trgm",
    "vector_cosine_ops": "vector",
    "vector_l2_ops": "vector",
    "vector_ip_ops": "vector",
    "vector_l1_ops": "vector",
    "halfvec_cosine_ops": "vector",
    "halfvec_l2_ops": "vector",
    "halfvec_ip_ops": "vector",
    "gist_geometry_ops_2d": "postgis",
    "gist_geography_ops": "postgis",
    "gin_hstore_ops": "hstore",
    "gist_hstore_ops": "hstore",
    "gist_ltree_ops": "ltree",
}
METHOD_EXTENSIONS: dict[str, str] = {"hnsw": "vector", "ivfflat": "vector"}


def extension_of_type(name: str) -> str | None:
    t = PG_TYPES.get(name)
    return t.extension if t else None
