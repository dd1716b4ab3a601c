"""Property: any random schema and any random edits, rendered as revisions through the real pipeline and
upgraded over rows, give the schema `create_all` of the new models builds (names included, as the inspector
sees it), keep every row and value (except where Migration notes allow a loss), and downgrade to base and
upgrade again. On SQLite and PostgreSQL.

`make test` runs a bounded number of examples; SPECGEN_EVOLUTION_EXAMPLES=N runs more.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import sqlalchemy as sa
from alembic_helpers import Project, alembic
from evolution_helpers import created_schema, empty, leftovers, schema
from evolution_model import Schema, initial, markdown, next_version
from evolution_model import rows as fill_rows
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from specgen.verify import _empty

EXAMPLES = int(os.environ.get("SPECGEN_EVOLUTION_EXAMPLES", "25"))


def _values(conn: sa.Connection, s: Schema) -> dict[tuple[str, str], dict[int, object]]:
    """(table origin, column origin) -> {id: value}, for every column of every table."""
    out: dict[tuple[str, str], dict[int, object]] = {}
    for t in s.tables:
        cols = ["id", *(c.name for c in t.cols)]
        result = conn.execute(sa.text(f"SELECT {', '.join(cols)} FROM {t.name}")).all()
        out[(t.origin, "id")] = {r[0]: r[0] for r in result}
        for n, c in enumerate(t.cols, start=1):
            out[(t.origin, c.origin)] = {r[0]: r[n] for r in result}
    return out


def _lost(before: dict, after: dict, old: Schema, new: Schema) -> list[str]:
    """Rows or non-NULL values of the old version missing from the new one, where no edit allowed it."""
    new_tables = {t.origin for t in new.tables}
    new_cols = {(t.origin, c.origin): c for t in new.tables for c in t.cols}
    out = []
    for key, values in before.items():
        if key[0] not in new_tables or (key[1] != "id" and key not in new_cols):
            continue  # dropped, as the notes allow
        got = after.get(key, {})
        for rid, v in values.items():
            if rid not in got:
                out.append(f"row {key[0]}.id={rid} lost")
            elif v is not None and str(got[rid]) != str(v):
                out.append(f"{key[0]}.{key[1]}[{rid}]: {v!r} became {got[rid]!r}")
    return out


def evolve(url: str, r: random.Random) -> None:
    with tempfile.TemporaryDirectory(prefix="specgen-evolve-") as tmp:
        project = Project(Path(tmp) / "proj")
        v1 = initial(r)
        v2, done = next_version(v1, r, r.randint(1, 4))
        note = f"v1:\n{markdown(v1)}\nedits: {done}\nv2:\n{markdown(v2)}"
        eng = sa.create_engine(url)
        try:
            with eng.connect() as conn:
                project.write(markdown(v1))
                project.render()
                alembic(project, conn, "upgrade", "head")
                for sql in fill_rows(v1):
                    conn.execute(sa.text(sql))
                conn.commit()
                before = _values(conn, v1)
                project.write(markdown(v2))
                project.render()
                alembic(project, conn, "upgrade", "head")
                assert leftovers(conn) == [], note
                lost = _lost(before, _values(conn, v2), v1, v2)
                assert lost == [], f"{lost}\n{note}"
                migrated = schema(conn)
                alembic(project, conn, "downgrade", "base")
                assert [t for t in sa.inspect(conn).get_table_names() if t != "alembic_version"] == [], note
                empty(conn)
                created = created_schema(conn, project.design())
                assert migrated == created, note
                alembic(project, conn, "upgrade", "head")
                assert schema(conn) == migrated, note
        finally:
            _empty(eng)  # the next example starts from an empty database
            eng.dispose()


PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("SPECGEN_EVOLUTION_SEED") is None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No explain phase: tracing every line of an Alembic upgrade per shrink step takes minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)


@PROFILE
@given(r=st.randoms(use_true_random=False))
def test_random_evolution_sqlite(r: random.Random) -> None:
    with tempfile.TemporaryDirectory(prefix="specgen-evolve-db-") as tmp:
        evolve(f"sqlite:///{tmp}/db.sqlite3", r)


@PROFILE
@given(r=st.randoms(use_true_random=False))
def test_random_evolution_postgresql(pg_url: str, r: random.Random) -> None:
    evolve(pg_url, r)


def test_the_model_writes_what_specgen_reads() -> None:
    """The generator's specs design without errors (else the property would test nothing)."""
    r = random.Random(7)
    for _ in range(20):
        v1 = initial(r)
        v2, _ = next_version(v1, r, 3)
        for s in (v1, v2):
            with tempfile.TemporaryDirectory() as tmp:
                project = Project(Path(tmp))
                project.write(markdown(s))
                design = project.design()
                assert {e.table_name for e in design.database_schema.entities} == {t.name for t in s.tables}
