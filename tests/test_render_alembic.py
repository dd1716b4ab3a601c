"""The Alembic target: exact text where it matters, ruff-clean, deterministic, and run on both databases."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic_helpers import Project, alembic, engine
from test_diff import AUTHORS, BOOKS, table
from test_plan import add_row

from specgen.design.baseline import revision_id
from specgen.design.yaml_io import design_hash
from specgen.errors import SpecErrors
from specgen.render.alembic import render_alembic
from specgen.verify import verify

RUFF = Path(sys.executable).parent / "ruff"


def _ruff_clean(paths: list[Path]) -> None:
    args = ["--isolated"]  # the layout width of models and revisions alike (ruff's default)
    check = subprocess.run(
        [str(RUFF), "check", *args, "--select", "E,F,W,I,B,UP", "--ignore", "E501", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [str(RUFF), "format", *args, "--check", "--diff", *map(str, paths)], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return request.getfixturevalue("pg_url")


def test_environment_and_first_revision(tmp_path: Path) -> None:
    project = Project(tmp_path / "p")
    project.write("# s\n" + BOOKS + AUTHORS)
    design = project.design()
    gen = project.root / "generated"
    files = render_alembic(design, project.settings, gen)
    rev = revision_id(None, design_hash(design))
    names = sorted(str(p.relative_to(gen)) for p in files)
    assert names == [
        "migrations/.gitignore",
        "migrations/alembic.ini",
        "migrations/env.py",
        "migrations/script.py.mako",
        f"migrations/versions/{rev}_schema.design.json",
        f"migrations/versions/{rev}_schema.py",
    ]
    text = files[gen / "migrations" / "versions" / f"{rev}_schema.py"]
    assert f'revision: str = "{rev}"' in text and "down_revision: str | None = None" in text
    upgrade, downgrade = text.split("def downgrade() -> None:")
    assert upgrade.index('"authors"') < upgrade.index('"books"')  # dependency order, not spec order
    # laid out for ruff's default width, as the models are: one argument a line when the call is too long
    assert (
        '        sa.ForeignKeyConstraint(\n            ["author_id"],\n            ["authors.id"],\n'
        '            name="fk_books_author_id_authors",\n            ondelete="CASCADE",\n        ),'
    ) in upgrade
    assert max(len(line) for line in text.partition("def upgrade")[2].splitlines()) <= 88
    assert [x.strip() for x in downgrade.strip().splitlines()] == [
        'op.drop_index("ix_books_author_id", table_name="books")',
        'op.drop_table("books")',
        'op.drop_table("authors")',
    ]
    assert files == render_alembic(design, project.settings, gen)  # deterministic
    project.render()
    _ruff_clean([*project.revisions(), project.migrations / "env.py"])
    assert sorted(render_alembic(project.design(), project.settings, gen)) == sorted(
        gen / "migrations" / n for n in (".gitignore", "alembic.ini", "env.py", "script.py.mako")
    )  # no change, no revision


def test_refuses_unallowed_data_loss(tmp_path: Path) -> None:
    project = Project(tmp_path / "p")
    project.write("# s\n" + AUTHORS + BOOKS)
    project.render()
    project.write("# s\n" + AUTHORS)
    with pytest.raises(SpecErrors) as err:
        project.render()
    line = err.value.lines()[0]
    assert "table drop of books: a breaking change" in line and "allow drop table books" in line
    assert len(project.revisions()) == 1


CYCLE = (
    "# s\n"
    + table("teams", "| id | integer | no | | pk |\n| captain_id | integer | yes | | fk players.id, index |\n")
    + table(
        "players",
        "| id | integer | no | | pk |\n| team_id | integer | yes | | fk teams.id on delete set null, index |\n",
    )
)


def test_fk_cycle(tmp_path: Path, url: str) -> None:
    project = Project(tmp_path / "p")
    project.write(CYCLE)
    project.render()
    text = project.revisions()[0].read_text()
    assert "batch_op.create_foreign_key(" in text
    assert verify(project.migrations, project.design(), None if url.startswith("sqlite") else url) == []


ENUMS = "# s\n" + table(
    "tickets",
    "| id | integer | no | | pk |\n| state | enum(open, closed) | no | open | |\n"
    "| code | varchar(10) | yes | | |\n| note | text | yes | | check: note ~ '^[a-z]' |\n",
)


def test_enum_and_type_cast_with_rows(tmp_path: Path, url: str) -> None:
    project = Project(tmp_path / "p")
    project.write(ENUMS)
    project.render()
    first = project.revisions()[0].read_text()
    assert "op.execute(\"CREATE TYPE tickets_state AS ENUM ('open', 'closed')\")" in first
    assert '.ddl_if(dialect="postgresql")' in first  # a PostgreSQL-only check stays off SQLite
    with engine(url) as eng, eng.connect() as conn:
        alembic(project, conn, "upgrade", "head")
        conn.execute(sa.text("INSERT INTO tickets (id, code) VALUES (1, '42'), (2, NULL)"))
        conn.commit()
        v2 = (
            ENUMS.replace("enum(open, closed)", "enum(new, open, closed)").replace(
                "| code | varchar(10) | yes | | |", "| code | integer | yes | | |"
            )
            + "## Migration notes\n- allow narrowing tickets.code\n"
        )
        project.write(v2)
        project.render()
        second = project.revisions()[1].read_text()
        assert 'postgresql_using="code::integer"' in second
        assert "RENAME TO tickets_state_old" in second  # a value inserted in front: the type is rebuilt
        alembic(project, conn, "upgrade", "head")
        assert [tuple(r) for r in conn.execute(sa.text("SELECT id, code, state FROM tickets ORDER BY id"))] == [
            (1, 42, "open"),
            (2, None, "open"),
        ]
        conn.execute(sa.text("INSERT INTO tickets (id, state) VALUES (3, 'new')"))
        conn.execute(sa.text("DELETE FROM tickets WHERE id = 3"))
        conn.commit()
        alembic(project, conn, "downgrade", "-1")
        assert [tuple(r) for r in conn.execute(sa.text("SELECT id, code FROM tickets ORDER BY id"))] == [
            (1, "42"),
            (2, None),
        ]
        alembic(project, conn, "downgrade", "base")
    assert verify(project.migrations, project.design(), None if url.startswith("sqlite") else url) == []
    _ruff_clean(project.revisions())


def test_allowed_table_drop_and_nullability(tmp_path: Path, url: str) -> None:
    project = Project(tmp_path / "p")
    project.write("# s\n" + AUTHORS + BOOKS)
    project.render()
    with engine(url) as eng, eng.connect() as conn:
        alembic(project, conn, "upgrade", "head")
        conn.execute(sa.text("INSERT INTO authors (id, name, code) VALUES (1, 'Ann', NULL), (2, 'Bob', 'B')"))
        conn.commit()
    project.write(
        "# s\n"
        + add_row(
            AUTHORS.replace("| code | varchar(10) | yes | | |", "| code | varchar(10) | no | 'none' | |"),
            "| bio | text | yes | | unique |",
        )
        + "## Migration notes\n- allow drop table books\n"
    )
    project.render()
    text = project.revisions()[1].read_text()
    assert 'op.drop_table("books")' in text and 'batch_op.create_unique_constraint("uq_authors_bio"' in text
    assert "UPDATE authors SET code = 'none' WHERE code IS NULL" in text
    with engine(url) as eng, eng.connect() as conn:
        alembic(project, conn, "upgrade", "head")  # the NULL row gets the default before NOT NULL
        rows = conn.execute(sa.text("SELECT id, code FROM authors ORDER BY id"))
        assert [tuple(r) for r in rows] == [(1, "none"), (2, "B")]
        alembic(project, conn, "downgrade", "base")
    assert verify(project.migrations, project.design(), None if url.startswith("sqlite") else url) == []


def test_user_template_override(tmp_path: Path) -> None:
    project = Project(tmp_path / "p")
    (project.root / "tpl" / "alembic").mkdir(parents=True)
    (project.root / "tpl" / "alembic" / "alembic.ini.j2").write_text("[alembic]\nscript_location = %(here)s\n# mine\n")
    from dataclasses import replace

    project.settings = replace(project.settings, templates="tpl")
    project.write("# s\n" + AUTHORS)
    project.render()
    assert "# mine" in (project.migrations / "alembic.ini").read_text()


def test_alembic_by_hand(tmp_path: Path) -> None:
    """`alembic -c generated/migrations/alembic.ini upgrade head`, as docs/migrations.md shows."""
    project = Project(tmp_path / "p")
    project.write("# s\n" + AUTHORS + BOOKS)
    project.render()
    alembic_bin = str(Path(sys.executable).parent / "alembic")
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)}
    up = subprocess.run(
        [alembic_bin, "-c", "generated/migrations/alembic.ini", "upgrade", "head"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert up.returncode == 0, up.stderr
    db = project.migrations / "specgen.sqlite3"
    assert set(sa.inspect(sa.create_engine(f"sqlite:///{db}")).get_table_names()) == {
        "alembic_version",
        "authors",
        "books",
    }
    chk = subprocess.run(
        [alembic_bin, "-c", "generated/migrations/alembic.ini", "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert chk.returncode == 0, chk.stdout + chk.stderr
    other = tmp_path / "other.sqlite3"
    down = subprocess.run(
        [alembic_bin, "-c", "generated/migrations/alembic.ini", "upgrade", "head"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**env, "SPECGEN_DATABASE_URL": f"sqlite:///{other}"},
    )
    assert down.returncode == 0, down.stderr
    assert "authors" in sa.inspect(sa.create_engine(f"sqlite:///{other}")).get_table_names()


def test_rename_with_checks_and_unique(tmp_path: Path, url: str) -> None:
    """A renamed column's check moves with it; on SQLite the whole change is one batch (table copy)."""
    v1 = "# s\n" + table(
        "books",
        "| id | integer | no | | pk |\n| title | varchar(50) | no | | check: length(title) > 0 |\n"
        "| sku | varchar(10) | yes | | unique |\n",
    )
    v2 = "# s\n" + table(
        "books",
        "| id | integer | no | | pk |\n"
        "| name | varchar(50) | no | | check: length(name) > 0, renamed from title |\n"
        "| sku | varchar(10) | yes | | unique |\n| qty | integer | no | 0 | check: qty >= 0 |\n",
    )
    project = Project(tmp_path / "p")
    project.write(v1)
    project.render()
    with engine(url) as eng, eng.connect() as conn:
        alembic(project, conn, "upgrade", "head")
        conn.execute(sa.text("INSERT INTO books (id, title, sku) VALUES (1, 'Dune', 'D1')"))
        conn.commit()
        project.write(v2)
        project.render()
        alembic(project, conn, "upgrade", "head")
        assert [tuple(r) for r in conn.execute(sa.text("SELECT id, name, sku, qty FROM books"))] == [
            (1, "Dune", "D1", 0)
        ]
        with pytest.raises(sa.exc.IntegrityError):
            conn.execute(sa.text("INSERT INTO books (id, name) VALUES (2, '')"))
        conn.rollback()
        alembic(project, conn, "downgrade", "-1")
        assert [tuple(r) for r in conn.execute(sa.text("SELECT id, title, sku FROM books"))] == [(1, "Dune", "D1")]
        with pytest.raises(sa.exc.IntegrityError):
            conn.execute(sa.text("INSERT INTO books (id, title, sku) VALUES (3, 'x', 'D1')"))
        conn.rollback()


