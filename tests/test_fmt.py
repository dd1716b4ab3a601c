"""`specgen fmt`: canonical tables, the same design before and after, idempotent, prose untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SHARED, write_spec
from specgen.config import Settings
from specgen.design.build import build_design
from specgen.design.yaml_io import dump_design
from specgen.fmt import format_text
from specgen.parse import parse_text
from specgen.parse.ir import SpecIR


def _design(text: str) -> str:
    return dump_design(build_design(SpecIR([parse_text("s.md", text)]), Settings()).design)


def _documents() -> list[Path]:
    docs = sorted((ROOT / "specs").rglob("*.md")) + sorted((ROOT / "docs").glob("*.md"))
    wild = SHARED / "wild" / "files"
    return docs + (sorted(wild.glob("*.md")) if wild.is_dir() else [])


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_fmt_keeps_the_design_and_is_idempotent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_text(str(path), text)
    assert format_text(str(path), once) == once
    assert once.count("\n") == text.count("\n")  # every line stays where it was
    assert _design(once) == _design(text)


def test_native_tables_get_the_canonical_order_and_words() -> None:
    text = (
        "# Books\n\nSome prose | with a pipe.\n\n## Entity: Book\n"
        "| Type | Column | Constraints | Nullable |\n|---|---|---|---|\n"
        "| uuid | id | PK | no |\n| text | title | Not Null, UNIQUE, Indexed | |\n| text | note | `a\\|b` | yes |\n"
    )
    out = format_text("s.md", text).split("\n")
    assert out[:4] == text.split("\n")[:4]  # prose untouched
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in out[5:9]]
    assert cells[0] == ["Column", "Type", "Nullable", "Constraints"]
    assert set(cells[1][0]) == {"-"} and len({len(line) for line in out[5:9]}) == 1  # aligned
    assert cells[3] == ["title", "text", "", "unique, not null, index"]
    assert "`a\\|b`" in out[9] or "`a|b`" in out[9]


def test_alignment_markers_are_kept_in_other_tables() -> None:
    out = format_text("s.md", "| a | b |\n|:--|--:|\n| 1 | 22 |\n").split("\n")
    assert out[1] == "| :-- | --: |"


def test_fmt_cli_check_and_write(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, "## Entity: A\n| Column | Type |\n|---|---|\n| id | uuid |\n")
    code, _, err = cli("fmt", str(spec), "--check")
    assert code == 1 and "would reformat" in err
    assert cli("fmt", str(spec))[0] == 0
    assert spec.read_text() == "## Entity: A\n| Column | Type |\n| ------ | ---- |\n| id     | uuid |\n"
    code, out, _ = cli("fmt", str(spec), "--check")
    assert code == 0 and "every spec is formatted" in out


_cell = st.text(alphabet="abc xyz_(),`|:-0123456789", max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cell, min_size=2, max_size=4), min_size=1, max_size=5))
def test_any_table_formats_idempotently_and_reads_the_same(rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    esc = [[c.replace("|", "\\|") for c in r] for r in rows]
    text = "## Entity: T\n| Column | Type |" + " x |" * (width - 2) + "\n|---|---|" + "---|" * (width - 2) + "\n"
    text += "".join("| " + " | ".join(r) + " |\n" for r in esc)
    once = format_text("s.md", text)
    assert format_text("s.md", once) == once
    assert _design(once) == _design(text)
