"""Target-neutral migration operations, each with `reverse()`, and the constraint names they use.

`design.diff` produces them; render/alembic.py renders each kind; the downgrade is the reversed
list (alembic autogenerate's ops layer, without its global registries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from specgen.design import naming
from specgen.design.model import Column, Constraint, Entity, ForeignKey, Index
from specgen.design.naming import fk_name, limit_name

# --------------------------------------------------------------------------------------------- names


def constraint_name(table: str, c: Constraint) -> str:
    """The database name of a unique/check constraint: the design's (design/naming.py decides it)."""
    if c.name:
        return c.name
    prefix = {"unique": "uq", "check": "ck", "exclude": "ex"}[c.type]
    return limit_name(f"{prefix}_{table}_{'_'.join(c.columns) or 'expr'}")


def table_constraints(entity: Entity) -> list[Constraint]:
    """Unique and check constraints of a table, column-level ones included, each once, each named."""
    return [p.constraint for p in naming.table_constraints(entity) if p.constraint.type != "exclude"]


def exclusion_constraints(entity: Entity) -> list[Constraint]:
    """A table's exclusion constraints that specgen renders (those with operators; PostgreSQL's only), named."""
    return [
        p.constraint
        for p in naming.table_constraints(entity)
        if p.constraint.type == "exclude" and p.constraint.operators
    ]


# ----------------------------------------------------------------------------------------------- ops


@dataclass(frozen=True)
class Op:
    kind: ClassVar[str] = "op"
    table: str

    def reverse(self) -> Op:  # pragma: no cover - every op overrides it
        raise NotImplementedError

    @property
    def loses_data(self) -> bool:
        return False

    def describe(self) -> str:  # pragma: no cover
        return self.kind


@dataclass(frozen=True)
class CreateTable(Op):
    kind: ClassVar[str] = "create_table"
    entity: Entity = field(compare=False, default=None)  # type: ignore[assignment]
    foreign_keys: tuple[ForeignKey, ...] = ()  # the FKs created with the table (cycle FKs come later)

    def reverse(self) -> Op:
        return DropTable(self.table, self.entity, self.foreign_keys)

    def describe(self) -> str:
        return f"create table {self.table}"


@dataclass(frozen=True)
class DropTable(Op):
    kind: ClassVar[str] = "drop_table"
    entity: Entity = field(compare=False, default=None)  # type: ignore[assignment]
    foreign_keys: tuple[ForeignKey, ...] = ()

    def reverse(self) -> Op:
        return CreateTable(self.table, self.entity, self.foreign_keys)

    @property
    def loses_data(self) -> bool:
        return True

    def describe(self) -> str:
        return f"drop table {self.table}"


@dataclass(frozen=True)
class RenameTable(Op):
    kind: ClassVar[str] = "rename_table"
    new_name: str = ""

    def reverse(self) -> Op:
        return RenameTable(self.new_name, self.table)

    def describe(self) -> str:
        return f"rename table {self.table} -> {self.new_name}"


@dataclass(frozen=True)
class AddColumn(Op):
    kind: ClassVar[str] = "add_column"
    column: Column = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return DropColumn(self.table, self.column)

    def describe(self) -> str:
        return f"add column {self.table}.{self.column.name}"


@dataclass(frozen=True)
class DropColumn(Op):
    kind: ClassVar[str] = "drop_column"
    column: Column = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return AddColumn(self.table, self.column)

    @property
    def loses_data(self) -> bool:
        return True

    def describe(self) -> str:
        return f"drop column {self.table}.{self.column.name}"


@dataclass(frozen=True)
class RenameColumn(Op):
    kind: ClassVar[str] = "rename_column"
    old: str = ""
    new: str = ""

    def reverse(self) -> Op:
        return RenameColumn(self.table, self.new, self.old)

    def describe(self) -> str:
        return f"rename column {self.table}.{self.old} -> {self.new}"


