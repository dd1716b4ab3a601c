"""Index rules (SG5xx): missing FK indexes, redundant and duplicate indexes, index methods that do
not fit the column type."""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen.design.model import Design, Entity, Index
from specgen.design.serving import serving_index
from specgen.source import Location
from specgen.validate.finding import Finding, column_of, entities, finding, indexes_by_table, per_run, rule

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# GIN has default operator classes for arrays, jsonb and tsvector; text needs pg_trgm (gin_trgm_ops).
_GIN_FIT = frozenset({"array", "jsonb", "tsvector"})
# BRIN pays off on values that follow the physical row order: times, dates, growing numbers.
_BRIN_FIT = frozenset(
    {"timestamp", "timestamptz", "date", "time", "smallint", "integer", "bigint", "numeric", "real", "double", "inet"}
)


def _keys(e: Entity) -> list[tuple[str, list[str]]]:
    """(label, columns) of the primary key and unique constraints: each has its own index."""
    out: list[tuple[str, list[str]]] = []
    if e.primary_key:
        out.append(("the primary key", list(e.primary_key.columns)))
    out += [
        (f"unique constraint {k.name or '(' + ', '.join(k.columns) + ')'}", list(k.columns))
        for k in e.constraints
        if k.type == "unique" and k.columns
    ]
    out += [(f"unique column {c.name}", [c.name]) for c in e.columns if "unique" in c.constraints]
    return out


@rule("SG501", "fk-without-index", "warning")
def check_fk_indexes(design: Design) -> Iterator[Finding]:
    """A foreign-key column has no index that starts with it.

    PostgreSQL indexes the referenced key but not the referencing column, so every delete or key
    update on the parent scans the child table, and joins from the parent are slow. An index (or
    primary key, or unique constraint) whose leading columns are the foreign-key columns counts, and so
    does a hash index on exactly those columns; a partial index does not.
    Fix: add `index` to the column's constraints, or an index in the Indexes section.
    """
    by_table = indexes_by_table(design)
    for e in entities(design):
        for fk in e.foreign_keys:
            n = len(fk.columns)
            if serving_index(e, by_table.get(e.table_name, []), list(fk.columns)) is not None:
                continue
            col = e.column(fk.columns[0]) if fk.columns else None
            yield finding(
                "SG501",
                f"foreign key {e.table_name}({', '.join(fk.columns)}) has no index",
                entity=e.name,
                column=fk.columns[0] if fk.columns else None,
                source=(col.source if col else None) or fk.source or e.source,
                hint=f"add 'index' to {fk.columns[0]}'s constraints"
                if n == 1
                else f"add an index on ({', '.join(fk.columns)})",
            )


def _same_kind(a: Index, b: Index) -> bool:
    return a.index_type == b.index_type and (a.condition or "") == (b.condition or "")


@rule("SG502", "duplicate-index", "warning")
def check_duplicate_indexes(design: Design) -> Iterator[Finding]:
    """Two indexes cover the same columns in the same order, with the same method and condition.

    Every write maintains both; queries use one. Fix: drop one (keep the unique one, if either is).
    """
    owners = {e.table_name: e for e in entities(design)}
    for table, idx in indexes_by_table(design).items():
        seen: dict[tuple[object, ...], Index] = {}
        for i in idx:
            key = (tuple(i.columns), i.index_type, i.condition or "")
            first = seen.setdefault(key, i)
            if first is not i:
                drop = i if not i.unique or first.unique else first
                yield finding(
                    "SG502",
                    f"index {i.index_name} duplicates {first.index_name} on {table}({', '.join(i.columns)})",
                    entity=owners[table].name if table in owners else None,
                    source=i.source,
                    hint=f"drop {drop.index_name}",
                )


def _repeats_earlier(idx: list[Index], at: int, i: Index) -> bool:
    """An index before `i` (at position `at`) has its columns and kind. The indexes looked at end at the first
    index *equal* to `i` (`idx.index(i)`); comparing models is slow, so that bound is sought only when an earlier
    twin exists at all (it cannot lie past `at`)."""
    if not any(o.columns == i.columns and _same_kind(o, i) for o in idx[:at]):
        return False
    return any(o.columns == i.columns and _same_kind(o, i) for o in idx[: idx.index(i)])


@rule("SG503", "redundant-index", "warning")
def check_redundant_indexes(design: Design) -> Iterator[Finding]:
    """A btree index is a leading prefix of another index, of the primary key or of a unique
    constraint (or repeats one of them).

    An index on (a, b) already serves lookups on a, and the primary key and unique constraints
    come with their own index. A unique or partial index is kept: it enforces or narrows something.
    Fix: drop the redundant index.
    """
    by_table = indexes_by_table(design)
    for e in entities(design):
        idx = by_table.get(e.table_name, [])
        keys: list[tuple[str, list[str]]] | None = None
        for at, i in enumerate(idx):
            if i.unique or i.condition or i.index_type != "btree" or not i.columns:
                continue
            n = len(i.columns)
            if _repeats_earlier(idx, at, i):
                continue  # an exact duplicate: SG502 reports it
            keys = _keys(e) if keys is None else keys
            cover = next((label for label, cols in keys if cols[:n] == i.columns), None)
            if cover is None:
                cover = next(
                    (
                        f"index {o.index_name} ({', '.join(o.columns)})"
                        for o in idx
                        if o is not i and _same_kind(o, i) and len(o.columns) > n and o.columns[:n] == i.columns
                    ),
                    None,
                )
            if cover is not None:
                yield finding(
                    "SG503",
                    f"index {i.index_name} ({', '.join(i.columns)}) is covered by {cover}",
                    entity=e.name,
                    column=i.columns[0] if n == 1 else None,
                    source=i.source,
                    hint=f"drop {i.index_name}",
                )


