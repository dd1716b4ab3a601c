"""`render --target mermaid`: a Mermaid erDiagram of the design, built so that Mermaid's own parser accepts it.

The context builder works out names, key markers and edges; the template only prints them.
Mermaid's grammar is narrower than SQL's: some words cannot name an entity (`end`, `style`, …), `PK`/`FK`/`UK`
cannot name an attribute, comments cannot hold `"`, and a type is one word. `_entity_name`, `_attr_name`,
`_type` and `_comment` map every design name onto that grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.design.model import Design, Entity

# Words Mermaid's erDiagram lexer reads as keywords where an entity name is expected.
_ENTITY_KEYWORDS = frozenset(
    {
        "end",
        "style",
        "classdef",
        "class",
        "direction",
        "title",
        "acctitle",
        "accdescr",
        "erdiagram",
        "default",
    }
)
_ATTR_KEYWORDS = frozenset({"pk", "fk", "uk"})
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Attribute:
    type: str
    name: str
    keys: str  # "PK, FK" or ""
    comment: str  # already sanitized, without quotes; "" for none


@dataclass(frozen=True)
class Box:
    name: str
    attributes: list[Attribute] = field(default_factory=list)


@dataclass(frozen=True)
class Edge:
    left: str
    cardinality: str  # e.g. "||--o{"
    right: str
    label: str


def _entity_name(name: str) -> str:
    if _WORD.match(name) and name.lower() not in _ENTITY_KEYWORDS:
        return name
    return '"' + _comment(name) + '"'


def _attr_name(name: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9_\-]", "_", name)
    if not clean or not (clean[0].isalpha() or clean[0] == "_"):
        clean = "_" + clean
    if clean.lower() in _ATTR_KEYWORDS:
        clean += "_"
    return clean


def _type(sql_type: str) -> str:
    """One Mermaid word: letters, digits, `_`, `-`, `()`, `[]` and `,` survive; spaces do not."""
    text = re.sub(r"\s*,\s*", ",", sql_type.strip())
    text = re.sub(r"[^A-Za-z0-9_\-()\[\],]", "_", text)
    if not text or not text[0].isalpha():
        text = "t_" + text
    return text


def _comment(text: str | None) -> str:
    if not text:
        return ""
    one_line = " ".join(text.split())
    # Mermaid renders labels as HTML: a tag in a description must stay text.
    one_line = re.sub(r"<(?=[A-Za-z/!?])", "‹", one_line)
    return one_line.replace('"', "'")


def _unique_columns(entity: Entity, design: Design) -> set[str]:
    out = {c.name for c in entity.columns if "unique" in c.constraints}
    for k in entity.constraints:
        if k.type == "unique" and len(k.columns) == 1:
            out.add(k.columns[0])
    for ix in design.database_schema.indexes_of(entity.table_name):
        if ix.unique and len(ix.columns) == 1 and ix.condition is None:
            out.add(ix.columns[0])
    return out


def foreign_keys(entity: Entity) -> list[tuple[list[str], str, list[str], str | None]]:
    """Every FK of an entity as (columns, ref_table, ref_columns, on_delete)."""
    return [(list(fk.columns), fk.ref_table, list(fk.ref_columns), fk.on_delete) for fk in entity.foreign_keys]


def erd_context(design: Design, entities: list[Entity] | None = None) -> dict[str, Any]:
    """Boxes and edges of the diagram, sorted so that the same design gives the same text."""
    schema = design.database_schema
    chosen = entities if entities is not None else schema.entities
    names = {e.table_name: e.name for e in schema.entities}
    boxes: list[Box] = []
    edges: list[Edge] = []
    for entity in sorted(chosen, key=lambda e: e.name):
        pk = set(entity.primary_key.columns) if entity.primary_key else set()
        fks = foreign_keys(entity)
        fk_cols = {c for cols, *_ in fks for c in cols}
        uk = _unique_columns(entity, design)
        attrs = []
        for c in entity.columns:
            keys = [k for k, on in (("PK", c.name in pk), ("FK", c.name in fk_cols), ("UK", c.name in uk)) if on]
            attrs.append(Attribute(_type(c.sql_type), _attr_name(c.name), ", ".join(keys), _comment(c.description)))
        boxes.append(Box(_entity_name(entity.name), attrs))
        for cols, ref_table, _ref_cols, on_delete in fks:
            parent = names.get(ref_table) or next(
                (e.name for e in schema.entities if e.table_name.lower() == ref_table.lower()), None
            )
            if parent is None:
                continue  # an unknown table: the validator reports it
            required = all(not (entity.column(c) and entity.column(c).nullable) for c in cols)  # type: ignore[union-attr]
            one = (
                (set(cols) == pk)
                or (len(cols) == 1 and cols[0] in uk)
                or any(k.type == "unique" and set(k.columns) == set(cols) for k in entity.constraints)
            )
            left = "||" if required else "|o"
            right = "o|" if one else "o{"
            line = "--" if set(cols) <= pk else ".."  # identifying: the FK is part of the child's key
            label = ", ".join(cols) + (f" (on delete {on_delete.lower()})" if on_delete else "")
            edges.append(Edge(_entity_name(parent), f"{left}{line}{right}", _entity_name(entity.name), _comment(label)))
    edges.sort(key=lambda e: (e.left, e.right, e.label))
    return {"boxes": boxes, "edges": edges}


def erd_text(design: Design, entities: list[Entity] | None = None, env: Any = None) -> str:
    """The erDiagram source (without a Markdown fence)."""
    env = env or _environment(None)
    return env.get_template("mermaid/erd.mmd.j2").render(**erd_context(design, entities))


def render_mermaid(design: Design, settings: Any, out_dir: Path, **options: Any) -> dict[Path, str]:
    """Write `er.mmd` under out_dir."""
    env = _environment(settings)
    return {Path(out_dir) / "er.mmd": erd_text(design, env=env)}


def _environment(settings: Any) -> Any:
    from specgen.render.env import environment

    return environment(settings)
