"""PostgreSQL's own and its extensions' types, and extensions, through the CLI path: spec -> design ->
render (alembic, sqlmodel) -> `alembic upgrade head` on PostgreSQL 16 (pgserver, with pgvector) and on SQLite;
the generated models are imported and used."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from corpus_path import alembic, specgen, write_project
from pg_facts import facts

NATIVE = """---
extensions: [vector]
---
# Documents

## Entity: Document
table: documents

| Column | Type | Nullable | Constraints |
|---|---|---|---|
| id | bigint | no | pk |
| title | varchar(200) | no | |
| embedding | vector(3) | yes | |
"""

# Built-in PostgreSQL types and one type specgen does not know (pg_lsn is built in; `"char"` too); arrays of the
# object-identifier types, which sqlglot reads as keywords.
BUILTINS = """# Kinds

```sql
CREATE TABLE kinds (
  id integer PRIMARY KEY,
  net cidr, mac macaddr, mac8 macaddr8, price money, doc xml,
  during tstzrange, days daterange, ints int4multirange,
  flags bit(3), bits bit varying(5), p point, b box, ts tsvector, q tsquery,
  lsn pg_lsn, letter "char", cfg regconfig, oids oid[], rels regclass[], nets inet[],
  stamped timestamp(0), seen timestamptz(3), at_time time(2), plain_ts timestamp
);
```
"""

EXTENSION_TYPES = """# Places

```sql
CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;
CREATE TABLE places (
  id bigint PRIMARY KEY,
  name citext NOT NULL,
  tags hstore,
  path ltree,
  location public.geometry(Point, 4326),
  area geography(Polygon, 4326),
  isbn isbn
);
```
"""


def _project(tmp_path: Path, spec: str, dialects: str = '["postgresql", "sqlite"]') -> Path:
    (tmp_path / "specs" / "database").mkdir(parents=True)
    (tmp_path / "specs" / "database" / "spec.md").write_text(spec, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.specgen]\ndialects = {dialects}\n", encoding="utf-8")
    for target in ("alembic", "sqlmodel"):
        step = specgen("render", "--target", target, cwd=tmp_path)
        assert step.code == 0, step.out
    return tmp_path


def _design(folder: Path) -> dict:
    step = specgen("design", cwd=folder)
    assert step.code == 0, step.out
    return yaml.safe_load((folder / "generated" / "design.yaml").read_text())["database_schema"]


def _models(folder: Path):  # type: ignore[no-untyped-def]
    from sqlmodel import SQLModel

    SQLModel.metadata.clear()  # each test's models module defines its tables anew
    sys.path.insert(0, str(folder / "generated"))
    try:
        sys.modules.pop("models", None)
        import models  # type: ignore[import-not-found]

        return models
    finally:
        sys.path.pop(0)


def test_native_vector_design_records_type_and_extension(tmp_path: Path) -> None:
    folder = _project(tmp_path, NATIVE)
    schema = _design(folder)
    cols = {c["name"]: c for c in schema["entities"][0]["columns"]}
    assert (cols["embedding"]["database_type"], cols["embedding"]["sql_type"]) == ("vector", "vector(3)")
    assert schema["extensions"] == [{"name": "vector", "source": "specs/database/spec.md:1"}]
    models_py = (folder / "generated" / "models.py").read_text()
    assert "from pgvector.sqlalchemy import VECTOR" in models_py
    assert "geoalchemy2" not in models_py


def test_vector_column_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa
    from sqlmodel import Session, select

    folder = _project(tmp_path, NATIVE)
    up = alembic("upgrade", "head", cwd=folder, url=pg_url)
    assert up.code == 0, up.out
    got = facts(pg_url)
    assert got["public.documents.embedding:type"] == "vector(3)"
    assert got["extension vector"] is True
    models = _models(folder)
    engine = sa.create_engine(pg_url)
    with Session(engine) as s:
        s.add(models.Document(id=1, title="near", embedding=[1, 0, 0]))
        s.add(models.Document(id=2, title="far", embedding=[0, 0, 9]))
        s.commit()
        nearest = s.exec(select(models.Document).order_by(models.Document.embedding.l2_distance([1, 0, 1]))).first()
        assert nearest.title == "near"
        assert list(nearest.embedding) == [1.0, 0.0, 0.0]
    engine.dispose()
    down = alembic("downgrade", "base", cwd=folder, url=pg_url)
    assert down.code == 0, down.out
    assert "extension vector" not in facts(pg_url)  # dropped last


def test_vector_column_on_sqlite_is_json(tmp_path: Path) -> None:
    import sqlalchemy as sa
    from sqlmodel import Session, select

    folder = _project(tmp_path, NATIVE)
    notes = specgen("validate", "--format", "json", cwd=folder).out
    assert '"SG712"' in notes and "documents.embedding is vector(3), a PostgreSQL type; SQLite stores JSON" in notes
    url = f"sqlite:///{tmp_path / 'app.db'}"
    up = alembic("upgrade", "head", cwd=folder, url=url)
    assert up.code == 0, up.out
    models = _models(folder)
    engine = sa.create_engine(url)
    with Session(engine) as s:
        s.add(models.Document(id=1, title="a", embedding=[0.5, 1.5, 2.5]))
        s.commit()
        doc = s.exec(select(models.Document)).one()
        assert doc.embedding == [0.5, 1.5, 2.5]
    engine.dispose()


def test_builtin_types_match_direct_load(tmp_path: Path, pg_url: str, pg_server_url: str) -> None:
    import uuid

    import sqlalchemy as sa

    folder = _project(tmp_path, BUILTINS, '["postgresql"]')
    schema = _design(folder)
    cols = {c["name"]: (c["database_type"], c["sql_type"]) for c in schema["entities"][0]["columns"]}
    assert cols["price"] == ("money", "money") and cols["bits"] == ("varbit", "varbit(5)")
    assert cols["lsn"] == ("pg_lsn", "pg_lsn") and cols["letter"] == ("sql", '"char"')
    assert cols["stamped"] == ("timestamp", "timestamp(0)") and cols["seen"] == ("timestamptz", "timestamptz(3)")
    up = alembic("upgrade", "head", cwd=folder, url=pg_url)
    assert up.code == 0, up.out
    # The same DDL loaded directly into a second database.
    base = sa.engine.make_url(pg_url)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    other = f"d_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{other}"')
    url2 = base.set(database=other).render_as_string(hide_password=False)
    engine = sa.create_engine(url2)
    with engine.begin() as conn:
        conn.exec_driver_sql(BUILTINS.split("```sql")[1].split("```")[0])
    engine.dispose()
    expected, got = facts(url2), facts(pg_url)
    assert {k: v for k, v in got.items() if k.endswith(":type")} == {
        k: v for k, v in expected.items() if k.endswith(":type")
    }
    models = _models(folder)
    assert models.Kind.__table__.c.lsn.type.get_col_spec() == "pg_lsn"
    assert cols["oids"] == ("array", "oid[]") and cols["rels"] == ("array", "regclass[]")  # sqlglot: keywords
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{other}" WITH (FORCE)')
    admin.dispose()


def test_extension_types_without_the_extension_render_offline(tmp_path: Path) -> None:
    """pgserver has no PostGIS, citext, hstore, ltree or isn: design, render and `upgrade --sql` still work."""
    folder = _project(tmp_path, EXTENSION_TYPES, '["postgresql"]')
    schema = _design(folder)
    ext = {e["name"]: e for e in schema["extensions"]}
    assert ext["postgis"]["in_schema"] == "public" and "implied_by" not in ext["postgis"]
    assert ext["citext"]["implied_by"] == ["column places.name (citext)"]
    assert set(ext) == {"postgis", "citext", "hstore", "ltree"}
    validate = specgen("validate", cwd=folder)
    assert "SG711" in validate.out and "SG710" in validate.out  # undeclared citext…; isbn kept as written
    sql = alembic("upgrade", "head", "--sql", cwd=folder, url="postgresql://")
    assert sql.code == 0, sql.out
    text = sql.out
    assert text.index("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public") < text.index("CREATE TABLE places")
    for ddl in ("name CITEXT NOT NULL", "tags HSTORE", "path ltree", "location geometry(POINT,4326)", "isbn isbn"):
        assert ddl in text, ddl
    assert "area geography(POLYGON,4326)" in text
    models = _models(folder)
    assert type(models.Place.__table__.c.location.type).__name__ == "Geometry"


@pytest.mark.parametrize(
    "written",
    ["vector(1536)", "halfvec(8)", "sparsevec(5)", "citext", "geometry(Point, 4326)", "int8range", "bit varying(4)"],
)
def test_native_specs_write_postgresql_types(tmp_path: Path, written: str) -> None:
    spec = f"# T\n\n## Entity: Thing\n\n| Column | Type |\n|---|---|\n| id | bigint |\n| value | {written} |\n"
    folder = tmp_path
    write_project(folder, "T", "", [])
    (folder / "specs" / "database" / "schema.md").write_text(spec, encoding="utf-8")
    schema = _design(folder)
    col = schema["entities"][0]["columns"][-1]
    assert col["database_type"] != "text" and col.get("unmapped_type") is None, col


PRECISION = """# Events

