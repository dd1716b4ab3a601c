"""`specgen fmt`: spec tables in one canonical layout, like `prisma format`.

Every pipe table gets aligned pipes and a plain `|---|` row. A native column table (under
`## Entity:`) also gets the canonical column order (Column, Type, Nullable, Default, Constraints,
Description, then any other header as written) and its Constraints cells the canonical spelling
and order of their words (`PK, Not Null` -> `pk, not null`). Only table lines change, each on its
own line, so prose, fences and every line number stay where they were; the design a spec gives
is the same before and after, and formatting twice changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from specgen.parse.cells import split_top, strip_code
from specgen.parse.markdown import Table, read_markdown
from specgen.parse.native import HEADERS

# Canonical column order of a native column table, by the field each header fills.
_ORDER = (
    "name",
    "type",
    "nullable",
    "required",
    "default",
    "pk",
    "unique",
    "index",
    "fk",
    "constraints",
    "description",
)
# Constraint words in their canonical spelling and order; other items (fk …, check: …) keep their text.
_WORDS = {
    "pk": "pk",
    "primary key": "pk",
    "primary_key": "pk",
    "unique": "unique",
    "not null": "not null",
    "required": "not null",
    "null": "nullable",
    "nullable": "nullable",
    "index": "index",
    "indexed": "index",
    "autoincrement": "autoincrement",
    "auto increment": "autoincrement",
    "identity": "autoincrement",
    "serial": "autoincrement",
    "identity always": "identity always",
    "identity by default": "identity by default",
}
_RANK = {
    "pk": 0,
    "unique": 1,
    "not null": 2,
    "nullable": 2,
    "index": 3,
    "autoincrement": 4,
    "identity always": 4,
    "identity by default": 4,
}
_ITEM_RANK = (("fk", 5), ("references", 5), ("check", 6), ("on update", 7), ("renamed from", 8), ("default", 9))
_ENTITY = re.compile(r"^#{1,6}\s+(entity|table|model)\s*:", re.I)


def format_text(path: str, text: str) -> str:
    """The canonical layout of one spec file's text."""
    doc = read_markdown(path, text)
    lines = text.split("\n")
    native_lines = _native_table_lines(lines)
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        rows = [block.header, *block.rows]
        if any(r.line - 1 >= len(lines) for r in rows) or rows[-1].line - rows[0].line != len(rows):
            continue  # not a plain run of lines (a table inside a list item, say): leave it alone
        if any(lines[r.line - 1].count("`") % 2 for r in rows):
            continue  # an unclosed code span makes the cell boundaries ambiguous: leave it alone
        cells = [list(r.cells) for r in rows]
        width = max(len(c) for c in cells)
        cells = [c + [""] * (width - len(c)) for c in cells]
        if block.line in native_lines:
            cells = _native(cells)
        indent = re.match(r"\s*", lines[block.line - 1]).group(0)  # type: ignore[union-attr]
        align = None if block.line in native_lines else _alignment(lines[block.line], width)
        rendered = _layout(cells, align)
        lines[block.line - 1] = indent + rendered[0]
        lines[block.line] = indent + rendered[1]
        for k, row in enumerate(block.rows):
            lines[row.line - 1] = indent + rendered[k + 2]
    return "\n".join(lines)


def _native_table_lines(lines: list[str]) -> set[int]:
    """Header lines of tables in native entity sections (until the next heading of the same level or higher)."""
    out: set[int] = set()
    level = 0
    in_fence = False
    for i, line in enumerate(lines, 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        m = re.match(r"^(#{1,6})\s", line)
        if m:
            depth = len(m.group(1))
            if _ENTITY.match(line):
                level = depth
            elif level and depth <= level:
                level = 0
        elif level and line.lstrip().startswith("|"):
            out.add(i)
    return out


def _native(cells: list[list[str]]) -> list[list[str]]:
    fields = [HEADERS.get(h.strip().strip("*").lower()) for h in cells[0]]
    if "name" not in fields or "type" not in fields:
        return cells
    order = sorted(range(len(fields)), key=lambda i: (_ORDER.index(fields[i]) if fields[i] in _ORDER else 99, i))
    out = [[row[i] for i in order] for row in cells]
    constraints = [k for k, i in enumerate(order) if fields[i] == "constraints"]
    for row in out[1:]:
        for k in constraints:
            row[k] = _constraints(row[k])
    return out


def _constraints(cell: str) -> str:
    raw = split_top(cell)
    items = [strip_code(p) for p in raw]
    if not items:
        return cell.strip()
    if any(i.lower().startswith("check") for i in items[:-1]):
        return cell.strip()  # a check's own commas: its text is not re-split

    def key(item: str) -> tuple[int, str]:
        low = " ".join(strip_code(item).lower().split())
        if low in _RANK:
            return _RANK[low], ""
        return next((rank for word, rank in _ITEM_RANK if low.startswith(word)), 10), ""

    words = [_WORDS.get(" ".join(i.lower().split()), r) for i, r in zip(items, raw, strict=True)]
    return ", ".join(dict.fromkeys(sorted(words, key=key)))


def _escape(cell: str) -> str:
    """`|` outside code spans is escaped again (the reader unescaped it)."""
    out, code = [], False
    for ch in cell:
        if ch == "`":
            code = not code
        out.append("\\|" if ch == "|" and not code else ch)
    return "".join(out)


def _alignment(delimiter: str, width: int) -> list[str] | None:
    """`:---`, `---:`, `:---:` per column as the delimiter row writes them (None when it has none)."""
    parts = [p.strip() for p in delimiter.strip().strip("|").split("|")]
    if not any(":" in p for p in parts):
        return None
    kinds = [
        ("c" if p.startswith(":") and p.endswith(":") else "l" if p.startswith(":") else "r" if p.endswith(":") else "")
        for p in parts
    ]
    return (kinds + [""] * width)[:width]


def _layout(cells: list[list[str]], align: list[str] | None = None) -> list[str]:
    text = [[_escape(c.strip()) for c in row] for row in cells]
    widths = [max(3, *(len(row[i]) for row in text)) for i in range(len(text[0]))]
    rows = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in text]
    marks = align or [""] * len(widths)
    dashes = [
        {"c": ":" + "-" * (w - 2) + ":", "l": ":" + "-" * (w - 1), "r": "-" * (w - 1) + ":"}.get(a, "-" * w)
        for a, w in zip(marks, widths, strict=True)
    ]
    delim = "| " + " | ".join(dashes) + " |"
    return [rows[0], delim, *rows[1:]]


def format_files(paths: list[Path]) -> dict[Path, str]:
    """The files whose canonical layout differs from what they hold, with that layout."""
    out: dict[Path, str] = {}
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `design` reports an unreadable file; fmt leaves it alone
        new = format_text(str(p), text)
        if new != text:
            out[p] = new
    return out
