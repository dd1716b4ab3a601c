"""`specgen check --database URL`: the design against a live database, read-only.

alembic's compare_metadata (the models' metadata, as env.py and `alembic check` see it) names missing and
extra tables, columns, indexes, unique constraints and foreign keys, and type, nullability and server
default changes; what it leaves out (primary keys, check constraints, enum values) is compared here
through SQLAlchemy's inspector. Nothing is written: the connection is read-only where the database
supports it and is rolled back.
"""

from __future__ import annotations

from typing import Any

from specgen.design.model import Design
from specgen.errors import UsageError


def _where(obj: Any) -> str:
    table = getattr(getattr(obj, "table", None), "name", None)
    return f" on {table}" if table else ""


def _cols(obj: Any) -> str:
    try:
        return "(" + ", ".join(c.name for c in obj.columns) + ")"
    except (AttributeError, TypeError):
        return ""


def describe(item: Any) -> str:
    """One compare_metadata difference in words: 'missing' = in the design, not in the database."""
    if isinstance(item, list):
        return "; ".join(describe(x) for x in item)
    kind = item[0]
    if kind.startswith("modify_") and len(item) == 7:
        _, _, table, column, _, db, design = item
        what = {"modify_type": "type", "modify_nullable": "nullable", "modify_default": "server default"}.get(
            kind, kind.removeprefix("modify_")
        )
        if kind == "modify_nullable":
            db, design = ("nullable" if v else "NOT NULL" for v in (db, design))
        return f"column {table}.{column}: {what} differs: database {db}, design {design}"
    if kind in ("add_column", "remove_column"):
        state = "missing column" if kind == "add_column" else "extra column"
        return f"{state} {item[2]}.{item[3].name}" + (" (in the design, not in the database)" if kind[0] == "a" else "")
    obj = item[1]
    missing = kind.startswith("add_")
    state = "missing" if missing else "extra"
    noun = {
        "table": "table",
        "index": "index",
        "fk": "foreign key",
        "constraint": f"{type(obj).__name__.removesuffix('Constraint').lower()} constraint",
    }.get(kind.split("_", 1)[1], kind.split("_", 1)[1])
    name = getattr(obj, "name", None) or ""
    if noun == "table":
        return f"{state} table {name}" + (
            " (in the design, not in the database)" if missing else " (not in the design)"
        )
    return f"{state} {noun} {name}{_where(obj)} {_cols(obj)}".rstrip()


def _extra(conn: Any, metadata: Any) -> list[str]:
    """What compare_metadata does not compare: primary keys, named check constraints, enum values."""
    import sqlalchemy as sa

    insp = sa.inspect(conn)
    present = set(insp.get_table_names())
    out: list[str] = []
    for table in metadata.sorted_tables:
        if table.name not in present:
            continue
        db_pk = list(insp.get_pk_constraint(table.name).get("constrained_columns") or [])
        pk = [c.name for c in table.primary_key.columns]
        if db_pk != pk:
            out.append(f"primary key of {table.name} differs: database ({', '.join(db_pk)}), design ({', '.join(pk)})")
        try:
            db_checks = {c["name"] for c in insp.get_check_constraints(table.name) if c.get("name")}
        except NotImplementedError:  # pragma: no cover - a dialect without check reflection
            continue
        ours = {str(c.name) for c in table.constraints if isinstance(c, sa.CheckConstraint) and c.name}
        if not db_checks and conn.dialect.name == "sqlite" and ours:
            continue  # SQLite reflects only what it parses from the CREATE statement; unnamed ones are invisible
        out += [f"missing check constraint {n} on {table.name}" for n in sorted(ours - db_checks)]
        out += [f"extra check constraint {n} on {table.name}" for n in sorted(db_checks - ours)]
    if conn.dialect.name == "postgresql":
        db_enums = {e["name"]: list(e["labels"]) for e in insp.get_enums()}
        ours_enums: dict[str, list[str]] = {}
        for table in metadata.tables.values():
            for col in table.columns:
                if isinstance(col.type, sa.Enum) and col.type.name:
                    ours_enums[col.type.name] = list(col.type.enums)
        for name, values in sorted(ours_enums.items()):
            if name not in db_enums:
                out.append(f"missing enum type {name} ({', '.join(values)})")
            elif db_enums[name] != values:
                out.append(
                    f"enum type {name} differs: database ({', '.join(db_enums[name])}), design ({', '.join(values)})"
                )
        out += [f"extra enum type {n} (not in the design)" for n in sorted(set(db_enums) - set(ours_enums))]
    return out


def _check_url(url: str) -> None:
    import sqlalchemy as sa

    try:
        parsed = sa.engine.make_url(url)
    except Exception as exc:  # noqa: BLE001 - a malformed URL is a usage error
        raise UsageError(f"--database: not a database URL: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            from pathlib import Path

            if not Path(db).is_file():  # connecting would create an empty file
                raise UsageError(f"--database: no such SQLite file: {db}")


def drift(url: str, design: Design) -> list[str]:
    """Each difference between the design and the database at `url`, one line each (empty: none)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from specgen.render.metadata import design_to_metadata
    from specgen.verify import make_engine

    _check_url(url)
    try:
        engine = make_engine(url)
    except Exception as exc:  # noqa: BLE001 - unknown driver
        raise UsageError(f"--database: cannot connect: {_first_line(exc)}") from None
    try:
        with engine.connect() as conn:
            try:
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                elif conn.dialect.name == "sqlite":
                    conn.exec_driver_sql("PRAGMA query_only = ON")
            except Exception as exc:  # noqa: BLE001 - the first statement is where a bad password shows
                raise UsageError(f"--database: cannot connect: {_first_line(exc)}") from None
            dialect = conn.dialect.name
            metadata = design_to_metadata(design, dialect)

            def include_object(obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any) -> bool:
                only = getattr(getattr(obj, "_ddl_if", None), "dialect", None)  # created on that dialect only
                return reflected or only is None or only == dialect

            mc = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include_object})
            diffs = compare_metadata(mc, metadata)
            extra_tables = {x[1].name for x in diffs if isinstance(x, tuple) and x[0] == "remove_table"}
            # An extra table is one difference, not also each of its indexes and constraints.
            diffs = [
                x
                for x in diffs
                if not (isinstance(x, tuple) and x[0] != "remove_table" and _table_of(x) in extra_tables)
            ]
            lines = [describe(x) for x in diffs] + _extra(conn, metadata)
            conn.rollback()
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - an unreachable server is a usage error, not a traceback
        raise UsageError(f"--database: cannot connect: {_first_line(exc)}") from None
    finally:
        engine.dispose()
    return lines


def _table_of(item: tuple[Any, ...]) -> str | None:
    return getattr(getattr(item[1], "table", None), "name", None)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
