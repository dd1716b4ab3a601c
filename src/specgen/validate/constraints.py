"""Constraint rules (SG6xx): checks, defaults, NOT NULL and unique constraints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.design.model import Column, Design, Entity
from specgen.source import Location
from specgen.validate.finding import Finding, column_of, entities, finding, indexes_by_table, per_run, rule

_TOKEN = re.compile(
    r"(?P<str>'(?:[^']|'')*')|(?P<qid>\"(?:[^\"]|\"\")+\")|(?P<num>\d+(?:\.\d+)?)|(?P<cast>::\s*[A-Za-z_][\w ]*)"
    r"|(?P<id>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)(?P<call>\s*\()?|(?P<op>\S)"
)
# Words a check expression may use that are not columns.
SQL_WORDS = frozenset(
    """
and or not in is null true false like ilike similar to escape between case when then else end cast as any all some
distinct from current_date current_time current_timestamp localtime localtimestamp interval date time timestamp
collate exists array unknown isnull notnull with zone at year month day hour minute second epoch
""".split()
)


def column_names(expression: str) -> list[str]:
    """Identifiers of an SQL expression that must be columns: not keywords, function names,
    string literals, casts or qualified names' table parts."""
    out: list[str] = []
    after_as = False
    for m in _TOKEN.finditer(expression):
        if m.group("id"):
            word = m.group("id")
            if m.group("call") or after_as or word.lower() in SQL_WORDS:
                after_as = word.lower() == "as" and not m.group("call")
                continue
            out.append(word.rpartition(".")[2])
        elif m.group("qid"):
            out.append(m.group("qid")[1:-1].replace('""', '"'))
        after_as = False
    return list(dict.fromkeys(out))


def _checks(e: Entity) -> Iterator[tuple[str, str | None, Location | None]]:
    """(expression, column it sits on, source) for every check of an entity."""
    for c in e.columns:
        if c.check_expression:
            yield c.check_expression, c.name, c.source
    for k in e.constraints:
        if k.type == "check" and k.expression:
            yield k.expression, None, k.source


@rule("SG601", "check-unknown-column", "error")
def check_check_columns(design: Design) -> Iterator[Finding]:
    """A check constraint names a column the table does not have.

    The database refuses to create it. Fix: correct the name (checks may only use the columns of
    their own table; functions and SQL keywords are recognised).
    """
    for e in entities(design):
        names = {c.name.lower() for c in e.columns}
        for expr, col, source in _checks(e):
            for name in column_names(expr):
                if name.lower() not in names:
                    yield finding(
                        "SG601",
                        f"check '{expr}' on {e.table_name} names unknown column '{name}'",
                        entity=e.name,
                        column=col,
                        source=source or e.source,
                    )


# Simple comparisons a default can be tested against: `col OP literal`, `length(col) OP n`,
# `col IN (...)`, `col BETWEEN a AND b`, joined with AND.
_CMP = re.compile(
    r"^\s*(?P<lhs>(?:length|char_length|char_length)\s*\(\s*\w+\s*\)|\w+)\s*(?P<op><=|>=|<>|!=|=|<|>)\s*"
    r"(?P<rhs>'(?:[^']|'')*'|[+-]?\d+(?:\.\d+)?)\s*$",
    re.I,
)
_IN = re.compile(r"^\s*(?P<col>\w+)\s+(?P<neg>not\s+)?in\s*\((?P<items>[^()]*)\)\s*$", re.I)
_BETWEEN = re.compile(
    r"^\s*(?P<col>\w+)\s+between\s+(?P<lo>[+-]?\d+(?:\.\d+)?)\s+and\s+(?P<hi>[+-]?\d+(?:\.\d+)?)\s*$", re.I
)


def _literal(text: str) -> Any:
    text = text.strip()
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return float(text)


