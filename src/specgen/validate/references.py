"""Reference rules (SG1xx): foreign keys, relationships, names and keys."""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen.design.model import Column, Design, Entity, ForeignKey, Index
from specgen.source import Location
from specgen.validate.finding import (
    Finding,
    columns_named,
    entities,
    finding,
    indexes_by_table,
    lookup,
    per_run,
    rule,
    tables,
)
from specgen.vocab.reserved import PG_RESERVED

MAX_IDENTIFIER_BYTES = 63
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_COMPATIBLE = (
    frozenset({"smallint", "integer", "bigint", "numeric"}),
    frozenset({"varchar", "text", "char"}),
    frozenset({"timestamp", "timestamptz"}),
    frozenset({"json", "jsonb"}),
)


def _fk_targets(e: Entity, fk: ForeignKey, index: dict[str, Entity]) -> Entity | None:
    return lookup(index, fk.ref_table)


@rule("SG101", "fk-unknown-table", "error")
def check_fk_tables(design: Design) -> Iterator[Finding]:
    """A foreign key references a table that no spec defines.

    The database refuses to create the constraint. Fix: define the referenced entity (in any spec
    file; references may cross files), or correct the table name after `fk`.
    """
    index = tables(design)
    for e in entities(design):
        for fk in e.foreign_keys:
            if lookup(index, fk.ref_table) is None:
                yield finding(
                    "SG101",
                    f"foreign key {e.table_name}({', '.join(fk.columns)}) references unknown table '{fk.ref_table}'",
                    entity=e.name,
                    column=fk.columns[0] if fk.columns else None,
                    source=fk.source or e.source,
                    hint="define the table, or correct the name",
                )


@rule("SG102", "fk-unknown-column", "error")
def check_fk_columns(design: Design) -> Iterator[Finding]:
    """A foreign key names a column that does not exist, on its own table or on the referenced table.

    Fix: correct the column name, or add the column. A foreign key written `fk users` (no column)
    references the primary key of `users`.
    """
    index = tables(design)
    for e in entities(design):
        own = {c.name for c in e.columns}
        for fk in e.foreign_keys:
            for name in fk.columns:
                if name not in own:
                    yield finding(
                        "SG102",
                        f"foreign key on {e.table_name} names unknown column '{name}'",
                        entity=e.name,
                        column=name,
                        source=fk.source or e.source,
                    )
            target = lookup(index, fk.ref_table)
            if target is None:
                continue
            theirs = {c.name for c in target.columns}
            for name in fk.ref_columns:
                if name not in theirs:
                    yield finding(
                        "SG102",
                        f"foreign key {e.table_name}({', '.join(fk.columns)}) references unknown "
                        f"column {target.table_name}.{name}",
                        entity=e.name,
                        column=fk.columns[0] if fk.columns else None,
                        source=fk.source or e.source,
                        hint=f"{target.table_name} has: {', '.join(sorted(theirs))}"
                        if theirs
                        else f"the specs define no columns for {target.table_name}",
                    )


@rule("SG103", "fk-type-mismatch", "error")
def check_fk_types(design: Design) -> Iterator[Finding]:
    """A foreign-key column's type differs from the type of the key it references.

    PostgreSQL refuses incompatible pairs (uuid against varchar: "key columns are of incompatible
    types"). (Compatible pairs are SG117.) Fix: give the foreign-key column exactly the referenced
    column's type.
    """
    for e, fk, target, mine, theirs, a, b, compatible in _fk_type_pairs(design):
        if not compatible:
            yield _fk_type_finding("SG103", e, fk, target, mine, theirs, a, b)


@rule("SG117", "fk-type-differs", "warning")
def check_fk_type_widths(design: Design) -> Iterator[Finding]:
    """A foreign-key column's type is compatible with the key it references but not the same (integer
    against bigint, varchar(32) against varchar(64)).

    The database accepts it, but one side can hold values the other cannot. Fix: give the foreign-key
    column exactly the referenced column's type.
    """
    for e, fk, target, mine, theirs, a, b, compatible in _fk_type_pairs(design):
        if compatible:
            yield _fk_type_finding("SG117", e, fk, target, mine, theirs, a, b)


def _fk_type_finding(
    code: str, e: Entity, fk: ForeignKey, target: Entity, mine: str, theirs: str, a: Column, b: Column
) -> Finding:
    return finding(
        code,
        f"{e.table_name}.{mine} is {a.sql_type} but references {target.table_name}.{theirs} ({b.sql_type})",
        entity=e.name,
        column=mine,
        source=a.source or fk.source,
        hint=f"declare {mine} as {b.sql_type}",
    )


