"""The pipeline read top to bottom: parse -> build -> plan -> validate -> render, calls between values.

`design_specs` gives the design and the plan beside it (`BuildResult.plan`); `run_rules` validates them;
the render targets take both (render.render(..., plan=)); yaml_io.dump_design(design, plan) writes them.
No I/O but reading specs, the project's migrations and specgen's cache."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from specgen.config import Settings
from specgen.design.model import Design
from specgen.design.result import BuildResult
from specgen.errors import SpecErrors, sort_key
from specgen.source import display_path

if TYPE_CHECKING:
    from specgen.design.plan import Plan
    from specgen.validate.finding import Finding


def spec_paths(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> list[str]:
    return [os.fspath(p) for p in paths] or [display_path(settings.path(settings.specs))]


def design_specs(paths: Sequence[str | os.PathLike[str]], settings: Settings, need_ir: bool = False) -> BuildResult:
    """parse -> build -> plan: the design, and beside it (`result.plan`) the plan against the project's
    migrations when the specs are the project's. Errors are in the result, not raised. `need_ir`: the
    reading report needs the parse itself (no cache)."""
    roots = spec_paths(paths, settings)
    result = build_specs(roots, settings, need_ir)
    if not result.errors and _project_specs(roots, settings):
        result.plan = plan_specs(result, settings)
    return result


def build_specs(roots: Sequence[str], settings: Settings, need_ir: bool = False) -> BuildResult:
    """parse -> build: the design of the specs under `roots`, from specgen's cache (cache.py) when unchanged."""
    from specgen import cache

    key = cache.spec_key_for(list(roots), settings)
    payload = cache.read_bytes(settings, "design", key) if key and not need_ir else None
    result = cache.load_result(payload) if payload is not None else None
    if result is None:
        from specgen.design.build import build_design
        from specgen.parse import ParseOptions, parse

        ir = parse(list(roots), ParseOptions(sql_dialect=settings.sql_dialect))
        result = build_design(ir, settings, spec_root=roots[0] if len(roots) == 1 else ", ".join(roots))
        result.diagnostics.sort(key=sort_key)
        body = cache.dump_result(result) if key else None
        if key and body is not None:
            cache.write_bytes(settings, "design", key, body)
    result.cache_key = key
    return result


def plan_specs(result: BuildResult, settings: Settings) -> Plan | None:
    """plan(design, baseline): against the head revision of the project's migrations folder; its summary
    comes from specgen's cache when the specs and the folder are unchanged. None (with a warning in the
    result): no plan, e.g. several heads."""
    from specgen import cache
    from specgen.design.baseline import migrations_dir
    from specgen.design.plan import Plan

    plan_key = result.cache_key + cache.migrations_key(settings) if result.cache_key else None
    stored = cache.read_bytes(settings, "plan", plan_key) if plan_key else None
    loaded = cache.load_plan(stored) if stored is not None else None
    if loaded is not None:
        return Plan(loaded[0], migrations_dir(settings) / "versions", design_hash=loaded[1])
    from specgen.design.plan import plan_project  # planning loads the head revision's design: only on a miss
    from specgen.errors import SpecgenError, warning

    try:
        plan = plan_project(result.design, settings)
    except SpecgenError as exc:  # e.g. several heads: the design stands, its plan is left out
        result.diagnostics.append(warning(f"no migration plan: {exc.message}"))
        return None
    if plan_key:
        cache.write_bytes(settings, "plan", plan_key, cache.dump_plan(plan))
    return plan


def _project_specs(roots: Sequence[str], settings: Settings) -> bool:
    """The specs are the project's own (under its [tool.specgen] specs folder): only they are planned against
    the project's migrations. Some files of the folder are planned only while no revision exists (the plan of
    a new schema): the head revision holds every file's tables, so against it the tables of the files left
    out would read as dropped."""
    from specgen.design.baseline import migrations_dir
    from specgen.spec_files import collect_files

    base = settings.path(settings.specs).resolve()
    if any(base.is_relative_to(Path(r).resolve()) for r in roots):
        return True  # the folder itself (the default), or a folder above it
    if not all(Path(r).resolve().is_relative_to(base) for r in roots) or not base.is_dir():
        return False
    given = {f.resolve() for f in collect_files(roots)}
    if all(f.resolve() in given for f in collect_files([base])):
        return True
    return not any((migrations_dir(settings) / "versions").glob("*.py"))


