"""The sqlmodel target on real schemas: the corpus DDL (Chinook, Northwind, Sakila) and the seeds, read in
place from ../shared (skipped where absent). Each schema renders, passes ruff, imports in a fresh
interpreter and creates on SQLite and PostgreSQL with zero differences from its design; each miss is
listed below with its reason and asserted, so that it is noticed when it goes away."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_render_sqlmodel import LINT, assert_clean, check_models, ruff

from conftest import SEEDS, corpus_file, seed_path
from specgen.config import Settings
from specgen.design.build import BuildResult, build_design
from specgen.design.yaml_io import dump_design
from specgen.errors import SpecErrors
from specgen.parse import parse_text
from specgen.parse.ir import SpecIR
from specgen.render import render
from specgen.validate import validate

# the DDL corpus and seeds, rendered and run: `make test` runs it, `make test-fast` skips it
pytestmark = pytest.mark.slow

CORPUS = [
    "chinook/chinook_mysql.schema.sql",
    "chinook/chinook_postgresql.schema.sql",
    "chinook/chinook_postgresql_identity.schema.sql",
    "chinook/chinook_sqlite.schema.sql",
    "northwind/northwind.schema.sql",
    "sakila/postgres-sakila-schema.sql",
    "sakila/sqlite-sakila-schema.sql",
]

# Schemas that do not reach the renderer, and why (asserted below).
CORPUS_MISSES = {
    "sakila/mysql-sakila-schema.sql": "MySQL SET type and index names reused across tables: validate reports errors",
}
# What each seed gives the renderer, and why (the schemas are restated in specs/database/, which render cleanly).
SEEDS_EXPECTED = {
    "000": "refused: a relationship to 'ValidationCheck', an entity the seed never defines",
    "001": "refused: relationships to 'Decision' and 'ContextSnapshot' and indexes on their tables, which the seed never defines",
    "002": "refused: relationships to 'Artifact', an entity seed 002 never defines",
    "003": "no tables: the schema is stated in prose and acceptance criteria",
    "004": "no tables: the Database Modeling specification describes the design document, not a schema",
}


def design_of(name: str, markdown: str) -> BuildResult:
    return build_design(SpecIR([parse_text(name, markdown)]))


def render_into(result: BuildResult, out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    for path, text in render(result.design, "sqlmodel", Settings(), out).items():
        path.write_text(text, encoding="utf-8")
    (out / "design.yaml").write_text(dump_design(result.design), encoding="utf-8")
    return out / "models.py", out / "design.yaml"


def corpus_design(relative: str) -> BuildResult:
    sql = corpus_file(relative).read_text(encoding="utf-8")
    return design_of(f"{relative}.md", "# Corpus schema\n\n```sql\n" + sql + "\n```\n")


@pytest.mark.parametrize("relative", CORPUS)
def test_corpus_models_on_sqlite(relative: str, tmp_path: Path) -> None:
    result = corpus_design(relative)
    assert not result.errors, [d.format() for d in result.errors]
    models, design_yaml = render_into(result, tmp_path)
    assert ruff("check", *LINT, models).returncode == 0
    assert ruff("format", "--isolated", "--check", models).returncode == 0
    assert_clean(check_models(models, design_yaml, f"sqlite:///{tmp_path / 'db.sqlite'}"))


@pytest.mark.parametrize("relative", CORPUS)
def test_corpus_models_on_postgresql(relative: str, tmp_path: Path, pg_url: str) -> None:
    result = corpus_design(relative)
    models, design_yaml = render_into(result, tmp_path)
    assert_clean(check_models(models, design_yaml, pg_url))


def test_keyless_tables_become_core_tables(tmp_path: Path) -> None:
    result = corpus_design("sakila/postgres-sakila-schema.sql")
    models, _ = render_into(result, tmp_path)
    text = models.read_text()
    assert 'payment_p200701_table = sa.Table(\n    "payment_p2007_01",\n    SQLModel.metadata,' in text
    assert "class Customer(SQLModel, table=True):" in text


@pytest.mark.parametrize("relative", sorted(CORPUS_MISSES))
def test_corpus_misses_are_design_errors(relative: str) -> None:
    result = corpus_design(relative)
    judged = [f for f in validate(result.design) if f.severity == "error"]
    assert result.errors or judged, f"{relative} now designs cleanly: move it to CORPUS ({CORPUS_MISSES[relative]})"
    assert any(f.code == "SG106" and "index name" in f.message for f in judged)


def seed_design(prefix: str) -> BuildResult:
    path = seed_path(prefix)
    return design_of(f"seed{prefix}.md", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("prefix", sorted(SEEDS_EXPECTED))
def test_seed(prefix: str, tmp_path: Path) -> None:
    """Each seed either renders and creates with zero differences, or its miss is the one listed, with lines."""
    result = seed_design(prefix)
    expected = SEEDS_EXPECTED[prefix]
    if result.errors:
        assert expected.startswith("design errors"), [d.format() for d in result.errors]
        assert all(d.loc is not None and d.loc.line > 0 for d in result.errors)
        return
    if not result.design.database_schema.entities:
        assert expected.startswith("no tables")
        text = next(iter(render(result.design, "sqlmodel", Settings(), tmp_path).values()))
        assert "class " not in text
        compile(text, "models.py", "exec")
        return
    try:
        models, design_yaml = render_into(result, tmp_path)
    except SpecErrors as exc:
        assert expected.startswith("refused"), exc.lines()
        assert all(line.startswith(f"seed{prefix}.md:") for line in exc.lines()), exc.lines()
        return
    assert expected.startswith("renders"), f"seed {prefix} renders now: update SEEDS_EXPECTED"
    assert_clean(check_models(models, design_yaml, f"sqlite:///{tmp_path / 'db.sqlite'}"))


def test_every_seed_is_covered() -> None:
    if not SEEDS.is_dir():
        pytest.skip("no ../shared/seeds")
    prefixes = {p.name[:3] for p in SEEDS.iterdir() if p.suffix == ".txt"}
    assert prefixes <= set(SEEDS_EXPECTED)
