"""SQL DDL written as plain Markdown text, with no ``` fence around it: the whole statements a paragraph or an
indented code block holds (parse/markdown.py lifts them out as ```sql blocks, `Fence(lang="sql", info="sql unfenced")`).

Some documents paste `CREATE TABLE … ;` between prose lines. A careful reader reads the statement wherever it
stands, but only a whole statement: a line that starts one, keywords in SQL's case (CREATE TABLE name `(`,
CREATE [UNIQUE] INDEX … ON, ALTER TABLE name ADD|DROP|ALTER…), up to where its brackets close and it ends with
`;` (a CREATE TABLE may end with the `) …` line that closes its columns instead). A sentence (`Create table users
(see below) for the accounts.`) starts no statement, and the SQL reader must still parse each one (what it cannot
parse it reports, as in a fence). Plain `re` only: the Markdown scan imports this module.
"""

from __future__ import annotations

import re

_NAME = r"(?:`[^`\n]+`|\"[^\"\n]+\"|\[[^\]\n]+\]|[\w$]+)(?:\s*\.\s*(?:`[^`\n]+`|\"[^\"\n]+\"|\[[^\]\n]+\]|[\w$]+))?"
# Each needs its structure on the first line (CREATE TABLE's `(` may open the next one): words in a sentence do not
# line up so.
_START = re.compile(
    r"^\s*(?:"
    rf"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP(?:ORARY)?\s+|UNLOGGED\s+)?TABLE\s*"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?{_NAME}\s*(?:\(|$)"
    rf"|CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:{_NAME}\s+)?ON\s+{_NAME}"
    rf"|ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?{_NAME}\s+(?:ADD|DROP|ALTER|MODIFY|CHANGE|RENAME)\b"
    r")",
    re.I,
)
_CREATE_TABLE = re.compile(r"\s*CREATE\b[^(]*\bTABLE\b", re.I)
_QUOTES = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|`[^`]*`|--[^\n]*")


def statement_spans(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) line ranges of `lines` that hold whole DDL statements (runs of them make one range)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if not _starts(lines[i]):
            i += 1
            continue
        end = _statement_end(lines, i)
        if end is None:
            i += 1
            continue
        while end < n and _starts(lines[end]) and (nxt := _statement_end(lines, end)) is not None:
            end = nxt  # the statements that follow belong with it
        spans.append((i, end))
        i = end
    return spans


def _starts(line: str) -> bool:
    """Whether a statement starts on `line`: its keywords as SQL writes them (`CREATE TABLE`, `create table`),
    not as a sentence does (`Create table`)."""
    m = _START.match(line)
    if m is None:
        return False
    keywords = "".join(re.findall(r"[A-Za-z]+", m.group(0))[:2])  # `TABLE`name``: the quote ends the keyword
    return keywords.isupper() or keywords.islower()


def _statement_end(lines: list[str], start: int) -> int | None:
    """The line after the statement that starts at `start`, or None when it is not whole: its brackets close and
    it ends with `;`, or (CREATE TABLE without `;`) with the line that closes its column list, `) …`."""
    depth, opened = 0, False
    for k in range(start, len(lines)):
        code = _QUOTES.sub("''", lines[k])
        for ch in code:
            if ch == "(":
                depth, opened = depth + 1, True
            elif ch == ")":
                depth -= 1
                if depth < 0:
                    return None
            elif ch == ";" and depth == 0:
                return k + 1
        if opened and depth == 0 and k > start and code.lstrip().startswith(")") and _CREATE_TABLE.match(lines[start]):
            return k + 1
    return None
