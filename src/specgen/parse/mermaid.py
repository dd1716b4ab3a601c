"""```mermaid erDiagram blocks: entities, attributes with PK/FK/UK markers, relationships.

`A ||--o{ B : label` gives B a many-to-one to A (and A the one-to-many back); where B's attributes
mark an FK column that names A (`a_id`), that column gets the foreign key. A many-to-many
(`}o--o{`) becomes a link table `a_b` with both keys. Other diagram kinds are skipped.
"""

from __future__ import annotations

import re

from specgen.vocab.naming import snake_case, table_name_for
from specgen.errors import info, warning
from specgen.parse import ParseOptions
from specgen.parse.ir import ColumnIR, EntityIR, ForeignKeyIR, RelationshipIR, SpecFile
from specgen.parse.markdown import Fence
from specgen.source import Location

_REL = re.compile(
    r"^\s*(?P<a>[\w\"-]+)\s+(?P<left>\|o|\|\||\}o|\}\|)(?P<line>--|\.\.)(?P<right>o\||\|\||o\{|\|\{)\s+"
    r"(?P<b>[\w\"-]+)\s*(?::\s*(?P<label>.*))?$"
)
_ENTITY_OPEN = re.compile(r"^\s*(?P<name>[\w\"-]+)\s*(?:\[\s*\"?(?P<alias>[^\]\"]*)\"?\s*\])?\s*\{\s*$")
_ATTR = re.compile(
    r"^\s*(?P<type>[\w\[\]().,-]+)\s+(?P<name>[\w-]+)(?P<keys>(?:\s+(?:PK|FK|UK)\s*,?)*)"
    r"\s*(?:\"(?P<comment>[^\"]*)\")?\s*$"
)


def read_mermaid_fence(fence: Fence, spec: SpecFile, options: ParseOptions) -> None:
    """Read an erDiagram into entities, FKs and relationships."""
    lines = fence.text.split("\n")
    first = next((ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("%%")), "")
    if not first.startswith("erDiagram"):
        spec.diagnostics.append(
            info(
                f"mermaid '{first.split()[0] if first else ''}' diagram ignored (only erDiagram is read)",
                Location(spec.path, fence.line),
            )
        )
        return
    entities: dict[str, EntityIR] = {}
    current: EntityIR | None = None
    rels: list[tuple[re.Match[str], int]] = []

    def loc(k: int) -> Location:
        return Location(spec.path, fence.line + 1 + k)

    def entity(name: str, k: int) -> EntityIR:
        name = name.strip('"')
        if name not in entities:
            entities[name] = EntityIR(loc(k), "mermaid", name=name, partial=True)
        return entities[name]

    for k, raw in enumerate(lines):
        text = raw.split("%%")[0].rstrip()
        if not text.strip() or text.strip().startswith("erDiagram") or text.strip().startswith("direction"):
            continue
        if current is not None:
            if text.strip() == "}":
                current = None
                continue
            m = _ATTR.match(text)
            if m is None:
                spec.diagnostics.append(warning(f"erDiagram attribute not understood: '{text.strip()}'", loc(k)))
                continue
            keys = {x for x in re.split(r"[\s,]+", m.group("keys") or "") if x}
            col = ColumnIR(
                m.group("name"), loc(k), type=_type(m.group("type")), type_loc=loc(k), description=m.group("comment")
            )
            col.primary_key = "PK" in keys
            col.unique = "UK" in keys
            if "FK" in keys:
                col.options_fk = True  # type: ignore[attr-defined]
            current.columns.append(col)
            current.partial = False
            continue
        m = _ENTITY_OPEN.match(text)
        if m:
            current = entity(m.group("name"), k)
            current.loc = loc(k)
            if m.group("alias"):
                current.table = snake_case(m.group("alias"))
            continue
        m = _REL.match(text)
        if m:
            entity(m.group("a"), k)
            entity(m.group("b"), k)
            rels.append((m, k))
            continue
        spec.diagnostics.append(warning(f"erDiagram line not understood: '{text.strip()}'", loc(k)))
    for m, k in rels:
        _relationship(m, loc(k), entities)
    for e in entities.values():
        for c in e.columns:
            c.__dict__.pop("options_fk", None)
        spec.entities.append(e)


def _type(text: str) -> str:
    t = text.strip().lower()
    return {
        "string": "varchar",
        "int": "integer",
        "float": "double",
        "datetime": "timestamp",
        "bool": "boolean",
        "decimal": "numeric",
        "long": "bigint",
    }.get(t, t)


def _relationship(m: re.Match[str], loc: Location, entities: dict[str, EntityIR]) -> None:
    a, b = entities[m.group("a").strip('"')], entities[m.group("b").strip('"')]
    left, right = m.group("left"), m.group("right")
    a_many, b_many = left.startswith("}"), right.endswith("{")
    label = (m.group("label") or "").strip().strip('"') or None
    if a_many and b_many:  # many-to-many: a link table between the two
        ta, tb = _table(a), _table(b)
        link_name = f"{a.name}{b.name}"
        link = entities.setdefault(link_name, EntityIR(loc, "mermaid", name=link_name, table=f"{ta}_{tb}"))
        for side in (a, b):
            col = f"{snake_case(side.name or '')}_id"
            key = _key(side)
            link.columns.append(
                ColumnIR(
                    col,
                    loc,
                    type=key.type if key else None,
                    nullable=False,
                    primary_key=True,
                    fk=ForeignKeyIR([col], _table(side), [key.name] if key else [], loc, on_delete="CASCADE"),
                )
            )
        a.relationships.append(
            RelationshipIR(
                _plural(b), b.name or "", loc, kind="many_to_many", through=link.table, back_populates=_plural(a)
            )
        )
        b.relationships.append(
            RelationshipIR(
                _plural(a), a.name or "", loc, kind="many_to_many", through=link.table, back_populates=_plural(b)
            )
        )
        return
    # The "many" side (or, for one-to-one, the right side) holds the foreign key.
    parent, child = (a, b) if not a_many else (b, a)
    kind_child = "one_to_one" if not (a_many or b_many) else "many_to_one"
    key = _key(parent)
    fk_col = next((c for c in child.columns if c.name == f"{snake_case(parent.name or '')}_id"), None)
    if fk_col is None:
        fk_col = next(
            (
                c
                for c in child.columns
                if c.name.endswith("_id") and not c.primary_key and _table(parent).startswith(c.name[:-3])
            ),
            None,
        )
    if fk_col is not None and fk_col.fk is None:
        fk_col.fk = ForeignKeyIR([fk_col.name], _table(parent), [key.name] if key else [], loc)
        if fk_col.nullable is None:
            optional = (left if not a_many else right).startswith("|o") or (left if not a_many else right).endswith(
                "o|"
            )
            fk_col.nullable = optional or None
    back = snake_case(child.name or "")
    child.relationships.append(
        RelationshipIR(
            snake_case(parent.name or ""),
            parent.name or "",
            loc,
            kind=kind_child,
            back_populates=_plural(child) if kind_child == "many_to_one" else back,
        )
    )
    parent.relationships.append(
        RelationshipIR(
            _plural(child) if kind_child == "many_to_one" else back,
            child.name or "",
            loc,
            kind="one_to_many" if kind_child == "many_to_one" else "one_to_one",
            back_populates=snake_case(parent.name or ""),
        )
    )
    del label


def _table(e: EntityIR) -> str:
    return e.table or table_name_for(e.name or "")


def _plural(e: EntityIR) -> str:
    return table_name_for(e.name or "")


def _key(e: EntityIR) -> ColumnIR | None:
    return next((c for c in e.columns if c.primary_key), None)