_FkTypePair = tuple[Entity, ForeignKey, Entity, str, str, Column, Column, bool]


def _fk_type_pairs(design: Design) -> list[_FkTypePair]:
    """(entity, key, target, column, referenced column, both columns, compatible) of each FK type difference
    (SG103 and SG117 share them: listed once a run)."""
    return per_run("fk type pairs", design, lambda d: list(_each_fk_type_pair(d)))


def _each_fk_type_pair(design: Design) -> Iterator[_FkTypePair]:
    index = tables(design)
    for e in entities(design):
        if not e.foreign_keys:
            continue
        own = columns_named(design, e)
        for fk in e.foreign_keys:
            target = lookup(index, fk.ref_table)
            if target is None:
                continue
            theirs_named = columns_named(design, target)
            for mine, theirs in zip(fk.columns, fk.ref_columns, strict=False):
                a, b = own.get(mine), theirs_named.get(theirs)
                if a is None or b is None or a.sql_type == b.sql_type:
                    continue
                fa, fb = a.database_type, b.database_type
                if fa == fb and fa in ("enum", "array") and a.sql_type == b.sql_type:
                    continue
                compatible = fa == fb or any(fa in g and fb in g for g in _COMPATIBLE)
                yield e, fk, target, mine, theirs, a, b, compatible


@rule("SG104", "fk-target-not-unique", "error")
def check_fk_target_keys(design: Design) -> Iterator[Finding]:
    """A foreign key references columns that are neither the primary key nor unique.

    PostgreSQL requires the referenced columns to carry a primary-key or unique constraint
    ("there is no unique constraint matching given keys"). Fix: reference the primary key, or
    declare the referenced columns unique.
    """
    index = tables(design)
    by_table = indexes_by_table(design)
    keys_of: dict[int, list[set[str]]] = {}  # by id(target): many keys reference one table
    for e in entities(design):
        for fk in e.foreign_keys:
            target = lookup(index, fk.ref_table)
            if target is None:
                continue
            named = columns_named(design, target)
            if any(c not in named for c in fk.ref_columns):
                continue
            keys = keys_of.get(id(target))
            if keys is None:
                keys = keys_of[id(target)] = _keys_of(target, by_table.get(target.table_name, []))
            if set(fk.ref_columns) not in keys:
                yield finding(
                    "SG104",
                    f"foreign key {e.table_name}({', '.join(fk.columns)}) references "
                    f"{target.table_name}({', '.join(fk.ref_columns)}), which is not a key",
                    entity=e.name,
                    column=fk.columns[0] if fk.columns else None,
                    source=fk.source or e.source,
                    hint=f"reference the primary key of {target.table_name} or make the columns unique",
                )


def _keys_of(target: Entity, indexes: list[Index]) -> list[set[str]]:
    """The column sets a foreign key may reference: primary key, unique constraints, unique columns (and key
    columns), unique indexes that are not partial."""
    pk = target.key_columns()
    keys = [set(target.primary_key.columns)] if target.primary_key else []
    keys += [set(k.columns) for k in target.constraints if k.type == "unique"]
    keys += [{c.name} for c in target.columns if "unique" in c.constraints or c.name in pk]
    keys += [set(i.columns) for i in indexes if i.unique and not i.condition]
    return keys


@rule("SG105", "relationship-unknown-entity", "error")
def check_relationship_targets(design: Design) -> Iterator[Finding]:
    """A relationship names an entity (or a join table) that no spec defines.

    Fix: define the entity, or correct the name in the Relationships section.
    """
    index = tables(design)
    for e in entities(design):
        for r in e.relationships:
            if lookup(index, r.related_entity) is None:
                yield finding(
                    "SG105",
                    f"relationship {e.name}.{r.name} points at unknown entity '{r.related_entity}'",
                    entity=e.name,
                    source=r.source or e.source,
                )
            if r.join_table and lookup(index, r.join_table) is None:
                yield finding(
                    "SG105",
                    f"relationship {e.name}.{r.name} goes through unknown table '{r.join_table}'",
                    entity=e.name,
                    source=r.source or e.source,
                    hint="define the association table as an entity",
                )


