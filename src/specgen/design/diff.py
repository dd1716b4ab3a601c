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

from specgen.design.model import Column, Constraint, Design, Entity, Enum, ForeignKey, Index
from specgen.design.ops import (  # re-exported (see __all__): callers write d.CreateTable, …
    ALL_OPS,
    AddColumn,
    AlterColumn,
    AlterEnum,
    CreateConstraint,
    CreateEnum,
    CreateForeignKey,
    CreateIndex,
    CreateTable,
    DropColumn,
    DropConstraint,
    DropEnum,
    DropForeignKey,
    DropIndex,
    DropTable,
    Op,
    RenameColumn,
    RenameTable,
    constraint_name,
    fk_name,
    is_widening,
    table_constraints,
)

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
        if (
            n.action == "rename_table"
            and n.new_name
            and n.table in old_tables
            and n.table not in new_tables
            and n.new_name in new_tables
        ):
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
            if (
                n.action == "rename_column"
                and n.column
                and n.new_name
                and n.table in (e.table_name, old_e.table_name)
                and n.column in old_cols
                and n.column not in new_cols
                and n.new_name in new_cols
            ):
                r.columns.setdefault((e.table_name, n.column), n.new_name)
    return r


def _fk_key(fk: ForeignKey, table: str) -> tuple[object, ...]:
    return (
        fk_name(table, fk),
        tuple(fk.columns),
        fk.ref_table,
        tuple(fk.ref_columns),
        fk.on_delete,
        fk.on_update,
        fk.deferrable,
        fk.initially_deferred,
    )


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
        later.extend(
            CreateForeignKey(e.table_name, fk) for i, fk in enumerate(e.foreign_keys) if (e.table_name, i) in deferred
        )
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
            alter = AlterEnum(name, tuple(was.values), tuple(en.values))
            # The columns a rebuild converts are those of the schema at the time it runs: an appending
            # ALTER runs first (no rebuild) and its reverse last in the downgrade (old schema); any other
            # runs last, and its reverse first in the downgrade (new schema both times).
            cols = users_old.get(name, []) if alter.only_added else users.get(name, [])
            alter = replace(alter, columns=tuple(sorted(cols)))
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

    from specgen.design.pgops import pg_diff

    pg = pg_diff(old, new)
    return [
        *pg.first,
        *pg.drop_views,
        *enum_first,
        *drops_first,
        *drop_fks,
        *rename_tables,
        *rename_cols,
        *create_tables,
        *adds,
        *alters,
        *cycle_fks,
        *new_table_indexes,
        *creates_after,
        *pg.create_views,
        *drop_cols,
        *drop_tables,
        *enum_last,
        *pg.last,
    ]


def reverse_ops(ops: Iterable[Op]) -> list[Op]:
    """The downgrade: each op reversed, in reverse order."""
    return [op.reverse() for op in reversed(list(ops))]


def with_table(op: Op, table: str) -> Op:
    return replace(op, table=table)


__all__ = [
    "ALL_OPS",
    "AddColumn",
    "AlterColumn",
    "AlterEnum",
    "CreateConstraint",
    "CreateEnum",
    "CreateForeignKey",
    "CreateIndex",
    "CreateTable",
    "DropColumn",
    "DropConstraint",
    "DropEnum",
    "DropForeignKey",
    "DropIndex",
    "DropTable",
    "Op",
    "RenameColumn",
    "RenameTable",
    "Renames",
    "constraint_name",
    "declared_renames",
    "diff",
    "fk_name",
    "is_widening",
    "reverse_ops",
    "table_constraints",
    "table_order",
    "with_table",
]
