"""Names in the generated code: enum member names, and the precondition check the renderers run.

validate (SG112-SG116, validate/codegen.py, validate/relationships.py) judges every name and relationship
a spec gives; `NameCheck` only collects what those rules report for a design that skipped validation and
raises it once, each problem pointing at its spec line, so a renderer never writes code from a bad name.
"""

from __future__ import annotations

import re

from specgen.errors import Diagnostic, SpecErrors, error
from specgen.render.pycode import is_identifier
from specgen.source import Location


class NameCheck:
    """Collects naming problems; `raise_if_any()` raises SpecErrors with all of them."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []

    def fail(self, message: str, source: Location | None, hint: str | None = None) -> None:
        self.problems.append(error(message, source, hint))

    def raise_if_any(self) -> None:
        if self.problems:
            raise SpecErrors(diagnostics=self.problems)


def enum_member(value: str, taken: set[str]) -> str:
    """An UPPER_CASE member name for an enum value; the value itself stays as it is."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper() or "EMPTY"
    if not name[0].isalpha():
        name = "V_" + name
    if not is_identifier(name):
        name += "_"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name
