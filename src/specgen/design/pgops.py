"""Ops for PostgreSQL schema objects beyond tables: extensions (created before everything, dropped after) and
views (dropped before the table changes, created after them).

`pg_diff(old, new)` returns the ops by the place they take; design/diff.py places them around its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from specgen.design.derived import column_references
from specgen.design.model import Design, Entity, Extension, SqlObject, View
from specgen.design.ops import Op


@dataclass(frozen=True)
class CreateExtension(Op):
    """`table` holds the extension name."""

    kind: ClassVar[str] = "create_extension"
    in_schema: str | None = None

    def reverse(self) -> Op:
        return DropExtension(self.table, self.in_schema)

    def describe(self) -> str:
        return f"create extension {self.table}"


@dataclass(frozen=True)
class DropExtension(Op):
    kind: ClassVar[str] = "drop_extension"
    in_schema: str | None = None

    def reverse(self) -> Op:
        return CreateExtension(self.table, self.in_schema)

    def describe(self) -> str:
        return f"drop extension {self.table}"


@dataclass(frozen=True)
class CreateView(Op):
    """`table` holds the view name; `definition` its CREATE statement, `indexes` those on a materialized view."""

    kind: ClassVar[str] = "create_view"
    definition: str = ""
    materialized: bool = False
    indexes: tuple[str, ...] = ()
    search_path: str | None = None  # `SET search_path` the spec created it under, when not the default

    def reverse(self) -> Op:
        return DropView(self.table, self.definition, self.materialized, self.indexes, self.search_path)

    def describe(self) -> str:
        return f"create {'materialized ' if self.materialized else ''}view {self.table}"


@dataclass(frozen=True)
class DropView(Op):
    kind: ClassVar[str] = "drop_view"
    definition: str = ""
    materialized: bool = False
    indexes: tuple[str, ...] = ()
    search_path: str | None = None  # `SET search_path` the spec created it under, when not the default

    def reverse(self) -> Op:
        return CreateView(self.table, self.definition, self.materialized, self.indexes, self.search_path)

    def describe(self) -> str:
        return f"drop {'materialized ' if self.materialized else ''}view {self.table}"


@dataclass(frozen=True)
class CreateSqlObject(Op):
    """`table` holds the object's name; `definition` its statement as written."""

    kind: ClassVar[str] = "create_sql_object"
    what: str = ""
    definition: str = ""
    drop: str | None = None
    search_path: str | None = None

    def reverse(self) -> Op:
        return DropSqlObject(self.table, self.what, self.definition, self.drop, self.search_path)

    def describe(self) -> str:
        return f"create {self.what} {self.table}"


@dataclass(frozen=True)
class DropSqlObject(Op):
    kind: ClassVar[str] = "drop_sql_object"
    what: str = ""
    definition: str = ""
    drop: str | None = None
    search_path: str | None = None

    def reverse(self) -> Op:
        return CreateSqlObject(self.table, self.what, self.definition, self.drop, self.search_path)

    def describe(self) -> str:
        return f"drop {self.what} {self.table}"


PG_OPS = (CreateExtension, DropExtension, CreateView, DropView, CreateSqlObject, DropSqlObject)


@dataclass
class PgOps:
    first: list[Op] = field(default_factory=list)  # extensions created (then the enums, design/diff.py)
    objects_first: list[Op] = field(default_factory=list)  # functions, domains, types created, after the enums
    drop_views: list[Op] = field(default_factory=list)  # triggers and rules, then views, before any table change
    create_views: list[Op] = field(default_factory=list)  # views, then triggers and rules, after the table changes
    objects_last: list[Op] = field(default_factory=list)  # functions, domains, types dropped (then the enums)
    last: list[Op] = field(default_factory=list)  # extensions dropped


def _extensions(design: Design | None) -> dict[str, Extension]:
    return {} if design is None else {e.name: e for e in design.database_schema.extensions}


def _views(design: Design | None) -> dict[str, View]:
    return {} if design is None else {v.name: v for v in design.database_schema.views}


