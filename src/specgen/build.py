"""`specgen build`: design, validate and every configured target in one process.

What `make demo` and the README's four commands do, reading the specs once: the design (from the
cache when the specs did not change), the rules, then each target. The Alembic revision is rendered
first, so that design.yaml's plan is relative to the revision just written (as running `design`
again after `render --target alembic` gives).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from specgen.errors import UsageError

ALWAYS = ("alembic", "sqlmodel")
OPTIONAL = ("mermaid", "sql", "docs")


def targets(settings: Any, chosen: Sequence[str] = ()) -> list[str]:
    """`--target` when given; else `[tool.specgen] targets`; else alembic, sqlmodel, and each optional
    target whose files the project already has (the ones `check` keeps current)."""
    from specgen.render import TARGETS

    names = list(chosen) or list(settings.extra.get("targets") or [])
    if not names:
        from specgen.render import render

        names = list(ALWAYS)
        return names + [t for t in OPTIONAL if t in TARGETS and _present(settings, t, render)]
    bad = [t for t in names if t not in TARGETS]
    if bad:
        raise UsageError(f"unknown target {bad[0]!r}: expected one of {', '.join(sorted(TARGETS))}")
    return sorted(set(names), key=lambda t: (t != "alembic", names.index(t)))


def _present(settings: Any, target: str, render: Callable[..., dict[Path, str]]) -> bool:
    generated = Path(settings.path(settings.generated))
    names = {"mermaid": ["er.mmd"], "docs": ["schema.md"], "sql": [f"schema.{d}.sql" for d in settings.dialects]}
    return any((generated / n).is_file() for n in names.get(target, []))


def build(
    settings: Any, result: Any, chosen: Sequence[str], report: Callable[[str], None]
) -> tuple[list[Any], dict[Path, bool]]:
    """Findings (errors stop before rendering) and each file written (True) or unchanged (False)."""

    from specgen.design.plan import plan_project
    from specgen.design.yaml_io import SCHEMA_FILE, dump_design
    from specgen.pipeline import _project_specs, render_target, run_rules, schema_text, spec_paths
    from specgen.render.writer import write_files

    design, plan = result.design, result.plan
    findings = run_rules(design, settings, result)
    generated = Path(settings.path(settings.generated))
    files: dict[Path, str] = {}
    if any(f.severity == "error" for f in findings):
        files = {generated / "design.yaml": dump_design(design, plan)}
        changed = set(write_files(files))
        return findings, {p: p in changed for p in files}
    written: dict[Path, bool] = {}
    for target in targets(settings, chosen):
        out = render_target(design, target, settings, generated, result, plan=plan)
        changed = set(write_files(out))
        written.update({p: p in changed for p in out})
        report(target)
        wrote_revision = any(p.parent.name == "versions" for p in changed)
        if target == "alembic" and wrote_revision and _project_specs(spec_paths([], settings), settings):
            # design.yaml's plan: relative to the revision just written. No new revision: the versions
            # folder is the one the design's plan was made against, and the plan stands.
            plan = plan_project(design, settings)
    files = {
        generated / "design.yaml": dump_design(design, plan),
        generated / SCHEMA_FILE: schema_text(settings),
    }
    changed = set(write_files(files))
    written.update({p: p in changed for p in files})
    return findings, written
