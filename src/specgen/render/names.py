"""Names in the generated code: enum member names, and the precondition check the renderers run.

validate (SG112, validate/codegen.py) judges every name a spec gives; `NameCheck` only asserts, collecting
what a design that skipped validation would break, so a renderer never writes code from a bad name.

Python names (classes, attributes, enum members) must be identifiers that do not shadow what the models
module imports or what SQLModel/pydantic define; SQL names (tables, columns, constraints) only ever appear
inside escaped string literals, and must not hold characters that SQLAlchemy's "table.column" strings
would split on. Problems are collected and raised once, each pointing at its spec line.
"""

from __future__ import annotations

import re

from specgen.errors import Diagnostic, SpecErrors, error
from specgen.render.pycode import is_identifier
from specgen.source import Location
from specgen.vocab.reserved import PYTHON_KEYWORDS

_SNAKE = re.compile(r"[a-z][a-z0-9_]*\Z")
_KEYWORDS = PYTHON_KEYWORDS
_SQL_NAME = re.compile(r"^[^\x00-\x1f\x7f.\"'`\\]+$")


class NameCheck:
    """Collects naming problems; `raise_if_any()` raises SpecErrors with all of them."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []

    def fail(self, message: str, source: str | None, hint: str | None = None) -> None:
        self.problems.append(error(message, Location.parse(source), hint))

    def python(self, name: str, what: str, source: str | None) -> bool:
        if _SNAKE.match(name) and name not in _KEYWORDS:  # the common case, checked fast
            return True
        if not is_identifier(name):
            self.fail(
                f"{what} '{name}' is not a Python identifier",
                source,
                hint="use letters, digits and underscores, not starting with a digit",
            )
            return False
        if name.startswith("_"):
            self.fail(f"{what} '{name}' starts with an underscore (pydantic treats it as private)", source)
            return False
        return True

    def sql(self, name: str, what: str, source: str | None) -> bool:
        if len(name) <= 63 and _SNAKE.match(name):
            return True
        if not name or not _SQL_NAME.match(name) or len(name.encode("utf-8")) > 63:
            self.fail(
                f"{what} '{name}' is not a usable SQL name",
                source,
                hint="no dots, quotes, backslashes or control characters; at most 63 bytes",
            )
            return False
        return True

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
