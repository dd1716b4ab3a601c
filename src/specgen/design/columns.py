"""Columns of the design: type, nullability, defaults and constraint flags from a spec's column, and
the key specgen adds where a design-level spec names none."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, cast

from specgen.config import Settings
from specgen.design.defaults import classify
from specgen.design.model import Column, Enum, StoredConstraint
from specgen.errors import Diagnostic, error, warning
from specgen.parse.ir import ColumnIR, EntityIR
from specgen.vocab.naming import python_name
from specgen.vocab.types import TypeInfo, TypeRangeError, UnknownType, parse_type, passthrough
from specgen.vocab.written import read_type

_PK_TYPES = {"uuid": "uuid", "bigint": "bigint", "integer": "integer"}


def declared_name(columns: Iterable[ColumnIR | Column], name: str) -> str:
    """The column's name as its definition spells it: constraint, index and FK column lists may
    differ in case (SQL is case-blind). A name no column has is returned as given."""
    low = name.lower()
    for c in columns:
        if c.name.lower() == low:
            return c.name
    return name


def auto_pk(settings: Settings, ir: EntityIR) -> Column:
    kind = _PK_TYPES[settings.primary_key]
    tinfo = parse_type(kind)
    return Column(
        name="id",
        python_name="id",
        database_type=tinfo.family,
        sql_type=tinfo.sql,
        python_type=tinfo.python,
        nullable=False,
        default="uuid4" if kind == "uuid" else None,
        default_kind="generator" if kind == "uuid" else None,
        autoincrement=None if kind == "uuid" else True,
        description="Primary key added by specgen (the spec names none).",
        indexed=True,  # the key's own index
        source=ir.loc,
    )


def build_column(
    c: ColumnIR,
    table: str,
    settings: Settings,
    enum_values: dict[str, tuple[str, ...]],
    enums: list[Enum],
    portable: bool,
    diags: list[Diagnostic],
    in_key: bool = False,
    leads_key: bool = False,
) -> Column:
    """`in_key`: a primary-key column; the key implies NOT NULL, which design.yaml shows as `primary_key` instead
    of `not_null`. `leads_key`: the key's first column, which the key's index serves (`indexed`)."""
    tinfo, written_nullable, unmapped = column_type(c, table, enum_values, diags)
    enum_name = enum_for(tinfo, table, c.name, enums, c)
    if enum_name and tinfo.name == "enum" and not tinfo.enum_name:
        tinfo = TypeInfo("enum", enum_name=enum_name, enum_values=tinfo.enum_values)
    nullable = (
        False
        if in_key
        else c.nullable
        if c.nullable is not None
        else (written_nullable if written_nullable is not None else not c.primary_key)
    )
    default = kind = server = onupdate = None
    if c.server_default is not None:
        d = classify(c.server_default, tinfo, portable_server=True)
        default, kind, server = d.value, d.kind, c.server_default.strip()
    elif c.default is not None:
        d = classify(c.default, tinfo, portable_server=portable)
        default, kind, server = d.value, d.kind, d.server
    if c.on_update is not None:
        on = classify(c.on_update, tinfo, portable_server=False)
        onupdate = str(on.value) if on.kind == "generator" else c.on_update
    constraints = [
        cast(StoredConstraint, name)
        for name, flag in (("not_null", not nullable and not in_key), ("unique", c.unique), ("check", c.check))
        if flag
    ]
    optional = {
        "unmapped_type": unmapped,
        "default": default,
        "default_kind": kind,  # classify() says which of the three (a string: no Union per column)
        "server_default": server,
        "onupdate": onupdate,
        "constraints": constraints or None,
        "autoincrement": True if (tinfo.serial or c.autoincrement) else (False if c.autoincrement is False else None),
        "identity": c.identity,
        "identity_options": c.identity_options,
        "generated": c.generated,
        "domain": c.domain,
        "check_expression": c.check,
        "renamed_from": c.renamed_from,
        "description": c.description,
        "comment": c.comment,
        "indexed": leads_key or None,
        "source": c.loc,
    }
    # pydantic validates each field it is given: the unstated ones (None) are left to their defaults
    fields: dict[str, Any] = {
        "name": c.name,
        "python_name": c.python_name or python_name(c.name, settings.naming),
        "nullable": nullable,
        **_type_fields(tinfo),
    }
    for key, value in optional.items():
        if value is not None:
            fields[key] = value
    return Column(**fields)


@lru_cache(maxsize=1 << 12)
def _type_fields(tinfo: TypeInfo) -> dict[str, Any]:
    """The fields of a Column its type decides, the unset ones left out (a few types serve every column)."""
    fields = {
        "database_type": tinfo.family,
        "sql_type": tinfo.sql,
        "python_type": tinfo.python,
        "length": tinfo.length,
        "precision": tinfo.precision,
        "scale": tinfo.scale,
        "item_type": tinfo.item.sql if tinfo.item else None,
        "enum": tinfo.enum_name,
    }
    return {k: v for k, v in fields.items() if v is not None}


def column_type(
    c: ColumnIR, table: str, enum_values: dict[str, tuple[str, ...]], diags: list[Diagnostic]
) -> tuple[TypeInfo, bool | None, str | None]:
    """The column's type in the vocabulary, whether its spelling says it may be null (`String?`), and the written
    type when nothing known matches it: such a column is kept as text, with a warning naming the closest type."""
    if c.type is None and c.unmapped_type:
        return parse_type("text"), None, c.unmapped_type  # the reader has warned (SG901)
    text = c.type or "text"
    try:
        return parse_type(text, enum_values), None, None
    except TypeRangeError as exc:
        diags.append(
            error(
                f"column '{table}.{c.name}': {exc}",
                c.type_loc or c.loc,
                hint="write a size the database accepts (varchar up to 10485760, numeric precision up to 1000)",
            )
        )
        return parse_type("text"), None, None
    except UnknownType as exc:
        suggestion = exc.suggestion
    if c.type_sql:
        return passthrough(text), None, None  # what the database accepts is kept as written (SG903 names it)
    written = read_type(text, enums=enum_values)  # `String (UUID)`, `DateTime?`, `NVARCHAR(MAX)`, `int | null`
    if written.sql is not None:
        try:
            return parse_type(written.sql, enum_values), written.nullable, None
        except UnknownType:
            pass
    hint = written.hint or suggestion
    diags.append(
        warning(
            f"column '{table}.{c.name}': unknown type '{text}', kept as text",
            c.type_loc or c.loc,
            f"closest known type: '{hint}'" if hint else "write one of the types listed in the spec format",
            code="SG901",  # validate reports it from the design column's unmapped_type
        )
    )
    return parse_type("text"), written.nullable, text


def enum_for(tinfo: TypeInfo, table: str, column: str, enums: list[Enum], c: ColumnIR) -> str | None:
    """An inline `enum(a, b)` becomes a named enum `<table>_<column>` so both dialects can create it."""
    if tinfo.name != "enum":
        return None
    if tinfo.enum_name:
        return tinfo.enum_name
    name = f"{table}_{column}".lower()
    if not any(e.name == name for e in enums):
        enums.append(Enum(name=name, values=list(tinfo.enum_values), source=c.loc))
    return name
