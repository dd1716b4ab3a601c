"""One table described in several forms (SQL beside ORM classes) becomes one entity.

The first full definition in form priority wins each fact; where another form states the same fact
differently, the disagreement is kept as a Conflict naming both lines (validate reports it).
Two full definitions in one form are an error naming both places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TypeVar

from specgen.design.defaults import classify
from specgen.errors import Diagnostic, error
from specgen.parse.ir import ColumnIR, ConstraintIR, EntityIR, IndexIR, SpecIR
from specgen.source import Location
from specgen.vocab.naming import singularize, snake_case, table_name_for
from specgen.vocab.types import UnknownType, parse_type

_Named = TypeVar("_Named", IndexIR, ConstraintIR)

# Which form wins a fact both state: the documented format first, then the most concrete (code, then a column
# table, then a diagram's sketch, then a table of tables).
PRIORITY = {
    "native": 0, "yaml": 1, "sql": 2, "python": 3, "prisma": 3, "django": 3, "dbml": 3, "drizzle": 3, "typeorm": 3,
    "csharp": 3, "jpa": 3, "markdown": 4, "mermaid": 5,
    "overview": 10,
}  # fmt: skip


@dataclass
class ConflictIR:
    table: str
    column: str | None
    fact: str
    values: list[tuple[str, Location]]


@dataclass
class Merged:
    entity: EntityIR
    forms: list[str]
    conflicts: list[ConflictIR] = field(default_factory=list)


def table_key(e: EntityIR) -> str:
    """Definitions of one table share this key: case, schema, `_`/`-` and number do not matter
    (`USERS`, `users`, `User`, `public.users` are one table described in several forms)."""
    return key_of(e.table or table_name_for(e.name or "entity"))


def key_of(table: str) -> str:
    bare = table.lower().rpartition(".")[2]
    return singularize(bare.replace("-", "_")).replace("_", "")


def _exact_key(e: EntityIR) -> str:
    """One table exactly: its schema and name. SQL names keep their case (the reader folded unquoted ones as
    PostgreSQL does, so `"Users"` and `users` are two tables); other forms' names do not."""
    table = (e.table or table_name_for(e.name or "entity")).replace("-", "_")
    schema = e.options.get("schema")
    key = table if e.form == "sql" else table.lower()
    return f"{schema}.{key}" if isinstance(schema, str) and schema else key


def _schema(key: str) -> str | None:
    return key.rpartition(".")[0] or None


def _bare(key: str) -> str:
    """The table name of an exact key, without its schema (an SQL name keeps its case: `"Foo"` is not `foo`)."""
    return key.rpartition(".")[2]


def _partnered(key: str, forms: set[str], by_bare: dict[str, set[str]]) -> bool:
    """Whether another form defines a table of exactly this name (which this definition belongs with)."""
    return bool(by_bare.get(_bare(key), set()) - forms)


def _groups(ir: SpecIR) -> list[list[EntityIR]]:
    """Definitions of one table: the same name, or — across different forms only — the same name up to
    case, schema, `_` and number (a `### User` heading beside `CREATE TABLE public.users`). Two tables
    of one form (`queue` and `queues`, `a.users` and `b.users`) stay two."""
    exact: dict[str, list[EntityIR]] = {}
    for f in ir.files:
        for e in f.entities:
            exact.setdefault(_exact_key(e), []).append(e)
    by_bare: dict[str, set[str]] = {}  # table name (no schema) -> the forms that define one so named
    for key, defs in exact.items():
        by_bare.setdefault(_bare(key), set()).update(d.form for d in defs)
    loose: dict[str, list[tuple[str, list[EntityIR]]]] = {}
    out: list[list[EntityIR]] = []
    for key, defs in exact.items():
        forms = {d.form for d in defs}
        twins = loose.setdefault(_loose_key(key, defs), [])
        for other_key, other in twins:
            schemas = {_schema(key), _schema(other_key)} - {None}
            if forms & {d.form for d in other} or len(schemas) > 1:
                continue
            if _bare(key) != _bare(other_key) and (
                _partnered(key, forms, by_bare) or _partnered(other_key, {d.form for d in other}, by_bare)
            ):
                continue  # `table: clients` joins `test.clients`, not `test.client`, where both are defined
            other.extend(defs)
            break
        else:
            twins.append((key, defs))
            out.append(defs)
    return out


def _loose_key(key: str, defs: list[EntityIR]) -> str:
    """The key a group is matched across forms by. Where no definition states its table, the entity's own name
    (`SUPERVISOR_INSTANSI`), not the plural specgen would make of it (`supervisor_instansis`, which `singularize`
    need not undo), meets a table stated as `supervisor_instansi`."""
    if any(d.table for d in defs) or not defs[0].name:
        return key_of(key)
    schema = _schema(key)
    return key_of(f"{schema}.{snake_case(defs[0].name)}" if schema else snake_case(defs[0].name))