def test_hand_written_revision_on_top(tmp_path: Path) -> None:
    """`alembic revision` on top of specgen's: the next specgen revision revises it, planned from the snapshot below."""
    project = Project(tmp_path / "p")
    project.write("# s\n" + AUTHORS)
    project.render()
    first = project.revisions()[0]
    rev = first.name.split("_")[0]
    (project.migrations / "versions" / "handmade_seed.py").write_text(
        f'"""data"""\n\nrevision = "handmade"\ndown_revision = "{rev}"\n\n\ndef upgrade():\n    pass\n\n\n'
        "def downgrade():\n    pass\n"
    )
    assert [p.name for p in project.render()] in ([], ["design.yaml"])  # no revision: the schema did not change
    project.write("# s\n" + add_row(AUTHORS, "| country | varchar(2) | no | 'xx' | |"))
    project.render()
    newest = project.revisions()[-1].read_text()
    assert 'down_revision: str | None = "handmade"' in newest and '"country"' in newest
    assert verify(project.migrations, project.design()) == []


def test_examples_revision_is_ruff_clean(tmp_path: Path) -> None:
    """Long enums, quoted names and PostgreSQL-only checks laid out as `ruff format` would."""
    from conftest import ROOT

    project = Project(tmp_path / "p")
    for spec in sorted((ROOT / "specs" / "database").glob("*.md")):
        project.write(spec.read_text(encoding="utf-8"), spec.name)
    project.render()
    _ruff_clean([*project.revisions(), project.migrations / "env.py"])


