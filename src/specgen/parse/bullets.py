"""Field bullets of conventional Markdown: `` `email`: string, unique ``, `**name** (type): text`,
`name — type — notes`, several names in one item, nested bullets adding words.

A list is a field list when at least half of its items state a field with a type (or, under a
field label, name one); otherwise it is something else (constraints, validation rules, prose).
"""

from __future__ import annotations

import re

from specgen.parse.fields import Field, column_name, plain_text, split_type, to_field
from specgen.parse.ir import ColumnIR
from specgen.parse.markdown import ListItem
from specgen.parse.phrases import read_phrases
from specgen.source import Location
from specgen.vocab.written import WrittenType

_HEAD_NAME = re.compile(r"^(?P<names>(?:`[^`]+`|\*\*[^*]+\*\*|__[^_]+__|[A-Za-z_][\w.-]*)(?:\s*(?:,|&|/|\band\b|\+)\s*(?:`[^`]+`|\*\*[^*]+\*\*|[A-Za-z_][\w-]*))*)\s*")  # fmt: skip

# Asked of every bullet: compiled once (re's cache lookup costs as much as the match)
_NAME_SEP = re.compile(r"\s*(?:,|&|/|\band\b|\+)\s*")
_PARENTHESIZED = re.compile(r"^[(（](?P<inner>(?:[^()]|\([^()]*\))*)[)）]\s*(?P<after>.*)$")
_DESCRIPTION = re.compile(r"\s(?:-|—|–)\s+(.+)$")
_SEP = re.compile(r"^\s*(?::|：|\s-\s|-\s|—|–|=)\s*")
_NOT_FIELD_NAMES = {
    "type", "purpose", "example", "examples", "validation", "default", "description", "source", "format",
    "constraints", "constraint", "notes", "note", "display", "generation", "immutable", "uniqueness", "values",
    "relationships", "relationship", "indexes", "index", "primary", "foreign", "unique", "check", "table",
    "usage", "storage", "lifecycle", "state", "states", "ui", "visual", "behavior", "rules",
}  # fmt: skip


def list_columns(items: list[ListItem], path: str, labelled: bool) -> tuple[list[Field], str | None]:
    """The fields a bullet list states, or ([], why it is not a field list)."""
    base = min(i.depth for i in items)
    top = [it for it in items if it.depth == base]
    parsed: list[tuple[ListItem, list[str], WrittenType | None, str, bool]] = []
    strong = medium = 0
    for it in top:
        p = _bullet(it.text)
        if p is None:
            continue
        names, wt, rest, coded = p
        if any(n.lower() in _NOT_FIELD_NAMES for n in names) and not raw_code(it.text) and not _sql_column(wt, rest):
            continue  # `**Type**: String` in a field's details, not a field named Type
        parsed.append((it, names, wt, rest, coded))
        if wt is not None and not wt.unmapped:
            strong += 1
        elif coded:
            medium += 1
    n = len(top)
    if not n:
        return [], None
    is_fields = (
        strong >= 0.5 * n
        or (labelled and (strong + medium) >= 0.5 * n)
        or ((strong + medium) >= 0.7 * n and strong >= 1)
    )
    if not is_fields:
        why = (
            None
            if strong + medium == 0
            else f"{strong} of {n} items state a field with a type ({medium} more name one without): not a field list"
        )
        return [], why
    children = _children(items)
    out: list[Field] = []
    for it, names, wt, rest, _coded in parsed:
        extra = " , ".join(children.get(id(it), []))
        sub_type = None
        for c in children.get(id(it), []):
            m = re.match(r"(?i)^\s*(?:\*\*)?type(?:\*\*)?\s*:\s*(?:\*\*)?\s*(.+)$", c)
            if m and sub_type is None:
                sub_type, _ = split_type(m.group(1))
        for name in names:
            col = ColumnIR(name, Location(path, it.line), type_loc=Location(path, it.line))
            desc = _description(rest)
            words = rest[: rest.rfind(desc)] if desc and desc in rest else rest
            facts = read_phrases(words + (" , " + extra if extra else ""), name)
            if desc:
                col.description = desc
                facts.merge(read_phrases(desc, name, strict=False))
            wt_use = wt if (wt is not None and not wt.unmapped) else (sub_type or wt)
            if wt_use is not None and wt_use.unmapped and (wt_use.written.strip() == "" or _is_phrase(wt_use.written)):
                wt_use = None
            out.append(to_field(col, wt_use, facts))
    return out, None


def _sql_column(wt: WrittenType | None, rest: str) -> bool:
    """`state: VARCHAR(20), Not Null`: a word that usually heads a detail (`**State**: draft -> done`) names a
    column where an SQL type with its size, or a column constraint, follows it."""
    if wt is None or wt.unmapped:
        return False
    if "(" in wt.written:
        return True
    f = read_phrases(rest)
    return f.not_null or f.primary_key or f.fk or f.unique


def raw_code(text: str) -> bool:
    return text.lstrip().startswith("`")


def _is_phrase(text: str) -> bool:
    f = read_phrases(text)
    return bool(f.words) or len(text.split()) > 3


def _children(items: list[ListItem]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    base = min(i.depth for i in items)
    parent: ListItem | None = None
    for it in items:
        if it.depth == base:
            parent = it
        elif parent is not None:
            out.setdefault(id(parent), []).append(it.text)
    return out


def _bullet(text: str) -> tuple[list[str], WrittenType | None, str, bool] | None:
    """(names, type, the rest, name was code/bold) of a field bullet, or None."""
    t = text.strip()
    m = _HEAD_NAME.match(t)
    if not m:
        return None
    raw_names = m.group("names")
    coded = raw_names.startswith(("`", "**", "__"))
    parts = _NAME_SEP.split(raw_names)
    names = [column_name(p) for p in parts]
    if not all(names) or not names:
        return None
    if not coded and len(names) > 1:
        return None
    rest = t[m.end() :].strip()
    wt: WrittenType | None = None
    # `name (TYPE, words): description`
    pm = _PARENTHESIZED.match(rest)
    if pm:
        inner = pm.group("inner")
        head = _first_part(inner)
        wt, tail = split_type(head)
        after = _SEP.sub("", pm.group("after"), count=1)
        rest = (tail + ", " + inner[len(head) :].lstrip(",;: ") + " - " + after).strip(" ,-")
        return [n for n in names if n], wt, rest, coded
    sm = _SEP.match(rest)
    if not sm:
        if rest and coded:
            wt, tail = split_type(rest.split(",")[0])
            return [n for n in names if n], wt, tail + "," + ",".join(rest.split(",")[1:]), coded
        return None
    rest = rest[sm.end() :].strip()
    first = _first_part(rest)
    wt, tail = split_type(first)
    return [n for n in names if n], wt, (tail + " " + rest[len(first) :]).strip(), coded


def _first_part(text: str) -> str:
    """The text up to the first top-level `,`, `;`, `:` or ` - ` (not inside parentheses or backticks)."""
    depth, code = 0, False
    for i, ch in enumerate(text):
        if ch == "`":
            code = not code
        elif ch in "([" and not code:
            depth += 1
        elif ch in ")]" and not code:
            depth = max(0, depth - 1)
        elif depth == 0 and not code:
            if ch in ",;:" or (ch in "-—–" and text[i - 1 : i] == " " and text[i + 1 : i + 2] == " "):
                return text[:i].strip()
    return text.strip()


def _description(rest: str) -> str | None:
    m = _DESCRIPTION.search(rest)
    return plain_text(m.group(1)) if m else None
