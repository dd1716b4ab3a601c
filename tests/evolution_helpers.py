"""Helpers of the evolution tests: a project driven through the real pipeline, upgraded over rows, and the
migrated schema compared with `create_all` of the new models, names included, as the inspector sees it."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic_helpers import Project, alembic

from specgen.design.model import Design


def schema(conn: sa.Connection) -> dict[str, Any]:
    """Tables, columns (type, nullability), primary key, FKs, uniques, checks and indexes, with their names."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        insp = sa.inspect(conn)
        pg = conn.dialect.name == "postgresql"
        out: dict[str, Any] = {}
        for t in sorted(insp.get_table_names()):
            if t == "alembic_version":
                continue
            pk = insp.get_pk_constraint(t)
            out[t] = {
                "columns": [
                    (c["name"], " ".join(str(c["type"].compile(dialect=conn.dialect)).upper().split()), c["nullable"])
                    for c in insp.get_columns(t)
                ],
                # SQLite reports a name only for a key named in its DDL; PostgreSQL names every key
                "pk": (tuple(pk["constrained_columns"]), pk.get("name") if pg else None),
                "fks": sorted(
                    (
                        fk["name"],
                        tuple(fk["constrained_columns"]),
                        fk["referred_table"],
                        tuple(fk["referred_columns"]),
                        (fk.get("options") or {}).get("ondelete"),
                    )
                    for fk in insp.get_foreign_keys(t)
                ),
                "uniques": sorted((u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(t)),
                "checks": sorted(c["name"] or "" for c in insp.get_check_constraints(t)),
                "indexes": sorted(
                    (i["name"], tuple(str(c) for c in i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(t)
                    if not i.get("duplicates_constraint")
                ),
            }
        if pg:
            rows = conn.execute(
                sa.text(
                    "SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_type t "
                    "JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1"
                )
            )
            out["<enums>"] = {r[0]: list(r[1]) for r in rows}
            seqs = conn.execute(sa.text("SELECT sequence_name FROM information_schema.sequences ORDER BY 1"))
            out["<sequences>"] = [r[0] for r in seqs]
    return out


def created_schema(conn: sa.Connection, design: Design) -> dict[str, Any]:
    """The schema `create_all` of the design's models builds on this (empty) database; dropped afterwards."""
    from specgen.render.metadata import design_to_metadata

    md = design_to_metadata(design, conn.dialect.name)
    md.create_all(conn)
    conn.commit()
    try:
        return schema(conn)
    finally:
        md.drop_all(conn)
        if conn.dialect.name == "postgresql":
            for name in conn.execute(sa.text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars().all():
                conn.execute(sa.text(f'DROP TYPE IF EXISTS "{name}"'))
        conn.commit()


def empty(conn: sa.Connection) -> None:
    """Drop alembic_version (downgrade base leaves it), so that create_all sees an empty database."""
    conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    conn.commit()


def rows(conn: sa.Connection, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    cols = ", ".join(f'"{c}"' for c in columns)
    return sorted((tuple(r) for r in conn.execute(sa.text(f'SELECT {cols} FROM "{table}"'))), key=repr)


def evolve_and_compare(project: Project, conn: sa.Connection) -> tuple[dict[str, Any], dict[str, Any]]:
    """upgrade head (the new revision), then (migrated schema, create_all schema); leaves the database at head."""
    alembic(project, conn, "upgrade", "head")
    migrated = schema(conn)
    design = project.design()
    alembic(project, conn, "downgrade", "base")
    empty(conn)
    created = created_schema(conn, design)
    alembic(project, conn, "upgrade", "head")  # the whole chain again, from an empty database
    return migrated, created


def write_render(project: Project, text: str) -> None:
    project.write(text)
    project.render()


def leftovers(conn: sa.Connection) -> list[str]:
    return [t for t in sa.inspect(conn).get_table_names() if t.startswith("_alembic_tmp")]


def url_for(kind: str, tmp_path: Path, request: Any) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return request.getfixturevalue("pg_url")
