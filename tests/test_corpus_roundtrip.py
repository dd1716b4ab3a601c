"""Round trip on real DDL: corpus SQL in a Markdown spec -> design -> tables on PostgreSQL, compared with
the same DDL loaded directly (SQLAlchemy inspector): tables, columns, types, nullability, primary keys,
foreign keys with ON DELETE, unique sets, indexes and check counts.

The corpus (../shared/corpus) is read in place, never copied; the tests skip where it is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import corpus_file

pytestmark = pytest.mark.slow  # the DDL corpus: `make test` runs it, `make test-fast` skips it

CORPUS_PG = [
    "chinook/chinook_postgresql.schema.sql",
    "chinook/chinook_postgresql_identity.schema.sql",
    "northwind/northwind.schema.sql",
    "sakila/postgres-sakila-schema.sql",
]

# Facts the round trip cannot carry, each with its reason. Keys as `facts()` names them.
KNOWN_MISSES: dict[str, str] = {}


def _load_direct(url: str, sql: str) -> list[str]:
    """Run the corpus DDL statement by statement; return the statements PostgreSQL refused."""
    import sqlalchemy as sa

    from specgen.parse.sql_split import split_statements

    refused: list[str] = []
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for st in split_statements(sql):
            head = st.head
            if st.meta or "DATABASE" in head.split()[:3]:
                continue  # psql \connect and CREATE/DROP DATABASE: the test database is given
            try:
                conn.exec_driver_sql(st.text)
            except Exception as exc:  # noqa: BLE001 - recorded and asserted on below
                refused.append(f"{st.line + 1}: {head[:50]}: {str(exc).splitlines()[0]}")
    engine.dispose()
    return refused


def _design(tmp_path: Path, sql: str):  # type: ignore[no-untyped-def]
    from specgen.design.build import build_design
    from specgen.parse import parse_text
    from specgen.parse.ir import SpecIR

    md = "# Corpus schema\n\n```sql\n" + sql + "\n```\n"
    spec = parse_text(str(tmp_path / "corpus.md"), md)
    result = build_design(SpecIR([spec]))
    return result


def facts(url: str) -> dict[str, Any]:
    """Every schema fact the inspector reports, keyed `table.column.kind` / `table.kind`."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import postgresql

    engine = sa.create_engine(url)
    insp = sa.inspect(engine)
    out: dict[str, Any] = {}
    dialect = postgresql.dialect()
    for table in sorted(insp.get_table_names()):
        out[f"{table}.exists"] = True
        for c in insp.get_columns(table):
            t = c["type"]
            text = t.compile(dialect=dialect) if not isinstance(t, sa.types.NullType) else "NULL"
            if isinstance(t, sa.Enum):
                text = f"ENUM({','.join(t.enums)})"
            out[f"{table}.{c['name']}.type"] = " ".join(str(text).upper().split())
            out[f"{table}.{c['name']}.nullable"] = c["nullable"]
        pk = insp.get_pk_constraint(table)
        out[f"{table}.pk"] = tuple(pk["constrained_columns"])
        for fk in insp.get_foreign_keys(table):
            key = f"{table}.fk({','.join(fk['constrained_columns'])})"
            ondelete = (fk.get("options") or {}).get("ondelete")
            ondelete = None if ondelete in (None, "NO ACTION") else ondelete.upper()
            out[key] = (fk["referred_table"], tuple(fk["referred_columns"]), ondelete)
        out[f"{table}.uniques"] = sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table))
        for ix in insp.get_indexes(table):
            if ix.get("duplicates_constraint"):
                continue
            cols = tuple(c if c is not None else "<expr>" for c in ix["column_names"])
            out[f"{table}.index({ix['name']})"] = (cols, bool(ix["unique"]))
        out[f"{table}.checks"] = len(insp.get_check_constraints(table))
    engine.dispose()
    return out


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> tuple[int, list[str]]:
    misses = []
    for key, value in expected.items():
        got = actual.get(key, "<missing>")
        if got != value:
            misses.append(f"{key}: corpus {value!r}, design {got!r}")
    misses += [f"{key}: only in the design ({actual[key]!r})" for key in actual if key not in expected]
    return len(expected) - sum(1 for m in misses if "only in the design" not in m), misses