def _unwrap(text: str) -> str:
    """Drop parentheses that wrap the whole expression: `(a > 0)` -> `a > 0`, not `f(a) > g(b)`."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _violates(expr: str, column: str, value: Any) -> bool | None:
    """True/False when `expr` can be decided for `column = value`; None when it is not simple."""
    body = _unwrap(expr)
    parts = [body] if _BETWEEN.match(body) else re.split(r"\s+and\s+", body, flags=re.I)
    decided = False
    for part in parts:
        part = _unwrap(part)
        m = _CMP.match(part)
        if m:
            lhs = m.group("lhs").lower()
            name = re.sub(r"^\w+\s*\(\s*(\w+)\s*\)$", r"\1", lhs)
            if name != column.lower():
                continue
            v: Any = len(str(value)) if "(" in lhs else value
            rhs = _literal(m.group("rhs"))
            if isinstance(rhs, float) and not isinstance(v, bool):
                try:
                    v = float(v)
                except (TypeError, ValueError):
                    return None
            elif isinstance(rhs, float) or isinstance(v, bool):
                return None
            else:
                v = str(v)
            ok = {
                "=": v == rhs,
                "<>": v != rhs,
                "!=": v != rhs,
                "<": v < rhs,
                ">": v > rhs,
                "<=": v <= rhs,
                ">=": v >= rhs,
            }[m.group("op")]
            if not ok:
                return True
            decided = True
            continue
        m = _IN.match(part)
        if m and m.group("col").lower() == column.lower():
            items = [_literal(x) for x in re.findall(r"'(?:[^']|'')*'|[+-]?\d+(?:\.\d+)?", m.group("items"))]
            probe: Any = float(value) if items and isinstance(items[0], float) and not isinstance(value, str) else value
            inside = probe in items
            if inside == bool(m.group("neg")):
                return True
            decided = True
            continue
        m = _BETWEEN.match(part)
        if m and m.group("col").lower() == column.lower() and isinstance(value, int | float):
            if not float(m.group("lo")) <= value <= float(m.group("hi")):
                return True
            decided = True
            continue
        return None if not decided else False
    return False if decided else None


def _defaulted(design: Design) -> list[tuple[Entity, Column]]:
    """(entity, column) of each column with a default of some kind, in design order: the default rules (SG602,
    SG603, SG606) look at no other (listed once a run)."""
    return per_run("defaulted columns", design, _each_defaulted)


def _each_defaulted(design: Design) -> list[tuple[Entity, Column]]:
    return [
        (e, c)
        for e in entities(design)
        for c in e.columns
        if c.default_kind is not None or c.default is not None or c.server_default is not None
    ]


@rule("SG602", "default-violates-check", "error")
def check_defaults_against_checks(design: Design) -> Iterator[Finding]:
    """A column's literal default fails the column's own check (simple comparisons, `IN` lists,
    `BETWEEN` and `length(col)` are evaluated; other checks are skipped).

    Every insert that relies on the default then fails. Fix: change the default or the check.
    """
    for e, c in _defaulted(design):
        if c.default_kind != "literal" or c.default is None:
            continue
        checks = [x for x, col, _ in _checks(e) if col == c.name or (col is None and column_names(x) == [c.name])]
        for expr in checks:
            if _violates(expr, c.name, c.default):
                yield finding(
                    "SG602",
                    f"default {c.default!r} of {e.table_name}.{c.name} violates check '{expr}'",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint="change the default, or widen the check",
                )


def _null_default(c: Column) -> bool:
    server = (c.server_default or "").strip().upper()
    return server == "NULL" or (
        c.default_kind == "literal" and c.default is None and server in ("", "NULL") and c.server_default is not None
    )


@rule("SG603", "not-null-with-null-default", "error")
def check_not_null_defaults(design: Design) -> Iterator[Finding]:
    """A NOT NULL column has NULL as its default.

    An insert that leaves the column out fails. Fix: give a real default, or make the column nullable.
    """
    for e, c in _defaulted(design):
        if not c.nullable and _null_default(c):
            yield finding(
                "SG603",
                f"{e.table_name}.{c.name} is NOT NULL but defaults to NULL",
                entity=e.name,
                column=c.name,
                source=c.source,
                hint="give it a non-NULL default or make it nullable",
            )


@rule("SG604", "unique-nullable", "warning")
def check_unique_nullable(design: Design) -> Iterator[Finding]:
    """A unique constraint covers nullable columns.

    PostgreSQL (before 15's `NULLS NOT DISTINCT`) and SQLite treat NULLs as distinct, so rows with
    NULL in a unique column never conflict: `unique (owner_id, name)` with a nullable `owner_id`
    admits any number of ownerless rows named alike. (A single nullable unique column is SG611.) Fix:
    make the columns NOT NULL, or add a partial unique index for the NULL case.
    """
    return (f for f in per_run("unique-nullable", design, _unique_nullable) if f.code == "SG604")


@rule("SG611", "unique-optional-column", "info")
def check_unique_optional(design: Design) -> Iterator[Finding]:
    """A unique column is nullable: any number of rows may leave it NULL.

    Usually intended (optional, but unique when present). Fix: make it NOT NULL if every row must have one.
    """
    return (f for f in per_run("unique-nullable", design, _unique_nullable) if f.code == "SG611")


def _unique_nullable(design: Design) -> list[Finding]:
    """The findings of SG604 and SG611 (one walk over the unique constraints)."""
    return list(_unique_nullable_walk(design))


def _unique_nullable_walk(design: Design) -> Iterator[Finding]:
    by_table = indexes_by_table(design)
    for e in entities(design):
        groups = [(k.columns, k.name, k.source) for k in e.constraints if k.type == "unique"]
        groups += [([c.name], None, c.source) for c in e.columns if "unique" in c.constraints]
        groups += [(i.columns, i.index_name, i.source) for i in by_table.get(e.table_name, []) if i.unique]
        for cols, name, source in groups:
            nullable = [n for n in cols if (c := column_of(design, e, n)) is not None and c.nullable]
            if not nullable:
                continue
            label = name or f"unique ({', '.join(cols)})"
            several = len(cols) > 1
            yield finding(
                "SG604" if several else "SG611",
                f"{label} on {e.table_name} includes nullable column(s) {', '.join(nullable)}; "
                "NULLs never conflict, so duplicates "
                + ("of the other columns " if several else "")
                + "are allowed where they are NULL",
                entity=e.name,
                column=nullable[0],
                source=source,
                hint=f"make {', '.join(nullable)} NOT NULL, or add a partial unique index WHERE {nullable[0]} IS NULL"
                if several
                else "fine if the value is optional",
            )


@rule("SG605", "constraint-unknown-column", "error")
def check_constraint_columns(design: Design) -> Iterator[Finding]:
    """A unique (or exclude) constraint names a column the table does not have (an exclusion constraint's
    expression elements, `tstzrange(starts, ends)`, are not column names).

    Fix: correct the name in the Constraints section.
    """
    for e in entities(design):
        for k in e.constraints:
            for n in k.columns:
                if k.type == "exclude" and not re.fullmatch(r"\w+", n):
                    continue
                if column_of(design, e, n) is None:
                    yield finding(
                        "SG605",
                        f"{k.type} constraint {k.name or ''} on {e.table_name} names unknown column '{n}'".replace(
                            "  ", " "
                        ),
                        entity=e.name,
                        column=n,
                        source=k.source,
                    )


_UUID_TEXT = re.compile(r"\{?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}\}?\Z")
_DATE_TEXT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_TIME_TEXT = re.compile(r"\d{1,2}:\d{2}")
_SPECIAL_TIMES = frozenset({"infinity", "-infinity", "epoch", "now", "today", "tomorrow", "yesterday", "allballs"})


# Column types a numeric literal cannot be assigned to (PostgreSQL: "default expression is of type integer").
_NOT_NUMBERS = frozenset(
    {"uuid", "date", "time", "timestamp", "timestamptz", "interval", "json", "jsonb", "bytea", "array", "inet"}
)


def _text_misfit(family: str, value: str) -> bool:
    """A string literal that PostgreSQL's input function for `family` refuses (what the DDL's DEFAULT would fail on)."""
    text = value.strip()
    if text.lower() in _SPECIAL_TIMES and family in ("date", "timestamp", "timestamptz", "time"):
        return False
    if family == "uuid":
        return not _UUID_TEXT.match(text)
    if family in ("date", "timestamp", "timestamptz"):
        return not _DATE_TEXT.match(text)
    if family == "time":
        return not _TIME_TEXT.match(text)
    if family in ("json", "jsonb"):
        import json

        try:
            json.loads(text)
        except ValueError:
            return True
    return False


# Generated defaults and the column types that can hold what they generate.
_GENERATOR_FITS = {
    "now": frozenset({"timestamp", "timestamptz", "date", "time"}),
    "today": frozenset({"date", "timestamp", "timestamptz"}),
    "uuid4": frozenset({"uuid", "varchar", "char", "text"}),
}


def _generator_misfit(c: Column, enums: dict[str, list[str]]) -> str | None:
    """Why a generated or SQL-expression default cannot fill column `c` (None when it can, or cannot tell)."""
    if c.default_kind == "generator" and isinstance(c.default, str) and c.default in _GENERATOR_FITS:
        if c.database_type not in _GENERATOR_FITS[c.default] and c.unmapped_type is None:
            return f"cannot fill a {c.sql_type} column"
    if c.default_kind == "generator" and isinstance(c.default, list | dict):
        if c.database_type not in ("json", "jsonb", "array"):
            return (
                f"is a {'list' if isinstance(c.default, list) else 'mapping'}, which a {c.sql_type} column cannot hold"
            )
    if c.default_kind == "expression" and c.database_type == "enum" and c.enum in enums:
        return f"is not a value of enum {c.enum} ({', '.join(enums[c.enum])})"
    return None


@rule("SG606", "default-does-not-fit", "error")
def check_default_types(design: Design) -> Iterator[Finding]:
    """A default does not fit its column: longer than varchar(n), not a number for a numeric
    column, not true/false for a boolean, not a value of the enum (also an expression on an enum
    column), `now` on a column that holds no time, `uuid4` on a number, a list on a scalar column.

    The insert (or the migration that sets the default) fails. Fix: correct the default or the type.
    """
    enums = {x.name: x.values for x in design.database_schema.enums}
    for e, c in _defaulted(design):
        why = _generator_misfit(c, enums)
        if why:
            yield finding(
                "SG606",
                f"default {c.default if c.default_kind == 'generator' else c.server_default!r} of "
                f"{e.table_name}.{c.name} {why}",
                entity=e.name,
                column=c.name,
                source=c.source,
            )
        if c.default_kind != "literal" or c.default is None:
            continue
        v, t, why = c.default, c.database_type, None
        if t in ("varchar", "char") and c.length is not None and isinstance(v, str) and len(v) > c.length:
            why = f"is {len(v)} characters, longer than {c.sql_type}"
        elif t in ("smallint", "integer", "bigint", "numeric", "real", "double") and (
            isinstance(v, bool) or not isinstance(v, int | float)
        ):
            why = f"is not a number ({c.sql_type})"
        elif t in ("smallint", "integer", "bigint") and isinstance(v, float) and not v.is_integer():
            why = f"is not a whole number ({c.sql_type})"
        elif t == "boolean" and not isinstance(v, bool):
            why = "is not true or false"
        elif isinstance(v, int | float) and not isinstance(v, bool) and t in _NOT_NUMBERS:
            why = f"is a number, not a {t} value"
        elif isinstance(v, str) and _text_misfit(t, v):
            why = f"is not a {t} value"
        elif t == "enum" and c.enum in enums and str(v) not in enums[c.enum]:
            why = f"is not a value of enum {c.enum} ({', '.join(enums[c.enum])})"
        if why:
            yield finding(
                "SG606",
                f"default {v!r} of {e.table_name}.{c.name} {why}",
                entity=e.name,
                column=c.name,
                source=c.source,
            )
