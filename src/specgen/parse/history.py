"""Earlier versions of a schema that a document keeps for the record.

Documents that grow by versions often keep the old definitions below the new ones: `## DDL v0.2` then
`## DDL v0.1`, or the old DDL in a collapsed `<details><summary>Previous version</summary>` block. A careful
reader takes the current version and reads the rest as history; reading both would define every table twice.

Two signs mark history, each stated by the document itself:
- headings that differ only in the version they name (`Schema v1` / `Schema v2`, `DDL (versão 0.1)`): every
  section but the one of the highest version;
- a `<details>` block whose summary calls its content old (`old`, `previous`, `deprecated`, `legacy`, … in
  the languages specs are written in).

Such sections are dropped before any reader runs, with an info note saying where. Two definitions of a table
with no such sign are still reported as conflicting.
"""

from __future__ import annotations

import re

from specgen.errors import info
from specgen.parse.markdown import Block, Comment, Document, Heading
from specgen.source import Location

# A version a heading ends with: `v0.2`, `V2`, `Version 1.1`, `(versão 0.1)`, `バージョン 2`; a bare number
# (`Module 1`, `Step 2`) names a part, not a version.
_VERSIONED = re.compile(
    r"^(?P<stem>.*?)[\s:–—-]*[(\[]?\s*(?:v\.?\s*|(?:version|versão|versao|versión|version|versione|versie|wersja|"
    r"sürüm|версия|версія|phiên\s+bản|versi|バージョン|版本|버전)\s*)(?P<ver>\d+(?:\.\d+){0,3})\s*[)\]]?\s*$",
    re.I,
)
_OLD = re.compile(
    r"(?<![\w])(?:old|older|previous|prior|former|deprecated|legacy|obsolete|outdated|superseded|archived?|history|"
    r"alt|alte|älter\w*|veraltet\w*|frühere?|vorherige?|ancien(?:ne)?s?|précédente?s?|obsolètes?|historique|"
    r"antigu[oa]s?|anterior(?:es)?|obsolet[oa]s?|histórico|antig[oa]s?|vecchi[oa]|precedente|storico|oude?|vorige|"
    r"verouderd|stary|stara|poprzedni[ae]?|przestarzał\w*|eski|önceki|старая|старый|старые|предыдущая|предыдущий|"
    r"устаревш\w*|стара|старий|попередн\w*|застаріл\w*|cũ|trước\s+đây|lama|sebelumnya|usang)(?![\w])"
    r"|旧版|舊版|以前|廃止|非推奨|废弃|廢棄|過去|历史|歷史|이전|구버전|폐기",
    re.I,
)
_SUMMARY = re.compile(r"<summary[^>]*>(?P<text>.*?)</summary>", re.I | re.S)


def drop_history(doc: Document) -> None:
    """Remove the sections and collapsed blocks `doc` marks as earlier versions, noting each."""
    dropped = _older_versions(doc.blocks) | _old_details(doc.blocks)
    if not dropped:
        return
    for start, what in sorted(_starts(doc.blocks, dropped)):
        doc.diagnostics.append(
            info(
                f"{what}: an earlier version kept for the record; not read",
                Location(doc.path, start),
                hint="the current version is read; delete the old one or move it out of the document to read it",
            )
        )
    doc.blocks = [b for i, b in enumerate(doc.blocks) if i not in dropped]


def _older_versions(blocks: list[Block]) -> set[int]:
    """Indexes of the blocks of sections whose heading names a version lower than a sibling heading's."""
    groups: dict[tuple[int, str], list[tuple[tuple[int, ...], int]]] = {}
    for i, b in enumerate(blocks):
        if isinstance(b, Heading):
            m = _VERSIONED.match(b.text.strip())
            if m:
                stem = " ".join(m.group("stem").lower().strip("#*_` ").split())
                version = tuple(int(p) for p in m.group("ver").split("."))
                groups.setdefault((b.level, stem), []).append((version, i))
    out: set[int] = set()
    for members in groups.values():
        if len({v for v, _ in members}) < 2:
            continue
        newest = max(v for v, _ in members)
        for version, i in members:
            if version < newest:
                out |= _section(blocks, i)
    return out


def _section(blocks: list[Block], i: int) -> set[int]:
    level = blocks[i].level  # type: ignore[union-attr]
    j = i + 1
    while j < len(blocks) and not (isinstance(blocks[j], Heading) and blocks[j].level <= level):  # type: ignore[union-attr]
        j += 1
    return set(range(i, j))


def _old_details(blocks: list[Block]) -> set[int]:
    """Indexes of the blocks inside a `<details>` whose summary calls them old (nested blocks included)."""
    out: set[int] = set()
    stack: list[tuple[int, bool]] = []  # (index of the opening block, whether its summary says old)
    for i, b in enumerate(blocks):
        if not isinstance(b, Comment):
            if stack and any(old for _, old in stack):
                out.add(i)
            continue
        text = b.text
        for m in re.finditer(r"<details\b|</details\s*>|<summary[^>]*>.*?</summary>", text, re.I | re.S):
            token = m.group(0).lower()
            if token.startswith("<details"):
                stack.append((i, False))
            elif token.startswith("</details"):
                if stack:
                    start, old = stack.pop()
                    if old:
                        out |= set(range(start, i + 1))
            elif stack and _OLD.search(_SUMMARY.match(m.group(0)).group("text")):  # type: ignore[union-attr]
                stack[-1] = (stack[-1][0], True)
    return out


def _starts(blocks: list[Block], dropped: set[int]) -> list[tuple[int, str]]:
    """The first line of each run of dropped blocks, and what it is."""
    out: list[tuple[int, str]] = []
    for i in sorted(dropped):
        if i - 1 in dropped:
            continue
        b = blocks[i]
        if isinstance(b, Heading):
            out.append((b.line, f"section '{b.text.strip()}'"))
        else:
            out.append((b.line, "collapsed <details> block"))
    return out
