"""`specgen verify`: run the rendered revisions on a scratch database and compare with the models.

upgrade head -> compare_metadata(models) is empty -> downgrade base leaves no table (nor enum type)
-> upgrade head again; then the database is emptied again, as verify found it (so it can run twice).
Each step that fails adds one line to the result; nothing is raised.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from specgen.design.model import Design

DEFAULT_URL = "sqlite://"


def sqlalchemy_url(url: str) -> str:
    """`postgresql://` means psycopg 3 when psycopg2 is absent."""
    if url.startswith("postgresql://"):
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def alembic_config(root: Path, connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root))
    cfg.attributes["configure_logger"] = False
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def make_engine(url: str) -> Any:
    import sqlalchemy as sa
    from sqlalchemy.pool import StaticPool

    kw: dict[str, Any] = {}
    if url.startswith("sqlite") and (url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url):
        kw = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    return sa.create_engine(sqlalchemy_url(url), **kw)


def format_diff(item: Any) -> str:
    """One compare_metadata difference as text: `modify_type authors.name: VARCHAR(200) -> VARCHAR(100)`."""
    if isinstance(item, list):
        return "; ".join(format_diff(x) for x in item)
    kind = item[0]
    if kind.startswith("modify_"):
        _, _, table, column, _, old, new = item
        return f"{kind} {table}.{column}: {old} -> {new}"
    if kind in ("add_column", "remove_column"):
        return f"{kind} {item[2]}.{item[3].name}"
    obj = item[1]
    table = getattr(getattr(obj, "table", None), "name", None)
    name = getattr(obj, "name", None) or obj
    return f"{kind} {table + '.' if table and table != name else ''}{name}"


def _leftovers(conn: Any) -> list[str]:
    import sqlalchemy as sa

    left = [t for t in sa.inspect(conn).get_table_names() if t != "alembic_version"]
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            sa.text(
                "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE t.typtype = 'e' AND n.nspname = current_schema() ORDER BY 1"
            )
        ).scalars()
        left += [f"type {r}" for r in rows]
    return sorted(left)


def compare(conn: Any, design: Design) -> list[str]:
    """The differences alembic's compare_metadata sees between the database and the design's models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from specgen.render.metadata import design_to_metadata

    metadata = design_to_metadata(design, conn.dialect.name)
    dialect = conn.dialect.name

    def include_object(obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any) -> bool:
        only = getattr(getattr(obj, "_ddl_if", None), "dialect", None)  # created on that dialect only
        return reflected or only is None or only == dialect

    mc = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
    return [format_diff(x) for x in compare_metadata(mc, metadata)]


def verify(root: Path, design: Design, url: str | None = None) -> list[str]:
    """Problems found (empty: the revisions are good). `root`: the migrations folder (alembic.ini inside)."""
    from alembic import command

    problems: list[str] = []
    started = False  # the database was found empty: leave it empty
    if not (root / "alembic.ini").is_file():
        return [f"{root}/alembic.ini: not found; run `specgen render --target alembic` first"]
    url = url or os.environ.get("SPECGEN_VERIFY_DATABASE_URL") or DEFAULT_URL
    try:
        engine = make_engine(url)
    except Exception as exc:  # unknown driver, malformed URL
        return [f"cannot connect to the scratch database: {_first_line(exc)}"]
    try:
        with engine.connect() as conn:
            try:
                present = _leftovers(conn)
                conn.commit()
            except Exception as exc:
                return [f"cannot connect to the scratch database: {_first_line(exc)}"]
            if present:  # verify downgrades to base: never on a database that holds something
                return [
                    f"the database is not empty ({', '.join(present[:5])}{', ...' if len(present) > 5 else ''}); "
                    "verify needs a fresh, empty database"
                ]
            started = True
            try:
                command.upgrade(alembic_config(root, conn), "head")
                conn.commit()
            except Exception as exc:  # the database's own message is the report
                return [f"upgrade head failed: {_first_line(exc)}"]
            problems += [f"models differ from the migrated database: {x}" for x in compare(conn, design)]
            try:
                command.downgrade(alembic_config(root, conn), "base")
                conn.commit()
            except Exception as exc:
                return [*problems, f"downgrade base failed: {_first_line(exc)}"]
            left = _leftovers(conn)
            if left:
                problems.append(f"downgrade base left {', '.join(left)} behind")
            try:
                command.upgrade(alembic_config(root, conn), "head")
                conn.commit()
            except Exception as exc:
                problems.append(f"upgrade head after downgrade failed: {_first_line(exc)}")
    except Exception as exc:  # the connection itself failed
        return [*problems, f"cannot connect to the scratch database: {_first_line(exc)}"]
    finally:
        if started:
            _empty(engine)  # as verify found it, so that it can run again
        engine.dispose()
    return problems


def _empty(engine: Any) -> None:
    """Drop every table (alembic_version included) and, on PostgreSQL, every enum type of the schema."""
    import sqlalchemy as sa

    try:
        with engine.connect() as conn:
            conn.rollback()
            md = sa.MetaData()
            md.reflect(conn)
            with warnings.catch_warnings():  # FK cycles on SQLite: no order is needed there
                warnings.filterwarnings("ignore", "Can't sort tables")
                md.drop_all(conn)
            if conn.dialect.name == "postgresql":
                for name in [x.removeprefix("type ") for x in _leftovers(conn) if x.startswith("type ")]:
                    conn.execute(sa.text(f"DROP TYPE IF EXISTS {conn.dialect.identifier_preparer.quote(name)}"))
            conn.commit()
    except Exception:  # noqa: BLE001 - cleaning up after a report; the report is what counts
        pass


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
