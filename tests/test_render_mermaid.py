"""`render --target mermaid`: the erDiagram parses with Mermaid's own parser and shows keys and cardinalities."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from mermaid_js import parse_all

from conftest import ROOT, write_spec
from specgen.config import Settings
from specgen.pipeline import require_design
from specgen.render.mermaid import erd_text

TRICKY = """\
# Names Mermaid's grammar does not take as they are

## Enum: mood
values: happy, "sad"

## Entity: end
table: style
description: A table whose names are Mermaid keywords.

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| pk | integer | no | | pk | the "key" column, with quotes |
| fk | numeric(12, 2) | yes | | | <script>alert(1)</script> |
| uk | text[] | yes | | | a list of tags \\| pipes |
| feel | mood | yes | | | |
| state | enum(new, done) | no | new | | |
| parent_pk | integer | yes | | fk style.pk on delete set null | self reference |

## Entity: Profile
table: profiles

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | integer | no | | pk | |
| owner_pk | integer | no | | unique, fk style.pk on delete cascade | one profile per row of style |
"""


def _design(path: Path):  # type: ignore[no-untyped-def]
    design, _ = require_design([str(path)], Settings())
    return design


def test_example_specs_parse_with_mermaid() -> None:
    text = erd_text(_design(ROOT / "specs" / "database"))
    [result] = parse_all([text])
    assert result == {"file": result["file"], "ok": True, "type": "er"}, result
    # every entity, with its keys
    assert "  CollectionArtifact {\n    uuid collection_id PK, FK\n" in text
    # identifying (FK part of the child key) vs non-identifying edges
    assert '  Collection ||--o{ CollectionArtifact : "collection_id (on delete cascade)"' in text
    assert '  Collection ||..o{ Group : "collection_id (on delete cascade)"' in text


def test_keyword_names_quotes_and_types_are_sanitized(tmp_path: Path) -> None:
    text = erd_text(_design(write_spec(tmp_path, TRICKY)))
    [result] = parse_all([text])
    assert result["ok"], f"{result}\n{text}"
    assert '  "end" {' in text
    assert "    integer pk_ PK \"the 'key' column, with quotes\"" in text
    assert '    numeric(12,2) fk_ "‹script>alert(1)‹/script>"\n' in text
    assert "    text[] uk_ " in text
    # self reference, nullable: zero-or-one parent; unique FK: one-to-one
    assert '  "end" |o..o{ "end" : "parent_pk (on delete set null)"' in text
    assert '  "end" ||..o| Profile : "owner_pk (on delete cascade)"' in text


def test_the_parser_is_real() -> None:
    """A broken diagram fails: the checks above prove something."""
    good, bad = parse_all(["erDiagram\n  a ||--o{ b : x\n", "erDiagram\n  a ||--o{ b x\n  end {\n  }\n"])
    assert good["ok"] is True
    assert bad["ok"] is False and "Parse error" in str(bad["error"])


def test_deterministic(tmp_path: Path) -> None:
    path = write_spec(tmp_path, TRICKY)
    assert erd_text(_design(path)) == erd_text(_design(path))


def test_golden_examples(golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/cases/examples/er.mmd: the example specs' diagram (`pytest --update-golden` rewrites it)."""
    monkeypatch.chdir(ROOT)
    text = erd_text(_design(Path("specs/database")))
    golden(ROOT / "tests" / "cases" / "examples" / "er.mmd", text)
