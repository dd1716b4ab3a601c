"""The Alembic target: a complete environment under `migrations/` and one revision per design change.

compare -> ops -> render, as alembic autogenerate does it: the plan stage (design/plan.py, passed in as
`plan`) yields the ops (baseline = the snapshot beside the head revision) and the breaking changes among
them; each op kind has one render function (render/alembic_ops.py), and the downgrade is the reversed ops
rendered by the same functions. The revision file comes from
`templates/alembic/revision.py.j2`; env.py, alembic.ini and script.py.mako are templates as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specgen.design import diff as d
from specgen.design.baseline import SNAPSHOT_SUFFIX, change_slug, load_snapshot, revisions, snapshot_text
from specgen.design.model import Design
from specgen.design.plan import NextRevision, Plan, next_revision
from specgen.errors import SpecErrors, error
from specgen.render.alembic_ops import Ctx, render_ops
from specgen.render.pycode import WIDTH, layout_width
from specgen.source import Location

ENV_FILES = ("alembic.ini", "env.py", "script.py.mako", ".gitignore")


def migrations_root(out_dir: Path) -> Path:
    out = Path(out_dir)
    return out if out.name == "migrations" else out / "migrations"


def environment_files(root: Path, settings: Any) -> dict[Path, str]:
    from specgen.render.env import environment

    env = environment(settings)
    ctx = {"sqlite_file": "specgen.sqlite3"}
    return {root / name: env.get_template(f"alembic/{name}.j2").render(**ctx) for name in ENV_FILES}


def render_alembic(
    design: Design, settings: Any, out_dir: Path, plan: Plan | None = None, **options: Any
) -> dict[Path, str]:
    """env files, plus `versions/<rev>_<slug>.py` and its design snapshot when the design changed.
    `plan`: the pipeline's plan; made against another folder than out_dir's (or none), the plan stage
    works out the next revision of out_dir's."""
    root = migrations_root(out_dir)
    versions = root / "versions"
    files = environment_files(root, settings)
    p = next_revision(design, plan, versions)
    if p.revision is None:
        return files
    if p.blocked:
        raise SpecErrors(
            diagnostics=[
                error(
                    f"{c.change_type.replace('_', ' ')} of {c.table}"
                    f"{'.' + ', '.join(c.affected_columns) if c.affected_columns and c.change_type != 'table_drop' else ''}"
                    ": a breaking change Migration notes do not acknowledge; no revision written",
                    Location.parse(c.source),
                    hint=c.hint,
                )
                for c in p.blocked
            ]
        )
    ctx = Ctx(design, p.baseline)
    token = WIDTH.set(layout_width(settings))  # revisions are laid out like the models
    try:
        upgrade = render_ops(p.ops, ctx)
        downgrade = render_ops(d.reverse_ops(p.ops), ctx)
    finally:
        WIDTH.reset(token)
    name = f"{p.revision}_{change_slug(design, p.baseline, p.ops)}"
    from specgen.render.env import environment
    from specgen.render.pgsatypes import SQLTYPE_MARK

    imports = _merged(ctx.imports - {"import sqlalchemy as sa", SQLTYPE_MARK})
    body = "\n".join(upgrade + downgrade)
    text = (
        environment(settings)
        .get_template("alembic/revision.py.j2")
        .render(
            message=_message(design, p.ops, p.baseline is None),
            revision=p.revision,
            down_revision=p.down_revision,
            design_hash=p.design_hash,
            uses_sa="sa." in body,
            uses_batch="op.batch_alter_table(" in body,
            sql_type=SQLTYPE_MARK in ctx.imports,
            imports=imports,
            upgrade="\n".join(upgrade),
            downgrade="\n".join(downgrade),
            steps=[op.describe() for op in p.ops],
        )
    )
    files[versions / f"{name}.py"] = text
    files[versions / f"{name}{SNAPSHOT_SUFFIX}"] = snapshot_text(design, p.revision, p.down_revision, p.design_hash)
    return files


def _merged(lines: set[str]) -> list[str]:
    """Import lines in order, `from m import a` and `from m import b` merged as ruff's isort writes them."""
    froms: dict[str, set[str]] = {}
    plain = sorted(line for line in lines if not line.startswith("from "))
    for line in lines:
        if line.startswith("from "):
            module, _, names = line[5:].partition(" import ")
            froms.setdefault(module, set()).update(n.strip() for n in names.split(","))
    return plain + [f"from {m} import {', '.join(sorted(ns))}" for m, ns in sorted(froms.items())]


def _message(design: Design, ops: list[d.Op], initial: bool) -> str:
    version = design.database_schema.meta.version
    what = "initial schema" if initial else f"{len(ops)} schema change{'s' if len(ops) != 1 else ''}"
    return f"{what} (spec version {version})" if version else what


__all__ = ["render_alembic", "NextRevision", "migrations_root", "render_ops", "revisions", "load_snapshot"]
