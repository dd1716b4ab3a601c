"""Expression and type rules (SG607-SG609): what the database itself would refuse in a design's SQL text, enum
labels and column options. Expressions are judged by sqlexpr, the module every renderer emits them through."""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen import sqlexpr
from specgen.design.model import Design
from specgen.source import Location
from specgen.validate.finding import Finding, entities, finding, per_run, rule, tables

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
TEMPORAL = frozenset({"timestamp", "timestamptz", "date", "time"})


Expr = tuple[str, str, str | None, str | None, Location | None, bool]


def design_expressions(design: Design) -> list[Expr]:
    """(what, expression, entity, column, source, is_default) of every SQL expression the design carries
    (collected once per validate run: five rules read them)."""
    return per_run("expressions", design, lambda d: list(_expressions(d)))


def _expressions(design: Design) -> Iterator[Expr]:
    for e in entities(design):
        for c in e.columns:
            if c.check_expression:
                yield f"check on {e.table_name}.{c.name}", c.check_expression, e.name, c.name, c.source, False
            if c.server_default:
                yield f"default of {e.table_name}.{c.name}", c.server_default, e.name, c.name, c.source, True
        for k in e.constraints:
            if k.type == "check" and k.expression:
                what = f"check {k.name + ' ' if k.name else ''}on {e.table_name}"
                yield what, k.expression, e.name, None, k.source or e.source, False
    owners = tables(design)
    for i in design.database_schema.indexes:
        owner = owners.get(i.table_name)
        name = owner.name if owner else None
        for col in i.columns:
            if not _NAME.match(col):
                yield f"expression of index {i.index_name}", col, name, None, i.source, False
        if i.condition:
            yield f"where of index {i.index_name}", i.condition, name, None, i.source, False


@rule("SG607", "invalid-expression", "error")
def check_expressions(design: Design) -> Iterator[Finding]:
    """A default, check, index expression or partial-index `where` is not exactly one SQL expression in
    every target dialect (PostgreSQL alone for PostgreSQL-only SQL), or nests too deep, or a default
    names a column or a Python object.

    Such text would break the DDL, or — `0); DROP TABLE users; --` — run statements of its own. specgen
    parses every expression (sqlglot) and emits only what it rendered from the parse, so it never
    reaches the database; this finding says why it was refused. Fix: write one SQL expression: a
    literal (`'draft'`, `0`), a SQL function (`CURRENT_TIMESTAMP`), or a condition over the columns
    (`price >= 0`), without `;` or comments, nested at most 32 levels deep.
    """
    dialects = tuple(design.database_schema.meta.dialects)
    for what, text, entity, column, source, is_default in design_expressions(design):
        why = sqlexpr.problem(text, dialects, default=is_default)
        if why:
            shown = text if len(text) <= 80 else text[:77] + "..."
            yield finding(
                "SG607",
                f"{what} {why}: {shown}",
                entity=entity,
                column=column,
                source=source,
                hint="write one SQL expression (a literal, a function call, a condition); it is never emitted as is",
            )


@rule("SG608", "duplicate-enum-label", "error")
def check_enum_labels(design: Design) -> Iterator[Finding]:
    """An enum lists one value twice (`enum(draft, draft)`), or has no values.

    PostgreSQL refuses `CREATE TYPE … AS ENUM` with a repeated label, and the Python enum would
    silently alias the two members. Fix: list each value once.
    """
    for en in design.database_schema.enums:
        seen: set[str] = set()
        if not en.values:
            yield finding("SG608", f"enum {en.name} has no values", source=en.source, hint="list its values")
        for v in en.values:
            if v in seen:
                yield finding(
                    "SG608",
                    f"enum {en.name} lists '{v}' twice",
                    source=en.source,
                    hint="PostgreSQL refuses duplicate enum labels; list each value once",
                )
            seen.add(v)


@rule("SG609", "on-update-not-temporal", "error")
def check_on_update(design: Design) -> Iterator[Finding]:
    """`on update now` on a column that does not hold a time (an integer, a string).

    The ORM writes the current timestamp into it on every update, and the database refuses the value
    (PostgreSQL) or stores a string where a number was meant (SQLite). Fix: put `on update now` on a
    timestamp column, or drop it.
    """
    for e in entities(design):
        for c in e.columns:
            if c.onupdate and c.database_type not in TEMPORAL:
                yield finding(
                    "SG609",
                    f"{e.table_name}.{c.name} is {c.sql_type} but is set to '{c.onupdate}' on every update",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint="use on update now with a timestamp or timestamptz column",
                )