def _changed_tables(old: Design | None, new: Design) -> set[str]:
    if old is None:
        return set()
    before: dict[str, Entity] = {e.table_name: e for e in old.database_schema.entities}
    old_tables = set(before)
    new_tables = {e.table_name for e in new.database_schema.entities}
    out = set()
    for e in new.database_schema.entities:
        was = before.get(e.table_name)
        if was is not None and _columns(was, old_tables) != _columns(e, new_tables):
            out.add(e.table_name)
    return out


def _columns(e: Entity, tables: set[str]) -> list[object]:
    """What a view sees of a table's columns: each one as design.yaml shows it (its key words, `references`)."""
    refs = column_references(e, tables)
    keys = e.key_columns()
    return [
        (
            c.model_dump(exclude={"source"}),
            c.name in keys,
            (fk.ref_table, fk.ref_columns[0], fk.on_delete, fk.on_update) if (fk := refs.get(c.name)) else None,
        )
        for c in e.columns
    ]


def _create(v: View) -> CreateView:
    return CreateView(v.name, v.definition, v.materialized, tuple(v.indexes), v.search_path)


def pg_diff(old: Design | None, new: Design) -> PgOps:
    """Extensions and views: created, dropped, and views recreated when their SQL or what they read changes."""
    ops = PgOps()
    was, now = _extensions(old), _extensions(new)
    ops.first = [CreateExtension(n, e.in_schema) for n, e in now.items() if n not in was]
    ops.last = [DropExtension(n, e.in_schema) for n, e in reversed(was.items()) if n not in now]
    old_views, new_views = _views(old), _views(new)
    stale = _changed_tables(old, new)
    recreate: set[str] = set()
    for v in new.database_schema.views:  # dependency order: a view reading a recreated view is recreated too
        before = old_views.get(v.name)
        if before is not None and (
            before.definition != v.definition
            or before.search_path != v.search_path
            or before.indexes != v.indexes
            or any(d in stale or d in recreate for d in v.depends_on)
        ):
            recreate.add(v.name)
    gone = [v for v in (old.database_schema.views if old else []) if v.name not in new_views or v.name in recreate]
    ops.drop_views = [
        DropView(v.name, v.definition, v.materialized, tuple(v.indexes), v.search_path) for v in reversed(gone)
    ]
    ops.create_views = [_create(v) for v in new.database_schema.views if v.name not in old_views or v.name in recreate]
    _sql_objects(old, new, ops)
    return ops


def _objects(design: Design | None) -> list[SqlObject]:
    return [] if design is None else list(design.database_schema.sql_objects)


def _sql_objects(old: Design | None, new: Design, ops: PgOps) -> None:
    """Objects whose text changed are dropped and created again; by phase, around the tables and views."""
    was = {(o.definition, o.search_path) for o in _objects(old)}
    now = {(o.definition, o.search_path) for o in _objects(new)}

    def create(o: SqlObject) -> Op:
        return CreateSqlObject(o.name, o.kind, o.definition, o.drop, o.search_path)

    def drop(o: SqlObject) -> Op:
        return DropSqlObject(o.name, o.kind, o.definition, o.drop, o.search_path)

    added = [o for o in _objects(new) if (o.definition, o.search_path) not in was]
    gone = [o for o in reversed(_objects(old)) if (o.definition, o.search_path) not in now]
    # schemas first of all (an extension WITH SCHEMA, an enum, any object may be in one) and dropped last
    ops.first[:0] = [create(o) for o in added if o.kind == "schema"]
    ops.last += [drop(o) for o in gone if o.kind == "schema"]
    added = [o for o in added if o.kind != "schema"]
    gone = [o for o in gone if o.kind != "schema"]
    ops.objects_first = [create(o) for o in added if o.phase == "before"]
    ops.create_views[:0] = [create(o) for o in added if o.phase == "tables"]
    ops.create_views += [create(o) for o in added if o.phase == "after"]
    ops.drop_views += [drop(o) for o in gone if o.phase == "tables"]
    ops.drop_views[:0] = [drop(o) for o in gone if o.phase == "after"]
    ops.objects_last = [drop(o) for o in gone if o.phase == "before"]