# ---- golden text (its behavioural twin: test_evolution runs the same two versions on both databases) ---------

GOLDEN = Path(__file__).parent / "cases" / "evolution"


def test_evolution_golden(tmp_path: Path, golden: Callable[[Path, str], None]) -> None:
    from test_evolution import V1, V2

    project = Project(tmp_path / "p")
    for n, spec in enumerate((V1, V2), start=1):
        project.write(spec)
        project.render()
        golden(GOLDEN / f"v{n}.md", spec)
        golden(GOLDEN / f"revision_{n}.py", project.revisions()[-1].read_text(encoding="utf-8"))


def test_enum_value_added_with_a_new_table_using_it(tmp_path: Path, url: str) -> None:
    """The downgrade rebuilds the enum after the new table is gone: only columns of the old schema convert."""
    enum = "## Enum: ticket_state\n- open\n- closed\n\n"
    v1 = "# s\n" + enum + table("tickets", "| id | integer | no | | pk |\n| state | ticket_state | no | open | |\n")
    project = Project(tmp_path / "p")
    project.write(v1)
    project.render()
    v2 = v1.replace("- closed\n", "- closed\n- held\n") + table(
        "audits", "| id | integer | no | | pk |\n| state | ticket_state | yes | | |\n"
    )
    project.write(v2)
    project.render()
    assert verify(project.migrations, project.design(), None if url.startswith("sqlite") else url) == []


