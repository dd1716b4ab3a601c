"""`specgen import`: a live database -> native specs -> design -> create_all gives the same schema.

The corpus DDL (../shared/corpus) is loaded straight into SQLite or PostgreSQL, imported with the CLI,
designed, created afresh from design_to_metadata and compared with the inspector. Types are compared in
the spec vocabulary and defaults by value (see schema_snapshot.snapshot); constraint names are left out,
since unnamed constraints get specgen's naming convention.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from schema_snapshot import count_facts, diff_facts, snapshot

from conftest import corpus_file, sqlalchemy_url
from specgen.config import Settings
from specgen.pipeline import require_design
from specgen.render.metadata import design_to_metadata


def _load_sqlite(ddl: Path, db: Path) -> str:
    with sqlite3.connect(db) as conn:
        conn.executescript(ddl.read_text(encoding="utf-8"))
    return f"sqlite:///{db}"


def _load_pg(ddl_text: str, url: str) -> None:
    # psql meta-commands (`\c db`) and the CREATE DATABASE before them are not SQL
    m = re.search(r"^\\c .*$", ddl_text, re.M)
    if m:
        ddl_text = ddl_text[m.end() :]
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(ddl_text)
    engine.dispose()


@pytest.fixture
def fresh_pg(pg_server_url: str) -> Iterator[str]:
    """A second empty database, for the schema created from the imported specs."""
    admin = sa.create_engine(sqlalchemy_url(pg_server_url), isolation_level="AUTOCOMMIT")
    name = f"f_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(sqlalchemy_url(pg_server_url)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _round_trip(
    cli,
    source_url: str,
    target_url: str,
    dialect: str,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    *extra: str,
) -> tuple[list[str], int, list[Path]]:
    out = tmp_path / "specs" / "database"
    code, stdout, stderr = cli("import", source_url, "-o", out, *extra)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    design, _ = require_design([str(out)], Settings())
    engine = sa.create_engine(target_url)
    schema = design.database_schema
    if dialect == "postgresql":  # what create_all does not make: extensions, domains, types, functions
        with engine.begin() as conn:
            for x in schema.extensions:
                conn.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {x.name}")
            for o in schema.sql_objects:
                if o.phase == "before":
                    conn.exec_driver_sql(o.definition.replace("%", "%%"))
    design_to_metadata(design, dialect).create_all(engine)
    original = snapshot(source_url, names=False, vocabulary=True)
    recreated = snapshot(engine, names=False, vocabulary=True)
    engine.dispose()
    assert set(original) == set(recreated)
    return diff_facts(original, recreated), count_facts(original), sorted(out.glob("*.md"))


SQLITE_CORPUS = ["chinook/chinook_sqlite.schema.sql", "sakila/sqlite-sakila-schema.sql"]
# The importer reads SQLite's own CREATE statements with the SQL reader (as a ```sql block is read): Firebird's
# `BLOB SUB_TYPE TEXT` is a blob there, where SQLite's affinity rules make it TEXT.
SQLITE_KNOWN_LOSSES = {
    "sakila/sqlite-sakila-schema.sql": [
        f"{t}.description: ('description', 'text', True, None) != ('description', 'bytea', True, None)"
        for t in ("film", "film_text")
    ],
}


@pytest.mark.parametrize("relative", SQLITE_CORPUS)
def test_sqlite_corpus_round_trip(cli, tmp_path: Path, relative: str) -> None:  # type: ignore[no-untyped-def]
    source = _load_sqlite(corpus_file(relative), tmp_path / "source.db")
    diffs, facts, files = _round_trip(cli, source, f"sqlite:///{tmp_path / 'new.db'}", "sqlite", tmp_path)
    assert diffs == SQLITE_KNOWN_LOSSES.get(relative, []), "\n".join(diffs)
    assert facts > 100  # chinook: 108 facts, sakila: 169 — every one matches
    assert [f.name for f in files] == ["source.md"]


# Sakila's INHERITS partitions took payment_id's sequence from their parent: read as DDL, they keep it now.
PG_KNOWN_LOSSES: dict[str, list[str]] = {}
PG_CORPUS = [
    "chinook/chinook_postgresql.schema.sql",
    "chinook/chinook_postgresql_identity.schema.sql",
    "northwind/northwind.schema.sql",
    "sakila/postgres-sakila-schema.sql",
]


@pytest.mark.parametrize("relative", PG_CORPUS)
def test_postgresql_corpus_round_trip(cli, tmp_path: Path, pg_url: str, fresh_pg: str, relative: str) -> None:  # type: ignore[no-untyped-def]
    _load_pg(corpus_file(relative).read_text(encoding="utf-8"), pg_url)
    diffs, facts, files = _round_trip(cli, pg_url, fresh_pg, "postgresql", tmp_path)
    assert diffs == PG_KNOWN_LOSSES.get(relative, []), "\n".join(diffs)
    assert facts >= 108  # chinook 108, northwind 133, sakila 234: every one matches
    assert [f.name for f in files] == ["public.md"]


FEATURES = """
CREATE TYPE mood AS ENUM ('happy', 'so-so', 'sad');
CREATE DOMAIN percent AS integer CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE owners (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    email varchar(320) NOT NULL UNIQUE,
    region char(2) NOT NULL DEFAULT 'EU',
    CONSTRAINT uq_owner_region UNIQUE (email, region)
);
COMMENT ON TABLE owners IS 'People who own | things
over two lines';
COMMENT ON COLUMN owners.email IS 'Login, with a "quote" and a | pipe';
CREATE TABLE things (
    owner_id bigint NOT NULL,
    seq integer NOT NULL,
    feel mood DEFAULT 'happy',
    score percent,
    tags text[] NOT NULL DEFAULT '{}',
    attrs jsonb,
    price numeric(10, 2) CHECK (price >= 0),
    made_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (seq, owner_id),
    CONSTRAINT fk_things_owner FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX ix_things_attrs ON things USING gin (attrs);
CREATE INDEX ix_things_recent ON things (made_at) WHERE feel = 'happy';
CREATE INDEX ix_owners_lower_email ON owners (lower(email));
CREATE TABLE parts (
    thing_seq integer NOT NULL,
    thing_owner bigint NOT NULL,
    label text,
    FOREIGN KEY (thing_seq, thing_owner) REFERENCES things (seq, owner_id) ON DELETE SET NULL
);
CREATE VIEW happy_things AS SELECT * FROM things WHERE feel = 'happy';
"""


def test_postgresql_features_round_trip(cli, tmp_path: Path, pg_url: str, fresh_pg: str) -> None:  # type: ignore[no-untyped-def]
    _load_pg(FEATURES, pg_url)
    out = tmp_path / "specs" / "database"
    code, _, stderr = cli("import", pg_url, "-o", out)
    assert code == 0, stderr
    assert "warning" not in stderr  # the domain and the view are kept now
    text = (out / "public.md").read_text()
    assert "## Enum: mood\n- happy\n- so-so\n- sad\n" in text
    # Tables the column tables cannot state (an identity key, a domain-typed column) are written as DDL, in the
    # one ```sql block that also holds the domain (created first) and the view (verbatim, after the tables).
    sql = text[text.index("```sql") :]
    assert "CREATE DOMAIN percent AS integer" in sql
    assert "    id bigint GENERATED BY DEFAULT AS IDENTITY,\n" in sql
    assert '    score "percent",\n' in sql  # quoted: `percent` is also a keyword
    assert "COMMENT ON TABLE owners IS 'People who own | things\nover two lines';" in sql
    assert "COMMENT ON COLUMN owners.email IS 'Login, with a \"quote\" and a | pipe';" in sql
    assert sql.index("CREATE DOMAIN") < sql.index("CREATE TABLE things") < sql.index("CREATE VIEW happy_things")
    assert (
        "CONSTRAINT fk_things_owner FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE "
        "DEFERRABLE INITIALLY DEFERRED"
    ) in sql
    # A table the native form holds: a column table, its composite FK under its PostgreSQL name.
    assert "## Entity: Part\ntable: parts\noptions: no_primary_key\n" in text
    assert "| thing_seq | integer | no |  |  |  |" in text
    assert (
        "- foreign key parts_thing_seq_thing_owner_fkey: (thing_seq, thing_owner) references "
        "things(seq, owner_id) on delete set null"
    ) in text
    assert "CONSTRAINT uq_owner_region UNIQUE (email, region)" in sql
    # Expressions as a spec writes them: PostgreSQL's reflected `::text`/`::mood` casts are gone (not in views).
    assert "CREATE INDEX ix_owners_lower_email ON owners (LOWER(email));" in sql
    assert "CREATE INDEX ix_things_attrs ON things USING gin (attrs);" in sql
    assert "CREATE INDEX ix_things_recent ON things (made_at) WHERE (feel = 'happy');" in sql
    assert "::" not in text[: text.index("CREATE VIEW")]
    diffs, facts, _ = _round_trip(cli, pg_url, fresh_pg, "postgresql", tmp_path / "again")
    assert diffs == [], "\n".join(diffs)
    design, _ = require_design([str(out)], Settings())
    things = design.database_schema.entity("things")
    assert things is not None and things.primary_key is not None
    assert things.primary_key.columns == ["seq", "owner_id"]
    owners = design.database_schema.entity("owners")
    assert owners is not None and owners.description == "People who own | things\nover two lines"
    email = owners.column("email")
    assert email is not None and email.description == 'Login, with a "quote" and a | pipe'


def test_import_is_deterministic_and_refuses_to_clobber(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = _load_sqlite(corpus_file("chinook/chinook_sqlite.schema.sql"), tmp_path / "chinook.db")
    out = tmp_path / "specs"
    assert cli("import", source, "-o", out)[0] == 0
    first = (out / "chinook.md").read_text()
    assert cli("import", source, "-o", out)[0] == 0  # the same content: nothing to refuse
    assert (out / "chinook.md").read_text() == first
    (out / "chinook.md").write_text(first + "\nHand-written notes.\n")
    code, _, stderr = cli("import", source, "-o", out)
    assert code == 2 and "exists and differs from the import; use --force" in stderr
    assert cli("import", source, "-o", out, "--force")[0] == 0
    assert (out / "chinook.md").read_text() == first


def test_split_by_component(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = _load_sqlite(corpus_file("chinook/chinook_sqlite.schema.sql"), tmp_path / "chinook.db")
    diffs, _, files = _round_trip(
        cli, source, f"sqlite:///{tmp_path / 'new.db'}", "sqlite", tmp_path, "--split", "component"
    )
    assert diffs == []
    # chinook is one FK-connected group; its most referenced table names the file
    assert [f.name for f in files] == ["track.md"]


def test_split_component_several_groups(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "two.db"
    with sqlite3.connect(db) as conn:
        conn.executescript("""
            CREATE TABLE a (id INTEGER PRIMARY KEY);
            CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id));
            CREATE TABLE x (id INTEGER PRIMARY KEY, note TEXT);
        """)
    code, _, stderr = cli("import", f"sqlite:///{db}", "-o", tmp_path / "out", "--split", "component")
    assert code == 0, stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.md")) == ["a.md", "x.md"]
    design, _ = require_design([str(tmp_path / "out")], Settings())
    assert [e.table_name for e in design.database_schema.entities] == ["a", "b", "x"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "cannot read DATABASE_URL"),
        ("mysql://u@h/db", "reads SQLite and PostgreSQL databases, not 'mysql'"),
        ("sqlite:///does/not/exist.db", "SQLite database 'does/not/exist.db' not found"),
        ("postgresql://u:secret@127.0.0.1:1/db", "cannot connect to postgresql+psycopg://u:***@127.0.0.1:1/db"),
    ],
)
def test_bad_database_url_exits_2(cli, url: str, message: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = cli("import", url, "-o", tmp_path)
    assert code == 2
    assert message in stderr
    assert "secret" not in stderr and "Traceback" not in stderr


def test_empty_database_is_an_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()
    code, _, stderr = cli("import", f"sqlite:///{db}", "-o", tmp_path / "out")
    assert code == 2 and "no tables found" in stderr


def test_sqlite_column_level_actions_and_uniques(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """SQLAlchemy's SQLite inspector misses `REFERENCES t ON DELETE …` and `UNIQUE` written on a column;
    the importer reads SQLite's PRAGMAs for them."""
    db = tmp_path / "legacy.db"
    with sqlite3.connect(db) as conn:
        conn.executescript("""
            CREATE TABLE publishers (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE);
            CREATE TABLE books (
                id INTEGER PRIMARY KEY,
                publisher_id INTEGER REFERENCES publishers (id) ON DELETE CASCADE ON UPDATE SET NULL,
                isbn CHAR(13), shelf INTEGER,
                UNIQUE (isbn, shelf)
            );
        """)
    diffs, facts, [spec] = _round_trip(cli, f"sqlite:///{db}", f"sqlite:///{tmp_path / 'new.db'}", "sqlite", tmp_path)
    assert diffs == [], "\n".join(diffs)
    text = spec.read_text()
    assert "| publisher_id | integer | yes |  | fk publishers.id on delete cascade on update set null |  |" in text
    assert "| name | varchar(100) | no |  | unique |  |" in text
    assert "| id | integer | no |  | pk |  |" in text  # SQLite calls it nullable
    assert "- unique: (isbn, shelf)" in text
    original = snapshot(f"sqlite:///{db}", names=False, vocabulary=True)
    assert original["books"]["foreign_keys"][0][3] == "CASCADE"
    assert original["publishers"]["uniques"] == [(("name",), None)]


