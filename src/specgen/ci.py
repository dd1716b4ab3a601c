"""CI glue: problems found while reading specs, reported in the same formats as findings.

A spec that cannot be designed has no findings yet, only diagnostics (`path:line: error: message`).
`specgen validate --format sarif|github|json` turns them into findings with code SG000, so that code
scanning and pull-request annotations show a broken spec on its line like any other problem.
"""

from __future__ import annotations

from collections.abc import Iterable

from specgen.errors import Diagnostic
from specgen.validate.finding import Finding

SPEC_ERROR = "SG000"


def spec_error_findings(diagnostics: Iterable[Diagnostic]) -> list[Finding]:
    """Errors and warnings of the spec reader as findings (notes are left out)."""
    out = []
    for d in diagnostics:
        if d.severity == "info":
            continue
        out.append(
            Finding(
                code=SPEC_ERROR,
                severity=d.severity,
                category="spec",
                message=d.message,
                file=d.loc.path if d.loc else None,
                line=d.loc.line if d.loc else None,
                hint=d.hint,
            )
        )
    return out