@rule("SG106", "duplicate-name", "error")
def check_duplicates(design: Design) -> Iterator[Finding]:
    """Two entities share a table name (or a class name), one table has two columns of one name, or two
    tables have indexes of one name (MySQL names indexes per table; PostgreSQL and SQLite per schema).

    Tables are named per schema (`v1.parents` and `v2.parents` are two). Unquoted SQL names are case-blind, and
    SQLite and MySQL are case-blind even for quoted ones, so `Status` and `status` collide; where PostgreSQL is the
    only dialect, names keep their case (specgen quotes mixed-case names), so `"Foo"` and `foo` are two tables.
    Fix: rename one of them.
    """
    blind = set(design.database_schema.meta.dialects) != {"postgresql"}
    seen_index: dict[str, Location | None] = {}
    for i in design.database_schema.indexes:
        key = i.index_name.lower()
        if key in seen_index and seen_index[key] != i.source:
            yield finding(
                "SG106",
                f"index name '{i.index_name}' is used twice (first at {seen_index[key]})",
                source=i.source,
                hint="PostgreSQL and SQLite name indexes per schema: rename one",
            )
        seen_index.setdefault(key, i.source)
    seen_table: dict[str, Entity] = {}
    seen_class: dict[str, Entity] = {}
    for e in entities(design):
        table = e.table_name.lower() if blind else e.table_name
        table = f"{e.schema_name}.{table}" if e.schema_name else table
        for key, seen, what in ((table, seen_table, "table"), (e.name, seen_class, "entity")):
            first = seen.setdefault(key, e)
            if first is not e:
                yield finding(
                    "SG106",
                    f"{what} name '{key}' is used twice (first at {first.source})",
                    entity=e.name,
                    source=e.source,
                )
        lowered = {c.name.lower() for c in e.columns}
        if len(lowered) == len(e.columns):
            continue  # no two columns of one name (the common case)
        cols: dict[str, Location | None] = {}
        for c in e.columns:
            key = c.name.lower()
            if key in cols:
                yield finding(
                    "SG106",
                    f"column '{c.name}' appears twice in {e.table_name} (first at {cols[key]})",
                    entity=e.name,
                    column=c.name,
                    source=c.source,
                )
            else:
                cols[key] = c.source


# A name that SG107, SG108, SG109 and SG118 all pass: lower-case snake_case, at most 63 (ASCII) bytes, no reserved
# word. Most names are such; the four rules look only at the others.
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}\Z")


def _names(design: Design) -> list[tuple[str, str, Entity, str | None, Location | None]]:
    """(kind, name, entity, column, source) for every SQL name the design creates that one of the name rules
    may report (listed once a run)."""
    return per_run("sql names", design, _unusual_names)


def _unusual_names(design: Design) -> list[tuple[str, str, Entity, str | None, Location | None]]:
    return list(_each_unusual_name(design))


def _each_unusual_name(design: Design) -> Iterator[tuple[str, str, Entity, str | None, Location | None]]:
    plain, reserved = _PLAIN_NAME.match, PG_RESERVED
    for e in entities(design):
        if not plain(e.table_name) or e.table_name in reserved:
            yield "table", e.table_name, e, None, e.source
        for c in e.columns:
            if not plain(c.name) or c.name in reserved:
                yield "column", c.name, e, c.name, c.source
        for k in e.constraints:
            if k.name and (not plain(k.name) or k.name in reserved):
                yield "constraint", k.name, e, None, k.source
        for fk in e.foreign_keys:
            if fk.name and (not plain(fk.name) or fk.name in reserved):
                yield "constraint", fk.name, e, None, fk.source
    index = tables(design)
    for i in design.database_schema.indexes:
        if plain(i.index_name) and i.index_name not in reserved:
            continue
        owner = lookup(index, i.table_name)
        if owner is not None:
            yield "index", i.index_name, owner, None, i.source


@rule("SG107", "invalid-identifier", "error")
def check_identifiers(design: Design) -> Iterator[Finding]:
    """A table, column, index or constraint name is not a plain SQL identifier.

    Names must start with a letter or underscore and hold only letters, digits and underscores;
    anything else needs quoting in every query. (Upper-case letters are SG118.) Fix: use snake_case names.
    """
    for kind, name, e, column, source in _names(design):
        if not _IDENT.match(name):
            yield finding(
                "SG107",
                f"{kind} name '{name}' is not a valid SQL identifier",
                entity=e.name,
                column=column,
                source=source,
                hint="use letters, digits and underscores (snake_case)",
            )


