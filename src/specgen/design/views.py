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
            if _reads_itself(v.name, v.sql, v.search_path):
                # `CREATE OR REPLACE VIEW v AS TABLE v`: PostgreSQL reads the view it replaces, which the
                # first definition is; alone (as pg_dump prints such a view), it names a view that does not exist
                what = "the first definition is kept" if v.name in views else "it is left out (no revision creates it)"
                diags.append(warning(f"view '{v.name}' reads itself; {what}", v.loc))
                continue
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
                search_path=v.search_path,
                source=v.loc,
            )
    return view_order(list(views.values()))


def _reads_itself(name: str, sql: str, search_path: str | None) -> bool:
    """Whether the query names the view itself: unqualified, or qualified with the view's own schema (that of its
    CREATE VIEW name, else the search path's first); `private.articles` is not the view `test.articles`, and
    `articles.id` names a column of a FROM item (which is itself named in FROM)."""
    head, _, body = _split(sql)
    stated = re.match(
        r'\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+|RECURSIVE\s+)?VIEW\s+(?:("?)([^."\s]+)\1\s*\.)?',
        head,
        re.I,
    )
    own = stated.group(2) if stated and stated.group(2) else (search_path or "public").split(",")[0].strip().strip('"')
    part = r'"(?:[^"]|"")+"|[A-Za-z_][\w$]*'
    for m in re.finditer(rf"(?:({part})\s*\.\s*)?(?<![\w\"$])({re.escape(name)})(?![\w\"$])(?!\s*\.)", body, re.I):
        qualifier = m.group(1)
        if qualifier is None or qualifier.strip('"').lower() == own.lower():
            return True
    return False


def _split(sql: str) -> tuple[str, str, str]:
    parts = re.split(r"\bAS\b", sql, maxsplit=1, flags=re.I)
    return (parts[0], "AS", parts[1]) if len(parts) == 2 else (sql, "", "")


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


def design_sql_objects(ir: SpecIR, tables: set[str], views: list[View]) -> list[SqlObject]:
    """The kept objects in the order and phases revisions create them in (design/sqldeps.py)."""
    from specgen.design.sqldeps import place_sql_objects

    objects = [
        SqlObject(
            kind=o.kind,
            name=o.name,
            definition=o.sql,
            phase=o.phase,  # type: ignore[arg-type]
            table=o.table,
            drop=o.drop,
            search_path=o.search_path,
            source=o.loc,
        )
        for f in ir.files
        for o in f.sql_objects
    ]
    return place_sql_objects(objects, tables, [v.name for v in views])
