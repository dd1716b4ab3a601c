"""Alembic environment written by specgen. Do not edit by hand: override the template `alembic/env.py.j2`.

The database URL is SPECGEN_DATABASE_URL, else `sqlalchemy.url` of alembic.ini (a SQLite file).
target_metadata is the design snapshot of the head revision, built by specgen, so that
`alembic check` and autogenerate compare the database with the models specgen renders.
"""

from __future__ import annotations

import os
import re
from logging.config import fileConfig
from pathlib import Path

from alembic import context
from sqlalchemy import Engine, engine_from_config, pool

config = context.config
configure_logger = config.attributes.get("configure_logger", True)
if config.config_file_name is not None and configure_logger:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

VERSIONS = Path(__file__).resolve().parent / "versions"


def database_url() -> str:
    url = os.environ.get("SPECGEN_DATABASE_URL")
    url = url or config.get_main_option("sqlalchemy.url") or ""
    if url.startswith("postgresql://"):
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def target_metadata(dialect: str | None = None):
    """The models' schema (from the head revision's design snapshot); None without specgen installed."""
    try:
        from specgen.design.baseline import load_baseline
        from specgen.render.metadata import design_to_metadata
    except ImportError:
        return None
    design, _ = load_baseline(VERSIONS)
    return design_to_metadata(design, dialect) if design is not None else None


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out of comparisons what the models create on another dialect only (`ddl_if`)."""
    only = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
    return reflected or only is None or only == context.get_context().dialect.name


def run_migrations_offline() -> None:
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata(url.split(":", 1)[0].split("+", 1)[0]),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # a Connection, or an Engine (pytest-alembic)
    connection = config.attributes.get("connection")
    if isinstance(connection, Engine):
        with connection.connect() as conn:
            _run(conn)
        return
    if connection is not None:
        _run(connection)
        return
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = database_url()
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


SCHEMA = re.compile(r'\bschema="([^"\\]+)"')


def sqlite_schemas() -> list[str]:
    """The schemas the revisions name (`schema="billing"`)."""
    names: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        names.update(SCHEMA.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def attach_schemas(connection) -> None:
    """SQLite's schemas are attached databases: each schema the revisions name is a
    database file beside the main one (`specgen.billing.sqlite3`; in memory beside an
    in-memory database). Applications attach them the same way (docs/migrations.md)."""
    rows = connection.exec_driver_sql("PRAGMA database_list").fetchall()
    attached = {row[1] for row in rows}
    main = next((row[2] for row in rows if row[1] == "main"), "")
    stem = os.path.splitext(main)[0]
    for name in sqlite_schemas():
        if name not in attached:
            target = f"{stem}.{name}.sqlite3" if main else ":memory:"
            connection.exec_driver_sql(f'ATTACH DATABASE ? AS "{name}"', (target,))
    if connection.in_transaction():
        connection.commit()


def _run(connection) -> None:
    if connection.dialect.name == "sqlite":
        attach_schemas(connection)
    if connection.in_transaction():
        # A caller's connection that has already read something (SQLAlchemy begins on first use): end that
        # transaction so that alembic runs its own, and a step that must commit on its own can
        # (PostgreSQL's ALTER TYPE ... ADD VALUE, in an autocommit block).
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=target_metadata(connection.dialect.name),
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
        transaction_per_migration=True,  # each revision commits or rolls back on its own
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
