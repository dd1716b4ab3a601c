"""`specgen verify` and pytest-alembic's built-in tests against the generated environment, on SQLite and
PostgreSQL, for the project's example specs, a seed, corpus DDL and a two-revision history."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic_helpers import Project
from design_edit import edit

from conftest import CORPUS, ROOT, SEEDS
from specgen.verify import alembic_config, verify


def _sql_spec(path: Path) -> str:
    return f"# {path.name}\n\n```sql\n{path.read_text(encoding='utf-8')}\n```\n"


CASES = {
    "examples": lambda: {
        p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "specs" / "database").glob("*.md"))
    },
    "seed-002": lambda: {"seed.md": next(SEEDS.glob("002_*")).read_text(encoding="utf-8")},
    "northwind": lambda: {"northwind.md": _sql_spec(CORPUS / "northwind" / "northwind.schema.sql")},
    "chinook": lambda: {"chinook.md": _sql_spec(CORPUS / "chinook" / "chinook_postgresql.schema.sql")},
}


def _project(tmp_path: Path, case: str) -> Project:
    if case != "examples" and not SEEDS.parent.is_dir():
        pytest.skip("../shared is absent")
    project = Project(tmp_path / case)
    for name, text in CASES[case]().items():
        project.write(text, name)
    project.render()
    return project


def _evolved(tmp_path: Path) -> Project:
    from test_evolution import V1, V2

    project = Project(tmp_path / "evolution")
    project.write(V1)
    project.render()
    project.write(V2)
    project.render()
    assert len(project.revisions()) == 2
    return project


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str | None:
    return None if request.param == "sqlite" else request.getfixturevalue("pg_url")


@pytest.mark.parametrize("case", [*CASES, "evolution"])
def test_verify(tmp_path: Path, case: str, db_url: str | None) -> None:
    project = _evolved(tmp_path) if case == "evolution" else _project(tmp_path, case)
    assert verify(project.migrations, project.design(), db_url) == []


@pytest.mark.parametrize("case", [*CASES, "evolution"])
def test_pytest_alembic_builtin_tests(tmp_path: Path, case: str, db_url: str | None) -> None:
    import warnings

    with warnings.catch_warnings():  # its tests carry @pytest.mark.alembic; the plugin that registers it is off
        warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
        from pytest_alembic import tests
    from pytest_alembic.config import Config
    from pytest_alembic.runner import runner

    project = _evolved(tmp_path) if case == "evolution" else _project(tmp_path, case)
    url = db_url or f"sqlite:///{tmp_path / 'pa.sqlite3'}"
    engine = sa.create_engine(url)
    try:
        for test in (
            tests.test_single_head_revision,
            tests.test_upgrade,
            tests.test_model_definitions_match_ddl,
            tests.test_up_down_consistency,
        ):
            config = Config.from_raw_config(alembic_config(project.migrations))
            with runner(config=config, engine=engine) as alembic_runner:
                test(alembic_runner)
    finally:
        engine.dispose()


def test_verify_reports_drift(tmp_path: Path) -> None:
    """Models that the revisions do not produce are named, one difference a line."""
    project = _project(tmp_path, "examples")
    design = project.design()
    col = design.database_schema.entities[0].columns[-1]
    columns = [*design.database_schema.entities[0].columns, col.model_copy(update={"name": "extra_col"})]
    design = edit(design, "database_schema.entities.0", columns=columns)
    problems = verify(project.migrations, design)
    assert any("add_column" in p and "extra_col" in p for p in problems), problems


def test_verify_without_environment(tmp_path: Path) -> None:
    project = Project(tmp_path / "empty")
    project.write((ROOT / "specs" / "database" / "collections.md").read_text(encoding="utf-8"))
    problems = verify(project.migrations, project.design())
    assert problems and "alembic.ini: not found" in problems[0]


def test_verify_cli(tmp_path: Path) -> None:
    from conftest import run_specgen

    project = _project(tmp_path, "examples")
    (project.root / "pyproject.toml").write_text("[tool.specgen]\n", encoding="utf-8")
    res = run_specgen("verify", cwd=project.root)
    assert res.returncode == 0, res.stderr
    assert "ok" in res.stdout
    shutil.rmtree(project.migrations / "versions")
    (project.migrations / "versions").mkdir()
    res = run_specgen("verify", cwd=project.root)  # no revision: the models' tables are missing
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert "error: models differ from the migrated database: add_table collections" in res.stderr


def test_verify_refuses_a_database_that_holds_tables(tmp_path: Path) -> None:
    project = _project(tmp_path, "examples")
    db = tmp_path / "busy.sqlite3"
    eng = sa.create_engine(f"sqlite:///{db}")
    with eng.begin() as conn:
        conn.execute(sa.text("CREATE TABLE precious (id integer)"))
    eng.dispose()
    problems = verify(project.migrations, project.design(), f"sqlite:///{db}")
    assert problems == ["the database is not empty (precious); verify needs a fresh, empty database"]
    assert verify(project.migrations, project.design(), "nosuchdb://x")[0].startswith("cannot connect")
