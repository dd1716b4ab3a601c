"""build_design(ir) -> Design: merge the forms, decide types, keys, indexes and relationships.

Pure: it reads the SpecIR and returns the design plus every problem found. The caller decides
whether errors stop the run.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from specgen.config import Settings
from specgen.design import relationships
from specgen.design.columns import auto_pk, build_column, declared_name
from specgen.design.derived import auto_generated
from specgen.design.indexes import collect_indexes, mark_indexed
from specgen.design.inferred import infer_foreign_keys
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
    RelationshipMode,
    SqlModelConfig,
    Stated,
    Suppression,
)
from specgen.design.naming import assign_names, name_enums, new_fk_name
from specgen.design.resolve import resolve
from specgen.design.result import BuildResult
from specgen.errors import Diagnostic, error, info, warning
from specgen.parse.ir import ConstraintIR, EntityIR, ForeignKeyIR, SpecIR
from specgen.source import Location
from specgen.vocab.naming import entity_name_for, pascal_case, table_name_for

DESIGN_FORMS = frozenset({"native", "markdown", "overview", "mermaid", "yaml"})


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
    taken: dict[str, Entity] = {}
    for m in merged:
        entity = _entity(m, settings, enum_values, enums, diags)
        if entity is None:
            continue
        if entity.name.lower() in taken and not m.entity.name:
            entity = _unique_name(entity, taken, diags)
        taken.setdefault(entity.name.lower(), entity)
        entities.append(entity)
        stated.append((entity, m))
    # spelling by spelling: every entity's exact names before any entity's looser ones (`app.foo` is foo's,
    # though `"Foo"` in app lower-cases to it too)
    spellings = [_keys(e) for e in entities]
    for rank in range(max((len(k) for k in spellings), default=0)):
        for entity, keys in zip(entities, spellings, strict=True):
            if rank < len(keys):
                by_key.setdefault(keys[rank], entity)
    standalone_fks = [(t, fk) for f in ir.files for t, fk in f.foreign_keys]
    for table, fk in standalone_fks:
        owner = resolve(by_key, table)
        if owner is None:
            diags.append(warning(f"ALTER TABLE names table '{table}', which no spec defines; not read", fk.loc))
            continue
        _add_fk(owner, fk, by_key, diags)
    for entity, m in stated:
        for fk in _fks_of(m.entity):
            _add_fk(entity, fk, by_key, diags)
    for entity, fk in infer_foreign_keys(stated, [r for f in ir.files for r in f.relationship_prose], by_key):
        _add_fk(entity, fk, by_key, diags)
    for entity, m in stated:
        _typed_by_keys(entity, m.entity, by_key)
    for entity, m in stated:
        relationships.explicit(entity, m.entity.relationships, by_key)
    relationships.infer(entities, by_key)
    indexes = collect_indexes(stated, [ix for f in ir.files for ix in f.indexes], by_key, diags)
    mark_indexed(entities, indexes)
    files = [f.path for f in ir.files]
    if not entities:
        for f in ir.files:
            diags.append(
                warning(
                    "no entity definitions found",
                    Location(f.path, 1),
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
            naming=settings.naming,
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
                new_name=n.new_name,
                source=n.loc,
            )
            for f in ir.files
            for n in f.notes
        ],
        performance_considerations=_performance(stated, indexes),
        sqlmodel_config=_sqlmodel_config(entities),
        conflicts=[
            Conflict(
                entity=(owner.name if (owner := by_key.get(c.table)) else c.table),
                column=c.column,
                fact=c.fact,
                values=[Stated(v, loc) for v, loc in c.values],
                sources=[loc for _, loc in c.values],
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
    from specgen.design.extensions import design_extensions
    from specgen.design.views import design_sql_objects, design_views

    # the implied extensions are read off the tables and indexes: the schema gets them as a copy
    extensions = design_extensions(ir, schema, diags)
    views = design_views(ir, diags)
    sql_objects = design_sql_objects(ir, {e.table_name for e in schema.entities}, views)
    schema = schema.model_copy(update={"extensions": extensions, "views": views, "sql_objects": sql_objects})
    # every constraint gets its database name here, once; every target reads it (design/naming.py)
    written = {e.name for f in ir.files for e in f.enums if e.form == "sql"}  # the database's own names
    return BuildResult(assign_names(name_enums(Design(database_schema=schema), written)), diags, ir)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _enums(ir: SpecIR, diags: list[Diagnostic]) -> list[Enum]:
    seen: dict[str, Enum] = {}
    for f in ir.files:
        for e in f.enums:
            if not e.values:
                diags.append(error(f"enum '{e.name}' has no values", e.loc, hint="list them as '- value' items"))
                continue
            have = seen.get(e.name)
            if have is None:
                seen[e.name] = Enum(
                    name=e.name, values=list(dict.fromkeys(e.values)), schema_name=e.schema, source=e.loc
                )
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
    # the key first: its columns are built NOT NULL (design.yaml shows `primary_key` instead of `not_null`)
    pk_cols = [c.name for c in ir.columns if c.primary_key]
    for k in ir.constraints:
        if k.kind == "primary_key":
            pk_cols = pk_cols or [declared_name(ir.columns, n) for n in k.columns]
    added_key = False
    if not pk_cols and portable and not ir.options.get("no_primary_key"):  # `options: no_primary_key`
        key = next((c.name for c in ir.columns if c.name.lower() == "id"), None)  # `Id` in .NET-style specs
        if key is not None:
            pk_cols = [key]
        elif settings.primary_key != "none":
            added_key = True
            pk_cols = ["id"]
    keyed = set(pk_cols)
    columns: list[Column] = [auto_pk(settings, ir)] if added_key else []
    for c in ir.columns:
        if not c.name.strip():  # no reader should give one; a design column without a name breaks every target
            diags.append(warning(f"a column of {table} has no name; it is left out", c.loc))
            continue
        lead = bool(pk_cols) and c.name == pk_cols[0]
        col = build_column(
            c, table, settings, enum_values, enums, portable, diags, in_key=c.name in keyed, leads_key=lead
        )
        if col is not None:
            columns.append(col)
    primary_key = None
    if pk_cols:
        first = next((c for c in columns if c.name == pk_cols[0]), None)
        if first is not None:
            auto = auto_generated(
                first.default, first.autoincrement, first.database_type, first.server_default, len(pk_cols)
            )
            primary_key = PrimaryKey(
                column_name=pk_cols[0], columns=pk_cols, type=first.database_type, auto_generate=auto
            )
    entity = Entity(
        name=name,
        table_name=table,
        description=ir.description,
        comment=ir.comment,
        primary_key=primary_key,
        columns=columns,
        constraints=[
            Constraint(
                type=k.kind,
                columns=[declared_name(ir.columns, n) for n in k.columns],
                expression=k.expression,
                name=k.name,
                source=k.loc,
                **constraint_details(k),
            )
            for k in ir.constraints
            if k.kind in ("unique", "check", "exclude")
        ],
        functional_dependencies=[
            FunctionalDependency(lhs=fd.lhs, rhs=fd.rhs, source=fd.loc) for fd in ir.functional_dependencies
        ],
        options=sorted(k for k, v in ir.options.items() if v is True),
        renamed_from=ir.renamed_from,
        schema_name=ir.options.get("schema") if isinstance(ir.options.get("schema"), str) else None,
        partition_by=ir.options.get("partition_by") if isinstance(ir.options.get("partition_by"), str) else None,
        inherits=list(ir.options["inherits"]) if isinstance(ir.options.get("inherits"), list) else None,
        unlogged=True if ir.options.get("unlogged") is True else None,
        forms=m.forms,
        source=ir.loc,
    )
    return entity


_OPERATOR = re.compile(r"[-+*/<>=~!@#%^&|`?]{1,63}")


def constraint_details(k: ConstraintIR) -> dict[str, Any]:
    """DEFERRABLE of a unique or exclusion constraint; an exclusion constraint's operators, method and WHERE
    (when every operator is one: else it stays the text it was read as, which validate reports)."""
    out: dict[str, Any] = {}
    if k.deferrable:
        out["deferrable"] = True
        if k.initially_deferred:
            out["initially_deferred"] = True
    if k.kind == "exclude" and k.operators and all(_OPERATOR.fullmatch(o) for o in k.operators):
        out["operators"] = list(k.operators)
        if k.using and re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", k.using):
            out["index_type"] = k.using
        if k.where:
            out["condition"] = k.where
    return out


def _fks_of(ir: EntityIR) -> list[ForeignKeyIR]:
    fks = [c.fk for c in ir.columns if c.fk is not None]
    return fks + [fk for fk in ir.foreign_keys if not any(f.columns == fk.columns for f in fks)]


def _unique_name(entity: Entity, taken: dict[str, Entity], diags: list[Diagnostic]) -> Entity:
    """A derived entity name another table already has (`v1.parents` and `v2.parents`, `client` and
    `clients`, `"Foo"` and `foo`): the schema joins the name where the schemas differ, then the table's own
    spelling, then a number. Told as an info line; a spec names the entity itself to choose."""
    first = taken[entity.name.lower()]
    table = entity.table_name
    candidates = []
    if entity.schema_name != first.schema_name:
        candidates.append(entity_name_for(f"{entity.schema_name or 'public'}_{table}"))
    candidates.append(pascal_case(table) or entity.name)
    candidates += [f"{entity.name}{n}" for n in range(2, len(taken) + 3)]
    name = next(c for c in candidates if c.lower() not in taken)
    where = f"{first.schema_name}.{first.table_name}" if first.schema_name else first.table_name
    diags.append(
        info(
            f"entity name '{entity.name}' is taken by table {where} ({first.source}); "
            f"table {entity.schema_name + '.' if entity.schema_name else ''}{table} is entity '{name}'",
            entity.source,
        )
    )
    return entity.model_copy(update={"name": name})


def _keys(entity: Entity) -> list[str]:
    """The spellings `resolve` finds an entity under (see design/resolve.py); schema-qualified first, so that
    `v2.parents` finds v2's table where v1 has one of the same name."""
    table, name = entity.table_name, entity.name
    bare = table.lower().rpartition(".")[2]
    own = [f"{entity.schema_name}.{table}", f"{entity.schema_name}.{table}".lower()] if entity.schema_name else []
    return [*own, name, table, table.lower(), name.lower(), bare, bare.replace("_", ""), name.lower().replace("_", "")]


