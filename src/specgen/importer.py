"""`specgen import DATABASE_URL`: reflect a live SQLite or PostgreSQL database into native Markdown specs.

reflect(engine) -> ImportedSchema (plain data, read with SQLAlchemy's inspector), then
importer_render.render_specs(schema) -> {path: Markdown}. Types are mapped onto the spec vocabulary
(vocab/types.py); what the vocabulary cannot say (domains, views, triggers, unknown types) becomes a
note in the spec and a warning on the terminal, never a silent loss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specgen.errors import UsageError
from specgen.vocab.types import UnknownType, parse_type

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NEXTVAL = re.compile(r"^nextval\(", re.I)
_SKIP_TABLES = frozenset({"alembic_version", "spatial_ref_sys"})


@dataclass
class ImportedColumn:
    name: str
    type: str  # spec vocabulary: varchar(120), integer, text[], an enum name
    nullable: bool
    default: str | None = None
    autoincrement: bool | None = None  # True: sequence/identity; False: an integer key without one
    unique: bool = False
    fk: ImportedForeignKey | None = None  # a single-column FK, written in the Constraints cell
    comment: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportedForeignKey:
    name: str | None
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    on_delete: str | None = None
    on_update: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass
class ImportedIndex:
    name: str
    columns: list[str]  # names, or SQL expressions
    unique: bool = False
    method: str | None = None
    where: str | None = None


@dataclass
class ImportedTable:
    name: str
    columns: list[ImportedColumn]
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[ImportedForeignKey] = field(default_factory=list)  # table-level (composite) ones
    uniques: list[tuple[str | None, list[str]]] = field(default_factory=list)
    checks: list[tuple[str | None, str]] = field(default_factory=list)
    indexes: list[ImportedIndex] = field(default_factory=list)
    comment: str | None = None
    notes: list[str] = field(default_factory=list)

    def references(self) -> list[str]:
        refs = [fk.ref_table for fk in self.foreign_keys]
        refs += [c.fk.ref_table for c in self.columns if c.fk]
        return refs


@dataclass
class ImportedSchema:
    url: str  # without password
    dialect: str
    schema: str | None
    tables: list[ImportedTable]
    enums: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def connect(url: str) -> Any:
    """An Engine for `url`; a bad URL, a missing SQLite file or an unreachable server is a UsageError."""
    import sqlalchemy as sa

    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise UsageError(
            f"cannot read DATABASE_URL '{url}': expected e.g. sqlite:///app.db or "
            "postgresql://user:password@host/dbname"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise UsageError(f"specgen import reads SQLite and PostgreSQL databases, not '{backend}'")
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername=_postgres_driver())
    if backend == "sqlite":
        from pathlib import Path

        db = parsed.database or ""
        if db in ("", ":memory:") or db.startswith("file:"):
            if db in ("", ":memory:"):
                raise UsageError("an in-memory SQLite database is empty: give the path of a database file")
        elif not Path(db).is_file():
            raise UsageError(f"SQLite database '{db}' not found")
    try:
        engine = sa.create_engine(parsed)
        with engine.connect():
            pass
    except (sa.exc.SQLAlchemyError, ImportError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UsageError(f"cannot connect to {parsed.render_as_string(hide_password=True)}: {reason}") from None
    return engine


def _postgres_driver() -> str:
    import importlib.util

    if importlib.util.find_spec("psycopg") is not None:
        return "postgresql+psycopg"
    return "postgresql"


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


def reflect(engine: Any, schema: str | None = None) -> ImportedSchema:
    """Read tables, columns, keys, constraints, indexes and enums of one schema."""
    import sqlalchemy as sa

    insp = sa.inspect(engine)
    dialect = engine.dialect
    enums: dict[str, list[str]] = {}
    warnings: list[str] = []
    if dialect.name == "postgresql":
        for e in insp.get_enums(schema=schema or "public"):
            enums[enum_name(e["name"])] = list(e["labels"])
    tables: list[ImportedTable] = []
    names = sorted(insp.get_table_names(schema=schema))
    for name in names:
        if name in _SKIP_TABLES:
            continue
        if not NAME.match(name):
            warnings.append(f"table '{name}' skipped: its name is not an identifier (letters, digits, underscores)")
            continue
        table = _table(insp, dialect, name, schema, enums, warnings)
        if table is not None:
            tables.append(table)
    try:
        views = insp.get_view_names(schema=schema)
    except NotImplementedError:  # pragma: no cover
        views = []
    if views:
        warnings.append(f"{len(views)} view(s) not imported (specs describe tables): {', '.join(sorted(views))}")
    url = engine.url.render_as_string(hide_password=True)
    return ImportedSchema(url, dialect.name, schema, tables, dict(sorted(enums.items())), warnings)


def _table(
    insp: Any, dialect: Any, name: str, schema: str | None, enums: dict[str, list[str]], warnings: list[str]
) -> ImportedTable | None:
    columns: list[ImportedColumn] = []
    for c in insp.get_columns(name, schema=schema):
        if not NAME.match(c["name"]):
            warnings.append(f"table '{name}' skipped: column '{c['name']}' is not an identifier")
            return None
        type_text, notes = spec_type(c["type"], dialect, enums)
        col = ImportedColumn(c["name"], type_text, bool(c["nullable"]), comment=c.get("comment"), notes=notes)
        default = c.get("default")
        if c.get("identity") or (default and _NEXTVAL.match(str(default))):
            col.autoincrement = True
        elif default is not None and str(default).strip().upper() != "NULL":
            col.default = " ".join(str(default).split())
        if c.get("computed"):
            col.notes.append(f"generated column ({c['computed'].get('sqltext')}) imported as a plain column")
        columns.append(col)
    by_name = {c.name: c for c in columns}
    pk = list(insp.get_pk_constraint(name, schema=schema).get("constrained_columns") or [])
    table = ImportedTable(name, columns, pk)
    try:
        table.comment = (insp.get_table_comment(name, schema=schema) or {}).get("text")
    except NotImplementedError:
        pass
    for c in columns:
        if c.autoincrement and c.name not in pk:
            # Only a key numbers itself in the design; elsewhere the sequence stays the database's business.
            c.autoincrement = None
            c.notes.append("a sequence feeds this column outside the primary key: not imported")
    if dialect.name == "postgresql" and len(pk) == 1:
        key = by_name[pk[0]]
        if key.type in ("smallint", "integer", "bigint") and not key.autoincrement and key.default is None:
            key.autoincrement = False  # an integer key the database does not number itself
    pragma = sqlite_constraints(insp.bind, name) if dialect.name == "sqlite" else None
    if pragma is not None and pk:
        for col in pk:
            by_name[col].nullable = False  # SQLite reports INTEGER PRIMARY KEY as nullable
    for fk in insp.get_foreign_keys(name, schema=schema):
        opts = dict(fk.get("options") or {})
        if pragma is not None:  # the inspector misses actions written on the column (`REFERENCES t ON DELETE …`)
            ondelete, onupdate = pragma.actions.get(
                (tuple(fk["constrained_columns"]), fk["referred_table"]), (None, None)
            )
            opts.setdefault("ondelete", ondelete)
            opts.setdefault("onupdate", onupdate)
        imported = ImportedForeignKey(
            fk.get("name"),
            list(fk["constrained_columns"]),
            fk["referred_table"],
            list(fk["referred_columns"]),
            _action(opts.get("ondelete")),
            _action(opts.get("onupdate")),
            deferrable=bool(opts.get("deferrable")),
            initially_deferred=str(opts.get("initially", "")).upper() == "DEFERRED",
        )
        if fk.get("referred_schema") not in (None, schema):
            warnings.append(
                f"{name}: foreign key to {fk['referred_schema']}.{fk['referred_table']} "
                "in another schema imported as a reference to the same schema"
            )
        # A single-column FK goes in the Constraints cell, which has no room for a name the user chose.
        if (
            len(imported.columns) == 1
            and by_name[imported.columns[0]].fk is None
            and _default_name(imported.name, name, imported.columns, "fkey")
        ):
            by_name[imported.columns[0]].fk = imported
        else:
            table.foreign_keys.append(imported)
    uniques = [(u.get("name"), list(u["column_names"])) for u in insp.get_unique_constraints(name, schema=schema)]
    if pragma is not None:  # and UNIQUE written on the column
        uniques += [(None, cols) for cols in pragma.uniques if cols not in [u[1] for u in uniques]]
    for u_name, cols in uniques:
        if len(cols) == 1 and _default_name(u_name, name, cols, "key"):
            by_name[cols[0]].unique = True
        else:
            table.uniques.append((u_name, cols))
    try:
        checks = insp.get_check_constraints(name, schema=schema)
    except NotImplementedError:  # pragma: no cover
        checks = []
    for k in checks:
        table.checks.append((k.get("name"), " ".join(str(k["sqltext"]).split())))
    for ix in insp.get_indexes(name, schema=schema):
        if ix.get("duplicates_constraint"):
            continue
        exprs = list(ix.get("expressions") or [])
        cols = [c if c is not None else (exprs[i] if i < len(exprs) else "") for i, c in enumerate(ix["column_names"])]
        opts = ix.get("dialect_options") or {}
        method = opts.get("postgresql_using")
        where = opts.get("postgresql_where") or opts.get("sqlite_where")
        if not ix.get("name") or not NAME.match(ix["name"]):
            warnings.append(f"{name}: index {ix.get('name')!r} skipped: its name is not an identifier")
            continue
        table.indexes.append(
            ImportedIndex(
                ix["name"],
                cols,
                bool(ix["unique"]),
                None if method in (None, "btree") else str(method),
                " ".join(str(where).split()) if where is not None else None,
            )
        )
    warnings.extend(f"{name}.{c.name}: {note}" for c in columns for note in c.notes)
    table.indexes.sort(key=lambda i: i.name)
    table.checks.sort(key=lambda k: (k[0] or "", k[1]))
    table.uniques.sort(key=lambda u: (u[0] or "", u[1]))
    table.foreign_keys.sort(key=lambda f: (f.ref_table, f.columns))
    return table


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


def _default_name(constraint: str | None, table: str, columns: list[str], suffix: str) -> bool:
    """No name, or the one PostgreSQL makes up (`<table>_<col>_key`, `<table>_<col>_fkey`)."""
    return constraint is None or constraint == f"{table}_{'_'.join(columns)}_{suffix}"


def _action(text: str | None) -> str | None:
    if not text or text.upper() == "NONE":
        return None
    return " ".join(text.upper().split())


def import_database(
    url: str, out_dir: str, schema: str | None = None, split: str = "schema"
) -> tuple[dict[Any, str], list[str]]:
    """Reflect `url` and return ({path: Markdown}, warnings). Nothing is written here."""
    from pathlib import Path

    from specgen.importer_render import render_specs

    engine = connect(url)
    try:
        imported = reflect(engine, schema)
    finally:
        engine.dispose()
    if not imported.tables:
        raise UsageError(f"no tables found in {imported.url}" + (f" (schema {schema})" if schema else ""))
    files = render_specs(imported, split=split)
    return {Path(out_dir) / name: text for name, text in files.items()}, imported.warnings