def require_design(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> tuple[Design, BuildResult | None]:
    """A design from a design.yaml (its plan is its migration_plan) or from specs (the plan is
    `result.plan`); spec errors raise SpecErrors."""
    if len(paths) == 1 and Path(paths[0]).suffix in (".yaml", ".yml") and Path(paths[0]).is_file():
        from specgen.design.yaml_io import load_design

        return load_design(os.fspath(paths[0])), None
    result = design_specs(paths, settings)
    if result.errors:
        raise SpecErrors(diagnostics=result.diagnostics)
    return result.design, result


def run_rules(
    design: Design,
    settings: Settings,
    result: BuildResult | None = None,
    ignore: Sequence[str] = (),
    reading: Sequence[object] = (),
) -> list[Finding]:
    """validate(design, plan): from specgen's cache when the specs, the options and (for the rules that judge the
    plan) the migrations folder are those of a cached run. The cached findings are the rules' alone: `validate`
    (with the readers' findings) and `render` (without) share them; the rules that do not read the plan are
    kept apart, so that a new revision makes only the plan rules run again."""
    from specgen import cache
    from specgen.validate import RULES, validate, with_reading
    from specgen.validate.finding import Finding

    plan = result.plan if result is not None else None
    if result is None or not result.cache_key:
        return validate(design, settings, plan=plan, ignore=ignore, reading=reading)  # type: ignore[arg-type]
    import hashlib
    import json

    options = hashlib.sha256(json.dumps(sorted(ignore)).encode()).hexdigest()
    on_plan = [f for f in RULES if getattr(f, "reads_plan", False)]
    on_design = [f for f in RULES if not getattr(f, "reads_plan", False)]
    found: list[Finding] = []
    for name, funcs, key in (
        ("findings", on_design, result.cache_key + options),
        ("findings-plan", on_plan, result.cache_key + cache.migrations_key(settings) + options),
    ):
        payload = cache.read(settings, name, key)
        part = cache.load_findings(payload) if payload is not None else None
        if part is None:
            part = validate(design, settings, plan=plan, ignore=ignore, rule_funcs=funcs)
            cache.write(settings, name, key, cache.dump_findings(part))
        found += part
    # validate() filters and suppresses finding by finding: the two parts merge as one run's findings
    merged = sorted(set(found), key=Finding.sort_key)
    return with_reading(design, settings, merged, reading, ignore)  # type: ignore[arg-type]


# Targets whose files are a function of the design, the settings and the options alone (the Alembic target
# also reads the migrations folder): their files are cached under the design's key.
PURE_TARGETS = frozenset({"sqlmodel", "mermaid", "sql", "docs"})


def render_target(
    design: Design,
    target: str,
    settings: Settings,
    out_dir: Path,
    result: BuildResult | None = None,
    plan: Plan | None = None,
    **options: object,
) -> dict[Path, str]:
    """render(design, plan, target) -> files; a pure target's files come from specgen's cache when the design
    (its specs' key), the output folder and the options are those of a cached render, so that a render after
    a new revision (which changes neither) does not lay out every class again."""
    from specgen import cache
    from specgen.render import render

    key = None
    if target in PURE_TARGETS and result is not None and result.cache_key:
        import hashlib
        import json

        opts = json.dumps([target, str(out_dir), options], sort_keys=True, default=str)
        key = result.cache_key + hashlib.sha256(opts.encode()).hexdigest()
        found = cache.load_files(cache.read(settings, f"render-{target}", key))
        if found is not None:
            return found
    files = render(design, target, settings, out_dir, plan=plan, **options)
    if key:
        cache.write(settings, f"render-{target}", key, cache.dump_files(files))
    return files


def schema_text(settings: Settings) -> str:
    """design.schema.json's text: a function of specgen alone, so kept in specgen's cache under its code's key
    (pydantic takes 15 ms to make it)."""
    import json

    from specgen import cache

    key = cache.code_key() if cache.enabled() else None
    stored = cache.read(settings, "schema", key) if key else None
    if isinstance(stored, str):
        return stored
    from specgen.design.model import json_schema

    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if key:
        cache.write(settings, "schema", key, text)
    return text
