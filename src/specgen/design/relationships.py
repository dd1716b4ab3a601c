"""Relationships: the ones specs state, completed from foreign keys, and the ones FKs imply.

Every foreign key A -> B gets a many-to-one on A and a one-to-many back on B (one-to-one when the
FK columns are unique) unless the spec already states them; join tables of a stated many-to-many
are left alone, their rows are reached through the many-to-many.
"""

from __future__ import annotations

from typing import Literal, cast

from specgen.design.model import Entity, ForeignKey, JoinTableColumn, Relationship, RelationshipType
from specgen.parse.ir import RelationshipIR
from specgen.vocab.naming import attribute_safe, pluralize, role_participle, singularize, snake_case


def _fk_attr(fk: ForeignKey, target: Entity) -> str:
    col = fk.columns[0]
    for suffix in ("_id", "_uuid", "_key", "Id", "ID"):
        if col.endswith(suffix) and len(col) > len(suffix):
            return snake_case(col[: -len(suffix)])
    return singularize(snake_case(target.name))  # one row: `user` for an entity named `users` (its class name)


def _back_name(child: Entity, parent: Entity, fk: ForeignKey, by_role: bool) -> str:
    """The parent's list of children: `tasks`; by the FK's role where several keys (or the table itself) point
    at the parent — `created_tasks`/`assigned_tasks` for `creator_id`/`assignee_id`, `children` for
    `parent_id`, `child_versions` for `parent_version_id`, else `<role>_<children>` (`session_a_conflicts`)."""
    plural = (
        child.table_name if child.table_name != singularize(child.table_name) else pluralize(snake_case(child.name))
    )
    if not by_role:
        return plural
    role = _fk_attr(fk, parent)
    if role == "parent":
        return "children"
    if role.startswith("parent_"):
        return "child_" + pluralize(role[len("parent_") :])
    if role == snake_case(parent.name) and child is not parent:  # tasks.user_id beside tasks.reviewer_id
        return plural
    participle = role_participle(role)
    return f"{participle}_{plural}" if participle else f"{role}_{plural}"


def _passive_deletes(fk: ForeignKey) -> bool | Literal["all"] | None:
    """What the parent's side leaves to the database on delete: CASCADE and SET NULL rows are the database's
    to change (True: the ORM does not load them); RESTRICT and NO ACTION must refuse the delete, so the ORM
    must not set the children's key to NULL first either ('all')."""
    if fk.on_delete in ("CASCADE", "SET NULL"):
        return True
    if fk.on_delete in ("RESTRICT", "NO ACTION"):
        return "all"
    return None


def _free(entity: Entity, wanted: str, also: str = "") -> str:
    """`wanted`, or a variant no column or relationship of the entity has (nor `also`, a name about to be added)."""
    wanted = attribute_safe(wanted)
    taken = {c.name for c in entity.columns} | {c.python_name for c in entity.columns}
    taken |= {r.name for r in entity.relationships}
    if also:
        taken.add(also)
    name = wanted
    if name in taken:
        name = wanted + "_ref"
    n = 2
    while name in taken:
        name = f"{wanted}_{n}"
        n += 1
    return name


def _unique_fk(entity: Entity, fk: ForeignKey) -> bool:
    cols = set(fk.columns)
    if entity.primary_key and set(entity.primary_key.columns) == cols:
        return True
    if len(cols) == 1:
        c = entity.column(fk.columns[0])
        if c is not None and "unique" in c.constraints:
            return True
    return any(k.type == "unique" and set(k.columns) == cols for k in entity.constraints)


def explicit(entity: Entity, rels: list[RelationshipIR], by_key: dict[str, Entity]) -> None:
    """Turn stated relationships into design relationships, filling what the FKs tell."""
    for r in rels:
        target = by_key.get(r.target) or by_key.get(r.target.lower())
        target_name = target.name if target else r.target
        kind = cast(RelationshipType, r.kind or _guess_kind(entity, r, target))  # readers write one of the four
        join_table = join_columns = fk_column = None
        if kind == "many_to_many" and r.through:
            join = by_key.get(r.through) or by_key.get(r.through.lower())
            join_table = join.table_name if join else r.through
            if join is not None:
                join_columns = _join_columns(join, entity, target)
                partner = _self_partner(entity, r.name, r.back_populates, target_name, join_table)
                if partner is not None and partner.join_table_columns == join_columns:
                    # followers/following: the second side walks the join table the other way round.
                    join_columns = [
                        JoinTableColumn(entity_column=c.related_column, related_column=c.entity_column)
                        for c in partner.join_table_columns
                    ]
        elif target is not None:
            fk = _matching_fk(entity, target, kind, r.foreign_keys)
            if fk is not None:
                fk_column = fk.columns[0]
        entity.relationships.append(
            Relationship(
                name=attribute_safe(r.name),  # Django's `case = models.ForeignKey(...)`: `case_` in the models
                type=kind,
                related_entity=target_name,
                foreign_key_column=fk_column,
                back_populates=attribute_safe(r.back_populates) if r.back_populates else None,
                cascade=r.cascade,
                lazy=r.lazy or "select",
                join_table=join_table,
                join_table_columns=join_columns or [],
                foreign_keys=list(r.foreign_keys),
                remote_side=list(r.remote_side),
                uselist=r.uselist,
                order_by=r.order_by,
                passive_deletes=r.passive_deletes,
                viewonly=r.viewonly,
                source=r.loc,
            )
        )


def _self_partner(
    entity: Entity, name: str, back_populates: str | None, related: str, join_table: str
) -> Relationship | None:
    """The stated other side of a self-referential many-to-many through the same join table."""
    if related != entity.name:
        return None
    return next(
        (
            r
            for r in entity.relationships
            if r.type == "many_to_many"
            and r.join_table == join_table
            and (r.name == back_populates or r.back_populates == name)
        ),
        None,
    )


def _guess_kind(entity: Entity, r: RelationshipIR, target: Entity | None) -> str:
    if r.through:
        return "many_to_many"
    if target is not None and any(fk.ref_table == target.table_name for fk in entity.foreign_keys):
        if target.table_name != entity.table_name or r.remote_side:
            return "one_to_one" if r.uselist is False and _owns_unique(entity, target) else "many_to_one"
    return "one_to_one" if r.uselist is False else "one_to_many"


def _owns_unique(entity: Entity, target: Entity) -> bool:
    return any(fk.ref_table == target.table_name and _unique_fk(entity, fk) for fk in entity.foreign_keys)


def _join_columns(join: Entity, entity: Entity, target: Entity | None) -> list[JoinTableColumn]:
    mine = next((fk for fk in join.foreign_keys if fk.ref_table == entity.table_name), None)
    theirs = None
    if target is not None:
        theirs = next((fk for fk in join.foreign_keys if fk.ref_table == target.table_name and fk is not mine), None)
    if mine is None:
        return []
    related = (
        theirs.columns[0]
        if theirs
        else next((c.name for c in join.columns if c.name not in mine.columns and c.name in join.key_columns()), "")
    )
    return [JoinTableColumn(entity_column=mine.columns[0], related_column=related)] if related else []


def _matching_fk(entity: Entity, target: Entity, kind: str, named: list[str]) -> ForeignKey | None:
    """The FK a stated relationship uses: on this entity (many-to-one) or on the target (one-to-many)."""
    owner, ref = (entity, target) if kind == "many_to_one" else (target, entity)
    fks = [fk for fk in owner.foreign_keys if fk.ref_table == ref.table_name]
    if named:
        wanted = {n.rpartition(".")[2] for n in named}
        fks = [fk for fk in fks if set(fk.columns) & wanted] or fks
    if kind == "one_to_one" and not fks:
        fks = [fk for fk in entity.foreign_keys if fk.ref_table == target.table_name]
    return fks[0] if fks and (len(fks) == 1 or named) else None


def infer(entities: list[Entity], by_key: dict[str, Entity]) -> None:
    """Add the relationships every foreign key implies, on both sides, where the spec states none."""
    join_tables = {r.join_table for e in entities for r in e.relationships if r.type == "many_to_many" and r.join_table}
    for entity in entities:
        for n in range(len(entity.relationships)):  # the stated ones (inferred ones go to other entities)
            rel = entity.relationships[n]
            if rel.type == "many_to_many" and rel.join_table:
                _infer_reverse_m2m(entity, rel, by_key)
    for child in entities:
        if child.table_name in join_tables:
            continue
        for fk in child.foreign_keys:
            parent = by_key.get(fk.ref_table)
            if parent is None:
                continue
            _infer_pair(child, parent, fk)


def _covers(rel: Relationship, other: Entity, fk: ForeignKey, kinds: tuple[str, ...], owner: Entity) -> bool:
    if rel.related_entity != other.name or rel.type not in kinds:
        return False
    if rel.foreign_key_column:
        return rel.foreign_key_column == fk.columns[0]
    if rel.foreign_keys:
        return any(n.rpartition(".")[2] in fk.columns for n in rel.foreign_keys)
    return sum(1 for f in owner.foreign_keys if f.ref_table == fk.ref_table) == 1


