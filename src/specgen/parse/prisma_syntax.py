"""Prisma's small syntax: `//` comments, `@attr(args)` lists, argument lists and field lists.

Pure text functions, kept apart from the reader (`prisma.py`) that gives them meaning.
"""

from __future__ import annotations

import re

_ATTR = re.compile(r"@@?(?P<name>\w+(?:\.\w+)?)")


def strip_comment(line: str) -> tuple[str, str | None]:
    """The line without its `//` comment (quotes respected), and the comment's text."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and line.startswith("//", i):
            return line[:i], line[i:].lstrip("/").strip() or None
    return line, None


def split_top(text: str) -> list[str]:
    """Split on commas outside brackets, parentheses and strings."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def args_of(text: str | None) -> tuple[list[str], dict[str, str]]:
    """`[a, b], name: "x"` -> (["[a, b]"], {"name": '"x"'})."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for part in split_top(text or ""):
        m = re.match(r"^(\w+)\s*:\s*(.*)$", part, re.DOTALL)
        if m:
            named[m.group(1)] = m.group(2).strip()
        else:
            positional.append(part)
    return positional, named


def names(value: str | None) -> list[str]:
    """`[a, b(sort: Desc)]` -> ["a", "b"]."""
    if not value:
        return []
    inner = value.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    return [re.sub(r"\(.*\)$", "", p).strip() for p in split_top(inner)]


def unquote(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v


def attributes(text: str) -> tuple[list[tuple[str, str | None]], bool]:
    """`@id @default(now()) @db.VarChar(10)` -> [(name, args text or None)], and whether all was read."""
    out: list[tuple[str, str | None]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        m = _ATTR.match(text, i)
        if m is None:
            return out, False
        i = m.end()
        args = None
        if i < n and text[i] == "(":
            depth, quoted, j = 0, False, i
            while j < n:
                ch = text[j]
                if ch == '"' and text[j - 1] != "\\":
                    quoted = not quoted
                elif not quoted and ch == "(":
                    depth += 1
                elif not quoted and ch == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                return out, False
            args, i = text[i + 1 : j], j + 1
        out.append((m.group("name"), args))
    return out, True
