"""Cascade rules (SG3xx): ON DELETE actions, ORM cascades, and the paths deletes take."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from specgen.design.model import Design, Entity, ForeignKey, Relationship
from specgen.validate.cycles import fk_edges, strongly_connected
from specgen.validate.finding import Finding, column_of, entities, finding, lookup, per_run, rule, tables

# Limit on the cascade-path search from one table (a breadth-first walk per diamond candidate).
PATH_SEARCH_LIMIT = 10_000


def _cols(fk: ForeignKey) -> str:
    return ", ".join(fk.columns)


@rule("SG301", "set-null-on-not-null", "error")
def check_set_null(design: Design) -> Iterator[Finding]:
    """ON DELETE SET NULL (or SET DEFAULT without a default) on a column that cannot take that value.

    Deleting the parent row then fails with a NOT NULL violation, so the parent can never be
    deleted while it has children. Fix: make the column nullable, or choose CASCADE or RESTRICT.
    """
    for e in entities(design):
        for fk in e.foreign_keys:
            cols = [c for n in fk.columns if (c := column_of(design, e, n)) is not None]
            if fk.on_delete == "SET NULL" and any(not c.nullable for c in cols):
                bad = [c for c in cols if not c.nullable]
                yield finding(
                    "SG301",
                    f"{e.table_name}({_cols(fk)}) is ON DELETE SET NULL but "
                    f"{', '.join(c.name for c in bad)} is NOT NULL",
                    entity=e.name,
                    column=bad[0].name,
                    source=bad[0].source or fk.source,
                    hint=f"make {bad[0].name} nullable, or use ON DELETE CASCADE / RESTRICT",
                )
            elif fk.on_delete == "SET DEFAULT":
                for c in cols:
                    if c.server_default is None and not c.nullable:
                        yield finding(
                            "SG301",
                            f"{e.table_name}({_cols(fk)}) is ON DELETE SET DEFAULT but {c.name} "
                            "has no server default and is NOT NULL",
                            entity=e.name,
                            column=c.name,
                            source=c.source or fk.source,
                            hint=f"give {c.name} a server default",
                        )


@rule("SG302", "on-delete-unstated", "warning")
def check_on_delete_stated(design: Design) -> Iterator[Finding]:
    """A foreign key does not state its ON DELETE behaviour.

    The database then uses NO ACTION: deleting a referenced row fails. The Database Modeling
    specification requires every relationship to define its cascade behaviour. Fix: write
    `on delete cascade|set null|restrict` after the `fk` (RESTRICT to keep today's behaviour on purpose).
    """
    for e in entities(design):
        for fk in e.foreign_keys:
            if fk.on_delete is None:
                col = e.column(fk.columns[0]) if fk.columns else None
                yield finding(
                    "SG302",
                    f"{e.table_name}({_cols(fk)}) -> {fk.ref_table} does not state ON DELETE",
                    entity=e.name,
                    column=fk.columns[0] if fk.columns else None,
                    source=fk.source or (col.source if col else e.source),
                    hint="add 'on delete cascade', 'on delete set null' or 'on delete restrict'",
                )


def _has(cascade: str | None, *words: str) -> bool:
    if not cascade:
        return False
    parts = {p.strip().replace("_", "-") for p in cascade.replace(";", ",").split(",")}
    if "all" in parts:
        parts |= {"save-update", "merge", "refresh-expire", "expunge", "delete"}
    return any(w in parts for w in words)


@rule("SG306", "delete-orphan-many-side", "error")
def check_delete_orphan_side(design: Design) -> Iterator[Finding]:
    """delete-orphan on the many side of a relationship (many-to-one or many-to-many).

    SQLAlchemy requires `single_parent=True` there and fails at mapper configuration otherwise, so the
    generated models do not import. Fix: move delete-orphan to the one-to-many side.
    """
    for e in entities(design):
        for r in e.relationships:
            if _has(r.cascade, "delete-orphan") and r.type in ("many_to_one", "many_to_many"):
                yield finding(
                    "SG306",
                    f"{e.name}.{r.name} is {r.type.replace('_', '-')} with delete-orphan; "
                    "SQLAlchemy requires single_parent=True",
                    entity=e.name,
                    source=r.source or e.source,
                    hint="move delete-orphan to the one-to-many side",
                )


@rule("SG303", "delete-orphan-several-parents", "warning")
def check_delete_orphan(design: Design) -> Iterator[Finding]:
    """delete-orphan on a child that several parent entities own.

    The child is deleted as soon as one of them lets go, which is rarely intended. (delete-orphan on the
    many side is SG306.) Fix: keep delete-orphan on the one owning parent, and plain `save-update, merge`
    elsewhere.
    """
    index = tables(design)
    owners: dict[str, list[tuple[Entity, Relationship]]] = {}
    for e in entities(design):
        for r in e.relationships:
            if not _has(r.cascade, "delete-orphan") or r.type in ("many_to_one", "many_to_many"):
                continue
            child = lookup(index, r.related_entity)
            if child is not None:
                owners.setdefault(child.name, []).append((e, r))
    for child_name, rels in owners.items():
        parents = {e.name for e, _ in rels}
        if len(parents) < 2:
            continue
        e, r = rels[-1]
        yield finding(
            "SG303",
            f"{child_name} is owned with delete-orphan by several parents: {', '.join(sorted(parents))}",
            entity=child_name,
            entities=sorted(parents),
            source=r.source or e.source,
            hint="keep delete-orphan on one owning parent only",
        )


def _fk_for(index: dict[str, Entity], child: Entity, parent: Entity, r: Relationship) -> ForeignKey | None:
    """The child's foreign key that a one-to-many relationship of `parent` uses, if it can tell."""
    fks = [fk for fk in child.foreign_keys if lookup(index, fk.ref_table) is parent]
    if r.foreign_key_column:
        named = [fk for fk in fks if r.foreign_key_column.rpartition(".")[2] in fk.columns]
        fks = named or fks
    if not fks:
        return None
    return fks[0] if len(fks) == 1 or r.foreign_key_column else None


@rule("SG304", "orm-cascade-contradicts-on-delete", "warning")
def check_orm_vs_database(design: Design) -> Iterator[Finding]:
    """The ORM cascade of a one-to-many relationship contradicts the foreign key's ON DELETE.

    Cases: the ORM deletes children (`cascade all`/`delete`) while the database would keep them
    (SET NULL) or refuse (RESTRICT); or the ORM does not cascade deletes and has no
    `passive_deletes`, so on a parent delete it first sets the children's foreign key to NULL,
    undoing the database's CASCADE (on a NOT NULL key that fails: SG307). Also:
    a delete cascade on a many-to-one relationship, which deletes the parent (and through the
    database, all its other children) when one child is deleted. Fix: make both say the same
    thing — `cascade all, delete-orphan` (with `passive_deletes`) for ON DELETE CASCADE, no delete
    cascade for SET NULL or RESTRICT, and never a delete cascade from child to parent.
    """
    return (f for f in per_run("orm-vs-database", design, _orm_vs_database) if f.code == "SG304")


@rule("SG307", "orm-nulls-not-null-key", "error")
def check_orm_nulls_key(design: Design) -> Iterator[Finding]:
    """A one-to-many relationship does not cascade deletes and has no `passive_deletes`, while the
    child's NOT NULL foreign key is ON DELETE CASCADE.

    On a parent delete the ORM first sets the children's key to NULL, which the NOT NULL column
    refuses: deleting a parent through the ORM fails. Fix: add `cascade all, delete-orphan` or
    `passive_deletes` to the relationship.
    """
    return (f for f in per_run("orm-vs-database", design, _orm_vs_database) if f.code == "SG307")


def _orm_vs_database(design: Design) -> list[Finding]:
    """The findings of SG304 and SG307 (one walk over the relationships)."""
    return list(_orm_vs_database_walk(design))


def _orm_vs_database_walk(design: Design) -> Iterator[Finding]:
    index = tables(design)
    for e in entities(design):
        for r in e.relationships:
            if r.type == "many_to_one" and _has(r.cascade, "delete"):
                yield finding(
                    "SG304",
                    f"{e.name}.{r.name} is many-to-one with a delete cascade: deleting a {e.name} deletes its "
                    f"{r.related_entity}",
                    entity=e.name,
                    source=r.source or e.source,
                    hint=f"put the cascade on {r.related_entity}'s one-to-many side",
                )
                continue
            if r.type not in ("one_to_many", "one_to_one") or r.join_table:
                continue
            child = lookup(index, r.related_entity)
            if child is None or child is e:
                continue
            fk = _fk_for(index, child, e, r)  # None also when the FK sits on this side (one-to-one)
            if fk is None or any(column_of(design, child, c) is None for c in fk.columns):
                continue
            deletes = _has(r.cascade, "delete")
            where = r.source or e.source
            if deletes and fk.on_delete in ("SET NULL", "SET DEFAULT", "RESTRICT"):
                yield finding(
                    "SG304",
                    f"{e.name}.{r.name} cascades deletes in the ORM but "
                    f"{child.table_name}({_cols(fk)}) is ON DELETE {fk.on_delete}",
                    entity=e.name,
                    source=where,
                    hint="drop 'delete' from the cascade, or make the foreign key ON DELETE CASCADE",
                )
            elif not deletes and not r.passive_deletes and not r.viewonly and fk.on_delete == "CASCADE":
                not_null = any((c := column_of(design, child, n)) is not None and not c.nullable for n in fk.columns)
                yield finding(
                    "SG307" if not_null else "SG304",
                    f"{e.name}.{r.name} does not cascade deletes, so the ORM sets "
                    f"{child.table_name}.{_cols(fk)} to NULL before deleting a {e.name}"
                    + (", which is NOT NULL" if not_null else ", undoing ON DELETE CASCADE"),
                    entity=e.name,
                    source=where,
                    hint="add 'cascade all, delete-orphan' or 'passive_deletes' to the relationship",
                )


def _cascade_graph(design: Design) -> dict[str, list[str]]:
    succ: dict[str, list[str]] = {}
    for child, fk, parent in fk_edges(design):
        if fk.on_delete == "CASCADE" and child is not parent:
            targets = succ.setdefault(parent.table_name, [])
            if child.table_name not in targets:
                targets.append(child.table_name)
    return succ


@rule("SG305", "cascade-paths", "warning")
def check_cascade_paths(design: Design) -> Iterator[Finding]:
    """ON DELETE CASCADE paths that loop, or that reach one table along two routes.

    A loop (a -> b -> a, all CASCADE) deletes whole rings of rows from any one delete. Two routes
    from one table to another (a -> c and a -> b -> c) delete the same rows twice over, race with
    each other's row locks, and are rejected outright by SQL Server ("multiple cascade paths").
    Two foreign keys of one association table to the same parent are not counted. Fix: make one
    route RESTRICT or SET NULL, so one parent owns each child.
    """
    succ = _cascade_graph(design)
    by_table = {e.table_name: e for e in entities(design)}
    order = [e.table_name for e in entities(design)]
    for comp in strongly_connected(order, succ):
        if len(comp) > 1:
            members = [t for t in order if t in set(comp)]
            e = by_table[members[0]]
            yield finding(
                "SG305",
                f"ON DELETE CASCADE loops through {' -> '.join(members)}",
                entity=e.name,
                entities=[by_table[t].name for t in members],
                source=e.source,
                hint="make one foreign key of the loop RESTRICT or SET NULL",
            )
    # Diamonds: a table with cascade parents p1 != p2 that share an ancestor (or one is the other's).
    preds: dict[str, list[str]] = {}
    for p, children in succ.items():
        for c in children:
            preds.setdefault(c, []).append(p)
    for target in order:
        parents = preds.get(target, [])
        if len(parents) < 2:
            continue
        seen_from: dict[str, str] = {}  # ancestor -> the parent through which it was reached
        hit: tuple[str, str, str] | None = None
        budget = PATH_SEARCH_LIMIT
        for p in parents:
            queue = deque([p])
            visited = {p}
            while queue and hit is None and budget > 0:
                v = queue.popleft()
                budget -= 1
                other = seen_from.get(v)
                if other is not None and other != p:
                    hit = (v, other, p)
                    break
                for u in preds.get(v, ()):
                    if u not in visited and u != target:
                        visited.add(u)
                        queue.append(u)
            if hit:
                break
            for v in visited:
                seen_from.setdefault(v, p)
        if hit:
            source, via1, via2 = hit
            e = by_table[target]
            yield finding(
                "SG305",
                f"deleting a {source} row reaches {target} along two ON DELETE CASCADE routes "
                f"(through {via1} and through {via2})",
                entity=e.name,
                entities=[by_table[t].name for t in dict.fromkeys((source, via1, via2, target))],
                source=e.source,
                hint=f"make {target}'s foreign key to {via2} RESTRICT or SET NULL",
            )
