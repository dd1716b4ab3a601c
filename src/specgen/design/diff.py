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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from specgen.design.graph import fk_order
from specgen.design.model import Column, Constraint, Design, Entity, Enum, ForeignKey, Index
from specgen.design.naming import enum_type_name
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
    RecomputeColumn,
    RenameColumn,
    RenameConstraint,
    RenameEnum,
    RenameTable,
    SetTableComment,
    SetUnlogged,
    constraint_name,
    exclusion_constraints,
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


def _exclusion_key(c: Constraint, table: str) -> tuple[object, ...]:
    return (constraint_name(table, c), c.model_dump_json(exclude={"source", "name"}))


def _index_key(i: Index) -> tuple[object, ...]:
    return (i.index_name, i.table_name, tuple(i.columns), i.unique, i.index_type, i.condition, i.details())


def _pairs(
    old: list[Any], new: list[Any], old_shape: Callable[[Any], object], new_shape: Callable[[Any], object]
) -> list[tuple[Any, Any]]:
    """(old, new) items that are the same object under other names: the first new item of each shape."""
    free: dict[object, list[Any]] = {}
    for n in new:
        free.setdefault(new_shape(n), []).append(n)
    out = []
    for o in old:
        match = free.get(old_shape(o))
        if match:
            out.append((o, match.pop(0)))
    return out


def _fk_shape(fk: ForeignKey, col_map: dict[str, str] | None = None, renames: Renames | None = None) -> object:
    """An FK without its name; with the renames, the old FK as it reads after them."""
    cols, ref, ref_cols = list(fk.columns), fk.ref_table, list(fk.ref_columns)
    if renames is not None:
        cols = [(col_map or {}).get(c, c) for c in cols]
        ref = renames.tables.get(ref, ref)
        ref_cols = [renames.columns.get((ref, c), c) for c in ref_cols]
    return (tuple(cols), ref, tuple(ref_cols), fk.on_delete, fk.on_update, fk.deferrable, fk.initially_deferred)


def _fk_as(old: ForeignKey, new: ForeignKey) -> ForeignKey:
    """The old FK under its old name, its columns named as they are when a RenameConstraint runs (the new
    names, in both directions: after the column renames of the upgrade, before those of the downgrade)."""
    return new.model_copy(update={"name": old.name})


def _constraint_shape(c: Constraint, col_map: dict[str, str] | None = None) -> object:
    cols = [(col_map or {}).get(x, x) for x in c.columns]
    return (c.type, tuple(cols), (c.expression or "").strip())


def _index_shape(i: Index, renames: Renames | None = None) -> object:
    table, cols = i.table_name, list(i.columns)
    if renames is not None:
        table = renames.tables.get(table, table)
        cols = [renames.columns.get((table, c), c) for c in cols]
    return (table, tuple(cols), i.unique, i.index_type, i.condition, i.details())


def _column_changed(a: Column, b: Column) -> bool:
    facts = ("sql_type", "nullable", "server_default", "comment", "identity", "identity_options", "domain")
    return any(getattr(a, f) != getattr(b, f) for f in facts)


def table_order(entities: list[Entity]) -> tuple[list[Entity], set[tuple[str, int]]]:
    """Entities in FK order and the deferred FKs: design/graph.py's fk_order (one rule for every target)."""
    return fk_order(entities)


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


def _renamed_refs(e: Entity, renames: Renames) -> Entity:
    fks = []
    for fk in e.foreign_keys:
        ref = renames.tables.get(fk.ref_table, fk.ref_table)
        cols = [renames.columns.get((ref, c), c) for c in fk.ref_columns]
        fks.append(fk.model_copy(update={"ref_table": ref, "ref_columns": cols}))
    return e.model_copy(update={"foreign_keys": fks})