## Entity: Event
table: events

| Column | Type | Nullable |
|---|---|---|
| id | bigint | no |
| at | timestamp(3) with time zone | no |
| day_time | time(0) | yes |
"""


def test_fractional_second_precision_is_kept(tmp_path: Path) -> None:
    """`timestamp(3) with time zone` in a native spec: the design keeps 3, models and revisions write PostgreSQL's
    TIMESTAMP(precision=3) (SQLite, which has no precision, the generic DateTime)."""
    import datetime as dt

    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql

    folder = _project(tmp_path, PRECISION)
    cols = {c["name"]: c for c in _design(folder)["entities"][0]["columns"]}
    assert (cols["at"]["database_type"], cols["at"]["precision"]) == ("timestamptz", 3)
    assert (cols["day_time"]["database_type"], cols["day_time"]["precision"]) == ("time", 0)
    revision = next((folder / "generated" / "migrations" / "versions").glob("*.py")).read_text()
    assert "postgresql.TIMESTAMP(timezone=True, precision=3)" in revision
    offline = alembic("upgrade", "head", "--sql", cwd=folder, url="postgresql://")
    assert offline.code == 0, offline.out
    assert (
        "at TIMESTAMP(3) WITH TIME ZONE NOT NULL" in offline.out and "day_time TIME(0) WITHOUT TIME ZONE" in offline.out
    )
    models = _models(folder)
    column = models.Event.__table__.c.at
    assert column.type.compile(dialect=postgresql.dialect()) == "TIMESTAMP(3) WITH TIME ZONE"
    url = f"sqlite:///{tmp_path / 'app.db'}"
    assert alembic("upgrade", "head", cwd=folder, url=url).code == 0
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
        conn.execute(models.Event.__table__.insert().values(id=1, at=when))
        assert conn.execute(sa.select(models.Event.__table__.c.at)).scalar() is not None
    engine.dispose()
