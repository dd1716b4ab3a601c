"""The TypeScript subset Drizzle schemas are written in, read as text: tokens, then expression trees.

Nothing is executed. The parser knows names, strings, numbers, template literals (`sql\\`…\\``, with their
`${…}` parts parsed too), arrays, object literals (spreads and shorthand included), calls (with type
arguments `<T>` skipped), member access and arrow functions (an expression body, or the expression a block
body returns). Anything else (operators, `new`, type annotations) becomes a `Raw` node holding its text, up
to the next `,`, `)`, `]`, `}` or `;` — enough for a reader that only looks at table definitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PUNCT = ("=>", "...", "?.", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=", "<", ">", "!", "?")
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(r"(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?n?)")
_CLOSE = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Token:
    kind: str  # name | str | num | tpl | punct | op
    text: str  # the value of a string; the source text otherwise
    line: int  # 0-based line in the text
    end_line: int
    parts: tuple[str, ...] = ()  # a template literal: its text pieces (one more than its expressions)
    exprs: tuple[tuple[Token, ...], ...] = ()  # …and the tokens of each `${…}`


class SyntaxProblem(Exception):
    """Text the parser cannot read: the statement holding it is skipped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Comments:
    """`// comments` by their (0-based) line, and `/** doc comments */` by the line they end on."""

    line: dict[int, str] = field(default_factory=dict)
    doc: dict[int, str] = field(default_factory=dict)


def tokenize(text: str) -> tuple[list[Token], Comments]:
    """The tokens of `text`, and its comments."""
    lexer = _Lexer(text)
    tokens = lexer.run()
    return tokens, lexer.comments


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text, self.i, self.line = text, 0, 0
        self.comments = Comments()

    def run(self, until_brace: bool = False) -> list[Token]:
        out: list[Token] = []
        depth = 0
        text, n = self.text, len(self.text)
        while self.i < n:
            ch = text[self.i]
            if ch == "\n":
                self.line += 1
                self.i += 1
            elif ch.isspace():
                self.i += 1
            elif text.startswith("//", self.i):
                end = text.find("\n", self.i)
                end = n if end < 0 else end
                self.comments.line[self.line] = text[self.i + 2 : end].strip()
                self.i = end
            elif text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                end = n if end < 0 else end + 2
                body = text[self.i : end]
                self.line += body.count("\n")
                if body.startswith("/**"):
                    self.comments.doc[self.line] = _doc(body)
                self.i = end
            elif ch in "'\"`":
                out.append(self.quoted(ch))
            elif until_brace and ch == "}" and depth == 0:
                self.i += 1
                return out
            elif m := _WORD.match(text, self.i):
                out.append(Token("name", m.group(), self.line, self.line))
                self.i = m.end()
            elif m := _NUMBER.match(text, self.i):
                out.append(Token("num", m.group().replace("_", "").rstrip("n"), self.line, self.line))
                self.i = m.end()
            else:
                p = next((p for p in _PUNCT if text.startswith(p, self.i)), None)
                if p in ("{", "(", "["):
                    depth += 1
                elif p in ("}", ")", "]"):
                    depth -= 1
                kind = "punct" if p is not None else "op"
                out.append(Token(kind, p or ch, self.line, self.line))
                self.i += len(p or ch)
        return out

    def quoted(self, quote: str) -> Token:
        """A string or template literal; an unclosed quote (an apostrophe in a regex) is a lone operator."""
        i, line = self.i, self.line
        try:
            return self.template() if quote == "`" else self.string(quote)
        except SyntaxProblem:
            self.i, self.line = i + 1, line
            return Token("op", quote, line, line)

    def string(self, quote: str) -> Token:
        start_line, j, text, buf = self.line, self.i + 1, self.text, []
        while j < len(text) and text[j] != quote and text[j] != "\n":
            if text[j] == "\\" and j + 1 < len(text):
                buf.append(_ESCAPES.get(text[j + 1], text[j + 1]))
                j += 2
                continue
            buf.append(text[j])
            j += 1
        if j >= len(text) or text[j] != quote:
            raise SyntaxProblem("string not closed", start_line)
        self.i = j + 1
        return Token("str", "".join(buf), start_line, start_line)

    def template(self) -> Token:
        start_line, text = self.line, self.text
        parts: list[str] = []
        exprs: list[tuple[Token, ...]] = []
        buf: list[str] = []
        self.i += 1
        while True:
            if self.i >= len(text):
                raise SyntaxProblem("template literal not closed", start_line)
            ch = text[self.i]
            if ch == "`":
                self.i += 1
                break
            if ch == "\\" and self.i + 1 < len(text):
                buf.append(text[self.i : self.i + 2] if text[self.i + 1] != "`" else "`")
                self.i += 2
                continue
            if text.startswith("${", self.i):
                parts.append("".join(buf))
                buf = []
                self.i += 2
                inner = self.run(until_brace=True)
                exprs.append(tuple(inner))
                continue
            if ch == "\n":
                self.line += 1
            buf.append(ch)
            self.i += 1
        parts.append("".join(buf))
        return Token("tpl", "".join(parts), start_line, self.line, tuple(parts), tuple(exprs))


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _doc(comment: str) -> str:
    """`/** A person. */` -> `A person.`."""
    body = comment[3:-2] if comment.endswith("*/") else comment[3:]
    lines = [ln.strip().lstrip("*").strip() for ln in body.split("\n")]
    return " ".join(ln for ln in lines if ln)


