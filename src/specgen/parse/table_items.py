"""Index and constraint items of conventional Markdown: `PRIMARY KEY: (a, b)`,
`FOREIGN KEY: user_id REFERENCES users(id) ON DELETE CASCADE`, `` `ix_users_email` on email ``,
`UNIQUE(name, region)`."""

from __future__ import annotations

import re

from specgen.parse.fields import column_name

_FACT_PK = re.compile(r"(?i)^(?:primary\s+key|pk)\s*[:(]?\s*(?P<cols>[^)]*)\)?\s*$")
_FACT_FK = re.compile(
    r"(?i)^(?:foreign\s+key|fk)\s*[:(]?\s*(?P<cols>[^)]*?)\)?\s*(?:references|->|→|ref)\s*(?P<target>[^\s]+(?:\s*\([^)]*\))?)"
    r"(?:.*?\bon\s+delete\s+(?P<action>cascade|set\s+null|restrict|no\s+action|set\s+default))?"
)
# `UNIQUE KEY uk_a_b (a, b)`, `INDEX idx_a (a)`, `CONSTRAINT uq_a UNIQUE (a)` (MySQL's and SQL's order): a name
# before the parenthesised columns.
_SQL_NAME = r"(?:\s+(?!on\b)(?P<sqlname>[A-Za-z_][\w-]*)(?=\s*\())?"
_FACT_UNIQUE = re.compile(
    r"(?i)^(?:constraint\s+(?P<cname>[A-Za-z_][\w-]*)\s+)?(?:(?P<name>`?[\w-]+`?)\s*(?:-|—|:)\s*)?(?:composite\s+)?"
    rf"unique\s*(?:composite\s*)?(?:(?:index|constraint|key){_SQL_NAME})?"
    r"\s*(?:on\s+)?[:(]?\s*(?P<cols>[^)]*)\)?"
)
_FACT_INDEX = re.compile(
    rf"(?i)^(?P<unique>unique\s+)?(?:index|idx)\b{_SQL_NAME}\s*(?:on\s+)?[:(]?\s*(?P<cols>[^)]*)\)?\s*$"
    r"|^`?(?P<name>(?:ix|idx|index|uq|uniq)_[\w-]+)`?\s*(?:on|:|-|—|\()\s*(?P<cols2>[^)]*)\)?"
)


def table_fact(text: str) -> tuple[str, list[str], str | None, str | None, str | None] | None:
    """(kind, columns, target, name, extra) of an index or constraint bullet."""
    t = text.replace("`", "").replace("**", "").strip()
    m = _FACT_FK.match(t)
    if m:
        action = m.group("action")
        return "foreign_key", _cols(m.group("cols")), m.group("target"), None, action.upper() if action else None
    m = _FACT_PK.match(t)
    if m and _cols(m.group("cols")):
        return "primary_key", _cols(m.group("cols")), None, None, None
    m = _FACT_INDEX.match(t)
    if m:
        cols = _cols(m.group("cols")) if m.group("cols") else _leading_cols(m.group("cols2") or "")
        if cols:
            name = m.group("name") or m.group("sqlname")
            return "index", cols, None, name, "unique" if (m.group("unique") or (name or "").startswith("uq")) else None
    m = _FACT_UNIQUE.match(t)
    if m and _cols(m.group("cols")):
        name = (m.group("name") or m.group("sqlname") or m.group("cname") or "").strip("`") or None
        return "unique", _cols(m.group("cols")), None, name, None
    return None


# `ix_users_email - on email for sign-in lookups`, in the languages specs are written in: "on" and the column
# list, then prose.
_ON = re.compile(r"(?i)^\s*(?:on|на|по|en|sobre|em|pada|auf|trên|su)\s+(?=\S)")
_LEADING = re.compile(r"^\(?\s*(`?[A-Za-z_][\w.]*`?(?:\s*,\s*`?[A-Za-z_][\w.]*`?)*)\s*\)?(?:\s|$)")


def _leading_cols(text: str) -> list[str]:
    """The columns an index item names after its name: all of the text when it is a column list, else the
    column list that opens it, after an "on" (`на email для швидкого пошуку` -> email)."""
    cols = _cols(text)
    on = _ON.match(text)
    if cols or on is None:
        return cols
    m = _LEADING.match(text[on.end() :] + " ")
    return _cols(m.group(1)) if m else []


def _cols(text: str) -> list[str]:
    t = re.split(r"\s(?:-|—|–)\s|\s+where\s", text.strip().strip("()"), maxsplit=1)[0]
    cols = [c.strip().strip("`()") for c in re.split(r"\s*,\s*|\s+and\s+", t) if c.strip()]
    out = [column_name(c) for c in cols]
    return [c for c in out if c] if all(out) else []
