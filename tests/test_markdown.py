"""The block layer: our fast table/list scan must agree with markdown-it-py, lines must be exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import ROOT, SEEDS
from specgen.parse.markdown import Comment, Fence, Heading, ListItem, Paragraph, Table, read_markdown, split_row


def _documents() -> list[Path]:
    docs = sorted((ROOT / "specs").rglob("*.md")) + sorted((ROOT / "docs").rglob("*.md"))
    if SEEDS.is_dir():
        docs += sorted(SEEDS.iterdir())
    return docs


def _reference_tables(text: str) -> list[tuple[int, list[str], list[list[str]]]]:
    """Tables as markdown-it-py itself reads them (inline parsing off, so cells stay raw)."""
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    out = []
    i = 0
    while i < len(tokens):
        if tokens[i].type == "table_open":
            line = tokens[i].map[0] + 1
            rows: list[list[str]] = []
            row: list[str] = []
            while tokens[i].type != "table_close":
                t = tokens[i]
                if t.type == "inline":
                    row.append(t.content.strip())
                elif t.type == "tr_close":
                    rows.append(row)
                    row = []
                i += 1
            out.append((line, rows[0], rows[1:]))
        i += 1
    return out


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_table_scan_matches_markdown_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ours = [
        (b.line, b.header.cells, [r.cells for r in b.rows])
        for b in read_markdown(str(path), text).blocks
        if isinstance(b, Table)
    ]
    reference = _reference_tables(text)
    # markdown-it pads short rows with empty cells; we keep what was written and pad when reading.
    padded = [(line, head, [r + [""] * (len(head) - len(r)) for r in rows]) for line, head, rows in ours]
    assert padded == reference


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_list_scan_matches_markdown_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = [(b.line, b.depth, b.text) for b in read_markdown(str(path), text).blocks if isinstance(b, ListItem)]
    slow = [
        (b.line, b.depth, b.text)
        for b in read_markdown(str(path), text, lift_lists=False).blocks
        if isinstance(b, ListItem)
    ]
    assert fast == slow


def test_blocks_keep_their_lines() -> None:
    text = (
        "---\nversion: 2\n---\n"  # 1-3
        "# Title\n\n"  # 4
        "Some prose\nover two lines.\n\n"  # 6-7
        "<!-- specgen: ignore SG301 -->\n"  # 9
        "| Column | Type |\n|---|---|\n| id | uuid |\n\n"  # 10-12
        "- first\n  continued\n- second\n  - nested\n\n"  # 14-17
        "```sql\nCREATE TABLE t (id int);\n```\n"  # 19-21
        "Setext\n======\n"  # 22-23
    )
    doc = read_markdown("x.md", text)
    assert doc.front_matter == {"version": 2}
    kinds = [(type(b).__name__, b.line) for b in doc.blocks]
    assert kinds == [
        ("Heading", 4),
        ("Paragraph", 6),
        ("Comment", 9),
        ("Table", 10),
        ("ListItem", 14),
        ("ListItem", 16),
        ("ListItem", 17),
        ("Fence", 19),
        ("Heading", 22),
    ]
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.rows[0].line == 12 and table.rows[0].cells == ["id", "uuid"]
    items = [b for b in doc.blocks if isinstance(b, ListItem)]
    assert [(i.text, i.depth) for i in items] == [("first continued", 1), ("second", 1), ("nested", 2)]
    para = next(b for b in doc.blocks if isinstance(b, Paragraph))
    assert para.lines == [(6, "Some prose"), (7, "over two lines.")]
    fence = next(b for b in doc.blocks if isinstance(b, Fence))
    assert (fence.lang, fence.text) == ("sql", "CREATE TABLE t (id int);")
    assert isinstance(doc.blocks[2], Comment)
    assert isinstance(doc.blocks[-1], Heading) and doc.blocks[-1].text == "Setext"


def test_tables_inside_fences_are_not_tables() -> None:
    doc = read_markdown("x.md", "```\n| a | b |\n|---|---|\n```\n")
    assert [type(b) for b in doc.blocks] == [Fence]


def test_bad_front_matter_is_an_error_with_its_line() -> None:
    doc = read_markdown("x.md", "---\nversion: [1\n---\n")
    assert doc.diagnostics and doc.diagnostics[0].loc is not None
    assert doc.diagnostics[0].loc.line >= 2
    assert "front matter" in doc.diagnostics[0].message


def test_split_row_escapes_and_code_spans() -> None:
    assert split_row("| a | b \\| c | `x | y` |") == ["a", "b | c", "`x | y`"]
    assert split_row("a | b") == ["a", "b"]


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_fast_block_scan_matches_markdown_it(path: Path) -> None:
    """Headings, paragraphs, comments and list items: the fast path and markdown-it-py agree."""
    text = path.read_text(encoding="utf-8")

    def shape(doc):  # type: ignore[no-untyped-def]
        out = []
        for b in doc.blocks:
            if isinstance(b, Paragraph):
                out.append(("p", [(n, t.strip()) for n, t in b.lines]))
            elif isinstance(b, Heading):
                out.append(("h", b.level, b.text, b.line))
            elif isinstance(b, Comment):
                out.append(("c", b.text.strip(), b.line))
            elif isinstance(b, ListItem):
                out.append(("li", b.line, b.depth, b.text))
        return out

    fast = shape(read_markdown(str(path), text))
    slow = shape(read_markdown(str(path), text, lift_lists=False, fast=False))
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    ["Title\n=====\n", "> quoted\n", "    indented code\n", "<div>\nraw\n</div>\n", "para\n---\n"],
)
def test_constructs_beyond_the_fast_path_go_to_markdown_it(text: str) -> None:
    fast = read_markdown("x.md", text)
    slow = read_markdown("x.md", text, lift_lists=False, fast=False)
    assert [(type(b).__name__, b.line) for b in fast.blocks] == [(type(b).__name__, b.line) for b in slow.blocks]
