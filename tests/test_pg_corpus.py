"""Every real schema of ../shared/corpus through the path a user takes, on PostgreSQL 16 (pgserver):

1. the DDL is loaded directly into database A, statement by statement (as `psql -v ON_ERROR_STOP=0`); what
   PostgreSQL refuses there (an extension pgserver lacks, and what uses it) is not a fact of the schema;
2. the statements A accepted go into a spec's ```sql fence -> `specgen design` -> the error codes of
   `specgen validate` are acknowledged in the spec's front matter (`ignore:`) -> `specgen render --target
   alembic` (and `--target sqlmodel`) -> `alembic upgrade head` into database B;
3. the schema facts of A and B (tests/pg_facts.py: tables, columns with types, nullability, keys, FKs with
   actions, uniques, indexes with method/opclass/order, checks, views, partitions, enums, domains, extensions)
   are compared; the share of A's facts B has is printed per schema and must not fall below its floor.

The full DDL (extensions pgserver lacks included) must still design and render, `alembic upgrade head --sql`
must emit the statements, and the models must import: that is checked separately.

Floors are the figures measured when the test was written (see the closing note of issue 13): raise them as
specgen learns more; the goal is 99% for each schema.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_path import SUPABASE_STAND_IN, alembic, design_and_render, load_direct
from pg_facts import compare, facts

from conftest import CORPUS, sqlalchemy_url

pytestmark = pytest.mark.slow

# name -> (files in load order, prelude run in both databases first, floor in % of facts)
SCHEMAS: dict[str, tuple[list[str], str, float]] = {
    "chinook": (["chinook/chinook_postgresql.schema.sql"], "", 100.0),
    "chinook_identity": (["chinook/chinook_postgresql_identity.schema.sql"], "", 100.0),
    "northwind": (["northwind/northwind.schema.sql"], "", 100.0),
    "sakila": (["sakila/postgres-sakila-schema.sql"], "", 100.0),
    "temporal": (["temporal/temporal_schema.schema.sql"], "", 100.0),
    "visibility": (["temporal/visibility_schema.sql"], "", 100.0),
    "hatchet": (["hatchet/v0.sql", "hatchet/v1-core.sql", "hatchet/v1-olap.sql"], "", 100.0),
    "hexpm": (["hexpm/structure.schema.sql"], "", 100.0),
    "danbooru": (["danbooru/structure.schema.sql"], "", 100.0),
    "inaturalist": (["inaturalist/structure.schema.sql"], "", 100.0),
    "transitland": (["transitland/20211206202419_init.up.pgsql"], "", 100.0),
    # an `oid[]` column sqlglot cannot read, and `bit(5)` beside an enum of its own named `bit`: 4 of 2,405 facts
    "postgrest": (["postgrest/schema.sql"], "", 100.0),
    "chatbot_ui": ([], SUPABASE_STAND_IN, 100.0),  # files listed below: the data-free copy where there is one
}


def _files(name: str) -> list[Path]:
    if name == "chatbot_ui":
        folder = CORPUS / "chatbot_ui"
        if not folder.is_dir():
            pytest.skip(f"corpus folder {folder} not found")
        return [p for p in sorted(folder.glob("*.sql")) if not p.with_name(p.stem + ".schema.sql").exists()]
    paths = [CORPUS / f for f in SCHEMAS[name][0]]
    for p in paths:
        if not p.is_file():
            pytest.skip(f"corpus file {p} not found (a lone clone has no ../shared)")
    return paths


@pytest.fixture
def databases(pg_server_url: str) -> Iterator[tuple[str, str]]:
    import sqlalchemy as sa

    admin = sa.create_engine(sqlalchemy_url(pg_server_url), isolation_level="AUTOCOMMIT")
    names = [f"c_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with admin.connect() as conn:
        for n in names:
            conn.exec_driver_sql(f'CREATE DATABASE "{n}"')
    base = sa.engine.make_url(sqlalchemy_url(pg_server_url))
    try:
        yield tuple(base.set(database=n).render_as_string(hide_password=False) for n in names)  # type: ignore[misc]
    finally:
        with admin.connect() as conn:
            for n in names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')
        admin.dispose()


# Schemas whose figure fell below its floor after a merge: a strict xfail naming the cause until it is fixed.
# (hexpm: an index element's operator class was read as a column alias, `(expr) AS jsonb_path_ops`; fixed by
# reading index elements with their operator classes and orders, render/index_parts.py.)
_REGRESSED: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=_REGRESSED[n])) if n in _REGRESSED else n
        for n in SCHEMAS
    ],
)
def test_corpus_schema_through_the_cli(name: str, tmp_path: Path, databases: tuple[str, str]) -> None:
    import sqlalchemy as sa

    files = _files(name)
    prelude, floor = SCHEMAS[name][1], SCHEMAS[name][2]
    sql = "\n".join(p.read_text(encoding="utf-8") for p in files)
    direct, through = databases
    accepted, refused = load_direct(direct, sql, prelude)
    expected = facts(direct)

    folder = tmp_path / name
    result = design_and_render(folder, name, ";\n".join(accepted) + ";")
    design, render = result.steps[-3] if result.ignored else result.steps[0], result.steps[-2]
    assert "Traceback" not in design.out + render.out, design.out[-2000:] + render.out[-2000:]
    if prelude:
        engine = sa.create_engine(through, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(prelude)
        engine.dispose()
    upgraded = render.code == 0 and alembic("upgrade", "head", cwd=folder, url=through).code == 0
    got = facts(through) if upgraded else {}
    matched, misses, extra = compare(expected, got)
    share = 100.0 * matched / max(1, len(expected))
    print(
        f"\n{name}: {matched}/{len(expected)} facts ({share:.1f}%), {len(extra)} extra; refused directly: "
        f"{len(refused)}; acknowledged: {result.ignored}; render exit {render.code}; upgraded: {upgraded}"
    )
    for line in misses[:15]:
        print("  miss:", line)
    assert share >= floor, misses[:40]
    shutil.rmtree(folder, ignore_errors=True)


# Schemas that need extensions pgserver lacks (PostGIS, citext, hstore, pg_trgm, btree_gin/gist, ltree, isn, …).
OFFLINE = [
    "hexpm",
    "danbooru",
    "inaturalist",
    "transitland",
    "postgrest",
    "visibility",
    "hatchet",
]


@pytest.mark.parametrize("name", OFFLINE)
def test_full_schema_renders_offline(name: str, tmp_path: Path) -> None:
    """The whole DDL, extensions pgserver lacks included: design and render succeed, `alembic upgrade head --sql`
    writes the statements (CREATE EXTENSION first), and the generated models import."""
    import subprocess
    import sys

    sql = "\n".join(p.read_text(encoding="utf-8") for p in _files(name))
    folder = tmp_path / name
    result = design_and_render(folder, name, sql)
    render, models = result.steps[-2], result.steps[-1]
    print(f"\n{name}: acknowledged {result.ignored}; render alembic exit {render.code}, sqlmodel exit {models.code}")
    assert "Traceback" not in render.out + models.out
    assert render.code == 0, render.out[-3000:]
    offline = alembic("upgrade", "head", "--sql", cwd=folder, url="postgresql://")
    assert offline.code == 0, offline.out[-3000:]
    assert "CREATE TABLE" in offline.out
    if models.code == 0:
        imported = subprocess.run(
            [sys.executable, "-c", "import models"], cwd=folder / "generated", capture_output=True, text=True
        )
        assert imported.returncode == 0, imported.stderr[-3000:]
