"""Views, materialized views (with indexes), functions and triggers through the CLI path on PostgreSQL:
created in dependency order, matching the same DDL loaded directly, dropped by the downgrade, and recreated
by a later revision when their SQL changes."""

from __future__ import annotations

from pathlib import Path

import yaml
from corpus_path import alembic, facts_of_ddl, specgen
from pg_facts import compare, facts

DDL = """
CREATE TABLE film (id integer PRIMARY KEY, title text NOT NULL, length integer, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE FUNCTION long_films() RETURNS SETOF film LANGUAGE sql AS $$ SELECT * FROM film WHERE length > 120 $$;
CREATE VIEW film_titles AS SELECT f.id, upper(f.title) AS title FROM long_films() f;
CREATE VIEW short_titles AS SELECT id, title FROM film_titles WHERE id < 10;
CREATE MATERIALIZED VIEW film_stats AS SELECT count(*) AS n, max(length) AS longest FROM film WITH NO DATA;
CREATE UNIQUE INDEX film_stats_n ON film_stats (n);
CREATE TRIGGER film_touch BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION touch();
"""


def _project(folder: Path, ddl: str) -> None:
    (folder / "specs" / "database").mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    (folder / "specs" / "database" / "films.md").write_text(f"# Films\n\n```sql\n{ddl}\n```\n", encoding="utf-8")


def test_views_functions_triggers_round_trip(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    _project(tmp_path, DDL)
    assert specgen("design", cwd=tmp_path).code == 0
    schema = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]
    views = [(v["name"], v.get("materialized", False), v.get("depends_on")) for v in schema["views"]]
    assert views == [
        ("film_titles", False, None),  # reads a function (created before the views), no table
        ("short_titles", False, ["film_titles"]),
        ("film_stats", True, ["film"]),
    ]
    assert [(o["kind"], o["name"], o.get("phase", "before")) for o in schema["sql_objects"]] == [
        ("function", "touch", "before"),
        ("function", "long_films", "tables"),  # returns SETOF film: after the tables
        ("trigger", "film_touch", "after"),
    ]
    render = specgen("render", "--target", "alembic", cwd=tmp_path)
    assert render.code == 0, render.out
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out

    expected, got = facts_of_ddl(pg_url, DDL), facts(pg_url)
    matched, misses, extra = compare(expected, got)
    assert not misses and not extra, (misses, extra)
    assert expected["public.film_stats:kind"] == "materialized view"
    assert any(k.startswith("public.film_stats:index CREATE UNIQUE") or "film_stats USING btree (n)" in k for k in got)

    with sa.create_engine(pg_url).begin() as conn:  # the trigger and the function work
        conn.exec_driver_sql("INSERT INTO film VALUES (1, 'a', 130, NULL)")
        conn.exec_driver_sql("UPDATE film SET title = 'b'")
        assert conn.exec_driver_sql(
            "SELECT updated_at IS NOT NULL, (SELECT title FROM film_titles) FROM film"
        ).one() == (
            True,
            "B",
        )

    # A changed view is dropped and created again, with the view that reads it.
    _project(tmp_path, DDL.replace("upper(f.title)", "lower(f.title)"))
    assert specgen("render", "--target", "alembic", cwd=tmp_path).code == 0
    revisions = sorted((tmp_path / "generated" / "migrations" / "versions").glob("*.py"))
    assert len(revisions) == 2, revisions
    second = next(t for t in (r.read_text() for r in revisions) if "\nRevises: " in t)
    assert second.index("DROP VIEW IF EXISTS short_titles") < second.index("DROP VIEW IF EXISTS film_titles")
    assert "film_stats" not in second.split("def downgrade")[0]
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out
    with sa.create_engine(pg_url).connect() as conn:
        assert conn.exec_driver_sql("SELECT title FROM short_titles").scalar() == "b"

    down = alembic("downgrade", "base", cwd=tmp_path, url=pg_url)
    assert down.code == 0, down.out
    left = facts(pg_url)
    assert not [k for k in left if k.startswith("public.")], left
