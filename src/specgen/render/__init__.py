"""Render a design into files. Each target is a function `(design, settings, out_dir, **options) -> {path: text}`
named in TARGETS as "module:function" and imported only when used (sqlalchemy and jinja2 stay out of
`specgen --help`). Rendering is pure; render/writer.py writes."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specgen.errors import UsageError

if TYPE_CHECKING:
    from specgen.config import Settings
    from specgen.design.model import Design

TARGETS: dict[str, str] = {
    "sqlmodel": "specgen.render.sqlmodel:render_sqlmodel",
    "alembic": "specgen.render.alembic:render_alembic",
    "mermaid": "specgen.render.mermaid:render_mermaid",
    "sql": "specgen.render.sql:render_sql",
    "docs": "specgen.render.docs:render_docs",
    "native": "specgen.render.native:render_native",
}


def render(
    design: Design, target: str, settings: Settings, out_dir: Path, plan: Any = None, **options: Any
) -> dict[Path, str]:
    """Render `design` (and `plan`, the plan stage's value, which the Alembic target writes) for `target`;
    returns the files to write (paths under `out_dir`)."""
    spec = TARGETS.get(target)
    if spec is None:
        raise UsageError(f"unknown render target '{target}': expected one of {', '.join(sorted(TARGETS))}")
    module_name, _, func_name = spec.partition(":")
    func = getattr(importlib.import_module(module_name), func_name)
    files: dict[Path, str] = func(design, settings, out_dir, plan=plan, **options)
    return files
