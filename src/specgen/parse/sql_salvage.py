"""Read what can be read of a CREATE TABLE that sqlglot rejects as a whole.

Dialect oddities (`BLOB SUB_TYPE TEXT`, vendor column options) make one item of a table fail while
the rest is plain SQL. The table is cut into its top-level items; an item that does not parse alone
is shortened word by word until it does, or dropped. The statement keeps its layout (dropped text is
blanked, newlines stay), so every column still carries its own line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

if TYPE_CHECKING:
    from sqlglot.dialects.dialect import DialectType

_HEAD = re.compile(r"(?P<head>\s*CREATE\s[^(]*?\()(?P<body>.*)\)(?P<tail>[^)]*)$", re.S | re.I)


def _blank(text: str) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in text)


_WRAP = "CREATE TABLE t ("
_TRIES = 8  # shorter prefixes tried per item, counting back from where sqlglot stopped


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parses(item: str, read: DialectType) -> bool:
    return _error_at(item, read) is None


def _error_at(item: str, read: DialectType) -> int | None:
    """None when the item parses alone; else the offset in `item` where sqlglot stopped (-1: unknown)."""
    sql = f"{_WRAP}{item})"
    try:
        sqlglot.parse_one(sql, read=read)
    except ParseError as exc:
        errs = exc.errors or [{}]
        line, col, token = errs[0].get("line"), errs[0].get("col"), errs[0].get("highlight") or ""
        if not line or not col:
            return -1
        starts = [0] + [k + 1 for k, ch in enumerate(sql) if ch == "\n"]
        at = starts[min(line, len(starts)) - 1] + col - len(token) - len(_WRAP)
        return max(0, min(at, len(item)))
    except (TokenError, RecursionError):
        return -1
    return None


def _longest_prefix(item: str, read: DialectType) -> str | None:
    """The longest word prefix of an item that parses alone (at least two words), from where sqlglot stopped
    back by at most _TRIES words: linear in the item (shortening word by word from the end was quadratic)."""
    at = _error_at(item, read)
    words = item.split()
    n = len(words) - 1 if at is None or at < 0 else min(len(item[:at].split()), len(words) - 1)
    for k in range(n, max(1, n - _TRIES), -1):
        candidate = " ".join(words[:k])
        if _parses(candidate, read):
            return candidate
    return None


def salvage(text: str, read: DialectType, report: Callable[[str, int], None]) -> exp.Expression | None:
    """The statement parsed without the parts sqlglot rejects; `report(message, line offset)`."""
    m = _HEAD.match(text)
    if m is None:
        return None
    head, body, tail = m.group("head"), m.group("body"), m.group("tail")
    items: list[tuple[int, int]] = []  # (start, end) of each top-level item inside body
    depth, start = 0, 0
    for k, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append((start, k))
            start = k + 1
    items.append((start, len(body)))
    out = list(body)
    kept = 0
    for i, (a, b) in enumerate(items):
        item = body[a:b]
        line = text.count("\n", 0, len(head) + a + len(item) - len(item.lstrip()))
        if not item.strip() or _parses(item, read):
            kept += 1
            continue
        words = item.split()
        shorter = _longest_prefix(item, read)
        if shorter is not None:
            lead = len(item) - len(item.lstrip())
            replacement = item[:lead] + shorter
            out[a:b] = list(replacement + _blank(item[len(replacement) :]))
            report(
                f"read only '{_short(shorter)}' of '{_short(' '.join(words))}' (the rest is not SQL sqlglot knows)",
                line,
            )
            kept += 1
            continue
        report(f"table item '{_short(' '.join(words))}' could not be read; it is skipped", line)
        out[a:b] = list(_blank(item))
        # Drop a separating comma too: the one after the item, or before it for the last item.
        if i + 1 < len(items):
            out[b] = " "
        elif i > 0:
            out[items[i - 1][1]] = " "
    if not kept:
        return None
    try:
        tree = sqlglot.parse_one(head + "".join(out) + ")" + tail, read=read)
    except (ParseError, TokenError, RecursionError):
        return None
    # sqlglot types parse_one with its abstract base Expr; every node it builds is an Expression
    return tree if isinstance(tree, exp.Expression) else None
