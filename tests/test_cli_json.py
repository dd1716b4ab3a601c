"""`design`, `check` and `verify` speak `--format json`: one object on stdout, the exit code of the text run,
each problem with its place (docs/cli.md, "JSON output"). Run through the CLI in a fresh process."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_specgen

SPEC = """# Shop

## Entity: Customer
table: customers

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| email | varchar(100) | no | | unique |
"""
BROKEN = SPEC + "| team_id | integer | yes | | fk teams.id on delete set null |\n"
KEYS = {"command", "ok", "exit_code", "problems"}


def _project(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "p"
    (root / "specs" / "database").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.specgen]\n")
    (root / "specs" / "database" / "shop.md").write_text(text)
    return root


def _json(*args: str, cwd: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    res = run_specgen(*args, "--format", "json", cwd=cwd)
    assert "Traceback" not in res.stderr, res.stderr
    return res.returncode, json.loads(res.stdout)


def test_design_json(tmp_path: Path) -> None:
    root = _project(tmp_path, SPEC)
    code, out = _json("design", cwd=root)
    assert code == 0 and KEYS <= set(out), out
    assert (out["command"], out["ok"], out["entities"], out["written"]) == ("design", True, 1, True)
    assert Path(root / out["output"]).is_file() and out["problems"] == []
    code, out = _json("design", cwd=root)
    assert code == 0 and out["written"] is False  # the same design: unchanged
    code, out = _json("design", "--explain", cwd=root)
    assert code == 0 and out["explain"]["summary"], out


def test_design_json_with_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path, "## Enum: Empty\n\n" + SPEC)
    code, out = _json("design", cwd=root)
    assert code == 1 and out["ok"] is False and out["exit_code"] == 1
    (err,) = [p for p in out["problems"] if p["severity"] == "error"]
    assert err["file"].endswith("shop.md") and err["line"] == 1 and "no values" in err["message"]


def test_design_json_usage_error(tmp_path: Path) -> None:
    root = _project(tmp_path, SPEC)
    code, out = _json("design", "specs/missing.md", cwd=root)
    assert code == 2 and out["exit_code"] == 2 and out["problems"], out


def test_check_and_verify_json(tmp_path: Path) -> None:
    root = _project(tmp_path, SPEC)
    code, out = _json("check", cwd=root)
    assert code == 1 and out["command"] == "check" and out["database"] is None
    assert any(p["message"].startswith("stale:") and p["file"].endswith("design.yaml") for p in out["problems"])
    code, out = _json("verify", cwd=root)
    assert code == 1 and "alembic.ini: not found" in out["problems"][0]["message"]
    for cmd in (["design"], ["render", "--target", "alembic"], ["render", "--target", "sqlmodel"]):
        assert run_specgen(*cmd, cwd=root).returncode == 0
    code, out = _json("check", cwd=root)
    assert (code, out["ok"], out["problems"]) == (0, True, []), out
    code, out = _json("verify", cwd=root)
    assert (code, out["ok"], out["problems"], out["database"]) == (0, True, [], "sqlite://"), out
    assert out["steps"] == ["upgrade head", "models match", "downgrade base", "upgrade head"]


def test_check_json_names_findings_with_their_line(tmp_path: Path) -> None:
    root = _project(tmp_path, BROKEN)
    code, out = _json("check", cwd=root)
    assert code == 1
    errors = [p for p in out["problems"] if p["severity"] == "error"]
    assert errors and all(p["file"] and p["file"].endswith("shop.md") and p["line"] for p in errors), errors
    assert any("teams" in p["message"] for p in errors)


def test_check_json_reports_drift(tmp_path: Path) -> None:
    import sqlite3

    root = _project(tmp_path, SPEC)
    for cmd in (["design"], ["render", "--target", "alembic"], ["render", "--target", "sqlmodel"]):
        assert run_specgen(*cmd, cwd=root).returncode == 0
    db = tmp_path / "live.sqlite3"
    sqlite3.connect(db).execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)").connection.commit()
    code, out = _json("check", "--database", f"sqlite:///{db}", cwd=root)
    assert code == 1 and out["database"] == f"sqlite:///{db}"
    drift = [p for p in out["problems"] if "drift:" in p["message"]]
    assert drift and any("email" in p["message"] for p in drift), out