def test_postgresql_schema_option_and_names_specs_cannot_hold(cli, tmp_path: Path, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    _load_pg(
        """
        CREATE SCHEMA shop;
        CREATE TYPE shop."my-kind" AS ENUM ('a', 'b');
        CREATE TABLE shop.items (id serial PRIMARY KEY, kind shop."my-kind", parent int REFERENCES shop.items (id));
        CREATE TABLE shop."Bad Name" (id int);
        CREATE TABLE public.other (id int PRIMARY KEY, item int REFERENCES shop.items (id));
        """,
        pg_url,
    )
    code, stdout, stderr = cli("import", pg_url, "--schema", "shop", "-o", tmp_path / "shop")
    assert code == 0, stderr
    assert "Bad Name" not in stderr  # kept, quoted: validate reports the name (SG107), as for a SQL spec
    assert "warning: type 'my-kind' renamed my_kind (spec names are identifiers)" in stderr
    text = (tmp_path / "shop" / "shop.md").read_text()
    assert "## Enum: my_kind\n- a\n- b\n" in text
    assert "| kind | my_kind | yes |" in text
    design, _ = require_design([str(tmp_path / "shop")], Settings())
    assert [e.table_name for e in design.database_schema.entities] == ["items", "Bad Name"]
    code, _, stderr = cli("import", pg_url, "-o", tmp_path / "public")
    assert code == 0
    assert "warning: foreign key other(item) references table 'shop.items', which no spec defines" in stderr


def test_imported_specs_validate_and_render(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Adoption end to end: import chinook, then validate and render models that import cleanly."""
    source = _load_sqlite(corpus_file("chinook/chinook_sqlite.schema.sql"), tmp_path / "chinook.db")
    monkeypatch.chdir(tmp_path)
    assert cli("import", source, "-o", "specs/database")[0] == 0
    code, _, stderr = cli("validate", "specs/database")
    assert code == 0, stderr
    code, _, stderr = cli("render", "--target", "sqlmodel", "specs/database", "-o", "out")
    assert code == 0, stderr
    result = subprocess.run(
        [sys.executable, "-c", "import models; print(len(models.SQLModel.metadata.tables))"],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "11"


def test_postgresql_mixed_case_names(cli, tmp_path: Path, pg_url: str, fresh_pg: str) -> None:  # type: ignore[no-untyped-def]
    """Quoted mixed-case tables and columns (Prisma's) keep their case through the native form."""
    _load_pg(
        """
        CREATE TABLE "WorkflowVersion" (id int PRIMARY KEY, "workflowId" text, "order" int, "deletedAt" timestamp,
            tags varchar(20)[] NOT NULL DEFAULT ARRAY[]::varchar[]);
        CREATE INDEX idx_wv ON "WorkflowVersion" ("workflowId", "order" DESC) WHERE ("deletedAt" IS NULL);
        """,
        pg_url,
    )
    diffs, facts, [spec] = _round_trip(cli, pg_url, fresh_pg, "postgresql", tmp_path)
    assert diffs == [], "\n".join(diffs)
    text = spec.read_text()
    assert "## Entity: WorkflowVersion\ntable: WorkflowVersion\n" in text
