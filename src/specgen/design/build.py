"""build_design(ir) -> Design: merge the forms, decide types, keys, indexes and relationships.

Pure: it reads the SpecIR and returns the design plus every problem found. The caller decides
whether errors stop the run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from specgen.config import Settings
from specgen.design import relationships
from specgen.design.defaults import classify
from specgen.design.merge import Merged, merge_entities
from specgen.design.model import (
    Column,
    Conflict,
    Constraint,
    DatabaseSchema,
    Design,
    Entity,
    Enum,
    ForeignKey,
    FunctionalDependency,
    Index,
    Meta,
    MigrationNote,
    MigrationPlan,
    PerformanceConsiderations,
    PrimaryKey,
    RelationshipConfig,
    SqlModelConfig,
    Suppression,
)
from specgen.design.naming import entity_name_for, python_name, table_name_for
from specgen.design.types import TypeInfo, UnknownType, parse_type
from specgen.errors import Diagnostic, error, warning
from specgen.parse.ir import ColumnIR, EntityIR, ForeignKeyIR, IndexIR, SpecIR

DESIGN_FORMS = frozenset({"native", "mermaid", "yaml"})
_PK_TYPES = {"uuid": "uuid", "bigint": "bigint", "integer": "integer"}


@dataclass
class BuildResult:
    design: Design
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def build_design(ir: SpecIR, settings: Settings | None = None, spec_root: str = "specs") -> BuildResult:
    settings = settings or Settings()
    diags: list[Diagnostic] = list(ir.diagnostics)
    enums = _enums(ir, diags)
    enum_values = {e.name: tuple(e.values) for e in enums}
    merged, merge_diags = merge_entities(ir)
    diags.extend(merge_diags)
    entities: list[Entity] = []
    by_key: dict[str, Entity] = {}
    stated: list[tuple[Entity, Merged]] = []
    for m in merged:
        entity = _entity(m, settings, enum_values, enums, diags)
        if entity is None:
            continue
        entities.append(entity)
        stated.append((entity, m))
        for key in (entity.name, entity.table_name, entity.table_name.lower(), entity.name.lower()):
            by_key.setdefault(key, entity)
    standalone_fks = [(t, fk) for f in ir.files for t, fk in f.foreign_keys]
    for table, fk in standalone_fks:
        owner = by_key.get(table) or by_key.get(table.lower())
        if owner is None:
            diags.append(error(f"ALTER TABLE names table '{table}', which no spec defines", fk.loc))
            continue
        _add_fk(owner, fk, by_key, diags)
    for entity, m in stated:
        for fk in _fks_of(m.entity):
            _add_fk(entity, fk, by_key, diags)
    for entity, m in stated:
        relationships.explicit(entity, m.entity.relationships, by_key)
    relationships.infer(entities, by_key)
    indexes = _indexes(stated, [ix for f in ir.files for ix in f.indexes], by_key, diags)
    _mark_indexed(entities, indexes)
    files = [f.path for f in ir.files]
    if not entities:
        for f in ir.files:
            diags.append(
                warning(
                    "no entity definitions found",
                    _first_line(f.path),
                    hint="write one as '## Entity: Name' followed by a table with Column and Type headers, "
                    "or a ```sql CREATE TABLE block; see docs/spec-format.md",
                )
            )
    front = next((f.front_matter for f in ir.files if f.front_matter.get("version")), {})
    schema = DatabaseSchema(
        meta=Meta(
            spec_file=files[0] if len(files) == 1 else spec_root,
            spec_files=files,
            version=_str(front.get("version")),
            previous_version=_str(front.get("previous_version")),
            dialects=list(settings.dialects),
            naming=settings.naming,  # type: ignore[arg-type]
        ),
        entities=entities,
        enums=enums,
        indexes=indexes,
        migration_plan=MigrationPlan(is_new_schema=True, new_entities=[e.name for e in entities]),
        migration_notes=[
            MigrationNote(
                action=n.action,
                table=n.table,
                column=n.column,
                new_name=n.new_name,  # type: ignore[arg-type]
                source=str(n.loc),
            )
            for f in ir.files
            for n in f.notes
        ],
        performance_considerations=_performance(stated, indexes),
        sqlmodel_config=_sqlmodel_config(entities),
        conflicts=[
            Conflict(
                entity=(by_key.get(c.table).name if by_key.get(c.table) else c.table),
                column=c.column,
                fact=c.fact,
                values=[f"{v} @ {loc}" for v, loc in c.values],
                sources=[str(loc) for _, loc in c.values],
            )
            for m in merged
            for c in m.conflicts
        ],
        suppressions=[
            Suppression(codes=s.codes, file=s.path, first_line=s.first_line, last_line=s.last_line)
            for f in ir.files
            for s in f.suppressions
        ],
    )
    return BuildResult(Design(database_schema=schema), diags)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _first_line(path: str):  # type: ignore[no-untyped-def]
    from specgen.source import Location

    return Location(path, 1)


def _enums(ir: SpecIR, diags: list[Diagnostic]) -> list[Enum]:
    seen: dict[str, Enum] = {}
    for f in ir.files:
        for e in f.enums:
            if not e.values:
                diags.append(error(f"enum '{e.name}' has no values", e.loc, hint="list them as '- value' items"))
                continue
            have = seen.get(e.name)
            if have is None:
                seen[e.name] = Enum(name=e.name, values=list(dict.fromkeys(e.values)), source=str(e.loc))
            elif have.values != list(dict.fromkeys(e.values)):
                diags.append(
                    error(f"enum '{e.name}' is declared twice with different values (first at {have.source})", e.loc)
                )
    return list(seen.values())


def _entity(
    m: Merged, settings: Settings, enum_values: dict[str, tuple[str, ...]], enums: list[Enum], diags: list[Diagnostic]
) -> Entity | None:
    ir = m.entity
    table = ir.table or table_name_for(ir.name or "entity")
    name = ir.name or entity_name_for(table)
    portable = all(form in DESIGN_FORMS for form in m.forms)
    columns: list[Column] = []
    for c in ir.columns:
        col = _column(c, table, settings, enum_values, enums, portable, diags)
        if col is not None:
            columns.append(col)
    pk_cols = [c.name for c in ir.columns if c.primary_key]
    for k in ir.constraints:
        if k.kind == "primary_key":
            pk_cols = pk_cols or [_column_name(ir, n) for n in k.columns]
    if not pk_cols and portable and not ir.options.get("no_primary_key"):  # `options: no_primary_key`
        if any(c.name == "id" for c in columns):
            pk_cols = ["id"]
        elif settings.primary_key != "none":
            columns.insert(0, _auto_pk(settings, ir))
            pk_cols = ["id"]
    primary_key = None
    if pk_cols:
        for c in columns:
            if c.name in pk_cols:
                c.nullable = False
                _add_constraint(c, "primary_key")
                c.constraints = [x for x in c.constraints if x != "not_null"]
        first = next((c for c in columns if c.name == pk_cols[0]), None)
        if first is not None:
            auto = (
                first.default == "uuid4"
                or bool(first.autoincrement)
                or (
                    len(pk_cols) == 1
                    and first.database_type in ("integer", "bigint", "smallint")
                    and first.server_default is None
                    and first.autoincrement is not False
                )
            )
            primary_key = PrimaryKey(
                column_name=pk_cols[0], columns=pk_cols, type=first.database_type, auto_generate=auto
            )
    entity = Entity(
        name=name,
        table_name=table,
        description=ir.description,
        primary_key=primary_key,
        columns=columns,
        constraints=[
            Constraint(
                type=k.kind,
                columns=[_column_name(ir, n) for n in k.columns],
                expression=k.expression,  # type: ignore[arg-type]
                name=k.name,
                source=str(k.loc),
            )
            for k in ir.constraints
            if k.kind in ("unique", "check", "exclude")
        ],
        functional_dependencies=[
            FunctionalDependency(lhs=fd.lhs, rhs=fd.rhs, source=str(fd.loc)) for fd in ir.functional_dependencies
        ],
        options=sorted(k for k, v in ir.options.items() if v is True),
        renamed_from=ir.renamed_from,
        forms=m.forms,
        source=str(ir.loc),
    )
    return entity


def _column_name(ir: EntityIR, name: str) -> str:
    """Constraint column lists may differ in case from the column definitions (SQL is case-blind)."""
    for c in ir.columns:
        if c.name.lower() == name.lower():
            return c.name
    return name


def _auto_pk(settings: Settings, ir: EntityIR) -> Column:
    kind = _PK_TYPES[settings.primary_key]
    tinfo = parse_type(kind)
    return Column(
        name="id",
        python_name="id",
        database_type=tinfo.family,
        sql_type=tinfo.sql,
        python_type=tinfo.python,
        nullable=False,
        default="uuid4" if kind == "uuid" else None,
        default_kind="generator" if kind == "uuid" else None,
        constraints=["primary_key"],
        autoincrement=None if kind == "uuid" else True,
        description="Primary key added by specgen (the spec names none).",
        source=str(ir.loc),
    )


def _add_constraint(c: Column, kind: str) -> None:
    if kind not in c.constraints:
        c.constraints.append(kind)  # type: ignore[arg-type]


def _column(
    c: ColumnIR,
    table: str,
    settings: Settings,
    enum_values: dict[str, tuple[str, ...]],
    enums: list[Enum],
    portable: bool,
    diags: list[Diagnostic],
) -> Column | None:
    try:
        tinfo = parse_type(c.type or "text", enum_values)
    except UnknownType as exc:
        diags.append(error(f"column '{table}.{c.name}': {exc}", c.type_loc or c.loc))
        return None
    enum_name = _enum_for(tinfo, table, c.name, enums, c)
    if enum_name and tinfo.name == "enum" and not tinfo.enum_name:
        tinfo = TypeInfo("enum", enum_name=enum_name, enum_values=tinfo.enum_values)
    nullable = c.nullable if c.nullable is not None else not c.primary_key
    default = kind = server = onupdate = None
    if c.server_default is not None:
        d = classify(c.server_default, tinfo, portable_server=True)
        default, kind, server = d.value, d.kind, c.server_default.strip()
    elif c.default is not None:
        d = classify(c.default, tinfo, portable_server=portable)
        default, kind, server = d.value, d.kind, d.server
    if c.on_update is not None:
        on = classify(c.on_update, tinfo, portable_server=False)
        onupdate = str(on.value) if on.kind == "generator" else c.on_update
    constraints = [
        name for name, flag in (("not_null", not nullable), ("unique", c.unique), ("check", c.check)) if flag
    ]
    return Column(
        name=c.name,
        python_name=c.python_name or python_name(c.name, settings.naming),
        database_type=tinfo.family,
        sql_type=tinfo.sql,
        python_type=tinfo.python,
        nullable=nullable,
        default=default,
        default_kind=kind,
        server_default=server,
        onupdate=onupdate,
        constraints=constraints,
        length=tinfo.length,
        precision=tinfo.precision,
        scale=tinfo.scale,
        item_type=tinfo.item.sql if tinfo.item else None,
        enum=tinfo.enum_name,
        autoincrement=True if (tinfo.serial or c.autoincrement) else (False if c.autoincrement is False else None),
        check_expression=c.check,
        renamed_from=c.renamed_from,
        description=c.description,
        source=str(c.loc),
    )


def _enum_for(tinfo: TypeInfo, table: str, column: str, enums: list[Enum], c: ColumnIR) -> str | None:
    """An inline `enum(a, b)` becomes a named enum `<table>_<column>` so both dialects can create it."""
    if tinfo.name != "enum":
        return None
    if tinfo.enum_name:
        return tinfo.enum_name
    name = f"{table}_{column}".lower()
    if not any(e.name == name for e in enums):
        enums.append(Enum(name=name, values=list(tinfo.enum_values), source=str(c.loc)))
    return name


def _fks_of(ir: EntityIR) -> list[ForeignKeyIR]:
    fks = [c.fk for c in ir.columns if c.fk is not None]
    return fks + [fk for fk in ir.foreign_keys if not any(f.columns == fk.columns for f in fks)]


def _add_fk(entity: Entity, fk: ForeignKeyIR, by_key: dict[str, Entity], diags: list[Diagnostic]) -> None:
    target = (
        by_key.get(fk.ref_table)
        or by_key.get(fk.ref_table.lower())
        or by_key.get(fk.ref_table.rpartition(".")[2].lower())
    )
    if target is None:
        known = sorted({e.table_name for e in by_key.values()})
        close = difflib.get_close_matches(fk.ref_table, known, n=1)
        diags.append(
            error(
                f"foreign key {entity.table_name}({', '.join(fk.columns)}) references table '{fk.ref_table}', "
                "which no spec defines",
                fk.loc,
                hint=f"did you mean '{close[0]}'?" if close else "define it, or drop the reference",
            )
        )
        return
    ref_cols = fk.ref_columns or (target.primary_key.columns if target.primary_key else ["id"])
    ref_cols = [next((c.name for c in target.columns if c.name.lower() == r.lower()), r) for r in ref_cols]
    cols = [next((c.name for c in entity.columns if c.name.lower() == n.lower()), n) for n in fk.columns]
    if any(f.columns == cols and f.ref_table == target.table_name for f in entity.foreign_keys):
        return
    entity.foreign_keys.append(
        ForeignKey(
            name=fk.name,
            columns=cols,
            ref_table=target.table_name,
            ref_columns=ref_cols,
            on_delete=fk.on_delete,
            on_update=fk.on_update,
            deferrable=fk.deferrable,  # type: ignore[arg-type]
            initially_deferred=fk.initially_deferred,
            source=str(fk.loc),
        )
    )
    if len(cols) == 1:
        col = entity.column(cols[0])
        if col is not None:
            _add_constraint(col, "foreign_key")
            col.references = f"{target.table_name}.{ref_cols[0]}"
            col.on_delete, col.on_update = fk.on_delete, fk.on_update  # type: ignore[assignment]


def _indexes(
    stated: list[tuple[Entity, Merged]], standalone: list[IndexIR], by_key: dict[str, Entity], diags: list[Diagnostic]
) -> list[Index]:
    out: list[Index] = []
    names: dict[str, Index] = {}

    def add(entity: Entity, ix: IndexIR) -> None:
        cols = [_column_name_in(entity, c) for c in ix.columns]
        name = ix.name or f"{'uq' if ix.unique else 'ix'}_{entity.table_name}_{'_'.join(_slug(c) for c in cols)}"
        have = names.get(name)
        if have is not None:
            if have.table_name == entity.table_name and have.columns == cols:
                return  # the same index stated in two forms
            diags.append(error(f"index '{name}' is defined twice (first at {have.source})", ix.loc))
            return
        index = Index(
            table_name=entity.table_name,
            columns=cols,
            index_name=name,
            index_type=ix.method or "btree",
            unique=ix.unique,
            condition=ix.where,  # type: ignore[arg-type]
            source=str(ix.loc),
        )
        names[name] = index
        out.append(index)

    for entity, m in stated:
        for c in m.entity.columns:
            if c.index:
                add(entity, IndexIR([c.name], c.loc))
        for ix in m.entity.indexes:
            add(entity, ix)
    for ix in standalone:
        entity = by_key.get(ix.table or "") or by_key.get((ix.table or "").lower())
        if entity is None:
            diags.append(error(f"index {ix.name or ''} is on table '{ix.table}', which no spec defines", ix.loc))
            continue
        add(entity, ix)
    return out


def _column_name_in(entity: Entity, name: str) -> str:
    for c in entity.columns:
        if c.name.lower() == name.lower():
            return c.name
    return name


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_")


def _mark_indexed(entities: list[Entity], indexes: list[Index]) -> None:
    leading: set[tuple[str, str]] = {(i.table_name, i.columns[0]) for i in indexes if i.columns}
    for e in entities:
        if e.primary_key:
            leading.add((e.table_name, e.primary_key.columns[0]))
        for c in e.columns:
            if (e.table_name, c.name) in leading:
                c.indexed = True


def _performance(stated: list[tuple[Entity, Merged]], indexes: list[Index]) -> PerformanceConsiderations:
    rows = {e.table_name: int(m.entity.options["rows"]) for e, m in stated if "rows" in m.entity.options}
    kinds = sorted({i.index_type for i in indexes})
    strategy = (
        f"{len(indexes)} secondary indexes ({', '.join(kinds)}); primary keys indexed automatically"
        if indexes
        else "primary keys only"
    )
    return PerformanceConsiderations(estimated_row_counts=rows, indexing_strategy=strategy)


def _sqlmodel_config(entities: list[Entity]) -> SqlModelConfig:
    config = SqlModelConfig()
    for e in entities:
        for r in e.relationships:
            mode = "back_populated" if r.back_populates else "linked"
            config.relationship_config.append(RelationshipConfig(entity=e.name, relationship=r.name, mode=mode))
        for c in e.columns:
            if c.check_expression:
                config.validation_rules.append(f"{e.table_name}.{c.name}: {c.check_expression}")
        for k in e.constraints:
            if k.type == "check":
                config.validation_rules.append(f"{e.table_name}: {k.expression}")
    return config
