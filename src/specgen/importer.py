"""`specgen import DATABASE_URL`: reflect a live SQLite or PostgreSQL database into native Markdown specs.

The database is read as DDL (importer_pg.py writes what pg_dump would from PostgreSQL's catalogue; SQLite keeps
its CREATE statements), the SQL reader reads that DDL into SpecIR as it reads a ```sql block, the design is built
as for any spec, and the `native` render target writes it. So importing a database and reading its DDL give the
same entities, names and facts. What the SQL reader warns about becomes a warning on the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specgen.errors import UsageError
from specgen.importer_pg import Reflected


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


def reflect(engine: Any, schema: str | None = None) -> Reflected:
    """The database's DDL statements: of a PostgreSQL database, the schemas `schema` names (`public` by default;
    several as `a,b`; `all` for every schema but the system's)."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            from specgen.importer_pg import reflect_postgresql, reflect_schemas

            names = [s.strip() for s in (schema or "public").split(",") if s.strip()]
            if names == ["all"] or len(names) > 1:
                return reflect_schemas(conn, None if names == ["all"] else names)
            return reflect_postgresql(conn, names[0] if names else "public")
        from specgen.importer_sqlite import reflect_sqlite

        return reflect_sqlite(conn)


def ddl_spec(reflected: Reflected, dialect: str) -> str:
    """A spec holding the DDL in one ```sql block (what the importer reads, and what `--keep-sql` would keep)."""
    lang = "postgresql" if dialect == "postgresql" else "sqlite"
    body = "\n\n".join(s + ";" for s in reflected.statements)
    return f"```{lang}\n{body}\n```\n"


def imported_design(reflected: Reflected, dialect: str, source: str) -> tuple[Any, list[str]]:
    """(Design, warnings): the DDL through the SQL reader and the design builder, as `specgen design` reads it."""
    from specgen.config import Settings
    from specgen.design.build import build_design
    from specgen.parse import ParseOptions, parse_text
    from specgen.parse.ir import SpecIR

    options = ParseOptions(sql_dialect="postgres" if dialect == "postgresql" else "sqlite")
    spec = parse_text(source, ddl_spec(reflected, dialect), options)
    if dialect == "postgresql":
        _unnumbered_keys(spec)
    _stated_actions(spec)
    settings = Settings(dialects=("postgresql",) if dialect == "postgresql" else ("sqlite",))
    result = build_design(SpecIR([spec]), settings, spec_root=source)
    warnings = list(reflected.warnings)
    for d in result.diagnostics:
        if d.severity in ("warning", "error"):
            warnings.append(d.message)
    return result.design, warnings


_INTEGERS = frozenset({"smallint", "integer", "bigint", "int", "int2", "int4", "int8"})


def _unnumbered_keys(spec: Any) -> None:
    """An integer key with no sequence, identity or default is one the application numbers: the database says so,
    where DDL read from a spec could mean a serial (`INTEGER PRIMARY KEY` is SQLite's rowid)."""
    for e in spec.entities:
        pk = [c.name for c in e.columns if c.primary_key]
        pk += [n for k in e.constraints if k.kind == "primary_key" for n in k.columns]
        if len(pk) != 1:
            continue
        for c in e.columns:
            if (
                c.name == pk[0]
                and (c.type or "").lower() in _INTEGERS
                and c.autoincrement is None
                and c.identity is None
                and c.default is None
                and c.server_default is None
                and c.sequence is None
            ):
                c.autoincrement = False


def _stated_actions(spec: Any) -> None:
    """A foreign key without ON DELETE is NO ACTION in the database: the imported spec says so, as validate asks."""
    for e in spec.entities:
        fks = [*e.foreign_keys, *(c.fk for c in e.columns if c.fk is not None)]
        for fk in fks:
            fk.on_delete = fk.on_delete or "NO ACTION"
    for _, fk in spec.foreign_keys:
        fk.on_delete = fk.on_delete or "NO ACTION"


def import_database(
    url: str, out_dir: str, schema: str | None = None, split: str = "schema"
) -> tuple[dict[Any, str], list[str]]:
    """Reflect `url` and return ({path: Markdown}, warnings). Nothing is written here."""
    import sqlalchemy as sa

    from specgen.render.native import render_native

    engine = connect(url)
    dialect = engine.dialect.name
    shown = engine.url.render_as_string(hide_password=True)
    try:
        reflected = reflect(engine, schema)
    except sa.exc.SQLAlchemyError as exc:  # a catalogue query this server refuses: said, never a traceback
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UsageError(f"cannot read the schema of {shown}: {reason}") from None
    finally:
        engine.dispose()
    if not reflected.tables:
        raise UsageError(f"no tables found in {shown}" + (f" (schema {schema})" if schema else ""))
    design, warnings = imported_design(reflected, dialect, "import")
    several = schema is not None and (schema.strip() == "all" or "," in schema)
    stem = "schemas" if several else schema or ("public" if dialect == "postgresql" else _file_stem(shown))
    files = render_native(design, None, Path(out_dir), split=split, stem=stem, origin=dialect)
    return files, warnings


def _file_stem(url: str) -> str:
    import re
    from pathlib import PurePath

    stem = PurePath(url.rsplit("/", 1)[-1]).stem
    return re.sub(r"[^A-Za-z0-9_\-]", "_", stem) or "main"
