"""What every table of a design contains, decided once for all renderers: constraint names, which
foreign keys sit on their column and which need a table-level constraint, which break an FK cycle
(`use_alter`), where each check and index goes.

render/metadata.py builds live SQLAlchemy tables from this; render/sqlmodel.py writes models from it.
Pure: reads the Design, returns plain dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.design.graph import cycle_breakers
from specgen.design.model import Column, Constraint, Design, Entity, ForeignKey, Index
from specgen.design.naming import (  # noqa: F401 - MAX_NAME, limit_name: re-exported
    MAX_NAME,
    auto_key,
    conventional_fk_name,
    fk_name,
    limit_name,
    table_constraints,
    unique_name,
)
from specgen.design.ops import constraint_name
from specgen.render.index_parts import index_parts, needs_postgresql
from specgen.render.pgcolumn import ref_table, schemas
from specgen.render.satypes import INTEGER_TYPES, TypeSpec, enum_names, server_default_sql, type_spec
from specgen.sqlexpr import emit, postgresql_only


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
    """A foreign key of the design, and what the plan decides for it."""

    fk: ForeignKey
    name: str  # its database name (design/naming.py)
    ref_table: str  # the referenced table as the models name it (schema-qualified where it is not public)
    use_alter: bool  # it breaks an FK cycle: created after the tables

    @property
    def targets(self) -> list[str]:
        return [f"{self.ref_table}.{c}" for c in self.fk.ref_columns]

    def keywords(self) -> list[tuple[str, str | bool]]:
        return fk_keywords(self.fk, self.name, self.use_alter)


def fk_keywords(fk: ForeignKey, name: str | None, use_alter: bool = False) -> list[tuple[str, str | bool]]:
    """The keyword arguments of a foreign key (sa.ForeignKey, sa.ForeignKeyConstraint, op.create_foreign_key) as
    (keyword, value) pairs, in the order every target writes them; each quotes the values its own way."""
    kw: list[tuple[str, str | bool]] = [("name", name)] if name else []
    if fk.on_delete:
        kw.append(("ondelete", fk.on_delete))
    if fk.on_update:
        kw.append(("onupdate", fk.on_update))
    if fk.deferrable:
        kw.append(("deferrable", True))
        if fk.initially_deferred:
            kw.append(("initially", "DEFERRED"))
    if use_alter:
        kw.append(("use_alter", True))
    return kw


@dataclass(slots=True)
class IndexPlan:
    """An index of the design, and how the targets write it."""

    index: Index
    elements: list[tuple[bool, str]]  # (is_expression, column name or SQL text)
    using: str | None  # postgresql_using; None for btree
    where: str | None  # its condition as SQL for the dialects it is created on
    simple: bool  # one plain column, default name: Field(index=True)
    only: str | None = None  # create on this dialect only (PostgreSQL-only SQL in a design that targets SQLite)
    options: list[tuple[str, object]] = field(default_factory=list)  # postgresql_ops/include/with (index_parts)
    orders: dict[str, str] = field(default_factory=dict)  # column element -> desc | nulls first | …


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
    deferrable: dict[str, Constraint] = field(default_factory=dict)  # unique constraints by name, DEFERRABLE
    excludes: list[tuple[str, Constraint]] = field(default_factory=list)  # exclusion constraints (PostgreSQL)
    checks: list[CheckPlan] = field(default_factory=list)
    indexes: list[IndexPlan] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.entity.table_name


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
    in_schema = schemas(schema.entities)
    return [_plan(e, dialects, enums, breakers, indexes.get(e.table_name, []), in_schema) for e in schema.entities]


def _plan(
    e: Entity,
    dialects: list[str],
    enums: set[str],
    breakers: set[tuple[str, int]],
    indexes: list[Index],
    in_schema: dict[str, str] | None = None,
) -> TablePlan:
    table = e.table_name
    sqlite = "sqlite" in dialects
    pk = list(e.key_columns())
    inline_fk: dict[str, ForeignKeyPlan] = {}
    plan = TablePlan(e, [], pk)
    for i, fk in enumerate(e.foreign_keys):
        use_alter = (table, i) in breakers
        name = fk_name(table, fk)
        # on the column (Field(foreign_key=…)) only where the naming convention gives the design's name
        simple = (
            len(fk.columns) == 1
            and name == conventional_fk_name(table, fk)
            and name == limit_name(name)
            and fk.on_update is None
            and not fk.deferrable
            and not use_alter
            and fk.columns[0] not in inline_fk
        )
        fp = ForeignKeyPlan(fk, name, ref_table(fk.ref_table, in_schema or {}, e.schema_name), use_alter)
        if simple:
            inline_fk[fk.columns[0]] = fp
        else:
            plan.foreign_keys.append(fp)
    inline_unique: set[str] = set()
    for p in table_constraints(e):
        c = p.constraint
        if c.type == "unique":
            convention = unique_name(table, list(c.columns))
            if p.column is not None and c.name == convention and c.name == limit_name(convention) and not c.deferrable:
                inline_unique.add(p.column)  # Field(unique=True): the naming convention gives this name
            else:
                plan.uniques.append((c.name or convention, list(c.columns)))
                if c.deferrable:
                    plan.deferrable[c.name or convention] = c
        elif c.type == "check" and c.expression:
            plan.checks.append(_check(c.name or "", c.expression, dialects))
    # exclusion constraints are PostgreSQL's (created there only); those read as text alone are not rendered
    plan.excludes = [(constraint_name(table, c), c) for c in e.constraints if c.type == "exclude" and c.operators]
    for col in e.columns:
        is_pk = col.name in pk
        autoincrement: bool | None = None
        if is_pk and len(pk) == 1 and col.database_type in INTEGER_TYPES and col.autoincrement is False:
            autoincrement = False
        auto = is_pk and auto_key(e, col)  # only a key column can be one (most columns are not: no call)
        plan.columns.append(
            ColumnPlan(
                column=col,
                type=_type_spec(col, enums, auto),
                server_default=server_default_sql(col, dialects),
                primary_key=is_pk,
                autoincrement=autoincrement,
                auto=auto,
                unique=col.name in inline_unique,
                fk=inline_fk.get(col.name),
            )
        )
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
        pg_text = any(postgresql_only(t) for t in texts) or needs_postgresql(ix, names.__contains__)
        only = "postgresql" if sqlite and pg_text else None
        on = ("postgresql",) if only else dialects
        parts = index_parts(ix, names.__contains__, on, ordered_columns=True)
        options = parts.kwargs()
        simple = simple and not parts.elements[0][0] and not options and not parts.orders
        where = emit(ix.condition, on) if ix.condition else None
        plan.indexes.append(
            IndexPlan(ix, parts.elements, using, where, simple and only is None, only, options, parts.orders)
        )
    return plan


_TYPE_CACHE: dict[tuple[object, ...], TypeSpec] = {}


def _type_spec(col: Column, enums: set[str], auto_pk: bool) -> TypeSpec:
    """type_spec, shared between columns of one type (TypeSpec is immutable)."""
    key = (
        col.database_type,
        col.domain,
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
