"""`specgen check`: design + validate + generated files up to date + a revision per change + no unacknowledged
breaking change; one line a problem, exit 0/1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic_helpers import Project
from test_diff import AUTHORS, BOOKS
from test_plan import add_row

from conftest import run_specgen
from specgen.check import check


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A project the CLI and the in-process calls see alike (paths relative to its root)."""
    from specgen.config import load_settings

    p = Project(tmp_path / "p")
    (p.root / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\ngenerated = "generated"\n')
    monkeypatch.chdir(p.root)
    p.settings = load_settings(".")
    p.write("# s\n" + AUTHORS + BOOKS)
    p.render()
    return p


def test_clean(project: Project) -> None:
    assert check(project.settings) == []
    res = run_specgen("check", cwd=project.root)
    assert res.returncode == 0, res.stderr
    assert "up to date" in res.stdout


def test_names_each_stale_file(project: Project) -> None:
    env = project.migrations / "env.py"
    env.write_text(env.read_text() + "# edited\n")
    (project.root / "generated" / "design.yaml").unlink()
    problems = check(project.settings)
    assert any(
        p.endswith("generated/migrations/env.py: stale: differs from what `specgen render --target alembic` writes")
        for p in problems
    ), problems
    assert any("generated/design.yaml: stale: is missing" in p for p in problems), problems
    res = run_specgen("check", cwd=project.root)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "check: 2 problem(s)" in res.stderr


def test_missing_revision(project: Project) -> None:
    project.write("# s\n" + add_row(AUTHORS, "| country | varchar(2) | no | 'xx' | |") + BOOKS)
    problems = check(project.settings)
    assert any("no revision for the design change (add column authors.country)" in p for p in problems), problems
    assert any("design.yaml: stale" in p for p in problems)
    project.render()
    assert check(project.settings) == []


def test_unacknowledged_breaking_change(project: Project) -> None:
    project.write("# s\n" + AUTHORS.replace("| code | varchar(10) | yes | | |\n", "") + BOOKS)
    problems = check(project.settings)
    assert any(
        "error: unacknowledged breaking change: column drop of authors (code)" in p
        and "allow drop column authors.code" in p
        for p in problems
    ), problems
    res = run_specgen("check", cwd=project.root)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    res = run_specgen("validate", cwd=project.root)
    assert "SG801" in res.stdout + res.stderr


def test_spec_errors_and_several_heads(project: Project) -> None:
    versions = project.migrations / "versions"
    first = project.revisions()[0]
    (versions / "zzz_other.py").write_text('revision = "zzz"\ndown_revision = None\n')
    problems = check(project.settings)
    assert any("several head revisions" in p for p in problems), problems
    (versions / "zzz_other.py").unlink()
    assert first.is_file()
    project.write(
        "# s\n| broken\n## Entity: X\ntable: x\n\n| Column | Type | Constraints |\n|---|---|---|\n"
        "| id | nosuchtype | fk nowhere.id |\n"
    )
    res = run_specgen("check", cwd=project.root)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "error" in res.stderr and "nowhere" in res.stderr


def test_cli_end_to_end(tmp_path: Path) -> None:
    """design -> render --target alembic -> verify -> check, then a safe change and an unsafe one."""
    root = tmp_path / "e2e"
    (root / "specs" / "database").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.specgen]\n")
    spec = root / "specs" / "database" / "spec.md"
    spec.write_text("# s\n" + AUTHORS + BOOKS)
    for args in (("design",), ("render", "--target", "alembic"), ("verify",), ("check",)):
        res = run_specgen(*args, cwd=root)
        assert res.returncode == 0, (args, res.stdout, res.stderr)
    spec.write_text("# s\n" + add_row(AUTHORS, "| country | varchar(2) | no | 'xx' | |") + BOOKS)
    res = run_specgen("check", cwd=root)
    assert res.returncode == 1 and "no revision for the design change" in res.stderr
    for args in (("design",), ("render", "--target", "alembic"), ("verify",), ("check",)):
        res = run_specgen(*args, cwd=root)
        assert res.returncode == 0, (args, res.stdout, res.stderr)
    assert len(list((root / "generated" / "migrations" / "versions").glob("*.py"))) == 2
    res = run_specgen("render", "--target", "alembic", cwd=root)
    assert res.returncode == 0 and "wrote" not in res.stdout  # nothing changed, nothing new
    spec.write_text("# s\n" + AUTHORS)
    res = run_specgen("render", "--target", "alembic", cwd=root)
    assert res.returncode == 1 and "SG802" in res.stderr and "Traceback" not in res.stderr


def test_other_targets_are_checked_when_generated(project: Project) -> None:
    res = run_specgen("render", "--target", "sqlmodel", cwd=project.root)
    if res.returncode != 0 or not (project.root / "generated" / "models.py").is_file():
        pytest.skip(f"sqlmodel target unavailable: {res.stderr[-200:]}")
    assert check(project.settings) == []
    models = project.root / "generated" / "models.py"
    models.write_text(models.read_text() + "# edited\n")
    assert check(project.settings) == [
        "generated/models.py: stale: differs from what `specgen render --target sqlmodel` writes"
    ]


def test_optional_targets_are_checked_where_rendered(project: Project) -> None:
    res = run_specgen("render", "--target", "sql", "--dialect", "sqlite", cwd=project.root)
    assert res.returncode == 0, res.stderr
    assert check(project.settings) == []  # schema.postgresql.sql was never rendered: not drift
    sqlite_sql = project.root / "generated" / "schema.sqlite.sql"
    sqlite_sql.write_text(sqlite_sql.read_text() + "-- edited\n")
    assert [p for p in check(project.settings) if "schema.sqlite.sql: stale: differs" in p]
