"""The invariant: what `validate` passes, every target renders and the database accepts.

Hypothesis writes native Markdown specs from the spec grammar (column types with arrays, enums, numeric and
varchar sizes, constraints, defaults, checks, foreign keys with ON DELETE, relationships with options, indexes
with expressions and partial `where`). For every design without an error finding, every target renders, the
models import and configure, and their schema is created on SQLite (in memory) and on PostgreSQL — so does the
SQL DDL target's script. The pools deliberately hold what the database refuses (`now` on an integer,
`enum(x, x)`, `varchar(0)`, unbalanced checks, injected `where`s, unknown `lazy` words): validate must catch each
one, or the database tells.

`make test` runs SPECGEN_FUZZ_EXAMPLES examples (default 40); set it higher to search longer.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specgen.config import Settings
from specgen.pipeline import design_specs
from specgen.render import TARGETS, render
from specgen.validate import validate

EXAMPLES = int(os.environ.get("SPECGEN_FUZZ_EXAMPLES", "40"))
_COUNTER = itertools.count()
STATS: dict[str, Any] = {"examples": 0, "valid": 0, "refused": 0, "codes": {}}

SCALARS = [
    "integer",
    "bigint",
    "smallint",
    "text",
    "boolean",
    "date",
    "timestamp",
    "timestamptz",
    "uuid",
    "json",
    "jsonb",
    "real",
    "double",
    "time",
    "bytea",
]
ARRAYS = ["text[]", "integer[]", "uuid[]", "date[]", "numeric[]", "Mood[]"]
# What a spec may write, by column family: mostly what fits, sometimes (BAD_ODDS) what the database refuses.
GOOD_DEFAULTS = {
    "number": ["", "0", "1"],
    "text": ["", "'x'"],
    "boolean": ["", "true", "false"],
    "time": ["", "now"],
    "uuid": ["", "uuid4"],
    "enum": ["", "happy"],
    "inline_enum": ["", "a"],
}
BAD_DEFAULTS = ["now", "uuid4", "'x'", "-5", "now()", "{{7*7}}", "0); DROP TABLE t0; --", "happy", "true"]
GOOD_CHECKS = {
    "number": ["{c} >= 0", "{c} IS NOT NULL", "{c} BETWEEN -1 AND 10"],
    "text": ["length({c}) > 0", "{c} <> ''", "{c} in ('a', 'b')", "lower({c}) = {c}", "{c} ~ '^a'", "{c} LIKE 'a%'"],
    "array": ["cardinality({c}) > 0"],
    "enum": ["{c} in ('happy', 'sad')", "{c} <> 'sad'"],
    "inline_enum": ["{c} <> 'a'"],
}
BAD_CHECKS = [
    "length({c}) > 0",
    "{c} > 0",
    "({c} > 0",
    "{c} <> ''",
    "{c} in ('a', 'b')",
    "lower({c}) = {c}",
    "cardinality({c}) > 0",
    "{c} = 1",
    "({c} > 0)); DROP TABLE t0; --",
    "(" * 40 + "{c} > 0" + ")" * 40,
]
WHERES = ["{c} IS NOT NULL", "{c} IS NULL"]
BAD_WHERES = ["where (", "true; DROP TABLE t0; --", "{c} > 0", "{c} = ''"]
LAZY = ["", "", " (lazy selectin)", " (lazy joined)", " (cascade all, delete-orphan)"]
BAD_LAZY = [" (lazy sometimes)", " (cascade delete-orpan)"]
BAD_ODDS = 20  # one draw in 20 takes from the bad pool (a design has dozens of draws)


def family(typ: str) -> str:
    if typ.endswith("[]"):
        return "array"
    base = typ.split("(")[0]
    if base in ("integer", "bigint", "smallint", "numeric", "real", "double"):
        return "number"
    if base in ("text", "varchar"):
        return "text"
    if base in ("date", "timestamp", "timestamptz", "time"):
        return "time"
    if base == "Mood":
        return "enum"
    if base == "enum":
        return "inline_enum"
    return base


def pick(draw: st.DrawFn, good: list[str], bad: list[str]) -> str:
    if bad and draw(st.integers(1, BAD_ODDS)) == 1:
        return draw(st.sampled_from(bad))
    return draw(st.sampled_from(good)) if good else ""


@st.composite
def column_type(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["scalar"] * 6 + ["varchar", "numeric", "array", "enum", "named_enum"]))
    if kind == "scalar":
        return draw(st.sampled_from(SCALARS))
    if kind == "varchar":
        return f"varchar({pick(draw, ['1', '20', '255'], ['0'])})"
    if kind == "numeric":
        p = int(pick(draw, ["1", "5", "12", "38"], ["0", "1001"]))
        return f"numeric({p},{pick(draw, [str(min(2, p))], [str(p + 1)])})"
    if kind == "array":
        return draw(st.sampled_from(ARRAYS))
    if kind == "enum":
        return "enum(" + pick(draw, ["a, b", "a, b, c"], ["a, a"]) + ")"
    return "Mood"


@st.composite
def spec(draw: st.DrawFn) -> str:
    n = next(_COUNTER)
    count = draw(st.integers(1, 3))
    parts = ["# Fuzz\n\n## Enum: Mood\nvalues: happy, sad\n"]
    for i in range(count):
        table = f"t{i}"
        key = draw(st.sampled_from(["uuid | no | uuid4 | pk", "bigint | no | | pk"]))
        rows = [f"| id | {key} | |"]
        indexes: list[str] = []
        rels: list[str] = []
        for j in range(draw(st.integers(0, 4))):
            name = f"c{j}"
            typ = draw(column_type())
            fam = family(typ)
            null = draw(st.sampled_from(["yes", "no"]))
            default = pick(draw, GOOD_DEFAULTS.get(fam, [""]), BAD_DEFAULTS)
            cons = []
            if draw(st.booleans()):
                cons.append(draw(st.sampled_from(["unique", "index"])))
            if draw(st.integers(0, 2)) == 0:
                check = pick(draw, GOOD_CHECKS.get(fam, ["{c} IS NOT NULL"]), BAD_CHECKS)
                cons.append("check: " + check.format(c=name))
            if draw(st.integers(0, 4)) == 0:
                cons.append(pick(draw, ["on update now"] if fam == "time" else [], ["on update now"]))
            rows.append(f"| {name} | {typ} | {null} | {default} | {', '.join(c for c in cons if c)} | |")
            if draw(st.integers(0, 2)) == 0:
                where = pick(draw, ["", *WHERES], BAD_WHERES).format(c=name)
                expr = f"lower({name})" if fam == "text" and draw(st.booleans()) else name
                indexes.append(f"- ix_{table}_{j}_{n}: ({expr})" + (f" where {where}" if where else ""))
        if i > 0 and draw(st.booleans()):
            parent = draw(st.integers(0, i - 1))
            ptype = "uuid" if "uuid" in parts[1 + parent].split("| id |")[1].split("|")[0] else "bigint"
            null = draw(st.sampled_from(["yes", "no"]))
            action = draw(st.sampled_from(["cascade", "set null", "restrict"]))
            rows.append(f"| p_id | {ptype} | {null} | | fk t{parent}.id on delete {action}, index | |")
            rels.append(f"- parent: many-to-one E{parent}x{n}" + pick(draw, LAZY, BAD_LAZY))
        body = "\n".join(rows)
        section = (
            f"\n## Entity: E{i}x{n}\ntable: {table}\n\n| Column | Type | Nullable | Default | Constraints | Description |\n"
            f"|---|---|---|---|---|---|\n{body}\n"
        )
        if indexes:
            section += "\n### Indexes\n" + "\n".join(indexes) + "\n"
        if rels:
            section += "\n### Relationships\n" + "\n".join(rels) + "\n"
        parts.append(section)
    return "".join(parts)


def _import_models(path: Path) -> Any:
    name = f"fuzz_models_{next(_COUNTER)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _reset_postgresql(conn: Any) -> None:
    import sqlalchemy as sa

    conn.execute(sa.text("DROP SCHEMA public CASCADE"))
    conn.execute(sa.text("CREATE SCHEMA public"))


def check_invariant(text: str, root: Path, pg: Any) -> bool:
    """True when the design was valid and everything held; False when validate refused it (also fine)."""
    import sqlalchemy as sa
    from sqlalchemy.orm import clear_mappers, configure_mappers
    from sqlmodel import SQLModel

    specs = root / "specs" / "database"
    specs.mkdir(parents=True, exist_ok=True)
    (specs / "fuzz.md").write_text(text, encoding="utf-8")
    result = design_specs([specs], Settings(root=str(root)))
    STATS["examples"] += 1
    errors = [d.code or "reading" for d in result.errors] or [
        f.code for f in validate(result.design) if f.severity == "error"
    ]
    if errors:
        STATS["refused"] += 1
        for code in set(errors):
            STATS["codes"][code] = STATS["codes"].get(code, 0) + 1
        return False
    design = result.design
    out = root / "out"
    files: dict[Path, str] = {}
    for target in TARGETS:
        files.update(render(design, target, Settings(root=str(root)), out))
    models = next(p for p in files if p.name == "models.py")
    models.parent.mkdir(parents=True, exist_ok=True)
    models.write_text(files[models], encoding="utf-8")
    SQLModel.metadata.clear()
    try:
        _import_models(models)
        configure_mappers()
        lite = sa.create_engine("sqlite://")
        SQLModel.metadata.create_all(lite)
        lite.dispose()
        with pg.begin() as conn:
            _reset_postgresql(conn)
            SQLModel.metadata.create_all(conn)
    finally:
        clear_mappers()
        SQLModel.metadata.clear()
    from specgen.render.sql import ddl_statements

    db = sqlite3.connect(":memory:")
    for statement in ddl_statements(design, "sqlite"):
        db.execute(statement)
    db.close()
    with pg.begin() as conn:
        _reset_postgresql(conn)
        for statement in ddl_statements(design, "postgresql"):
            conn.execute(sa.text(statement.replace(":", r"\:")))
    STATS["valid"] += 1
    return True


@pytest.mark.filterwarnings("ignore")
def test_valid_designs_render_import_and_create(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> None:
    import sqlalchemy as sa

    pg = sa.create_engine(pg_url)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=EXAMPLES <= 40,  # `make test` is deterministic; longer searches explore
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(spec())
    def run(text: str) -> None:
        check_invariant(text, tmp_path_factory.mktemp("fuzz"), pg)

    try:
        run()
    finally:
        pg.dispose()
        print(f"invariant: {STATS}")
    assert STATS["valid"] > 0, STATS  # the generator reaches valid designs, so the invariant was tested
