"""The pipeline read top to bottom: parse -> design -> (validate, plan, render). No I/O but reading specs."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from specgen.config import Settings
from specgen.design.build import BuildResult, build_design
from specgen.design.model import Design
from specgen.errors import SpecErrors, sort_key
from specgen.parse import ParseOptions, parse
from specgen.source import display_path


def spec_paths(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> list[str]:
    return [os.fspath(p) for p in paths] or [display_path(settings.path(settings.specs))]


def design_specs(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> BuildResult:
    """Parse the specs and build the design; errors are in the result, not raised."""
    roots = spec_paths(paths, settings)
    ir = parse(roots, ParseOptions(sql_dialect=settings.sql_dialect))
    result = build_design(ir, settings, spec_root=roots[0] if len(roots) == 1 else ", ".join(roots))
    result.diagnostics.sort(key=sort_key)
    if not result.errors and _project_specs(roots, settings):
        from specgen.design.plan import plan_project
        from specgen.errors import SpecgenError, warning

        try:
            plan_project(result.design, settings)
        except SpecgenError as exc:  # e.g. several heads: the design stands, its plan is left out
            result.diagnostics.append(warning(f"no migration plan: {exc.message}"))
    return result


def _project_specs(roots: Sequence[str], settings: Settings) -> bool:
    """The specs are the project's own (under [tool.specgen] specs): only they are planned against
    the project's migrations."""
    base = settings.path(settings.specs).resolve()
    return all(Path(r).resolve().is_relative_to(base) for r in roots)


def require_design(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> tuple[Design, BuildResult | None]:
    """A design from a design.yaml or from specs; spec errors raise SpecErrors."""
    if len(paths) == 1 and Path(paths[0]).suffix in (".yaml", ".yml") and Path(paths[0]).is_file():
        from specgen.design.yaml_io import load_design

        return load_design(paths[0]), None
    result = design_specs(paths, settings)
    if result.errors:
        raise SpecErrors(diagnostics=result.diagnostics)
    return result.design, result