def test_postgresql_only_index_and_check(tmp_path: Path, url: str) -> None:
    spec = (
        "# s\n"
        + table("tags", "| id | integer | no | | pk |\n| name | text | no | | check: name ~ '^[a-z]+$' |\n").rstrip(
            "\n"
        )
        + "\n\n### Indexes\n- ix_tags_name_a: (name) where name ~ '^a'\n- ix_tags_name: (name)\n"
    )
    project = Project(tmp_path / "p")
    project.write(spec)
    project.render()
    text = project.revisions()[0].read_text()
    assert 'op.create_index("ix_tags_name", "tags", ["name"], unique=False)' in text
    guarded = text.split('if op.get_context().dialect.name == "postgresql":\n')[1:]
    assert any("ix_tags_name_a" in g.split("\n")[0] + g.split("\n")[1] for g in guarded)
    assert verify(project.migrations, project.design(), None if url.startswith("sqlite") else url) == []
    _ruff_clean(project.revisions())


def test_renamed_table_referenced_by_a_foreign_key(tmp_path: Path, url: str) -> None:
    project = Project(tmp_path / "p")
    project.write("# s\n" + AUTHORS + BOOKS)
    project.render()
    with engine(url) as eng, eng.connect() as conn:
        alembic(project, conn, "upgrade", "head")
        conn.execute(sa.text("INSERT INTO authors (id, name) VALUES (1, 'Ann')"))
        conn.execute(sa.text("INSERT INTO books (id, title, author_id) VALUES (1, 'Dune', 1)"))
        conn.commit()
        writers = AUTHORS.replace(
            "## Entity: Author\ntable: authors\n", "## Entity: Writer\ntable: writers\nrenamed from: authors\n"
        )
        project.write("# s\n" + writers + BOOKS.replace("fk authors.id", "fk writers.id"))
        project.render()
        text = project.revisions()[1].read_text()
        assert 'op.rename_table("authors", "writers")' in text
        alembic(project, conn, "upgrade", "head")
        rows = conn.execute(sa.text("SELECT b.title, w.name FROM books b JOIN writers w ON w.id = b.author_id"))
        assert [tuple(r) for r in rows] == [("Dune", "Ann")]
        fks = sa.inspect(conn).get_foreign_keys("books")
        assert [fk["referred_table"] for fk in fks] == ["writers"]
        alembic(project, conn, "downgrade", "-1")
        assert [fk["referred_table"] for fk in sa.inspect(conn).get_foreign_keys("books")] == ["authors"]
        alembic(project, conn, "downgrade", "base")
    assert verify(project.migrations, project.design(), None if url.startswith("sqlite") else url) == []


