"""Foreign keys a document implies but does not spell out.

- A column marked as a reference without a target (`FK`, `FOREIGN KEY`, `UUID (FK)`) references the
  entity its name names (`user_id` → users, `hotelId` → Hotel).
- Relationship prose (`User 1:N Post`, `Post belongs to User`, a Parent/Child table) gives the
  child's column that names the parent (`user_id`, `userId`, `author_id` is not guessed) its
  foreign key; a many-to-many `via` table gets one to each side. These are marked `inferred`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen.design.merge import Merged
from specgen.design.model import Entity
from specgen.design.resolve import resolve
from specgen.parse.ir import ForeignKeyIR, RelationshipProse
from specgen.vocab.naming import singularize, snake_case

_SUFFIX = re.compile(r"(?:_id|_uuid|_key|_code|_fk|id|uuid)$", re.I)


def infer_foreign_keys(
    stated: list[tuple[Entity, Merged]], prose: list[RelationshipProse], by_key: dict[str, Entity]
) -> Iterator[tuple[Entity, ForeignKeyIR]]:
    """(entity, foreign key) pairs to add, in document order."""
    for entity, m in stated:
        for c in m.entity.columns:
            if not c.fk_marked and not (c.type is None and c.written_type):
                continue  # nothing to infer a reference from
            if c.fk is not None or _has_fk(entity, c.name):
                continue
            if c.fk_marked:
                target = _target_of(c.name, by_key, entity)
                if target is not None:
                    yield entity, ForeignKeyIR([c.name], target.table_name, [], c.loc)
            elif c.type is None and c.written_type:
                # A type that names an entity (`| author | User |`) is a reference to it.
                target = resolve(by_key, c.written_type.strip("`?[]* "))
                if target is not None:
                    yield entity, ForeignKeyIR([c.name], target.table_name, [], c.loc)
    for rel in prose:
        parent, child = resolve(by_key, rel.parent), resolve(by_key, rel.child)
        if rel.kind == "many_to_many":
            link = resolve(by_key, rel.via) if rel.via else None
            for side in (parent, child) if link else ():
                if side is not None and link is not None:
                    yield from _inferred(link, side, rel)
            continue
        if parent is None or child is None:
            continue
        yield from _inferred(child, parent, rel)


def _inferred(child: Entity, parent: Entity, rel: RelationshipProse) -> Iterator[tuple[Entity, ForeignKeyIR]]:
    names = {_norm(f"{stem}id") for stem in _stems(parent)}
    for c in child.columns:
        if _norm(c.name) in names and not _has_fk(child, c.name) and c.name not in child.key_columns():
            yield child, ForeignKeyIR([c.name], parent.table_name, [], rel.loc, on_delete=rel.on_delete, inferred=True)
            return


def _stems(e: Entity) -> set[str]:
    table = e.table_name.rpartition(".")[2]
    return {snake_case(e.name), table, singularize(table), singularize(snake_case(e.name))}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _has_fk(e: Entity, column: str) -> bool:
    return any(column in fk.columns for fk in e.foreign_keys)


def _target_of(column: str, by_key: dict[str, Entity], own: Entity) -> Entity | None:
    stem = _SUFFIX.sub("", column).rstrip("_-") or column
    for candidate in (stem, snake_case(stem)):
        hit = resolve(by_key, candidate)
        if hit is not None and (hit is not own or column.lower().startswith("parent")):
            return hit
    if stem.lower().startswith("parent"):
        return own
    return None
