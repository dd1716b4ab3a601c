"""The closed word lists the IR and the design share (referential actions, constraint kinds, migration notes).

Readers narrow what a spec writes to these types (`on_action`) so that the design's pydantic models receive
values of their field types, not any string.
"""

from __future__ import annotations

from typing import Literal, get_args

Naming = Literal["snake_case", "camelCase"]  # Python field names
OnAction = Literal["CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"]
ConstraintKind = Literal["unique", "check", "primary_key", "exclude"]
NoteAction = Literal[
    "allow_drop_column",
    "allow_drop_table",
    "rename_column",
    "rename_table",
    "allow_narrowing",
    "allow_data_loss",
]

ON_ACTIONS: tuple[OnAction, ...] = get_args(OnAction)


def on_action(text: str | None) -> OnAction | None:
    """`cascade`, ` Set  Null ` -> the SQL action; None when `text` is none of them."""
    if text is None:
        return None
    up = " ".join(text.upper().split())
    return next((a for a in ON_ACTIONS if a == up), None)
