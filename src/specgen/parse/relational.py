"""Relational schemas written as one line per table, as the logical models of the Merise method and database
courses write them: `Loan(#id: integer, date: date, member=>Member, #copy=>Copy)`.

A line is a table name, optionally bold or code, then its attributes in parentheses (the parentheses may be
italic: `**Book** *(#code=>Resource, title:string)*`). Each attribute is `name` or `name: type`, marked as a key
by a leading `#` (or by bold or underline, `__id__`), as a reference by `=>Table`, `->Table` or `→Table`
(`Table.col`, `Table(col)`), or by a leading `#`-less italic (`_owner_id_`, a foreign key of unnamed target). Types
are words in any language (`chaîne`, `entier`) or value sets `{new|good|lost}`; a type specgen does not know is
read as text and reported. After the parentheses, `name UNIQUE` states a unique column; other words are prose.

Only lines with a marker (`#`, `=>`, typed attributes) are read: `Person(id, name)` is left to the reader of the
relational bullets (parse/bullets.py), and prose with parentheses has no marker.
"""

from __future__ import annotations

import re

from specgen.parse.fields import Field, apply_written, to_field
from specgen.parse.ir import ColumnIR, ConstraintIR, EntityIR, Fragment
from specgen.parse.phrases import read_phrases
from specgen.source import Location

_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__|`)?(?P<name>[^\W\d][\w-]*)(?:\*\*|__|`)?\s*(?P<em>[*_]?)\s*[(（]"
    r"(?P<fields>(?:[^()（）]|\([^()]*\))*)[)）]\s*(?P=em)?\s*(?P<after>.*)$"
)
_REF = re.compile(r"\s*(?:=>|->|→|⇒)\s*(?P<target>[^\W\d][\w-]*(?:\.[\w-]+|\s*\([\w\s,-]+\))?)\s*")
_ATTR = re.compile(r"^(?P<pk>#?)\s*(?P<name>[^\W\d][\w-]*)\s*(?:[:：]\s*(?P<type>[^=→⇒-][^=→⇒]*?|\{[^}]*\}))?\s*$")
_WRAP = re.compile(r"^(?P<mark>\*\*|__|_|\*)(?P<inner>[^*_].*?)(?P=mark)$")
_UNIQUE_AFTER = re.compile(r"^\s*;?\s*\*?\s*(?P<cols>[^\W\d][\w-]*(?:\s*,\s*[^\W\d][\w-]*)*)\s+(?:UNIQUE|UNIQUES?)\b")


def _split(text: str) -> list[str]:
    """Attributes at top level: commas inside `{a|b}` value sets do not split."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts]


def _attribute(part: str, loc: Location) -> Field | None:
    """A field from one attribute; None when the part is not an attribute."""
    target = None
    ref = _REF.search(part)
    if ref:
        target = ref.group("target").replace(" ", "")
        part = (part[: ref.start()] + " " + part[ref.end() :]).strip()
    wrap = _WRAP.match(part.replace("`", ""))
    mark = wrap.group("mark") if wrap else ""
    part = wrap.group("inner").strip() if wrap else part.replace("`", "")
    m = _ATTR.match(part)
    if m is None:
        return None
    col = ColumnIR(m.group("name"), loc, type_loc=loc)
    words = []
    if m.group("pk") or mark in ("**", "__"):
        words.append("primary key")
    if target:
        words.append(f"references {target}")
    elif mark in ("_", "*"):
        words.append("foreign key")
    facts = read_phrases(", ".join(words), col.name)
    type_text = (m.group("type") or "").strip()
    if type_text.startswith("{"):
        values = [v.strip() for v in type_text.strip("{}").split("|") if v.strip()]
        type_text = "enum(" + ", ".join(values) + ")" if values else ""
    field = apply_written(Field(col), type_text, facts) if type_text else to_field(col, None, facts)
    return field


def _strength(parts: list[str]) -> int:
    """2 for Merise's own markers (`#key`, `=>`), 1 for marks prose also uses (`->`, bold, italic), else 0."""
    if any(p.startswith("#") or "=>" in p or "⇒" in p for p in parts):
        return 2
    return int(any(_REF.search(p) or _WRAP.match(p.replace("`", "")) for p in parts))


def relational_line(text: str, loc: Location) -> tuple[EntityIR, list[Field], list[str], int] | None:
    """The table a line defines (its entity, fields, the columns stated unique after it and how strongly its
    marks say so), or None."""
    m = _LINE.match(" ".join(text.split()))
    if m is None:
        return None
    parts = _split(m.group("fields"))
    strength = _strength(parts)
    if len(parts) < 2 or not strength:
        return None  # `Person(id, name)` (the bullets reader's) or words in parentheses
    fields = []
    for part in parts:
        read = _attribute(part, loc)
        if read is None:
            return None
        fields.append(read)
    entity = EntityIR(loc, "overview", name=m.group("name"), table=m.group("name"))
    names = {f.column.name.lower(): f.column.name for f in fields}
    unique: list[str] = []
    after = _UNIQUE_AFTER.match(m.group("after").replace("*", " "))
    if after:
        cols = [c.strip() for c in after.group("cols").split(",")]
        if all(c.lower() in names for c in cols):
            unique = [names[c.lower()] for c in cols]
    return entity, fields, unique, strength


def read_relational_lines(lines: list[tuple[int, str]], out: Fragment) -> list[tuple[EntityIR, list[Field]]]:
    """The tables lines of a paragraph or list define, with unique constraints added (not the primary key
    again). A line marked only as prose may be (`->`, bold, italic) stands with another such line only."""
    found: list[tuple[EntityIR, list[Field], int]] = []
    for line, text in lines:
        loc = Location(out.path, line)
        read = relational_line(text, loc)
        if read is None:
            continue
        entity, fields, unique, strength = read
        keys = [f.column.name for f in fields if f.column.primary_key]
        if unique and unique != keys:
            entity.constraints.append(ConstraintIR("unique", loc, columns=unique))
        found.append((entity, fields, strength))
    return [(e, f) for e, f, strength in found if strength == 2 or len(found) >= 2]
