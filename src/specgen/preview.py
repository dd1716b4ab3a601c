"""`specgen plan`: what the next revision would do, without writing it.

Each op of the revision `render --target alembic` would write becomes one row (table, column, kind,
safe or breaking, the Migration note that allows it), and the revision is run offline on each dialect
(`alembic upgrade --sql`, in a throwaway copy of the migrations folder) so that the SQL it would run
is shown as the database would receive it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specgen.design import diff as d
from specgen.design.model import BreakingChange, Design, MigrationNote

if TYPE_CHECKING:
    from specgen.design.plan import Plan

# Which Migration notes acknowledge which kind of breaking change (design/plan.py decides `allowed`).
NOTE_ACTIONS = {
    "column_drop": ("allow_drop_column", "allow_data_loss"),
    "table_drop": ("allow_drop_table",),
    "column_rename": ("rename_column",),
    "table_rename": ("rename_table",),
    "type_change": ("allow_narrowing", "allow_data_loss"),
    "nullability_change": ("allow_data_loss",),
    "enum_change": ("allow_data_loss", "allow_narrowing"),
    "primary_key_change": ("allow_data_loss",),
}


@dataclass
class Step:
    kind: str
    table: str
    column: str | None
    describe: str
    safety: str  # safe | breaking
    allowed: bool = True
    allowed_by: str | None = None  # the Migration note (text and spec line) that acknowledges it
    hint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Preview:
    revision: str | None
    down_revision: str | None
    file: str | None
    steps: list[Step] = field(default_factory=list)
    sql: dict[str, str] = field(default_factory=dict)  # dialect -> the SQL, or "-- not available: why"

    @property
    def blocked(self) -> list[Step]:
        return [s for s in self.steps if not s.allowed]

    def as_dict(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "down_revision": self.down_revision,
            "file": self.file,
            "changes": [s.as_dict() for s in self.steps],
            "blocked": len(self.blocked),
            "sql": self.sql,
        }


def _column(op: d.Op) -> str | None:
    if isinstance(op, (d.AddColumn, d.DropColumn)):
        return op.column.name
    if isinstance(op, d.AlterColumn):
        return op.new.name
    if isinstance(op, d.RenameColumn):
        return op.new
    for attr in ("index", "constraint", "fk"):
        obj = getattr(op, attr, None)
        if obj is not None:
            cols = getattr(obj, "columns", None) or getattr(obj, "local_columns", None) or []
            return ", ".join(cols) or None
    return None


def note_text(n: MigrationNote) -> str:
    target = f"{n.table}.{n.column}" if n.column else n.table
    text = f"{n.action.replace('_', ' ')} {target}"
    if n.new_name:
        text += f" -> {n.new_name}"
    return f"{text} ({n.source})" if n.source else text


def _allowing_note(design: Design, bc: BreakingChange) -> str | None:
    actions = NOTE_ACTIONS.get(bc.change_type, ())
    for n in design.database_schema.migration_notes:
        if n.action not in actions:
            continue
        if n.table not in (bc.table, *[c.split(".")[0] for c in bc.affected_columns]):
            continue
        names = {c.split(".")[-1] for c in bc.affected_columns}
        if n.column is None or n.column in names or n.new_name in names or bc.change_type == "table_rename":
            return note_text(n)
    return None


def _matches(op: d.Op, bc: BreakingChange) -> bool:
    table = op.new_name if isinstance(op, d.RenameTable) else op.table
    if isinstance(op, d.AlterEnum):
        return bc.change_type == "enum_change" and any(f"{t}.{c}" in bc.affected_columns for t, c, _ in op.columns)
    if bc.table != table:
        return False
    kinds = {
        d.DropTable: ("table_drop",),
        d.RenameTable: ("table_rename",),
        d.DropColumn: ("column_drop",),
        d.RenameColumn: ("column_rename",),
        d.AddColumn: ("nullability_change",),
        d.AlterColumn: ("type_change", "nullability_change"),
        d.CreateConstraint: ("constraint_change",),
        d.CreateIndex: ("index_change",),
    }.get(type(op), ())
    if bc.change_type not in kinds:
        return False
    column = _column(op)
    return (
        bc.change_type in ("table_drop", "table_rename")
        or not column
        or column in bc.affected_columns
        or (isinstance(op, d.CreateConstraint | d.CreateIndex))
    )


def steps(ops: list[d.Op], design: Design, baseline: Design | None, changes: Sequence[BreakingChange]) -> list[Step]:
    """One row per op, marked with the plan's breaking `changes` it makes."""
    from specgen.design.plan import primary_key_changes

    out: list[Step] = []
    used: set[int] = set()
    for op in ops:
        step = Step(op.kind, op.table, _column(op), op.describe(), "safe")
        for i, bc in enumerate(changes):
            if i in used or not _matches(op, bc):
                continue
            used.add(i)
            step.safety = "breaking"
            step.allowed = step.allowed and bc.allowed
            step.allowed_by = _allowing_note(design, bc) or ("safe as planned" if bc.allowed else None)
            step.hint = bc.hint
        out.append(step)
    for (table, before, after), bc in zip(
        primary_key_changes(baseline, design),
        [c for c in changes if c.change_type == "primary_key_change"],
        strict=False,
    ):
        out.append(
            Step(
                "primary_key_change",
                table,
                ", ".join(after),
                f"primary key of {table}: {', '.join(before)} -> {', '.join(after)}",
                "breaking",
                bc.allowed,
                _allowing_note(design, bc),
                bc.hint,
            )
        )
    return out


