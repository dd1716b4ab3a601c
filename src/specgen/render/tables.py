"""What every table of a design contains, decided once for all renderers: constraint names, which
foreign keys sit on their column and which need a table-level constraint, which break an FK cycle
(`use_alter`), where each check and index goes.

render/metadata.py builds live SQLAlchemy tables from this; render/sqlmodel.py writes models from it.
Pure: reads the Design, returns plain dataclasses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from specgen.design.model import Column, Design, Entity, Index
from specgen.render.satypes import INTEGER_TYPES, TypeSpec, enum_names, server_default_sql, type_spec
from specgen.sqlexpr import emit, postgresql_only

MAX_NAME = 63  # PostgreSQL's identifier limit, in bytes


def limit_name(name: str) -> str:
    """A constraint name that fits MAX_NAME bytes: long names keep a readable head and a stable hash."""
    if len(name.encode("utf-8")) <= MAX_NAME:
        return name
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    head = name.encode("utf-8")[: MAX_NAME - 9].decode("utf-8", "ignore")
    return f"{head}_{digest}"


@dataclass(slots=True)
class ColumnPlan:
    column: Column
    type: TypeSpec
    server_default: str | None
    primary_key: bool
    autoincrement: bool | None  # None: SQLAlchemy's "auto"
    auto: bool  # an integer key the database numbers itself (serial / identity / rowid)
    unique: bool  # unnamed single-column unique (Field(unique=True))
    fk: ForeignKeyPlan | None  # a simple FK written on the column (Field(foreign_key=...))


@dataclass(slots=True)
class ForeignKeyPlan:
    name: str | None
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    on_delete: str | None
    on_update: str | None
    deferrable: bool
    initially_deferred: bool
    use_alter: bool
    source: str | None

    @property
    def targets(self) -> list[str]:
        return [f"{self.ref_table}.{c}" for c in self.ref_columns]


@dataclass(slots=True)
class IndexPlan:
    name: str
    elements: list[tuple[bool, str]]  # (is_expression, column name or SQL text)
    unique: bool
    using: str | None  # postgresql_using; None for btree
    where: str | None
    simple: bool  # one plain column, default name: Field(index=True)
    source: str | None
    only: str | None = None  # create on this dialect only (PostgreSQL-only SQL in a design that targets SQLite)


@dataclass(slots=True)
class CheckPlan:
    name: str
    text: str
    only: str | None = None  # as IndexPlan.only


@dataclass
class TablePlan:
    entity: Entity
    columns: list[ColumnPlan]
    primary_key: list[str]
    foreign_keys: list[ForeignKeyPlan] = field(default_factory=list)  # table-level ones
    uniques: list[tuple[str, list[str]]] = field(default_factory=list)
    checks: list[CheckPlan] = field(default_factory=list)
    indexes: list[IndexPlan] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.entity.table_name


def cycle_breakers(design: Design) -> set[tuple[str, int]]:
    """(table, index in entity.foreign_keys) of the FKs to create with ALTER so that tables of an FK cycle
    can be created at all: the back edges of a depth-first walk in sorted table order."""
    entities = {e.table_name: e for e in design.database_schema.entities}
    edges: dict[str, list[tuple[int, str]]] = {
        t: sorted(
            (
                (i, fk.ref_table)
                for i, fk in enumerate(e.foreign_keys)
                if fk.ref_table != t and fk.ref_table in entities
            ),
            key=lambda x: (x[1], x[0]),
        )
        for t, e in entities.items()
    }
    state: dict[str, int] = {}  # 1 on stack, 2 done
    out: set[tuple[str, int]] = set()
    for root in sorted(entities):
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(edges[root]))]
        while stack:
            node, it = stack[-1]
            for i, ref in it:
                s = state.get(ref)
                if s == 1:
                    out.add((node, i))
                elif s is None:
                    state[ref] = 1
                    stack.append((ref, iter(edges[ref])))
                    break
            else:
                state[node] = 2
                stack.pop()
    return out


def plan_tables(
    design: Design, dialect: str | None = None, breakers: set[tuple[str, int]] | None = None
) -> list[TablePlan]:
    """One TablePlan per entity, in design order. `breakers`: cycle_breakers(design), when the caller has it."""
    schema = design.database_schema
    dialects = list(schema.meta.dialects)
    if dialect and dialect not in dialects:
        dialects.append(dialect)
    enums = enum_names(design)
    breakers = cycle_breakers(design) if breakers is None else breakers
    indexes: dict[str, list[Index]] = {}
    for ix in schema.indexes:
        indexes.setdefault(ix.table_name, []).append(ix)
    return [_plan(e, dialects, enums, breakers, indexes.get(e.table_name, [])) for e in schema.entities]


def _plan(
    e: Entity, dialects: list[str], enums: set[str], breakers: set[tuple[str, int]], indexes: list[Index]
) -> TablePlan:
    table = e.table_name
    sqlite = "sqlite" in dialects
    pk = list(e.primary_key.columns) if e.primary_key else [c.name for c in e.columns if "primary_key" in c.constraints]
    named_uniques = {tuple(c.columns) for c in e.constraints if c.type == "unique"}
    check_texts = {(c.expression or "").strip() for c in e.constraints if c.type == "check"}
    inline_fk: dict[str, ForeignKeyPlan] = {}
    plan = TablePlan(e, [], pk)
    for i, fk in enumerate(e.foreign_keys):
        use_alter = (table, i) in breakers
        simple = (
            len(fk.columns) == 1
            and fk.name is None
            and fk.on_update is None
            and not fk.deferrable
            and not use_alter
            and fk.columns[0] not in inline_fk
        )
        name = fk.name
        if not simple and name is None:
            name = limit_name(f"fk_{table}_{'_'.join(fk.columns)}_{fk.ref_table}")
        fp = ForeignKeyPlan(
            name,
            list(fk.columns),
            fk.ref_table,
            list(fk.ref_columns),
            fk.on_delete,
            fk.on_update,
            fk.deferrable,
            fk.initially_deferred,
            use_alter,
            fk.source,
        )
        if simple:
            inline_fk[fk.columns[0]] = fp
        else:
            plan.foreign_keys.append(fp)
    fk_columns = {c for fk in e.foreign_keys for c in fk.columns}
    for col in e.columns:
        is_pk = col.name in pk
        auto_pk = (
            is_pk
            and len(pk) == 1
            and col.database_type in INTEGER_TYPES
            and col.autoincrement is not False
            and col.name not in fk_columns
            and col.default is None
        )
        autoincrement: bool | None = None
        if is_pk and len(pk) == 1 and col.database_type in INTEGER_TYPES and col.autoincrement is False:
            autoincrement = False
        unique = "unique" in col.constraints and (col.name,) not in named_uniques and not (is_pk and len(pk) == 1)
        plan.columns.append(
            ColumnPlan(
                column=col,
                type=_type_spec(col, enums, auto_pk),
                server_default=server_default_sql(col, dialects),
                primary_key=is_pk,
                autoincrement=autoincrement,
                auto=auto_pk,
                unique=unique,
                fk=inline_fk.get(col.name),
            )
        )
        if col.check_expression and col.check_expression.strip() not in check_texts:
            plan.checks.append(_check(limit_name(f"ck_{table}_{col.name}"), col.check_expression, dialects))
    n_check = 0
    for c in e.constraints:
        if c.type == "unique":
            plan.uniques.append((c.name or limit_name(f"uq_{table}_{'_'.join(c.columns)}"), list(c.columns)))
        elif c.type == "check" and c.expression:
            n_check += 1
            plan.checks.append(_check(c.name or limit_name(f"ck_{table}_{n_check}"), c.expression, dialects))
        # exclude constraints are PostgreSQL-only and not rendered (validate reports them)
    names = {c.name for c in e.columns}
    for ix in indexes:
        elements = [(col not in names, col) for col in ix.columns]
        using = ix.index_type if ix.index_type != "btree" else None
        simple = (
            len(elements) == 1
            and not elements[0][0]
            and not ix.unique
            and using is None
            and ix.condition is None
            and ix.index_name == f"ix_{table}_{ix.columns[0]}"
        )
        texts = [t for is_expr, t in elements if is_expr] + ([ix.condition] if ix.condition else [])
        only = "postgresql" if sqlite and any(postgresql_only(t) for t in texts) else None
        on = ("postgresql",) if only else dialects
        elements = [(is_expr, emit(t, on) if is_expr else t) for is_expr, t in elements]
        where = emit(ix.condition, on) if ix.condition else None
        plan.indexes.append(
            IndexPlan(ix.index_name, elements, ix.unique, using, where, simple and only is None, ix.source, only)
        )
    return plan


_TYPE_CACHE: dict[tuple[object, ...], TypeSpec] = {}


def _type_spec(col: Column, enums: set[str], auto_pk: bool) -> TypeSpec:
    """type_spec, shared between columns of one type (TypeSpec is immutable)."""
    key = (
        col.database_type,
        col.length,
        col.precision,
        col.scale,
        col.enum,
        col.item_type,
        auto_pk,
        col.item_type in enums if col.item_type else False,
    )
    spec = _TYPE_CACHE.get(key)
    if spec is None:
        spec = _TYPE_CACHE[key] = type_spec(col, enums, autoincrement_pk=auto_pk)
    return spec


def _check(name: str, text: str, dialects: list[str]) -> CheckPlan:
    """A check, its SQL rendered from its parse (sqlexpr); PostgreSQL-only SQL is created there only."""
    only = "postgresql" if "sqlite" in dialects and postgresql_only(text) else None
    return CheckPlan(name, emit(text, ("postgresql",) if only else dialects), only)
