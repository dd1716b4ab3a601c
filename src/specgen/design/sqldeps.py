"""Where each kept SQL object (design/model.py SqlObject) is created, decided once from the names its text mentions.

Revisions create, in order: extensions, enums, the `before` objects, the tables, the `tables` objects, the views,
the `after` objects (design/diff.py, design/pgops.py). An object is moved to a later phase when it mentions what
only exists then, and objects are ordered so that each comes after the objects it mentions:

- the names PostgreSQL resolves when it creates the object count: a function's signature (a table there is its row
  type), and its body only in the SQL-standard forms (`BEGIN ATOMIC`, `RETURN`), which PostgreSQL always parses;
  other bodies are created with `check_function_bodies = false` (render/alembic_pgops.py, as pg_dump does) and
  resolved when they run, so a function a check or default calls can be created before the tables it reads;
- a table (or a partition) mentioned moves the object after the tables; a view moves it after the views;
- another kept object mentioned (a domain in a signature, a function a trigger executes, a parent partition)
  comes first; a cycle keeps the order of the specs.

Names are matched case-insensitively (PostgreSQL folds unquoted names), so a match may be a coincidence: the cost
of one is an object created later than it had to be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from specgen.design.model import SqlObject

_PHASES = ("before", "tables", "after")
# Objects other objects can name: a trigger, rule or policy is never named by another object's definition.
_NAMEABLE = frozenset(
    {
        "table",
        "function",
        "procedure",
        "aggregate",
        "type",
        "domain",
        "sequence",
        "partition",
        "operator",
        "collation",
        "cast",
    }
    | {"text search configuration", "text search dictionary", "operator class", "operator family", "schema"}
)
_ROUTINES = ("function", "procedure", "aggregate")
_BODY = re.compile(r"\bAS\s*(?:\$|')|\bBEGIN\s+ATOMIC\b|\bRETURN\s", re.I)
_WORD = re.compile(r'"((?:[^"]|"")+)"|([A-Za-z_][\w$]*)')
_MODES = {"in", "out", "inout", "variadic"}
# First words of multi-word type names: in `double precision` the first word is not a parameter name.
_TYPE_STARTS = {"double", "character", "char", "bit", "timestamp", "time", "interval", "national", "varchar"}


def words(text: str) -> set[str]:
    """The identifiers of `text`, folded to lower case (quoted ones unquoted); type names of several keywords
    (`timestamp with time zone`) are not identifiers (a table named `zone` is not mentioned by one)."""
    text = _SYSTEM.sub(" ", _KEYWORD_TYPES.sub(" ", text))
    return {(m.group(1) or m.group(2)).replace('""', '"').lower() for m in _WORD.finditer(text)}


_SYSTEM = re.compile(r'\bpg_catalog\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)', re.I)  # `pg_catalog.xml`: built in
_KEYWORD_TYPES = re.compile(
    r"\b(?:with(?:out)?\s+time\s+zone|double\s+precision|character\s+varying|bit\s+varying)\b", re.I
)


def _drop_names(items: str) -> str:
    """A parameter or column list `name type, …` without the names (a name may well be a table's)."""
    out = []
    for item in _split_top(items):
        parts = [p for p in item.split() if p]
        if parts and parts[0].lower() in _MODES:
            parts = parts[1:]
        if len(parts) >= 2 and parts[0].lower() not in _TYPE_STARTS:
            parts = parts[1:]
        out.append(" ".join(parts))
    return ", ".join(out)


def _split_top(text: str) -> list[str]:
    """Split at the commas outside parentheses."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _lists(header: str) -> str:
    """The contents of the top-level parenthesized lists of a routine's header, names dropped, and the rest."""
    out, rest, depth, start = [], [], 0, 0
    for i, ch in enumerate(header):
        if ch == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append(_drop_names(header[start:i]))
        elif depth == 0:
            rest.append(ch)
    return " ".join(out) + " " + "".join(rest)


def resolved_text(o: SqlObject) -> str:
    """The part of the object's definition PostgreSQL resolves names in when it creates the object."""
    sql = o.definition
    if o.kind in _ROUTINES:
        m = _BODY.search(sql)
        header = sql[: m.start()] if m else sql
        # the name itself (and the keywords before it) names nothing
        head = header.split("(", 1)
        signature = _lists("(" + head[1]) if len(head) == 2 else ""
        if m and not m.group().upper().startswith("AS"):
            return signature + " " + sql[m.start() :]
        return signature
    if o.kind == "type":  # a composite type's attributes: `name type, …`
        head = sql.split("(", 1)
        return _lists("(" + head[1]) if len(head) == 2 else ""
    return sql


def place_sql_objects(objects: list[SqlObject], tables: Iterable[str], views: Iterable[str]) -> list[SqlObject]:
    """The objects with their phases raised to what they mention, in creation order: by phase, each after the
    objects it mentions, otherwise in the order of the specs."""
    tables_ = {t.lower() for t in tables}
    views_ = {v.lower() for v in views}
    by_name: dict[str, list[int]] = {}
    for i, o in enumerate(objects):
        if o.kind in _NAMEABLE:
            by_name.setdefault(_bare(o.name), []).append(i)
    deps: list[list[int]] = []
    phases: list[str] = [o.phase for o in objects]  # raised here; the objects get theirs as copies at the end
    for i, o in enumerate(objects):
        said = words(resolved_text(o))
        if o.kind not in _ROUTINES:  # its own name, as it creates it; a routine's resolved text leaves it out
            said -= {_bare(o.name)}
        # so that a routine naming another object of its own name (`unixtz(text) RETURNS unixtz`, a domain) follows it
        deps.append(sorted({j for w in said for j in by_name.get(w, []) if j != i}))
        mentioned = said - {_bare(o.name)}
        rank = _PHASES.index(phases[i])
        if o.kind in _ROUTINES or o.kind in ("type", "domain"):
            if mentioned & tables_:
                rank = max(rank, 1)
        if mentioned & views_:
            rank = max(rank, 2)
        phases[i] = _PHASES[rank]
    order: list[int] = []
    state: dict[int, int] = {}

    def visit(i: int) -> None:
        if state.get(i):
            return  # placed, or a cycle (the order of the specs stays)
        state[i] = 1
        for j in deps[i]:
            visit(j)
            rank = max(_PHASES.index(phases[i]), _PHASES.index(phases[j]))
            phases[i] = _PHASES[rank]
        state[i] = 2
        order.append(i)

    for i in range(len(objects)):
        visit(i)
    # by phase, as revisions create them; a dependency's phase is never later than its dependent's. Schemas
    # first: a schema depends on nothing, and anything (named `s.x`, or created under `SET search_path`) may be in it
    placed = [o if o.phase == phases[i] else o.model_copy(update={"phase": phases[i]}) for i, o in enumerate(objects)]
    return sorted((placed[i] for i in order), key=lambda o: (_PHASES.index(o.phase), o.kind != "schema"))


def _bare(name: str) -> str:
    """An object's name as words() reads a mention of it (lower case, unquoted). The readers keep names bare and
    unquoted already (`"welcome.xml"` is `welcome.xml`, a dot and all); a quoted or qualified spelling from
    elsewhere loses its quotes and schema."""
    parts = re.findall(r'"(?:[^"]|"")+"|[^."]+', name.strip())
    if '"' not in name or not parts:
        return name.strip().lower()
    last = parts[-1]
    return (last[1:-1].replace('""', '"') if last.startswith('"') else last).lower()
