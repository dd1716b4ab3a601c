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
    # found by the property test: an inline enum is named after its table and column, and follows their renames
    "inline_enum_follows_table_and_column_rename": (
        WITH_STATUS,
        WITH_STATUS.replace(
            "## Entity: Book\ntable: books\n", "## Entity: Volume\ntable: volumes\nrenamed from: books\n"
        )
        .replace("- author: many-to-one Author (back_populates books)", "- author: many-to-one Author")
        .replace(
            "| status | enum(new, done) | no | new | | |",
            "| state | enum(new, done, later) | no | later | renamed from status | |",
        ),
        ("volumes", ["title", "state"], [("Dune", "new"), ("Emma", "new")]),
    ),
    # found by the property test on PostgreSQL: the downgrade recreates the dropped table before it undoes the rename
    "rename_a_table_and_drop_the_one_that_references_it": (
        EXAMPLE_SPEC,
        EXAMPLE_SPEC[: EXAMPLE_SPEC.index("## Entity: Book")].replace(
            "## Entity: Author\ntable: authors\n", "## Entity: Writer\ntable: writers\nrenamed from: authors\n"
        )
        + "## Migration notes\n- allow drop table books\n",
        ("writers", ["name"], [("Ann",), ("Bob",)]),
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
        if "allow drop table books" not in after:  # a dropped table comes back empty
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


def _chain(n: int) -> str:
    parts = ["# Chain", ""]
    for i in range(n):
        fk = f"| parent_id | integer | yes | | fk t{i - 1}.id |\n" if i else ""
        parts.append(
            f"## Entity: T{i}\ntable: t{i}\n\n| Column | Type | Nullable | Default | Constraints |\n"
            f"|---|---|---|---|---|\n| id | integer | no | | pk |\n{fk}"
        )
    return "\n".join(parts)


def test_chain_of_1500_tables_designs_and_plans(tmp_path: Path) -> None:
    """No recursion anywhere in the FK graph: design, plan, validate and the first revision's order."""
    from specgen.design import diff as d
    from specgen.validate import validate

    project = Project(tmp_path / "proj")
    project.write(_chain(1500))
    design = project.design()
    ops = d.diff(None, design)
    created = [op.table for op in ops if isinstance(op, d.CreateTable)]
    assert created == [f"t{i}" for i in range(1500)]
    assert not [f for f in validate(design, project.settings) if f.code == "SG401"]


def test_models_and_migration_defer_the_same_fk_of_a_cycle(tmp_path: Path) -> None:
    """use_alter in the models is the FK the first revision creates after the tables (design/graph.py)."""
    from specgen.design import diff as d
    from specgen.render.tables import plan_tables

    project = Project(tmp_path / "proj")
    project.write(EXAMPLE_SPEC + CYCLE)
    design = project.design()
    later = {(op.table, op.name) for op in d.diff(None, design) if isinstance(op, d.CreateForeignKey)}
    use_alter = {(p.name, fk.name) for p in plan_tables(design) for fk in p.foreign_keys if fk.use_alter}
    assert later == use_alter == {("players", "fk_players_team_id_teams")}


def test_every_constraint_is_named_in_the_design(tmp_path: Path) -> None:
    project = Project(tmp_path / "proj")
    project.write(EXAMPLE_SPEC + CASES["two_unnamed_table_checks"][1][len(EXAMPLE_SPEC) :] + PAIR)
    design = project.design()
    books = design.database_schema.entity("books")
    assert [c.name for c in books.constraints] == ["ck_books_expr", "ck_books_expr_2"]
    assert [fk.name for fk in books.foreign_keys] == ["fk_books_author_id_authors"]
    name = design.database_schema.entity("authors").column("name")
    assert (name.unique_name, name.check_name) == ("uq_authors_name", "ck_authors_name")


def test_check_fails_on_a_revision_verify_rejects(tmp_path: Path) -> None:
    from specgen.check import check
    from specgen.verify import verify

    project = Project(tmp_path / "proj")
    write_render(project, EXAMPLE_SPEC)
    assert check(project.settings) == []
    (revision,) = project.revisions()
    text = revision.read_text(encoding="utf-8")
    revision.write_text(text.replace('sa.Column("title", sa.String(300)', 'sa.Column("title", sa.String(30)'))
    problems = check(project.settings)
    assert problems and all("verify (sqlite in memory)" in p for p in problems), problems
    assert any("books.title" in p for p in problems)
    assert verify(project.migrations, project.design()) != []


def test_verify_leaves_the_database_as_it_found_it(tmp_path: Path, url: str) -> None:
    from specgen.verify import verify

    project = Project(tmp_path / "proj")
    write_render(project, EXAMPLE_SPEC + CYCLE)
    assert verify(project.migrations, project.design(), url) == []
    assert verify(project.migrations, project.design(), url) == []  # twice: nothing was left behind
    with engine(url) as eng, eng.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []
