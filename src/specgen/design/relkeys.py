"""Which foreign key carries a relationship: decided here, read by validate (SG116) and the SQLModel target.

A many-to-one is carried by a key of its own table, a one-to-many by a key of the related table, a
one-to-one by either; `foreign_keys` (`Post.author_id`, or a bare column of the holder) narrows the
candidates. A many-to-many through a link table with several keys to one side needs its join columns
named, and each join column must belong to such a key. Lookups are by exact entity or table name, as the
generated code names them.
"""

from __future__ import annotations

from specgen.design.model import Design, Entity, ForeignKey, Relationship


def by_name(design: Design) -> dict[str, Entity]:
    """Entities by entity name and by table name (exact spelling, the first definition wins)."""
    out: dict[str, Entity] = {}
    for e in design.database_schema.entities:
        out.setdefault(e.name, e)
        out.setdefault(e.table_name, e)
    return out


def has_key(e: Entity) -> bool:
    """Entities without a primary key become Core tables (no mapper): relationships skip them."""
    return bool(e.key_columns())


def fks_to(holder: Entity, ref_table: str) -> list[ForeignKey]:
    """The foreign keys of `holder` that reference `ref_table`."""
    return [fk for fk in holder.foreign_keys if fk.ref_table == ref_table]


def _tokens(names: dict[str, Entity], rel: Relationship, default_table: str) -> list[tuple[str, str]]:
    out = []
    given = list(rel.foreign_keys) or ([rel.foreign_key_column] if rel.foreign_key_column else [])
    for token in given:
        head, _, col = token.rpartition(".")
        table = names[head].table_name if head in names else default_table
        out.append((table, col))
    return out


def relationship_key(
    names: dict[str, Entity], e: Entity, rel: Relationship, target: Entity
) -> tuple[Entity, ForeignKey] | None:
    """The entity that holds the foreign key of a non-many-to-many `rel`, and that key; None when no key or
    several keys fit."""
    if rel.type == "many_to_one":
        sides = [(e, target)]
    elif rel.type == "one_to_many":
        sides = [(target, e)]
    else:
        sides = [(e, target), (target, e)] if e is not target else [(e, target)]
    for holder, ref in sides:
        cands = fks_to(holder, ref.table_name)
        toks = _tokens(names, rel, holder.table_name)
        if toks:
            cands = [fk for fk in cands if any(t == holder.table_name and c in fk.columns for t, c in toks)]
        if len(cands) == 1:
            return holder, cands[0]
    return None


def link_keys(link: Entity, e: Entity, rel: Relationship, target: Entity) -> tuple[ForeignKey, ForeignKey] | str | None:
    """For a many-to-many through `link`: None when SQLAlchemy works the join out alone (one key to each
    side); the (left, right) keys of the named join columns when several keys of `link` point at one side;
    otherwise what is wrong, as a message."""
    left_fks, right_fks = fks_to(link, e.table_name), fks_to(link, target.table_name)
    if len(left_fks) <= 1 and len(right_fks) <= 1:
        return None
    if not rel.join_table_columns:
        return f"several keys of '{link.table_name}' point at the same table; name the join columns"
    jc = rel.join_table_columns[0]  # the design gives each side of a self-referential pair its own order
    left = next((fk for fk in left_fks if jc.entity_column in fk.columns), None)
    right = next((fk for fk in right_fks if jc.related_column in fk.columns), None)
    if left is None or right is None:
        return f"no foreign key of '{link.table_name}' on the join columns"
    return left, right
