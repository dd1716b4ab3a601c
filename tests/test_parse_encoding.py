"""Spec files as bytes: a UTF-8 byte order mark is dropped; a file that is not UTF-8 is a located error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SHARED, run_specgen
from specgen.parse import parse

SPEC = "---\nversion: 2\n---\n# Shop\n\n## Entity: Item\n\n| Column | Type |\n|---|---|\n| id | integer |\n"


def test_bom_is_dropped_and_front_matter_still_read(tmp_path: Path) -> None:
    p = tmp_path / "bom.md"
    p.write_bytes(b"\xef\xbb\xbf" + SPEC.encode())
    spec = parse([p]).files[0]
    assert spec.front_matter == {"version": 2}
    assert [e.name for e in spec.entities] == ["Item"]
    assert [d for d in spec.diagnostics if d.severity != "info"] == []


def test_non_utf8_is_an_error_at_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    bad = tmp_path / "a_bad.md"
    bad.write_bytes("# Caf\n\nline two\nna\u00efve\n".encode("latin-1"))
    good = tmp_path / "b_good.md"
    good.write_text(SPEC, encoding="utf-8")
    ir = parse([bad, good])
    assert [len(f.entities) for f in ir.files] == [0, 1]
    (d,) = ir.diagnostics
    assert d.severity == "error" and d.message.startswith("not UTF-8: byte 0xef")
    assert (d.loc.line, d.loc.col) == (4, 3)
    assert d.hint and "UTF-8" in d.hint


def test_cli_exit_code_is_1_with_path_and_line(tmp_path: Path) -> None:
    spec = tmp_path / "specs" / "database" / "x.md"
    spec.parent.mkdir(parents=True)
    spec.write_bytes(b"# T\n\n\xff\xfe\n")
    result = run_specgen("design", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "x.md:3: error: not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_regression_16_non_utf8(tmp_path: Path) -> None:
    case = SHARED / "regressions" / "16-non-utf8"
    if not case.is_dir():
        pytest.skip("../shared/regressions not found")
    shutil.copytree(case, tmp_path / "case")
    for p in (tmp_path / "case").rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    result = run_specgen("validate", cwd=tmp_path / "case")
    assert result.returncode == 1
    assert "repro.md:1: error: not UTF-8" in result.stdout + result.stderr
