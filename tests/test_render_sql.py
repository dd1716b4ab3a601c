"""`render --target sql`: the CREATE script, loaded into a real database, gives the schema create_all gives."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from schema_snapshot import snapshot
from test_import import fresh_pg  # noqa: F401  (fixture)

from conftest import ROOT, write_spec
from specgen.config import Settings
from specgen.pipeline import require_design
from specgen.render.metadata import design_to_metadata
from specgen.render.sql import ddl_text, render_sql

SPEC = """\
# Shop

## Enum: order_status
values: new, paid, shipped

## Entity: Customer
table: customers

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | integer | no | | pk, autoincrement | |
| email | varchar(320) | no | | unique | |
| favourite_order_id | integer | yes | | fk orders.id on delete set null | a cycle with orders |
| tags | text | yes | | | |

## Entity: Order
table: orders

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | integer | no | | pk, autoincrement | |
| customer_id | integer | no | | fk customers.id on delete cascade | |
| status | order_status | no | new | | |
| total | numeric(12,2) | no | 0 | check: total >= 0 | |
| placed_at | timestamptz | no | now | | |
| note | varchar(200) | yes | | | |

### Indexes
- ix_orders_customer_placed: (customer_id, placed_at)
- ix_orders_open: (customer_id) where status = 'new'

### Constraints
- unique uq_orders_customer_note: (customer_id, note)
"""


def _design(tmp_path: Path):  # type: ignore[no-untyped-def]
    design, _ = require_design([str(write_spec(tmp_path, SPEC))], Settings())
    return design


def test_sqlite_script_matches_create_all(tmp_path: Path) -> None:
    design = _design(tmp_path)
    script = ddl_text(design, "sqlite")
    loaded, created = tmp_path / "loaded.db", tmp_path / "created.db"
    with sqlite3.connect(loaded) as conn:
        conn.executescript(script)
    engine = sa.create_engine(f"sqlite:///{created}")
    design_to_metadata(design, "sqlite").create_all(engine)
    engine.dispose()
    # the script names the FKs and uniques metadata leaves unnamed (as the Alembic revisions do)
    assert snapshot(f"sqlite:///{loaded}", names=False) == snapshot(f"sqlite:///{created}", names=False)


def test_postgresql_script_matches_create_all(tmp_path: Path, pg_url: str) -> None:
    design = _design(tmp_path)
    script = ddl_text(design, "postgresql")
    assert script.index("CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');") < script.index("CREATE TABLE")
    # the FK cycle customers <-> orders is closed with ALTER TABLE after both tables exist
    assert "ALTER TABLE customers ADD" in script or "ALTER TABLE orders ADD" in script
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(script)
    loaded = snapshot(engine, names=False)
    md = design_to_metadata(design, "postgresql")
    md.drop_all(engine)
    assert snapshot(engine) == {}
    md.create_all(engine)
    assert snapshot(engine, names=False) == loaded
    engine.dispose()


def test_example_specs_load_on_both_dialects(tmp_path: Path) -> None:
    design, _ = require_design([str(ROOT / "specs" / "database")], Settings())
    db = tmp_path / "ex.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(ddl_text(design, "sqlite"))
    assert set(snapshot(f"sqlite:///{db}")) == {e.table_name for e in design.database_schema.entities}


def test_deterministic_and_one_file_per_dialect(tmp_path: Path) -> None:
    design = _design(tmp_path)
    files = render_sql(design, Settings(), tmp_path / "out")
    assert sorted(p.name for p in files) == ["schema.postgresql.sql", "schema.sqlite.sql"]
    again = render_sql(design, Settings(), tmp_path / "out")
    assert files == again
    only = render_sql(design, Settings(), tmp_path / "out", dialect="sqlite")
    assert list(only) == [tmp_path / "out" / "schema.sqlite.sql"]
    text = only[tmp_path / "out" / "schema.sqlite.sql"]
    assert not any(line != line.rstrip() for line in text.splitlines())


def test_unknown_dialect_is_a_usage_error(tmp_path: Path) -> None:
    from specgen.errors import UsageError

    with pytest.raises(UsageError, match="unknown dialect 'mysql'"):
        render_sql(_design(tmp_path), Settings(), tmp_path, dialect="mysql")


@pytest.mark.parametrize("specs", ["shop", "examples"])
@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_script_matches_the_alembic_revisions(
    tmp_path: Path, dialect: str, specs: str, request: pytest.FixtureRequest
) -> None:
    """The SQL target and `alembic upgrade head` on the rendered revisions build the same schema, names included."""
    from alembic_helpers import Project, alembic

    project = Project(tmp_path / "proj")
    if specs == "shop":
        project.write(SPEC)
    else:
        for path in sorted((ROOT / "specs" / "database").glob("*.md")):
            project.write(path.read_text(encoding="utf-8"), path.name)
    project.render()
    design = project.design()
    if dialect == "sqlite":
        by_alembic, by_script = f"sqlite:///{tmp_path / 'alembic.db'}", f"sqlite:///{tmp_path / 'script.db'}"
        with sqlite3.connect(tmp_path / "script.db") as conn:
            conn.executescript(ddl_text(design, "sqlite"))
    else:
        by_alembic = request.getfixturevalue("pg_url")
        by_script = request.getfixturevalue("fresh_pg")
        script_engine = sa.create_engine(by_script)
        with script_engine.begin() as conn:
            conn.exec_driver_sql(ddl_text(design, "postgresql"))
        script_engine.dispose()
    engine = sa.create_engine(by_alembic)
    with engine.connect() as conn:
        alembic(project, conn, "upgrade", "head")
    engine.dispose()
    assert snapshot(by_alembic) == snapshot(by_script)


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_golden_examples(dialect: str, golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/cases/examples/schema.<dialect>.sql (`pytest --update-golden` rewrites them)."""
    monkeypatch.chdir(ROOT)
    design, _ = require_design(["specs/database"], Settings())
    text = ddl_text(design, dialect)
    golden(ROOT / "tests" / "cases" / "examples" / f"schema.{dialect}.sql", text)


def test_a_reference_to_a_table_no_spec_defines_compiles() -> None:
    """Supabase's `auth.users`: SG101 (acknowledged by a team adopting the schema), never a traceback."""
    from specgen.design.build import build_design
    from specgen.parse import parse_text
    from specgen.parse.ir import SpecIR
    from specgen.render.sql import ddl_statements

    text = "# P\n\n```sql\nCREATE TABLE profiles (id uuid PRIMARY KEY, user_id uuid REFERENCES auth.users (id));\n```\n"
    design = build_design(SpecIR([parse_text("p.md", text)])).design
    (statement,) = [s for s in ddl_statements(design, "postgresql") if "CREATE TABLE" in s]
    assert "REFERENCES auth.users (id)" in statement and "CREATE TABLE auth" not in "".join(
        ddl_statements(design, "postgresql")
    )
