"""Ops for PostgreSQL schema objects beyond tables: extensions (created before everything, dropped after).

`pg_diff(old, new)` returns the ops to run first and last; design/diff.py places them around its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from specgen.design.model import Design, Extension
from specgen.design.ops import Op


@dataclass(frozen=True)
class CreateExtension(Op):
    """`table` holds the extension name."""

    kind: ClassVar[str] = "create_extension"
    in_schema: str | None = None

    def reverse(self) -> Op:
        return DropExtension(self.table, self.in_schema)

    def describe(self) -> str:
        return f"create extension {self.table}"


@dataclass(frozen=True)
class DropExtension(Op):
    kind: ClassVar[str] = "drop_extension"
    in_schema: str | None = None

    def reverse(self) -> Op:
        return CreateExtension(self.table, self.in_schema)

    def describe(self) -> str:
        return f"drop extension {self.table}"


PG_OPS = (CreateExtension, DropExtension)


def _extensions(design: Design | None) -> dict[str, Extension]:
    return {} if design is None else {e.name: e for e in design.database_schema.extensions}


def pg_diff(old: Design | None, new: Design) -> tuple[list[Op], list[Op]]:
    """(ops before every table op, ops after them)."""
    was, now = _extensions(old), _extensions(new)
    first: list[Op] = [CreateExtension(n, e.in_schema) for n, e in now.items() if n not in was]
    last: list[Op] = [DropExtension(n, e.in_schema) for n, e in reversed(was.items()) if n not in now]
    return first, last
