"""Lone surrogates out of what readers found: a located error, and the escape written out instead.

Spec files are UTF-8 and cannot hold a lone surrogate, but string escapes can make one (`"\\ud800"` in a
```python block, `U&'\\D800'` in SQL). Such a string cannot be hashed, printed or written as UTF-8; a
file's folded result is cleaned once here (the last step of `parse_text`, after every reader's fragment is in
the SpecFile), so that nothing downstream meets one.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from specgen.errors import error
from specgen.parse.ir import SpecFile
from specgen.source import Location

_SURROGATE = re.compile("[\ud800-\udfff]")
# The escapes that can make one: \ud800, \U0000d800 (Python, YAML, JSON-style strings), U&'\D800' (SQL).
_ESCAPE = re.compile(r"\\[uU+]?0*[dD][89a-fA-F][0-9a-fA-F]{2}")


def possible(text: str) -> bool:
    """Whether the file's text has an escape that could make a lone surrogate (walking the IR costs time)."""
    return _ESCAPE.search(text) is not None


def _escaped(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def clean(spec: SpecFile) -> None:
    """Replace every string with a lone surrogate by its escaped form; one error per element."""
    for part in (spec.entities, spec.enums, spec.indexes, spec.notes, spec.relationship_prose):
        for i, item in enumerate(part):
            part[i] = _clean(item, spec, getattr(item, "loc", None) or Location(spec.path, 1), 0)
    spec.foreign_keys = [(_clean(t, spec, fk.loc, 0), _clean(fk, spec, fk.loc, 0)) for t, fk in spec.foreign_keys]


def _clean(value: Any, spec: SpecFile, loc: Location, depth: int) -> Any:
    if isinstance(value, str):
        if _SURROGATE.search(value) is None:
            return value
        fixed = _escaped(value)
        spec.diagnostics.append(
            error(
                f"'{fixed}' holds a lone surrogate escape, which is no character",
                loc,
                hint="write the character itself (the file is UTF-8)",
            )
        )
        return fixed
    if depth > 8:
        return value
    if isinstance(value, list):
        return [_clean(v, spec, loc, depth + 1) for v in value]
    if isinstance(value, dict):
        return {_clean(k, spec, loc, depth + 1): _clean(v, spec, loc, depth + 1) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        here = getattr(value, "loc", None)
        here = here if isinstance(here, Location) else loc
        for f in dataclasses.fields(value):
            if f.name in ("loc", "type_loc"):
                continue
            old = getattr(value, f.name)
            new = _clean(old, spec, here, depth + 1)
            if new is not old:
                object.__setattr__(value, f.name, new)
        return value
    return value