@dataclass(frozen=True)
class AlterColumn(Op):
    """Type, nullability and server default of one column; `old` and `new` are the whole columns."""

    kind: ClassVar[str] = "alter_column"
    old: Column = field(default=None)  # type: ignore[assignment]
    new: Column = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return AlterColumn(self.table, self.new, self.old)

    @property
    def type_changed(self) -> bool:
        return self.old.sql_type != self.new.sql_type

    @property
    def nullable_changed(self) -> bool:
        return self.old.nullable != self.new.nullable

    @property
    def default_changed(self) -> bool:
        return self.old.server_default != self.new.server_default

    @property
    def comment_changed(self) -> bool:
        return self.old.comment != self.new.comment

    @property
    def identity_changed(self) -> bool:
        """Its identity: added, dropped, ALWAYS / BY DEFAULT, or its sequence's options (START WITH, …)."""
        return self.old.identity != self.new.identity or (
            self.new.identity is not None and (self.old.identity_options or {}) != (self.new.identity_options or {})
        )

    @property
    def domain_changed(self) -> bool:
        return self.old.domain != self.new.domain

    @property
    def narrowing(self) -> bool:
        return self.type_changed and not is_widening(self.old, self.new)

    @property
    def loses_data(self) -> bool:
        return self.narrowing

    def describe(self) -> str:
        parts = []
        if self.type_changed:
            parts.append(f"type {self.old.sql_type} -> {self.new.sql_type}")
        if self.nullable_changed:
            parts.append("NOT NULL" if not self.new.nullable else "nullable")
        if self.default_changed:
            parts.append(f"server default {self.new.server_default or 'dropped'}")
        if self.comment_changed:
            parts.append("comment " + ("dropped" if self.new.comment is None else "set"))
        if self.identity_changed:
            options = self.old.identity == self.new.identity
            parts.append("identity options" if options else f"identity {self.new.identity or 'dropped'}")
        if self.domain_changed:
            parts.append(f"domain {self.new.domain or 'dropped'}")
        return f"alter column {self.table}.{self.new.name}: {', '.join(parts)}"


@dataclass(frozen=True)
class RecomputeColumn(Op):
    """A column whose generated expression changed (or that became generated): dropped and added again, since
    PostgreSQL before 17 cannot change the expression. A generated column's values are derived: none is lost."""

    kind: ClassVar[str] = "recompute_column"
    old: Column = field(default=None)  # type: ignore[assignment]
    new: Column = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return RecomputeColumn(self.table, self.new, self.old)

    @property
    def loses_data(self) -> bool:
        # a stored column's own values give way to computed ones, or computed ones to NULL
        return self.old.generated is None or self.new.generated is None

    def describe(self) -> str:
        how = f"generated as {self.new.generated}" if self.new.generated else "no longer generated"
        return f"recompute column {self.table}.{self.new.name}: {how}"


@dataclass(frozen=True)
class SetUnlogged(Op):
    """ALTER TABLE … SET UNLOGGED / SET LOGGED (PostgreSQL's)."""

    kind: ClassVar[str] = "set_unlogged"
    unlogged: bool = True
    schema: str | None = None

    def reverse(self) -> Op:
        return SetUnlogged(self.table, not self.unlogged, self.schema)

    def describe(self) -> str:
        return f"set table {self.table} {'unlogged' if self.unlogged else 'logged'}"


@dataclass(frozen=True)
class SetTableComment(Op):
    """The table's database comment (COMMENT ON TABLE) set, changed or dropped (None)."""

    kind: ClassVar[str] = "set_table_comment"
    old: str | None = None
    new: str | None = None
    schema: str | None = None

    def reverse(self) -> Op:
        return SetTableComment(self.table, self.new, self.old, self.schema)

    def describe(self) -> str:
        return f"{'drop' if self.new is None else 'set'} comment on table {self.table}"


