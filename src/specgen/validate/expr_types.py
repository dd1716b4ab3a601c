"""SG610: a check or index expression that PostgreSQL refuses for its types (`length(n)` on an integer, `n <> ''`,
`status IN ('a')` outside the enum's labels). SQLite, untyped, accepts them all; PostgreSQL refuses the DDL.

A small type inference over the sqlglot parse: column families from the design, literal strings checked the way
PostgreSQL's input functions would read them. Unknown functions and types are given the benefit of the doubt."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen import sqlexpr
from specgen.design.model import Design, Entity
from specgen.validate.expressions import design_expressions
from specgen.validate.finding import Finding, finding, rule, tables

TEXT = frozenset({"text", "varchar", "char", "citext", "tsvector", "inet"})
NUMBER = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double"})
TEMPORAL = frozenset({"date", "time", "timestamp", "timestamptz", "interval"})
_BOOL_WORDS = frozenset({"t", "f", "true", "false", "y", "n", "yes", "no", "on", "off", "1", "0"})
_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*\Z")
_UUID = re.compile(r"\{?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}\}?\Z")


def _family(t: str) -> str:
    if t in TEXT:
        return "text"
    if t in NUMBER:
        return "number"
    if t in TEMPORAL:
        return "temporal"
    return t  # boolean, uuid, enum, array, json, jsonb, bytea, …


class _Types:
    def __init__(self, entity: Entity, enums: dict[str, list[str]]) -> None:
        self.cols = {c.name: c for c in entity.columns}
        self.enums = enums

    def of(self, node: Any) -> tuple[str, Any] | None:
        """(family, detail) of an expression: detail is the enum's labels, or a string literal's text."""
        from sqlglot import exp

        if isinstance(node, exp.Paren):
            return self.of(node.this)
        if isinstance(node, exp.Column) and not node.table:
            c = self.cols.get(node.name)
            if c is None:
                return None
            fam = _family(c.database_type)
            return (fam, self.enums.get(c.enum or "", [])) if fam == "enum" else (fam, None)
        if isinstance(node, exp.Literal):
            return ("literal", node.this) if node.is_string else ("number", None)
        if isinstance(node, exp.Boolean):
            return ("boolean", None)
        if isinstance(node, exp.Lower | exp.Upper | exp.Trim | exp.Concat | exp.DPipe):
            return ("text", None)
        if isinstance(node, exp.Length) or _anonymous(node) in ("cardinality", "array_length"):
            return ("number", None)
        return None

    def problem(self, root: Any) -> str | None:
        from sqlglot import exp

        for node in root.walk():
            if isinstance(node, exp.Lower | exp.Upper | exp.Trim | exp.Length):
                arg = self.of(node.this)
                if (
                    arg
                    and arg[0] not in ("text", "literal")
                    and not (isinstance(node, exp.Length) and arg[0] == "bytea")
                ):
                    return f"{node.sql(dialect='postgres')} takes text, not {arg[0]}"
            if _anonymous(node) in ("cardinality", "array_length"):
                arg = self.of(node.expressions[0]) if node.expressions else None
                if arg and arg[0] != "array":
                    return f"{_anonymous(node)}() takes an array, not {arg[0]}"
            if isinstance(node, exp.RegexpLike | exp.Like | exp.ILike | exp.SimilarTo):
                arg = self.of(node.this)
                if arg and arg[0] not in ("text", "literal"):
                    return f"pattern matching needs text, not {arg[0]}"
            if isinstance(node, exp.EQ | exp.NEQ | exp.GT | exp.GTE | exp.LT | exp.LTE):
                why = self._compare(node.this, node.expression)
                if why:
                    return why
            if isinstance(node, exp.In):
                for item in node.expressions:
                    why = self._compare(node.this, item)
                    if why:
                        return why
        return None

    def _compare(self, left: Any, right: Any) -> str | None:
        a, b = self.of(left), self.of(right)
        if a is None or b is None:
            return None
        if a[0] == "literal":
            a, b = b, a
        fam, detail = a
        if "json" in (fam, b[0]):
            return "json has no comparison operators (jsonb has)"
        if b[0] == "literal":
            return _literal_misfit(fam, detail, b[1])
        if fam != b[0] and fam != "literal":
            return f"compares {fam} with {b[0]}"
        return None


def _literal_misfit(fam: str, labels: Any, value: str) -> str | None:
    bad = (
        (fam == "number" and not _NUMBER.match(value))
        or (fam == "boolean" and value.strip().lower() not in _BOOL_WORDS)
        or (fam == "uuid" and not _UUID.match(value.strip()))
        or (fam == "enum" and labels and value not in labels)
        or (fam == "temporal" and not value.strip())
        or (fam == "jsonb" and not _json(value))
    )
    return (
        f"'{value}' is not a {fam} value" + (f" ({', '.join(labels)})" if fam == "enum" and labels else "")
        if bad
        else None
    )


def _json(value: str) -> bool:
    import json

    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def _anonymous(node: Any) -> str | None:
    from sqlglot import exp

    return node.name.lower() if isinstance(node, exp.Anonymous) else None


@rule("SG610", "expression-type-mismatch", "error")
def check_expression_types(design: Design) -> Iterator[Finding]:
    """A check or index expression applies an operator or function to a column of the wrong type:
    `length(n)` or `n ~ '^a'` on an integer, `n <> ''` on a number, `flag = 1` on a boolean,
    `status IN ('a')` with a label the enum lacks, `cardinality(x)` on a non-array.

    PostgreSQL refuses the CREATE TABLE (SQLite, untyped, would accept it). Fix: compare with a value
    of the column's type, or cast (`CAST(n AS TEXT)`).
    """
    if "postgresql" not in design.database_schema.meta.dialects:
        return
    enums = {en.name: list(en.values) for en in design.database_schema.enums}
    owners = tables(design)
    typers: dict[str, _Types] = {}
    for what, text, entity, column, source, is_default in design_expressions(design):
        e = owners.get(entity or "")
        if is_default or e is None or sqlexpr.problem(text, ("postgresql",)):
            continue
        parsed = sqlexpr.tree(text)
        if parsed is None:
            continue
        typer = typers.setdefault(e.name, _Types(e, enums))
        why = typer.problem(parsed)
        if why:
            yield finding(
                "SG610",
                f"{what}: {why}, which PostgreSQL refuses: {text if len(text) <= 80 else text[:77] + '...'}",
                entity=entity,
                column=column,
                source=source,
                hint="compare with a value of the column's type, or CAST it",
            )
