"""PostgreSQL objects a later revision changes, through the CLI path.

COMMENT ON: table and column comments reach the design (`comment`), the models (`comment=`) and the revisions;
a later revision changes and drops them, its downgrade puts them back; SQLite, which keeps no comments, migrates
the same revisions. Exclusion constraints added to an existing table are created (and dropped by the downgrade); identity,
domain and generated columns change; UNLOGGED is created and changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from corpus_path import alembic, specgen

V1 = """CREATE TABLE city (id int PRIMARY KEY, name text NOT NULL, code text);
COMMENT ON TABLE city IS 'Cities we ship to';
COMMENT ON COLUMN city.name IS 'Official name, as the post office writes it';
COMMENT ON COLUMN city.code IS 'It''s the IATA code';"""

V2 = """CREATE TABLE city (id int PRIMARY KEY, name text NOT NULL, code text);
COMMENT ON TABLE city IS 'Cities we deliver to';
COMMENT ON COLUMN city.name IS 'Official name, as the post office writes it';"""


def _write(folder: Path, ddl: str, dialects: str) -> None:
    (folder / "specs" / "database").mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(f"[tool.specgen]\ndialects = {dialects}\n", encoding="utf-8")
    (folder / "specs" / "database" / "cities.md").write_text(f"# Cities\n\n```sql\n{ddl}\n```\n", encoding="utf-8")


def _render(folder: Path) -> None:
    for args in (("design",), ("render", "--target", "alembic"), ("render", "--target", "sqlmodel")):
        step = specgen(*args, cwd=folder)
        assert step.code == 0, step.out


def _comments(url: str) -> tuple[str | None, dict[str, str | None]]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        table = conn.exec_driver_sql("SELECT obj_description('city'::regclass, 'pg_class')").scalar()
        cols = dict(
            conn.exec_driver_sql(
                "SELECT attname, col_description(attrelid, attnum) FROM pg_attribute "
                "WHERE attrelid = 'city'::regclass AND attnum > 0 AND NOT attisdropped"
            ).all()
        )
    engine.dispose()
    return table, cols


def test_comments_are_designed_and_modelled(tmp_path: Path) -> None:
    _write(tmp_path, V1, '["postgresql"]')
    _render(tmp_path)
    city = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]["entities"][0]
    assert city["comment"] == "Cities we ship to"
    assert {c["name"]: c.get("comment") for c in city["columns"]}["code"] == "It's the IATA code"
    models = (tmp_path / "generated" / "models.py").read_text()
    assert '"comment": "Cities we ship to"' in models and '"comment": "It\'s the IATA code"' in models
    code = "import models, sqlmodel; t = sqlmodel.SQLModel.metadata.tables['city']; print(t.comment, t.c.code.comment)"
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "generated", capture_output=True, text=True)
    assert run.stdout.strip() == "Cities we ship to It's the IATA code", run.stderr[-2000:]


def test_a_later_revision_changes_and_drops_comments(tmp_path: Path, pg_url: str) -> None:
    _write(tmp_path, V1, '["postgresql", "sqlite"]')
    _render(tmp_path)
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0
    assert _comments(pg_url) == (
        "Cities we ship to",
        {"id": None, "name": "Official name, as the post office writes it", "code": "It's the IATA code"},
    )
    _write(tmp_path, V2, '["postgresql", "sqlite"]')
    _render(tmp_path)
    assert len(list((tmp_path / "generated" / "migrations" / "versions").glob("*.py"))) == 2
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out
    table, cols = _comments(pg_url)
    assert table == "Cities we deliver to" and cols["code"] is None
    down = alembic("downgrade", "-1", cwd=tmp_path, url=pg_url)
    assert down.code == 0, down.out
    assert _comments(pg_url)[0] == "Cities we ship to" and _comments(pg_url)[1]["code"] == "It's the IATA code"
    sqlite = f"sqlite:///{tmp_path / 'c.db'}"
    assert alembic("upgrade", "head", cwd=tmp_path, url=sqlite).code == 0  # no comments there, no failure
    assert alembic("downgrade", "base", cwd=tmp_path, url=sqlite).code == 0
    step = specgen("check", cwd=tmp_path)  # models, revisions and design agree (verify runs them on SQLite)
    assert step.code == 0, step.out


EXCLUDE_V1 = """CREATE TABLE booking (id int PRIMARY KEY, room int NOT NULL, during tsrange NOT NULL);"""
EXCLUDE_V2 = """CREATE TABLE booking (id int PRIMARY KEY, room int NOT NULL, during tsrange NOT NULL,
  CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room > 0) DEFERRABLE INITIALLY DEFERRED);"""


def test_a_later_revision_adds_and_drops_an_exclusion_constraint(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    _write(tmp_path, EXCLUDE_V1, '["postgresql"]')
    _render(tmp_path)
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0
    _write(tmp_path, EXCLUDE_V2, '["postgresql"]')
    _render(tmp_path)
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out

    def exclusions() -> list[str]:
        engine = sa.create_engine(pg_url)
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT conname, condeferrable, condeferred FROM pg_constraint WHERE contype = 'x'"
            ).all()
        engine.dispose()
        return [tuple(r) for r in rows]

    assert exclusions() == [("no_overlap", True, True)]  # DEFERRABLE inside CREATE TABLE is read too
    assert alembic("downgrade", "-1", cwd=tmp_path, url=pg_url).code == 0
    assert exclusions() == []


COLUMNS_V1 = """CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN smallpos AS integer CHECK (VALUE BETWEEN 1 AND 1000);
CREATE TABLE item (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n integer NOT NULL, qty posint,
  double_n integer GENERATED ALWAYS AS (n * 2) STORED, seq integer NOT NULL);"""
COLUMNS_V2 = """CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN smallpos AS integer CHECK (VALUE BETWEEN 1 AND 1000);
CREATE TABLE item (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n integer NOT NULL, qty smallpos,
  double_n integer GENERATED ALWAYS AS (n * 3) STORED, seq integer GENERATED BY DEFAULT AS IDENTITY);"""


def test_a_later_revision_changes_identity_domain_and_generated_columns(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    _write(tmp_path, COLUMNS_V1, '["postgresql", "sqlite"]')
    _render(tmp_path)
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO item (n, qty, seq) VALUES (5, 7, 41)")
    _write(tmp_path, COLUMNS_V2, '["postgresql", "sqlite"]')
    _render(tmp_path)
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out
    with engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT n, qty, double_n FROM item").one() == (5, 7, 15)  # recomputed
        conn.exec_driver_sql("INSERT INTO item (id, n, qty) VALUES (9, 2, 3)")  # BY DEFAULT now: id may be given
        assert conn.exec_driver_sql("SELECT seq FROM item WHERE id = 9").scalar() == 42  # numbered after the rows
        kinds = conn.exec_driver_sql(
            "SELECT attname, attidentity, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'item'::regclass AND attname IN ('id', 'qty', 'seq') ORDER BY attname"
        ).all()
    assert kinds == [("id", "d", "integer"), ("qty", "", "smallpos"), ("seq", "d", "integer")]
    down = alembic("downgrade", "-1", cwd=tmp_path, url=pg_url)
    assert down.code == 0, down.out
    with engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT double_n FROM item WHERE n = 5").scalar() == 10
    engine.dispose()
    sqlite = f"sqlite:///{tmp_path / 'c.db'}"
    assert alembic("upgrade", "head", cwd=tmp_path, url=sqlite).code == 0
    assert alembic("downgrade", "base", cwd=tmp_path, url=sqlite).code == 0


def test_a_later_revision_changes_identity_options(tmp_path: Path, pg_url: str) -> None:
    """The options of an identity's sequence change in place (ALTER COLUMN … SET INCREMENT BY …, numbering goes on
    where it is); an option no longer stated goes back to PostgreSQL's default; the downgrade restores them."""
    import sqlalchemy as sa

    def sequence() -> tuple[object, ...]:
        engine = sa.create_engine(pg_url)
        with engine.begin() as conn:
            row = conn.exec_driver_sql(
                "SELECT seqincrement, seqmin, seqmax, seqcycle FROM pg_sequence "
                "WHERE seqrelid = pg_get_serial_sequence('ticket', 'id')::regclass"
            ).one()
        engine.dispose()
        return tuple(row)

    v1 = "CREATE TABLE ticket (id bigint GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 5 MAXVALUE 1000) PRIMARY KEY);"
    v2 = "CREATE TABLE ticket (id bigint GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 10 MINVALUE 1 CYCLE) PRIMARY KEY);"
    _write(tmp_path, v1, '["postgresql", "sqlite"]')
    _render(tmp_path)
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0
    assert sequence() == (5, 1, 1000, False)
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO ticket DEFAULT VALUES")
    _write(tmp_path, v2, '["postgresql", "sqlite"]')
    _render(tmp_path)
    revision = max((tmp_path / "generated" / "migrations" / "versions").glob("*.py"), key=lambda p: p.stat().st_mtime)
    assert "SET INCREMENT BY 10 SET MINVALUE 1 SET NO MAXVALUE SET CYCLE" in revision.read_text()
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out
    assert sequence() == (10, 1, 2**63 - 1, True)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO ticket DEFAULT VALUES")
        assert conn.exec_driver_sql("SELECT id FROM ticket ORDER BY id").scalars().all() == [1, 11]  # goes on
    engine.dispose()
    assert alembic("downgrade", "-1", cwd=tmp_path, url=pg_url).code == 0
    assert sequence() == (5, 1, 1000, False)
    sqlite = f"sqlite:///{tmp_path / 'c.db'}"
    assert alembic("upgrade", "head", cwd=tmp_path, url=sqlite).code == 0  # SQLite: no identity, nothing to do


