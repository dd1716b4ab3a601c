"""The typed boundary for a hand-edited design.yaml: every column's type is one the renderers can map.

`design` writes only types of the vocabulary (vocab/types.py); a design.yaml edited by hand can say
`database_type: varchr`, `date[]` or `enum` without an enum, which pydantic accepts (they are strings) and
the renderers cannot map. Those are refused when design.yaml is loaded, with its line, so that
`validate design.yaml` reports what `render` would otherwise fail on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.design.model import Design
from specgen.vocab.types import PASSTHROUGH, TYPES, UnknownType, parse_type

FAMILIES = frozenset(TYPES) | {"array", "enum", PASSTHROUGH}
# A type kept as written (`xml`, `ltree`, `public.mood`) is emitted into DDL: it must read as one type name.
_NAME = r'(?:[A-Za-z_][\w]*|"[^"\\;]{1,63}")'
_PASSTHROUGH_TEXT = re.compile(
    rf"^{_NAME}(?:\.{_NAME})?(?: [A-Za-z_][\w]*){{0,3}}(?:\([\w ,.']{{0,60}}\))?(?:\[\d*\])*$"
)


def type_problems(design: Design) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path in design.yaml, message) for each column whose type the renderers cannot map."""
    schema = design.database_schema
    enums = {e.name: tuple(e.values) for e in schema.enums}
    for i, entity in enumerate(schema.entities):
        for j, col in enumerate(entity.columns):
            where = ("database_schema", "entities", i, "columns", j)
            family = col.database_type.lower()
            name = f"column {entity.table_name}.{col.name}"
            if family not in FAMILIES:
                yield (
                    (*where, "database_type"),
                    f"{name}: database_type '{col.database_type}' is not a type family ({', '.join(sorted(FAMILIES))})",
                )
            elif family == PASSTHROUGH and not _PASSTHROUGH_TEXT.match(col.sql_type or ""):
                yield (
                    (*where, "sql_type"),
                    f"{name}: sql_type '{col.sql_type}' does not read as one SQL type name",
                )
            elif family == "enum" and col.enum not in enums:
                yield (
                    (*where, "enum"),
                    f"{name}: database_type enum names no declared enum (enum: {col.enum or 'missing'})",
                )
            elif family == "array":
                item = col.item_type or "text"
                try:
                    info = parse_type(item, enums or None)
                except UnknownType:
                    yield (*where, "item_type"), f"{name}: item_type '{item}' is not a known type"
                    continue
                if info.name == "array":
                    yield (
                        (*where, "item_type"),
                        f"{name}: item_type '{item}' is an array; arrays of arrays are not kept",
                    )
