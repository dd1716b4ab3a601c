"""Views and materialized views of a design, from the ```sql blocks, in dependency order (a view after the
views it reads)."""

from __future__ import annotations

import re

from specgen.design.model import SqlObject, View
from specgen.errors import Diagnostic, warning
from specgen.parse.ir import SpecIR


def design_views(ir: SpecIR, diags: list[Diagnostic]) -> list[View]:
    views: dict[str, View] = {}
    for f in ir.files:
        for v in f.views:
            if v.name in views and views[v.name].definition != v.sql:
                diags.append(
                    warning(
                        f"view '{v.name}' is defined twice (first at {views[v.name].source}); the last is kept", v.loc
                    )
                )
            views[v.name] = View(
                name=v.name,
                materialized=v.materialized,
                definition=v.sql,
                depends_on=list(v.depends_on),
                indexes=list(v.indexes),
                source=v.loc,
            )
    return view_order(list(views.values()))


def view_order(views: list[View]) -> list[View]:
    """Depth-first: each view after the views it depends on; otherwise the order of the specs."""
    by_name = {v.name: v for v in views}
    out: list[View] = []
    state: dict[str, int] = {}

    def visit(v: View) -> None:
        if state.get(v.name):
            return  # done, or a cycle (PostgreSQL refuses those; the order stays the spec's)
        state[v.name] = 1
        for dep in v.depends_on:
            if dep in by_name:
                visit(by_name[dep])
        state[v.name] = 2
        out.append(v)

    for v in views:
        visit(v)
    return out


def design_sql_objects(ir: SpecIR, tables: set[str]) -> list[SqlObject]:
    """A function whose signature names a table (its row type) is created after the tables, before the views."""
    return [
        SqlObject(
            kind=o.kind,
            name=o.name,
            definition=o.sql,
            phase=_phase(o.kind, o.phase, o.sql, tables),  # type: ignore[arg-type]
            table=o.table,
            drop=o.drop,
            source=o.loc,
        )
        for f in ir.files
        for o in f.sql_objects
    ]


_BODY = re.compile(r"\bAS\s*(?:\$|')|\bBEGIN\s+ATOMIC\b|\bRETURN\s", re.I)
_WORDS = re.compile(r"[A-Za-z_][\w$]*")


def _phase(kind: str, phase: str, sql: str, tables: set[str]) -> str:
    if phase != "before" or kind not in ("function", "procedure", "aggregate", "type"):
        return phase
    m = _BODY.search(sql) if kind != "type" else None
    header = sql[: m.start()] if m else sql
    inner = header.split("(", 1)[-1]
    if kind == "type":  # a composite type's attributes: `name type, …`; only the types can be tables (row types)
        inner = " ".join(_WORDS.sub("", part.strip(), count=1) for part in inner.split(","))
    if any(w.lower() in tables for w in _WORDS.findall(inner)):
        return "tables"
    return phase
