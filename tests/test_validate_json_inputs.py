"""`validate --format json` on every input the repository's tests read from files (tests/**/*.md, the
design.yaml files, the example specs) and on every case of ../shared/regressions: a JSON list of findings
(each with its code, severity and location fields), exit 0 or 1, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED

KEYS = {"code", "severity", "category", "message", "entity", "column", "entities", "form", "file", "line", "hint"}


def _inputs() -> list[Path]:
    tests = ROOT / "tests"
    found = sorted(tests.rglob("*.md")) + sorted(tests.rglob("design.yaml"))
    found += [ROOT / "specs" / "database"] if (ROOT / "specs" / "database").is_dir() else []
    return found


def _cases() -> list[str]:
    folder = SHARED / "regressions"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def _findings(cli, target: Path) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    code, out, err = cli("validate", str(target), "--format", "json")
    assert "Traceback" not in out + err, (out + err)[-3000:]
    assert code in (0, 1), f"exit {code}: {(out + err)[-2000:]}"
    found = json.loads(out)
    assert isinstance(found, list) and all(KEYS <= set(f) for f in found), out[:2000]
    assert (code == 1) == any(f["severity"] == "error" for f in found)
    return found


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_test_input_gives_json_findings(cli, path: Path) -> None:  # type: ignore[no-untyped-def]
    _findings(cli, path)


@pytest.mark.parametrize("name", _cases())
def test_every_regression_case_gives_json_findings(name: str, tmp_path: Path) -> None:
    work = tmp_path / name
    shutil.copytree(SHARED / "regressions" / name, work)
    if (work / "gen.py").is_file():
        subprocess.run([sys.executable, "gen.py"], cwd=work, check=True, timeout=60)
    proc = subprocess.run(
        [sys.executable, "-m", "specgen", "validate", "--format", "json"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1), f"exit {proc.returncode}: {proc.stderr[-2000:]}"
    found = json.loads(proc.stdout)
    assert isinstance(found, list) and all(KEYS <= set(f) for f in found)
    assert (proc.returncode == 1) == any(f["severity"] == "error" for f in found)
