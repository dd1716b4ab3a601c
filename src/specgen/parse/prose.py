"""Relationship prose: `User 1:N Post`, `User has many Posts`, `Post belongs to User`,
`many-to-many Post ↔ Tag via post_tags`, `One user → many sessions`, and relationship tables
(`| Parent | Child | Cardinality | On Delete |`).

Each sentence becomes a `RelationshipProse` value; the design uses it for relationship kinds and
to give a child's `<parent>_id` column its foreign key, marked *inferred*.
"""

from __future__ import annotations

import re

from specgen.errors import warning
from specgen.parse.ir import Fragment, RelationshipProse
from specgen.parse.markdown import ListItem, Table
from specgen.source import Location
from specgen.vocab.terms import on_action

_W = r"`?\*{0,2}(?P<NAME>[A-Za-z_][\w.-]*)\*{0,2}`?"
_A, _B = _W.replace("NAME", "a"), _W.replace("NAME", "b")
_CARD = r"(?P<card>1\s*:\s*(?:n|m|\*|many|1)|n\s*:\s*(?:1|m|n)|m\s*:\s*n|\*\s*:\s*\*|one[\s-]to[\s-](?:many|one)|many[\s-]to[\s-](?:one|many))"
_VIA = r"(?:\s+(?:via|through|using)\s+`?(?P<via>[\w.-]+)`?)?"
_PATTERNS = [
    # many-to-many first: `many-to-many Post ↔ Tag via post_tags`, `Post ↔ Tag`
    re.compile(rf"^(?:many[\s-]to[\s-]many|m:n|n:m)\s*:?\s*{_A}\s*(?:↔|<->|<=>|and|&|-|—|/)\s*{_B}{_VIA}", re.I),
    re.compile(rf"^{_A}\s*(?:↔|<->|<=>)\s*{_B}{_VIA}", re.I),
    re.compile(rf"^{_A}\s*(?:\(\s*{_CARD}\s*\)\s*)?(?:→|->|—>|=>|–|-|—)+\s*{_B}\s*(?:\(\s*(?P<card2>[^)]*)\))?", re.I),
    re.compile(rf"^{_A}\s+{_CARD}\s+{_B}", re.I),
    re.compile(
        rf"^{_A}\s+(?P<verb>has\s+many|has\s+one|has|belongs\s+to|owns|contains|references|is\s+owned\s+by)\s+"
        rf"(?:(?:many|one|a|an|zero\s+or\s+more|multiple|several)\s+)?{_B}",
        re.I,
    ),
    re.compile(
        rf"^(?P<one>one|a|each)\s+{_A}\s*(?:→|->|has|can\s+have|—|:)\s*"
        rf"(?P<many>many|multiple|one|several|zero\s+or\s+more)\s+{_B}",
        re.I,
    ),
]


def read_relationships(items: list[ListItem], path: str, quiet: bool = False) -> Fragment:
    """The relationship sentences of a list (and, unless `quiet`, the items that are none, as skipped)."""
    found = Fragment(path)
    for it in items:
        rel = parse_sentence(it.text, Location(path, it.line))
        if rel is not None:
            found.relationship_prose.append(rel)
        elif not quiet:
            found.skipped.append_reason(Location(path, it.line), "item", "not a relationship sentence")
    return found


def parse_sentence(text: str, loc: Location) -> RelationshipProse | None:
    t = " ".join(text.replace("**", "").split())
    for i, p in enumerate(_PATTERNS):
        m = p.match(t)
        if not m:
            continue
        a, b = m.group("a"), m.group("b")
        if a.lower() == b.lower() and i != 4:
            continue
        groups = m.groupdict()
        card = (groups.get("card") or groups.get("card2") or "").lower().replace(" ", "")
        verb = (groups.get("verb") or "").lower()
        many = (groups.get("many") or "").lower()
        via = groups.get("via")
        if i < 2 or card in ("m:n", "n:m", "n:n", "*:*", "many-to-many", "manytomany"):
            return RelationshipProse(a, b, "many_to_many", loc, via=via)
        if verb.startswith("belongs") or verb.startswith("is owned") or verb == "references":
            return RelationshipProse(b, a, "one_to_many", loc)
        if card in ("n:1", "many-to-one", "manytoone"):
            return RelationshipProse(b, a, "one_to_many", loc)
        if card in ("1:1", "one-to-one", "onetoone") or verb == "has one" or many == "one":
            return RelationshipProse(a, b, "one_to_one", loc)
        if card or verb or many or i == 0:
            return RelationshipProse(a, b, "one_to_many", loc)
    return None


def read_relationship_table(t: Table, path: str) -> Fragment:
    """`| Parent | Child | Cardinality | On Delete |` (From/To, Source/Target)."""
    found = Fragment(path)
    heads = [" ".join(h.replace("*", "").replace("`", "").lower().split()) for h in t.header.cells]

    def col(*names: str) -> int | None:
        return next((i for i, h in enumerate(heads) if h in names), None)

    a, b = (
        col("parent", "from", "source", "entity a", "table a", "родитель"),
        col("child", "to", "target", "entity b", "table b", "потомок"),
    )
    card, action = col("cardinality", "type", "relationship", "kind"), col("on delete", "on_delete", "ondelete")
    if a is None or b is None:
        return found
    for row in t.rows:
        cells = row.cells + [""] * len(heads)
        pa, pb = cells[a].strip("` *"), cells[b].strip("` *")
        if not pa or not pb:
            continue
        loc = Location(path, row.line)
        text = cells[card].lower().replace(" ", "") if card is not None else ""
        kind = "one_to_many"
        parent, child = pa, pb
        if any(k in text for k in ("m:n", "n:m", "many-to-many", "n:n")):
            kind = "many_to_many"
        elif any(k in text for k in ("n:1", "many-to-one", "*:1")):
            parent, child = pb, pa
        elif any(k in text for k in ("1:1", "one-to-one")):
            kind = "one_to_one"
        written = cells[action].strip("` ").replace("_", " ") if action is not None else ""
        on_delete = on_action(written)
        if written and on_delete is None:
            found.diagnostics.append(warning(f"on delete '{written}' is not an SQL action; ignored", loc))
        found.relationship_prose.append(
            RelationshipProse(parent.split(".")[0], child.split(".")[0], kind, loc, on_delete=on_delete)
        )
    return found
