"""Dialect rules (SG7xx): PostgreSQL-only constructs when SQLite is a target, and PostgreSQL limits."""

from __future__ import annotations

from collections.abc import Iterator

from specgen.design.model import Design
from specgen.sqlexpr import NOW_SQL, SQLITE_DROPPED, parse, pg_only_use
from specgen.validate.expressions import design_expressions
from specgen.validate.finding import Finding, entities, finding, rule
from specgen.vocab.types import parse_type

_SWAPPED_DEFAULTS = NOW_SQL | SQLITE_DROPPED  # the renderers replace these themselves
PG_MAX_VARCHAR = 10_485_760
PG_MAX_NUMERIC_PRECISION = 1000
PG_MAX_COLUMNS = 1600
PG_MAX_INDEX_COLUMNS = 32


def _sqlite(design: Design) -> bool:
    return "sqlite" in design.database_schema.meta.dialects


@rule("SG701", "postgresql-only-expression", "warning")
def check_pg_expressions(design: Design) -> Iterator[Finding]:
    """A check or index expression uses PostgreSQL-only syntax while SQLite is a target
    (`~` regular expressions, ILIKE, `::` casts, JSONB operators, ARRAY, PostgreSQL functions).

    SQLite cannot run it, so the renderers create that check or index on PostgreSQL only: SQLite does
    not enforce the check. Fix: rewrite the expression portably (CAST(x AS t) for `::`), or drop
    `sqlite` from `[tool.specgen] dialects`. (Defaults: SG705, SG706.)
    """
    if not _sqlite(design):
        return
    for where, expr, entity, column, source, is_default in design_expressions(design):
        use = None if is_default else pg_only_use(expr) or _unread_on_sqlite(expr)
        if use:
            yield finding(
                "SG701",
                f"{where} uses {use[0]}, which SQLite does not support: {expr}",
                entity=entity,
                column=column,
                source=source,
                hint=f"on SQLite: {use[1]}",
            )


def _unread_on_sqlite(expr: str) -> tuple[str, str] | None:
    p = parse(expr)
    if p.error("sqlite") and not p.error("postgresql"):
        return "syntax SQLite does not read", "the check or index is created on PostgreSQL only"
    return None


@rule("SG705", "postgresql-only-default", "error")
def check_pg_defaults(design: Design) -> Iterator[Finding]:
    """A server default uses PostgreSQL-only syntax (`U&'…'`, `E'…'`, JSONB or array functions, `~`)
    while SQLite is a target, and specgen has no portable replacement for it.

    A default applies on every dialect: SQLite refuses the CREATE TABLE. Fix: write a portable default,
    set it in Python (a Python-side default), or drop `sqlite` from `[tool.specgen] dialects`.
    """
    if not _sqlite(design):
        return
    for where, expr, entity, column, source, is_default in design_expressions(design):
        if not is_default or expr.strip().lower() in _SWAPPED_DEFAULTS:
            continue
        use = pg_only_use(expr) or _unread_on_sqlite(expr)
        if use:
            yield finding(
                "SG705",
                f"{where} uses {use[0]}, which SQLite does not support: {expr}",
                entity=entity,
                column=column,
                source=source,
                hint="write a default both dialects read, or drop sqlite from the dialects",
            )


@rule("SG706", "default-replaced-on-sqlite", "info")
def check_swapped_defaults(design: Design) -> Iterator[Finding]:
    """A `now()` or `gen_random_uuid()` server default while SQLite is a target.

    Nothing to fix: the renderers write CURRENT_TIMESTAMP (which both dialects run) for `now()`, and
    leave `gen_random_uuid()` to PostgreSQL while the model's Python uuid4 default fills the key on SQLite.
    """
    if not _sqlite(design):
        return
    for where, expr, entity, column, source, is_default in design_expressions(design):
        use = pg_only_use(expr) if is_default and expr.strip().lower() in _SWAPPED_DEFAULTS else None
        if use:
            yield finding(
                "SG706",
                f"{where} is {expr}, which SQLite lacks",
                entity=entity,
                column=column,
                source=source,
                hint=f"on SQLite: {use[1]}",
            )


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


# Array items JSON holds as they are; any other item type (uuid, date, numeric, enum, …) does not round-trip.
_JSON_ITEMS = frozenset(
    {"text", "varchar", "char", "smallint", "integer", "bigint", "boolean", "real", "double", "json", "jsonb"}
)


def _family(item: str, enums: set[str]) -> str:
    try:
        return parse_type(item, {n: () for n in enums} or None).name
    except ValueError:  # an unknown item type is SG901's business
        return "text"


@rule("SG707", "array-sqlite-unstorable", "warning")
def check_sqlite_arrays(design: Design) -> Iterator[Finding]:
    """An array of a type JSON cannot hold (`uuid[]`, `date[]`, `numeric[]`, `timestamptz[]`, an
    enum array) while SQLite is a target.

    On SQLite an array column is stored as JSON: inserting UUIDs, dates or Decimals fails ("Object
    of type UUID is not JSON serializable"), and enum members come back as plain strings. The
    schema is created; the data is what breaks. Fix: use `text[]`/`integer[]` (or a child table),
    or drop `sqlite` from `[tool.specgen] dialects`.
    """
    if not _sqlite(design):
        return
    enums = {en.name for en in design.database_schema.enums}
    for e in entities(design):
        for c in e.columns:
            if c.database_type != "array":
                continue
            item = (c.item_type or "text").strip()
            family = "enum" if item in enums else _family(item, enums)
            if family not in _JSON_ITEMS:
                yield finding(
                    "SG707",
                    f"{e.table_name}.{c.name} is {c.sql_type}: SQLite stores arrays as JSON, which cannot hold "
                    f"{'enum members' if family == 'enum' else item + ' values'}",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint="use text[] or integer[] (or a child table), or drop sqlite from the dialects",
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
    """A size beyond PostgreSQL's (and Neon's) limits: varchar(n) or char(n) under 1 or over 10485760,
    numeric precision under 1 or over 1000, a scale outside 0..precision, more than 1600 columns in a
    table, more than 32 columns in an index.

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
            if c.database_type in ("varchar", "char") and c.length is not None and c.length < 1:
                yield finding(
                    "SG704",
                    f"{e.table_name}.{c.name} is {c.sql_type}; PostgreSQL needs a length of at least 1",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint="give a positive length, or use text",
                )
            if c.database_type == "numeric" and c.precision is not None and c.precision < 1:
                yield finding(
                    "SG704",
                    f"{e.table_name}.{c.name} is {c.sql_type}; PostgreSQL needs a precision of at least 1",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                )
            if c.database_type == "numeric" and c.scale is not None and not (0 <= c.scale <= (c.precision or 1000)):
                yield finding(
                    "SG704",
                    f"{e.table_name}.{c.name} is {c.sql_type}; the scale must be between 0 and the precision",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                )
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
