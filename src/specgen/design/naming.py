"""Physical names and keys, decided once: constraint, FK and index names, and which key numbers itself.

The design build calls `assign_names`, so every unique, check and foreign-key constraint has a concrete
name in design.yaml; the models (render/tables.py), the metadata, the SQL target and the Alembic
revisions all read those names. `NAMING_CONVENTION` is the SQLAlchemy naming convention that yields the
same names for what the models leave unnamed (`Field(unique=True)`, `Field(foreign_key=…)`,
`Field(index=True)`), so `create_all` and `alembic upgrade head` build identical schemas.

Primary keys keep the database's own name (`<table>_pkey` on PostgreSQL, none on SQLite).

Enum types are named in snake_case (`name_enums`): `class TaskPriority(str, Enum)` in a spec becomes the PostgreSQL
type `task_priority`, never a quoted `"TaskPriority"`; the models derive the Python class name back from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from specgen.design.model import Column, Constraint, Design, Entity, ForeignKey
from specgen.vocab.naming import snake_case

MAX_NAME = 63  # PostgreSQL's identifier limit, in bytes
INTEGER_TYPES = frozenset({"smallint", "integer", "bigint"})

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
}


def limit_name(name: str) -> str:
    """A made-up name that fits MAX_NAME bytes: long names keep a readable head and a stable hash.
    (A name the spec writes is kept as written; validate reports one that is too long.)"""
    if len(name.encode("utf-8")) <= MAX_NAME:
        return name
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    head = name.encode("utf-8")[: MAX_NAME - 9].decode("utf-8", "ignore")
    return f"{head}_{digest}"


def conventional_fk_name(table: str, fk: ForeignKey) -> str:
    return f"fk_{table}_{'_'.join(fk.columns)}_{fk.ref_table}"


def fk_name(table: str, fk: ForeignKey) -> str:
    """The database name of an FK: the design's (assign_names fills it), else the convention."""
    return fk.name or limit_name(conventional_fk_name(table, fk))


def new_fk_name(table: str, name: str | None, columns: list[str], ref_table: str) -> str:
    """fk_name of an FK about to be made: the design build names its FKs as it makes them."""
    return name or limit_name(f"fk_{table}_{'_'.join(columns)}_{ref_table}")


def unique_name(table: str, columns: list[str]) -> str:
    return f"uq_{table}_{'_'.join(columns)}"


@dataclass(frozen=True)
class Physical:
    """One unique or check constraint of a table as the database holds it.

    `column`: the column it was written on (a column-level `unique` or `check:`), else None."""

    constraint: Constraint
    column: str | None = None

    @property
    def name(self) -> str:
        return self.constraint.name or ""


def table_constraints(entity: Entity, legacy: bool = False) -> list[Physical]:
    """Unique and check constraints of a table, column-level ones included, each once, each named.

    A column-level unique on the table's only key column, or one a table-level unique already states,
    is left out; so is a column check whose text a table-level check repeats. Names come from the design
    (Column.unique_name / check_name, Constraint.name), else the convention: `uq_<table>_<columns>`,
    `ck_<table>_<column>`, `ck_<table>_<columns or expr>`; a clash gets `_2`, `_3`, … — or, with
    `legacy` (designs recorded before names were decided here), the clashing constraint is left out, as
    revisions of that time did."""
    t = entity.table_name
    pk = entity.primary_key.columns if entity.primary_key else []
    table_uniques = {tuple(c.columns) for c in entity.constraints if c.type == "unique"}
    table_checks = {(c.expression or "").strip() for c in entity.constraints if c.type == "check"}
    out: list[Physical] = []
    taken: set[str] = set()

    def add(c: Constraint, default: str, column: str | None) -> None:
        name = c.name or limit_name(default)
        if name in taken and legacy:
            return
        if name in taken and not c.name:  # an explicit name twice is validate's finding (SG1xx), kept as written
            n = 2
            while limit_name(f"{default}_{n}") in taken:
                n += 1
            name = limit_name(f"{default}_{n}")
        taken.add(name)
        out.append(Physical(c.model_copy(update={"name": name}), column))

    for col in entity.columns:
        if "unique" in col.constraints and [col.name] != pk and (col.name,) not in table_uniques:
            add(
                Constraint(type="unique", columns=[col.name], name=col.unique_name),
                unique_name(t, [col.name]),
                col.name,
            )
        if col.check_expression and col.check_expression.strip() not in table_checks:
            c = Constraint(type="check", columns=[col.name], expression=col.check_expression, name=col.check_name)
            add(c, f"ck_{t}_{col.name}", col.name)
    for c in entity.constraints:
        if c.type == "unique":
            add(c, unique_name(t, c.columns), None)
        elif c.type == "check":
            add(c, f"ck_{t}_{'_'.join(c.columns) or 'expr'}", None)
        else:
            add(c, f"ex_{t}_{'_'.join(c.columns) or 'expr'}", None)
    return out


def assign_names(design: Design, legacy: bool = False) -> Design:
    """The design with every constraint's and FK's name written in: a new design where a name was missing (the
    entities that change are copies), `design` itself where none was.

    `legacy`: the design is a snapshot recorded before names were decided here; the names filled are
    those its revision created, and a constraint it never created (a clash) is removed."""
    ds = design.database_schema
    entities = [_named(e, legacy) for e in ds.entities]
    if all(new is old for new, old in zip(entities, ds.entities, strict=True)):
        return design
    return design.model_copy(update={"database_schema": ds.model_copy(update={"entities": entities})})


