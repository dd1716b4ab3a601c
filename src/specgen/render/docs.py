"""`render --target docs`: the Database Modeling specification's secondary outputs as Markdown GitHub renders.

One `schema.md` per spec set (the design): an ER diagram (```mermaid erDiagram), a data dictionary (every
table and column with type, nullability, default, constraints, description and the spec line it came from),
constraint-violation scenarios and query-pattern notes. The context is built here, with every spec string
escaped (render/docs_text.py); templates/docs/schema.md.j2 only prints it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from specgen.design.model import Column, Design, Entity
from specgen.render.docs_analysis import missing_fk_indexes, query_notes, violation_scenarios
from specgen.render.docs_text import anchor, code, text
from specgen.render.mermaid import erd_text, foreign_keys
from specgen.source import Location

# GitHub refuses to draw a Mermaid diagram past about 50,000 characters: larger schemas get one per spec file.
MAX_DIAGRAM = 40_000


def _default(c: Column) -> str:
    if c.server_default is not None:
        return code(c.server_default)
    if c.default is None:
        return ""
    value = c.default if not isinstance(c.default, bool) else str(c.default).lower()
    return code(value) + (" (Python)" if c.default_kind == "generator" else "")


def _constraints(entity: Entity, c: Column, fks: dict[str, str]) -> str:
    items: list[str] = []
    if entity.primary_key and c.name in entity.primary_key.columns:
        items.append(
            "PK" + (" (auto)" if entity.primary_key.auto_generate and len(entity.primary_key.columns) == 1 else "")
        )
    if c.name in fks:
        items.append(fks[c.name])
    if "unique" in c.constraints:
        items.append("unique")
    if c.check_expression:
        items.append("check " + code(c.check_expression))
    if c.enum:
        items.append(f"enum {code(c.enum)}")
    if c.onupdate:
        items.append(f"on update {code(c.onupdate)}")
    if c.indexed and not (entity.primary_key and c.name == entity.primary_key.columns[0]):
        items.append("indexed")
    return ", ".join(items)


def _fk_labels(entity: Entity) -> dict[str, str]:
    out: dict[str, str] = {}
    for cols, ref_table, ref_cols, on_delete in foreign_keys(entity):
        for col, ref_col in zip(cols, ref_cols or [""] * len(cols), strict=False):
            label = f"FK → {code(f'{ref_table}.{ref_col}' if ref_col else ref_table)}"
            if on_delete:
                label += f" on delete {on_delete.lower()}"
            out.setdefault(col, label)
    return out


def _table_rules(design: Design, entity: Entity) -> list[str]:
    """Table-level constraints and indexes, one line each."""
    out: list[str] = []
    if entity.primary_key and len(entity.primary_key.columns) > 1:
        out.append("primary key (" + ", ".join(code(c) for c in entity.primary_key.columns) + ")")
    for k in entity.constraints:
        name = f" {code(k.name)}" if k.name else ""
        if k.type == "check":
            out.append(f"check{name}: {code(k.expression)}")
        else:
            out.append(
                f"{k.type}{name} ("
                + ", ".join(code(c) for c in k.columns)
                + ")"
                + (f": {code(k.expression)}" if k.expression else "")
            )
    for fk in entity.foreign_keys:
        if len(fk.columns) > 1:
            out.append(
                f"foreign key {code(fk.name) + ' ' if fk.name else ''}("
                + ", ".join(code(c) for c in fk.columns)
                + f") → {code(fk.ref_table)} ("
                + ", ".join(code(c) for c in fk.ref_columns)
                + ")"
                + (f" on delete {fk.on_delete.lower()}" if fk.on_delete else "")
            )
    for ix in sorted(design.database_schema.indexes_of(entity.table_name), key=lambda i: i.index_name):
        kind = ("unique " if ix.unique else "") + ("index" if ix.index_type == "btree" else f"{ix.index_type} index")
        out.append(
            f"{kind} {code(ix.index_name)} ("
            + ", ".join(code(c) for c in ix.columns)
            + ")"
            + (f" where {code(ix.condition)}" if ix.condition else "")
        )
    return out


def _source_file(source: Location | None) -> str:
    return source.path if source else ""


def docs_context(design: Design, settings: Any = None) -> dict[str, Any]:
    schema = design.database_schema
    entities = sorted(schema.entities, key=lambda e: e.name)
    full = erd_text(design, env=_environment(settings))
    diagrams: list[dict[str, str]] = []
    if len(full) <= MAX_DIAGRAM:
        diagrams.append({"title": "", "text": full})
    else:
        by_file: dict[str, list[Entity]] = defaultdict(list)
        for e in entities:
            by_file[_source_file(e.source)].append(e)
        for path, group in sorted(by_file.items()):
            diagrams.append(
                {
                    "title": code(path) if path else "(no source)",
                    "text": erd_text(design, group, env=_environment(settings)),
                }
            )
    tables = []
    for e in entities:
        heading = f"{e.name} ({e.table_name})"
        fks = _fk_labels(e)
        tables.append(
            {
                "heading": f"{text(e.name)} ({code(e.table_name)})",
                "anchor": anchor(heading),
                "name": text(e.name),
                "description": text(e.description),
                "source": code(e.source and str(e.source)),
                "columns": [
                    {
                        "name": code(c.name),
                        "type": code(c.sql_type),
                        "nullable": "yes" if c.nullable else "no",
                        "default": _default(c),
                        "constraints": _constraints(e, c, fks),
                        "description": text(c.description),
                        "source": code(_line(c.source)),
                    }
                    for c in e.columns
                ],
                "rules": _table_rules(design, e),
                "scenarios": violation_scenarios(design, e),
                "queries": query_notes(design, e),
            }
        )
    missing = missing_fk_indexes(design)
    fk_count = sum(len(foreign_keys(e)) for e in entities)
    return {
        "title": text(schema.meta.spec_file),
        "spec_file": code(schema.meta.spec_file),
        "counts": {"tables": len(entities), "foreign_keys": fk_count, "indexes": len(schema.indexes)},
        "diagrams": diagrams,
        "tables": tables,
        "enums": [
            {
                "name": code(en.name),
                "labels": ", ".join(code(v) for v in en.values),
                "source": code(en.source and str(en.source)),
            }
            for en in sorted(schema.enums, key=lambda en: en.name)
        ],
        "missing": [f"{code(t)} ({', '.join(code(c) for c in cols)})" for t, cols in missing],
    }


def _line(source: Location | None) -> str:
    """`path:12` -> `12`: the file is named once per table."""
    return str(source.line) if source and source.line else ""


def render_docs(design: Design, settings: Any, out_dir: Path, **options: Any) -> dict[Path, str]:
    """`schema.md` under out_dir."""
    env = _environment(settings)
    body = env.get_template("docs/schema.md.j2").render(**docs_context(design, settings))
    return {Path(out_dir) / "schema.md": body}


def _environment(settings: Any) -> Any:
    from specgen.render.env import environment

    return environment(settings)