@dataclass(frozen=True)
class CreateIndex(Op):
    kind: ClassVar[str] = "create_index"
    index: Index = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return DropIndex(self.table, self.index)

    def describe(self) -> str:
        return f"create index {self.index.index_name} on {self.table}"


@dataclass(frozen=True)
class DropIndex(Op):
    kind: ClassVar[str] = "drop_index"
    index: Index = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return CreateIndex(self.table, self.index)

    def describe(self) -> str:
        return f"drop index {self.index.index_name}"


@dataclass(frozen=True)
class CreateConstraint(Op):
    kind: ClassVar[str] = "create_constraint"
    constraint: Constraint = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return DropConstraint(self.table, self.constraint)

    @property
    def name(self) -> str:
        return constraint_name(self.table, self.constraint)

    def describe(self) -> str:
        return f"create {self.constraint.type} constraint {self.name} on {self.table}"


@dataclass(frozen=True)
class DropConstraint(Op):
    kind: ClassVar[str] = "drop_constraint"
    constraint: Constraint = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return CreateConstraint(self.table, self.constraint)

    @property
    def name(self) -> str:
        return constraint_name(self.table, self.constraint)

    def describe(self) -> str:
        return f"drop {self.constraint.type} constraint {self.name} on {self.table}"


@dataclass(frozen=True)
class CreateForeignKey(Op):
    kind: ClassVar[str] = "create_foreign_key"
    fk: ForeignKey = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return DropForeignKey(self.table, self.fk)

    @property
    def name(self) -> str:
        return fk_name(self.table, self.fk)

    def describe(self) -> str:
        return f"create foreign key {self.name}"


@dataclass(frozen=True)
class DropForeignKey(Op):
    kind: ClassVar[str] = "drop_foreign_key"
    fk: ForeignKey = field(default=None)  # type: ignore[assignment]

    def reverse(self) -> Op:
        return CreateForeignKey(self.table, self.fk)

    @property
    def name(self) -> str:
        return fk_name(self.table, self.fk)

    def describe(self) -> str:
        return f"drop foreign key {self.name}"


@dataclass(frozen=True)
class CreateEnum(Op):
    """`table` holds the enum name (enums are schema objects of their own)."""

    kind: ClassVar[str] = "create_enum"
    values: tuple[str, ...] = ()
    schema: str | None = None

    def reverse(self) -> Op:
        return DropEnum(self.table, self.values, self.schema)

    def describe(self) -> str:
        return f"create enum {self.table}"


@dataclass(frozen=True)
class DropEnum(Op):
    kind: ClassVar[str] = "drop_enum"
    values: tuple[str, ...] = ()
    schema: str | None = None

    def reverse(self) -> Op:
        return CreateEnum(self.table, self.values, self.schema)

    def describe(self) -> str:
        return f"drop enum {self.table}"


@dataclass(frozen=True)
class RenameEnum(Op):
    """`table` holds the old enum name: an inline enum (named `<table>_<column>`) follows its column's rename."""

    kind: ClassVar[str] = "rename_enum"
    new_name: str = ""
    schema: str | None = None

    def reverse(self) -> Op:
        return RenameEnum(self.new_name, self.table, self.schema)

    def describe(self) -> str:
        return f"rename enum {self.table} -> {self.new_name}"


@dataclass(frozen=True)
class AlterEnum(Op):
    """Values added and/or removed. `columns` are the (table, column, server_default) that use it."""

    kind: ClassVar[str] = "alter_enum"
    old_values: tuple[str, ...] = ()
    new_values: tuple[str, ...] = ()
    columns: tuple[tuple[str, str, str | None], ...] = ()
    schema: str | None = None

    def reverse(self) -> Op:
        return AlterEnum(self.table, self.new_values, self.old_values, self.columns, self.schema)

    @property
    def removed(self) -> list[str]:
        return [v for v in self.old_values if v not in self.new_values]

    @property
    def only_added(self) -> bool:
        """New values appended at the end: PostgreSQL can ADD VALUE in place."""
        return not self.removed and list(self.new_values[: len(self.old_values)]) == list(self.old_values)

    @property
    def loses_data(self) -> bool:
        return bool(self.removed)

    def describe(self) -> str:
        return f"alter enum {self.table}: {', '.join(self.old_values)} -> {', '.join(self.new_values)}"


