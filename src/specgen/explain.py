"""The reading report of `specgen design --explain`: what was read from where, and what was not.

Per spec file: each entity with its lines and form; each column with its type as written, the
design type it became and the constraint words recognised; foreign keys stated or inferred; and
every section that looked like a schema but was not read, with why. A value (`explain`) and two
renderings (`to_text`, JSON through `json.dumps`).
"""

from __future__ import annotations

from typing import Any

from specgen.design.model import Design, Entity
from specgen.parse.ir import SpecIR
from specgen.source import Location


def explain(ir: SpecIR, design: Design) -> dict[str, Any]:
    """The report as plain data (lists and dicts, JSON-ready), files in reading order."""
    entities = design.database_schema.entities
    by_source: dict[Location, Entity] = {}
    for e in entities:
        for col in e.columns:
            if col.source:
                by_source.setdefault(col.source, e)
        if e.source:
            by_source.setdefault(e.source, e)
    files = []
    for f in ir.files:
        out_entities = []
        for ent in f.entities:
            designed = by_source.get(_line_of(ent.loc)) or next(
                (by_source[_line_of(c.loc)] for c in ent.columns if _line_of(c.loc) in by_source), None
            )
            lines = [ent.loc.line, *(c.loc.line for c in ent.columns)]
            columns = []
            for c in ent.columns:
                dcol = designed.column(c.name) if designed is not None else None
                columns.append(
                    {
                        "name": c.name,
                        "line": c.loc.line,
                        "written_type": c.written_type or c.type,
                        "design_type": dcol.sql_type if dcol is not None else None,
                        "words": list(c.words),
                    }
                )
            fks = []
            if designed is not None:
                own = {c.name for c in ent.columns}
                for fk in designed.foreign_keys:
                    if any(col in own for col in fk.columns):
                        fks.append(
                            {
                                "columns": list(fk.columns),
                                "references": f"{fk.ref_table}({', '.join(fk.ref_columns)})",
                                "how": "inferred" if fk.inferred else "stated",
                                "line": fk.source.line or None if fk.source else None,
                            }
                        )
            out_entities.append(
                {
                    "name": ent.name,
                    "table": designed.table_name if designed is not None else ent.table,
                    "entity": designed.name if designed is not None else ent.name,
                    "form": ent.form,
                    "lines": [min(lines), max(lines)],
                    "partial": ent.partial,
                    "columns": columns,
                    "foreign_keys": fks,
                }
            )
        skipped = [{"line": s.loc.line, "what": s.what, "why": s.why} for s in f.skipped]
        skipped += [
            {"line": d.loc.line if d.loc else None, "what": d.severity, "why": d.message}
            for d in f.diagnostics
            if d.severity != "info"
        ]
        skipped.sort(key=lambda s: (s["line"] or 0, s["why"]))
        files.append({"file": f.path, "entities": out_entities, "not_read": skipped})
    return {
        "files": files,
        "summary": {
            "files": len(ir.files),
            "entities": len(entities),
            "columns": sum(len(e.columns) for e in entities),
            "foreign_keys": sum(len(e.foreign_keys) for e in entities),
            "inferred_foreign_keys": sum(1 for e in entities for fk in e.foreign_keys if fk.inferred),
            "not_read": sum(len(f["not_read"]) for f in files),
        },
    }


def _line_of(loc: Location) -> Location:
    """A reader's location as the design keeps it: path and line."""
    return Location(loc.path, loc.line)


def to_text(report: dict[str, Any]) -> str:
    out: list[str] = []
    for f in report["files"]:
        out.append(f"{f['file']}")
        if not f["entities"]:
            out.append("  no entities")
        for e in f["entities"]:
            first, last = e["lines"]
            kind = " (adds to a definition elsewhere)" if e["partial"] else ""
            out.append(f"  {e['entity']} -> table {e['table']}: {e['form']}, lines {first}-{last}{kind}")
            for c in e["columns"]:
                words = f"  [{', '.join(c['words'])}]" if c["words"] else ""
                typed = f"{c['written_type'] or '(no type)'} -> {c['design_type'] or '(not in design)'}"
                out.append(f"    {c['line']:>5}  {c['name']}: {typed}{words}")
            for fk in e["foreign_keys"]:
                at = f" (line {fk['line']})" if fk["line"] else ""
                out.append(f"    FK {', '.join(fk['columns'])} -> {fk['references']}: {fk['how']}{at}")
        if f["not_read"]:
            out.append("  not read:")
            for s in f["not_read"]:
                out.append(f"    {s['line'] or '-':>5}  {s['what']}: {s['why']}")
    s = report["summary"]
    out.append(
        f"{s['files']} file(s): {s['entities']} entities, {s['columns']} columns, {s['foreign_keys']} foreign keys "
        f"({s['inferred_foreign_keys']} inferred), {s['not_read']} things not read"
    )
    return "\n".join(out) + "\n"
