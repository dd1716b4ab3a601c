"""PostgreSQL's function names survive the sqlglot round trip: `char_length(x)` is read by sqlglot as LENGTH(x),
which PostgreSQL stores as `length(x)` (chatbot_ui's 61 checks came back as other facts than the spec's)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from corpus_path import alembic, specgen

from specgen.sqlexpr import emit, parse


@pytest.mark.parametrize(
    ("written", "postgresql"),
    [
        ("char_length(bio) <= 500", "CHAR_LENGTH(bio) <= 500"),
        ("character_length(x) > 1 AND length(y) > 0", "CHARACTER_LENGTH(x) > 1 AND LENGTH(y) > 0"),
        ("lower(email) <> ''", "LOWER(email) <> ''"),
    ],
)
def test_postgresql_keeps_the_function_name_written(written: str, postgresql: str) -> None:
    assert emit(written, ["postgresql"]) == postgresql
    # both dialects: the one text both run (SQLite has no char_length)
    assert "CHAR_LENGTH" not in (parse(written).portable or "")
    assert "CHAR" not in emit(written, ["postgresql", "sqlite"]).replace("CHARACTER", "")


CHECKS = """
CREATE TABLE profiles (
  id integer PRIMARY KEY,
  bio text NOT NULL CHECK (char_length(bio) <= 500),
  username text NOT NULL,
  CONSTRAINT username_length CHECK (char_length(username) >= 3 AND char_length(username) <= 25)
);
"""


def test_checks_keep_char_length_through_the_cli(tmp_path: Path, pg_url: str) -> None:
    import sqlalchemy as sa

    (tmp_path / "specs" / "database").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8")
    (tmp_path / "specs" / "database" / "p.md").write_text(f"# P\n\n```sql\n{CHECKS}\n```\n", encoding="utf-8")
    assert specgen("design", cwd=tmp_path).code == 0
    schema = yaml.safe_load((tmp_path / "generated" / "design.yaml").read_text())["database_schema"]
    bio = next(c for c in schema["entities"][0]["columns"] if c["name"] == "bio")
    assert bio["check_expression"].lower() == "char_length(bio) <= 500"
    assert specgen("render", "--target", "alembic", cwd=tmp_path).code == 0
    up = alembic("upgrade", "head", cwd=tmp_path, url=pg_url)
    assert up.code == 0, up.out
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        defs = sorted(
            conn.exec_driver_sql(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' AND conrelid = 'profiles'::regclass"
            ).scalars()
        )
    engine.dispose()
    assert defs == [
        "CHECK (((char_length(username) >= 3) AND (char_length(username) <= 25)))",
        "CHECK ((char_length(bio) <= 500))",
    ]
