"""The one SQLAlchemy type mapping of the project: design column -> `TypeSpec`.

A `TypeSpec` is a small, inert description of a SQLAlchemy type. Two interpreters read it:
`build()` makes the live type object (render/metadata.py, hence Alembic and verify) and `code()`
writes the Python expression the generated models contain (render/sqlmodel.py). Both start from
`type_spec()`, so the models and the metadata cannot disagree about a column's type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specgen.design.model import Column, Design
from specgen.render.pgsatypes import IMPORTS, PG_CTORS, SQLTYPE_MARK, pg_python, pg_scalar
from specgen.render.pycode import py_str
from specgen.render.typespec import TypeSpec
from specgen.vocab.types import parse_type

# ctor -> (import module for code, attribute path from that module)
_CTORS: dict[str, tuple[str, str]] = {
    "Uuid": ("sa", "Uuid"),
    "String": ("sa", "String"),
    "CHAR": ("sa", "CHAR"),
    "Text": ("sa", "Text"),
    "SmallInteger": ("sa", "SmallInteger"),
    "Integer": ("sa", "Integer"),
    "BigInteger": ("sa", "BigInteger"),
    "Numeric": ("sa", "Numeric"),
    "REAL": ("sa", "REAL"),
    "Double": ("sa", "Double"),
    "Boolean": ("sa", "Boolean"),
    "Date": ("sa", "Date"),
    "Time": ("sa", "Time"),
    "DateTime": ("sa", "DateTime"),
    "Interval": ("sa", "Interval"),
    "JSON": ("sa", "JSON"),
    "LargeBinary": ("sa", "LargeBinary"),
    "JSONB": ("postgresql", "JSONB"),
    "ARRAY": ("postgresql", "ARRAY"),
    "TSVECTOR": ("postgresql", "TSVECTOR"),
    "INET": ("postgresql", "INET"),
    "TIMESTAMP": ("postgresql", "TIMESTAMP"),
    "TIME": ("postgresql", "TIME"),
    **PG_CTORS,
}

# Python annotation of each vocabulary type: (annotation text, import line or "")
_PYTHON: dict[str, tuple[str, str]] = {
    "uuid": ("UUID", "from uuid import UUID"),  # not `import uuid`: a column named uuid would shadow it
    "varchar": ("str", ""),
    "char": ("str", ""),
    "text": ("str", ""),
    "tsvector": ("str", ""),
    "inet": ("str", ""),
    "smallint": ("int", ""),
    "integer": ("int", ""),
    "bigint": ("int", ""),
    "numeric": ("Decimal", "from decimal import Decimal"),
    "real": ("float", ""),
    "double": ("float", ""),
    "boolean": ("bool", ""),
    "date": ("date", "from datetime import date"),
    "time": ("time", "from datetime import time"),
    "timestamp": ("datetime", "from datetime import datetime"),
    "timestamptz": ("datetime", "from datetime import datetime"),
    "interval": ("timedelta", "from datetime import timedelta"),
    "json": ("dict[str, Any]", "from typing import Any"),
    "jsonb": ("dict[str, Any]", "from typing import Any"),
    "bytea": ("bytes", ""),
}

INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})


def _family(col: Column) -> str:
    return col.database_type.lower()


def _scalar(family: str, length: int | None, precision: int | None, scale: int | None, enum: str | None) -> TypeSpec:
    if family == "enum":
        return TypeSpec("Enum", enum=enum)
    if family == "varchar":
        return TypeSpec("String", (length,) if length else ())
    if family == "char":
        return TypeSpec("CHAR", (length,) if length else ())
    if family == "numeric":
        if precision is None:
            return TypeSpec("Numeric")
        return TypeSpec("Numeric", (precision, scale or 0))
    if family in ("timestamp", "timestamptz", "time") and precision is not None:
        # fractional-second digits: PostgreSQL's own type takes them; SQLite keeps the generic type
        zone = (("timezone", True),) if family == "timestamptz" else ()
        generic = TypeSpec("Time" if family == "time" else "DateTime", kwargs=zone)
        pg = TypeSpec("TIME" if family == "time" else "TIMESTAMP", kwargs=(*zone, ("precision", precision)))
        return pg.with_variant(generic, "sqlite")
    if family == "timestamp":
        return TypeSpec("DateTime")
    if family == "timestamptz":
        return TypeSpec("DateTime", kwargs=(("timezone", True),))
    if family == "json":
        return TypeSpec("JSON")
    if family == "jsonb":
        return TypeSpec("JSONB").with_variant(TypeSpec("JSON"), "sqlite")
    if family == "tsvector":
        return TypeSpec("TSVECTOR").with_variant(TypeSpec("Text"), "sqlite")
    if family == "inet":
        return TypeSpec("INET").with_variant(TypeSpec("String", (45,)), "sqlite")
    simple = {
        "uuid": "Uuid",
        "text": "Text",
        "smallint": "SmallInteger",
        "integer": "Integer",
        "bigint": "BigInteger",
        "real": "REAL",
        "double": "Double",
        "boolean": "Boolean",
        "date": "Date",
        "time": "Time",
        "interval": "Interval",
        "bytea": "LargeBinary",
    }
    if family not in simple:
        raise ValueError(f"no SQLAlchemy type for '{family}'")
    return TypeSpec(simple[family])


def _item(col: Column, enums: set[str]) -> tuple[str, TypeSpec]:
    text = col.item_type or "text"
    if text in enums:
        return "enum", TypeSpec("Enum", enum=text)
    info = parse_type(text, {name: () for name in enums} if enums else None)
    if info.name == "enum":
        return "enum", TypeSpec("Enum", enum=info.enum_name)
    pg = pg_scalar(info.name, text, info.length)
    if pg is not None:  # oid[], inet[], a PostGIS or extension type: the item as PostgreSQL names it (the whole
        return info.name, pg.generic()  # array has SQLite's variant)
    return info.name, _scalar(info.name, info.length, info.precision, info.scale, None)


def type_spec(col: Column, enums: set[str] | None = None, *, autoincrement_pk: bool = False) -> TypeSpec:
    """The SQLAlchemy type of a design column. `enums`: names of the design's enums (for array items)."""
    if col.domain:  # a PostgreSQL domain by its name; elsewhere its base type
        base = type_spec(col.model_copy(update={"domain": None}), enums, autoincrement_pk=autoincrement_pk)
        # SQLite takes the base type's own SQLite form: a variant cannot have variants (SQLAlchemy refuses it)
        sqlite = dict(base.variants).get("sqlite", base.generic())
        return TypeSpec("SQLType", (col.domain,)).with_variant(sqlite, "sqlite")
    family = _family(col)
    if family == "array":
        _, item = _item(col, enums or set())
        return TypeSpec("ARRAY", item=item).with_variant(TypeSpec("JSON"), "sqlite")
    pg = pg_scalar(family, col.sql_type, col.length)
    if pg is not None:
        return pg
    spec = _scalar(family, col.length, col.precision, col.scale, col.enum)
    if autoincrement_pk and family == "bigint":
        # SQLite autoincrements only INTEGER PRIMARY KEY (the rowid alias).
        spec = spec.with_variant(TypeSpec("Integer"), "sqlite")
    return spec


