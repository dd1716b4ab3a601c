"""Two versions of a schema, upgraded on a database that holds rows, on SQLite and on PostgreSQL.

v1 -> v2: a column rename (Migration notes), a table rename (`renamed from`), a drop the notes allow,
a widened varchar, a new NOT NULL column with a server default, an enum value added. The rows
survive, the renamed column keeps its values, and `downgrade -1` brings the old columns and values
back. v3 is unsafe (NOT NULL without default, a drop nobody allowed): `check` stops it and
`validate` names it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic_helpers import Project, alembic, engine

V1 = """---
version: "1"
---
# Library

## Entity: Publisher
table: publishers

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| name | varchar(80) | no | | unique |

## Entity: Author
table: authors

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| name | varchar(100) | no | | |
| legacy_code | varchar(10) | yes | | |

## Entity: Book
table: books

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| title | varchar(50) | no | | |
| status | enum(draft, published) | no | draft | |
| author_id | integer | no | | fk authors.id on delete cascade, index |
"""

V2 = """---
version: "2"
---
# Library

## Entity: Imprint
table: imprints
renamed from: publishers

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| name | varchar(80) | no | | unique |

## Entity: Author
table: authors

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| name | varchar(200) | no | | |
| country | varchar(2) | no | 'xx' | |

## Entity: Book
table: books

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| name | varchar(50) | no | | |
| status | enum(draft, published, archived) | no | draft | |
| author_id | integer | no | | fk authors.id on delete cascade, index |

## Migration notes
- allow drop column authors.legacy_code
- rename column books.title -> books.name
"""

# Unsafe on top of v2: a NOT NULL column without default, and a drop the notes do not allow.
V3 = (
    V2.replace('version: "2"', 'version: "3"')
    .replace("| country | varchar(2) | no | 'xx' | |\n", "")
    .replace(
        "| author_id | integer | no | | fk authors.id on delete cascade, index |\n",
        "| author_id | integer | no | | fk authors.id on delete cascade, index |\n| rating | integer | no | | |\n",
    )
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'evolution.sqlite3'}"
    return request.getfixturevalue("pg_url")


def _rows(conn: sa.Connection, sql: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sa.text(sql))]


def _columns(conn: sa.Connection, table: str) -> list[str]:
    return [c["name"] for c in sa.inspect(conn).get_columns(table)]


def test_two_versions_with_rows(tmp_path: Path, url: str) -> None:
    project = Project(tmp_path / "proj")
    project.write(V1)
    project.render()
    assert len(project.revisions()) == 1
    with engine(url) as eng, eng.connect() as conn:
        alembic(project, conn, "upgrade", "head")
        conn.execute(sa.text("INSERT INTO publishers (id, name) VALUES (1, 'Ace')"))
        conn.execute(sa.text("INSERT INTO authors (id, name, legacy_code) VALUES (1, 'Ann', 'L1'), (2, 'Bob', NULL)"))
        conn.execute(sa.text("INSERT INTO books (id, title, author_id) VALUES (1, 'Dune', 1), (2, 'Emma', 2)"))
        conn.commit()

        project.write(V2)
        project.render()
        assert len(project.revisions()) == 2
        alembic(project, conn, "upgrade", "head")

        assert _rows(conn, "SELECT id, name FROM imprints") == [(1, "Ace")]
        assert "publishers" not in sa.inspect(conn).get_table_names()
        assert _rows(conn, "SELECT id, name, status FROM books ORDER BY id") == [
            (1, "Dune", "draft"),
            (2, "Emma", "draft"),
        ]
        assert _rows(conn, "SELECT id, name, country FROM authors ORDER BY id") == [(1, "Ann", "xx"), (2, "Bob", "xx")]
        assert "legacy_code" not in _columns(conn, "authors")
        long_name = "N" * 150  # fits the widened varchar(200)
        conn.execute(sa.text("INSERT INTO authors (id, name) VALUES (3, :n)"), {"n": long_name})
        conn.execute(sa.text("INSERT INTO books (id, name, status, author_id) VALUES (3, 'Ulysses', 'archived', 1)"))
        conn.commit()
        assert _rows(conn, "SELECT country FROM authors WHERE id = 3") == [("xx",)]
        # what the downgrade cannot take back: an enum value in use and a value wider than varchar(100)
        conn.execute(sa.text("DELETE FROM books WHERE id = 3"))
        conn.execute(sa.text("DELETE FROM authors WHERE id = 3"))
        conn.commit()

        alembic(project, conn, "downgrade", "-1")
        assert _rows(conn, "SELECT id, name FROM publishers") == [(1, "Ace")]
        assert _rows(conn, "SELECT id, title FROM books ORDER BY id") == [(1, "Dune"), (2, "Emma")]
        assert "country" not in _columns(conn, "authors")
        assert "legacy_code" in _columns(conn, "authors")  # the column is back; its dropped values are not
        assert _rows(conn, "SELECT id, name FROM authors ORDER BY id") == [(1, "Ann"), (2, "Bob")]

        alembic(project, conn, "upgrade", "head")
        assert _rows(conn, "SELECT id, name FROM books ORDER BY id") == [(1, "Dune"), (2, "Emma")]
        alembic(project, conn, "downgrade", "base")
        assert [t for t in sa.inspect(conn).get_table_names() if t != "alembic_version"] == []


def test_unsafe_version_is_stopped(tmp_path: Path) -> None:
    from specgen.check import check
    from specgen.errors import SpecErrors
    from specgen.validate import validate

    project = Project(tmp_path / "proj")
    project.write(V1)
    project.render()
    project.write(V2)
    project.render()
    assert check(project.settings) == []

    project.write(V3)
    result = project.result()  # the design and, beside it, its plan against the head revision
    found = validate(result.design, project.settings, plan=result.plan)
    codes = {(f.code, f.entity, f.column) for f in found if f.category == "migration"}
    assert ("SG801", "authors", "country") in codes
    assert ("SG803", "books", "rating") in codes
    problems = check(project.settings)
    text = "\n".join(problems)
    assert "unacknowledged breaking change: column drop of authors (country)" in text
    assert "unacknowledged breaking change: nullability change of books (rating)" in text
    assert "no revision for the design change" in text
    with pytest.raises(SpecErrors) as err:
        project.render()
    assert "authors.country" in "\n".join(err.value.lines())
    assert len(project.revisions()) == 2  # nothing written
