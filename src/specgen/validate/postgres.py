"""PostgreSQL object rules (SG71x): types known only by their SQL text, extensions a design needs but no spec
declares, and PostgreSQL-only types in a design that also targets SQLite."""

from __future__ import annotations

from collections.abc import Iterator

from specgen.design.model import Design
from specgen.validate.finding import Finding, entities, finding, rule
from specgen.vocab.pgtypes import PG_TYPES
from specgen.vocab.types import PASSTHROUGH


@rule("SG710", "opaque-type", "warning")
def check_opaque_types(design: Design) -> Iterator[Finding]:
    """A column's type is one specgen cannot tell (a type of an extension it does not know, a composite type
    declared elsewhere): it is kept as written and rendered as a passthrough type that emits its SQL text, so
    the database must know it when the revision runs. Models type the attribute `Any`.

    Fix: nothing, if the database provides the type (declare its extension); or write a type of the
    vocabulary docs/spec-format.md lists.
    """
    for e in entities(design):
        for c in e.columns:
            if c.database_type == PASSTHROUGH:
                yield finding(
                    "SG710",
                    f"type '{c.sql_type}' of column {e.table_name}.{c.name} is kept as written: specgen cannot "
                    "tell what it is",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                    hint="the database must provide this type when the revision runs",
                )


@rule("SG711", "undeclared-extension", "warning")
def check_undeclared_extensions(design: Design) -> Iterator[Finding]:
    """A column type, an index method or an operator class needs a PostgreSQL extension
    no spec declares. The design lists it (`implied_by`) and the revision creates it before the tables.

    Fix: declare it, in the spec's front matter (`extensions: [vector]`) or with `CREATE EXTENSION` in a
    ```sql block, so that the spec says what the database needs.
    """
    for ext in design.database_schema.extensions:
        if ext.implied_by:
            yield finding(
                "SG711",
                f"extension '{ext.name}' is needed by {ext.implied_by[0]}"
                + (f" and {len(ext.implied_by) - 1} more" if len(ext.implied_by) > 1 else "")
                + " but no spec declares it",
                hint=f"add 'extensions: [{ext.name}]' to the spec's front matter",
            )


@rule("SG712", "postgresql-only-type", "info")
def check_postgresql_only_types(design: Design) -> Iterator[Finding]:
    """A column has a PostgreSQL type (pgvector, PostGIS, citext, hstore, …) and SQLite is a target: on SQLite
    the column is stored as JSON (vectors, hstore) or text, and the extension's operators are unavailable.

    Fix: nothing if that is intended; or drop `sqlite` from `[tool.specgen] dialects`.
    """
    if "sqlite" not in design.database_schema.meta.dialects:
        return
    for e in entities(design):
        for c in e.columns:
            pg = PG_TYPES.get(c.database_type)
            if pg is not None or c.database_type == PASSTHROUGH:
                stand_in = pg.sqlite if pg else "Text"
                yield finding(
                    "SG712",
                    f"column {e.table_name}.{c.name} is {c.sql_type}, a PostgreSQL type; SQLite stores "
                    f"{'JSON' if stand_in == 'JSON' else stand_in.lower()}",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                )
