"""Markdown → a flat list of blocks, each with its 1-based line.

A line scan lifts out fenced code blocks, GFM pipe tables and list items first, blanking their
lines so that every other line keeps its number. What remains is usually only headings, paragraphs
and HTML comments, which the scan reads too; anything else (setext headings, block quotes,
indented code, raw HTML, lists holding fences or tables) goes to markdown-it-py, the CommonMark
parser, with its token line maps.

Why not markdown-it-py for everything: its block parser spends 1.2 s on the tables and lists of a
1,000-entity spec set (the budget for the whole `specgen design` is 1.5 s), and its import alone is
25 ms of the 0.3 s start-up budget. `tests/test_markdown.py` runs both paths on every spec, doc and
seed and requires the same blocks, lines and text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from specgen.errors import Diagnostic, error
from specgen.source import Location

_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_DELIM_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap> +|$)(?P<text>.*)$")
_BREAK = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
_BLOCK_START = re.compile(r"^ {0,3}(#{1,6}(\s|$)|>|<|```|~~~|[-*+] |\d{1,9}[.)] )")


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Paragraph:
    lines: list[tuple[int, str]]

    @property
    def line(self) -> int:
        return self.lines[0][0]


@dataclass
class ListItem:
    text: str
    line: int
    depth: int


@dataclass
class Row:
    cells: list[str]
    line: int


@dataclass
class Table:
    header: Row
    rows: list[Row]

    @property
    def line(self) -> int:
        return self.header.line


@dataclass
class Fence:
    lang: str
    info: str
    text: str
    line: int  # line of the opening fence; content starts on line + 1


@dataclass
class Comment:
    text: str
    line: int
    end_line: int


Block = Heading | Paragraph | ListItem | Table | Fence | Comment


@dataclass
class Document:
    path: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    # We read raw block text; inline parsing (emphasis, links) is never needed.
    md.disable(["inline", "text_join"])
    return md


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row; `\\|` and pipes inside backticks stay in the cell."""
    s = line.strip()
    if "\\" not in s and "`" not in s:  # the common case: no escapes, no code spans
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
        return [c.strip() for c in s.split("|")]
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells: list[str] = []
    buf: list[str] = []
    in_code = False
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            buf.append("|")
            i += 2
            continue
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    cells.append("".join(buf).strip())
    return cells


def _front_matter(path: str, lines: list[str], doc: Document) -> int:
    """Parse a leading `---` YAML block; return how many lines it spans."""
    if not lines or lines[0].strip() != "---":
        return 0
    import yaml  # only files with front matter pay for it

    from specgen import safe_yaml

    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            text = "\n".join(lines[1:end])
            try:
                data = safe_yaml.load(text) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = (mark.line + 2) if mark else 1
                doc.diagnostics.append(error(f"front matter is not valid YAML: {_problem(exc)}", Location(path, line)))
                return end + 1
            if not isinstance(data, dict):
                doc.diagnostics.append(error("front matter must be a mapping of keys to values", Location(path, 2)))
                return end + 1
            doc.front_matter = data
            return end + 1
    return 0


def _problem(exc: Exception) -> str:
    return str(getattr(exc, "problem", None) or exc).strip()


def _lift(path: str, lines: list[str], start: int, doc: Document, lift_lists: bool = True) -> list[str]:
    """Take fences and tables out of `lines` (into doc.blocks); return the lines left for markdown-it."""
    rest = list(lines)
    for k in range(start):
        rest[k] = ""
    i = start
    n = len(lines)
    while i < n:
        line = lines[i]
        m = _FENCE_OPEN.match(line) if ("`" in line or "~" in line) else None
        if m:
            fence = m.group("fence")
            indent = len(m.group("indent"))
            info = m.group("info").strip()
            body: list[str] = []
            j = i + 1
            while j < n:
                s = lines[j].strip()
                if s.startswith(fence[0] * len(fence)) and not s.strip(fence[0]):
                    break
                body.append(
                    lines[j][indent:] if not lines[j][:indent].strip() else lines[j].lstrip()
                )  # keep code indentation
                j += 1
            lang = info.split()[0].lower() if info else ""
            doc.blocks.append(Fence(lang, info, "\n".join(body), i + 1))
            end = min(j, n - 1)
            rest[i : end + 1] = [""] * (end + 1 - i)
            i = end + 1
            continue
        if "|" in line and i + 1 < n and "-" in lines[i + 1] and _DELIM_ROW.match(lines[i + 1]):
            if line.strip() and (not line.startswith("    ") or _in_list_item(lines, i)):
                header = Row(split_row(line), i + 1)
                rows: list[Row] = []
                j = i + 2
                while j < n and lines[j].strip() and "|" in lines[j]:
                    rows.append(Row(split_row(lines[j]), j + 1))
                    j += 1
                doc.blocks.append(Table(header, rows))
                rest[i:j] = [""] * (j - i)
                i = j
                continue
        if lift_lists and line[:1] in "-*+0123456789 " and _ITEM.match(line) and not _BREAK.match(line):
            end = _lift_list(lines, i, doc)
            if end > i:
                rest[i:end] = [""] * (end - i)
                i = end
                continue
        i += 1
    return rest