@dataclass(frozen=True)
class RenameConstraint(Op):
    """A constraint or index that only changes its name (its table or columns were renamed).

    `old` drops it and `new` creates it, both on the table's name at the time it runs: PostgreSQL renames
    in place (ALTER … RENAME); SQLite, which cannot, runs the two in a batch copy."""

    kind: ClassVar[str] = "rename_constraint"
    old: Op = field(default=None)  # type: ignore[assignment]  # DropForeignKey | DropConstraint | DropIndex
    new: Op = field(default=None)  # type: ignore[assignment]  # CreateForeignKey | CreateConstraint | CreateIndex

    def reverse(self) -> Op:
        return RenameConstraint(self.table, self.new.reverse(), self.old.reverse())

    @property
    def old_name(self) -> str:
        return _op_name(self.old)

    @property
    def new_name(self) -> str:
        return _op_name(self.new)

    def describe(self) -> str:
        return f"rename {'index' if isinstance(self.new, CreateIndex) else 'constraint'} {self.old_name} -> {self.new_name}"


def _op_name(op: Op) -> str:
    if isinstance(op, (CreateIndex, DropIndex)):
        return op.index.index_name
    return op.name  # type: ignore[attr-defined]


ALL_OPS = (
    SetTableComment,
    SetUnlogged,
    RecomputeColumn,
    CreateTable,
    DropTable,
    RenameTable,
    AddColumn,
    DropColumn,
    RenameColumn,
    AlterColumn,
    CreateIndex,
    DropIndex,
    CreateConstraint,
    DropConstraint,
    CreateForeignKey,
    DropForeignKey,
    CreateEnum,
    DropEnum,
    AlterEnum,
    RenameConstraint,
    RenameEnum,
)


# ---------------------------------------------------------------------------------------- type order

_INT_RANK = {"smallint": 1, "integer": 2, "bigint": 3}
_FLOAT_RANK = {"real": 1, "double": 2}
_STRINGS = {"char", "varchar", "text"}


def is_widening(old: Column, new: Column) -> bool:
    """True when every value of the old type fits the new one unchanged."""
    a, b = old.database_type, new.database_type
    if old.sql_type == new.sql_type:
        return True
    if a in _INT_RANK and b in _INT_RANK:
        return _INT_RANK[b] >= _INT_RANK[a]
    if a in _INT_RANK and b == "numeric":
        return new.precision is None or new.precision - (new.scale or 0) >= {1: 5, 2: 10, 3: 19}[_INT_RANK[a]]
    if a in _FLOAT_RANK and b in _FLOAT_RANK:
        return _FLOAT_RANK[b] >= _FLOAT_RANK[a]
    if a in _INT_RANK and b in _FLOAT_RANK:
        return b == "double" and a != "bigint"
    if a in _STRINGS and b in _STRINGS:
        if b == "text":
            return True
        if a == "text":
            return False
        return new.length is None or (old.length is not None and new.length >= old.length)
    if a in ("uuid", "date", "time", "timestamp", "timestamptz", "boolean", "inet") and b == "text":
        return True
    if a == "numeric" and b == "numeric":
        if new.precision is None:
            return True
        if old.precision is None:
            return False
        return (new.scale or 0) >= (old.scale or 0) and new.precision - (new.scale or 0) >= old.precision - (
            old.scale or 0
        )
    if a == "timestamp" and b == "timestamptz":
        return True
    if a == "json" and b == "jsonb":
        return True
    return False
