"""```mermaid erDiagram blocks: entities, attributes with PK/FK/UK markers, relationships.

`A ||--o{ B : label` gives B a many-to-one to A (and A the one-to-many back); which column of B holds
the key is worked out in `mermaid_keys` (attribute comments, names, FK markers). A many-to-many
(`}o--o{`) becomes a link table `a_b` with both keys. A fence may open with YAML front matter
(`---\\ntitle: …\\n---`). Entity names may be quoted (`"Line Item"`). The diagrams of one file are views
of one schema: an entity drawn in several of them is one entity with the union of their attributes.
Other diagram kinds are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from specgen.errors import info, warning
from specgen.parse.ir import ColumnIR, EntityIR, ForeignKeyIR, Fragment, ReadContext, RelationshipIR
from specgen.parse.markdown import Fence
from specgen.parse.mermaid_keys import (
    comment_fks,
    convention_fks,
    key_of,
    line_fks,
    relationship_fk,
    table_of,
)
from specgen.parse.options import ParseOptions
from specgen.source import Location
from specgen.vocab.naming import pascal_case, singularize, snake_case, table_name_for

_NAME = r"(?:\"[^\"]+\"|[\w-]+)"
_REL = re.compile(
    rf"^\s*(?P<a>{_NAME})\s+(?P<left>\|o|\|\||\}}o|\}}\|)\s*(?P<line>--|\.\.)\s*(?P<right>o\||\|\||o\{{|\|\{{)\s+"
    rf"(?P<b>{_NAME})\s*(?::\s*(?P<label>.*))?$"
)
_ENTITY_OPEN = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?:\[\s*\"?(?P<alias>[^\]\"]*)\"?\s*\])?\s*\{{\s*$")
_ATTR = re.compile(
    r"^\s*(?P<type>[\w\[\]().,-]+)\s+(?P<name>[\w-]+)(?P<keys>(?:\s*,?\s*\b(?:PK|FK|UK)\b)*)"
    r"\s*(?:\"(?P<comment>[^\"]*)\")?\s*$"
)
# A comment that says the column is unique (`FK "UNIQUE"`, `"unique, not null"`), in the languages of the
# documents; not `unique per tenant` (a key over several columns the diagram cannot draw).
_UNIQUE_NOTE = re.compile(
    r"(?<!not )(?<!non[- ])\b(?:unique|uniq|unico|único|unica|única|eindeutig|uniek|unikalny|unikalna|unik|"
    r"benzersiz|уникальн\w*|унікальн\w*|duy nhất)\b(?!\s+(?:per|within|with|together|in|across|for|by|pro|je|por|par)\b)"
    r"|唯一|ユニーク|一意|유니크|고유",
    re.IGNORECASE,
)
_SIZED = re.compile(r"^([a-z]+)_(\d+)(?:_(\d+))?$")  # varchar_100, decimal_10_2


def read_mermaid_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """The entities, FKs and relationships of an erDiagram; an entity an earlier diagram of the file drew is
    completed in a revised copy."""
    spec = Fragment(context.path)
    lines = fence.text.split("\n")
    start = _after_front_matter(lines)
    first = next((ln.strip() for ln in lines[start:] if ln.strip() and not ln.strip().startswith("%%")), "")
    if not first.startswith("erDiagram"):
        spec.diagnostics.append(
            info(
                f"mermaid '{first.split()[0] if first else ''}' diagram ignored (only erDiagram is read)",
                Location(spec.path, fence.line),
            )
        )
        return spec
    # The same entity in an earlier diagram of this file: this diagram adds to (its copy of) it.
    drawn_before = {e.name: i for i, e in enumerate(context.entities) if e.form == "mermaid" and e.name}

    def earlier(name: str) -> EntityIR | None:
        return spec.revise(context, drawn_before[name]) if name in drawn_before else None

    entities: dict[str, EntityIR] = {}
    marked: set[int] = set()  # ids of FK-marked columns
    current: EntityIR | None = None
    rels: list[tuple[re.Match[str], int]] = []

    def loc(k: int) -> Location:
        return Location(spec.path, fence.line + 1 + k)

    def entity(raw: str, k: int) -> EntityIR:
        name = _entity_name(raw)
        if name not in entities:
            entities[name] = earlier(name) or EntityIR(
                loc(k), "mermaid", name=name, table=table_named(raw), partial=True
            )
        return entities[name]

    for k in range(start, len(lines)):
        text = lines[k].split("%%")[0].rstrip()
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
            col = _attribute(m, loc(k), current)
            if "FK" in m.group("keys"):
                marked.add(id(col))
            continue
        m = _ENTITY_OPEN.match(text)
        if m:
            current = entity(m.group("name"), k)
            if current.partial:
                current.loc = loc(k)
            if m.group("alias"):
                if current.table in (None, table_named(m.group("name"))):
                    current.table = snake_case(m.group("alias"))
            continue
        m = _REL.match(text)
        if m:
            entity(m.group("a"), k)
            entity(m.group("b"), k)
            rels.append((m, k))
            continue
        spec.diagnostics.append(warning(f"erDiagram line not understood: '{text.strip()}'", loc(k)))
    seen = [spec.revisions.get(i) or context.entities[i] for i in drawn_before.values()]
    known = list({id(e): e for e in [*seen, *entities.values()]}.values())
    for e in entities.values():
        comment_fks(e, marked, known)
    drawn = [_relationship(m, loc(k), entities, marked, known) for m, k in rels]
    for e in entities.values():
        convention_fks(e, marked, known)
    for e in entities.values():
        _pair_with_lines(e, drawn, marked, spec)
    for line in drawn:
        _state(line, spec, entities, earlier)
    spec.entities.extend(e for name, e in entities.items() if name not in drawn_before)
    return spec


def _after_front_matter(lines: list[str]) -> int:
    """The index of the first line after a `---` … `---` front matter block (0 without one)."""
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k < len(lines) and lines[k].strip() == "---":
        end = next((j for j in range(k + 1, len(lines)) if lines[j].strip() == "---"), None)
        if end is not None:
            return end + 1
    return 0


def _entity_name(raw: str) -> str:
    """`"Line Item"` -> LineItem; plain names as written."""
    name = raw.strip().strip('"').strip()
    return name if re.fullmatch(r"[\w-]+", name) else pascal_case(name)


def table_named(raw: str) -> str | None:
    """The table an entity name states: a name written as a table is (`USERS`, `tahun_ajaran`, `ORDER_ITEM`,
    `사용자`: one case, PostgreSQL folds it to lower case), and so are the words of a quoted name
    (`"Phieu sua chua"` -> `phieu_sua_chua`); a class-like name (`LineItem`) states none, and gets the
    table every reader derives from a class name (`line_items`)."""
    name = raw.strip().strip('"').strip()
    if re.fullmatch(r"[^\W\d][\w-]*", name):
        return name.lower() if name in (name.lower(), name.upper()) else None
    words = re.findall(r"[^\W_]+", name)
    return "_".join(w.lower() for w in words) if raw.strip().startswith('"') and len(words) > 1 else None


def _attribute(m: re.Match[str], where: Location, e: EntityIR) -> ColumnIR:
    """The column of one attribute line; a repeated attribute (a second diagram) adds what it states."""
    keys = set(re.findall(r"PK|FK|UK", m.group("keys") or ""))
    comment = m.group("comment")
    col = ColumnIR(m.group("name"), where, type=_type(m.group("type")), type_loc=where, description=comment or None)
    col.primary_key = "PK" in keys
    col.unique = "UK" in keys or bool(comment and _UNIQUE_NOTE.search(comment))
    if comment and re.search(r"\bNOT\s+NULL\b", comment, re.IGNORECASE):
        col.nullable = False
    elif comment and re.search(r"\bnullable\b", comment, re.IGNORECASE):
        col.nullable = True
    have = next((c for c in e.columns if c.name == col.name), None)
    if have is None:
        e.columns.append(col)
        e.partial = False
        return col
    have.primary_key |= col.primary_key
    have.unique |= col.unique
    have.description = have.description or col.description
    have.nullable = have.nullable if have.nullable is not None else col.nullable
    return have


def _type(text: str) -> str:
    t = text.strip().lower()
    sized = _SIZED.match(t)
    if sized:
        base, n, scale = sized.groups()
        base = _type(base)
        return f"{base}({n},{scale})" if scale else f"{base}({n})"
    return {
        "string": "varchar",
        "int": "integer",
        "float": "double",
        "datetime": "timestamp",
        "bool": "boolean",
        "decimal": "numeric",
        "long": "bigint",
    }.get(t) or _written(t)


def _written(t: str) -> str:
    """Another dialect's word as the other readers map it (`longtext` -> `text`, `varchar2` -> `varchar`), else
    the word as written."""
    from specgen.vocab.written_words import WORDS

    word = WORDS.get(t)
    return word.sql if word is not None else t


@dataclass
class _Line:
    """A one-to-many or one-to-one line, its sides resolved: stated once every FK is known."""

    parent: EntityIR
    child: EntityIR
    one_to_one: bool
    loc: Location
    many_to_many: bool = False
    label: str = ""


def _relationship(
    m: re.Match[str],
    loc: Location,
    entities: dict[str, EntityIR],
    marked: set[int],
    known: list[EntityIR],
) -> _Line:
    a, b = entities[_entity_name(m.group("a"))], entities[_entity_name(m.group("b"))]
    left, right = m.group("left"), m.group("right")
    a_many, b_many = left.startswith("}"), right.endswith("{")
    label = (m.group("label") or "").strip().strip('"')
    if a_many and b_many:
        return _Line(a, b, False, loc, many_to_many=True, label=label)
    # The "many" side (or, for one-to-one, the side with the key column) holds the foreign key.
    parent, child = (a, b) if not a_many else (b, a)
    one_to_one = not (a_many or b_many)
    parent_end = left if parent is a else right
    parent, child, fk_col = relationship_fk(parent, child, one_to_one, marked, known, loc)
    if fk_col is not None and fk_col.nullable is None:
        fk_col.nullable = parent_end.startswith("|o") or parent_end.endswith("o|") or None
    return _Line(parent, child, one_to_one, loc, label=label)


def _pair_with_lines(e: EntityIR, drawn: list[_Line], marked: set[int], spec: Fragment) -> None:
    """4. FK-marked columns no name resolved, paired with the lines drawn to `e` that no column holds yet
    (the label's words, else the one entity left); each pairing is an info note."""
    lines = [(ln.parent, ln.label) for ln in drawn if ln.child is e and ln.parent is not e and not ln.many_to_many]
    for col, parent, why in line_fks(e, lines, marked):
        spec.diagnostics.append(info(f"erDiagram: {e.name}.{col.name} (FK) references {parent.name}: {why}", col.loc))


def _state(
    line: _Line, spec: Fragment, entities: dict[str, EntityIR], earlier: Callable[[str], EntityIR | None]
) -> None:
    """The relationships of a line whose FK column is known; a warning where no column holds it (the
    design would have a relationship it cannot join)."""
    parent, child, loc = line.parent, line.child, line.loc
    if line.many_to_many:
        _many_to_many(parent, child, loc, entities, earlier)
        return
    col = _fk_column(child, parent)
    if col is None and not _composite_fk(child, parent):
        spec.diagnostics.append(
            warning(
                f"relationship {parent.name} - {child.name}: no column of {child.name} holds its foreign key; "
                "the relationship is not stated",
                loc,
                hint=f"mark the column that points at {parent.name} with FK, e.g. "
                f"'int {snake_case(parent.name or '')}_id FK' in {child.name}",
            )
        )
        return
    if parent is child and col is not None:
        _self_relationship(parent, col, loc)
        return
    if _fk_count(child, parent) > 1:
        return  # several keys to one parent (a coordinator, a reviewer): the design names each by its role

    kind_child = "one_to_one" if line.one_to_one else "many_to_one"
    back = _one(child)
    _add(
        child,
        RelationshipIR(
            _one(parent),
            parent.name or "",
            loc,
            kind=kind_child,
            back_populates=_plural(child) if kind_child == "many_to_one" else back,
        ),
    )
    _add(
        parent,
        RelationshipIR(
            _plural(child) if kind_child == "many_to_one" else back,
            child.name or "",
            loc,
            kind="one_to_many" if kind_child == "many_to_one" else "one_to_one",
            back_populates=_one(parent),
        ),
    )


def _fk_column(child: EntityIR, parent: EntityIR) -> ColumnIR | None:
    names = {table_of(parent).lower(), (parent.name or "").lower()}
    return next((c for c in child.columns if c.fk is not None and c.fk.ref_table.lower() in names), None)


def _fk_count(child: EntityIR, parent: EntityIR) -> int:
    names = {table_of(parent).lower(), (parent.name or "").lower()}
    fks = [c.fk for c in child.columns if c.fk is not None] + child.foreign_keys
    return sum(fk.ref_table.lower() in names for fk in fks)


def _composite_fk(child: EntityIR, parent: EntityIR) -> bool:
    names = {table_of(parent).lower(), (parent.name or "").lower()}
    return any(fk.ref_table.lower() in names for fk in child.foreign_keys)


def _self_relationship(e: EntityIR, col: ColumnIR, loc: Location) -> None:
    """`COMMENT |o--o{ COMMENT`: parent and children through the FK column, with remote_side."""
    key = key_of(e)
    stem = col.name[:-3] if col.name.endswith("_id") else "parent"
    children = "children" if stem == "parent" else f"{stem}_children"
    _add(
        e,
        RelationshipIR(
            stem,
            e.name or "",
            loc,
            kind="many_to_one",
            back_populates=children,
            foreign_keys=[col.name],
            remote_side=[key.name] if key else [],
        ),
    )
    _add(
        e, RelationshipIR(children, e.name or "", loc, kind="one_to_many", back_populates=stem, foreign_keys=[col.name])
    )


def _many_to_many(
    a: EntityIR, b: EntityIR, loc: Location, entities: dict[str, EntityIR], earlier: Callable[[str], EntityIR | None]
) -> None:
    """A link table between the two, with both keys."""
    ta, tb = table_of(a), table_of(b)
    link_name = f"{a.name}{b.name}"
    if link_name not in entities:
        entities[link_name] = earlier(link_name) or EntityIR(loc, "mermaid", name=link_name, table=f"{ta}_{tb}")
    link = entities[link_name]
    for side in (a, b):
        col = f"{snake_case(side.name or '')}_id"
        key = key_of(side)
        if any(c.name == col for c in link.columns):
            continue  # the same link drawn again
        link.columns.append(
            ColumnIR(
                col,
                loc,
                type=key.type if key else None,
                nullable=False,
                primary_key=True,
                fk=ForeignKeyIR([col], table_of(side), [key.name] if key else [], loc, on_delete="CASCADE"),
            )
        )
    _add(
        a,
        RelationshipIR(
            _plural(b), b.name or "", loc, kind="many_to_many", through=link.table, back_populates=_plural(a)
        ),
    )
    _add(
        b,
        RelationshipIR(
            _plural(a), a.name or "", loc, kind="many_to_many", through=link.table, back_populates=_plural(b)
        ),
    )


def _add(e: EntityIR, rel: RelationshipIR) -> None:
    """A relationship drawn again (in a second diagram) is the same relationship."""
    if all(r.name != rel.name for r in e.relationships):
        e.relationships.append(rel)


def _one(e: EntityIR) -> str:
    """The attribute naming one row of `e`: `user` for USERS (a table's plural name is not one row's, and
    `users` beside a class named `users` would shadow it)."""
    return singularize(snake_case(e.name or ""))


def _plural(e: EntityIR) -> str:
    return table_name_for(e.name or "")
