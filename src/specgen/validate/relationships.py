"""Relationship keys (SG116): every relationship the models declare must be carried by exactly one foreign key.

The SQLModel target reads the same decision (design/relkeys.py) and only asserts that this rule found
nothing, so `validate` and `render` cannot disagree about a relationship.
"""

from __future__ import annotations

from collections.abc import Iterator

from specgen.design.model import Design, Entity
from specgen.design.relkeys import by_name, fks_to, has_key, link_keys, relationship_key
from specgen.source import Location
from specgen.validate.finding import Finding, entities, finding, lookup, rule, tables


def relationship_key_problems(
    design: Design, unknown: bool = False
) -> Iterator[tuple[str, Entity, Location | None, str | None]]:
    """(message, entity, source, hint) of each relationship of a mapped entity whose key cannot be told.
    `unknown`: also an entity no spec defines (SG105's finding; the renderer's precondition asks for it)."""
    names = by_name(design)
    lenient = tables(design)
    for e in entities(design):
        if not e.relationships or not has_key(e):
            continue  # an entity without a primary key is a Core table: its relationships are not rendered
        for rel in e.relationships:
            target = names.get(rel.related_entity)
            if target is None:
                near = lookup(lenient, rel.related_entity)
                if near is not None:  # wholly unknown names are SG105's
                    yield (
                        f"relationship '{rel.name}' names '{rel.related_entity}'; the entity is spelled '{near.name}'",
                        e,
                        rel.source,
                        f"write '{near.name}'",
                    )
                elif unknown:
                    yield f"relationship '{rel.name}' names unknown entity '{rel.related_entity}'", e, rel.source, None
                continue
            if not has_key(target):
                continue
            if rel.type == "many_to_many":
                link = names.get(rel.join_table or "")
                if link is None:
                    if unknown:  # SG114's finding
                        yield (
                            f"relationship '{rel.name}': join table '{rel.join_table}' is not an entity",
                            e,
                            rel.source,
                            None,
                        )
                    continue
                problem = link_keys(link, e, rel, target)
                if isinstance(problem, str):
                    yield f"relationship '{rel.name}': {problem}", e, rel.source, None
                continue
            if relationship_key(names, e, rel, target) is None:
                n = len(fks_to(e, target.table_name)) + len(fks_to(target, e.table_name))
                what = "several foreign keys link" if n > 1 else "no foreign key links"
                yield (
                    f"relationship '{rel.name}': {what} '{e.table_name}' and '{target.table_name}'",
                    e,
                    rel.source,
                    "name the key column with 'foreign_keys COLUMN'",
                )


@rule("SG116", "relationship-key-unresolved", "error")
def check_relationship_keys(design: Design) -> Iterator[Finding]:
    """No foreign key, or more than one, can carry a relationship: a many-to-one, one-to-many or
    one-to-one between tables that no key links, or that several keys link without `foreign_keys`
    naming one; a many-to-many through a link table with several keys to one side and no join columns
    (or join columns outside those keys); a related entity spelled differently from its definition.

    SQLAlchemy cannot configure the mapper, so the generated models do not import. Fix: name the key
    column (`foreign_keys author_id`), name the join columns, or spell the entity as it is defined.
    """
    for message, e, source, hint in relationship_key_problems(design):
        yield finding("SG116", message, entity=e.name, source=source or e.source, hint=hint)
