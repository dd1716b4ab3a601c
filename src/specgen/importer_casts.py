"""PostgreSQL's reflected expressions as a spec writes them: casts the column's type already implies left out.

Used by `specgen import` (importer_pg.py) on defaults, checks and index predicates before the SQL reader sees them.
"""

from __future__ import annotations

import re

_CAST_LITERAL = re.compile(r"^(?P<v>'(?:[^']|'')*'|[+-]?\d+(?:\.\d+)?)::[A-Za-z_][A-Za-z0-9_ ]*(?:\[\])?$")


def default_text(default: str | None) -> str:
    """A reflected server default as the Default cell reads it: `'G'::mpaa_rating` -> `'G'`."""
    if default is None:
        return ""
    d = default.strip()
    while d.startswith("(") and d.endswith(")") and d.count("(") == 1:
        d = d[1:-1].strip()
    m = _CAST_LITERAL.match(d)
    if m:
        d = m.group("v")
    return " ".join(without_casts(d, literals=False).split())


_TEXTUAL = ("TEXT", "VARCHAR", "CHAR", "BPCHAR", "NAME", "USERDEFINED", "ARRAY")


def without_casts(sql: str, literals: bool = True) -> str:
    """An expression PostgreSQL reflects with its casts, as a spec writes it: `(length((name)::text) > 0)` ->
    `(LENGTH(name) > 0)`, `(status = ANY (ARRAY['a'::text, 'b'::text]))` -> `(status IN ('a', 'b'))`,
    `'happy'::mood` -> `'happy'`. Casts to text, varchar, enum and array types go, and so does any cast of a
    literal (the column's type types it); a cast that changes meaning (`(made_at)::date`) stays, as CAST().
    `literals=False` (defaults): a literal keeps a cast to a type that is not text, and a cast inside another
    cast stays (`('now'::text)::date` is evaluated per row; `'now'::date` would be fixed when the table is
    made). Text without `::`, that sqlglot cannot read, or where no cast goes, is kept as it is."""
    if "::" not in sql:
        return sql
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.SqlglotError:
        return sql

    def bare(node: exp.Expression) -> exp.Expression:
        while isinstance(node, exp.Paren):
            node = node.this
        return node

    changed = False
    for cast in reversed(list(tree.find_all(exp.Cast))):  # innermost first
        inner = bare(cast.this)
        outer = cast.parent
        while isinstance(outer, exp.Paren):
            outer = outer.parent
        if isinstance(outer, exp.Cast) or (isinstance(inner, exp.Array) and not inner.expressions):
            continue  # `ARRAY[]::text[]`: an empty array has no type without its cast
        kind = cast.to.this
        textual = getattr(kind, "name", str(kind)) in _TEXTUAL
        if textual or (literals and isinstance(inner, exp.Literal)):
            changed = True
            if cast is tree:
                tree = inner
            else:
                cast.replace(inner)
    for eq in list(tree.find_all(exp.EQ)):  # `x = ANY (ARRAY[...])` is how PostgreSQL keeps `x IN (...)`
        any_ = bare(eq.expression)
        if isinstance(any_, exp.Any) and isinstance(array := bare(any_.this), exp.Array):
            eq.replace(exp.In(this=eq.this, expressions=list(array.expressions)))
    return tree.sql("postgres") if changed else sql