def merge_entities(ir: SpecIR) -> tuple[list[Merged], list[Diagnostic]]:
    """Group entity definitions by table and merge each group."""
    groups = {i: defs for i, defs in enumerate(_groups(ir))}
    diagnostics: list[Diagnostic] = []
    merged: list[Merged] = []
    for defs in groups.values():
        if any(d.form != "overview" for d in defs):
            defs = [d for d in defs if d.form != "overview"]  # a table of tables names what a fuller form defines
        else:
            defs = defs[:1]  # listed in two overviews: the first
        full = [d for d in defs if not d.partial]
        by_form: dict[str, EntityIR] = {}
        for d in full:
            first = by_form.get(d.form)
            if first is not None:
                label = d.name or d.table
                diagnostics.append(
                    error(
                        f"entity '{label}' is defined twice in {d.form} form (first at {first.loc})",
                        d.loc,
                        hint="merge the two definitions or rename one",
                    )
                )
                continue
            by_form[d.form] = d
        ordered = sorted(by_form.values(), key=lambda d: PRIORITY.get(d.form, 9))
        partials = [d for d in defs if d.partial]
        if not ordered:
            ordered, partials = partials[:1], partials[1:]
        merged.append(_merge(ordered + partials))
    return _reference_types(merged), diagnostics


def _reference_types(merged: list[Merged]) -> list[Merged]:
    """A column whose type was only guessed beside a foreign key (`Mapped[str]` + ForeignKey) takes
    the type of the key it references, wherever that key is defined. Copies what it changes."""
    by_exact = {_exact_key(m.entity): m.entity for m in merged}
    by_table: dict[str, EntityIR] = {}
    for m in merged:
        by_table.setdefault(table_key(m.entity), m.entity)
    by_name = {m.entity.name: m.entity for m in merged if m.entity.name}
    out: list[Merged] = []
    for m in merged:
        if not any(c.type_from_reference and c.fk for c in m.entity.columns):
            out.append(m)
            continue
        columns = []
        for c in m.entity.columns:
            fk = c.fk
            if c.type_from_reference and fk is not None:
                target = (
                    by_name.get(fk.ref_table)
                    if fk.ref_is_entity
                    else (
                        by_exact.get(fk.ref_table)
                        or by_exact.get(fk.ref_table.lower())
                        or by_table.get(key_of(fk.ref_table))
                    )
                )
                ref = fk.ref_columns[0].lower() if fk.ref_columns else None
                key = (
                    next((k for k in target.columns if (k.name.lower() == ref if ref else k.primary_key)), None)
                    if target is not None
                    else None
                )
                if key is not None and key.type and not key.type_from_reference:
                    c = replace(c, type=key.type, type_from_reference=False)
            columns.append(c)
        out.append(Merged(replace(m.entity, columns=columns), m.forms, m.conflicts))
    return out


