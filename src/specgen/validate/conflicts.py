"""Conflict rules (SG0xx): facts that two spec forms state differently."""

from __future__ import annotations

from collections.abc import Iterator

from specgen.design.model import Design
from specgen.validate.finding import Finding, finding, rule

# Facts whose disagreement changes the schema itself; others (defaults) change behaviour only.
_SCHEMA_FACTS = frozenset({"type", "nullable", "foreign key", "on delete", "primary key", "unique"})


@rule("SG001", "conflicting-forms", "error")
def check_conflicts(design: Design) -> Iterator[Finding]:
    """Two forms of one table (say a SQL block and an ORM class) state one fact of the schema
    differently: the type, nullability, primary key, uniqueness, a foreign key or its ON DELETE.

    specgen keeps the value of the higher-priority form (native, yaml, sql, ORM code, a column table,
    a diagram) and names both lines; the generated schema contradicts one of the specs. (Other facts, such as a
    default, are SG002.) Fix: make the two forms agree, or drop the redundant one.
    """
    yield from _conflicts(design, schema=True)


@rule("SG002", "conflicting-forms-behaviour", "warning")
def check_behaviour_conflicts(design: Design) -> Iterator[Finding]:
    """Two forms of one table state a fact differently that changes behaviour, not the schema's shape
    (a default, say).

    specgen keeps the value of the higher-priority form and names both lines. Fix: make the two forms
    agree, or drop the redundant one.
    """
    yield from _conflicts(design, schema=False)


def _conflicts(design: Design, schema: bool) -> Iterator[Finding]:
    for c in design.database_schema.conflicts:
        if (c.fact in _SCHEMA_FACTS) != schema:
            continue
        where = f"{c.entity}.{c.column}" if c.column else c.entity
        shown = " vs ".join(map(str, c.values))
        kept = c.values[0].value if c.values else ""
        yield finding(
            "SG001" if schema else "SG002",
            f"{where}: the spec forms disagree on {c.fact}: {shown}",
            entity=c.entity,
            column=c.column,
            source=c.sources[-1] if c.sources else None,
            hint=f"specgen uses {kept!r} (from {c.sources[0]}); make the other form agree" if c.sources else None,
        )
