"""Dialect rules (SG7xx): PostgreSQL-only constructs when SQLite is a target, and PostgreSQL limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen.design.model import Design
from specgen.validate.finding import Finding, entities, finding, rule

# (pattern, what it is, what the SQLite rendering does instead)
PG_ONLY: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"!?~\*?"), "the regular-expression operator ~", "the check is created on PostgreSQL only"),
    (re.compile(r"\bilike\b", re.I), "ILIKE", "the check is created on PostgreSQL only"),
    (re.compile(r"\bsimilar\s+to\b", re.I), "SIMILAR TO", "the check is created on PostgreSQL only"),
    (re.compile(r"::"), "a :: cast", "write CAST(x AS type), which both dialects read"),
    (
        re.compile(r"\bgen_random_uuid\s*\(", re.I),
        "gen_random_uuid()",
        "the model's Python uuid4 default fills the key on SQLite",
    ),
    (
        re.compile(r"\buuid_generate_v\d\w*\s*\(", re.I),
        "uuid-ossp's uuid_generate_v*()",
        "the model's Python uuid4 default fills the key on SQLite",
    ),
    (re.compile(r"\bnow\s*\(\s*\)", re.I), "now()", "write CURRENT_TIMESTAMP, which both dialects read"),
    (
        re.compile(r"@>|<@|\?\||\?&|#>>?|\bjsonb_\w+\s*\(", re.I),
        "a JSONB operator or function",
        "the check is created on PostgreSQL only",
    ),
    (
        re.compile(r"\barray\s*\[|\bany\s*\(|\bcardinality\s*\(|\barray_length\s*\(", re.I),
        "an ARRAY expression",
        "the check is created on PostgreSQL only",
    ),
    (
        re.compile(r"\b(?:to_tsvector|to_tsquery|regexp_\w+)\s*\(", re.I),
        "a PostgreSQL-only function",
        "the check is created on PostgreSQL only",
    ),
)
_SWAPPED_DEFAULTS = frozenset({"now()", "gen_random_uuid()", "uuid_generate_v4()", "uuid_generate_v1()"})
PG_MAX_VARCHAR = 10_485_760
PG_MAX_NUMERIC_PRECISION = 1000
PG_MAX_COLUMNS = 1600
PG_MAX_INDEX_COLUMNS = 32


def _sqlite(design: Design) -> bool:
    return "sqlite" in design.database_schema.meta.dialects


def _strip_strings(text: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", text)


def _expressions(design: Design) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
    """(where, expression, entity, column, source) of every SQL expression the design carries."""
    for e in entities(design):
        for c in e.columns:
            if c.check_expression:
                yield f"check on {e.table_name}.{c.name}", c.check_expression, e.name, c.name, c.source
            if c.server_default:
                yield f"server default of {e.table_name}.{c.name}", c.server_default, e.name, c.name, c.source
        for k in e.constraints:
            if k.expression:
                yield (
                    f"{k.type} constraint {k.name or ''} on {e.table_name}".replace("  ", " "),
                    k.expression,
                    e.name,
                    None,
                    k.source,
                )
    for i in design.database_schema.indexes:
        if i.condition:
            yield f"condition of index {i.index_name}", i.condition, None, None, i.source
        for col in i.columns:
            if not re.fullmatch(r"\w+", col):
                yield f"expression of index {i.index_name}", col, None, None, i.source


@rule("SG701", "postgresql-only-expression", "warning")
def check_pg_expressions(design: Design) -> Iterator[Finding]:
    """A check, default or index expression uses PostgreSQL-only syntax while SQLite is a target
    (`~` regular expressions, ILIKE, `::` casts, gen_random_uuid(), now(), JSONB operators, ARRAY).

    SQLite cannot run it. The renderer falls back where it can, and the finding names how: a check
    is created on PostgreSQL only (SQLite does not enforce it — a warning); a `now()` or
    `gen_random_uuid()` server default becomes CURRENT_TIMESTAMP or the model's Python uuid4 default
    (info: nothing to fix). Otherwise rewrite the expression portably (CAST(x AS t) for `::`), or
    drop `sqlite` from `[tool.specgen] dialects`.
    """
    if not _sqlite(design):
        return
    for where, expr, entity, column, source in _expressions(design):
        text = _strip_strings(expr)
        for pattern, what, fallback in PG_ONLY:
            if pattern.search(text):
                # The renderer swaps these defaults for portable ones itself: worth knowing, nothing to fix.
                swapped = where.startswith("server default") and expr.strip().lower() in _SWAPPED_DEFAULTS
                yield finding(
                    "SG701",
                    f"{where} uses {what}, which SQLite does not support: {expr}",
                    entity=entity,
                    column=column,
                    source=source,
                    hint=f"on SQLite: {fallback}",
                    severity="info" if swapped else None,
                )
                break


@rule("SG702", "postgresql-only-type", "info")
def check_pg_types(design: Design) -> Iterator[Finding]:
    """A column type SQLite lacks (ARRAY, JSONB, tsvector, inet) while SQLite is a target.

    The renderer stores it as JSON (arrays, jsonb) or text (tsvector, inet) on SQLite, so the
    PostgreSQL operators and indexes on it do not carry over. Fix: nothing, if that fallback is
    acceptable; otherwise use portable types or drop `sqlite` from the dialects.
    """
    if not _sqlite(design):
        return
    fallback = {"array": "JSON", "jsonb": "JSON", "tsvector": "TEXT", "inet": "VARCHAR"}
    for e in entities(design):
        for c in e.columns:
            if c.database_type in fallback:
                yield finding(
                    "SG702",
                    f"{e.table_name}.{c.name} is {c.sql_type}, which SQLite lacks",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint=f"on SQLite the renderer uses {fallback[c.database_type]}",
                )


@rule("SG703", "postgresql-only-index", "info")
def check_pg_indexes(design: Design) -> Iterator[Finding]:
    """An index method other than btree (GIN, GiST, BRIN, SP-GiST, hash) while SQLite is a target.

    SQLite only has b-trees; the renderer emits the method for PostgreSQL (`postgresql_using`) and a
    plain index on SQLite. Fix: nothing, if a b-tree on SQLite is acceptable.
    """
    if not _sqlite(design):
        return
    owners = {e.table_name: e for e in entities(design)}
    for i in design.database_schema.indexes:
        if i.index_type != "btree":
            e = owners.get(i.table_name)
            yield finding(
                "SG703",
                f"index {i.index_name} uses {i.index_type.upper()}, which SQLite lacks",
                entity=e.name if e else None,
                source=i.source,
                hint="SQLite gets a plain b-tree index",
            )


@rule("SG704", "postgresql-limit", "error")
def check_pg_limits(design: Design) -> Iterator[Finding]:
    """A size beyond PostgreSQL's (and Neon's) limits: varchar(n) over 10485760, numeric precision
    over 1000, more than 1600 columns in a table, more than 32 columns in an index.

    The DDL fails. Fix: use text for long strings, a smaller precision, split the table, or a
    narrower index.
    """
    for e in entities(design):
        if len(e.columns) > PG_MAX_COLUMNS:
            yield finding(
                "SG704",
                f"{e.table_name} has {len(e.columns)} columns; PostgreSQL allows {PG_MAX_COLUMNS}",
                entity=e.name,
                source=e.source,
            )
        for c in e.columns:
            if c.database_type in ("varchar", "char") and (c.length or 0) > PG_MAX_VARCHAR:
                yield finding(
                    "SG704",
                    f"{e.table_name}.{c.name} is {c.sql_type}; PostgreSQL allows at most {PG_MAX_VARCHAR} characters",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint="use text",
                )
            if c.database_type == "numeric" and (c.precision or 0) > PG_MAX_NUMERIC_PRECISION:
                yield finding(
                    "SG704",
                    f"{e.table_name}.{c.name} is {c.sql_type}; PostgreSQL allows a precision "
                    f"of at most {PG_MAX_NUMERIC_PRECISION}",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                )
    for i in design.database_schema.indexes:
        if len(i.columns) > PG_MAX_INDEX_COLUMNS:
            yield finding(
                "SG704",
                f"index {i.index_name} has {len(i.columns)} columns; PostgreSQL allows {PG_MAX_INDEX_COLUMNS}",
                source=i.source,
            )
