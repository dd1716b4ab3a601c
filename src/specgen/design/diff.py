"""diff(old, new) -> list[Op]: what changed between two designs, as target-neutral operations.

Each op has `reverse()`, so a downgrade is derived from the upgrade instead of being compared twice
(alembic autogenerate's compare -> ops -> render). The list is in execution order:

1. enums created or extended          6. columns added
2. FKs, indexes, constraints dropped  7. columns altered (type, nullability, server default)
3. tables renamed                     8. constraints, indexes, FKs created (cycle FKs among them)
4. columns renamed                    9. columns dropped
5. tables created (FK order)         10. tables dropped (reverse FK order), enums dropped or shrunk

A rename is a rename only when the spec declares it (`renamed_from`, or a rename line in Migration
notes); otherwise the old name is dropped and the new one added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from specgen.design.model import Column, Constraint, Design, Entity, Enum, ForeignKey, Index

# --------------------------------------------------------------------------------------------- names


def constraint_name(table: str, c: Constraint) -> str:
    """The database name of a unique/check constraint (explicit, else the naming convention)."""
    if c.name:
        return c.name
    prefix = {"unique": "uq", "check": "ck", "exclude": "ex"}[c.type]
    return f"{prefix}_{table}_{'_'.join(c.columns) or 'expr'}"


def fk_name(table: str, fk: ForeignKey) -> str:
    return fk.name or f"fk_{table}_{'_'.join(fk.columns)}_{fk.ref_table}"


def table_constraints(entity: Entity) -> list[Constraint]:
    """Unique and check constraints of a table, column-level ones included, each once."""
    out: list[Constraint] = []
    seen: set[tuple[str, str]] = set()
    pk = entity.primary_key.columns if entity.primary_key else []
    for col in entity.columns:
        if "unique" in col.constraints and [col.name] != pk:
            out.append(Constraint(type="unique", columns=[col.name]))
        if col.check_expression:
            out.append(Constraint(type="check", columns=[col.name], expression=col.check_expression))
    out.extend(entity.constraints)
    unique: list[Constraint] = []
    for c in out:
        key = (c.type, constraint_name(entity.table_name, c))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


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
        return f"alter column {self.table}.{self.new.name}: {', '.join(parts)}"


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

    def reverse(self) -> Op:
        return DropEnum(self.table, self.values)

    def describe(self) -> str:
        return f"create enum {self.table}"


@dataclass(frozen=True)
class DropEnum(Op):
    kind: ClassVar[str] = "drop_enum"
    values: tuple[str, ...] = ()

    def reverse(self) -> Op:
        return CreateEnum(self.table, self.values)

    def describe(self) -> str:
        return f"drop enum {self.table}"


@dataclass(frozen=True)
class AlterEnum(Op):
    """Values added and/or removed. `columns` are the (table, column, server_default) that use it."""

    kind: ClassVar[str] = "alter_enum"
    old_values: tuple[str, ...] = ()
    new_values: tuple[str, ...] = ()
    columns: tuple[tuple[str, str, str | None], ...] = ()

    def reverse(self) -> Op:
        return AlterEnum(self.table, self.new_values, self.old_values, self.columns)

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


ALL_OPS = (CreateTable, DropTable, RenameTable, AddColumn, DropColumn, RenameColumn, AlterColumn, CreateIndex, DropIndex,
           CreateConstraint, DropConstraint, CreateForeignKey, DropForeignKey, CreateEnum, DropEnum, AlterEnum)


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
        return (new.scale or 0) >= (old.scale or 0) and new.precision - (new.scale or 0) >= old.precision - (old.scale or 0)
    if a == "timestamp" and b == "timestamptz":
        return True
    if a == "json" and b == "jsonb":
        return True
    return False


# ----------------------------------------------------------------------------------------------- diff


@dataclass
class Renames:
    tables: dict[str, str] = field(default_factory=dict)  # old table -> new table
    columns: dict[tuple[str, str], str] = field(default_factory=dict)  # (new table, old column) -> new column


def declared_renames(old: Design, new: Design) -> Renames:
    """Renames the new design declares and the old design makes possible."""
    os_, ns = old.database_schema, new.database_schema
    old_tables = {e.table_name: e for e in os_.entities}
    old_by_name = {e.name: e for e in os_.entities}
    new_tables = {e.table_name for e in ns.entities}
    r = Renames()
    for e in ns.entities:
        src = e.renamed_from
        if src:
            src_ent = old_tables.get(src) or old_by_name.get(src)
            if src_ent is not None and src_ent.table_name not in new_tables:
                r.tables[src_ent.table_name] = e.table_name
    for n in ns.migration_notes:
        if n.action == "rename_table" and n.new_name and n.table in old_tables and n.table not in new_tables \
                and n.new_name in new_tables:
            r.tables.setdefault(n.table, n.new_name)
    back = {v: k for k, v in r.tables.items()}
    for e in ns.entities:
        old_e = old_tables.get(back.get(e.table_name, e.table_name))
        if old_e is None:
            continue
        old_cols = {c.name for c in old_e.columns}
        new_cols = {c.name for c in e.columns}
        for c in e.columns:
            if c.renamed_from and c.renamed_from in old_cols and c.renamed_from not in new_cols:
                r.columns[(e.table_name, c.renamed_from)] = c.name
        for n in ns.migration_notes:
            if n.action == "rename_column" and n.column and n.new_name and n.table in (e.table_name, old_e.table_name) \
                    and n.column in old_cols and n.column not in new_cols and n.new_name in new_cols:
                r.columns.setdefault((e.table_name, n.column), n.new_name)
    return r


def _fk_key(fk: ForeignKey, table: str) -> tuple[object, ...]:
    return (fk_name(table, fk), tuple(fk.columns), fk.ref_table, tuple(fk.ref_columns), fk.on_delete, fk.on_update,
            fk.deferrable, fk.initially_deferred)


def _constraint_key(c: Constraint, table: str) -> tuple[object, ...]:
    return (c.type, constraint_name(table, c), tuple(c.columns), c.expression)


def _index_key(i: Index) -> tuple[object, ...]:
    return (i.index_name, i.table_name, tuple(i.columns), i.unique, i.index_type, i.condition)


def _column_changed(a: Column, b: Column) -> bool:
    return (a.sql_type, a.nullable, a.server_default) != (b.sql_type, b.nullable, b.server_default)


def table_order(entities: list[Entity]) -> tuple[list[Entity], set[tuple[str, int]]]:
    """Entities so that every FK target comes first; FKs that close a cycle are returned apart.

    Deterministic: ties keep the design order. Returns (ordered, {(table, fk index)} deferred)."""
    names = {e.table_name for e in entities}
    by_name = {e.table_name: e for e in entities}
    done: list[Entity] = []
    placed: set[str] = set()
    deferred: set[tuple[str, int]] = set()
    visiting: set[str] = set()

    def visit(e: Entity) -> None:
        if e.table_name in placed:
            return
        visiting.add(e.table_name)
        for i, fk in enumerate(e.foreign_keys):
            t = fk.ref_table
            if t == e.table_name or t not in names or t in placed:
                continue
            if t in visiting:
                deferred.add((e.table_name, i))
                continue
            visit(by_name[t])
        visiting.discard(e.table_name)
        placed.add(e.table_name)
        done.append(e)

    for e in entities:
        visit(e)
    # An FK to a table placed later (possible only through a deferred edge) must be deferred too.
    pos = {e.table_name: n for n, e in enumerate(done)}
    for e in done:
        for i, fk in enumerate(e.foreign_keys):
            t = fk.ref_table
            if t in pos and t != e.table_name and pos[t] > pos[e.table_name]:
                deferred.add((e.table_name, i))
    return done, deferred


def _creates(entities: list[Entity]) -> tuple[list[Op], list[Op]]:
    """CreateTable ops in FK order, and the CreateForeignKey ops that must follow all of them."""
    ordered, deferred = table_order(entities)
    tables: list[Op] = []
    later: list[Op] = []
    for e in ordered:
        inline = tuple(fk for i, fk in enumerate(e.foreign_keys) if (e.table_name, i) not in deferred)
        tables.append(CreateTable(e.table_name, e, inline))
        later.extend(CreateForeignKey(e.table_name, fk)
                     for i, fk in enumerate(e.foreign_keys) if (e.table_name, i) in deferred)
    return tables, later


def _enum_users(design: Design) -> dict[str, list[tuple[str, str, str | None]]]:
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    for e in design.database_schema.entities:
        for c in e.columns:
            if c.enum:
                out.setdefault(c.enum, []).append((e.table_name, c.name, c.server_default))
    return out


def diff(old: Design | None, new: Design) -> list[Op]:
    """The ops that turn the old design's database into the new one's, in execution order."""
    ns = new.database_schema
    if old is None:
        old_enums: dict[str, Enum] = {}
        old_entities: list[Entity] = []
        old_indexes: list[Index] = []
        renames = Renames()
    else:
        os_ = old.database_schema
        old_enums = {e.name: e for e in os_.enums}
        old_entities = list(os_.entities)
        old_indexes = list(os_.indexes)
        renames = declared_renames(old, new)
    new_enums = {e.name: e for e in ns.enums}
    users = _enum_users(new)
    users_old = _enum_users(old) if old is not None else {}

    enum_first: list[Op] = []
    enum_last: list[Op] = []
    for name, en in new_enums.items():
        was = old_enums.get(name)
        if was is None:
            enum_first.append(CreateEnum(name, tuple(en.values)))
        elif list(was.values) != list(en.values):
            cols = tuple(sorted(set(users.get(name, [])) | set(users_old.get(name, []))))
            alter = AlterEnum(name, tuple(was.values), tuple(en.values), cols)
            (enum_first if alter.only_added else enum_last).append(alter)
    for name, en in old_enums.items():
        if name not in new_enums:
            enum_last.append(DropEnum(name, tuple(en.values)))

    new_by_table = {e.table_name: e for e in ns.entities}
    old_by_table = {e.table_name: e for e in old_entities}
    # old table name -> the new entity it becomes
    kept: dict[str, Entity] = {}
    for t in old_by_table:
        target = renames.tables.get(t, t)
        if target in new_by_table and (t == target or t in renames.tables):
            kept[t] = new_by_table[target]
    new_tables = [e for e in ns.entities if e.table_name not in {k.table_name for k in kept.values()}]
    dropped_tables = [e for t, e in old_by_table.items() if t not in kept]

    drops_first: list[Op] = []
    rename_tables: list[Op] = [RenameTable(t, e.table_name) for t, e in kept.items() if t != e.table_name]
    rename_cols: list[Op] = []
    adds: list[Op] = []
    alters: list[Op] = []
    creates_after: list[Op] = []
    drop_cols: list[Op] = []

    old_ix = {_index_key(i): i for i in old_indexes}
    new_ix = {_index_key(i): i for i in ns.indexes}
    new_table_names = {e.table_name for e in new_tables}

    for t, ne in kept.items():
        oe = old_by_table[t]
        nt = ne.table_name
        col_map = {old: new for (tbl, old), new in renames.columns.items() if tbl == nt}
        old_cols = {c.name: c for c in oe.columns}
        new_cols = {c.name: c for c in ne.columns}
        gone = [c for c in oe.columns if c.name not in new_cols and c.name not in col_map]
        added = [c for c in ne.columns if c.name not in old_cols and c.name not in col_map.values()]
        added_names = {c.name for c in added}
        for o, n in col_map.items():
            rename_cols.append(RenameColumn(nt, o, n))
        for c in ne.columns:
            if c.name in added_names:
                adds.append(AddColumn(nt, c))
                continue
            before = old_cols.get(c.name) or old_cols.get(next((o for o, n in col_map.items() if n == c.name), ""))
            if before is not None and _column_changed(before, c):
                alters.append(AlterColumn(nt, before.model_copy(update={"name": c.name}), c))
        drop_cols.extend(DropColumn(nt, c) for c in gone)

        # FKs: dropped with the old table name (before renames), created with the new one (after adds).
        ofk = {_fk_key(fk, t): fk for fk in oe.foreign_keys}
        nfk = {_fk_key(fk, nt): fk for fk in ne.foreign_keys}
        for k, fk in ofk.items():
            if k not in nfk:
                drops_first.append(DropForeignKey(t, fk))
        for k, fk in nfk.items():
            if k not in ofk:
                creates_after.append(CreateForeignKey(nt, fk))
        oc = {_constraint_key(c, t): c for c in table_constraints(oe)}
        nc = {_constraint_key(c, nt): c for c in table_constraints(ne)}
        for k, c in oc.items():
            if k not in nc:
                drops_first.append(DropConstraint(t, c))
        for k, c in nc.items():
            if k not in oc:
                creates_after.append(CreateConstraint(nt, c))
    for k, i in old_ix.items():
        if k not in new_ix:  # indexes of dropped tables too: the downgrade must recreate them
            drops_first.append(DropIndex(i.table_name, i))
    for k, i in new_ix.items():
        if k not in old_ix and i.table_name not in new_table_names:
            creates_after.append(CreateIndex(i.table_name, i))

    create_tables, cycle_fks = _creates(new_tables)
    new_table_indexes = [CreateIndex(i.table_name, i) for i in ns.indexes if i.table_name in new_table_names]
    drop_create, drop_cycle = _creates(dropped_tables)
    drop_tables = [op.reverse() for op in reversed(drop_create)]
    drop_fks = [op.reverse() for op in reversed(drop_cycle)]

    return [*enum_first, *drops_first, *drop_fks, *rename_tables, *rename_cols, *create_tables, *adds, *alters,
            *cycle_fks, *new_table_indexes, *creates_after, *drop_cols, *drop_tables, *enum_last]


def reverse_ops(ops: Iterable[Op]) -> list[Op]:
    """The downgrade: each op reversed, in reverse order."""
    return [op.reverse() for op in reversed(list(ops))]


def with_table(op: Op, table: str) -> Op:
    return replace(op, table=table)
