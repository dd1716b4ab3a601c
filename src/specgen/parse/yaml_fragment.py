"""The typed boundary of the ```yaml reader: fragment models derived from the design models.

A fragment is design.yaml written by hand: every field of the design models, each one optional, with the
design's own types (so a wrong type is refused here, with the line, instead of crashing the build), and
the spellings people write normalised first (`on_delete: cascade`, `type: one-to-many`, `constraints: [pk]`).
Keys the design does not know are ignored, as before.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model, field_validator

from specgen.design import model as dm

_CONFIG = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


def _upper_action(value: Any) -> Any:
    """`cascade`, `set_null`, `Set Null` -> the design's `CASCADE`, `SET NULL`."""
    if isinstance(value, str):
        return " ".join(value.replace("_", " ").replace("-", " ").split()).upper()
    return value


def _relationship_type(value: Any) -> Any:
    """`one-to-many`, `One To Many`, `1:n` -> `one_to_many`."""
    if isinstance(value, str):
        text = "_".join(value.replace("-", " ").replace("_", " ").lower().split())
        return {"1:n": "one_to_many", "n:1": "many_to_one", "1:1": "one_to_one", "n:m": "many_to_many"}.get(text, text)
    return value


_CONSTRAINT_WORDS = {"pk": "primary_key", "primary key": "primary_key", "fk": "foreign_key", "not null": "not_null"}


def _constraint_words(value: Any) -> Any:
    if isinstance(value, str):  # `constraints: unique` for `[unique]`
        value = [value]
    if isinstance(value, list):
        return [
            _CONSTRAINT_WORDS.get(" ".join(v.replace("_", " ").lower().split()), v.lower().replace(" ", "_"))
            if isinstance(v, str)
            else v
            for v in value
        ]
    return value


def _partial(
    base: type[BaseModel], nested: dict[str, Any], normalise: dict[str, Any], written: type[BaseModel] | None = None
) -> type[BaseModel]:
    """`base` with every field optional (None: not stated), `nested` annotations swapped in; `written`: the fields
    design.yaml also writes (derived, not stored), accepted too."""
    fields: dict[str, Any] = {}
    for name, info in (base.model_fields | (written.model_fields if written else {})).items():
        annotation: Any = nested.get(name, info.annotation)
        fields[name] = (annotation | None, None)
    validators: dict[str, Any] = {
        f"_norm_{name}": field_validator(name, mode="before")(staticmethod(fn)) for name, fn in normalise.items()
    }
    return create_model(f"{base.__name__}Fragment", __config__=_CONFIG, __validators__=validators, **fields)


_ACTIONS = {"on_delete": _upper_action, "on_update": _upper_action}
ColumnFragment = _partial(dm.Column, {}, {**_ACTIONS, "constraints": _constraint_words}, dm.WrittenColumn)
ForeignKeyFragment = _partial(dm.ForeignKey, {}, _ACTIONS)
RelationshipFragment = _partial(dm.Relationship, {}, {"type": _relationship_type})
ConstraintFragment = _partial(dm.Constraint, {}, {"type": lambda v: v.lower() if isinstance(v, str) else v})
PrimaryKeyFragment = _partial(dm.PrimaryKey, {}, {})
EntityFragment = _partial(
    dm.Entity,
    {
        "columns": list[ColumnFragment],  # type: ignore[valid-type]
        "foreign_keys": list[ForeignKeyFragment],  # type: ignore[valid-type]
        "relationships": list[RelationshipFragment],  # type: ignore[valid-type]
        "constraints": list[ConstraintFragment],  # type: ignore[valid-type]
        "primary_key": PrimaryKeyFragment,
    },
    {},
)
EnumFragment = _partial(dm.Enum, {}, {})
IndexFragment = _partial(dm.Index, {}, {"index_type": lambda v: v.lower() if isinstance(v, str) else v})


class DocumentFragment(BaseModel):
    """The top level: `entities`, `enums`, `indexes` (each item is checked on its own)."""

    model_config = _CONFIG
    entities: list[Any] | None = None
    enums: list[Any] | None = None
    indexes: list[Any] | None = None


def problems(exc: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    """(location path, message) of each error, in a stable order, at most ten."""
    out = []
    for e in exc.errors(include_url=False)[:10]:
        got = e.get("input")
        msg = re.sub(r" or instance of \w+", "", e["msg"])
        shown = f" (got {_short(got)})" if not isinstance(got, dict | list) and "input" in e else ""
        if e["type"] == "string_type" and not isinstance(got, dict | list):
            shown += "; put the value in quotes"  # YAML read 2024-01-01 as a date, yes as true
        out.append((tuple(e["loc"]), f"{msg}{shown}"))
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