def _enum_renames(
    kept: dict[str, Entity],
    old_by_table: dict[str, Entity],
    renames: Renames,
    old_enums: dict[str, Enum],
    new_enums: dict[str, Enum],
) -> dict[str, str]:
    """old enum name -> new: a column of a kept table moves from an enum that goes to one that comes, or an enum
    of a design recorded before enum types were named in snake_case (`TaskStatus`) comes back as `task_status`."""
    out: dict[str, str] = {}
    for name in old_enums:
        snake = enum_type_name(name)
        if name not in new_enums and snake != name and snake in new_enums and snake not in old_enums:
            out[name] = snake
    for t, ne in kept.items():
        col_map = {o: n for (tbl, o), n in renames.columns.items() if tbl == ne.table_name}
        for oc in old_by_table[t].columns:
            nc = ne.column(col_map.get(oc.name, oc.name))
            if (
                nc is not None
                and oc.enum
                and nc.enum
                and oc.enum != nc.enum
                and oc.enum not in new_enums
                and oc.enum in old_enums
                and nc.enum not in old_enums
                and nc.enum not in out.values()
            ):
                out.setdefault(oc.enum, nc.enum)
    return out


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
    new_by_table = {e.table_name: e for e in ns.entities}
    old_by_table = {e.table_name: e for e in old_entities}
    # old table name -> the new entity it becomes
    kept: dict[str, Entity] = {}
    for t in old_by_table:
        target = renames.tables.get(t, t)
        if target in new_by_table and (t == target or t in renames.tables):
            kept[t] = new_by_table[target]
    new_enums = {e.name: e for e in ns.enums}
    # An enum named after its table and column (`enum(a, b)` written inline) is renamed with them.
    enum_renames = _enum_renames(kept, old_by_table, renames, old_enums, new_enums)
    old_enums = {enum_renames.get(k, k): v for k, v in old_enums.items()}
    users = _enum_users(new)
    users_old = {enum_renames.get(k, k): v for k, v in (_enum_users(old) if old is not None else {}).items()}

    enum_first: list[Op] = [
        RenameEnum(o, n, new_enums[n].schema_name if n in new_enums else None) for o, n in enum_renames.items()
    ]
    enum_last: list[Op] = []
    for name, en in new_enums.items():
        was = old_enums.get(name)
        if was is None:
            enum_first.append(CreateEnum(name, tuple(en.values), en.schema_name))
        elif list(was.values) != list(en.values):
            alter = AlterEnum(name, tuple(was.values), tuple(en.values), schema=en.schema_name)
            # The columns a rebuild converts are those of the schema at the time it runs: an appending
            # ALTER runs first (no rebuild) and its reverse last in the downgrade (old schema); any other
            # runs last, and its reverse first in the downgrade (new schema both times).
            cols = users_old.get(name, []) if alter.only_added else users.get(name, [])
            alter = replace(alter, columns=tuple(sorted(cols)))
            (enum_first if alter.only_added else enum_last).append(alter)
    for name, en in old_enums.items():
        if name not in new_enums:
            enum_last.append(DropEnum(name, tuple(en.values), en.schema_name))

    new_tables = [e for e in ns.entities if e.table_name not in {k.table_name for k in kept.values()}]
    # A dropped table goes last, after the renames: its FKs name their tables as they are then, so that the
    # downgrade, which recreates it before undoing the renames, finds them.
    dropped_tables = [_renamed_refs(e, renames) for t, e in old_by_table.items() if t not in kept]

    drops_first: list[Op] = []
    rename_tables: list[Op] = [RenameTable(t, e.table_name) for t, e in kept.items() if t != e.table_name]
    rename_cols: list[Op] = []
    rename_constraints: list[Op] = []
    adds: list[Op] = []
    alters: list[Op] = []
    creates_after: list[Op] = []
    drop_cols: list[Op] = []

    new_table_names = {e.table_name for e in new_tables}
    old_ix = {_index_key(i): i for i in old_indexes}
    # The indexes of new tables are created with them (below): keyed only when an old index could be theirs.
    new_ix = {_index_key(i): i for i in ns.indexes if old_ix or i.table_name not in new_table_names}

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
            if before is not None and before.enum in enum_renames:
                renamed = enum_renames[before.enum]
                sql_type = renamed if before.sql_type == before.enum else before.sql_type
                before = before.model_copy(update={"enum": renamed, "sql_type": sql_type})
            if before is not None and before.generated != c.generated:
                alters.append(RecomputeColumn(nt, before.model_copy(update={"name": c.name}), c))
            elif before is not None and _column_changed(before, c):
                alters.append(AlterColumn(nt, before.model_copy(update={"name": c.name}), c))
        if bool(oe.unlogged) != bool(ne.unlogged):
            alters.append(SetUnlogged(nt, bool(ne.unlogged), ne.schema_name))
        if oe.comment != ne.comment:
            alters.append(SetTableComment(nt, oe.comment, ne.comment, ne.schema_name))
        drop_cols.extend(DropColumn(nt, c) for c in gone)

        # FKs: dropped with the old table name (before renames), created with the new one (after adds).
        # A constraint whose only change is its name (its table or columns were renamed) is renamed.
        ofk = {_fk_key(fk, t): fk for fk in oe.foreign_keys}
        nfk = {_fk_key(fk, nt): fk for fk in ne.foreign_keys}
        gone_fks = [fk for k, fk in ofk.items() if k not in nfk]
        new_fks = [fk for k, fk in nfk.items() if k not in ofk]
        for o, n in _pairs(gone_fks, new_fks, partial(_fk_shape, col_map=col_map, renames=renames), _fk_shape):
            rename_constraints.append(RenameConstraint(nt, DropForeignKey(nt, _fk_as(o, n)), CreateForeignKey(nt, n)))
            gone_fks.remove(o)
            new_fks.remove(n)
        drops_first.extend(DropForeignKey(t, fk) for fk in gone_fks)
        creates_after.extend(CreateForeignKey(nt, fk) for fk in new_fks)
        oc = {_constraint_key(c, t): c for c in table_constraints(oe)}
        nc = {_constraint_key(c, nt): c for c in table_constraints(ne)}
        gone_cs = [c for k, c in oc.items() if k not in nc]
        new_cs = [c for k, c in nc.items() if k not in oc]
        for o, n in _pairs(gone_cs, new_cs, partial(_constraint_shape, col_map=col_map), _constraint_shape):
            rename_constraints.append(
                RenameConstraint(
                    nt, DropConstraint(nt, o.model_copy(update={"columns": n.columns})), CreateConstraint(nt, n)
                )
            )
            gone_cs.remove(o)
            new_cs.remove(n)
        drops_first.extend(DropConstraint(t, c) for c in gone_cs)
        creates_after.extend(CreateConstraint(nt, c) for c in new_cs)
        # exclusion constraints: added or dropped whole (PostgreSQL cannot alter one)
        ox = {_exclusion_key(c, t): c for c in exclusion_constraints(oe)}
        nx = {_exclusion_key(c, nt): c for c in exclusion_constraints(ne)}
        drops_first.extend(DropConstraint(t, c) for k, c in ox.items() if k not in nx)
        creates_after.extend(CreateConstraint(nt, c) for k, c in nx.items() if k not in ox)
    gone_ix = [i for k, i in old_ix.items() if k not in new_ix]  # of dropped tables too: the downgrade recreates them
    made_ix = [i for k, i in new_ix.items() if k not in old_ix and i.table_name not in new_table_names]
    for o, n in _pairs(gone_ix, made_ix, lambda i: _index_shape(i, renames), _index_shape):
        was = o.model_copy(update={"table_name": n.table_name, "columns": n.columns})
        rename_constraints.append(
            RenameConstraint(n.table_name, DropIndex(n.table_name, was), CreateIndex(n.table_name, n))
        )
        gone_ix.remove(o)
        made_ix.remove(n)
    drops_first.extend(DropIndex(i.table_name, i) for i in gone_ix)
    # a unique index may be what a foreign key references (PostgreSQL accepts any unique index): first
    creates_after[:0] = [CreateIndex(i.table_name, i) for i in made_ix if i.unique and i.condition is None]
    creates_after.extend(CreateIndex(i.table_name, i) for i in made_ix if not (i.unique and i.condition is None))

    create_tables, cycle_fks = _creates(new_tables)
    create_tables = _unique_indexes_after_tables(create_tables, ns.indexes)
    new_table_indexes = [
        CreateIndex(i.table_name, i)
        for i in ns.indexes
        if i.table_name in new_table_names and not (i.unique and i.condition is None)
    ]
    drop_create, drop_cycle = _creates(dropped_tables)
    drop_tables = [op.reverse() for op in reversed(drop_create)]
    drop_fks = [op.reverse() for op in reversed(drop_cycle)]

    from specgen.design.pgops import pg_diff

    pg = pg_diff(old, new)
    return [
        *pg.first,
        *enum_first,
        *pg.objects_first,  # a function's signature may name an enum (design/sqldeps.py orders the rest)
        *pg.drop_views,
        *drops_first,
        *drop_fks,
        *rename_tables,
        *rename_cols,
        *rename_constraints,
        *create_tables,
        *adds,
        *alters,
        *cycle_fks,
        *new_table_indexes,
        *creates_after,
        *pg.create_views,
        *drop_cols,
        *drop_tables,
        *pg.objects_last,
        *enum_last,
        *pg.last,
    ]


def _unique_indexes_after_tables(creates: list[Op], indexes: list[Index]) -> list[Op]:
    """Each new table's full unique indexes right after its CREATE TABLE: a foreign key of a later table may
    reference the columns of such an index, which must exist when the key is created."""
    by_table: dict[str, list[Index]] = {}
    for i in indexes:
        if i.unique and i.condition is None:
            by_table.setdefault(i.table_name, []).append(i)
    out: list[Op] = []
    for op in creates:
        out.append(op)
        if isinstance(op, CreateTable):
            out += [CreateIndex(i.table_name, i) for i in by_table.get(op.entity.table_name, [])]
    return out


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
    "RenameConstraint",
    "RenameEnum",
    "RenameTable",
    "RecomputeColumn",
    "Renames",
    "SetTableComment",
    "SetUnlogged",
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
