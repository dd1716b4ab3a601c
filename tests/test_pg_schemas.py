"""Several schemas in one design, through the CLI path: `SET search_path` places what follows it, tables of one
name in two schemas (and `"Foo"` beside `foo`) stay two entities, foreign keys find the table of their own schema,
and types, domains, enums and kept objects created under the path are found there by the tables and functions
that name them. The revision's database must have the facts of the same DDL loaded directly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from corpus_path import alembic, another_database, facts_of_ddl, specgen
from pg_facts import compare, facts

DDL = """
CREATE SCHEMA v1;
CREATE SCHEMA v2;
CREATE SCHEMA app;
CREATE TABLE v1.parents (id int PRIMARY KEY, name text);
CREATE TABLE v1.children (id int PRIMARY KEY, parent_id int REFERENCES v1.parents (id));
CREATE TABLE v2.parents (id int PRIMARY KEY, title text NOT NULL);
CREATE TABLE v2.children (id int PRIMARY KEY, parent_id int REFERENCES v2.parents (id) ON DELETE CASCADE);
SET search_path = app, pg_catalog;
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN "image/png" AS bytea;
CREATE TYPE point_2d AS (x integer, y integer);
CREATE TABLE foo (id int PRIMARY KEY, m mood, img "image/png", at point_2d, t timetz, owner name);
CREATE TABLE "Foo" (id int PRIMARY KEY, foo_id int REFERENCES foo (id), col int UNIQUE DEFERRABLE);
CREATE INDEX ix_foo_m ON foo (m);
COMMENT ON TABLE foo IS 'lower foo';
CREATE FUNCTION mood_of(f foo) RETURNS mood LANGUAGE sql AS $$ SELECT f.m $$;
CREATE VIEW happy AS SELECT id FROM foo WHERE m = 'ok';
CREATE TABLE numbers AS SELECT x::int AS val FROM generate_series(1, 3) x;
SET search_path = public, pg_catalog;
CREATE TABLE plain (id int PRIMARY KEY, foo_id int REFERENCES app.foo (id));
"""


def _project(folder: Path) -> None:
    (folder / "specs" / "database").mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    (folder / "specs" / "database" / "schemas.md").write_text(f"# Schemas\n\n```sql\n{DDL}\n```\n", encoding="utf-8")


def test_tables_of_one_name_in_two_schemas_are_two_entities(tmp_path: Path) -> None:
    _project(tmp_path)
    step = specgen("design", cwd=tmp_path)
    assert step.code == 0, step.out
    schema = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]
    entities = {(e.get("schema_name"), e["table_name"]): e for e in schema["entities"]}
    assert entities[("v1", "parents")]["name"] == "Parent" and entities[("v2", "parents")]["name"] == "V2Parent"
    assert entities[("app", "foo")]["name"] == "Foo" and entities[("app", "Foo")]["name"] == "Foo2"
    assert ("app", "numbers") not in entities  # CREATE TABLE … AS SELECT: a kept object, no model
    foo = {c["name"]: c for c in entities[("app", "foo")]["columns"]}
    assert foo["img"]["domain"] == 'app."image/png"'
    assert foo["at"]["sql_type"] == "app.point_2d" and foo["t"]["sql_type"] == "timetz"
    assert foo["owner"]["sql_type"] == "name"
    assert {e["name"]: e.get("schema_name") for e in schema["enums"]} == {"mood": "app"}
    kept = {o["name"]: o for o in schema["sql_objects"]}
    assert kept["mood_of"]["search_path"] == "app, pg_catalog" and "search_path" not in kept["v1"]
    assert kept["numbers"]["kind"] == "table" and kept["numbers"]["phase"] == "tables"
    assert schema["views"][0]["search_path"] == "app, pg_catalog"
    deferrable = entities[("app", "Foo")]["constraints"]
    assert deferrable[0]["type"] == "unique" and deferrable[0]["deferrable"] is True


def test_revision_builds_what_the_ddl_builds(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    _project(tmp_path)
    for target in ("alembic", "sqlmodel"):
        step = specgen("render", "--target", target, cwd=tmp_path)
        assert step.code == 0, step.out
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out

    expected, got = facts_of_ddl(pg_url, DDL), facts(pg_url)
    matched, misses, extra = compare(expected, got)
    assert not misses and not extra, (misses, extra)
    assert expected["v2.children:kind"] == "table" and expected["app.Foo:kind"] == "table"
    with sa.create_engine(pg_url).begin() as conn:  # each FK reaches the table of its own schema
        targets = conn.exec_driver_sql(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
        ).all()
    assert sorted(targets) == [
        ('app."Foo"', "app.foo"),
        ("plain", "app.foo"),
        ("v1.children", "v1.parents"),
        ("v2.children", "v2.parents"),
    ]
    models = subprocess.run(
        [sys.executable, "-c", "import models"], cwd=tmp_path / "generated", capture_output=True, text=True
    )
    assert models.returncode == 0, models.stderr[-2000:]

    down = alembic("downgrade", "base", cwd=tmp_path, url=pg_url)
    assert down.code == 0, down.out
    assert not [k for k in facts(pg_url) if k.startswith(("public.", "app.", "v1.", "v2."))]


def test_import_of_several_schemas_designs_back_to_the_same_facts(tmp_path: Path, pg_url: str) -> None:
    """`specgen import --schema all` reads every schema (as pg_dump writes them: each under its search path) into
    one spec that designs, renders and migrates back to the same facts."""
    import sqlalchemy as sa

    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(DDL)
    engine.dispose()
    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    imported = specgen("import", pg_url, "--schema", "all", "-o", "specs/database", cwd=tmp_path)
    assert imported.code == 0, imported.out
    assert [p.name for p in (tmp_path / "specs" / "database").glob("*.md")] == ["schemas.md"]
    spec = tmp_path / "specs" / "database" / "schemas.md"  # a table made by a query has no key (SG110), as in the DDL
    spec.write_text("---\nignore: [SG110]\n---\n" + spec.read_text(encoding="utf-8"), encoding="utf-8")
    for args in (("design",), ("render", "--target", "alembic")):
        step = specgen(*args, cwd=tmp_path)
        assert step.code == 0, step.out
    with another_database(pg_url) as url2:
        up = alembic("upgrade", "head", cwd=tmp_path, url=url2)
        assert up.code == 0, up.out
        matched, misses, extra = compare(facts(pg_url), facts(url2))
    assert not misses and not extra, (misses, extra)
