"""The Alembic target: a complete environment under `migrations/` and one revision per design change.

compare -> ops -> render, as alembic autogenerate does it: `design.diff` yields the ops (baseline = the
snapshot beside the head revision), each op kind has one render function (render/alembic_ops.py), and
the downgrade is the reversed ops rendered by the same functions. The revision file comes from
`templates/alembic/revision.py.j2`; env.py, alembic.ini and script.py.mako are templates as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specgen.design import diff as d
from specgen.design.baseline import (
    SNAPSHOT_SUFFIX,
    change_slug,
    load_baseline,
    load_snapshot,
    revision_id,
    revisions,
    snapshot_text,
)
from specgen.design.model import Design
from specgen.design.yaml_io import design_hash
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


@dataclass(frozen=True)
class Planned:
    """What render would add: the new revision (None when the design is the head's) and its ops."""

    revision: str | None
    down_revision: str | None
    ops: list[d.Op]
    baseline: Design | None
    design_hash: str = ""


def planned(design: Design, versions: Path) -> Planned:
    baseline, head = load_baseline(versions)
    h = design_hash(design)
    if baseline is not None and design_hash(baseline) == h:
        return Planned(None, head.revision if head else None, [], baseline)
    ops = d.diff(baseline, design)
    if not ops:  # nothing the database sees changed (or an empty design): no revision
        return Planned(None, head.revision if head else None, [], baseline)
    down = head.revision if head else None
    return Planned(revision_id(down, h), down, ops, baseline, h)


_RECORDED_HASH = re.compile(r'"design_hash": "([0-9a-f]{64})"')


def head_is(design: Design, versions: Path) -> str | None:
    """The head revision's id when its snapshot records this design's hash: then no revision is needed,
    and the snapshot (megabytes for a big design) need not be loaded and compared. None: plan for real."""
    from specgen.design.baseline import head
    from specgen.errors import SpecgenError

    try:
        h = head(versions)
        if h is None:
            return None
        with h.snapshot.open(encoding="utf-8") as fh:
            m = _RECORDED_HASH.search(fh.readline())
    except (OSError, UnicodeDecodeError, SpecgenError):
        return None
    return h.revision if m is not None and m.group(1) == design_hash(design) else None


def render_alembic(design: Design, settings: Any, out_dir: Path, **options: Any) -> dict[Path, str]:
    """env files, plus `versions/<rev>_<slug>.py` and its design snapshot when the design changed."""
    root = migrations_root(out_dir)
    versions = root / "versions"
    files = environment_files(root, settings)
    if head_is(design, versions) is not None:
        return files
    p = planned(design, versions)
    if p.revision is None:
        return files
    from specgen.design.plan import breaking_changes

    blocked = [c for c in breaking_changes(p.ops, design, p.baseline) if not c.allowed]
    if blocked:
        raise SpecErrors(
            diagnostics=[
                error(
                    f"{c.change_type.replace('_', ' ')} of {c.table}"
                    f"{'.' + ', '.join(c.affected_columns) if c.affected_columns and c.change_type != 'table_drop' else ''}"
                    ": a breaking change Migration notes do not acknowledge; no revision written",
                    Location.parse(c.source),
                    hint=c.hint,
                )
                for c in blocked
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


__all__ = ["render_alembic", "planned", "migrations_root", "render_ops", "revisions", "load_snapshot"]