def _named(e: Entity, legacy: bool) -> Entity:
    """The entity with its names written in (itself when it has them all)."""
    update: dict[str, object] = {}
    if any(not fk.name for fk in e.foreign_keys):  # the build names them as it makes them: a loaded design
        update["foreign_keys"] = [
            fk if fk.name else fk.model_copy(update={"name": fk_name(e.table_name, fk)}) for fk in e.foreign_keys
        ]
    physical = table_constraints(e, legacy)
    by_column: dict[tuple[str, str], str] = {(p.constraint.type, p.column): p.name for p in physical if p.column}
    if any("unique" in col.constraints or col.check_expression for col in e.columns):
        columns = [_column_named(col, by_column) for col in e.columns]
        if any(new is not old for new, old in zip(columns, e.columns, strict=True)):
            update["columns"] = columns
    table_level = [p.constraint for p in physical if p.column is None]
    if len(table_level) == len(e.constraints):
        constraints = [
            c if c.name == named.name else c.model_copy(update={"name": named.name})
            for c, named in zip(e.constraints, table_level, strict=True)
        ]
        if any(new is not old for new, old in zip(constraints, e.constraints, strict=True)):
            update["constraints"] = constraints
    else:  # legacy: a constraint the old revision never created is not in the database either
        kept = {(c.type, tuple(c.columns), c.expression) for c in table_level}
        names = {(c.type, tuple(c.columns), c.expression): c.name for c in table_level}
        update["constraints"] = [
            c.model_copy(update={"name": names[k]})
            for c in e.constraints
            if (k := (c.type, tuple(c.columns), c.expression)) in kept
        ]
    return e.model_copy(update=update) if update else e


def _column_named(col: Column, by_column: dict[tuple[str, str], str]) -> Column:
    update: dict[str, object] = {}
    if "unique" in col.constraints and col.unique_name != (name := by_column.get(("unique", col.name))):
        update["unique_name"] = name
    if col.check_expression and col.check_name != (name := by_column.get(("check", col.name))):
        update["check_name"] = name
    return col.model_copy(update=update) if update else col


def enum_type_name(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The database name of an enum type: snake_case, unquoted. `taken`: names it must not take — the tables
    (PostgreSQL gives every table a row type of the same name) and the other enums; a clash gets `_enum`."""
    base = snake_case(name) or name
    out = base
    n = 2
    while out in taken:
        out = f"{base}_enum" if n == 2 else f"{base}_enum_{n}"
        n += 1
    return out


def name_enums(design: Design, keep: frozenset[str] | set[str] = frozenset()) -> Design:
    """The design with every enum given its snake_case type name, and columns following their enum: a new design
    where a name changes (`design` itself where none does).

    `keep`: enums whose name is already the database's (`CREATE TYPE "JobKind" AS ENUM` in a ```sql block): an
    existing schema's functions, index predicates and views name the type as written, so it is not renamed.
    Called once by the design build; a design recorded before this keeps its names, and the diff reads the
    change as an enum rename (`ALTER TYPE … RENAME TO …` on PostgreSQL, nothing on SQLite)."""
    ds = design.database_schema
    tables = {e.table_name.lower() for e in ds.entities}
    renames: dict[str, str] = {}
    taken: set[str] = set(tables) | set(keep)
    enums = list(ds.enums)  # renamed as the loop goes: a later enum must not take an earlier one's new name
    for n, en in enumerate(ds.enums):
        if en.name in keep:
            continue
        new = enum_type_name(en.name, taken | ({en.name} ^ {e.name for e in enums}))
        taken.add(new)
        if new != en.name:
            renames[en.name] = new
            enums[n] = en.model_copy(update={"name": new})
    if not renames:
        return design
    entities = []
    for e in ds.entities:
        columns = [_enum_renamed(col, renames) for col in e.columns]
        changed = any(new is not old for new, old in zip(columns, e.columns, strict=True))
        entities.append(e.model_copy(update={"columns": columns}) if changed else e)
    schema = ds.model_copy(update={"enums": enums, "entities": entities})
    return design.model_copy(update={"database_schema": schema})


def _enum_renamed(col: Column, renames: dict[str, str]) -> Column:
    update: dict[str, object] = {}
    if col.enum in renames:
        update["enum"] = renames[col.enum]
    if col.item_type in renames:
        update["item_type"] = renames[col.item_type]
    if col.sql_type:  # the type as written: `TaskStatus`, `TaskStatus[]`
        base, bracket, rest = col.sql_type.partition("[")
        if base in renames:
            update["sql_type"] = renames[base] + bracket + rest
    return col.model_copy(update=update) if update else col


def is_named(design: Design) -> bool:
    """True when the design records its constraint names (designs made before that do not)."""
    for e in design.database_schema.entities:
        if any(fk.name is None for fk in e.foreign_keys) or any(c.name is None for c in e.constraints):
            return False
        cols = {c.name: c for c in e.columns}
        for p in table_constraints(e):
            if p.column is not None:
                col = cols[p.column]
                if (col.unique_name if p.constraint.type == "unique" else col.check_name) is None:
                    return False
    return True


def auto_key(entity: Entity, col: Column) -> bool:
    """The one auto-key rule: an integer primary key the database numbers itself (serial, identity, rowid).

    The only key column, an integer type, not `autoincrement: false`, not also a foreign key (a shared
    key of a one-to-one takes its value from the parent), and without a default of its own."""
    pk = entity.key_columns()
    return (
        pk == [col.name]
        and col.database_type in INTEGER_TYPES
        and col.autoincrement is not False
        and not any(col.name in fk.columns for fk in entity.foreign_keys)
        and col.default is None
    )