@rule("SG118", "upper-case-identifier", "warning")
def check_identifier_case(design: Design) -> Iterator[Finding]:
    """A table, column, index or constraint name has upper-case letters.

    They fold to lower case in PostgreSQL unless quoted, so `OrderItems` is a different table from
    `orderitems` and every hand-written query must quote it. Fix: use snake_case names.
    """
    for kind, name, e, column, source in _names(design):
        if name != name.lower() and _IDENT.match(name):
            yield finding(
                "SG118",
                f"{kind} name '{name}' has upper-case letters; PostgreSQL needs it quoted everywhere",
                entity=e.name,
                column=column,
                source=source,
                hint=f"use '{name.lower()}'" if kind != "table" else "use a snake_case table name",
            )


@rule("SG108", "reserved-word", "warning")
def check_reserved_words(design: Design) -> Iterator[Finding]:
    """A table or column name is a reserved word in PostgreSQL (`user`, `order`, `group`, `check`…).

    It works, but every hand-written query must quote it (non-reserved words such as `name` or
    `type` are fine). Python names that break the generated code are SG112. Fix: rename it.
    """
    for kind, name, e, column, source in _names(design):
        if kind in ("table", "column") and name.lower() in PG_RESERVED:
            yield finding(
                "SG108",
                f"{kind} name '{name}' is a reserved word in PostgreSQL",
                entity=e.name,
                column=column,
                source=source,
                hint="rename it; otherwise every query must quote it",
            )


@rule("SG109", "name-too-long", "error")
def check_name_length(design: Design) -> Iterator[Finding]:
    """A name is longer than 63 bytes, PostgreSQL's identifier limit (NAMEDATALEN - 1).

    PostgreSQL silently truncates longer names, so two long names can collide and migrations
    stop matching the models. Fix: shorten the name (or give the index or constraint an explicit
    shorter name).
    """
    for kind, name, e, column, source in _names(design):
        size = len(name.encode("utf-8"))
        if size > MAX_IDENTIFIER_BYTES:
            yield finding(
                "SG109",
                f"{kind} name '{name}' is {size} bytes; PostgreSQL truncates names to {MAX_IDENTIFIER_BYTES}",
                entity=e.name,
                column=column,
                source=source,
            )


@rule("SG110", "no-primary-key", "error")
def check_primary_keys(design: Design) -> Iterator[Finding]:
    """An entity has no primary key.

    The ORM cannot map a table without one, and rows cannot be addressed or referenced. Fix: mark a
    column `pk`, declare a composite key, or let specgen add an `id` (the `primary_key` setting).
    """
    for e in entities(design):
        if e.primary_key is None or not e.primary_key.columns:
            yield finding(
                "SG110",
                f"{e.table_name} has no primary key",
                entity=e.name,
                source=e.source,
                hint="mark a column 'pk' or declare a composite primary key",
            )
        elif any(c not in columns_named(design, e) for c in e.primary_key.columns):
            missing = [c for c in e.primary_key.columns if c not in columns_named(design, e)]
            yield finding(
                "SG110",
                f"primary key of {e.table_name} names unknown column(s) {', '.join(missing)}",
                entity=e.name,
                source=e.source,
            )


@rule("SG111", "back-populates-mismatch", "error")
def check_back_populates(design: Design) -> Iterator[Finding]:
    """A relationship's `back_populates` names an attribute the related entity does not have, or
    one that points back somewhere else.

    SQLAlchemy fails at mapper configuration. Fix: name the relationship attribute on the other
    side, and make both sides name each other.
    """
    index = tables(design)
    for e in entities(design):
        for r in e.relationships:
            other = lookup(index, r.related_entity)
            if other is None or not r.back_populates:
                continue
            back = next((x for x in other.relationships if x.name == r.back_populates), None)
            if back is None:
                yield finding(
                    "SG111",
                    f"{e.name}.{r.name} back-populates {other.name}.{r.back_populates}, which does not exist",
                    entity=e.name,
                    source=r.source or e.source,
                    hint=f"add relationship '{r.back_populates}' to {other.name}",
                )
            elif back.back_populates and back.back_populates != r.name:
                yield finding(
                    "SG111",
                    f"{e.name}.{r.name} back-populates {other.name}.{back.name}, which "
                    f"back-populates '{back.back_populates}' instead",
                    entity=e.name,
                    source=r.source or e.source,
                )
