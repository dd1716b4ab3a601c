"""The user's path for a real schema, as the corpus test runs it: DDL in a Markdown spec -> `specgen design` ->
`specgen validate` (its error codes acknowledged in the spec's front matter) -> `specgen render --target alembic`
-> `alembic upgrade head` -> schema facts, compared with the same DDL loaded directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Supabase's platform objects chatbot_ui's migrations expect (schemas, roles, auth.users, auth.uid(), storage):
# created in both databases before the schema, never part of the spec (as the corpus README describes).
SUPABASE_STAND_IN = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role; END IF;
END $$;
CREATE SCHEMA extensions;
CREATE SCHEMA auth;
CREATE SCHEMA storage;
CREATE TABLE auth.users (id uuid PRIMARY KEY);
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql AS 'SELECT NULL::uuid';
CREATE TABLE storage.buckets (id text PRIMARY KEY, name text, public boolean);
CREATE TABLE storage.objects (id uuid PRIMARY KEY, bucket_id text, name text, owner uuid);
CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE sql AS 'SELECT string_to_array(name, ''/'')';
CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE sql AS 'SELECT name';
CREATE FUNCTION public.uuid_generate_v4() RETURNS uuid LANGUAGE sql AS 'SELECT gen_random_uuid()';
"""


@dataclass
class Step:
    args: list[str]
    code: int
    out: str


@dataclass
class PathResult:
    steps: list[Step] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def last(self) -> Step:
        return self.steps[-1]


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 900) -> Step:
    src = str(ROOT / "src")
    environ = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", ""), "COLUMNS": "200"}
    environ.update(env or {})
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=environ, timeout=timeout)
    return Step(args, p.returncode, p.stdout + p.stderr)


def specgen(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Step:
    return run([sys.executable, "-m", "specgen", *args], cwd, env)


def alembic(*args: str, cwd: Path, url: str) -> Step:
    return run(
        [sys.executable, "-m", "alembic", "-c", "generated/migrations/alembic.ini", *args],
        cwd,
        {"SPECGEN_DATABASE_URL": url},
    )


def load_direct(url: str, sql: str, prelude: str = "") -> tuple[list[str], list[str]]:
    """Run `sql` statement by statement as psql -v ON_ERROR_STOP=0 would: (accepted statements, refusals)."""
    import sqlalchemy as sa

    from specgen.parse.sql_split import split_statements

    accepted: list[str] = []
    refused: list[str] = []
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if prelude:
            conn.exec_driver_sql(prelude)
        for st in split_statements(sql):
            words = st.head.split()
            if st.meta or "DATABASE" in words[:3]:
                continue  # psql \connect and CREATE DATABASE: the test database is given
            try:
                conn.exec_driver_sql(st.text.replace("%", "%%"))
                accepted.append(st.text)
            except Exception as exc:  # noqa: BLE001 - recorded: what PostgreSQL refuses is not a fact
                refused.append(f"{st.line + 1}: {st.head[:60]}: {str(exc).splitlines()[0]}")
    engine.dispose()
    return accepted, refused


def write_project(folder: Path, title: str, sql: str, ignore: list[str]) -> Path:
    """A project folder: pyproject.toml (PostgreSQL only) and specs/database/schema.md with the DDL fenced."""
    (folder / "specs" / "database").mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "corpus"\nversion = "0"\n\n[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8"
    )
    front = "---\nignore: [" + ", ".join(ignore) + "]\n---\n" if ignore else ""
    spec = folder / "specs" / "database" / "schema.md"
    spec.write_text(f"{front}# {title}\n\nThe schema as published.\n\n```sql\n{sql}\n```\n", encoding="utf-8")
    return spec


def error_codes(folder: Path) -> tuple[list[str], Step]:
    step = specgen("validate", "--format", "json", cwd=folder)
    try:
        findings = json.loads(step.out[step.out.index("[") :]) if "[" in step.out else []
    except json.JSONDecodeError:
        return [], step
    return sorted({f["code"] for f in findings if f.get("severity") == "error"}), step


def design_and_render(folder: Path, title: str, sql: str) -> PathResult:
    """Write the spec, design it, acknowledge validate's error codes in its front matter, render the revision."""
    result = PathResult()
    write_project(folder, title, sql, [])
    result.steps.append(specgen("design", cwd=folder))
    codes, step = error_codes(folder)
    result.steps.append(step)
    result.ignored = codes
    if codes:
        write_project(folder, title, sql, codes)
        result.steps.append(specgen("design", cwd=folder))
    result.steps.append(specgen("render", "--target", "alembic", cwd=folder))
    result.steps.append(specgen("render", "--target", "sqlmodel", cwd=folder))
    return result


@contextmanager
def another_database(url: str) -> Iterator[str]:
    """A new, empty database on the server of `url` (its URL), dropped afterwards."""
    import uuid

    import sqlalchemy as sa

    base = sa.engine.make_url(url)
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"d_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def facts_of_ddl(url: str, ddl: str) -> dict[str, object]:
    """The schema facts (tests/pg_facts.py) of `ddl` loaded directly into a database beside `url`'s."""
    import sqlalchemy as sa
    from pg_facts import facts

    with another_database(url) as url2:
        engine = sa.create_engine(url2)
        with engine.begin() as conn:
            conn.exec_driver_sql(ddl)
        engine.dispose()
        return facts(url2)
