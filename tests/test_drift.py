"""`specgen check --database URL`: the design against a live database, read-only; each difference named,
exit 1 on drift. On SQLite files and on PostgreSQL, a database migrated by the revisions has no drift."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from test_diff import AUTHORS, BOOKS

from conftest import run_specgen

ENUMS = """
## Entity: Loan
table: loans

| Column | Type | Nullable | Default | Constraints |
|---|---|---|---|---|
| id | integer | no | | pk |
| book_id | integer | no | | fk books.id on delete cascade, index |
| state | enum(open, returned) | no | 'open' | |
| days | integer | no | 14 | check: days > 0 |
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    (root / "specs" / "database").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.specgen]\n")
    (root / "specs" / "database" / "spec.md").write_text("# s\n" + AUTHORS + BOOKS + ENUMS)
    for args in (("design",), ("render", "--target", "alembic")):
        assert run_specgen(*args, cwd=root).returncode == 0
    return root


def _upgrade(root: Path, url: str) -> None:
    res = run_specgen("check", cwd=root)  # the project itself is clean
    assert res.returncode == 0, res.stderr
    from alembic import command

    from specgen.verify import alembic_config, make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        command.upgrade(alembic_config(root / "generated" / "migrations", conn), "head")
        conn.commit()
    engine.dispose()


def _drift(res) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(line.split(": drift: ", 1)[1] for line in res.stderr.splitlines() if ": drift: " in line)


def test_sqlite_file_migrated_then_drifted(tmp_path: Path) -> None:
    root = _project(tmp_path)
    db = tmp_path / "app.db"
    db.touch()
    url = f"sqlite:///{db}"
    _upgrade(root, url)
    res = run_specgen("check", "--database", url, cwd=root)
    assert res.returncode == 0 and "no drift" in res.stdout, res.stderr
    before = db.read_bytes()
    con = sqlite3.connect(db)
    con.executescript(
        "ALTER TABLE books DROP COLUMN title; ALTER TABLE authors ADD COLUMN age INTEGER;"
        "CREATE TABLE junk (x INTEGER); CREATE INDEX ix_junk_x ON junk (x); DROP INDEX ix_books_author_id;"
    )
    con.close()
    before = db.read_bytes()
    res = run_specgen("check", cwd=root, env={"SPECGEN_DATABASE_URL": url})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert _drift(res) == [
        "extra column authors.age",
        "extra table junk (not in the design)",
        "missing column books.title (in the design, not in the database)",
        "missing index ix_books_author_id on books (author_id)",
    ]
    assert db.read_bytes() == before  # read-only


def test_bad_database_urls_are_usage_errors(tmp_path: Path) -> None:
    root = _project(tmp_path)
    res = run_specgen("check", "--database", f"sqlite:///{tmp_path / 'missing.db'}", cwd=root)
    assert res.returncode == 2 and "no such SQLite file" in res.stderr
    assert not (tmp_path / "missing.db").exists()
    res = run_specgen("check", "--database", "postgresql://u:secret@127.0.0.1:1/x", cwd=root)
    assert res.returncode == 2 and "cannot connect" in res.stderr and "secret" not in res.stderr
    assert "Traceback" not in res.stderr


def test_postgresql_migrated_then_drifted(tmp_path: Path, pg_url: str) -> None:
    root = _project(tmp_path)
    _upgrade(root, pg_url)
    res = run_specgen("check", "--database", pg_url, cwd=root)
    assert res.returncode == 0 and "no drift" in res.stdout, res.stderr
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        for stmt in (
            "ALTER TABLE authors ALTER COLUMN name TYPE varchar(50)",
            "ALTER TABLE authors ALTER COLUMN code SET NOT NULL",
            "ALTER TABLE loans DROP CONSTRAINT ck_loans_days",
            "ALTER TABLE books DROP CONSTRAINT fk_books_author_id_authors",
            "ALTER TYPE loans_state ADD VALUE 'lost'",
            "ALTER TABLE authors ADD CONSTRAINT uq_authors_code UNIQUE (code)",
        ):
            conn.execute(sa.text(stmt))
    engine.dispose()
    res = run_specgen("check", "--database", pg_url, cwd=root)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    drift = _drift(res)
    assert "column authors.name: type differs: database VARCHAR(50), design VARCHAR(100)" in drift
    assert "column authors.code: nullable differs: database NOT NULL, design nullable" in drift
    assert "missing check constraint ck_loans_days on loans" in drift
    assert "missing foreign key fk_books_author_id_authors on books (author_id)" in drift
    assert "enum type loans_state differs: database (open, returned, lost), design (open, returned)" in drift
    assert "extra unique constraint uq_authors_code on authors (code)" in drift
    assert len(drift) == 6, drift


def test_verify_database_runs_verify_on_a_scratch_database(tmp_path: Path, pg_url: str) -> None:
    flag = "--verify-database"
    root = _project(tmp_path)
    res = run_specgen("check", flag, pg_url, cwd=root)
    assert res.returncode == 0, res.stderr
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE leftover (x int)"))
    engine.dispose()
    res = run_specgen("check", flag, pg_url, cwd=root)  # verify refuses a database that holds tables
    assert res.returncode == 1 and "verify (postgresql" in res.stderr and "not empty" in res.stderr