@pytest.mark.parametrize("relative", CORPUS_PG)
def test_corpus_round_trip(relative: str, tmp_path: Path, pg_url: str, pg_server_url: str) -> None:
    import sqlalchemy as sa

    from specgen.render.metadata import design_to_metadata

    path = corpus_file(relative)
    sql = path.read_text(encoding="utf-8")
    result = _design(tmp_path, sql)
    assert not result.errors, [d.format() for d in result.errors]
    assert not result.design.database_schema.conflicts

    refused = _load_direct(pg_url, sql)
    table_refusals = [r for r in refused if "TABLE" in r.split(":")[1] or "INDEX" in r.split(":")[1]]
    assert not table_refusals, table_refusals
    expected = facts(pg_url)

    # A second database for the design's tables.
    base = sa.engine.make_url(pg_url)
    second = f"{base.database}_design"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{second}"')
    url2 = base.set(database=second).render_as_string(hide_password=False)
    try:
        engine = sa.create_engine(url2)
        with engine.begin() as conn:  # the domains the tables use, created first as the revisions do
            for o in result.design.database_schema.sql_objects:
                if o.kind == "domain":
                    conn.exec_driver_sql(o.definition)
        design_to_metadata(result.design, "postgresql").create_all(engine)
        engine.dispose()
        actual = facts(url2)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{second}" WITH (FORCE)')
        admin.dispose()

    prefix = relative.split("/")[0]
    matched, misses = compare(expected, actual)
    unexplained = [m for m in misses if f"{prefix}:{m.split(':')[0]}" not in KNOWN_MISSES]
    print(f"\n{relative}: {matched}/{len(expected)} facts match; misses: {misses}")
    assert not unexplained, unexplained
    assert matched >= len(expected) - sum(1 for k in KNOWN_MISSES if k.startswith(prefix + ":"))


CHINOOK = {
    "chinook/chinook_postgresql.schema.sql": "sql",
    "chinook/chinook_postgresql_identity.schema.sql": "sql",
    "chinook/chinook_sqlite.schema.sql": "sqlite",
    "chinook/chinook_mysql.schema.sql": "sql",  # detected as MySQL (backticks, AUTO_INCREMENT)
}


def _summary(relative: str, lang: str, tmp_path: Path) -> tuple[Any, ...]:
    """Tables with column types and nullability, keys, FKs and indexes; names without `_` and case
    (the Chinook files spell names differently per dialect: AlbumId, album_id)."""
    from specgen.design.build import build_design
    from specgen.parse import parse_text
    from specgen.parse.ir import SpecIR

    text = corpus_file(relative).read_text(encoding="utf-8")
    result = build_design(SpecIR([parse_text(str(tmp_path / "c.md"), f"# C\n\n```{lang}\n{text}\n```\n")]))
    assert result.errors == []

    def n(name: str) -> str:
        return name.replace("_", "").lower()

    schema = result.design.database_schema
    return (
        {n(e.table_name): {n(c.name): (c.sql_type, c.nullable) for c in e.columns} for e in schema.entities},
        sorted((n(e.table_name), tuple(map(n, e.primary_key.columns))) for e in schema.entities if e.primary_key),
        sorted(
            (n(e.table_name), tuple(map(n, fk.columns)), n(fk.ref_table), fk.on_delete)
            for e in schema.entities
            for fk in e.foreign_keys
        ),
        sorted((n(i.table_name), tuple(map(n, i.columns)), i.unique) for i in schema.indexes),
    )


def test_chinook_reads_the_same_in_four_dialects(tmp_path: Path) -> None:
    summaries = {rel: _summary(rel, lang, tmp_path) for rel, lang in CHINOOK.items()}
    reference = summaries["chinook/chinook_postgresql.schema.sql"]
    assert len(reference[0]) == 11 and len(reference[2]) == 11 and len(reference[3]) == 11
    for rel, summary in summaries.items():
        assert summary == reference, rel


ALL_CORPUS = [
    *CORPUS_PG,
    "chinook/chinook_sqlite.schema.sql",
    "chinook/chinook_mysql.schema.sql",
    "sakila/sqlite-sakila-schema.sql",
    "sakila/mysql-sakila-schema.sql",
]


@pytest.mark.parametrize("relative", ALL_CORPUS)
def test_every_corpus_file_designs_without_errors(relative: str, tmp_path: Path) -> None:
    from specgen.design.build import build_design
    from specgen.parse import parse_text
    from specgen.parse.ir import SpecIR

    text = corpus_file(relative).read_text(encoding="utf-8")
    lang = "sqlite" if "sqlite" in relative else "sql"
    spec = parse_text(str(tmp_path / "c.md"), f"# C\n\n```{lang}\n{text}\n```\n")
    result = build_design(SpecIR([spec]))
    errors = [d.message for d in result.errors]
    if relative == "sakila/mysql-sakila-schema.sql":
        # MySQL scopes index names to their table, PostgreSQL to the schema: the same name on two
        # tables is kept on both and validate reports it (with both lines) rather than renaming it.
        from specgen.validate import validate

        assert errors == []
        dup = [f for f in validate(result.design) if f.code == "SG106" and "index name 'idx_fk_" in f.message]
        assert len(dup) == 6 and all(f.line and "first at" in f.message for f in dup)
    else:
        assert errors == []
    expected_tables = {"chinook": 11, "northwind": 14, "sakila": 21 if "postgres" in relative else 16}
    assert len(result.design.database_schema.entities) == expected_tables[relative.split("/")[0]]
    # What is not read is said, with a line inside the block.
    assert all(d.loc is not None and 4 <= d.loc.line <= 3 + text.count("\n") + 1 for d in spec.diagnostics)
