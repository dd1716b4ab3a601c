"""What the reader tests ask of a spec text: its entities by name, their columns, their foreign keys."""

from __future__ import annotations

from specgen.parse import parse_text
from specgen.parse.ir import EntityIR


def read(text: str) -> dict[str, EntityIR]:
    return {e.name or "": e for e in parse_text("s.md", text).entities}


def columns(e: EntityIR) -> list[str]:
    return [c.name for c in e.columns]


def fks(e: EntityIR) -> dict[str, str]:
    return {
        c.name: c.fk.ref_table + ("." + c.fk.ref_columns[0] if c.fk.ref_columns else "")
        for c in e.columns
        if c.fk is not None
    }
