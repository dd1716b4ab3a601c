"""Pseudo-code object blocks: `Name { field: Type // words }` in a ```javascript, ```typescript or
unlabelled fence, as spec-kit data models often sketch an entity.

An anonymous object type (`{ id: string; // Primary Key }` alone in the fence) is the field list of the
heading above it (`## Users` / `**Table:** users`): `object_fields`, called by the conventional reader.

Only the bare `Name {` form is read here: `interface`, `type`, `class` and `const x = {` blocks are
language types or sample values (DTOs, API shapes), not tables. Each field line is read like a
field bullet (`name: Type`), its `//` comment as constraint words (`Primary Key`,
`Foreign Key to Address.street_address`).
"""

from __future__ import annotations

import re

from specgen.parse.fields import Field, apply_written
from specgen.parse.ir import ColumnIR, EntityIR, Fragment, ReadContext
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions
from specgen.parse.phrases import read_phrases
from specgen.source import Location

_OPEN = re.compile(r"^\s*(?P<name>[A-Z][A-Za-z0-9_]*)\s*\{\s*(?://.*)?$")
_FIELD = re.compile(
    r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\??\s*:\s*(?P<type>[^/,;]+?)\s*[,;]?\s*(?://\s*(?P<note>.*))?$"
)


# Only a bare `{`: `interface X {` and `type X = {` name language types (DTOs, events), not rows
_ANON_OPEN = re.compile(r"^\s*\{\s*(?://.*)?$")
# A type, not a value: `string`, `Date | null`, `number[]`, `Array<Tag>`, `"admin" | "user"` (a union of literals)
_TYPEISH = re.compile(
    r"^(?:[A-Za-z_][\w.]*(?:<[^>]*>)?(?:\[\])*|(?:\"[^\"]*\"|'[^']*')(?:\s*\|\s*(?:\"[^\"]*\"|'[^']*'))+)"
    r"(?:\s*\|\s*(?:[A-Za-z_][\w.]*(?:<[^>]*>)?(?:\[\])*|\"[^\"]*\"|'[^']*'))*$"
)
_SCRIPT_LANGS = {"", "typescript", "ts", "javascript", "js", "tsx", "jsx", "text", "txt", "plaintext"}


def object_fields(fence: Fence, path: str) -> list[Field] | None:
    """The fields of an anonymous object type (`{`, `name?: Type; // words`, `}`) that is the whole fence, or
    None: code, sample values (`name: "Ann",`, `count: 3`) and nested objects are no field list."""
    if fence.lang.lower() not in _SCRIPT_LANGS:
        return None
    lines = [(k, ln.rstrip()) for k, ln in enumerate(fence.text.split("\n"))]
    body = [(k, ln) for k, ln in lines if ln.strip() and not ln.strip().startswith("//")]
    if len(body) < 4 or not _ANON_OPEN.match(body[0][1]) or not body[-1][1].strip().startswith("}"):
        return None
    out: list[Field] = []
    typed = 0
    for k, text in body[1:-1]:
        m = _FIELD.match(text)
        if m is None:
            return None
        type_text = m.group("type").strip()
        typed += bool(_TYPEISH.match(type_text))
        loc = Location(path, fence.line + 1 + k)
        col = ColumnIR(m.group("name"), loc, type_loc=loc)
        note = m.group("note") or ""
        facts = read_phrases(note, col.name)
        if "?" in text.split(":", 1)[0]:
            facts.nullable = True  # `name?: T`: an optional property, a nullable column
        out.append(apply_written(Field(col), type_text, facts, note or None))
    return out if len(out) >= 2 and 2 * typed > len(out) else None


def looks_like_sketch(text: str) -> bool:
    first = next((ln for ln in text.split("\n") if ln.strip() and not ln.strip().startswith("//")), "")
    return bool(_OPEN.match(first))


def read_pseudo_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """`Name { … }` object sketches; a fence holding anything else is left alone (nothing found)."""
    out = Fragment(context.path)
    _read(fence, out, options)
    return out


def _read(fence: Fence, spec: Fragment, options: ParseOptions) -> None:
    del options
    lines = fence.text.split("\n")
    current: EntityIR | None = None
    found: list[EntityIR] = []
    for k, raw in enumerate(lines):
        loc = Location(spec.path, fence.line + 1 + k)
        text = raw.rstrip()
        if current is None:
            m = _OPEN.match(text)
            if m:
                current = EntityIR(loc, "markdown", name=m.group("name"), table=m.group("name"))
            elif text.strip() and not text.strip().startswith("//"):
                return  # code, not a sketch
            continue
        if text.strip().startswith("}"):
            if current.columns:
                found.append(current)
            current = None
            continue
        m = _FIELD.match(text)
        if m is None:
            if text.strip() and not text.strip().startswith("//"):
                return  # not a sketch after all: leave the whole block
            continue
        col = ColumnIR(m.group("name"), loc, type_loc=loc)
        note = m.group("note") or ""
        apply_written(Field(col), m.group("type"), read_phrases(note, col.name), note or None)
        current.columns.append(col)
    spec.entities.extend(found)