def python_type(col: Column, enum_class: Callable[[str], str], enums: set[str] | None = None) -> tuple[str, set[str]]:
    """The Python annotation of a column (without `| None`) and the imports it needs."""
    family = _family(col)
    if family == "enum":
        return enum_class(col.enum or col.name), set()
    if family == "array":
        item_family, item = _item(col, enums or set())
        if item_family == "enum":
            return f"list[{enum_class(item.enum or '')}]", set()
        text, imp = _PYTHON.get(item_family, ("Any", "from typing import Any"))
        return f"list[{text}]", {imp} - {""}
    text, imp = _PYTHON.get(family) or pg_python(family) or ("Any", "from typing import Any")
    if family in ("json", "jsonb") and isinstance(col.default, list):
        text = "list[Any]"
    return text, {imp} - {""}


# ---- interpreters ------------------------------------------------------------------------------------------


def build(spec: TypeSpec, enum_type: Callable[[str], Any]) -> Any:
    """The live SQLAlchemy type object. `enum_type(name)` returns the shared sa.Enum of a design enum."""
    if spec.ctor == "Enum":
        obj = enum_type(spec.enum or "")
    else:
        module, attr = _CTORS[spec.ctor]
        cls = getattr(_module(module), attr)
        args = list(spec.args)
        if spec.item is not None:
            args.insert(0, build(spec.item, enum_type))
        obj = cls(*args, **dict(spec.kwargs))
    for dialect, variant in spec.variants:
        obj = obj.with_variant(build(variant, enum_type), dialect)
    return obj


def code(spec: TypeSpec, enum_ref: Callable[[str], str], imports: set[str]) -> str:
    """The Python expression of the type; adds the import lines it needs to `imports`."""
    if spec.ctor == "Enum":
        text = enum_ref(spec.enum or "")
    else:
        module, attr = _CTORS[spec.ctor]
        if module in IMPORTS:
            imports.add(IMPORTS[module].format(attr=attr))
        elif module == "local":
            imports.add(SQLTYPE_MARK)
        else:
            imports.add("import sqlalchemy as sa" if module == "sa" else "from sqlalchemy.dialects import postgresql")
        args = [py_str(a) if isinstance(a, str) else repr(a) for a in spec.args]
        if spec.item is not None:
            args.insert(0, code(spec.item, enum_ref, imports))
        args += [f"{k}={py_str(v) if isinstance(v, str) else repr(v)}" for k, v in spec.kwargs]
        prefix = "" if module in IMPORTS or module == "local" else f"{module}."
        text = f"{prefix}{attr}({', '.join(args)})"
    for dialect, variant in spec.variants:
        text = f"{text}.with_variant({code(variant, enum_ref, imports)}, {py_str(dialect)})"
    return text


def _module(name: str) -> Any:
    """The module a type constructor lives in; pgvector and GeoAlchemy2 are imported only when a design uses them."""
    import importlib

    if name == "local":
        from specgen.render import sqltype

        return sqltype
    return importlib.import_module(
        {"sa": "sqlalchemy", "postgresql": "sqlalchemy.dialects.postgresql", "pgvector": "pgvector.sqlalchemy"}.get(
            name, name
        )
    )


# ---- server defaults ---------------------------------------------------------------------------------------


def server_default_sql(col: Column, dialects: list[str] | tuple[str, ...] | None) -> str | None:
    """The server default both the models and the metadata use, portable across `dialects`.

    `now()` becomes CURRENT_TIMESTAMP (both dialects run it); PostgreSQL-only generators are kept only
    when SQLite is not a target (the models fill those columns in Python anyway)."""
    text = col.server_default
    if text is None:
        return None
    low = text.strip().lower()
    from specgen.sqlexpr import NOW_SQL, SQLITE_DROPPED, emit

    if low in NOW_SQL:
        return "CURRENT_TIMESTAMP"
    if low in SQLITE_DROPPED and dialects is not None and "sqlite" in dialects:
        return None

    return emit(text, tuple(dialects) if dialects else ("postgresql", "sqlite"))


def enum_names(design: Design) -> set[str]:
    return {e.name for e in design.database_schema.enums}