# --- expression trees ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    line: int


@dataclass(frozen=True)
class Name(Node):
    name: str


@dataclass(frozen=True)
class Str(Node):
    value: str


@dataclass(frozen=True)
class Num(Node):
    text: str


@dataclass(frozen=True)
class Tpl(Node):
    """A template literal, tagged (`sql\\`…\\``) or not: text pieces around its `${…}` expressions."""

    tag: Node | None
    parts: tuple[str, ...]
    exprs: tuple[Node, ...]


@dataclass(frozen=True)
class Arr(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Obj(Node):
    """An object literal: (key, value) pairs; a spread `...x` has the key None."""

    entries: tuple[tuple[str | None, Node], ...]
    key_lines: tuple[int, ...] = ()  # the line of each entry's key
    end_line: int = 0  # the line of its `}`


@dataclass(frozen=True)
class Call(Node):
    callee: Node
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Member(Node):
    obj: Node
    prop: str


@dataclass(frozen=True)
class Arrow(Node):
    params: tuple[str, ...]
    body: Node


@dataclass(frozen=True)
class Raw(Node):
    text: str


@dataclass(frozen=True)
class Statement:
    """A top-level `[export] const|let|var name = expression` (name None: `export default expression`)."""

    name: str | None
    value: Node
    line: int
    end_line: int
    text: str = ""  # the statement's source words, for telling what a skipped statement was
    problem: SyntaxProblem | None = field(default=None)


def statements(tokens: list[Token]) -> list[Statement]:
    """The top-level declarations of a token list; one the parser cannot read carries its problem."""
    out: list[Statement] = []
    i, depth, n = 0, 0, len(tokens)
    while i < n:
        t = tokens[i]
        if t.text == "export" and (i == 0 or tokens[i - 1].end_line < t.line):
            depth = 0  # a line starting with `export` is a new statement, whatever an unreadable one left open
        if t.kind == "punct" and t.text in "([{":
            depth += 1
        elif t.kind == "punct" and t.text in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and t.kind == "name" and t.text in ("const", "let", "var") and i + 1 < n:
            j = i + 2
            if tokens[i + 1].kind == "name" and j < n and tokens[j].text == ":":
                j = _skip_type(tokens, j + 1)
            if tokens[i + 1].kind == "name" and j < n and tokens[j].text == "=":
                statement, end = _statement(tokens, tokens[i + 1].text, j + 1, t.line)
                out.append(statement)
                if statement.problem is None:
                    i = end
                    continue
        elif depth == 0 and t.text == "default" and i > 0 and tokens[i - 1].text == "export":
            statement, end = _statement(tokens, None, i + 1, t.line)
            out.append(statement)
            if statement.problem is None:
                i = end
                continue
        i += 1
    return out


def _statement(tokens: list[Token], name: str | None, start: int, line: int) -> tuple[Statement, int]:
    """The statement whose expression starts at `start`, and the index after it."""
    parser = _Parser(tokens, start)
    words = " ".join(t.text for t in tokens[start : start + 6])
    try:
        value = parser.expression()
    except SyntaxProblem as exc:
        return Statement(name, Raw(line, ""), line, exc.line, words, exc), start
    except RecursionError:
        return Statement(name, Raw(line, ""), line, line, words, SyntaxProblem("nested too deeply", line)), start
    except IndexError:
        last = tokens[-1].end_line if tokens else line
        return Statement(name, Raw(line, ""), line, last, words, SyntaxProblem("text ends inside it", last)), start
    end_line = tokens[parser.i - 1].end_line if parser.i > 0 else line
    return Statement(name, value, line, end_line, words), parser.i


def _skip_type(tokens: list[Token], i: int) -> int:
    """The index of the `=` (or delimiter) after a type annotation starting at `i`."""
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind == "punct" and t.text in "([{<":
            depth += 1
        elif t.kind == "punct" and t.text in ")]}>":
            depth -= 1
        elif depth <= 0 and t.text in ("=", ";"):
            return i
        i += 1
    return i


def parse_expression(tokens: tuple[Token, ...] | list[Token], line: int) -> Node:
    """One expression (a template literal's `${…}`); text it cannot read is Raw."""
    try:
        return _Parser(list(tokens), 0).expression()
    except (SyntaxProblem, IndexError, RecursionError):
        return Raw(line, " ".join(t.text for t in tokens))


def parse_arguments(tokens: list[Token], i: int) -> tuple[tuple[Node, ...], int]:
    """The arguments of the call whose `(` is `tokens[i]` (a decorator's), and the index after its `)`.
    Raises SyntaxProblem (or IndexError, RecursionError) when they cannot be read."""
    parser = _Parser(tokens, i)
    parser.expect("(")
    args = tuple(parser.items(")"))
    return args, parser.i


class _Parser:
    def __init__(self, tokens: list[Token], i: int) -> None:
        self.tokens, self.i = tokens, i

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if j < len(self.tokens) else None

    def at(self, text: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind in ("punct", "name") and t.text == text

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def expect(self, text: str) -> Token:
        t = self.peek()
        if t is None or t.text != text or t.kind not in ("punct", "name"):
            line = t.line if t is not None else (self.tokens[-1].end_line if self.tokens else 0)
            raise SyntaxProblem(f"expected '{text}'", line)
        return self.take()

    def expression(self) -> Node:
        start = self.i
        node = self.postfix(self.primary())
        while self.at("as") or self.at("satisfies"):
            self.take()
            self.i = self.skip_type()
        t = self.peek()
        if t is None or (t.kind == "punct" and t.text in (",", ")", "]", "}", ";")):
            return node
        if t.kind == "name" and t.line > self.tokens[self.i - 1].end_line:
            return node  # the next statement (no semicolon): JavaScript inserts one at the line break
        return self.raw_from(start)

    def raw_from(self, start: int) -> Raw:
        """Everything from `start` to the next delimiter at this depth, as text."""
        self._to_delimiter("([{", ")]}")
        words = self.tokens[start : self.i]
        return Raw(words[0].line if words else 0, " ".join(_show(t) for t in words))

    def skip_type(self) -> int:
        """Past a type annotation (its `<…>` nest too), to the delimiter after it."""
        return self._to_delimiter("([{<", ")]}>")

    def _to_delimiter(self, opens: str, closes: str) -> int:
        """Moves to the next `,` or `;` at this depth, or to the bracket that closes it; brackets in `opens` and
        `closes` nest."""
        depth = 0
        while self.i < len(self.tokens):
            t = self.tokens[self.i]
            if t.kind == "punct" and t.text in opens:
                depth += 1
            elif t.kind == "punct" and t.text in closes:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and t.kind == "punct" and t.text in (",", ";"):
                break
            self.i += 1
        return self.i

    def primary(self) -> Node:
        t = self.peek()
        if t is None:
            raise IndexError
        if t.kind == "str":
            self.take()
            return Str(t.line, t.text)
        if t.kind == "num":
            self.take()
            return Num(t.line, t.text)
        if t.kind == "tpl":
            self.take()
            return self.template(t, None)
        if t.kind == "name":
            if t.text == "async" and self.peek(1) is not None and self.peek(1).line == t.line:  # type: ignore[union-attr]
                self.take()
                return self.primary()
            if self.at("=>", 1):
                self.take()
                self.take()
                return Arrow(t.line, (t.text,), self.arrow_body())
            self.take()
            return Name(t.line, t.text)
        if t.kind == "punct" and t.text == "(":
            close = self.matching(self.i)
            after = close + 1
            if after < len(self.tokens) and self.tokens[after].text == ":":
                after = self.arrow_after_type(after + 1)
            if after < len(self.tokens) and self.tokens[after].text == "=>":
                params = self.params(self.i + 1, close)
                self.i = after + 1
                return Arrow(t.line, params, self.arrow_body())
            self.take()
            inner = self.expression()
            self.expect(")")
            return inner
        if t.kind == "punct" and t.text == "[":
            self.take()
            return Arr(t.line, tuple(self.items("]")))
        if t.kind == "punct" and t.text == "{":
            return self.object()
        if t.kind == "op" and t.text == "-" and self.peek(1) is not None and self.peek(1).kind == "num":  # type: ignore[union-attr]
            self.take()
            n = self.take()
            return Num(t.line, "-" + n.text)
        raise SyntaxProblem(f"unexpected '{_show(t)}'", t.line)

    def arrow_after_type(self, i: int) -> int:
        """After `(params):`, the index of the `=>` that ends the return type (or of where it is missing)."""
        depth = 0
        while i < len(self.tokens):
            t = self.tokens[i]
            if t.kind == "punct" and t.text in "([{<":
                depth += 1
            elif t.kind == "punct" and t.text in ")]}>":
                depth -= 1
            elif depth <= 0 and t.text in ("=>", ",", ";"):
                return i
            i += 1
        return i

    def matching(self, i: int) -> int:
        depth = 0
        for j in range(i, len(self.tokens)):
            t = self.tokens[j]
            if t.kind == "punct" and t.text in "([{":
                depth += 1
            elif t.kind == "punct" and t.text in ")]}":
                depth -= 1
                if depth == 0:
                    return j
        raise SyntaxProblem("bracket not closed", self.tokens[i].line)

    def params(self, start: int, end: int) -> tuple[str, ...]:
        names: list[str] = []
        expecting = True
        depth = 0
        for t in self.tokens[start:end]:
            if t.kind == "punct" and t.text in "([{<":
                depth += 1
            elif t.kind == "punct" and t.text in ")]}>":
                depth -= 1
            elif depth == 0 and t.text == ",":
                expecting = True
            elif depth == 0 and expecting and t.kind == "name":
                names.append(t.text)
                expecting = False
            elif depth == 0 and t.text == ":":
                expecting = False
        return tuple(names)

    def arrow_body(self) -> Node:
        if not self.at("{"):
            return self.expression()
        start = self.i
        close = self.matching(self.i)
        for j in range(self.i + 1, close):
            if self.tokens[j].kind == "name" and self.tokens[j].text == "return":
                self.i = j + 1
                try:
                    body = self.expression()
                except SyntaxProblem:
                    body = Raw(self.tokens[j].line, "")
                self.i = close + 1
                return body
        self.i = close + 1
        return Raw(self.tokens[start].line, "{…}")

    def items(self, close: str) -> list[Node]:
        out: list[Node] = []
        while not self.at(close):
            if self.at("..."):
                self.take()
            out.append(self.expression())
            if not self.at(close):
                self.expect(",")
        self.take()
        return out

    def object(self) -> Obj:
        first = self.expect("{")
        entries: list[tuple[str | None, Node]] = []
        lines: list[int] = []
        while not self.at("}"):
            t = self.peek()
            if t is None:
                raise IndexError
            lines.append(t.line)
            if self.at("..."):
                self.take()
                entries.append((None, self.expression()))
            else:
                key = self.key()
                if self.at("?"):
                    self.take()
                if self.at(":"):
                    self.take()
                    entries.append((key, self.expression()))
                elif self.at("("):  # a method: kept as the function of what its body returns
                    self.i = self.matching(self.i) + 1
                    while self.peek() is not None and not self.at("{") and not self.at("}"):
                        self.take()  # a return type
                    body = self.arrow_body() if self.at("{") else Raw(t.line, "")
                    entries.append((key, Arrow(t.line, (), body)))
                else:
                    entries.append((key, Name(t.line, key)))  # shorthand `{ a }`
            if not self.at("}"):
                self.expect(",")
        last = self.take()
        return Obj(first.line, tuple(entries), tuple(lines), last.line)

    def key(self) -> str:
        t = self.take()
        if t.kind in ("name", "str", "num"):
            return t.text
        if t.kind == "punct" and t.text == "[":
            inner = self.expression()
            self.expect("]")
            return inner.value if isinstance(inner, Str) else "[computed]"
        raise SyntaxProblem(f"unexpected '{_show(t)}' in an object", t.line)

    def postfix(self, node: Node) -> Node:
        while True:
            t = self.peek()
            if t is None:
                return node
            if t.kind == "punct" and t.text in (".", "?.") and self.peek(1) is not None:
                self.take()
                if self.at("("):  # `f?.(x)`
                    continue
                prop = self.take()
                node = Member(prop.line, node, prop.text)
            elif t.kind == "punct" and t.text == "(":
                self.take()
                node = Call(t.line, node, tuple(self.items(")")))
            elif t.kind == "tpl":
                self.take()
                node = self.template(t, node)
            elif t.kind == "punct" and t.text == "<" and self.type_arguments():
                continue
            elif t.kind == "punct" and t.text == "!" and not self.at("=", 1):
                self.take()  # a non-null assertion
            elif t.kind == "punct" and t.text == "[" and t.line == self.tokens[self.i - 1].end_line:
                self.take()
                index = self.expression()
                self.expect("]")
                node = Member(t.line, node, index.value if isinstance(index, Str) else "[index]")
            else:
                return node

    def type_arguments(self) -> bool:
        """Skip `<T, U>` before a call's `(`; False (nothing skipped) when the `<` is a comparison."""
        depth, j = 0, self.i
        while j < len(self.tokens):
            t = self.tokens[j]
            if t.kind == "punct" and t.text in "<([{":
                depth += 1
            elif t.kind == "punct" and t.text in ">)]}":
                depth -= 1
                if depth == 0:
                    break
            elif t.kind == "punct" and t.text == ";" and depth == 1:
                return False  # `a < b;`: a comparison (`$type<{ a: string; b: number }>()` has its `;` deeper)
            j += 1
        if j + 1 < len(self.tokens) and self.tokens[j].text == ">" and self.tokens[j + 1].text == "(":
            self.i = j + 1
            return True
        return False

    def template(self, t: Token, tag: Node | None) -> Tpl:
        exprs = tuple(parse_expression(tokens, t.line) for tokens in t.exprs)
        return Tpl(t.line, tag, t.parts, exprs)


def _show(t: Token) -> str:
    if t.kind == "str":
        return "'" + t.text.replace("'", "\\'") + "'"
    if t.kind == "tpl":
        return "`" + t.text + "`"
    return t.text
