"""Kept SQL objects are created after what they name (design/sqldeps.py), whatever order the spec writes them in:
a function whose signature names an enum or a domain, a SQL function whose body reads a table, a trigger of a
function written after it. (hatchet's upgrade failed on the first: `type v1_payload_type does not exist`.)"""

from __future__ import annotations

from pathlib import Path

import yaml
from corpus_path import alembic, specgen

from specgen.design.model import SqlObject
from specgen.design.sqldeps import place_sql_objects

# Written in the order no database accepts: functions first, then the domain, the enum, the table.
DDL = """
CREATE TRIGGER payload_touch BEFORE INSERT ON payload FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION first_of(k payload_kind, n posint) RETURNS TABLE (id integer, kind payload_kind)
    LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT p.id, p.kind FROM payload p WHERE p.kind = k LIMIT n; END $$;
CREATE FUNCTION payload_count() RETURNS bigint BEGIN ATOMIC SELECT count(*) FROM payload; END;
CREATE FUNCTION sql_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM payload $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW."order" := NEW."order" + 1; RETURN NEW; END $$;
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TYPE payload_kind AS ENUM ('input', 'output');
CREATE TABLE payload (id integer PRIMARY KEY, kind payload_kind NOT NULL, "order" integer NOT NULL);
CREATE INDEX payload_order ON payload (kind, "order" DESC);
"""


def test_objects_are_created_after_what_they_name(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    (tmp_path / "specs" / "database").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    (tmp_path / "specs" / "database" / "p.md").write_text(f"# P\n\n```sql\n{DDL}\n```\n", encoding="utf-8")
    design = specgen("design", cwd=tmp_path)
    assert design.code == 0, design.out
    schema = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]
    assert [(o["name"], o.get("phase", "before")) for o in schema["sql_objects"]] == [
        ("touch", "before"),  # the trigger's function first, although written after it
        ("posint", "before"),  # the domain first_of's signature names
        ("first_of", "before"),  # its PL/pgSQL body is resolved when it runs: before the tables still
        ("sql_count", "before"),  # so is a quoted SQL body, created with check_function_bodies = false
        ("payload_count", "tables"),  # a SQL-standard body is parsed when it is created: after the tables
        ("payload_touch", "after"),
    ]
    render = specgen("render", "--target", "alembic", cwd=tmp_path)
    assert render.code == 0, render.out
    revision = next((tmp_path / "generated" / "migrations" / "versions").glob("*.py")).read_text()
    upgrade = revision.split("def downgrade")[0]
    assert upgrade.index("CREATE TYPE payload_kind") < upgrade.index("CREATE DOMAIN posint")
    assert upgrade.index("CREATE DOMAIN posint") < upgrade.index("CREATE FUNCTION first_of")
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO payload VALUES (1, 'input', 1), (2, 'output', 5)")
        assert conn.exec_driver_sql("SELECT payload_count()").scalar() == 2
        assert conn.exec_driver_sql("SELECT sql_count()").scalar() == 2
        assert conn.exec_driver_sql("SELECT id FROM first_of('output', 1)").scalar() == 2
        assert conn.exec_driver_sql('SELECT "order" FROM payload WHERE id = 1').scalar() == 2  # the trigger ran
        index = conn.exec_driver_sql("SELECT indexdef FROM pg_indexes WHERE indexname = 'payload_order'").scalar()
    engine.dispose()
    assert index is not None and index.endswith('(kind, "order" DESC)'), index
    down = alembic("downgrade", "base", cwd=tmp_path, url=pg_url)
    assert down.code == 0, down.out


def _obj(kind: str, name: str, sql: str, phase: str = "before") -> SqlObject:
    return SqlObject(kind=kind, name=name, definition=sql, phase=phase)  # type: ignore[arg-type]


def test_names_that_are_not_resolved_at_creation_do_not_move_an_object() -> None:
    objects = [
        # a parameter named like a table is not its row type
        _obj(
            "function", "by_user", "CREATE FUNCTION by_user(users integer) RETURNS integer LANGUAGE sql AS 'SELECT 1'"
        ),
        # a PL/pgSQL body reading a table and a view: resolved when it runs
        _obj(
            "function",
            "audit",
            "CREATE FUNCTION audit() RETURNS trigger AS $$ BEGIN INSERT INTO users SELECT * FROM report; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
        ),
        # a composite type whose attribute is named like a table, and one whose attribute is a table's row type
        _obj("type", "pair", "CREATE TYPE pair AS (users integer, report text)"),
        _obj("type", "user_pair", "CREATE TYPE user_pair AS (a users, b integer)"),
        # a SQL function reading the view: after the views
        _obj("function", "n", "CREATE FUNCTION n() RETURNS bigint BEGIN ATOMIC SELECT count(*) FROM report; END"),
    ]
    placed = place_sql_objects(objects, {"users"}, ["report"])
    assert [(o.name, o.phase) for o in placed] == [
        ("by_user", "before"),
        ("audit", "before"),
        ("pair", "before"),
        ("user_pair", "tables"),
        ("n", "after"),
    ]


QUOTED_ENUM = """
CREATE TYPE "JobKind" AS ENUM ('DEFAULT', 'ON_FAILURE');
CREATE TABLE "Job" (id integer PRIMARY KEY, kind "JobKind" NOT NULL);
CREATE INDEX job_failures ON "Job" (id) WHERE kind = 'ON_FAILURE'::"JobKind";
CREATE FUNCTION failures() RETURNS SETOF "Job" LANGUAGE sql AS $$ SELECT * FROM "Job" WHERE kind = 'ON_FAILURE' $$;
"""


def test_an_enum_read_from_sql_keeps_the_name_the_sql_uses(tmp_path: Path, pg_url: str) -> None:
    """Native enums get snake_case type names; a `CREATE TYPE "JobKind"` of an existing schema is the database's
    name, which its index predicates and functions write: renamed, hatchet lost 69 facts."""
    import sqlalchemy as sa

    (tmp_path / "specs" / "database").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    (tmp_path / "specs" / "database" / "j.md").write_text(f"# J\n\n```sql\n{QUOTED_ENUM}\n```\n", encoding="utf-8")
    assert specgen("design", cwd=tmp_path).code == 0
    schema = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]
    assert [e["name"] for e in schema["enums"]] == ["JobKind"]
    assert specgen("render", "--target", "alembic", cwd=tmp_path).code == 0
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 1 FROM pg_type WHERE typname = 'JobKind'").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM failures()").scalar() == 0
    engine.dispose()
