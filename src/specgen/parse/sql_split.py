"""Split the text of a ```sql block into statements, each with the line it starts on.

A whole file rarely parses in one call: function bodies hold `;` inside `$$` quotes, psql
meta-commands (`\\connect`) end at the line's end, MySQL dumps switch `DELIMITER`. This scanner
knows quotes, comments and those commands, and nothing else about SQL. Comments are blanked
(newlines kept) so that line numbers inside a statement stay those of the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")
# bodies whose `;` do not end the statement: SQLite's CREATE TRIGGER … BEGIN … END, and PostgreSQL's SQL-standard
# function bodies, CREATE FUNCTION … BEGIN ATOMIC … END
_TRIGGER = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP\w*\s+)?TRIGGER\b.*?\bBEGIN\b|(?:FUNCTION|PROCEDURE)\b.*?\bBEGIN\s+ATOMIC\b)",
    re.I | re.S,
)
_END = re.compile(r"\bEND\s*$", re.I)


@dataclass(frozen=True)
class Statement:
    text: str  # comments blanked, starting at the first character of the statement's first line
    line: int  # 0-based line of the block where the statement starts
    meta: bool = False  # a psql meta-command or a client directive, not SQL

    @property
    def head(self) -> str:
        """The first words, upper-cased, for classification."""
        return " ".join(self.text.split()[:6]).upper()


_LEX = re.compile(
    r"(?P<c>--[^\n]*|/\*.*?\*/)"
    r"|(?P<s>'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\$(?P<tag>[A-Za-z_]\w*|)\$.*?\$(?P=tag)\$)"
    r"|(?P<semi>;)"
    r"|(?P<meta>^[ \t]*\\[^\n]*)",
    re.S | re.M,
)
_DELIMITER = re.compile(r"^\s*DELIMITER\s", re.I | re.M)


def split_statements(text: str) -> list[Statement]:
    """Statements of `text` in order; the last one may lack its `;`."""
    if _DELIMITER.search(text) or "E'" in text or "e'" in text:
        return _scan(text)  # MySQL DELIMITER blocks, backslash escapes: the character scanner
    out: list[Statement] = []
    pieces: list[str] = []
    cur = seg = 0
    counted = [0, 0]  # (position, lines before it): positions only grow, so counting is linear

    def line_at(pos: int) -> int:
        counted[1] += text.count("\n", counted[0], pos)
        counted[0] = pos
        return counted[1]

    def emit(body: str, offset: int) -> None:
        stripped = body.lstrip()
        if not stripped:
            return
        start = offset + len(body) - len(stripped)
        col = start - (text.rfind("\n", 0, start) + 1)  # rfind scans back from start: cheap
        out.append(Statement(" " * col + stripped.rstrip(), line_at(start)))

    for m in _LEX.finditer(text):
        kind = m.lastgroup
        if kind == "c":
            pieces.append(text[cur : m.start()])
            pieces.append("".join("\n" if ch == "\n" else " " for ch in m.group()))
            cur = m.end()
        elif kind == "semi":
            body = "".join(pieces) + text[cur : m.start()]
            if _TRIGGER.match(body) and not _END.search(body):
                continue  # `;` inside a trigger body (BEGIN … END)
            emit(body, seg)
            pieces, cur, seg = [], m.end(), m.end()
        elif kind == "meta":
            before = "".join(pieces) + text[cur : m.start()]
            if before.strip():
                continue  # a backslash inside a statement, not a psql command
            out.append(Statement(m.group().strip(), line_at(m.start()), meta=True))
            pieces, cur, seg = [], m.end(), m.end()
    emit("".join(pieces) + text[cur:], seg)
    return out


def _scan(text: str) -> list[Statement]:
    """Character scanner: knows DELIMITER changes and E'…' backslash escapes."""
    out: list[Statement] = []
    buf: list[str] = []
    start = -1  # offset of the statement's first significant character
    line = 0
    i, n = 0, len(text)
    delimiter = ";"

    def flush(end_line: int) -> bool:
        """End the statement; False when `;` is inside a trigger body (BEGIN … END)."""
        nonlocal buf, start
        body = "".join(buf)
        if _TRIGGER.match(body) and not _END.search(body):
            buf.append(";")
            return False
        if body.strip():
            first = start_line
            # Keep the statement's first line whole (its indentation) so columns stay right.
            out.append(Statement(body.strip("\n").rstrip(), first))
        buf = []
        start = -1
        return True

    start_line = 0
    at_line_start = True
    while i < n:
        ch = text[i]
        if at_line_start:
            j = i
            while j < n and text[j] in " \t":
                j += 1
            rest_end = text.find("\n", j)
            rest_end = n if rest_end < 0 else rest_end
            word = text[j:rest_end]
            if start < 0 and (word.startswith("\\") or word.upper().split(None, 1)[:1] == ["DELIMITER"]):
                out.append(Statement(word.strip(), line, meta=True))
                if not word.startswith("\\"):
                    parts = word.split(None, 1)  # a bare `DELIMITER` line names none: the default stays
                    delimiter = parts[1].strip() if len(parts) > 1 and parts[1].strip() else ";"
                i = rest_end
                continue
            at_line_start = False
        if ch == "\n":
            buf.append(ch)
            line += 1
            at_line_start = True
            i += 1
            continue
        if ch == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            buf.append(" " * (end - i))
            i = end
            continue
        if ch == "#" and delimiter != ";" and start < 0:  # MySQL comment lines in DELIMITER blocks
            end = text.find("\n", i)
            end = n if end < 0 else end
            i = end
            continue
        if ch == "/" and text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            chunk = text[i:j]
            buf.append("".join("\n" if c == "\n" else " " for c in chunk))
            line += chunk.count("\n")
            at_line_start = chunk.endswith("\n")
            i = j
            continue
        if start < 0 and not ch.isspace():
            start = i
            start_line = line
            # Re-include the first line's leading blanks so sqlglot columns match the block's.
            k = i
            while k > 0 and text[k - 1] in " \t":
                k -= 1
            buf = [" " * (i - k)]
        if delimiter != ";" and text.startswith(delimiter, i):
            flush(line)
            i += len(delimiter)
            continue
        if ch in "'\"`":
            j = i + 1
            while j < n:
                if text[j] == ch:
                    if j + 1 < n and text[j + 1] == ch:
                        j += 2
                        continue
                    break
                if text[j] == "\\" and ch == "'" and j > 0 and text[i - 1 : i] in ("E", "e"):
                    j += 2
                    continue
                j += 1
            chunk = text[i : j + 1]
            buf.append(chunk)
            line += chunk.count("\n")
            i = j + 1
            continue
        if ch == "$":
            m = _DOLLAR.match(text, i)
            if m and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                end = text.find(tag, m.end())
                end = n if end < 0 else end + len(tag)
                chunk = text[i:end]
                buf.append(chunk)
                line += chunk.count("\n")
                i = end
                continue
        if text.startswith(delimiter, i):
            flush(line)
            i += len(delimiter)
            continue
        buf.append(ch)
        i += 1
    flush(line)
    return out
