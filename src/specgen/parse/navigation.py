"""Fields typed as another entity in conventional Markdown (`- team: Team`, `- members: LeagueMember[]`,
`- profile: PlayerProfile?`, `- orders: List<Order>`), read once the document's entities are known.

A field whose type is a list of an entity is the other side of that entity's foreign key: a relationship,
not a column (the design finds it from the key). A field typed as one entity is a navigation field when the
entity already holds the key (`teamId` beside `team: Team`) or the other entity points back (a one-to-one's
inverse side); otherwise it is the foreign key itself, named as written (`team` -> Team, as Django and
SQLAlchemy fields are). A list of a capitalised name that is no entity, no enum and no type (`rewards:
Reward[]`) is a relationship too where the same entity lists other relationships that way.
"""

from __future__ import annotations

import re

from specgen.errors import info
from specgen.parse.ir import ColumnIR, EntityIR, ForeignKeyIR, Fragment
from specgen.vocab.naming import singularize, snake_case
from specgen.vocab.written import read_type

# `Reward[]`, `List<Reward>`, `Reward?`: the name a collection or an optional of an unknown type carries.
_COLLECTION = re.compile(
    r"^(?:(?P<name>[A-Z][A-Za-z0-9_]*)\s*\[\]|(?:List|Set|Array|Collection|ICollection|IList|IEnumerable|Iterable|"
    r"Seq|Vec|Sequence)\s*<\s*(?P<inner>[A-Z][A-Za-z0-9_]*)\s*>)"
)


def _key(name: str) -> str:
    return singularize(snake_case(name.rsplit(".", 1)[-1]))


def read_navigation(out: Fragment, entities: list[EntityIR]) -> None:
    """Settle the fields of the fragment's own entities whose type names an entity (see the module text)."""
    names = sorted({n for e in entities for n in (e.name, e.table) if n})
    by_key = {_key(n): e for e in entities for n in (e.name, e.table) if n}
    for e in out.entities:
        if e.form not in ("markdown", "overview"):
            continue
        typed = [(c, read_type(c.unmapped_type, names)) for c in e.columns if c.unmapped_type]
        if not any(wt.reference for _, wt in typed):
            continue
        drop: list[ColumnIR] = []
        for c, wt in typed:
            target = by_key.get(_key(wt.reference)) if wt.reference else None
            if wt.reference and (wt.array or _navigates(e, c, target)):
                drop.append(c)
                _say(out, c, f"a relationship to {wt.reference}, not a column")
            elif wt.reference:
                c.fk = ForeignKeyIR([c.name], wt.reference, [], c.loc, ref_is_entity=True)
                c.type, c.unmapped_type, c.type_from_reference, c.fk_marked = None, None, True, True
                c.words.append(f"references {wt.reference}")
                _quiet(out, c)
            elif (m := _COLLECTION.match(c.unmapped_type or "")) and not wt.sql:
                drop.append(c)
                _say(out, c, f"a relationship to {m.group('name') or m.group('inner')}, which is not defined here")
        e.columns = [c for c in e.columns if all(c is not d for d in drop)]


def _navigates(e: EntityIR, c: ColumnIR, target: EntityIR | None) -> bool:
    """`team: Team` beside a key to Team (`teamId`, or any column marked as referencing Team), or where Team
    points back at this entity (the inverse side of a one-to-one)."""
    stem = snake_case(c.name)
    if any(snake_case(o.name) in (stem + "_id", stem + "_key") for o in e.columns if o is not c):
        return True
    if target is None:
        return False
    here = {_key(n) for n in (e.name, e.table) if n}
    there = {_key(n) for n in (target.name, target.table) if n}
    mine = [o.fk for o in e.columns if o.fk is not None and o is not c] + e.foreign_keys
    theirs = [o.fk for o in target.columns if o.fk is not None] + target.foreign_keys
    return any(_key(fk.ref_table) in there for fk in mine) or any(_key(fk.ref_table) in here for fk in theirs)


def _say(out: Fragment, c: ColumnIR, what: str) -> None:
    _quiet(out, c)
    out.diagnostics.append(info(f"field '{c.name}' ({c.unmapped_type}) is {what}", c.loc, code="SG900"))


def _quiet(out: Fragment, c: ColumnIR) -> None:
    """Withdraw the unknown-type warning the field had while its type was not yet known as an entity."""
    out.diagnostics = [
        d for d in out.diagnostics if not (d.code == "SG901" and d.loc == c.loc and f"'{c.name}'" in d.message)
    ]
