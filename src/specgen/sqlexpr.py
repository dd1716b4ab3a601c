"""Every SQL expression a spec gives — server defaults, checks, index expressions, partial-index `where` — is
parsed here, and only what this module renders from the parse reaches generated code.

An expression must parse (sqlglot) as exactly one expression in each target dialect; `0); DROP TABLE x; (`
does not, so it is never emitted (validate reports it: `expression_problem`). What is emitted is rendered from
the parse (`emit`), never pasted: comments are dropped and strings re-quoted, so no text can end the statement
it is placed in. Size and nesting are bounded before parsing (SQLite's parser overflows near 100 levels).

This is also the one list of PostgreSQL-only constructs (`PG_ONLY`): validate warns about them, and the
renderers create checks and indexes that use them on PostgreSQL only.

Parsing is lazy and cached: literals and keywords skip sqlglot (and its import) altogether.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_LENGTH = 4000  # characters of one expression
MAX_DEPTH = 32  # nesting of parentheses and brackets
DIALECTS = ("postgresql", "sqlite")
_SQLGLOT = {"postgresql": "postgres", "sqlite": "sqlite"}

# (pattern over the text with its string literals blanked, what it is, what the SQLite rendering does instead)
PG_ONLY: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"!?~\*?"), "the regular-expression operator ~", "the check is created on PostgreSQL only"),
    (re.compile(r"\bilike\b", re.I), "ILIKE", "the check is created on PostgreSQL only"),
    (re.compile(r"\bsimilar\s+to\b", re.I), "SIMILAR TO", "the check is created on PostgreSQL only"),
    (re.compile(r"::"), "a :: cast", "write CAST(x AS type), which both dialects read"),
    (
        re.compile(r"\bgen_random_uuid\s*\(", re.I),
        "gen_random_uuid()",
        "the model's Python uuid4 default fills the key on SQLite",
    ),
    (
        re.compile(r"\buuid_generate_v\d\w*\s*\(", re.I),
        "uuid-ossp's uuid_generate_v*()",
        "the model's Python uuid4 default fills the key on SQLite",
    ),
    (re.compile(r"\bnow\s*\(\s*\)", re.I), "now()", "write CURRENT_TIMESTAMP, which both dialects read"),
    (re.compile(r"\bclock_timestamp\s*\(", re.I), "clock_timestamp()", "write CURRENT_TIMESTAMP"),
    (
        re.compile(r"@>|<@|\?\||\?&|#>>?|#-|\bjsonb?_\w+\s*\(", re.I),
        "a JSON(B) operator or function",
        "the check is created on PostgreSQL only",
    ),
    (
        re.compile(r"\barray\s*\[|\bany\s*\(|\ball\s*\(|\bcardinality\s*\(|\barray_\w+\s*\(|\bunnest\s*\(", re.I),
        "an ARRAY expression",
        "the check is created on PostgreSQL only",
    ),
    (
        re.compile(r"\b(?:to_tsvector|to_tsquery|plainto_tsquery|regexp_\w+|split_part|btrim)\s*\(", re.I),
        "a PostgreSQL-only function",
        "the check is created on PostgreSQL only",
    ),
    (re.compile(r"\b[uU]&''|\b[eE]''|\$\w*\$"), "a PostgreSQL string literal (U&'', E'', $$)", "PostgreSQL only"),
)

# Server defaults the renderers replace instead of emitting: CURRENT_TIMESTAMP for these (both dialects run it),
NOW_SQL = frozenset(
    {"now()", "current_timestamp", "localtimestamp", "transaction_timestamp()", "statement_timestamp()"}
)
# and none on SQLite for these PostgreSQL generators (the model's Python default fills the column there).
SQLITE_DROPPED = frozenset(
    {"gen_random_uuid()", "uuid_generate_v4()", "uuid_generate_v1()", "uuid_generate_v1mc()", "clock_timestamp()"}
)

# Text that needs no parser: numbers, plain strings, keyword constants. Rendered as written.
_TRIVIAL = re.compile(
    r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|'[^'\\\x00-\x1f]*'|"
    r"(?i:true|false|null|current_timestamp|current_date|current_time|localtimestamp)"
)


class ExpressionError(ValueError):
    """An expression reached a renderer although validate rejects it (a broken precondition)."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """One expression as each dialect reads it."""

    text: str
    sql: tuple[tuple[str, str], ...] = ()  # (dialect, rendering from that dialect's parse)
    errors: tuple[tuple[str, str], ...] = ()  # (dialect, why it is not one expression there)
    pg_only: str | None = None  # what PostgreSQL-only construct it uses
    portable: str | None = None  # one text both dialects read as this expression
    columns: tuple[str, ...] = ()  # the column names it refers to

    def rendered(self, dialect: str) -> str | None:
        return dict(self.sql).get(dialect)

    def error(self, dialect: str) -> str | None:
        return dict(self.errors).get(dialect)


def pg_only_use(text: str) -> tuple[str, str] | None:
    """(what, SQLite fallback) of the first PostgreSQL-only construct `text` uses, else None."""
    blank = re.sub(r"'(?:[^']|'')*'", "''", text)
    for pattern, what, fallback in PG_ONLY:
        if pattern.search(blank):
            return what, fallback
    return None


def _depth(text: str) -> int:
    depth = deepest = 0
    quoted = False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]":
            depth -= 1
    return deepest


@lru_cache(maxsize=8192)
def parse(text: str) -> Parsed:
    """Parse `text` in every dialect (cached: specs repeat their defaults and checks)."""
    text = text.strip()
    if not text:
        return Parsed(text, errors=tuple((d, "empty expression") for d in DIALECTS))
    if _TRIVIAL.fullmatch(text):
        return Parsed(text, tuple((d, text) for d in DIALECTS), portable=text)
    pg = pg_only_use(text)
    if len(text) > MAX_LENGTH:
        return Parsed(text, errors=tuple((d, f"longer than {MAX_LENGTH} characters") for d in DIALECTS))
    if _depth(text) > MAX_DEPTH:
        why = f"nested more than {MAX_DEPTH} levels deep (SQLite's parser overflows)"
        return Parsed(text, errors=tuple((d, why) for d in DIALECTS))
    trees: dict[str, Any] = {}
    sql: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    for d in DIALECTS:
        tree, why = _one(text, d)
        if tree is None:
            errors.append((d, why))
        else:
            trees[d] = tree
            sql.append((d, _render(tree, d)))
    portable = _portable(trees, dict(sql)) if len(trees) == len(DIALECTS) else None
    if "postgresql" in trees:  # PostgreSQL's alone: its functions by the names the spec wrote
        sql = [(d, _render(keep_function_names(trees[d], text), d) if d == "postgresql" else t) for d, t in sql]
    if pg is None and "postgresql" in trees and "sqlite" not in trees:
        pg = ("syntax SQLite does not read", "the check is created on PostgreSQL only")
    tree = next(iter(trees.values()), None)
    columns = tuple(sorted({c.name for c in tree.find_all(_exp().Column)})) if tree is not None else ()
    return Parsed(text, tuple(sql), tuple(errors), pg[0] if pg else None, portable, columns)


def _exp() -> Any:
    from sqlglot import exp

    return exp


def _one(text: str, dialect: str) -> tuple[Any, str]:
    """The one expression `text` is in `dialect`, or (None, why not)."""
    import sqlglot
    from sqlglot import exp

    try:
        trees = [t for t in sqlglot.parse(text, read=_SQLGLOT[dialect]) if t is not None]
    except (sqlglot.errors.SqlglotError, RecursionError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, re.sub(r"\x1b\[\d+m", "", first).rstrip(".")
    if len(trees) != 1:
        return None, f"{len(trees)} statements, not one expression"
    tree = trees[0]
    if isinstance(tree, exp.Query | exp.DDL | exp.DML | exp.Command | exp.Transaction | exp.Set | exp.Use):
        return None, f"a {type(tree).__name__.upper()} statement, not an expression"
    for node in tree.walk():
        if isinstance(node, exp.Query | exp.DDL | exp.DML | exp.Command):
            return None, "it holds a statement or subquery"
        # sqlglot reads other dialects' syntax too: neither target has {…} structs or method calls (x.f()).
        if isinstance(node, exp.Struct):
            return None, "braces { } are not SQL"
        if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func) and not _schema(node.this):
            return None, f"'{node.sql()[:60]}' is a method call (Python?), not SQL"
    return tree, ""


_SCHEMAS = frozenset({"public", "pg_catalog", "extensions", "main"})


def _schema(node: Any) -> bool:
    """A schema name before a function (public.uuid_generate_v4()), not a Python module or object."""
    from sqlglot import exp

    return isinstance(node, exp.Column | exp.Identifier) and node.name.lower() in _SCHEMAS


def _render(tree: Any, dialect: str) -> str:
    return tree.sql(dialect=_SQLGLOT[dialect], comments=False)


def keep_function_names(tree: Any, text: str) -> Any:
    """`tree` (PostgreSQL's parse of `text`) with each function sqlglot renames written by the name `text` uses:
    sqlglot reads `char_length(x)` as LENGTH(x), which PostgreSQL stores as `length(x)`, another fact than the
    spec's. A name is kept only when PostgreSQL's parse of the kept call is the same function with the same
    arguments (the dialect round trip); `tree` is changed in place and returned."""
    from sqlglot import exp

    for node in list(tree.find_all(exp.Func)):
        kept = _kept_call(node, text)
        if kept is not None:
            node.replace(kept)
    return tree


_CALL_NAME = re.compile(r"[A-Za-z_][\w]*")


def _kept_call(node: Any, text: str) -> Any:
    from sqlglot import exp

    start, end = node.meta.get("start"), node.meta.get("end")
    if isinstance(node, exp.Anonymous) or start is None or end is None:
        return None
    name = text[start : end + 1]
    if not _CALL_NAME.fullmatch(name) or not text[end + 1 :].lstrip().startswith("("):
        return None
    rendered = _render(node, "postgresql")
    if rendered.lower().startswith(name.lower() + "("):
        return None  # sqlglot writes it as written
    args = [node.args.get(k) for k in node.arg_types if node.args.get(k) is not None]
    if not args or not all(isinstance(a, exp.Expression) for a in args):
        return None
    kept = exp.Anonymous(this=name, expressions=[a.copy() for a in args])
    again, _ = _one(_render(kept, "postgresql"), "postgresql")
    if again is None or type(again) is not type(node) or _render(again, "postgresql") != rendered:
        return None
    return kept


def _portable(trees: dict[str, Any], sql: dict[str, str]) -> str | None:
    """A rendering every dialect reads as its own parse of the original (SQLite's first: it is the stricter)."""
    for candidate in (sql["sqlite"], sql["postgresql"]):
        if all(_same(candidate, d, sql[d]) for d in DIALECTS):
            return candidate
    return None


def _same(candidate: str, dialect: str, want: str) -> bool:
    tree, _ = _one(candidate, dialect)
    return tree is not None and _render(tree, dialect) == want


# ---- what validate asks, what renderers call ------------------------------------------------------------------


def problem(text: str, dialects: tuple[str, ...] | list[str], *, default: bool = False) -> str | None:
    """Why `text` cannot be emitted for `dialects`, or None. A PostgreSQL-only expression only needs to parse
    on PostgreSQL (the renderers skip SQLite for it), unless PostgreSQL is not a target. `default`: a server
    default, which cannot refer to columns (PostgreSQL refuses them; a dotted Python name reads as one)."""
    p = parse(text)
    if default and p.columns and not p.errors:
        return f"refers to '{p.columns[0]}': a default must be a constant or a SQL function call, not a name"
    targets = [d for d in dialects if d in DIALECTS] or list(DIALECTS)
    if p.pg_only and "postgresql" in targets:
        targets = ["postgresql"]
    for d in targets:
        why = p.error(d)
        if why is not None:
            where = "" if len(set(dict(p.errors).values())) == 1 and len(p.errors) == len(DIALECTS) else f" ({d})"
            return f"is not one SQL expression{where}: {why}"
    if len(targets) > 1 and p.portable is None:
        return "reads differently in PostgreSQL and SQLite; write it so both read it alike"
    return None


def postgresql_only(text: str) -> bool:
    """True for an expression SQLite cannot run (checks and indexes using it are created on PostgreSQL only)."""
    return parse(text).pg_only is not None


def emit(text: str, dialects: tuple[str, ...] | list[str] = DIALECTS) -> str:
    """The text a renderer writes for `text`, rendered from its parse: one text for all `dialects` (PostgreSQL's
    alone for a PostgreSQL-only expression). Raises ExpressionError when validate would refuse it."""
    why = problem(text, dialects)
    if why is not None:
        raise ExpressionError(f"expression {text[:80]!r} {why}")
    p = parse(text)
    targets = [d for d in dialects if d in DIALECTS] or list(DIALECTS)
    if p.pg_only and "postgresql" in targets:
        return p.rendered("postgresql") or ""
    if len(targets) == 1:
        return p.rendered(targets[0]) or ""
    return p.portable or ""


_OPCLASS = re.compile(r"^(?P<expr>.+?)\s+(?P<opclass>[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)?)\s*$", re.S)


def emit_index_element(text: str, dialects: tuple[str, ...] | list[str] = DIALECTS) -> str:
    """An index element: an expression, or an expression and its operator class (`name gin_trgm_ops`,
    `embedding public.vector_cosine_ops`); the class is a name, the expression is emitted from its parse."""
    if problem(text, dialects) is None:
        return emit(text, dialects)
    m = _OPCLASS.match(text.strip())
    if m and problem(m.group("expr"), dialects) is None:
        return f"{emit(m.group('expr'), dialects)} {m.group('opclass')}"
    return emit(text, dialects)  # raises, naming the expression


def emit_for(text: str, dialect: str) -> str:
    """The text for one dialect (SQL DDL output, which knows its dialect)."""
    return emit(text, (dialect,))


@lru_cache(maxsize=4096)
def tree(text: str, dialect: str = "postgresql") -> Any:
    """The parse of an expression that `problem` accepts, for rules that read it (do not modify it); None otherwise."""
    found, _ = _one(text.strip(), dialect) if text.strip() else (None, "")
    return found