def _in_list_item(lines: list[str], i: int) -> bool:
    """Whether indented line `i` continues a list item above it (a table indented under `- users table`), where
    four spaces are the item's content, not an indented code block."""
    indent = len(lines[i]) - len(lines[i].lstrip(" "))
    for j in range(i - 1, max(-1, i - 60), -1):
        above = lines[j]
        if not above.strip():
            continue
        if len(above) - len(above.lstrip(" ")) < indent:
            return bool(_ITEM.match(above)) and not _BREAK.match(above)
    return False


def _lift_list(lines: list[str], start: int, doc: Document) -> int:
    """Lift a run of list items starting at `start`; return the first line after the list.

    Only the first paragraph of each item is kept (that is all the native sections read); nested
    items get depth + 1. Anything unusual (fences or tables inside items) is left to markdown-it.
    """
    m = _ITEM.match(lines[start])
    if m is None or len(m.group("indent")) > 3:
        return start
    items: list[ListItem] = []
    stack: list[int] = []  # content indents of the open items
    i, n = start, len(lines)
    open_para = False
    while i < n:
        line = lines[i]
        if not line.strip():
            open_para = False
            i += 1
            continue
        m = _ITEM.match(line) if not _BREAK.match(line) else None
        indent = len(line) - len(line.lstrip(" "))
        if m:
            width = len(m.group("indent")) + len(m.group("marker")) + max(1, len(m.group("gap")))
            while stack and indent < stack[-1]:
                stack.pop()
            if not stack and indent > 3:
                break
            stack.append(width)
            items.append(ListItem(m.group("text").strip(), i + 1, len(stack)))
            open_para = True
            i += 1
            continue
        s = line.strip()
        if s.startswith(("```", "~~~", "|")) or "|" in s and i + 1 < n and _DELIM_ROW.match(lines[i + 1]):
            return start  # a fence or a table inside an item: let markdown-it read the whole list
        if stack and indent >= stack[0]:
            if open_para and items:
                items[-1].text = (items[-1].text + " " + s).strip()
            i += 1
            continue
        if open_para and items and not _BLOCK_START.match(line):
            items[-1].text = (items[-1].text + " " + s).strip()  # lazy continuation
            i += 1
            continue
        break
    while i > start and not lines[i - 1].strip():
        i -= 1
    doc.blocks.extend(items)
    return i


def _walk_tokens(tokens: list[Any], doc: Document) -> None:
    depth = 0
    in_item_first_para: list[bool] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        t = tok.type
        if t == "heading_open":
            inline = tokens[i + 1]
            doc.blocks.append(Heading(int(tok.tag[1]), inline.content.strip(), tok.map[0] + 1))
            i += 3
            continue
        if t in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif t == "list_item_open":
            in_item_first_para.append(True)
        elif t == "list_item_close":
            in_item_first_para.pop()
        elif t == "paragraph_open":
            inline = tokens[i + 1]
            first = tok.map[0] + 1
            if in_item_first_para and in_item_first_para[-1]:
                in_item_first_para[-1] = False
                doc.blocks.append(ListItem(" ".join(inline.content.split("\n")).strip(), first, depth))
            else:
                doc.blocks.append(Paragraph([(first + k, s) for k, s in enumerate(inline.content.split("\n"))]))
            i += 3
            continue
        elif t == "html_block":
            doc.blocks.append(Comment(tok.content, tok.map[0] + 1, tok.map[1]))
        elif t == "code_block" and _DDL_HINT.search(tok.content):
            lines = tok.content.rstrip("\n").split("\n")
            doc.blocks.extend(code_fences([(tok.map[0] + 1 + k, s) for k, s in enumerate(lines)]))
        i += 1


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_OR_BREAK = re.compile(r"^ {0,3}(=+|-+|(\*[ \t]*){3,}|(_[ \t]*){3,})[ \t]*$")