def test_unlogged_tables_are_created_and_changed(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    def persistence() -> str:
        engine = sa.create_engine(pg_url)
        with engine.connect() as conn:
            kind = conn.exec_driver_sql("SELECT relpersistence FROM pg_class WHERE relname = 'hits'").scalar()
        engine.dispose()
        return str(kind)

    _write(tmp_path, "CREATE UNLOGGED TABLE hits (id int PRIMARY KEY, n int);", '["postgresql", "sqlite"]')
    _render(tmp_path)
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0
    assert persistence() == "u"
    _write(tmp_path, "CREATE TABLE hits (id int PRIMARY KEY, n int);", '["postgresql", "sqlite"]')
    _render(tmp_path)
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0
    assert persistence() == "p"
    assert alembic("downgrade", "-1", cwd=tmp_path, url=pg_url).code == 0
    assert persistence() == "u"
    sqlite = f"sqlite:///{tmp_path / 'c.db'}"
    assert alembic("upgrade", "head", cwd=tmp_path, url=sqlite).code == 0


def test_identity_sequence_options_reach_the_database(tmp_path: Path, pg_url: str) -> None:
    """`GENERATED … AS IDENTITY (START WITH 100 INCREMENT BY 5 …)`: the design keeps the options, the models and
    the revision write them (`sa.Identity(start=100, …)`), and the database's sequence has them."""
    import sqlalchemy as sa

    ddl = (
        "CREATE TABLE ticket (id bigint GENERATED BY DEFAULT AS IDENTITY "
        "(START WITH 100 INCREMENT BY 5 MINVALUE 1 MAXVALUE 100000 CYCLE) PRIMARY KEY, note text);"
    )
    _write(tmp_path, ddl, '["postgresql", "sqlite"]')
    _render(tmp_path)
    ticket = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]["entities"][0]
    assert ticket["columns"][0]["identity_options"] == {
        "start": 100,
        "increment": 5,
        "minvalue": 1,
        "maxvalue": 100000,
        "cycle": True,
    }
    assert "start=100" in (tmp_path / "generated" / "models.py").read_text()
    assert alembic("upgrade", "head", cwd=tmp_path, url=pg_url).code == 0
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO ticket (note) VALUES ('a'), ('b')")
        assert conn.exec_driver_sql("SELECT id FROM ticket ORDER BY id").scalars().all() == [100, 105]
        seq = conn.exec_driver_sql(
            "SELECT seqincrement, seqmin, seqmax, seqcycle FROM pg_sequence "
            "WHERE seqrelid = pg_get_serial_sequence('ticket', 'id')::regclass"
        ).one()
    engine.dispose()
    assert tuple(seq) == (5, 1, 100000, True)
    sqlite = f"sqlite:///{tmp_path / 'c.db'}"
    assert alembic("upgrade", "head", cwd=tmp_path, url=sqlite).code == 0  # SQLite: no identity, no failure
    # `specgen import` writes the options back (PostgreSQL's defaults left unsaid), and they design the same
    back = tmp_path / "imported"
    step = specgen("import", pg_url, "-o", str(back / "specs" / "database"), cwd=tmp_path)
    assert step.code == 0, step.out
    text = (back / "specs" / "database" / "public.md").read_text()
    assert "GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5 MAXVALUE 100000 CYCLE)" in text
    (back / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    assert specgen("design", cwd=back).code == 0
    again = yaml.safe_load((back / "generated" / "design.yaml").read_text())["database_schema"]["entities"]
    options = {e["table_name"]: e["columns"][0].get("identity_options") for e in again}["ticket"]
    assert options == {"start": 100, "increment": 5, "maxvalue": 100000, "cycle": True}
