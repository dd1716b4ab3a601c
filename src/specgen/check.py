"""`specgen check`: what CI runs on every spec change. One line a problem; an empty list means clean.

1. the specs design without errors (the plan against the head revision included);
2. validate reports no error;
3. every generated file is what a render would write now (re-rendered in memory, each stale file named);
4. a revision exists for every design change;
5. no breaking change is left unacknowledged by Migration notes;
6. the revisions pass `specgen verify` (SQLite in memory; PostgreSQL too with --verify-database or
   SPECGEN_TEST_DATABASE_URL);
7. with --database (or SPECGEN_DATABASE_URL): the live database matches the design (drift.py), read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from specgen.errors import SpecgenError
from specgen.source import display_path

# Targets checked only when the project has generated them (some of their files exist).
OPTIONAL_TARGETS = ("sqlmodel", "mermaid", "sql", "docs")


def _stale(files: dict[Path, str], label: str, skip: Callable[[Path], bool] = lambda p: False) -> list[str]:
    from specgen.render.writer import stale_files

    out = []
    for p in stale_files(files):
        if skip(p):
            continue
        state = "differs from" if p.is_file() else "is missing from"
        out.append(f"{display_path(p)}: stale: {state} what `{label}` writes")
    return out


def check(settings: Any, verify_database: str | None = None, database: str | None = None) -> list[str]:
    """Problems, one line each. `verify_database`: a scratch PostgreSQL (or other) URL verify also runs on;
    without it, SPECGEN_TEST_DATABASE_URL; SQLite in memory always. `database`: a live database the design
    is compared with (drift), read-only."""
    from specgen.design.baseline import migrations_dir
    from specgen.design.plan import unacknowledged
    from specgen.design.yaml_io import SCHEMA_FILE, dump_design
    from specgen.pipeline import design_specs, run_rules, schema_text
    from specgen.validate import breaking_codes

    try:
        result = design_specs([], settings)
    except SpecgenError as exc:  # e.g. a migrations folder with several heads
        return exc.lines()
    if result.errors:
        return [d.format() for d in result.errors]
    design, plan = result.design, result.plan
    problems: list[str] = []

    findings = run_rules(design, settings, result)
    breaking = breaking_codes()  # reported from the plan below
    problems += [f.format() for f in findings if f.severity == "error" and f.code not in breaking]
    if problems:
        return problems  # render refuses a design validate rejects; comparing generated files needs a render
    for c in unacknowledged(plan.summary if plan is not None else design.database_schema.migration_plan):
        cols = f" ({', '.join(c.affected_columns)})" if c.affected_columns and c.change_type != "table_drop" else ""
        where = f"{c.source}: " if c.source else ""
        hint = f" (hint: {c.hint})" if c.hint else ""
        problems.append(
            f"{where}error: unacknowledged breaking change: {c.change_type.replace('_', ' ')} of {c.table}{cols}{hint}"
        )

    generated = settings.path(settings.generated)
    design_files = {
        generated / "design.yaml": dump_design(design, plan),
        generated / SCHEMA_FILE: schema_text(settings),
    }
    problems += _stale(design_files, "specgen design")
    if any(f.severity == "error" and f.code not in breaking for f in findings):
        return (
            problems  # render refuses such a design (an FK to a missing table cannot be rendered): nothing to compare
        )
    problems += _check_migrations(design, plan, settings, migrations_dir(settings))
    problems += _check_targets(design, plan, settings, generated)
    if not problems:  # the revisions are those a render writes: apply them as verify does
        problems += _verify(design, migrations_dir(settings), verify_database)
    if database:
        problems += drift_lines(database, design)
    return problems


def drift_lines(url: str, design: Any) -> list[str]:
    """`URL: drift: …` for each difference between the design and the live database."""
    import sqlalchemy as sa

    from specgen.drift import drift

    try:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - drift() reports the malformed URL
        shown = "database"
    return [f"{shown}: error: drift: {line}" for line in drift(url, design)]


def _verify(design: Any, root: Path, database: str | None) -> list[str]:
    """`specgen verify` on SQLite in memory, and on `database` or SPECGEN_TEST_DATABASE_URL when given."""
    import os

    from specgen.verify import DEFAULT_URL, verify

    if not (root / "alembic.ini").is_file() or not any((root / "versions").glob("*.py")):
        return []
    urls = [DEFAULT_URL] + [u for u in (database or os.environ.get("SPECGEN_TEST_DATABASE_URL"),) if u]
    out: list[str] = []
    for url in urls:
        where = "sqlite in memory" if url == DEFAULT_URL else url.split("://", 1)[0]
        out += [f"{display_path(root)}: error: verify ({where}): {line}" for line in verify(root, design, url)]
    return out


def _check_migrations(design: Any, plan: Any, settings: Any, root: Path) -> list[str]:
    from specgen.design.plan import next_revision
    from specgen.render.alembic import environment_files, render_alembic

    shown = display_path(root)
    try:
        p = next_revision(design, plan, root / "versions")
    except SpecgenError as exc:
        return [f"{shown}: error: {line}" for line in exc.lines()]
    out: list[str] = []
    if p.revision is not None:
        steps = ", ".join(op.describe() for op in p.ops[:3]) + (", ..." if len(p.ops) > 3 else "")
        out.append(
            f"{shown}: error: no revision for the design change ({steps}); run `specgen render --target alembic`"
        )
    try:
        files = render_alembic(design, settings, root, plan=plan)
    except SpecgenError:  # unacknowledged breaking changes: reported from the plan already
        files = environment_files(root, settings)
    new = f"{p.revision}_" if p.revision else None
    out += _stale(
        files, "specgen render --target alembic", skip=lambda path: new is not None and path.name.startswith(new)
    )
    return out


def _check_targets(design: Any, plan: Any, settings: Any, generated: Path) -> list[str]:
    from specgen.render import TARGETS, render

    out: list[str] = []
    for target in OPTIONAL_TARGETS:
        if target not in TARGETS:
            continue
        try:
            files = render(design, target, settings, generated, plan=plan)
        except SpecgenError as exc:
            out += [f"render --target {target}: {line}" for line in exc.lines()]
            continue
        except ImportError:  # a target this build does not ship
            continue
        # Only what the project renders is checked: `render --target sql --dialect sqlite` alone leaves
        # schema.postgresql.sql unwritten, and that is no drift.
        out += _stale(files, f"specgen render --target {target}", skip=lambda path: not path.is_file())
    return out
