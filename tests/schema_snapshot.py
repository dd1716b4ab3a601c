"""A database schema as plain, comparable data, read with SQLAlchemy's inspector (for round-trip tests)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from specgen.vocab.types import UnknownType, parse_type


def _type(t: Any, dialect: Any) -> str:
    try:
        text = t.compile(dialect=dialect)
    except Exception:  # a type the dialect cannot print (NullType): its class name
        text = type(t).__name__
    return " ".join(str(text).upper().split())


_NOW = {"now()", "current_timestamp", "current_timestamp()", "localtimestamp"}


def _default(text: str | None, column: dict[str, Any], loose: bool) -> str | None:
    if column.get("identity") or (text and str(text).startswith("nextval(")):
        return "<autoincrement>" if loose else str(text or "identity")
    if text is None:
        return None
    t = " ".join(str(text).split())
    if loose:  # the same value spelled differently: casts, outer parentheses, now() vs CURRENT_TIMESTAMP
        t = re.sub(r"::[a-z][a-z0-9_ ]*(\[\])?", "", t, flags=re.I)
        while t.startswith("(") and t.endswith(")") and t.count("(") == 1:
            t = t[1:-1]
        t = "CURRENT_TIMESTAMP" if t.lower() in _NOW else t
        if t.upper() == "NULL":
            return None
    return t


def _vocab(t: Any, dialect: Any) -> str:
    return spec_type(t, dialect, {})[0]


def _ondelete(fk: dict[str, Any], pragma: Any) -> str:
    action = (fk.get("options") or {}).get("ondelete")
    if action is None and pragma is not None:
        action = pragma.actions.get((tuple(fk["constrained_columns"]), fk["referred_table"]), (None, None))[0]
    return (action or "NO ACTION").upper()


def _expr(text: str | None) -> str:
    return re.sub(r"[\s()]", "", (text or "")).lower()


def snapshot(
    url_or_engine: str | sa.Engine, *, names: bool = True, defaults: bool = True, vocabulary: bool = False
) -> dict[str, Any]:
    """{table: {columns, primary_key, foreign_keys, uniques, indexes, checks}} of the default schema.

    `names=False` leaves constraint and index names out (they differ between tools when unnamed).
    `vocabulary=True` compares types in the spec vocabulary (NVARCHAR(20) and VARCHAR(20) are both
    varchar(20)) and defaults by value (casts dropped, a sequence and an identity both "autoincrement")."""
    engine = sa.create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    insp = sa.inspect(engine)
    dialect = engine.dialect
    out: dict[str, Any] = {}
    for table in sorted(insp.get_table_names()):
        if table == "alembic_version":
            continue
        cols = [
            (
                c["name"],
                _vocab(c["type"], dialect) if vocabulary else _type(c["type"], dialect),
                bool(c["nullable"]),
                _default(c.get("default"), c, vocabulary) if defaults else None,
            )
            for c in insp.get_columns(table)
        ]
        pk = insp.get_pk_constraint(table).get("constrained_columns") or []
        if vocabulary:  # SQLite calls an INTEGER PRIMARY KEY nullable; no key column holds NULL
            cols = [(n, t, False if n in pk else nullable, d) for n, t, nullable, d in cols]
        pragma = None
        if engine.dialect.name == "sqlite":  # the inspector misses column-level ON DELETE and UNIQUE
            pragma = sqlite_constraints(engine, table)
        fks = sorted(
            (
                tuple(f["constrained_columns"]),
                f["referred_table"],
                tuple(f["referred_columns"]),
                _ondelete(f, pragma),
                f.get("name") if names else None,
            )
            for f in insp.get_foreign_keys(table)
        )
        found = [(list(u["column_names"]), u.get("name")) for u in insp.get_unique_constraints(table)]
        if pragma is not None:
            found += [(c, None) for c in pragma.uniques if c not in [u[0] for u in found]]
        uniques = sorted((tuple(c), n if names else None) for c, n in found)
        indexes = sorted(
            (
                tuple(str(c) for c in ix["column_names"] if c is not None) or tuple(ix.get("expressions") or ()),
                bool(ix["unique"]),
                ix.get("name") if names else None,
            )
            for ix in insp.get_indexes(table)
            if not ix.get("duplicates_constraint")
        )
        try:
            checks = sorted(
                (_expr(c["sqltext"]), c.get("name") if names else None) for c in insp.get_check_constraints(table)
            )
        except NotImplementedError:  # pragma: no cover
            checks = []
        out[table] = {
            "columns": cols,
            "primary_key": list(pk),
            "foreign_keys": fks,
            "uniques": uniques,
            "indexes": indexes,
            "checks": checks,
        }
    if isinstance(url_or_engine, str):
        engine.dispose()
    return out


def count_facts(snap: dict[str, Any]) -> int:
    """How many schema facts a snapshot holds: tables, columns, keys, constraints, indexes."""
    n = 0
    for t in snap.values():
        n += 1 + len(t["columns"]) + (1 if t["primary_key"] else 0) + len(t["foreign_keys"]) + len(t["uniques"])
        n += len(t["indexes"]) + len(t["checks"])
    return n


def diff_facts(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Facts of `a` missing or different in `b`, one line each."""
    out: list[str] = []
    for table, ta in a.items():
        tb = b.get(table)
        if tb is None:
            out.append(f"table {table} missing")
            continue
        cols_b = {c[0]: c for c in tb["columns"]}
        for c in ta["columns"]:
            if cols_b.get(c[0]) != c:
                out.append(f"{table}.{c[0]}: {c} != {cols_b.get(c[0])}")
        if ta["primary_key"] != tb["primary_key"]:
            out.append(f"{table} primary key: {ta['primary_key']} != {tb['primary_key']}")
        for key in ("foreign_keys", "uniques", "indexes", "checks"):
            for item in ta[key]:
                if item not in tb[key]:
                    out.append(f"{table} {key[:-1]} {item} missing (has {tb[key]})")
    for table in b:
        if table not in a:
            out.append(f"table {table} extra")
    return out