def preview(
    design: Design, settings: Any, dialects: tuple[str, ...] = ("postgresql", "sqlite"), plan: Plan | None = None
) -> Preview:
    """The next revision of the project's migrations (`plan`: the plan stage's value), as rows and as SQL
    per dialect."""
    from specgen.design.baseline import change_slug, migrations_dir
    from specgen.design.plan import next_revision

    root = migrations_dir(settings)
    p = next_revision(design, plan, root / "versions")
    if p.revision is None:
        return Preview(None, p.down_revision, None)
    name = f"{p.revision}_{change_slug(design, p.baseline, p.ops)}.py"
    out = Preview(
        p.revision,
        p.down_revision,
        str(Path(root.name) / "versions" / name),
        steps(p.ops, design, p.baseline, p.changes),
    )
    if not out.blocked:
        out.sql = offline_sql(design, settings, root, p.revision, p.down_revision, dialects)
    return out


def offline_sql(
    design: Design, settings: Any, root: Path, revision: str, down: str | None, dialects: tuple[str, ...]
) -> dict[str, str]:
    """The SQL the new revision runs on each dialect, from alembic's offline mode, in a scratch copy."""
    from specgen.render.alembic import render_alembic
    from specgen.render.writer import write_files

    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="specgen-plan-") as tmp:
        scratch = Path(tmp) / "migrations"
        if (root / "versions").is_dir():
            shutil.copytree(root / "versions", scratch / "versions", ignore=shutil.ignore_patterns("__pycache__"))
        files = render_alembic(design, settings, scratch)
        write_files(files)
        for dialect in dialects:
            if dialect == "sqlite":  # batch copies need the live table: replay on an in-memory database
                out[dialect] = _sqlite_sql(scratch, down, revision)
            else:
                out[dialect] = _upgrade_sql(scratch, dialect, f"{down}:{revision}" if down else revision)
    return out


def _sqlite_sql(root: Path, down: str | None, revision: str) -> str:
    """SQLite's batch mode copies tables it must reflect, so offline mode cannot plan it: upgrade an
    in-memory database to the revision below, then record the statements the new revision executes."""
    import sqlalchemy as sa
    from alembic import command

    from specgen.verify import alembic_config, make_engine

    engine = make_engine("sqlite://")
    statements: list[str] = []
    try:
        with engine.connect() as conn:
            if down:
                command.upgrade(alembic_config(root, conn), down)
                conn.commit()

            def record(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
                text = statement.strip()
                if params and not many:
                    text += f"  -- {params}"
                if text and "alembic_version" not in text and not text.upper().startswith(("PRAGMA", "SELECT")):
                    statements.append(text.rstrip(";") + ";")

            sa.event.listen(engine, "before_cursor_execute", record)
            command.upgrade(alembic_config(root, conn), revision)
            conn.commit()
    except Exception as exc:  # noqa: BLE001 - the revision fails on SQLite: that is the report
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"-- the revision fails on SQLite: {first}\n"
    finally:
        engine.dispose()
    text = "\n\n".join(statements).replace("\t", "    ")
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n" if statements else ""


def _upgrade_sql(root: Path, dialect: str, target: str) -> str:
    from alembic import command

    from specgen.verify import alembic_config

    buf = io.StringIO()
    cfg = alembic_config(root)
    cfg.output_buffer = buf
    saved = os.environ.get("SPECGEN_DATABASE_URL")
    os.environ["SPECGEN_DATABASE_URL"] = f"{dialect}://"  # env.py reads it; offline mode needs the dialect only
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            command.upgrade(cfg, target, sql=True)
    except Exception as exc:  # noqa: BLE001 - e.g. a batch copy SQLite cannot plan without the live table
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return f"-- not available offline on {dialect}: {first}\n"
    finally:
        if saved is None:
            os.environ.pop("SPECGEN_DATABASE_URL", None)
        else:
            os.environ["SPECGEN_DATABASE_URL"] = saved
    return _strip_version_table(buf.getvalue())


def _strip_version_table(sql: str) -> str:
    """Keep the schema statements; alembic's own bookkeeping (alembic_version) is not what the user reviews."""
    blocks = [b for b in sql.split("\n\n") if b.strip() and "alembic_version" not in b]
    text = "\n\n".join(b.strip("\n") for b in blocks)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n" if blocks else ""


def to_text(p: Preview) -> str:
    if p.revision is None:
        return "plan: no changes; no revision needed\n"
    lines = [f"plan: {len(p.steps)} change(s) -> {p.file} (revision {p.revision}, revises {p.down_revision})", ""]
    for s in p.steps:
        col = f".{s.column}" if s.column and s.kind not in ("create_table", "drop_table") else ""
        tag = s.safety if s.safety == "safe" else ("breaking, allowed" if s.allowed else "BREAKING, BLOCKED")
        lines.append(f"  {s.kind:<20} {s.table + col:<40} {tag}")
        lines.append(f"      {s.describe}")
        if s.allowed_by:
            lines.append(f"      allowed by: {s.allowed_by}")
        if s.hint and not s.allowed:
            lines.append(f"      hint: {s.hint}")
    for dialect, sql in p.sql.items():
        how = "as `alembic upgrade --sql` prints it" if dialect != "sqlite" else "recorded on an in-memory database"
        lines += ["", f"-- SQL on {dialect} ({how})", sql.rstrip("\n")]
    if p.blocked:
        lines += [
            "",
            f"{len(p.blocked)} breaking change(s) not acknowledged by Migration notes: no revision can be written",
        ]
    return "\n".join(lines) + "\n"