@rule("SG504", "index-method-unfit", "warning")
def check_index_methods(design: Design) -> Iterator[Finding]:
    """A GIN or BRIN index on a column type it does not suit.

    GIN has default operator classes for arrays, jsonb and tsvector only (on json there is none: SG507);
    on text it needs pg_trgm's `gin_trgm_ops`; on scalars use btree. BRIN only helps when
    values follow the physical row order (timestamps, growing ids); on uuid, text or booleans it
    filters nothing. Fix: use btree, change the column type, or name the operator class.
    """
    return (f for f in per_run("index-methods", design, _index_methods) if f.code == "SG504")


@rule("SG507", "gin-on-json", "error")
def check_gin_on_json(design: Design) -> Iterator[Finding]:
    """A GIN index on a `json` column.

    PostgreSQL has no GIN operator class for json, so the CREATE INDEX fails. Fix: make the column
    jsonb, or index an expression.
    """
    return (f for f in per_run("index-methods", design, _index_methods) if f.code == "SG507")


def _index_methods(design: Design) -> list[Finding]:
    """The findings of SG504 and SG507 (one walk over the GIN and BRIN indexes)."""
    return list(_index_methods_walk(design))


def _index_methods_walk(design: Design) -> Iterator[Finding]:
    by_table = indexes_by_table(design)
    for e in entities(design):
        for i in by_table.get(e.table_name, []):
            if i.index_type not in ("gin", "brin"):
                continue
            for name in i.columns:
                c = column_of(design, e, name)
                if c is None:
                    continue
                t = c.database_type
                if i.index_type == "gin" and t not in _GIN_FIT:
                    why = (
                        "json has no GIN operator class (use jsonb)"
                        if t == "json"
                        else "text needs pg_trgm's gin_trgm_ops"
                        if t in ("text", "varchar", "char")
                        else f"{t} has no default GIN operator class"
                    )
                    yield finding(
                        "SG507" if t == "json" else "SG504",
                        f"GIN index {i.index_name} on {e.table_name}.{name} ({c.sql_type}): {why}",
                        entity=e.name,
                        column=name,
                        source=i.source,
                        hint="use a btree index"
                        if t not in ("json", "text", "varchar", "char")
                        else "use jsonb"
                        if t == "json"
                        else "add gin_trgm_ops, or use btree",
                    )
                elif i.index_type == "brin" and t not in _BRIN_FIT:
                    yield finding(
                        "SG504",
                        f"BRIN index {i.index_name} on {e.table_name}.{name} ({c.sql_type}): "
                        "values do not follow row order, so BRIN filters nothing",
                        entity=e.name,
                        column=name,
                        source=i.source,
                        hint="use a btree index",
                    )


@rule("SG505", "index-unknown-column", "error")
def check_index_columns(design: Design) -> Iterator[Finding]:
    """An index names a column its table does not have (or a table no spec defines).

    Fix: correct the name. Expressions (`lower(email)`) are not checked here.
    """
    by_name = {e.table_name: e for e in entities(design)}
    for i in design.database_schema.indexes:
        e = by_name.get(i.table_name)
        if e is None:
            yield finding("SG505", f"index {i.index_name} is on unknown table '{i.table_name}'", source=i.source)
            continue
        for name in i.columns:
            if _IDENT.match(name) and column_of(design, e, name) is None:
                yield finding(
                    "SG505",
                    f"index {i.index_name} names unknown column {i.table_name}.{name}",
                    entity=e.name,
                    column=name,
                    source=i.source,
                )


# PostgreSQL types without a b-tree operator class: no unique constraint, primary key or plain index on them.
NO_BTREE = frozenset({"json"})


@rule("SG506", "type-not-indexable", "error")
def check_unindexable_types(design: Design) -> Iterator[Finding]:
    """A unique constraint, primary key or b-tree/hash index covers a `json` column.

    PostgreSQL has no equality operator for `json` ("data type json has no default operator class
    for access method btree"), so the CREATE fails. Fix: use `jsonb` (which has one), index an
    expression (`(doc->>'key')`), or drop the index.
    """
    by_table = indexes_by_table(design)
    for e in entities(design):
        bad = {c.name for c in e.columns if c.database_type in NO_BTREE}
        if not bad:
            continue
        spots: list[tuple[str, list[str], Location | None]] = [
            (f"unique column {c.name}", [c.name], c.source) for c in e.columns if "unique" in c.constraints
        ]
        if e.primary_key:
            spots.append(("the primary key", list(e.primary_key.columns), e.source))
        spots += [
            (f"unique constraint on ({', '.join(k.columns)})", k.columns, k.source)
            for k in e.constraints
            if k.type == "unique"
        ]
        spots += [
            (f"index {i.index_name}", i.columns, i.source)
            for i in by_table.get(e.table_name, [])
            if i.index_type in ("btree", "hash")
        ]
        for what, cols, source in spots:
            hit = sorted(bad & set(cols))
            if hit:
                yield finding(
                    "SG506",
                    f"{what} covers {e.table_name}.{hit[0]}, a json column PostgreSQL cannot index",
                    entity=e.name,
                    column=hit[0],
                    source=source or e.source,
                    hint="use jsonb, or index an expression such as (doc->>'key')",
                )
