"""validate(design) -> findings: every rule over the Design, suppressions applied, sorted.

`RULES` is the one list of rules, in code order. To add a family, write its module (functions
decorated with `@rule`), import it below and add it to `RULE_MODULES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from specgen.design.model import Design
from specgen.validate import (
    cascades,
    codegen,
    conflicts,
    constraints,
    cycles,
    dialect,
    expr_types,
    expressions,
    indexes,
    migration,
    normal_forms,
    postgres,
    reading,
    references,
    relationships,
)
from specgen.validate.finding import REGISTRY, SEVERITY_RANK, Finding, Rule, RuleFunc, clear_run_cache

RULE_MODULES: tuple[ModuleType, ...] = (
    conflicts,
    references,
    codegen,
    relationships,  # SG116
    normal_forms,
    cascades,
    cycles,
    indexes,
    constraints,
    expressions,
    expr_types,
    dialect,
    postgres,  # SG71x
    migration,
    reading,
)
RULES: tuple[RuleFunc, ...] = tuple(r.func for r in sorted(REGISTRY.values(), key=lambda r: r.code))


def rules() -> list[Rule]:
    """Every registered rule's metadata, in code order."""
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def _ignored(code: str, ignore: Iterable[str]) -> bool:
    """`SG301` ignores that rule; a prefix (`SG3`, `SG30`) ignores the whole group."""
    return any(code.startswith(i.strip().upper()) for i in ignore if i.strip())


def validate(
    design: Design,
    settings: Any = None,
    *,
    plan: Any = None,
    ignore: Sequence[str] = (),
    rule_funcs: Iterable[RuleFunc] | None = None,
    reading: Sequence[Finding] = (),
) -> list[Finding]:
    """Run the rules over `design` (and the plan rules over `plan`, the plan stage's value; without one,
    the design's own migration_plan, as a loaded design.yaml holds it); add what reading the specs reported (`reading`, SG9xx); drop findings
    suppressed in the specs, by `ignore`, or by `[tool.specgen] ignore`; return them sorted by file, line
    and code."""
    ignore = _all_ignored(settings, ignore)
    found: list[Finding] = list(reading)
    summary = plan.summary if plan is not None else design.database_schema.migration_plan
    clear_run_cache()  # the design may have changed since the last run
    for func in rule_funcs if rule_funcs is not None else RULES:
        meta = getattr(func, "rule", None)
        if meta is not None and _ignored(meta.code, ignore):
            continue
        found.extend(func(design, summary) if getattr(func, "reads_plan", False) else func(design))  # type: ignore[call-arg]
    found = [f for f in found if not _ignored(f.code, ignore)]
    found = _unsuppressed(design, found)
    return sorted(set(found), key=Finding.sort_key)


def with_reading(
    design: Design, settings: Any, found: Sequence[Finding], reading: Sequence[Finding], ignore: Sequence[str] = ()
) -> list[Finding]:
    """`validate(..., reading=reading)` from `found`, what `validate(...)` gave without it: ignoring and
    suppressing judge each finding alone, so the reading findings are filtered the same way and merged
    (the rules need not run again for another set of reading findings)."""
    if not reading:
        return list(found)
    codes = _all_ignored(settings, ignore)
    extra = _unsuppressed(design, [f for f in reading if not _ignored(f.code, codes)])
    return sorted(set([*found, *extra]), key=Finding.sort_key)


def _all_ignored(settings: Any, ignore: Sequence[str]) -> list[str]:
    return [code for item in [*ignore, *_settings_ignore(settings)] for code in item.split(",")]


def _settings_ignore(settings: Any) -> list[str]:
    extra = getattr(settings, "extra", None) or {}
    raw = extra.get("ignore", [])
    return [raw] if isinstance(raw, str) else [str(x) for x in raw]


def _unsuppressed(design: Design, found: list[Finding]) -> list[Finding]:
    """Apply `<!-- specgen: ignore CODE -->` (the next block; before an entity heading, the whole
    entity) and front-matter `ignore:` (the whole file)."""
    sups = design.database_schema.suppressions
    if not sups:
        return found
    heading: dict[str, tuple[str, int]] = {}
    for e in design.database_schema.entities:
        if e.source and e.source.line:
            heading[e.name] = (e.source.path, e.source.line)

    def covered(f: Finding) -> bool:
        for s in sups:
            if not _ignored(f.code, s.codes) and "ALL" not in s.codes:
                continue
            spots = [(f.file, f.line)]
            if f.entity in heading:
                spots.append(heading[f.entity])
            for path, line in spots:
                if path != s.file:
                    continue
                if s.first_line is None or (line is not None and s.first_line <= line <= (s.last_line or s.first_line)):
                    return True
        return False

    return [f for f in found if not covered(f)]


def breaking_codes() -> frozenset[str]:
    """The codes of the error rules that judge the plan (its unacknowledged breaking changes): `check` and
    `plan` report those from the plan itself."""
    return frozenset(r.code for r in rules() if r.severity == "error" and getattr(r.func, "reads_plan", False))


def has_errors(found: Iterable[Finding], strict: bool = False) -> bool:
    """Exit status 1 when this is true: errors, or with `strict` warnings too."""
    worst = 1 if strict else 0
    return any(SEVERITY_RANK[f.severity] <= worst for f in found)


__all__ = [
    "RULES",
    "RULE_MODULES",
    "Finding",
    "Rule",
    "breaking_codes",
    "has_errors",
    "rules",
    "validate",
    "with_reading",
]
