"""What building a design returns: its own module so that a cached design loads without the readers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from specgen.design.model import Design
from specgen.errors import Diagnostic

if TYPE_CHECKING:
    from specgen.design.plan import Plan
    from specgen.parse.ir import SpecIR


@dataclass
class BuildResult:
    design: Design
    diagnostics: list[Diagnostic]
    ir: SpecIR | None = None  # what was read, for `design --explain`
    cache_key: str | None = None  # the specs' key in specgen's cache (cache.py); None: not cached
    plan: Plan | None = None  # the plan stage's value (specs of the project only; pipeline.plan_specs)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]
