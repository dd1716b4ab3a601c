"""Split the text of a ```sql block into statements, each with the line it starts on.

A whole file rarely parses in one call: function bodies hold `;` inside `$$` quotes, psql
meta-commands (`\\connect`) end at the line's end, MySQL dumps switch `DELIMITER`. Comments are
blanked (newlines kept) so that line numbers inside a statement stay those of the block.

Three ways, by what the text holds. Issue 15 asked for sqlglot's tokenizer alone, if it kept the speed of
SQL specs; measured (best of 5, 2 shared cores), it does not, so the regular expression stays for most text:
- most text: one regular expression that knows quotes, comments and psql commands and nothing else about
  SQL (`_LEX`). The 20 ```sql fences of the bench's 1,000-entity workload (specs_sql: 542 kB, 3,661
  statements) split in 33 ms with it and in 87 ms with the tokenizer (67 ms of that sqlglot's tokenize
  alone); in-process, while specgen reads those specs, 36-45 ms against 133-156 ms (the 100k tokens also
  cost the garbage collector): reading them took 645 -> 860 ms.
- text with `e'` (backslash escapes, `E'it\\'s'`; PostgreSQL dumps, where `e'` is common): the tokenizer
  (`_tokenized`), which knows each dialect's strings. It replaced a hand-written character scanner that was
  slower on these texts: the 51 corpus files 218 -> 177 ms, hexpm 11.5 -> 7.2 ms, danbooru 25.9 -> 16.1 ms;
  in-process, reading hexpm, danbooru, inaturalist, postgrest and hatchet v1-core, 102 ms either way. Same
  statements and lines on every corpus file (sakila's MySQL functions now have their `#` comments blanked).
- MySQL `DELIMITER` lines: a text split at each DELIMITER line between statements and, inside a block with
  another terminator, at that terminator outside strings and comments (`_delimited`); blocks ending in `;`
  go through the tokenizer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import TokenError
from sqlglot.tokens import Token, TokenType

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
        return " ".join(self.text.split(maxsplit=6)[:6]).upper()  # the rest of the text is not split


_LEX = re.compile(
    r"(?P<c>--[^\n]*|/\*.*?\*/)"
    r"|(?P<s>'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\$(?P<tag>[A-Za-z_]\w*|)\$.*?\$(?P=tag)\$)"
    r"|(?P<semi>;)"
    r"|(?P<meta>^[ \t]*\\[^\n]*)",
    re.S | re.M,
)
_DELIMITER = re.compile(r"^\s*DELIMITER\s", re.I | re.M)


def split_statements(text: str, dialect: str | None = None) -> list[Statement]:
    """Statements of `text` in order; the last one may lack its `;`. `dialect` (sqlglot's name; None:
    PostgreSQL) tells the tokenizer how strings are quoted where the text needs it."""
    if _DELIMITER.search(text):
        return _delimited(text)
    if "E'" in text or "e'" in text:
        return _tokenized(text, dialect or "postgres")
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


_DELIMITER_LINE = re.compile(r"^[ \t]*DELIMITER(?:[ \t][^\n]*)?$", re.I | re.M)
_COMMENT = re.compile(r"--[^\n]*|/\*.*?(?:\*/|$)|#[^\n]*", re.S)
_SEMI, _BACKSLASH, _CREATE = TokenType.SEMICOLON, TokenType.BACKSLASH, TokenType.CREATE


def _blank(m: re.Match[str]) -> str:
    return "".join("\n" if c == "\n" else " " for c in m.group())


def _tokens(text: str, dialect: str) -> tuple[list[Token], int]:
    """sqlglot's tokens of `text`, and where they stop: at an unterminated string, comment or `$$` body the
    tokenizer gives up; the tokens before it stand and the rest is kept as written."""
    tokenizer = Dialect.get_or_raise(dialect).tokenizer()
    try:
        return tokenizer.tokenize(text), len(text)
    except TokenError:
        tokens = tokenizer.tokens
        return tokens, tokens[-1].end + 1 if tokens else 0


def _tokenized(text: str, dialect: str, split: bool = True) -> list[Statement]:
    """The statements of `text` at its `;` tokens (none when not `split`: a DELIMITER block's body)."""
    tokens, stop = _tokens(text, dialect)
    out: list[Statement] = []
    counted = [0, 0]  # (position, lines before it): positions only grow, so counting is linear

    def line_at(pos: int) -> int:
        counted[1] += text.count("\n", counted[0], pos)
        counted[0] = pos
        return counted[1]

    def emit(first: int, last: int, end: int) -> None:
        """tokens[first:last] as a statement ending at offset `end`; comments between tokens blanked."""
        a = tokens[first].start
        body = text[a:end]
        if "--" in body or "/*" in body or "#" in body:  # in a gap or in a token: only gaps are comments
            parts, cur = [], a
            for t in tokens[first:last]:
                parts.append(_COMMENT.sub(_blank, text[cur : t.start]))
                parts.append(text[t.start : t.end + 1])
                cur = t.end + 1
            parts.append(_COMMENT.sub(_blank, text[cur:end]) if last < len(tokens) or end <= stop else text[cur:end])
            body = "".join(parts)
        col = a - (text.rfind("\n", 0, a) + 1)
        out.append(Statement(" " * col + body.rstrip(), line_at(a)))

    first: int | None = None
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if first is None:
            if t.token_type is _SEMI:
                i += 1
                continue
            line_start = text.rfind("\n", 0, t.start) + 1
            if t.token_type is _BACKSLASH and not text[line_start : t.start].strip():  # a psql meta-command
                eol = text.find("\n", t.start)
                eol = len(text) if eol < 0 else eol
                out.append(Statement(text[t.start : eol].strip(), line_at(t.start), meta=True))
                while i < n and tokens[i].start < eol:
                    i += 1
                continue
            first = i
        elif split and t.token_type is _SEMI:
            body = text[tokens[first].start : t.start]
            inside = tokens[first].token_type is _CREATE and _TRIGGER.match(body) and not _END.search(body)
            if not inside:  # `;` inside a trigger body (BEGIN … END) does not end it
                emit(first, i, t.start)
                first = None
        i += 1
    rest = text[stop:]
    if first is not None:
        emit(first, n, len(text))
    elif rest.strip():  # an unterminated string or comment starts the last statement
        start = stop + len(rest) - len(rest.lstrip())
        col = start - (text.rfind("\n", 0, start) + 1)
        out.append(Statement(" " * col + text[start:].rstrip(), line_at(start)))
    return out


def _delimited(text: str) -> list[Statement]:
    """A MySQL script with `DELIMITER` lines: each is a client command (meta); between them, statements end
    at the current terminator: `;` through the tokenizer, any other (`$$`, `//`, `;;`) where the text has it
    outside strings and comments (the tokens tell)."""
    out: list[Statement] = []
    delimiter, pos = ";", 0

    def block(end: int) -> None:
        # Newlines stand for the text before the block, so that lines and columns stay the block's.
        pad = "\n" * text.count("\n", 0, pos)
        body = text[pos:end]
        if delimiter == ";":
            out.extend(_tokenized(pad + body, "mysql"))
            return
        prev = 0
        for cut in [*_terminators(body, delimiter), len(body)]:
            lead = "\n" * body.count("\n", 0, prev) + " " * _col(body, prev)
            out.extend(_tokenized(pad + lead + body[prev:cut], "mysql", split=False))
            prev = cut + len(delimiter)

    for m in _DELIMITER_LINE.finditer(text):
        if not _between(text[pos : m.start()], delimiter):
            continue  # a line inside a statement that starts with the word (a column `delimiter`)
        block(m.start())
        out.append(Statement(m.group().strip(), text.count("\n", 0, m.start()), meta=True))
        words = m.group().split(None, 1)  # a bare `DELIMITER` line names none: the default stays
        delimiter = words[1].strip() if len(words) > 1 and words[1].strip() else ";"
        pos = m.end()
    block(len(text))
    return out


_LITERALS = {
    TokenType.STRING,
    TokenType.IDENTIFIER,
    TokenType.NATIONAL_STRING,
    TokenType.BYTE_STRING,
    TokenType.HEX_STRING,
    TokenType.BIT_STRING,
    TokenType.RAW_STRING,
    TokenType.HEREDOC_STRING,
}


def _terminators(body: str, delimiter: str) -> list[int]:
    """Offsets of `delimiter` in `body` outside strings, quoted names and comments (`'http://…'` in a
    `DELIMITER //` block is no terminator); a terminator may end a word (`END$$` is one token)."""
    tokens, stop = _tokens(body, "mysql")
    out: list[int] = []
    k, at = 0, body.find(delimiter)
    while 0 <= at < stop:
        while k < len(tokens) and tokens[k].end < at:
            k += 1
        if k < len(tokens) and tokens[k].start <= at:
            free = tokens[k].token_type not in _LITERALS
        else:  # in the blanks and comments before tokens[k]
            gap = tokens[k - 1].end + 1 if k else 0
            free = not any(c.start() <= at < c.end() for c in _COMMENT.finditer(body, gap, at + 1))
        if free:
            out.append(at)
        at = body.find(delimiter, at + (len(delimiter) if free else 1))
    return out


def _between(body: str, delimiter: str) -> bool:
    """Whether `body` ends between statements: what it holds is terminated by `delimiter`."""
    tokens, stop = _tokens(body, "mysql")
    if body[stop:].strip():
        return False  # inside an unterminated string or comment
    if not tokens:
        return True
    end = tokens[-1].end + 1
    return body[end - len(delimiter) : end] == delimiter


def _col(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)
