"""The shared context of the SQLModel target's builders: the `Module` they fill (imports, enums, class names, caches)
and the per-enum and per-class values its template prints. In its own module so that sqlmodel.py (which
assembles the file) and sqlmodel_table/columns/rel.py (which build parts of it) import it without importing
each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.design.model import Design, Entity, ForeignKey, Relationship
from specgen.render import satypes
from specgen.render.pycode import Expr
from specgen.render.tables import cycle_breakers


@dataclass
class EnumCtx:
    name: str  # SQL type name
    class_name: str
    type_var: str
    members: list[tuple[str, str]]  # (member, value literal)
    type_lines: list[str] = field(default_factory=list)
    schema: str | None = None  # PostgreSQL schema of the type, when not public


@dataclass
class ClassCtx:
    template = "sqlmodel/class.py.j2"
    name: str
    doc: str | None
    table: str  # literal
    table_args: list[str]
    fields: list[list[str]]
    relationships: list[list[str]]
    repr_line: str | None
    to_dict: list[str] | None


class Module:
    """Everything the models module needs, collected while building classes."""

    def __init__(self, design: Design, breakers: set[tuple[str, int]] | None = None) -> None:
        """`breakers`: cycle_breakers(design), when the caller has it."""
        self.design = design
        self.std: set[str] = set()
        self.third: set[str] = {"from sqlmodel import Field, SQLModel"}
        self.helpers: set[str] = set()
        self.enums: dict[str, EnumCtx] = {}
        self.classes: dict[str, str] = {}  # entity name / table name -> class name
        self.entities: dict[str, Entity] = {}
        self.attrs: dict[str, dict[str, str]] = {}  # entity -> column name -> attribute
        # (entity, relationship) -> the columns it writes; filled on first use by sqlmodel_rel
        self.breakers = cycle_breakers(design) if breakers is None else breakers
        self.enum_names = satypes.enum_names(design)
        # caches: columns of one type share their annotation and type arguments
        self.py_types: dict[tuple[object, ...], tuple[str, set[str]]] = {}
        self.type_kwargs: dict[tuple[object, ...], tuple[list[tuple[str, Expr]], set[str]]] = {}
        self.writes: dict[tuple[str, str], tuple[Entity, Relationship, set[tuple[str, str]]]] | None = None
        self.resolved: dict[tuple[str, str], tuple[Entity, ForeignKey] | None] = {}  # see sqlmodel_rel.resolve
        self.writers: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (table, column) -> relationships
        self.defined: set[str] = set()  # classes written so far: an annotation may name them unquoted

    def enum_class(self, name: str) -> str:
        return self.enums[name].class_name if name in self.enums else "str"

    def enum_var(self, name: str) -> str:
        return self.enums[name].type_var