_TYPE_FIELDS = (
    "database_type",
    "sql_type",
    "python_type",
    "length",
    "precision",
    "scale",
    "item_type",
    "enum",
    "domain",
)


def _typed_by_keys(entity: Entity, ir: EntityIR, by_key: dict[str, Entity]) -> None:
    """A one-column foreign key whose column states no type (`| client | ForeignKey |`, `- owner: FK -> users`)
    takes the type of the key it references, as an ORM's foreign key does; `text` would not match it (SG103).
    Puts typed copies in the entity's own list while the design is being built."""
    untyped = {c.name for c in ir.columns if c.type is None and c.unmapped_type is None}
    for fk in entity.foreign_keys if untyped else ():
        if len(fk.columns) != 1 or fk.columns[0] not in untyped:
            continue
        target = _fk_target(by_key, fk.ref_table)
        key = next((c for c in target.columns if c.name == fk.ref_columns[0]), None) if target else None
        at = next((i for i, c in enumerate(entity.columns) if c.name == fk.columns[0]), None)
        if key is None or at is None or key.unmapped_type:
            continue
        entity.columns[at] = entity.columns[at].model_copy(update={f: getattr(key, f) for f in _TYPE_FIELDS})


def _fk_target(by_key: dict[str, Entity], ref_table: str) -> Entity | None:
    """The table a foreign key names. A name qualified with a schema other than public (`auth.users`) is a table of
    that schema: not the `users` the SQL created in public or in a third schema, which `resolve` would find by its
    bare name (a table of another form, which states no schema, still answers to it)."""
    target = resolve(by_key, ref_table)
    schema = ref_table.rpartition(".")[0].strip('"`').lower()
    if target is None or not schema or schema == "public" or (target.schema_name or "").lower() == schema:
        return target
    return None if target.schema_name or "sql" in target.forms else target


