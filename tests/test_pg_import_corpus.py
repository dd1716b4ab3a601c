"""Issue 13, deliverable 9: `specgen import` of every corpus schema that loads on PostgreSQL 16 (pgserver) designs back
to the same schema facts.

For each schema: its DDL is loaded directly into database A (statement by statement, as the corpus test does) ->
`specgen import A` (the CLI, a fresh process) -> `specgen design` (the error codes of `specgen validate`
acknowledged in the imported spec's front matter, as a team adopting a schema does) -> `specgen render --target
alembic` -> `alembic upgrade head` into database B -> the facts of A and B compared (tests/pg_facts.py: tables,
columns and types, nullability, keys, FKs with actions, uniques, indexes with method/opclass/order, checks,
exclusions, views, partitions, enums, domains, extensions). The share of A's facts that B has is printed per
schema and must not fall below its floor (the figure measured when the test was written).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import test_pg_corpus
from corpus_path import alembic, error_codes, load_direct, specgen
from pg_facts import compare, facts
from test_pg_corpus import SCHEMAS, _files

pytestmark = pytest.mark.slow

# name -> floor in % of facts; schemas that need an extension pgserver lacks load only in part (what A accepted
# is what is compared).
FLOORS: dict[str, float] = {
    "chinook": 100.0,
    "chinook_identity": 100.0,
    "northwind": 100.0,
    "sakila": 100.0,
    "temporal": 100.0,
    "visibility": 100.0,
    "hatchet": 100.0,
    "hexpm": 100.0,
    "danbooru": 100.0,
    "inaturalist": 100.0,
    "transitland": 100.0,
    "chatbot_ui": 100.0,
    # every schema (`--schema all`); two views that read themselves (pg_get_viewdef prints them so: no revision can
    # create them), an `oid[]` column and `bit(5)` beside an enum named `bit`: 18 of 2,405 facts (99.25%)
    "postgrest": 99.4,
}
# what `specgen import --schema` reads, where not public alone
IMPORT_SCHEMA = {"postgrest": "all"}


def _acknowledge(spec: Path, codes: list[str]) -> None:
    """The validate error codes under `ignore:` in the imported spec's front matter."""
    text = spec.read_text(encoding="utf-8")
    line = "ignore: [" + ", ".join(codes) + "]"
    if text.startswith("---\n"):
        text = "---\n" + line + "\n" + text[4:]
    else:
        text = f"---\n{line}\n---\n{text}"
    spec.write_text(text, encoding="utf-8")


def import_round_trip(name: str, folder: Path, direct: str, through: str) -> tuple[int, int, list[str], str]:
    """(matched, expected, misses, a line saying what happened) for schema `name`."""
    import sqlalchemy as sa

    prelude = SCHEMAS[name][1]
    sql = "\n".join(p.read_text(encoding="utf-8") for p in _files(name))
    accepted, refused = load_direct(direct, sql, prelude)
    expected = facts(direct)
    (folder / "specs" / "database").mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "imported"\nversion = "0"\n\n[tool.specgen]\ndialects = ["postgresql"]\n', encoding="utf-8"
    )
    schema = ["--schema", IMPORT_SCHEMA[name]] if name in IMPORT_SCHEMA else []
    imported = specgen("import", direct, "-o", "specs/database", *schema, cwd=folder)
    assert "Traceback" not in imported.out, imported.out[-3000:]
    assert imported.code == 0, imported.out[-3000:]
    (spec,) = (folder / "specs" / "database").glob("*.md")
    specgen("design", cwd=folder)
    codes, _ = error_codes(folder)
    if codes:
        _acknowledge(spec, codes)
    design = specgen("design", cwd=folder)
    render = specgen("render", "--target", "alembic", cwd=folder)
    assert "Traceback" not in design.out + render.out, design.out[-2000:] + render.out[-2000:]
    if prelude:
        engine = sa.create_engine(through, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(prelude)
        engine.dispose()
    upgrade = alembic("upgrade", "head", cwd=folder, url=through) if render.code == 0 else None
    got = facts(through) if upgrade is not None and upgrade.code == 0 else {}
    matched, misses, extra = compare(expected, got)
    summary = (
        f"{name}: {matched}/{len(expected)} facts ({100.0 * matched / max(1, len(expected)):.1f}%), {len(extra)} extra;"
        f" refused directly: {len(refused)}; acknowledged: {codes}; render exit {render.code}; "
        f"upgrade exit {upgrade.code if upgrade else None}"
    )
    if upgrade is not None and upgrade.code != 0:
        summary += (
            "\n"
            + "\n".join(x for x in upgrade.out.splitlines() if "Error" in x or x.startswith(("[SQL", "LINE")))[-1500:]
        )
    return matched, len(expected), misses, summary


databases = test_pg_corpus.databases  # the corpus test's fixture: two fresh databases on the session server


@pytest.mark.parametrize("name", list(FLOORS))
def test_import_designs_back_to_the_same_facts(name: str, tmp_path: Path, databases: tuple[str, str]) -> None:
    direct, through = databases
    folder = tmp_path / name
    matched, expected, misses, summary = import_round_trip(name, folder, direct, through)
    print("\n" + summary)
    for line in misses[:15]:
        print("  miss:", line)
    assert 100.0 * matched / max(1, expected) >= FLOORS[name], misses[:40]
    shutil.rmtree(folder, ignore_errors=True)
