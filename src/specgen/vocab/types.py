"""The type vocabulary of specs, and how each type maps to Python and SQLAlchemy.

One table, `TYPES`, is the single source: readers translate their own spellings into these names,
the design records them, and the renderers look them up here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from specgen.vocab.pgtypes import PG_ALIASES, PG_TYPES


@dataclass(frozen=True, slots=True)
class TypeDef:
    name: str
    python: str  # short Python type name, as the Database Modeling specification prints it
    sqlalchemy: str  # SQLAlchemy type constructor (without arguments)
    params: int = 0  # how many numeric parameters it takes: varchar(n)=1, numeric(p,s)=2


TYPES: dict[str, TypeDef] = {
    t.name: t
    for t in (
        TypeDef("uuid", "UUID", "Uuid"),
        TypeDef("varchar", "str", "String", 1),
        TypeDef("char", "str", "CHAR", 1),
        TypeDef("text", "str", "Text"),
        TypeDef("smallint", "int", "SmallInteger"),
        TypeDef("integer", "int", "Integer"),
        TypeDef("bigint", "int", "BigInteger"),
        TypeDef("numeric", "Decimal", "Numeric", 2),
        TypeDef("real", "float", "REAL"),
        TypeDef("double", "float", "Double"),
        TypeDef("boolean", "bool", "Boolean"),
        TypeDef("date", "date", "Date"),
        TypeDef("time", "time", "Time"),
        TypeDef("timestamp", "datetime", "DateTime"),
        TypeDef("timestamptz", "datetime", "DateTime"),
        TypeDef("interval", "timedelta", "Interval"),
        TypeDef("json", "dict", "JSON"),
        TypeDef("jsonb", "dict", "JSONB"),
        TypeDef("bytea", "bytes", "LargeBinary"),
        TypeDef("tsvector", "str", "TSVECTOR"),
        TypeDef("inet", "str", "INET"),
        # PostgreSQL's own and its extensions' types (vocab/pgtypes.py says how each renders)
        *(TypeDef(t.name, t.python, "", t.params) for t in PG_TYPES.values()),
    )
}

# A type known only by its SQL text (a composite type, an unknown extension's type), rendered as written.
PASSTHROUGH = "sql"

# Other spellings users write, mapped onto the vocabulary.
ALIASES: dict[str, str] = {
    "int": "integer",
    "int4": "integer",
    "mediumint": "integer",
    "serial": "integer",
    "int8": "bigint",
    "bigserial": "bigint",
    "int2": "smallint",
    "tinyint": "smallint",
    "smallserial": "smallint",
    "decimal": "numeric",
    "float4": "real",
    "float": "double",
    "float8": "double",
    "double precision": "double",
    "bool": "boolean",
    "string": "varchar",
    "character varying": "varchar",
    "nvarchar": "varchar",
    "character": "char",
    "nchar": "char",
    "bpchar": "char",
    "clob": "text",
    "ntext": "text",
    "datetime": "timestamp",
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
    "time without time zone": "time",
    "blob": "bytea",
    "binary": "bytea",
    "varbinary": "bytea",
    "longblob": "bytea",
    "bytes": "bytea",
    **PG_ALIASES,
}

# serial types carry an implicit autoincrement.
SERIAL = frozenset({"serial", "bigserial", "smallserial"})

_TYPE_RE = re.compile(
    r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_ ]*?)\s*(?:\((?P<args>[^()]*)\))?\s*(?P<array>(?:\[\s*\d*\s*\])*)\s*$"
)

# `timestamp(3) with time zone`: the precision is written before the zone words; read as `… time zone(3)`.
_ZONE_AFTER_PRECISION = re.compile(
    r"^\s*(timestamp|time)\s*(\(\s*\d+\s*\))\s*((?:with|without)\s+time\s+zone)\s*$", re.I
)
# Types whose one argument is the number of fractional-second digits (0..6), kept as the column's precision.
_FRACTIONAL = ("timestamp", "timestamptz", "time")


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """A parsed column type."""

    name: str  # a key of TYPES, or "array" / "enum"
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    item: TypeInfo | None = None  # for arrays
    enum_name: str | None = None
    enum_values: tuple[str, ...] = ()
    serial: bool = False
    args: tuple[str, ...] = ()  # free-form arguments as written: geometry(Point, 4326)
    raw: str | None = None  # the SQL text of a passthrough type

    @property
    def python(self) -> str:
        if self.name == "array":
            assert self.item is not None
            return f"list[{self.item.python}]"
        if self.name == "enum":
            return self.enum_name or "str"
        if self.name == PASSTHROUGH:
            return "Any"
        return TYPES[self.name].python

    @property
    def sql(self) -> str:
        """The canonical spelling, as the design document records it."""
        if self.name == "array":
            assert self.item is not None
            return f"{self.item.sql}[]"
        if self.name == "enum":
            return self.enum_name or "enum(" + ", ".join(self.enum_values) + ")"
        if self.name == PASSTHROUGH:
            return self.raw or ""
        if self.args:
            return f"{self.name}({','.join(self.args)})"
        if self.length is not None:
            return f"{self.name}({self.length})"
        if self.precision is not None:
            return (
                f"{self.name}({self.precision},{self.scale or 0})"
                if self.scale is not None
                else f"{self.name}({self.precision})"
            )
        return self.name

    @property
    def family(self) -> str:
        """The `database_type` of the Database Modeling specification."""
        return self.name


class UnknownType(ValueError):
    def __init__(self, text: str, suggestion: str | None) -> None:
        known = ", ".join(sorted(TYPES)) + ", T[], enum(a, b)"
        hint = f"did you mean '{suggestion}'? " if suggestion else ""
        super().__init__(f"unknown type '{text}': {hint}known types: {known}")
        self.suggestion = suggestion


class TypeRangeError(UnknownType):
    """A known type with a size no database takes (`varchar(9…9)`): an error, not a guess."""

    def __init__(self, text: str, message: str) -> None:
        ValueError.__init__(self, message)
        self.text = text
        self.suggestion = None


# Sizes beyond 9 digits exceed every limit (PostgreSQL: varchar 10,485,760, numeric 1,000); validate judges those.
MAX_DIGITS = 9


def small_int(text: str | None, digits: int = MAX_DIGITS) -> int | None:
    """`text` as an int when it is ASCII digits, at most `digits` of them; else None (never int()'s ValueError
    on 4,301 digits or on '²', which str.isdigit() accepts)."""
    if text is None or not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > digits:
        return None
    return int(text)


def known_names() -> list[str]:
    return sorted({*TYPES, *ALIASES})


def parse_type(text: str, enums: dict[str, tuple[str, ...]] | None = None) -> TypeInfo:
    """Parse a type as specs write it. Raises UnknownType with the closest known name."""
    if enums:
        return _parse_type(text, enums)
    hit = _CACHE.get(text)
    if hit is None:
        hit = _CACHE[text] = _parse_type(text, None)
    return hit


_CACHE: dict[str, TypeInfo] = {}


def _parse_type(text: str, enums: dict[str, tuple[str, ...]] | None) -> TypeInfo:
    raw = text.strip()
    low = raw.lower()
    if low.startswith("enum(") and low.endswith(")"):
        values = tuple(v.strip().strip("'\"") for v in raw[5:-1].split(",") if v.strip())
        return TypeInfo("enum", enum_values=values)
    if enums and raw in enums:
        return TypeInfo("enum", enum_name=raw, enum_values=enums[raw])
    m = _TYPE_RE.match(_ZONE_AFTER_PRECISION.sub(r"\1 \3\2", raw))
    if not m:
        raise UnknownType(raw, _closest(low))
    name = " ".join(m.group("name").lower().split())
    if m.group("array"):
        item = _parse_type(raw[: raw.index("[")], enums)
        return TypeInfo("array", item=item)
    if enums and m.group("args") is None:  # an enum takes no modifier: bit(5) beside an enum `bit` is the bit type
        for enum_name, values in enums.items():
            if enum_name.lower() == name:
                return TypeInfo("enum", enum_name=enum_name, enum_values=values)
    canonical = ALIASES.get(name, name)
    if canonical not in TYPES:
        raise UnknownType(raw, _closest(name))
    tdef = TYPES[canonical]
    args = [a.strip() for a in (m.group("args") or "").split(",") if a.strip()]
    if args and canonical in PG_TYPES and PG_TYPES[canonical].free_args:
        return TypeInfo(canonical, args=tuple(args))
    if canonical in _FRACTIONAL and len(args) == 1 and args[0].isascii() and args[0].isdigit() and int(args[0]) <= 6:
        return TypeInfo(canonical, precision=int(args[0]))  # fractional-second digits: timestamp(3)
    if args and not all(a.isascii() and a.isdigit() for a in args):
        if canonical in _FRACTIONAL or (canonical == "varchar" and args == ["max"]):
            args = []  # MAX, or a precision PostgreSQL would not take: not part of our model
        else:
            raise UnknownType(raw, _closest(name))
    if canonical in (*_FRACTIONAL, "double", "real", "integer", "bigint", "smallint"):
        args = []  # display widths such as int(11) carry no schema meaning here
    if len(args) > tdef.params:
        raise UnknownType(raw, f"{canonical}({', '.join(args[: tdef.params])})" if tdef.params else canonical)
    if any(len(a.lstrip("0")) > MAX_DIGITS for a in args):
        # Bounded before conversion: int() of 4,301 digits raises, and no database takes such a size.
        raise TypeRangeError(raw, f"{canonical}: a size of more than {MAX_DIGITS} digits is out of range")
    nums = [int(a) for a in args]
    serial = name in SERIAL
    if tdef.params == 1:
        return TypeInfo(canonical, length=nums[0] if nums else None, serial=serial)
    if tdef.params == 2:
        return TypeInfo(
            canonical,
            precision=nums[0] if nums else None,
            scale=nums[1] if len(nums) > 1 else None,
        )
    return TypeInfo(canonical, serial=serial)


def _closest(name: str) -> str | None:
    match = difflib.get_close_matches(name, known_names(), n=1, cutoff=0.5)
    return match[0] if match else None


def passthrough(text: str) -> TypeInfo:
    """A type kept by its SQL text: what PostgreSQL accepted, specgen renders as written."""
    return TypeInfo(PASSTHROUGH, raw=" ".join(text.split()))