def _add_fk(entity: Entity, fk: ForeignKeyIR, by_key: dict[str, Entity], diags: list[Diagnostic]) -> None:
    target = _fk_target(by_key, fk.ref_table)
    if target is None:
        known = sorted({e.table_name for e in by_key.values()})
        schema, _, bare = fk.ref_table.rpartition(".")
        close = [] if schema else difflib.get_close_matches(fk.ref_table, known, n=1)
        elsewhere = (
            f"'{schema}' is another schema: define the table there, or, if the database has it already, acknowledge "
            "it (front matter `ignore: [SG101]`); "
            if schema
            else ""
        )
        diags.append(
            warning(
                f"foreign key {entity.table_name}({', '.join(fk.columns)}) references table '{fk.ref_table}', "
                "which no spec defines",
                fk.loc,
                hint=(f"did you mean '{close[0]}'? " if close else elsewhere or "define it, or drop the reference; ")
                + "validate reports it (SG101) and render refuses until it resolves",
                code="SG101",
            )
        )
        # Kept as written, so that validate names it and the design shows what the spec says.
        if not any(f.columns == fk.columns for f in entity.foreign_keys):
            cols = [declared_name(entity.columns, n) for n in fk.columns]
            entity.foreign_keys.append(
                ForeignKey(
                    name=new_fk_name(entity.table_name, fk.name, cols, bare),
                    columns=cols,
                    ref_table=fk.ref_table,
                    ref_columns=fk.ref_columns or ["id"],
                    on_delete=fk.on_delete,
                    on_update=fk.on_update,
                    inferred=fk.inferred or None,
                    source=fk.loc,
                )
            )
        return
    ref_cols = fk.ref_columns or (target.primary_key.columns if target.primary_key else ["id"])
    ref_cols = [declared_name(target.columns, r) for r in ref_cols]
    cols = [declared_name(entity.columns, n) for n in fk.columns]
    if any(f.columns == cols and f.ref_table == target.table_name for f in entity.foreign_keys):
        return
    entity.foreign_keys.append(
        ForeignKey(
            name=new_fk_name(entity.table_name, fk.name, cols, target.table_name),
            columns=cols,
            ref_table=target.table_name,
            ref_columns=ref_cols,
            on_delete=fk.on_delete,
            on_update=fk.on_update,
            deferrable=fk.deferrable,
            initially_deferred=fk.initially_deferred,
            inferred=fk.inferred or None,
            source=fk.loc,
        )
    )


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
    modes: list[RelationshipConfig] = []
    rules: list[str] = []
    for e in entities:
        for r in e.relationships:
            mode: RelationshipMode = "back_populated" if r.back_populates else "linked"
            modes.append(RelationshipConfig(entity=e.name, relationship=r.name, mode=mode))
        for c in e.columns:
            if c.check_expression:
                rules.append(f"{e.table_name}.{c.name}: {c.check_expression}")
        for k in e.constraints:
            if k.type == "check":
                rules.append(f"{e.table_name}: {k.expression}")
    return SqlModelConfig(relationship_config=modes, validation_rules=rules)
