"""The reproductions of issue 11, each over rows on SQLite and PostgreSQL: `specgen init`'s spec (or a variant),
a revision, rows, a change of the spec, a second revision; then the rows survive, the migrated schema is what
`create_all` of the new models builds (names included), and downgrade to base and upgrade again work."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic_helpers import Project, alembic, engine
from evolution_helpers import evolve_and_compare, leftovers, rows, url_for, write_render

from specgen.scaffold import EXAMPLE_SPEC

A1, A2 = "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"
ROWS = [
    f"INSERT INTO authors (id, name, created_at) VALUES ('{A1}', 'Ann', '2024-01-01'), ('{A2}', 'Bob', '2024-01-02')",
    f"INSERT INTO books (id, author_id, title) VALUES ('00000000-0000-0000-0000-00000000000a', '{A1}', 'Dune'), "
    f"('00000000-0000-0000-0000-00000000000b', '{A2}', 'Emma')",
]
TITLE = "| title | varchar(300) | no | | | |"
NAME = "| name | varchar(200) | no | | unique, check: length(name) > 0 | Full name |"
WITH_STATUS = EXAMPLE_SPEC.replace(TITLE, TITLE + "\n| status | enum(new, done) | no | new | | |")
PAIR = """
## Entity: Account
table: accounts

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | bigint | no | | pk |
| email | varchar(100) | no | | unique |

## Entity: Profile
table: profiles

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | bigint | no | | pk, fk accounts.id on delete cascade |
| bio | text | yes | | |
"""
CYCLE = """
## Entity: Team
table: teams

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| captain_id | integer | yes | | fk players.id on delete set null, index |

## Entity: Player
table: players

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| team_id | integer | yes | | fk teams.id on delete set null, index |
| mentor_id | integer | yes | | fk players.id on delete set null, index |
"""

# name: (spec before, spec after, (table, columns, rows expected after the upgrade))
CASES = {
    "rename_and_widen": (
        EXAMPLE_SPEC,
        EXAMPLE_SPEC.replace(TITLE, "| name | varchar(500) | no | | renamed from title | |"),
        ("books", ["name"], [("Dune",), ("Emma",)]),
    ),
    "rename_unique_checked_column": (
        EXAMPLE_SPEC,
        EXAMPLE_SPEC.replace(
            NAME,
            "| full_name | varchar(200) | no | | unique, check: length(full_name) > 0, renamed from name | Full name |",
        ),
        ("authors", ["full_name"], [("Ann",), ("Bob",)]),
    ),
    "enum_longer_value": (
        WITH_STATUS,
        WITH_STATUS.replace("enum(new, done)", "enum(new, done, waiting_on_customer)"),
        ("books", ["title", "status"], [("Dune", "new"), ("Emma", "new")]),
    ),
    "enum_new_value_as_default": (
        WITH_STATUS,
        WITH_STATUS.replace("| enum(new, done) | no | new |", "| enum(new, done, waiting) | no | waiting |"),
        ("books", ["title", "status"], [("Dune", "new"), ("Emma", "new")]),
    ),
    "two_unnamed_table_checks": (
        EXAMPLE_SPEC,
        EXAMPLE_SPEC + "\n### Constraints\n- check: length(title) > 0\n- check: length(title) < 290\n",
        ("books", ["title"], [("Dune",), ("Emma",)]),
    ),
    "shared_key_one_to_one": (EXAMPLE_SPEC, EXAMPLE_SPEC + PAIR, ("books", ["title"], [("Dune",), ("Emma",)])),
    "fk_cycle_and_self_reference": (
        EXAMPLE_SPEC,
        EXAMPLE_SPEC + CYCLE,
        ("authors", ["name"], [("Ann",), ("Bob",)]),
    ),
    "table_rename": (
        EXAMPLE_SPEC,
        EXAMPLE_SPEC.replace(
            "## Entity: Book\ntable: books\n", "## Entity: Volume\ntable: volumes\nrenamed from: books\n"
        ).replace("- author: many-to-one Author (back_populates books)", "- author: many-to-one Author"),
        ("volumes", ["title"], [("Dune",), ("Emma",)]),
    ),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return url_for(request.param, tmp_path, request)


@pytest.mark.parametrize("case", list(CASES))
def test_reproduction_over_rows(case: str, tmp_path: Path, url: str) -> None:
    before, after, (table, columns, expected) = CASES[case]
    project = Project(tmp_path / "proj")
    with engine(url) as eng, eng.connect() as conn:
        write_render(project, before)
        alembic(project, conn, "upgrade", "head")
        for sql in ROWS:
            conn.execute(sa.text(sql))
        conn.commit()
        write_render(project, after)
        assert len(project.revisions()) == 2
        alembic(project, conn, "upgrade", "head")
        assert rows(conn, table, columns) == expected
        assert leftovers(conn) == []
        alembic(project, conn, "downgrade", "-1")  # back over rows
        assert rows(conn, "books", ["title"]) == [("Dune",), ("Emma",)]
        migrated, created = evolve_and_compare(project, conn)
        assert migrated == created


def test_two_unnamed_checks_are_both_enforced(tmp_path: Path, url: str) -> None:
    project = Project(tmp_path / "proj")
    with engine(url) as eng, eng.connect() as conn:
        write_render(project, CASES["two_unnamed_table_checks"][1])
        alembic(project, conn, "upgrade", "head")
        conn.execute(sa.text(ROWS[0]))
        conn.commit()
        with pytest.raises(sa.exc.IntegrityError):
            conn.execute(sa.text(f"INSERT INTO books (id, author_id, title) VALUES ('{A2}', '{A1}', '{'x' * 295}')"))
        conn.rollback()
        names = sorted(c["name"] for c in sa.inspect(conn).get_check_constraints("books"))
        assert names == ["ck_books_expr", "ck_books_expr_2"]


def test_failed_batch_leaves_nothing_that_blocks_a_retry(tmp_path: Path) -> None:
    """A failed SQLite upgrade leaves _alembic_tmp_<table>; the next attempt drops it first."""
    project = Project(tmp_path / "proj")
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with engine(url) as eng, eng.connect() as conn:
        write_render(project, EXAMPLE_SPEC)
        alembic(project, conn, "upgrade", "head")
        write_render(project, EXAMPLE_SPEC.replace(TITLE, "| name | varchar(500) | no | | renamed from title | |"))
        conn.execute(sa.text('CREATE TABLE "_alembic_tmp_books" (x INTEGER)'))  # what a failed attempt leaves
        conn.commit()
        alembic(project, conn, "upgrade", "head")
        assert leftovers(conn) == []
        assert "name" in [c["name"] for c in sa.inspect(conn).get_columns("books")]