def _norm(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", "", text).lower().strip("()")


def _merge(defs: list[EntityIR]) -> Merged:
    base = defs[0]
    if len(defs) == 1:
        return Merged(base, [base.form])  # the common case: nothing to merge, nothing to copy
    out = EntityIR(
        base.loc,
        base.form,
        name=base.name,
        table=base.table,
        description=base.description,
        comment=base.comment,
        options=dict(base.options),
        renamed_from=base.renamed_from,
    )
    result = Merged(out, [])
    # Class names (python/native/mermaid) name the entity better than a table-derived name.
    for d in defs:
        if d.form not in result.forms:
            result.forms.append(d.form)
        out.name = out.name or d.name
        out.table = out.table or d.table
        out.description = out.description or d.description
        out.comment = out.comment or d.comment
        out.renamed_from = out.renamed_from or d.renamed_from
        for k, v in d.options.items():
            out.options.setdefault(k, v)
        out.functional_dependencies.extend(d.functional_dependencies)
    if base.form == "sql":
        for d in defs:
            if d.form in ("python", "native", "yaml") and d.name:
                out.name = d.name
                break
    columns: dict[str, ColumnIR] = {}
    origin: dict[str, str] = {}  # merged column -> the form whose spelling and facts it starts from
    spelled: dict[str, str] = {}  # another form's spelling (`tenantId`) -> the merged column's (`tenant_id`)
    for d in defs:
        for c in d.columns:
            key = snake_case(c.name)  # `isActive` in a domain table is `is_active` in the DDL
            have = columns.get(key)
            if have is None:
                columns[key] = replace(c)  # merging mutates the copy, not the IR
                origin[key] = d.form
                continue
            if have.name != c.name:
                spelled[c.name] = have.name
            _merge_column(have, c, table_key(out), result, (origin[key] == "mermaid", d.form == "mermaid"))
    for d in defs:
        if spelled:
            d = _respelled(d, spelled)
        _union_relationships(out, d)
        _union_indexes(out.indexes, d.indexes)
        _union_constraints(out.constraints, d.constraints)
        for fk in d.foreign_keys:
            same = [f for f in out.foreign_keys if f.columns == fk.columns and f.ref_table == fk.ref_table]
            if not same:
                out.foreign_keys.append(fk)
            elif same[0].name is None and fk.name is not None:
                out.foreign_keys[out.foreign_keys.index(same[0])] = replace(same[0], name=fk.name)
    out.columns = list(columns.values())
    return result


def _respelled(d: EntityIR, spelled: dict[str, str]) -> EntityIR:
    """`d` with its keys, indexes and constraints naming columns as the merged entity spells them."""

    def names(cols: list[str]) -> list[str]:
        return [spelled.get(c, c) for c in cols]

    return replace(
        d,
        foreign_keys=[replace(fk, columns=names(fk.columns)) for fk in d.foreign_keys],
        indexes=[replace(ix, columns=names(ix.columns)) for ix in d.indexes],
        constraints=[replace(k, columns=names(k.columns)) for k in d.constraints],
    )


def _type_key(text: str | None) -> str | None:
    """Types compare by meaning: `decimal(12, 2)` = `numeric(12,2)`, and `varchar` without a length = `text`."""
    if text is None:
        return None
    try:
        canonical = parse_type(text).sql
    except UnknownType:
        return _norm(text)
    return "text" if canonical == "varchar" else canonical


def _refines(specific: str | None, general: str | None) -> bool:
    """Whether `specific` is `general` with its size stated (`varchar(255)` for `varchar` or `string`;
    `numeric(10,2)` for `decimal`; `timestamp(3)` for `timestamp`): one fact said twice, not a disagreement."""
    if specific is None or general is None:
        return False
    try:
        a, b = parse_type(specific), parse_type(general)
    except UnknownType:
        return False
    if "(" not in a.sql or "(" in b.sql:
        return False
    return a.family == b.family  # `text` is a type of its own: TEXT beside varchar(255) is a disagreement


def _default_key(text: str | None) -> str | None:
    """Defaults compare by meaning: `now`, `CURRENT_TIMESTAMP`, `func.now()` and `datetime.utcnow` agree."""
    if text is None:
        return None
    d = classify(text, None, portable_server=False)
    return f"{d.kind}:{d.value}" if d.kind != "expression" else _norm(text)


# What a diagram's type word stands for: Mermaid erDiagram types are a sketch (`timestamp`, `int`, `string`), so
# a concrete form's type of the same kind is the column's type, not a disagreement. JSON is a string's kind:
# Mermaid has no JSON type, and a diagram draws a JSON payload as `string`.
_KIND = {
    "timestamp": "time", "timestamptz": "time", "integer": "int", "bigint": "int", "smallint": "int",
    "varchar": "str", "text": "str", "char": "str", "numeric": "num", "double": "num", "real": "num",
    "json": "str", "jsonb": "str",
}  # fmt: skip


def _same_kind(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    try:
        x, y = parse_type(a).family, parse_type(b).family
    except UnknownType:
        return False
    return x == y or (x in _KIND and _KIND[x] == _KIND.get(y))


def _merge_column(
    have: ColumnIR, c: ColumnIR, table: str, result: Merged, sketch: tuple[bool, bool] = (False, False)
) -> None:
    """`sketch`: whether `have`'s facts and `c`'s come from a diagram (Mermaid)."""

    def fact(name: str, mine: object, theirs: object, shown_mine: str, shown_theirs: str) -> None:
        if mine is not None and theirs is not None and mine != theirs:
            result.conflicts.append(ConflictIR(table, have.name, name, [(shown_mine, have.loc), (shown_theirs, c.loc)]))

    if have.type_from_reference and c.type and not c.type_from_reference:
        have.type, have.type_from_reference = c.type, False  # a stated type beats a guess
    elif sketch[0] != sketch[1] and _same_kind(have.type, c.type):
        have.type = have.type if sketch[1] else c.type  # the concrete form's, whichever came first
    elif not c.type_from_reference and _refines(c.type, have.type):
        have.type = c.type  # `varchar(255)` in the DDL says more than `varchar`/`string` in a table or diagram
    elif not c.type_from_reference and not _refines(have.type, c.type):
        fact("type", _type_key(have.type), _type_key(c.type), str(have.type), str(c.type))
    fact("nullable", have.nullable, c.nullable, str(have.nullable).lower(), str(c.nullable).lower())
    fact(
        "default",
        _default_key(have.default or have.server_default),
        _default_key(c.default or c.server_default),
        str(have.default or have.server_default),
        str(c.default or c.server_default),
    )
    if have.fk and c.fk:
        # A diagram's key yields to a concrete form's (a table of keys that adds to it), as its type does; the
        # disagreement is still said, the kept value first.
        first, second = (c, have) if sketch[0] and not sketch[1] else (have, c)
        kept, other = first.fk, second.fk
        assert kept is not None and other is not None
        # A diagram's relationship line says two entities are linked, not through which key: where a concrete
        # form states the key, the line's guess is no disagreement.
        drawn = (sketch[0] if first is c else sketch[1]) and other.loc.line != second.loc.line
        # `FK to users` names the table only: it agrees with `users.id` (the key is the table's primary key)
        both = bool(kept.ref_columns and other.ref_columns)
        agree = _same_table(kept.ref_table, other.ref_table) and (not both or kept.ref_columns == other.ref_columns)
        if not drawn and not other.ref_is_entity and not agree:
            shown = [(f"{f.ref_table}.{','.join(f.ref_columns)}", x.loc) for f, x in ((kept, first), (other, second))]
            result.conflicts.append(ConflictIR(table, have.name, "foreign key", shown))
        if not drawn and None not in (kept.on_delete, other.on_delete) and kept.on_delete != other.on_delete:
            shown = [(str(f.on_delete), x.loc) for f, x in ((kept, first), (other, second))]
            result.conflicts.append(ConflictIR(table, have.name, "on delete", shown))
        have.fk = kept
    for attr in (
        "type",
        "nullable",
        "default",
        "server_default",
        "check",
        "on_update",
        "renamed_from",
        "description",
        "comment",
        "autoincrement",
        "identity",
        "identity_options",
        "generated",
        "domain",
        "python_name",
        "fk",
    ):
        if getattr(have, attr) is None and getattr(c, attr) is not None:
            setattr(have, attr, getattr(c, attr))
    if have.fk and c.fk and (have.fk.on_delete is None or (have.fk.name is None and c.fk.name)):
        # a copy: the FK object belongs to the IR of the first form
        have.fk = replace(have.fk, on_delete=have.fk.on_delete or c.fk.on_delete, name=have.fk.name or c.fk.name)
    have.primary_key |= c.primary_key
    have.unique |= c.unique
    have.index |= c.index


def _same_table(a: str, b: str) -> bool:
    """`tahun_ajaran` and the plural a diagram's key derives (`tahun_ajarans`), `users` and `user`: one table."""

    def keys(t: str) -> set[str]:
        return {key_of(t), key_of(table_name_for(t.rpartition(".")[2]))}

    return a.lower() == b.lower() or bool(keys(a) & keys(b))


def _union_relationships(out: EntityIR, d: EntityIR) -> None:
    names = {r.name for r in out.relationships}
    for r in d.relationships:
        if r.name not in names:
            out.relationships.append(r)
            names.add(r.name)


def _union_indexes(out: list[IndexIR], more: list[IndexIR]) -> None:
    for ix in more:
        same = [
            o
            for o in out
            if (o.name and o.name == ix.name)
            or (not o.name or not ix.name)
            and [_norm(c) for c in o.columns] == [_norm(c) for c in ix.columns]
            and o.unique == ix.unique
        ]
        if not same:
            out.append(ix)
        else:
            _keep_name(out, same[0], ix)


def _union_constraints(out: list[ConstraintIR], more: list[ConstraintIR]) -> None:
    for c in more:
        same = [
            o
            for o in out
            if o.kind == c.kind
            and (
                (o.name and o.name == c.name)
                or (o.kind == "check" and _norm(o.expression) == _norm(c.expression))
                or (o.kind != "check" and [x.lower() for x in o.columns] == [x.lower() for x in c.columns])
            )
        ]
        if not same:
            out.append(c)
        else:
            _keep_name(out, same[0], c)


def _keep_name(out: list[_Named], have: _Named, twin: _Named) -> None:
    """A name one form states survives its unnamed twin from another form (DDL `UNIQUE (a, b)` beside
    `UniqueConstraint("a", "b", name="uq_x")`). Replaces the kept item by a copy: the IR stays as read."""
    if have.name is None and twin.name is not None:
        out[next(i for i, o in enumerate(out) if o is have)] = replace(have, name=twin.name)
