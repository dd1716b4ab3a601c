"""Migration-safety rules (SG8xx): changes against the head revision's design that lose data or lock tables.

They read the plan stage's breaking changes (design/plan.py: against the design snapshot of the head
Alembic revision), which validate() passes to them beside the design: `check_<thing>(design, plan)`. A breaking change that Migration notes acknowledge is
not reported; an unacknowledged one is an error, and `render --target alembic` refuses to write it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from specgen.design.model import BreakingChange, Design, MigrationPlan
from specgen.validate.finding import Finding, RuleFunc, Severity, finding, rule


def plan_rule(code: str, name: str, severity: Severity) -> Callable[[Callable[..., Iterator[Finding]]], RuleFunc]:
    """`@rule`, for a rule that judges the plan: validate() calls it as `func(design, plan)`."""

    def register(func: Callable[..., Iterator[Finding]]) -> RuleFunc:
        func.reads_plan = True  # type: ignore[attr-defined]
        return rule(code, name, severity)(func)

    return register


def _changes(plan: MigrationPlan, kind: str) -> Iterator[BreakingChange]:
    for c in plan.breaking_changes:
        if c.change_type == kind:
            yield c


def _col(c: BreakingChange) -> str | None:
    return c.affected_columns[0] if c.affected_columns else None


def _report(
    plan: MigrationPlan,
    kind: str,
    code: str,
    message: Callable[[BreakingChange], str],
    *,
    acknowledgeable: bool = True,
    with_column: bool = False,
) -> Iterator[Finding]:
    """One finding per breaking change of `kind` (skipping those Migration notes allow, where they can)."""
    for c in _changes(plan, kind):
        if acknowledgeable and c.allowed:
            continue
        yield finding(
            code, message(c), entity=c.table, column=_col(c) if with_column else None, source=c.source, hint=c.hint
        )


@plan_rule("SG801", "unallowed-column-drop", "error")
def check_column_drops(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """A column of the head revision's design is gone, and Migration notes do not allow dropping it.

    Dropping a column destroys its data; the downgrade brings the column back empty. When the column
    was renamed, declare the rename (`renamed from OLD` in the Constraints cell, or
    `rename column t.old -> t.new` in Migration notes) and the data moves with it. Otherwise
    acknowledge the drop: `allow drop column t.c` in Migration notes.
    """
    yield from _report(
        plan,
        "column_drop",
        "SG801",
        lambda c: f"column {c.table}.{_col(c)} is dropped, which loses its data",
        with_column=True,
    )


@plan_rule("SG802", "unallowed-table-drop", "error")
def check_table_drops(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """A table of the head revision's design is gone, and Migration notes do not allow dropping it.

    Fix: declare a rename (`renamed from` on the entity, or `rename table old -> new`), or
    acknowledge the drop with `allow drop table t` in Migration notes.
    """
    yield from _report(plan, "table_drop", "SG802", lambda c: f"table {c.table} is dropped, which loses its rows")


@plan_rule("SG803", "not-null-without-default", "error")
def check_not_null(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """A NOT NULL column is added to an existing table (or a column becomes NOT NULL) without a default.

    Rows that already exist have no value for it, so the migration fails on any non-empty table.
    Fix: give the column a default (the Default cell becomes a server default), or add it nullable,
    fill it, and make it NOT NULL in a later version.
    """
    yield from _report(
        plan,
        "nullability_change",
        "SG803",
        lambda c: f"{c.table}.{_col(c)} is NOT NULL without a default on a table that holds rows",
        with_column=True,
    )


@plan_rule("SG804", "narrowing-type-change", "error")
def check_narrowing(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """A column's type changes to one that cannot hold every value of the old type.

    Shorter varchar, smaller integer, fewer digits, or a different family: values that do not fit stop
    the migration or are cut. Fix: keep the wider type, or acknowledge with `allow narrowing t.c`.
    """
    yield from _report(
        plan, "type_change", "SG804", lambda c: f"{c.table}.{_col(c)} changes to a narrower type", with_column=True
    )


@plan_rule("SG805", "enum-value-removed", "error")
def check_enum_values(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """Values are removed from an enum that existing rows may hold.

    PostgreSQL cannot drop an enum value; the type is rebuilt and rows holding a removed value stop
    the migration. Fix: keep the value, or migrate the rows first and acknowledge with
    `allow data loss t.c` for a column of that enum.
    """
    yield from _report(
        plan, "enum_change", "SG805", lambda c: f"enum values are removed ({', '.join(c.affected_columns)})"
    )


@plan_rule("SG806", "unique-on-existing-table", "warning")
def check_new_unique(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """A unique constraint is added to a table that already exists.

    Whether it can be created depends on the data: duplicates stop the migration. Fix: deduplicate the
    rows first (a data migration), then add the constraint.
    """
    yield from _report(
        plan,
        "constraint_change",
        "SG806",
        lambda c: (
            f"unique constraint on existing table {c.table} ({', '.join(c.affected_columns)}) "
            "fails if rows hold duplicates"
        ),
        acknowledgeable=False,
    )


@plan_rule("SG807", "index-on-large-table", "warning")
def check_large_index(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """An index is added to a table the spec estimates as large (1,000,000 rows or more).

    CREATE INDEX blocks writes to the table while it builds. Fix: build it with
    CREATE INDEX CONCURRENTLY outside the migration's transaction.
    """
    yield from _report(
        plan,
        "index_change",
        "SG807",
        lambda c: f"index on large table {c.table} ({', '.join(c.affected_columns)}) locks writes",
        acknowledgeable=False,
    )


@plan_rule("SG808", "primary-key-change", "error")
def check_primary_key_change(design: Design, plan: MigrationPlan) -> Iterator[Finding]:
    """The primary key of an existing table changes.

    Foreign keys of other tables point at the key, and rows must stay unique under the new one;
    specgen does not write such a migration. Fix: keep the key, or write that revision by hand
    (`alembic revision` on top of specgen's; the next specgen revision builds on it) and acknowledge
    it with `allow data loss t.c` (a column of the new key) in Migration notes.
    """
    yield from _report(
        plan,
        "primary_key_change",
        "SG808",
        lambda c: f"the primary key of {c.table} changes to ({', '.join(c.affected_columns)})",
    )