def _infer_pair(child: Entity, parent: Entity, fk: ForeignKey) -> None:
    self_ref = child is parent
    one_to_one = _unique_fk(child, fk) and not self_ref
    down = next(
        (
            r
            for r in child.relationships
            if _covers(r, parent, fk, ("many_to_one", "one_to_one"), child)
            and (not self_ref or r.remote_side or r.type == "many_to_one")
        ),
        None,
    )
    up = next(
        (
            r
            for r in parent.relationships
            if r is not down
            and _covers(r, child, fk, ("one_to_many", "one_to_one"), child)
            and (not self_ref or not r.remote_side)
        ),
        None,
    )
    several = sum(1 for f in child.foreign_keys if f.ref_table == fk.ref_table) > 1
    pk = parent.primary_key.columns if parent.primary_key else ["id"]
    # What both inferred sides say about the FK they stand on.
    shared = {
        "foreign_key_column": fk.columns[0],
        "inferred": True,
        "source": fk.source,
        "foreign_keys": [f"{child.table_name}.{fk.columns[0]}"] if several or self_ref else [],
    }
    down_name = up_name = ""
    if down is None:
        base = up.back_populates if up and up.back_populates else _fk_attr(fk, parent)
        down_name = _free(child, base)
    if up is None:
        if down is not None and down.back_populates and not down.inferred:
            base = down.back_populates
        elif one_to_one:
            base = snake_case(child.name)
        else:
            base = _back_name(child, parent, fk, several or self_ref)
        up_name = _free(parent, base, also=down_name if self_ref else "")
    # each side names the other: a new side is made with the other's name, a stated one is completed (a copy)
    if down is None:
        down = Relationship(
            name=down_name,
            type="one_to_one" if one_to_one else "many_to_one",
            related_entity=parent.name,
            back_populates=up.name if up is not None else up_name,
            remote_side=list(pk) if self_ref else [],
            **shared,  # type: ignore[arg-type]
        )
        child.relationships.append(down)
    else:
        down = _completed(child, down, fk.columns[0], up.name if up is not None else up_name)
    if up is None:
        up = Relationship(
            name=up_name,
            type="one_to_one" if one_to_one else "one_to_many",
            related_entity=child.name,
            back_populates=down.name,
            **shared,  # type: ignore[arg-type]
            uselist=False if one_to_one else None,
            passive_deletes=_passive_deletes(fk),
        )
        parent.relationships.append(up)
    else:
        _completed(parent, up, fk.columns[0], down.name)


def _completed(owner: Entity, rel: Relationship, fk_column: str, other: str) -> Relationship:
    """`rel` with its FK column and the other side's name filled where it states none: a copy in its place in
    the owner's relationships (the builder's list, while the design is being built), or itself."""
    update: dict[str, object] = {}
    if not rel.foreign_key_column:
        update["foreign_key_column"] = fk_column
    if rel.back_populates is None:
        update["back_populates"] = other
    if not update:
        return rel
    return _replace(owner, rel, rel.model_copy(update=update))


def _replace(owner: Entity, old: Relationship, new: Relationship) -> Relationship:
    rels = owner.relationships
    rels[next(n for n, r in enumerate(rels) if r is old)] = new
    return new


def _infer_reverse_m2m(entity: Entity, rel: Relationship, by_key: dict[str, Entity]) -> None:
    """A stated many-to-many gets its other side, through the same join table."""
    target = by_key.get(rel.related_entity)
    if target is None or target is entity:
        return
    other = next(
        (
            r
            for r in target.relationships
            if r.type == "many_to_many" and r.join_table == rel.join_table and r.related_entity == entity.name
        ),
        None,
    )
    if other is None:
        join = by_key.get(rel.join_table or "")
        other = Relationship(
            name=_free(target, rel.back_populates or pluralize(snake_case(entity.name))),
            type="many_to_many",
            related_entity=entity.name,
            join_table=rel.join_table,
            back_populates=rel.name,
            lazy=rel.lazy,
            join_table_columns=[
                JoinTableColumn(entity_column=c.related_column, related_column=c.entity_column)
                for c in rel.join_table_columns
            ]
            if join
            else [],
            inferred=True,
            source=rel.source,
        )
        target.relationships.append(other)
    elif other.back_populates is None:
        other = _replace(target, other, other.model_copy(update={"back_populates": rel.name}))
    if rel.back_populates is None:
        _replace(entity, rel, rel.model_copy(update={"back_populates": other.name}))
