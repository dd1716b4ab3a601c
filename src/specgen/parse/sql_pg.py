"""PostgreSQL schema objects beyond tables in ```sql blocks: extensions (and, later, views and SQL objects)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from specgen.parse.ir import ExtensionIR, SqlObjectIR, ViewIR
from specgen.parse.sql_ddl import quote_ident
from specgen.source import Location

_IDENT = r'(?:"(?:[^"]|"")+"|[\w$]+)'
_EXTENSION = re.compile(
    rf"^\s*CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{_IDENT})"
    rf"(?:\s+WITH)?(?:\s+SCHEMA\s+(?P<schema>{_IDENT}))?",
    re.I,
)


def unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()


_SEARCH_PATH = re.compile(
    r"\s*SET\s+(?:SESSION\s+|LOCAL\s+)?search_path\s*(?:=|\bTO\b)\s*(?P<path>.*?)\s*;?\s*$", re.I | re.S
)
_SET_CONFIG = re.compile(r"\s*SELECT\s+(?:pg_catalog\.)?set_config\s*\(\s*'search_path'\s*,\s*'(?P<path>[^']*)'", re.I)


def search_path(text: str) -> tuple[str | None, str | None] | None:
    """`SET search_path = test, pg_catalog` (or pg_dump's set_config): the schema unqualified names are
    created in from here on (None: public, the default) and the path to create verbatim objects under
    (None where the default serves); None when `text` does not set the search path."""
    m = _SEARCH_PATH.match(text) or _SET_CONFIG.match(text)
    if m is None:
        return None
    written = m.group("path").strip()
    if written.upper() == "DEFAULT":
        return None, None
    names = [unquote(p.strip().strip("'")) for p in written.split(",") if p.strip().strip("'")]
    first = next((n for n in names if n not in ("$user", "pg_catalog", "pg_temp")), None)
    if first is None or first == "public":
        return None, None
    # written back as SQL: a name that is not a plain lower-case identifier is quoted
    return first, ", ".join(quote_ident(n) for n in names)


_EXCLUDE = re.compile(r"\bEXCLUDE\b", re.I)
_DEFERRABLE = re.compile(r"\s*(NOT\s+)?DEFERRABLE(?:\s+INITIALLY\s+(DEFERRED|IMMEDIATE))?\b", re.I)


def exclude_deferrable(text: str) -> tuple[str, list[tuple[bool, bool]]]:
    """`EXCLUDE USING gist (…) [WHERE (…)] DEFERRABLE [INITIALLY DEFERRED]`, which sqlglot does not read: the text
    without the DEFERRABLE clauses, and (deferrable, initially deferred) of each EXCLUDE in order."""
    flags: list[tuple[bool, bool]] = []
    out, at = [], 0
    for m in _EXCLUDE.finditer(text):
        if m.start() < at:
            continue
        end = _after_parens(text, text.find("(", m.end()))
        rest = text[end:]
        where = re.match(r"\s*WHERE\s*", rest, re.I)
        if where and rest[where.end() :].startswith("("):
            end = _after_parens(text, end + where.end())
        d = _DEFERRABLE.match(text, end)
        deferrable = bool(d and not d.group(1))
        flags.append((deferrable, bool(d and (d.group(2) or "").upper() == "DEFERRED")))
        if d:
            out.append(text[at:end])
            at = d.end()
    out.append(text[at:])
    return "".join(out), flags


def _after_parens(text: str, start: int) -> int:
    """The index after the parenthesis that closes the one at `start` (or the end of `text`)."""
    if start < 0:
        return len(text)
    depth = 0
    for i in range(start, len(text)):
        depth += text[i] == "("
        depth -= text[i] == ")"
        if depth == 0:
            return i + 1
    return len(text)


def read_extension(text: str, loc: Location) -> ExtensionIR | None:
    """`CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] …`."""
    m = _EXTENSION.match(text)
    if m is None:
        return None
    schema = m.group("schema")
    return ExtensionIR(unquote(m.group("name")), loc, unquote(schema) if schema else None)


_VIEW = re.compile(
    rf"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP|TEMPORARY)\s+)?(?:RECURSIVE\s+)?(?P<mat>MATERIALIZED\s+)?VIEW\s+"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{_IDENT}(?:\.{_IDENT})?)",
    re.I,
)
_INDEX_ON = re.compile(rf"\bON\s+(?:ONLY\s+)?(?P<name>{_IDENT}(?:\.{_IDENT})?)", re.I)
_FROM = re.compile(rf"\b(?:FROM|JOIN)\s+(?P<name>{_IDENT}(?:\.{_IDENT})?)", re.I)


def bare(name: str) -> str:
    """`public.actor` -> `actor`, unquoted."""
    parts = re.findall(_IDENT, name)
    return unquote(parts[-1]) if parts else name


def read_view(text: str, loc: Location, dialect: Any) -> ViewIR | None:
    """A view kept as written, with the tables and views its query reads."""
    m = _VIEW.match(text)
    if m is None:
        return None
    name = bare(m.group("name"))
    return ViewIR(name, text.strip(), loc, bool(m.group("mat")), _reads(text[m.end() :], dialect, name))


def _reads(query: str, dialect: Any, own: str) -> list[str]:
    import sqlglot
    from sqlglot import exp

    names: list[str] = []
    body = re.split(r"\bAS\b", query, maxsplit=1, flags=re.I)[-1]
    try:
        tree = sqlglot.parse_one(body.strip().rstrip(";"), read=dialect)
        ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
        found = [t.name for t in tree.find_all(exp.Table) if t.name and t.name.lower() not in ctes]
    except Exception:  # noqa: BLE001 - sqlglot cannot read every query: FROM/JOIN names are enough for order
        found = [bare(m.group("name")) for m in _FROM.finditer(body)]
    for n in found:
        if n != own and n not in names:
            names.append(n)
    return sorted(names)


def view_indexed(text: str, views: Sequence[ViewIR]) -> int | None:
    """The position in `views` of the (materialized) view a CREATE INDEX is on (kept with that view); None when
    the index is on no known view."""
    m = _INDEX_ON.search(text)
    if m is None:
        return None
    target = bare(m.group("name"))
    return next((k for k, v in enumerate(views) if v.name == target), None)


# ---- SQL objects kept verbatim: functions, triggers, rules, … ---------------------------------------------

# (leading words after CREATE [OR REPLACE], kind, phase): "before" objects are created before the tables
# (defaults, checks, generated columns and views may use them), "after" ones after the tables and views.
SQL_OBJECTS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("FUNCTION",), "function", "before"),
    (("PROCEDURE",), "procedure", "before"),
    (("AGGREGATE",), "aggregate", "before"),
    (("OPERATOR", "CLASS"), "operator class", "before"),
    (("OPERATOR", "FAMILY"), "operator family", "before"),
    (("OPERATOR",), "operator", "before"),
    (("CAST",), "cast", "before"),
    (("TEXT", "SEARCH", "CONFIGURATION"), "text search configuration", "before"),
    (("TEXT", "SEARCH", "DICTIONARY"), "text search dictionary", "before"),
    (("COLLATION",), "collation", "before"),
    (("SCHEMA",), "schema", "before"),
    (("TYPE",), "type", "before"),
    (("TRIGGER",), "trigger", "after"),
    (("CONSTRAINT", "TRIGGER"), "trigger", "after"),
    (("EVENT", "TRIGGER"), "event trigger", "after"),
    (("RULE",), "rule", "after"),
    (("POLICY",), "policy", "after"),
)
_CREATE_HEAD = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TRUSTED|PROCEDURAL|DEFAULT)\s+)*", re.I)
_NAME = re.compile(rf"^\s*(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{_IDENT}(?:\s*\.\s*{_IDENT})?)", re.I)
_ON_TABLE = re.compile(rf"\bON\s+(?:TABLE\s+)?(?P<table>{_IDENT}(?:\.{_IDENT})?)", re.I)


def sql_object_kind(words: list[str]) -> tuple[str, str] | None:
    """(kind, phase) of a CREATE statement specgen keeps verbatim, from its upper-cased leading words."""
    if not words or words[0] != "CREATE":
        if words[:4] == ["ALTER", "TEXT", "SEARCH", "CONFIGURATION"]:
            return "text search configuration change", "before"
        return None
    rest = words[1:]
    while rest and rest[0] in ("OR", "REPLACE", "TRUSTED", "PROCEDURAL"):
        rest = rest[1:]
    for lead, kind, phase in SQL_OBJECTS:
        if tuple(rest[: len(lead)]) == lead:
            if kind == "type" and "ENUM" in words:
                return None  # enums are read as enums
            return kind, phase
    return None


def sql_object_parts(text: str, kind: str) -> tuple[str, str | None, str | None]:
    """(name, table for triggers/rules/policies, the DROP statement that undoes it or None)."""
    head = _CREATE_HEAD.match(text)
    rest = text[head.end() :] if head else text
    words = kind.split()
    for w in ("CONSTRAINT", "EVENT", *[x.upper() for x in words]):
        m = re.match(rf"\s*{w}\b", rest, re.I)
        if m:
            rest = rest[m.end() :]
    m = _NAME.match(rest)
    name = re.sub(r"\s+", "", m.group("name")) if m else "?"
    on = _ON_TABLE.search(rest) if kind in ("trigger", "rule", "policy") else None
    table = on.group("table") if on else None
    drop: str | None
    if kind in ("function", "procedure", "aggregate"):
        args = _signature(rest[m.end() :] if m else "")
        drop = f"DROP {kind.upper()} IF EXISTS {name}{args} CASCADE" if args is not None else None
    elif kind in ("trigger", "rule", "policy") and table:
        drop = f"DROP {kind.upper()} IF EXISTS {name} ON {table}"
    elif kind in ("type", "schema", "table", "text search configuration", "text search dictionary", "collation"):
        drop = f"DROP {kind.upper()} IF EXISTS {name} CASCADE"
    elif kind == "cast":
        cast = re.match(r"\s*(\(.*?\))", rest[0:] if not m else text[text.upper().index("CAST") + 4 :], re.S)
        drop = f"DROP CAST IF EXISTS {cast.group(1)}" if cast else None
    else:
        drop = None  # operators and the like: the downgrade leaves them (DROP … CASCADE of their schema removes them)
    return bare(name) if kind != "cast" else name, table and bare(table), drop


def _signature(after_name: str) -> str | None:
    """`(a integer, b text DEFAULT 'x')` -> `(a integer, b text)`: a function's argument list for DROP."""
    s = after_name.lstrip()
    if not s.startswith("("):
        return None
    depth = 0
    for i, ch in enumerate(s):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            inner = s[1:i]
            break
    else:
        return None
    args, depth, cur = [], 0, ""
    for ch in inner + ",":
        if ch == "," and depth == 0:
            args.append(re.split(r"\s+DEFAULT\s+|\s*=\s*", cur.strip(), maxsplit=1, flags=re.I)[0])
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    return "(" + ", ".join(a for a in args if a) + ")"


# ---- partitions ------------------------------------------------------------------------------------------------

_ATTACH = re.compile(
    rf"^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?P<parent>{_IDENT}(?:\.{_IDENT})?)\s+"
    rf"ATTACH\s+PARTITION\s+(?P<child>{_IDENT}(?:\.{_IDENT})?)",
    re.I,
)


def partition_key(props: Any, dialect: str) -> str | None:
    """`PARTITION BY RANGE (a, lower(b))` of a CREATE TABLE's properties -> `RANGE (a, lower(b))`."""
    from sqlglot import exp

    for p in props.expressions if props is not None else []:
        if isinstance(p, exp.PartitionedByProperty):
            key = p.this
            if isinstance(key, exp.Anonymous):
                return f"{str(key.this).upper()} ({', '.join(e.sql(dialect) for e in key.expressions)})"
            return key.sql(dialect)
    return None


def partition_of(tree: Any, text: str, loc: Location) -> SqlObjectIR | None:
    """`CREATE TABLE p PARTITION OF parent FOR VALUES …`: kept as its SQL, created after the parent (phase
    `tables`), dropped with DROP TABLE. Its columns are the parent's: models map the parent only."""
    from sqlglot import exp

    props = tree.args.get("properties")
    for p in props.expressions if props is not None else []:
        if isinstance(p, exp.PartitionedOfProperty):
            parent = p.this.this if isinstance(p.this, exp.Schema) else p.this
            name = tree.this.sql("postgres")
            return SqlObjectIR(
                "partition",
                bare(name),
                text.strip(),
                loc,
                "tables",
                bare(parent.sql("postgres")),
                f"DROP TABLE IF EXISTS {name}",
            )
    return None


def attach_partition(text: str, loc: Location) -> SqlObjectIR | None:
    """`ALTER TABLE parent ATTACH PARTITION child FOR VALUES …` (as pg_dump writes partitions): the child is a table
    of its own; the attachment runs after the tables and a downgrade detaches it."""
    m = _ATTACH.match(text)
    if m is None:
        return None
    parent, child = m.group("parent"), m.group("child")
    return SqlObjectIR(
        "partition",
        bare(child),
        text.strip(),
        loc,
        "tables",
        bare(parent),
        f"ALTER TABLE {parent} DETACH PARTITION {child}",
    )