# -- reflected types and SQLite constraints, as the importer read them before it read DDL (comparison only) --

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def enum_name(name: str) -> str:
    """An identifier for an enum type: `my-kind` -> `my_kind`."""
    if NAME.match(name):
        return name
    clean = re.sub(r"\W", "_", name)
    return clean if clean and not clean[0].isdigit() else "e_" + clean


def spec_type(sa_type: Any, dialect: Any, enums: dict[str, list[str]]) -> tuple[str, list[str]]:
    """The spec vocabulary's spelling of a reflected type, and notes on what it could not keep."""
    import sqlalchemy as sa

    notes: list[str] = []
    if isinstance(sa_type, sa.Enum) and sa_type.name:
        name = enum_name(sa_type.name)
        if name != sa_type.name:
            notes.append(f"enum type {sa_type.name!r} renamed {name} (spec names are identifiers)")
        enums.setdefault(name, list(sa_type.enums))
        return name, notes
    if isinstance(sa_type, sa.ARRAY):
        item, item_notes = spec_type(sa_type.item_type, dialect, enums)
        return item + "[]", item_notes
    data_type = getattr(sa_type, "data_type", None)
    if data_type is not None and type(sa_type).__name__ == "DOMAIN":
        base, base_notes = spec_type(data_type, dialect, enums)
        notes.append(
            f"was domain {sa_type.name} over {base}"
            + (f" (check {sa_type.check})" if getattr(sa_type, "check", None) is not None else "")
        )
        return base, notes + base_notes
    try:
        text = str(sa_type.compile(dialect=dialect))
    except Exception:  # NullType and friends: SQLite columns declared without a type
        text = "text"
        notes.append(f"type {type(sa_type).__name__} read as text")
    text = re.sub(r"\s*,\s*", ",", text.lower())
    try:
        spelled = parse_type(text).sql
        if re.search(r"\(\d", text) and "(" not in spelled:
            notes.append(f"type {text} read as {spelled} (the vocabulary keeps no precision for it)")
        return spelled, notes
    except UnknownType:
        base = re.sub(r"\(.*\)", "", text).strip()
        try:
            return parse_type(base).sql, notes + [f"type {text} read as {parse_type(base).sql}"]
        except UnknownType:
            notes.append(f"type {text} is not in the spec vocabulary; read as text")
            return "text", notes


@dataclass
class SqliteConstraints:
    actions: dict[tuple[tuple[str, ...], str], tuple[str | None, str | None]]  # (columns, table) -> (delete, update)
    uniques: list[list[str]]


def sqlite_constraints(engine: Any, table: str) -> SqliteConstraints:
    """FK actions and UNIQUE constraints from SQLite's PRAGMAs, which see the ones written on a column."""
    import sqlalchemy as sa

    quoted = table.replace('"', '""')
    actions: dict[tuple[tuple[str, ...], str], tuple[str | None, str | None]] = {}
    uniques: list[list[str]] = []
    with engine.connect() as conn:
        groups: dict[int, list[Any]] = {}
        for row in conn.execute(sa.text(f'PRAGMA foreign_key_list("{quoted}")')):
            groups.setdefault(row[0], []).append(row)
        for rows in groups.values():
            rows.sort(key=lambda r: r[1])
            key = (tuple(r[3] for r in rows), rows[0][2])
            actions[key] = (_action(rows[0][6]), _action(rows[0][5]))
        for ix in conn.execute(sa.text(f'PRAGMA index_list("{quoted}")')).fetchall():
            if ix[3] == "u":
                name = str(ix[1]).replace('"', '""')
                cols = [r[2] for r in conn.execute(sa.text(f'PRAGMA index_info("{name}")')).fetchall()]
                uniques.append(cols)
    return SqliteConstraints(actions, uniques)


def _action(text: str | None) -> str | None:
    if not text or text.upper() == "NONE":
        return None
    return " ".join(text.upper().split())
