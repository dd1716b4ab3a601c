"""Helpers of the migration tests: a throwaway project (specs + generated/) driven through the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from specgen.config import Settings
from specgen.design.baseline import migrations_dir
from specgen.design.model import Design, MigrationPlan, json_schema
from specgen.design.result import BuildResult
from specgen.design.yaml_io import SCHEMA_FILE, dump_design
from specgen.pipeline import design_specs
from specgen.render.alembic import render_alembic
from specgen.render.writer import write_files


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = Settings(root=str(root))
        (root / "specs" / "database").mkdir(parents=True, exist_ok=True)

    @property
    def migrations(self) -> Path:
        return migrations_dir(self.settings)

    def write(self, text: str, name: str = "spec.md") -> None:
        (self.root / "specs" / "database" / name).write_text(text, encoding="utf-8")

    def result(self) -> BuildResult:
        """The pipeline's design and plan."""
        result = design_specs([], self.settings)
        assert not result.errors, [d.format() for d in result.errors]
        return result

    def design(self) -> Design:
        return self.result().design

    def plan(self) -> MigrationPlan:
        """The plan stage's summary: design.yaml's migration_plan."""
        plan = self.result().plan
        assert plan is not None
        return plan.summary

    def render(self) -> list[Path]:
        """`specgen design` + `specgen render --target alembic`: the files written."""
        result = self.result()
        gen = self.settings.path(self.settings.generated)
        files = {
            gen / "design.yaml": dump_design(result.design, result.plan),
            gen / SCHEMA_FILE: json.dumps(json_schema(), indent=2, sort_keys=True) + "\n",
            **render_alembic(result.design, self.settings, gen, plan=result.plan),
        }
        return write_files(files)

    def revisions(self) -> list[Path]:
        """Revision files in chain order, base first."""
        from specgen.design.baseline import revisions

        return [r.path for r in revisions(self.migrations / "versions")]


def alembic(project: Project, conn: Any, *args: str) -> None:
    """`alembic upgrade head` etc. on an open connection (committed afterwards)."""
    from alembic import command

    from specgen.verify import alembic_config

    cfg = alembic_config(project.migrations, conn)
    getattr(command, args[0])(cfg, *args[1:])
    conn.commit()


@contextmanager
def engine(url: str) -> Iterator[Any]:
    import sqlalchemy as sa

    eng = sa.create_engine(url)
    try:
        yield eng
    finally:
        eng.dispose()


README_STEPS = (["design"], ["validate"], ["render", "--target", "sqlmodel"], ["render", "--target", "alembic"])


def migrated_on_sqlite(root: Path, specs: dict[str, str], cli: Any) -> Any:
    """A project of `specs` (file name -> Markdown) taken the README's way: design, validate, render sqlmodel and
    alembic (the Typer app in-process, `cli` fixture), then `alembic upgrade head` on a SQLite file; its engine."""
    import os

    import sqlalchemy as sa
    from alembic import command

    from specgen.verify import alembic_config

    (root / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\n', encoding="utf-8")
    (root / "specs").mkdir()
    for name, text in specs.items():
        (root / "specs" / name).write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for args in README_STEPS:
            status, out, err = cli(*args)
            assert status == 0, (args, out, err)
    finally:
        os.chdir(cwd)
    engine = sa.create_engine(f"sqlite:///{root / 'db.sqlite'}")
    with engine.connect() as conn:
        command.upgrade(alembic_config(root / "generated" / "migrations", conn), "head")
        conn.commit()
    return engine
