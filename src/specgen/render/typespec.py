"""TypeSpec, the inert description of a SQLAlchemy type that render/satypes.py and render/pgsatypes.py build
(a module of its own: both import it, neither imports the other's caller)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TypeSpec:
    """An inert SQLAlchemy type: constructor name, arguments, per-dialect variants."""

    ctor: str  # a key of _CTORS, or "Enum"
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    item: TypeSpec | None = None  # ARRAY element type
    enum: str | None = None  # Enum: the design enum name
    variants: tuple[tuple[str, TypeSpec], ...] = field(default=())

    def generic(self) -> TypeSpec:
        """The type without its per-dialect variants (an ARRAY item, a domain's SQLite form)."""
        return TypeSpec(self.ctor, self.args, self.kwargs, self.item, self.enum)

    def with_variant(self, spec: TypeSpec, dialect: str) -> TypeSpec:
        return TypeSpec(self.ctor, self.args, self.kwargs, self.item, self.enum, (*self.variants, (dialect, spec)))