def _simple_blocks(rest: list[str]) -> list[Block] | None:
    """Headings, paragraphs and HTML comments, when that is all the remaining lines hold.

    Returns None at the first construct that needs a real CommonMark parser (setext headings,
    block quotes, indented code, raw HTML, list items the scan left); markdown-it-py reads those.
    """
    blocks: list[Block] = []
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if para:
            text = "\n".join(t for _, t in para).strip()
            blocks.append(Paragraph([(para[0][0] + k, t) for k, t in enumerate(text.split("\n"))]))
            para.clear()

    i, n = 0, len(rest)
    while i < n:
        line = rest[i]
        stripped = line.strip()
        if not stripped:
            if para:
                flush()
            i += 1
            continue
        if para and not line[:1].isspace() and _SETEXT_OR_BREAK.match(line) and stripped[0] in "=-":
            return None  # a setext heading underline
        if para and line[:1].isspace():
            para.append((i + 1, line))  # continuation lines may be indented
            i += 1
            continue
        if line.startswith(("    ", "\t")) or stripped[0] in ">|" or _ITEM.match(line):
            return None
        m = _ATX.match(line)
        if m:
            flush()
            blocks.append(Heading(len(m.group(1)), (m.group(2) or "").strip(), i + 1))
            i += 1
            continue
        if _SETEXT_OR_BREAK.match(line):
            flush()  # a thematic break
            i += 1
            continue
        if stripped.startswith("<"):
            if not stripped.startswith("<!--"):
                return None
            flush()
            j = i
            while j < n and "-->" not in rest[j]:
                j += 1
            if j == n:
                return None
            blocks.append(Comment("\n".join(rest[i : j + 1]) + "\n", i + 1, j + 1))
            i = j + 1
            continue
        para.append((i + 1, line))
        i += 1
    flush()
    return blocks


def read_markdown(path: str, text: str, lift_lists: bool = True, fast: bool = True) -> Document:
    """Split a spec file into blocks in document order.

    `lift_lists=False, fast=False` leaves everything but tables and fences to markdown-it (the
    reference the tests compare with)."""
    doc = Document(path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = _front_matter(path, lines, doc)
    rest = _lift(path, lines, start, doc, lift_lists)
    simple = _simple_blocks(rest) if fast else None
    if simple is not None:
        doc.blocks.extend(simple)
    else:
        _walk_tokens(_parser().parse("\n".join(rest)), doc)
    if _DDL_HINT.search(text):
        _unfenced_sql(doc)
    doc.blocks.sort(key=lambda b: b.line)
    return doc


_DDL_HINT = re.compile(r"^[ \t]*(?:CREATE|ALTER)\s", re.I | re.M)


def _unfenced_sql(doc: Document) -> None:
    """DDL statements written as plain paragraphs (no fence) become ```sql blocks (parse/sql_unfenced.py)."""
    blocks: list[Block] = []
    for b in doc.blocks:
        blocks.extend(split_paragraph(b) if isinstance(b, Paragraph) else [b])
    doc.blocks = blocks


def split_paragraph(p: Paragraph) -> list[Paragraph | Fence]:
    """The paragraph, its whole DDL statements as ```sql blocks and the prose around them as paragraphs."""
    text = [t for _, t in p.lines]
    spans = _spans(text)
    if not spans:
        return [p]
    out: list[Paragraph | Fence] = []
    at = 0
    for start, end in spans:
        if start > at:
            out.append(Paragraph(p.lines[at:start]))
        out.append(_fence(p.lines[start:end]))
        at = end
    if at < len(p.lines):
        out.append(Paragraph(p.lines[at:]))
    return out


def code_fences(lines: list[tuple[int, str]]) -> list[Fence]:
    """The whole DDL statements of an indented code block (its other lines stay unread, as code blocks do)."""
    return [_fence(lines[s:e]) for s, e in _spans([t for _, t in lines])]


def _fence(lines: list[tuple[int, str]]) -> Fence:
    # Fence.line is the opening fence's line: the statement's first line is the one after it
    return Fence("sql", "sql unfenced", "\n".join(t for _, t in lines), lines[0][0] - 1)


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    from specgen.parse.sql_unfenced import statement_spans  # only documents with DDL outside fences load it

    return statement_spans(lines)