def test_batch_blocks_reflect_one_table_and_wrap_as_ruff_does(tmp_path: Path) -> None:
    """A batch copy reflects its own table only (`resolve_fks: False`: reflecting every table a key reaches
    recursed past Python's stack along a 500-table cycle, regression 14f); a long table name wraps the
    `with` line the way ruff format does, and the SQLite leftovers guard still finds the table."""
    one, two = (f"{c}_table_whose_name_is_long_enough_to_wrap_the_batch_line" for c in "ab")
    sql = (
        "```sql\n"
        f"CREATE TABLE {one} (id int PRIMARY KEY, other_id int REFERENCES {two}(id) ON DELETE SET NULL);\n"
        f"CREATE TABLE {two} (id int PRIMARY KEY, back_id int REFERENCES {one}(id) ON DELETE SET NULL);\n"
        f"CREATE INDEX ix_a ON {one} (other_id);\n"
        f"CREATE INDEX ix_b ON {two} (back_id);\n"
        "```\n"
    )
    project = Project(tmp_path / "p")
    project.write("# s\n" + sql)
    project.render()
    [rev] = project.revisions()
    text = rev.read_text(encoding="utf-8")
    assert 'BATCH_REFLECT = {"resolve_fks": False}' in text
    assert "reflect_kwargs=BATCH_REFLECT" in text and "batch_alter_table(\n" in text
    guard = text.split("def downgrade")[1].split("batch_alter_table")[0]
    assert one in guard or two in guard  # the SQLite leftovers guard lists the wrapped block's table
    _ruff_clean([rev])
    assert verify(project.migrations, project.design()) == []


TWO_SCHEMAS = """\
# Billing

```sql
CREATE SCHEMA core;
CREATE SCHEMA billing;
CREATE TABLE core.users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE billing.invoices (
  id bigint PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES core.users(id) ON DELETE CASCADE,
  total numeric(10,2) NOT NULL DEFAULT 0
);
CREATE INDEX ix_invoices_user ON billing.invoices (user_id);
```
"""


def test_schemas_on_sqlite_are_attached_databases(tmp_path: Path) -> None:
    """A PostgreSQL spec with schemas runs on the default SQLite database, through the CLI as the README teaches:
    env.py attaches a database per schema (`specgen.billing.sqlite3` beside `specgen.sqlite3`), and a later
    revision's batch copy works inside it; downgrade leaves the files empty."""
    from conftest import run_specgen

    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\n')
    spec = tmp_path / "specs" / "db.md"
    spec.parent.mkdir()
    spec.write_text(TWO_SCHEMAS)
    ini = tmp_path / "generated" / "migrations" / "alembic.ini"
    upgrade = [sys.executable, "-m", "alembic", "-c", str(ini), "upgrade", "head"]

    def step(*args: str) -> None:
        proc = run_specgen(*args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    def alembic_cli(command: list[str]) -> None:
        proc = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]

    def tables(schema: str) -> dict[str, str]:
        con = sa.create_engine(f"sqlite:///{ini.parent / f'specgen.{schema}.sqlite3'}")
        with con.connect() as c:
            rows = c.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        con.dispose()
        return {name: sql for name, sql in rows}

    step("design")
    step("render", "--target", "alembic")
    alembic_cli(upgrade)
    assert set(tables("core")) == {"users"} and set(tables("billing")) == {"invoices"}
    spec.write_text(
        TWO_SCHEMAS.replace("DEFAULT 0\n", "DEFAULT 0,\n  note text\n").replace("text NOT NULL UNIQUE", "text UNIQUE")
    )
    step("design")
    step("render", "--target", "alembic")
    alembic_cli(upgrade)
    assert "note TEXT" in tables("billing")["invoices"]
    assert "email TEXT," in tables("core")["users"]  # nullable now: the batch copy ran in the attached file
    alembic_cli([*upgrade[:-2], "downgrade", "base"])
    assert tables("core") == {} and tables("billing") == {}
