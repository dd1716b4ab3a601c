"""Changing a design in a test: design models are frozen, so a test that wants a design which differs from
one built from specs (a hand-written design.yaml, a rule's bad case) makes a copy with the change."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def edit(model: M, path: str, **update: Any) -> M:
    """A copy of `model` in which the object at `path` (attribute names and list indexes, dotted:
    "database_schema.entities.0.columns.1"; "" for `model` itself) is a copy with `update`. Everything
    else is shared with `model`, which is left as it was."""
    return _edit(model, path.split(".") if path else [], update)  # type: ignore[no-any-return]


def _edit(obj: Any, steps: list[str], update: dict[str, Any]) -> Any:
    if not steps:
        return obj.model_copy(update=update)
    step, rest = steps[0], steps[1:]
    if isinstance(obj, list):
        out = list(obj)
        out[int(step)] = _edit(obj[int(step)], rest, update)
        return out
    return obj.model_copy(update={step: _edit(getattr(obj, step), rest, update)})
