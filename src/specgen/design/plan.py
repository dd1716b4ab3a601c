"""migration_plan: the difference baseline -> new design, with what it risks and how to undo it.

`plan(new, baseline, base_revision)` is pure; `plan_for(design, versions)` is the pipeline's plan stage: a
`Plan` value beside the design (design.yaml's migration_plan, and the next revision the Alembic target writes).
A breaking change is `allowed` when it is safe as planned or Migration notes acknowledge it; an
unallowed one stops `render --target alembic` and `specgen check`, and `validate` names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specgen.design.baseline import Revision, change_slug, load_baseline, load_snapshot, revision_id, revisions
from specgen.design.model import BreakingChange, Design, MigrationPlan, RollbackPlan
from specgen.design.yaml_io import Written, design_hash, written_schema
from specgen.source import Location

if TYPE_CHECKING:
    from specgen.design import diff as d

# The diff (and its op classes, a large module) is imported where a plan is made: a command that finds the plan
# in specgen's cache (`validate`, the render targets) needs only the `Plan` value.

LARGE_TABLE_ROWS = 1_000_000


def _noted(design: Design, table: str, column: str | None, *actions: str) -> bool:
    for n in design.database_schema.migration_notes:
        if n.action in actions and n.table == table and (column is None or n.column == column):
            return True
    return False


def _entity_source(design: Design, table: str) -> Location | None:
    e = design.database_schema.entity(table)
    return e.source if e else None


def _column_source(design: Design, table: str, column: str) -> Location | None:
    e = design.database_schema.entity(table)
    c = e.column(column) if e else None
    return (c.source if c else None) or (e.source if e else None)


def script_path(
    new: Design,
    base_revision: str | None,
    migrations: str = "generated/migrations",
    slug: str = "schema",
    new_hash: str | None = None,
) -> str:
    """`new_hash`: design_hash(new), when the caller has it (hashing a big design is not free)."""
    return f"{migrations}/versions/{revision_id(base_revision, new_hash or design_hash(new))}_{slug}.py"


def breaking_changes(
    ops: list[d.Op], new: Design, old: Design | None, script: str | None = None
) -> list[BreakingChange]:
    from specgen.design import diff as d

    out: list[BreakingChange] = []
    adds = {(op.table, op.column.sql_type): op.column.name for op in ops if isinstance(op, d.AddColumn)}
    new_tables = {op.table for op in ops if isinstance(op, d.CreateTable)}
    rows = new.database_schema.performance_considerations.estimated_row_counts
    renamed_tables = {op.table: op.new_name for op in ops if isinstance(op, d.RenameTable)}

    def bc(**kw: object) -> None:
        out.append(BreakingChange(migration_script_path=script, **kw))  # type: ignore[arg-type]

    for op in ops:
        if isinstance(op, d.DropColumn):
            twin = adds.get((op.table, op.column.sql_type))
            hint = (
                f"if {op.column.name} became {twin}, declare it: 'rename column {op.table}.{op.column.name} -> "
                f"{op.table}.{twin}' in Migration notes"
                if twin
                else f"acknowledge it: 'allow drop column {op.table}.{op.column.name}' in Migration notes"
            )
            bc(
                change_type="column_drop",
                table=op.table,
                affected_columns=[op.column.name],
                data_migration_required=True,
                hint=hint,
                source=_entity_source(new, op.table),
                allowed=_noted(new, op.table, op.column.name, "allow_drop_column", "allow_data_loss"),
            )
        elif isinstance(op, d.DropTable):
            cols = [c.name for c in op.entity.columns]
            bc(
                change_type="table_drop",
                table=op.table,
                affected_columns=cols,
                data_migration_required=True,
                allowed=_noted(new, op.table, None, "allow_drop_table"),
                hint=f"acknowledge it: 'allow drop table {op.table}' in Migration notes, or declare a rename",
                source=new.database_schema.meta.spec_files[0] + ":1" if new.database_schema.meta.spec_files else None,
            )
        elif isinstance(op, d.RenameColumn):
            bc(
                change_type="column_rename",
                table=op.table,
                affected_columns=[op.old, op.new],
                allowed=True,
                source=_column_source(new, op.table, op.new),
            )
        elif isinstance(op, d.RenameTable):
            bc(
                change_type="table_rename",
                table=op.new_name,
                affected_columns=[],
                allowed=True,
                source=_entity_source(new, op.new_name),
            )
        elif isinstance(op, d.AddColumn):
            if not op.column.nullable and op.column.server_default is None:
                bc(
                    change_type="nullability_change",
                    table=op.table,
                    affected_columns=[op.column.name],
                    data_migration_required=True,
                    allowed=_noted(new, op.table, op.column.name, "allow_data_loss"),
                    hint=f"give {op.table}.{op.column.name} a default (the Default cell), or make it nullable first",
                    source=_column_source(new, op.table, op.column.name),
                )
        elif isinstance(op, d.AlterColumn):
            src = _column_source(new, op.table, op.new.name)
            if op.narrowing:
                bc(
                    change_type="type_change",
                    table=op.table,
                    affected_columns=[op.new.name],
                    data_migration_required=True,
                    source=src,
                    allowed=_noted(new, op.table, op.new.name, "allow_narrowing", "allow_data_loss"),
                    hint=f"{op.old.sql_type} -> {op.new.sql_type} may not fit existing values; acknowledge it: "
                    f"'allow narrowing {op.table}.{op.new.name}' in Migration notes",
                )
            elif op.type_changed:
                bc(change_type="type_change", table=op.table, affected_columns=[op.new.name], allowed=True, source=src)
            if op.nullable_changed and not op.new.nullable and op.new.server_default is None:
                bc(
                    change_type="nullability_change",
                    table=op.table,
                    affected_columns=[op.new.name],
                    data_migration_required=True,
                    source=src,
                    allowed=_noted(new, op.table, op.new.name, "allow_data_loss"),
                    hint=f"existing NULLs in {op.table}.{op.new.name} stop the migration: give it a default, or "
                    f"acknowledge with 'allow data loss {op.table}.{op.new.name}'",
                )
        elif isinstance(op, d.CreateConstraint) and op.constraint.type == "unique" and op.table not in new_tables:
            bc(
                change_type="constraint_change",
                table=op.table,
                affected_columns=list(op.constraint.columns),
                data_migration_required=True,
                allowed=True,
                source=_entity_source(new, op.table),
                hint="a unique constraint on existing rows fails if they hold duplicates; deduplicate first",
            )
        elif isinstance(op, d.AlterEnum) and op.removed:
            cols = [f"{t}.{c}" for t, c, _ in op.columns]
            ok = any(_noted(new, t, c, "allow_data_loss", "allow_narrowing") for t, c, _ in op.columns)
            bc(
                change_type="enum_change",
                table=op.columns[0][0] if op.columns else op.table,
                affected_columns=cols,
                data_migration_required=True,
                allowed=ok,
                source=next((s for t, c, _ in op.columns if (s := _column_source(new, t, c))), None),
                hint=f"values {', '.join(op.removed)} of enum {op.table} are removed; rows holding them stop the "
                "migration; acknowledge with 'allow data loss TABLE.COLUMN'",
            )
        elif isinstance(op, d.CreateIndex) and op.table not in new_tables:
            n = rows.get(op.table) or rows.get(next((o for o, t in renamed_tables.items() if t == op.table), ""), 0)
            if n >= LARGE_TABLE_ROWS:
                bc(
                    change_type="index_change",
                    table=op.table,
                    affected_columns=list(op.index.columns),
                    allowed=True,
                    source=op.index.source or _entity_source(new, op.table),
                    hint=f"{op.table} holds about {n:,} rows: CREATE INDEX locks writes; build it CONCURRENTLY "
                    "outside the migration transaction",
                )
    for table, before, after in primary_key_changes(old, new):
        bc(
            change_type="primary_key_change",
            table=table,
            affected_columns=after,
            data_migration_required=True,
            allowed=_noted(new, table, None, "allow_data_loss"),
            source=_entity_source(new, table),
            hint=f"the primary key of {table} changes ({', '.join(before)} -> {', '.join(after)}) and specgen does "
            "not migrate key changes: write that revision by hand (`alembic revision`), then acknowledge it with "
            f"'allow data loss {table}.{after[0] if after else before[0]}' in Migration notes",
        )
    return out


def primary_key_changes(old: Design | None, new: Design) -> list[tuple[str, list[str], list[str]]]:
    """(table, old key, new key) of tables that exist on both sides with a different primary key."""
    from specgen.design import diff as d

    if old is None:
        return []
    renames = d.declared_renames(old, new)
    back = {v: k for k, v in renames.tables.items()}
    old_by = {e.table_name: e for e in old.database_schema.entities}
    out = []
    for e in new.database_schema.entities:
        was = old_by.get(back.get(e.table_name, e.table_name))
        if was is None:
            continue
        col_back = {n: o for (t, o), n in renames.columns.items() if t == e.table_name}
        before = list(was.primary_key.columns) if was.primary_key else []
        after = [col_back.get(c, c) for c in (e.primary_key.columns if e.primary_key else [])]
        if before != after:
            out.append((e.table_name, before, list(e.primary_key.columns) if e.primary_key else []))
    return out


def plan(
    new: Design,
    baseline: Design | None,
    base_revision: str | None = None,
    migrations: str = "generated/migrations",
    ops: list[d.Op] | None = None,
    new_hash: str | None = None,
) -> tuple[MigrationPlan, list[d.Op]]:
    """The migration plan baseline -> new, and the ops it is made of (`ops`: the diff, when known;
    `new_hash`: design_hash(new), when known)."""
    from specgen.design import diff as d

    ops = d.diff(baseline, new) if ops is None else ops
    slug = change_slug(new, baseline, ops) if ops else ""
    script = script_path(new, base_revision, migrations, slug, new_hash) if ops else None
    changes = breaking_changes(ops, new, baseline, script)
    new_names = {e.table_name: e.name for e in new.database_schema.entities}
    created = [op.table for op in ops if isinstance(op, d.CreateTable)]
    dropped = [op.entity.name for op in ops if isinstance(op, d.DropTable)]
    created_set = set(created)  # asked once an op: a list would make a big new schema's plan quadratic
    touched: dict[str, None] = {}  # entity names in first-touched order
    for op in ops:
        t = op.new_name if isinstance(op, d.RenameTable) else op.table
        if isinstance(op, (d.CreateTable, d.DropTable, d.CreateEnum, d.DropEnum, d.AlterEnum)):
            continue
        if t in new_names and t not in created_set:
            touched.setdefault(new_names[t])
    lossy = [op for op in ops if op.loses_data]
    steps = [op.describe() for op in d.reverse_ops(ops)]
    if lossy:
        steps.append(
            "data of "
            + ", ".join(op.describe().split(" ", 1)[1] for op in lossy)
            + " is not restored by the downgrade: restore it from a backup"
        )
    result = MigrationPlan(
        is_new_schema=baseline is None,
        base_revision=base_revision,
        breaking_changes=changes,
        new_entities=[new_names[t] for t in created],
        modified_entities=list(touched),
        dropped_entities=dropped,
        dependencies=[op.describe() for op in ops],
        rollback_plan=RollbackPlan(reversible=not lossy, rollback_steps=steps),
    )
    return result, ops


def unacknowledged(p: MigrationPlan) -> list[BreakingChange]:
    return [c for c in p.breaking_changes if not c.allowed]


@dataclass(frozen=True)
class NextRevision:
    """What `render --target alembic` would add: the new revision (None when the design is the head's),
    the ops baseline -> design, and the breaking changes among them (unacknowledged ones stop it)."""

    revision: str | None
    down_revision: str | None
    ops: list[d.Op]
    baseline: Design | None
    design_hash: str = ""
    changes: tuple[BreakingChange, ...] = ()

    @property
    def blocked(self) -> list[BreakingChange]:
        return [c for c in self.changes if not c.allowed]


@dataclass(frozen=True)
class Plan:
    """The plan stage's value, made against one revisions folder and passed to the SG8xx rules and the
    Alembic target; design.yaml shows `summary` as its migration_plan (yaml_io.dump_design).

    `next` is None when the summary came from specgen's cache: `next_revision()` works it out on demand
    (rendering loads the head's design; validating does not)."""

    summary: MigrationPlan
    versions: Path | None = None
    next: NextRevision | None = None
    design_hash: str = ""  # design_hash() of the design it was made for ("": not known), so that it is hashed once
    written: Written | None = field(default=None, repr=False, compare=False)  # the design's data, hashed and
    # written once (yaml_io.dump_design)


def _next(design: Design, baseline: Design | None, head: Revision | None, h: str, is_head: bool) -> NextRevision:
    from specgen.design import diff as d

    down = head.revision if head else None
    if is_head:
        return NextRevision(None, down, [], baseline)
    ops = d.diff(baseline, design)
    if not ops:  # nothing the database sees changed (or an empty design): no revision
        return NextRevision(None, down, [], baseline)
    changes = tuple(breaking_changes(ops, design, baseline))
    return NextRevision(revision_id(down, h), down, ops, baseline, h, changes)


def plan_for(design: Design, versions: Path, migrations: str = "generated/migrations") -> Plan:
    """The plan against the revisions in `versions/` (the design is not changed).

    Baseline: the head revision's design; when the design *is* the head's (its revision is already
    rendered), the summary stays the plan that revision carries out (baseline = its parent), so that
    design.yaml does not change when the revision is written."""
    written = written_schema(design)
    h = design_hash(design, written)
    top = _head_recording(versions, h)
    if top is not None:  # the design is the head's: its snapshot (megabytes for a big design) need not be loaded
        parent = next((r for r in revisions(versions) if r.revision == top.down_revision), None)
        baseline = load_snapshot(parent.snapshot) if parent is not None and parent.snapshot.is_file() else None
        summary = plan(design, baseline, top.down_revision, migrations, None, h)[0]
        return Plan(summary, versions, NextRevision(None, top.revision, [], None), h, written)
    baseline, head = load_baseline(versions)
    is_head = baseline is not None and design_hash(baseline) == h
    nxt = _next(design, baseline, head, h, is_head)
    base_rev = head.revision if head else None
    if is_head and head is not None and head.snapshot.is_file():
        base_rev = head.down_revision
        parent = next((r for r in revisions(versions) if r.revision == head.down_revision), None)
        baseline = load_snapshot(parent.snapshot) if parent is not None and parent.snapshot.is_file() else None
    ops = nxt.ops if baseline is nxt.baseline else None
    return Plan(plan(design, baseline, base_rev, migrations, ops, h)[0], versions, nxt, h, written)


def next_revision(design: Design, p: Plan | None, versions: Path) -> NextRevision:
    """The plan's next revision against `versions/`: the one `p` holds when made against that folder, else
    worked out here (the head's snapshot recording this design's hash: no revision, nothing loaded)."""
    if p is not None and p.next is not None and p.versions is not None and _same(p.versions, versions):
        return p.next
    h = (p.design_hash if p is not None else "") or design_hash(design)
    recorded = head_is(design, versions, h)
    if recorded is not None:
        return NextRevision(None, recorded, [], None)
    baseline, head = load_baseline(versions)
    return _next(design, baseline, head, h, baseline is not None and design_hash(baseline) == h)


def _same(a: Path, b: Path) -> bool:
    return a == b or a.resolve() == b.resolve()


_RECORDED_HASH = re.compile(r'"design_hash": "([0-9a-f]{64})"')


def head_is(design: Design, versions: Path, known: str | None = None) -> str | None:
    """The head revision's id when its snapshot records this design's hash: then no revision is needed,
    and the snapshot (megabytes for a big design) need not be loaded and compared. None: plan for real."""
    top = _head_recording(versions, known or design_hash(design))
    return top.revision if top is not None else None


def _head_recording(versions: Path, h: str) -> Revision | None:
    """The head revision when its snapshot's first line records the design hash `h`; None on any doubt."""
    from specgen.design.baseline import head
    from specgen.errors import SpecgenError

    try:
        top = head(versions)
        if top is None:
            return None
        with top.snapshot.open(encoding="utf-8") as fh:
            m = _RECORDED_HASH.search(fh.readline())
    except (OSError, UnicodeDecodeError, SpecgenError):
        return None
    return top if m is not None and m.group(1) == h else None


def plan_project(design: Design, settings: Any) -> Plan:
    """The plan against the project's migrations folder ([tool.specgen] generated / migrations)."""
    from specgen.design.baseline import migrations_dir
    from specgen.source import display_path

    root = migrations_dir(settings)
    return plan_for(design, root / "versions", display_path(root))
