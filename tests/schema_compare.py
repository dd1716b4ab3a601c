"""Compare a live database schema with a design through SQLAlchemy's inspector (test helper).

`differences(design, engine)` lists every mismatch in tables, columns, types, nullability, primary keys,
foreign keys (with ON DELETE), unique constraints, check constraints and indexes. An empty list means
the database is what the design says.
"""

from __future__ import annotations

import warnings
from typing import Any

import sqlalchemy as sa

from specgen.design.model import Design
from specgen.render.satypes import build
from specgen.render.tables import plan_tables

_ALIASES = {
    "SERIAL": "INTEGER",
    "BIGSERIAL": "BIGINT",
    "SMALLSERIAL": "SMALLINT",
    "DOUBLE": "DOUBLE PRECISION",
    "FLOAT": "DOUBLE PRECISION",
    "TIMESTAMP WITHOUT TIME ZONE": "TIMESTAMP",
    "TIME WITHOUT TIME ZONE": "TIME",
    "DATETIME": "TIMESTAMP",
    "BOOL": "BOOLEAN",
}


def _norm_type(text: str) -> str:
    t = " ".join(text.upper().replace(", ", ",").split())
    return _ALIASES.get(t, t)


def _type_text(type_: Any, dialect: sa.Dialect) -> str:
    try:
        return _norm_type(type_.compile(dialect=dialect))
    except Exception:  # noqa: BLE001 - NullType and friends
        return "?"


def differences(design: Design, engine: sa.Engine) -> list[str]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        return _differences(design, engine)


def _differences(design: Design, engine: sa.Engine) -> list[str]:
    insp = sa.inspect(engine)
    dialect = engine.dialect
    out: list[str] = []
    enum_values = {e.name: list(e.values) for e in design.database_schema.enums}
    md = sa.MetaData()
    plans = plan_tables(design, dialect.name)
    expected_tables = {p.name for p in plans}
    actual_tables = set(insp.get_table_names())
    for t in sorted(expected_tables - actual_tables):
        out.append(f"missing table {t}")
    for t in sorted(actual_tables - expected_tables - {"alembic_version"}):
        out.append(f"unexpected table {t}")

    def enum_type(name: str) -> sa.Enum:
        return sa.Enum(*enum_values.get(name, []), name=name, metadata=md)

    for plan in plans:
        t = plan.name
        if t not in actual_tables:
            continue
        cols = {c["name"]: c for c in insp.get_columns(t)}
        want = {cp.column.name: cp for cp in plan.columns}
        for name in sorted(set(want) - set(cols)):
            out.append(f"{t}: missing column {name}")
        for name in sorted(set(cols) - set(want)):
            out.append(f"{t}: unexpected column {name}")
        for name, cp in want.items():
            if name not in cols:
                continue
            got = cols[name]
            exp_type = _type_text(build(cp.type, enum_type), dialect)
            got_type = _type_text(got["type"], dialect)
            if exp_type != got_type:
                out.append(f"{t}.{name}: type {got_type} != {exp_type}")
            nullable = cp.column.nullable and not cp.primary_key
            if bool(got["nullable"]) != nullable:
                out.append(f"{t}.{name}: nullable {got['nullable']} != {nullable}")
            has_default = got.get("default") is not None
            if has_default != (cp.server_default is not None) and not (cp.primary_key and has_default):
                out.append(f"{t}.{name}: server default {got.get('default')!r} != {cp.server_default!r}")
        pk = insp.get_pk_constraint(t)["constrained_columns"]
        if list(pk) != plan.primary_key:
            out.append(f"{t}: primary key {pk} != {plan.primary_key}")
        exp_fks = set()
        for fk in [*plan.foreign_keys, *(cp.fk for cp in plan.columns if cp.fk)]:
            d = fk.fk
            exp_fks.add((tuple(d.columns), fk.ref_table, tuple(d.ref_columns), (d.on_delete or "NO ACTION").upper()))
        got_fks = set()
        for fk in insp.get_foreign_keys(t):
            ondelete = (fk.get("options") or {}).get("ondelete") or "NO ACTION"
            got_fks.add(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    ondelete.upper(),
                )
            )
        for fk in sorted(exp_fks - got_fks):
            out.append(f"{t}: missing foreign key {fk}")
        for fk in sorted(got_fks - exp_fks):
            out.append(f"{t}: unexpected foreign key {fk}")
        exp_uq = {tuple(cols_) for _, cols_ in plan.uniques} | {(cp.column.name,) for cp in plan.columns if cp.unique}
        got_uq = {tuple(u["column_names"]) for u in insp.get_unique_constraints(t)}
        if exp_uq != got_uq:
            out.append(f"{t}: unique constraints {sorted(got_uq)} != {sorted(exp_uq)}")
        exp_ck = {ck.name for ck in plan.checks if ck.only in (None, dialect.name)}
        got_ck = {c["name"] for c in insp.get_check_constraints(t) if c.get("name")}
        if dialect.name == "postgresql":
            got_ck -= {n for n in got_ck if n.endswith("_not_null")}
        if exp_ck != got_ck:
            out.append(f"{t}: check constraints {sorted(got_ck)} != {sorted(exp_ck)}")
        exp_ix = {
            ix.index.index_name: (ix.index.unique, tuple(None if e else c for e, c in ix.elements))
            for ix in plan.indexes
            if ix.only in (None, dialect.name)
        }
        got_ix = {}
        if dialect.name == "sqlite":  # the inspector skips expression indexes there: look them up by name
            with engine.connect() as conn:
                names = set(
                    conn.execute(
                        sa.text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"), {"t": t}
                    ).scalars()
                )
            for ix in plan.indexes:
                name = ix.index.index_name
                if any(e for e, _ in ix.elements) and name in names:
                    got_ix[name] = exp_ix[name]
        for ix in insp.get_indexes(t):
            if ix.get("duplicates_constraint"):
                continue
            got_ix[ix["name"]] = (bool(ix["unique"]), tuple(ix["column_names"]))
            if ix.get("expressions"):
                got_ix[ix["name"]] = (bool(ix["unique"]), tuple(None for _ in ix["expressions"]))
        if exp_ix != got_ix:
            out.append(f"{t}: indexes {sorted(got_ix.items())} != {sorted(exp_ix.items())}")
    return out
