"""How an index of the design is written for SQLAlchemy, decided once for the revisions (render/alembic_ops.py)
and the models (render/tables.py -> sqlmodel, metadata): which elements are column names and which SQL text,
the operator classes SQLAlchemy takes by column (`postgresql_ops`), INCLUDE (`postgresql_include`) and WITH
(`postgresql_with`) parameters.

A column with an operator class stays a column (its class goes into `postgresql_ops`); a column with an order
(`DESC NULLS LAST`) and an expression with a class or order are SQL text (`sa.text`), which SQLAlchemy writes
as given. Such text is PostgreSQL's only when it names a class or a null order (SQLite reads plain DESC).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from specgen.design.model import Constraint, Index
from specgen.render.pycode import py_str
from specgen.sqlexpr import emit_index_element
from specgen.vocab.reserved import PG_RESERVED

_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(slots=True)
class IndexParts:
    elements: list[tuple[bool, str]]  # (is SQL text, column name or text)
    ops: dict[str, str] = field(default_factory=dict)  # postgresql_ops: column name -> operator class
    orders: dict[str, str] = field(default_factory=dict)  # column name -> order (models: sa.column(c).desc())
    include: list[str] = field(default_factory=list)  # postgresql_include
    parameters: dict[str, str] = field(default_factory=dict)  # postgresql_with
    postgresql_only: bool = False  # its text names an operator class or a null order

    def kwargs(self) -> list[tuple[str, object]]:
        """The postgresql_* keyword arguments beyond using/where, as (name, value) in a stable order."""
        out: list[tuple[str, object]] = []
        if self.ops:
            out.append(("postgresql_ops", dict(self.ops)))
        if self.include:
            out.append(("postgresql_include", list(self.include)))
        if self.parameters:
            out.append(("postgresql_with", dict(self.parameters)))
        return out

    def kwargs_code(self) -> list[tuple[str, str]]:
        """kwargs() as Python source, strings quoted as ruff prefers."""
        return [(k, option_code(v)) for k, v in self.kwargs()]


def option_code(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(k)}: {py_str(v)}" for k, v in value.items()) + "}"
    assert isinstance(value, list)
    return "[" + ", ".join(py_str(v) for v in value) + "]"


def _ident(name: str) -> str:
    """A column name as SQL text: quoted unless plain lower case and not a reserved word (`"order" DESC`)."""
    plain = _PLAIN.fullmatch(name) and name not in PG_RESERVED
    return name if plain else '"' + name.replace('"', '""') + '"'


def index_parts(
    ix: Index, is_column: Callable[[str], bool], on: tuple[str, ...] | list[str], ordered_columns: bool = False
) -> IndexParts:
    """`is_column`: whether an element names a column (else it is an expression); `on`: the dialects its
    expressions are emitted for; `ordered_columns`: a column with an order (and no operator class) stays a
    column with its order in `orders` (models write `sa.column("c").desc()`, which autogenerate compares with
    what it reflects); else it is text (revisions)."""
    ops = ix.opclasses or {}
    orders = ix.orders or {}
    parts = IndexParts([], include=list(ix.include or []), parameters=dict(ix.parameters or {}))
    for element in ix.columns:
        opclass, order = ops.get(element), orders.get(element)
        if is_column(element):
            if order is None or (ordered_columns and not opclass):
                parts.elements.append((False, element))
                if opclass:
                    parts.ops[element] = opclass
                if order:
                    parts.orders[element] = order
                continue
            text = _ident(element)
        else:
            text = emit_index_element(element, on)
            if opclass or order:
                text = f"({text})"  # `(a -> 'k') jsonb_path_ops`: extra parentheses are harmless
        words = [text, opclass or "", (order or "").upper()]
        parts.elements.append((True, " ".join(w for w in words if w)))
    parts.postgresql_only = needs_postgresql(ix, is_column)
    return parts


def needs_postgresql(ix: Index, is_column: Callable[[str], bool]) -> bool:
    """Whether the index's SQL text names an operator class or a null order (which SQLite does not read)."""
    ops, orders = ix.opclasses or {}, ix.orders or {}
    return any((e in ops and (e in orders or not is_column(e))) or "nulls" in orders.get(e, "") for e in ix.columns)


def ordered_column_code(name: str, order: str) -> str:
    """`sa.column("c").desc().nulls_last()`: a column of a model's index with its order."""
    calls = "".join(f".{w}()" if w in ("asc", "desc") else "" for w in order.split())
    if "nulls" in order:
        calls += ".nulls_first()" if order.endswith("first") else ".nulls_last()"
    return f"sa.column({py_str(name)}){calls}"


def deferrable_code(c: Constraint) -> list[tuple[str, str]]:
    """deferrable= / initially= of a unique or exclusion constraint, as Python source."""
    if not c.deferrable:
        return []
    return [("deferrable", "True")] + ([("initially", '"DEFERRED"')] if c.initially_deferred else [])


def exclude_code(c: Constraint, name: str, plain: Callable[[str], bool]) -> tuple[list[str], list[tuple[str, str]]]:
    """`postgresql.ExcludeConstraint((column, op), (sa.text(expr), op), name=, using=, where=)`: (args, kwargs)
    as Python source. `plain`: whether an element names a column. Only for constraints with operators."""
    args = [
        f"({py_str(e) if plain(e) else f'sa.text({py_str(e)})'}, {py_str(o)})"
        for e, o in zip(c.columns, c.operators or [], strict=True)
    ]
    kw = [("name", py_str(name))]
    if c.index_type:
        kw.append(("using", py_str(c.index_type)))
    if c.condition:
        kw.append(("where", f"sa.text({py_str(c.condition)})"))
    return args, kw + deferrable_code(c)
