"""Column defaults as specs write them -> (Python default, kind, SQL server default)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from specgen.vocab.types import TypeInfo

# Generators: a Python callable the models call, and the portable SQL the database can run.
_NOW = {
    "now",
    "now()",
    "current_timestamp",
    "current_timestamp()",
    "func.now()",
    "datetime.utcnow",
    "datetime.now",
    "utcnow",
    "localtimestamp",
    "statement_timestamp()",
    "transaction_timestamp()",
    "datetime('now')",
    "clock_timestamp()",
    "sysdate",
    "getdate()",
}
_TODAY = {"today", "current_date", "date.today", "current_date()"}
_UUID = {"uuid4", "uuid", "uuid4()", "uuid.uuid4", "uuid_generate_v4()", "gen_random_uuid()", "uuid4().hex"}
# Longer numbers are not literals (int() refuses 4,301 digits; no column type holds 40): kept as expressions.
_MAX_NUMBER = 40
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_CAST = re.compile(r"^(?P<v>.+?)::[A-Za-z_][A-Za-z0-9_ ]*(\[\])?(\(\d+(,\s*\d+)?\))?$")


@dataclass(frozen=True)
class DefaultValue:
    value: Any
    kind: str  # literal | generator | expression
    server: str | None  # SQL expression text for server_default, or None


def classify(text: str, tinfo: TypeInfo | None, portable_server: bool) -> DefaultValue:
    """Classify `text`. `portable_server`: also give a server default for literals and `now`
    (design-level forms); SQL and ORM forms state their server defaults explicitly instead."""
    raw = text.strip()
    low = raw.lower()
    m = _CAST.match(raw)
    if m:  # PostgreSQL casts such as 'contains'::character varying or 0::smallint
        inner = m.group("v").strip()
        if inner.startswith("'") or _NUMBER.match(inner):
            raw, low = inner, inner.lower()
    if low in _NOW:
        is_date = tinfo is not None and tinfo.name == "date"
        return DefaultValue(
            "today" if is_date else "now",
            "generator",
            ("CURRENT_DATE" if is_date else "CURRENT_TIMESTAMP") if portable_server else None,
        )
    if low in _TODAY:
        return DefaultValue("today", "generator", "CURRENT_DATE" if portable_server else None)
    if low in _UUID:
        server = "gen_random_uuid()" if low == "gen_random_uuid()" else None
        return DefaultValue("uuid4", "generator", server)
    if low in ("null", "none"):
        return DefaultValue(None, "literal", "NULL")
    if low in ("true", "false"):
        value = low == "true"
        return DefaultValue(value, "literal", ("true" if value else "false") if portable_server else None)
    if low in ("[]", "list", "{}", "dict"):
        empty = "[]" if low in ("[]", "list") else "{}"
        # A JSON document is also the database's default (`'{}'` reads as json/jsonb on PostgreSQL and as text
        # on SQLite), so rows inserted outside the ORM get it too; an array's literal differs per dialect.
        server = (
            sql_string(empty) if portable_server and tinfo is not None and tinfo.name in ("json", "jsonb") else None
        )
        return DefaultValue([] if empty == "[]" else {}, "generator", server)
    if _NUMBER.match(raw) and len(raw) <= _MAX_NUMBER:
        number: Any = float(raw) if any(c in raw for c in ".eE") else int(raw)
        if not math.isfinite(number):  # 1e999: no literal of any column type; design.yaml could not keep it
            return DefaultValue(raw, "expression", raw)
        if tinfo is not None and tinfo.name == "boolean" and number in (0, 1):
            return DefaultValue(bool(number), "literal", raw if portable_server else None)
        return DefaultValue(number, "literal", raw if portable_server else None)
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        quoted = raw[1:-1].replace(raw[0] * 2, raw[0])
        return DefaultValue(quoted, "literal", sql_string(quoted) if portable_server else None)
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", raw):
        # A bare word (`pending`, `contains`): an enum value or a short string.
        return DefaultValue(raw, "literal", sql_string(raw) if portable_server else None)
    return DefaultValue(raw, "expression", raw)


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
