"""Decorated TypeScript classes and enums (TypeORM, MikroORM entities), read from Drizzle's tokens as text.

`declarations(tokens)` finds, at the top level of a block, `[export] [abstract] class Name [extends Base] { … }`
with the decorators above it, and `[export] [const] enum Name { A = 'a', … }`. A class body is a list of
members: decorators (`@Name(args)`, the arguments parsed as expressions by `drizzle_syntax`), then a property
`name?: Type = init;`. Methods, constructors and accessors are skipped; a member that cannot be read is
reported with its line. Nothing is executed.
"""

from __future__ import annotations

from dataclasses import dataclass

from specgen.parse.drizzle_syntax import Node, SyntaxProblem, Token, parse_arguments, parse_expression

_MODIFIERS = {"public", "private", "protected", "readonly", "static", "declare", "abstract", "override", "accessor"}
_OPEN = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Decorator:
    name: str  # the last part of a dotted name: `Column` for `@Column`, `@typeorm.Column`
    args: tuple[Node, ...]
    line: int  # 0-based line in the block


@dataclass(frozen=True)
class Prop:
    """A class property: its decorators, `?` (optional), its type annotation as text, and its initializer."""

    name: str
    decorators: tuple[Decorator, ...]
    optional: bool
    type_words: tuple[str, ...]
    init: Node | None
    line: int

    def decorator(self, *names: str) -> Decorator | None:
        return next((d for d in self.decorators if d.name in names), None)


@dataclass(frozen=True)
class ClassDecl:
    name: str
    decorators: tuple[Decorator, ...]
    base: str | None
    props: tuple[Prop, ...]
    line: int  # the line of its first decorator, else of `class`
    problems: tuple[tuple[str, int], ...] = ()  # (what was not read, line)

    def decorator(self, *names: str) -> Decorator | None:
        return next((d for d in self.decorators if d.name in names), None)


@dataclass(frozen=True)
class EnumDecl:
    name: str
    members: tuple[tuple[str, str | None, bool], ...]  # (member, value, the value is a string)
    line: int


def declarations(tokens: list[Token]) -> list[ClassDecl | EnumDecl]:
    """The classes and enums at the top level of a token list, in order."""
    out: list[ClassDecl | EnumDecl] = []
    pending: list[Decorator] = []
    problems: list[tuple[str, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if _is_at(t) and i + 1 < n and tokens[i + 1].kind == "name":
            deco, i = _decorator(tokens, i, problems)
            if deco is not None:
                pending.append(deco)
            continue
        if t.kind == "name" and t.text == "class" and i + 1 < n and tokens[i + 1].kind == "name":
            decl, i = _class(tokens, i, tuple(pending), problems)
            problems = []
            pending = []
            if decl is not None:
                out.append(decl)
            continue
        if t.kind == "name" and t.text == "enum" and i + 2 < n and tokens[i + 1].kind == "name":
            if tokens[i + 2].text == "{":
                close = _matching(tokens, i + 2)
                out.append(EnumDecl(tokens[i + 1].text, _enum_members(tokens[i + 3 : close]), t.line))
                i = close + 1
                continue
        if t.kind == "punct" and t.text in _OPEN:
            i = _matching(tokens, i) + 1
        else:
            if t.kind == "name" and t.text not in ("export", "default", "abstract", "declare", "const"):
                pending = []
            i += 1
    return out


def _is_at(t: Token) -> bool:
    return t.kind == "op" and t.text == "@"


def _decorator(tokens: list[Token], i: int, problems: list[tuple[str, int]]) -> tuple[Decorator | None, int]:
    """`@Name`, `@ns.Name`, `@Name(args)` at `tokens[i]` (the `@`): the decorator, and the index after it."""
    line = tokens[i].line
    j = i + 1
    name = tokens[j].text
    j += 1
    while j + 1 < len(tokens) and tokens[j].text == "." and tokens[j + 1].kind == "name":
        name = tokens[j + 1].text
        j += 2
    if j < len(tokens) and tokens[j].kind == "punct" and tokens[j].text == "(":
        try:
            args, end = parse_arguments(tokens, j)
        except (SyntaxProblem, IndexError, RecursionError):
            problems.append((f"@{name}(…) not understood", line))
            return None, _past_arguments(tokens, j)
        return Decorator(name, args, line), end
    return Decorator(name, (), line), j


def _class(
    tokens: list[Token], i: int, decorators: tuple[Decorator, ...], problems: list[tuple[str, int]]
) -> tuple[ClassDecl | None, int]:
    line = decorators[0].line if decorators else tokens[i].line
    name = tokens[i + 1].text
    j = i + 2
    base: str | None = None
    while j < len(tokens) and tokens[j].text != "{":
        if tokens[j].text == "extends" and j + 1 < len(tokens) and tokens[j + 1].kind == "name":
            base = tokens[j + 1].text
        j += 1
    if j >= len(tokens):
        return None, j
    close = _matching(tokens, j)
    props, found = _members(tokens, j + 1, close)
    return ClassDecl(name, decorators, base, tuple(props), line, tuple(problems + found)), close + 1


def _members(tokens: list[Token], i: int, end: int) -> tuple[list[Prop], list[tuple[str, int]]]:
    props: list[Prop] = []
    problems: list[tuple[str, int]] = []
    pending: list[Decorator] = []
    while i < end:
        t = tokens[i]
        if _is_at(t) and i + 1 < end and tokens[i + 1].kind == "name":
            deco, i = _decorator(tokens, i, problems)
            if deco is not None:
                pending.append(deco)
            continue
        if t.text == ";" and t.kind == "punct":
            i += 1
            continue
        if t.kind == "name" and t.text in _MODIFIERS and i + 1 < end and tokens[i + 1].kind in ("name", "str"):
            i += 1
            continue
        if t.kind == "name" and t.text in ("get", "set", "async") and i + 1 < end and tokens[i + 1].kind == "name":
            i += 1  # an accessor or async method: the method's name follows
            continue
        if t.kind in ("name", "str"):
            after = tokens[i + 1] if i + 1 < end else None
            if after is not None and after.kind == "punct" and after.text in ("(", "<"):
                i = _skip_method(tokens, i + 1, end)
                pending = []
                continue
            prop, i = _property(tokens, i, end, tuple(pending))
            pending = []
            if prop is not None:
                props.append(prop)
            continue
        problems.append((f"'{t.text}' in a class body not understood", t.line))
        pending = []
        i = _skip_statement(tokens, i, end)
    return props, problems


def _property(tokens: list[Token], i: int, end: int, decorators: tuple[Decorator, ...]) -> tuple[Prop | None, int]:
    name, line = tokens[i].text, tokens[i].line
    i += 1
    optional = False
    if i < end and tokens[i].text in ("?", "!"):
        optional = tokens[i].text == "?"
        i += 1
    words: list[str] = []
    if i < end and tokens[i].text == ":":
        i += 1
        start = i
        depth = 0
        while i < end:
            t = tokens[i]
            if t.kind == "punct" and t.text in "([{<":
                depth += 1
            elif t.kind == "punct" and t.text in ")]}>":
                depth -= 1
            elif depth <= 0 and t.text in (";", "="):
                break
            elif depth <= 0 and i > start and t.line > tokens[i - 1].end_line and tokens[i - 1].text not in "|&,":
                if t.text not in ("|", "&"):
                    break  # the next member, on the next line (no semicolon)
            words.append(t.text)
            i += 1
    init: Node | None = None
    if i < end and tokens[i].text == "=":
        start = i + 1
        i = _skip_statement(tokens, start, end)
        init = parse_expression(tokens[start:i], tokens[start].line if start < end else line)
    return Prop(name, decorators, optional, tuple(words), init, line), i


def _skip_method(tokens: list[Token], i: int, end: int) -> int:
    """After a method's name: past its `(…)`, return type and `{ body }` (or `;` of an overload)."""
    while i < end and tokens[i].text != "(":
        i += 1  # type parameters
    i = _matching(tokens, i) + 1
    while i < end and not (tokens[i].kind == "punct" and tokens[i].text in ("{", ";")):
        i = _matching(tokens, i) + 1 if tokens[i].kind == "punct" and tokens[i].text in ("(", "[") else i + 1
    if i < end and tokens[i].text == "{":
        return _matching(tokens, i) + 1
    return i + 1


def _skip_statement(tokens: list[Token], i: int, end: int) -> int:
    """The index of the `;` (or line break at depth 0, or `end`) that ends the text starting at `i`."""
    start = i
    while i < end:
        t = tokens[i]
        if t.kind == "punct" and t.text in _OPEN:
            i = min(_matching(tokens, i) + 1, end)
            continue
        if t.text == ";" and t.kind == "punct":
            return i
        if i > start and t.line > tokens[i - 1].end_line and (t.kind == "name" or _is_at(t)):
            if tokens[i - 1].kind not in ("op",) and tokens[i - 1].text not in (".", ",", "=", "=>", "(", "?", ":"):
                return i
        i += 1
    return i


def _past_arguments(tokens: list[Token], i: int) -> int:
    """After arguments that could not be read: past their `)` when the brackets pair up, else past the line."""
    stack: list[str] = []
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.kind == "punct" and t.text in _OPEN:
            stack.append(_OPEN[t.text])
        elif t.kind == "punct" and t.text in ")]}":
            if not stack or stack.pop() != t.text:
                break
            if not stack:
                return j + 1
    line = tokens[i].line
    return next((j for j in range(i, len(tokens)) if tokens[j].line > line), len(tokens))


def _matching(tokens: list[Token], i: int) -> int:
    """The index of the bracket closing `tokens[i]` (the last token when it is not closed)."""
    depth = 0
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.kind == "punct" and t.text in _OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in ")]}":
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _enum_members(tokens: list[Token]) -> tuple[tuple[str, str | None, bool], ...]:
    """`A = 'a', B = 2, C`: (member, value, is a string); an unstated value counts on from the last number."""
    out: list[tuple[str, str | None, bool]] = []
    next_number: int | None = 0
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.kind not in ("name", "str"):
            i += 1
            continue
        name = t.text
        i += 1
        if i < len(tokens) and tokens[i].text == "=":
            value = tokens[i + 1] if i + 1 < len(tokens) else None
            neg = value is not None and value.text == "-" and i + 2 < len(tokens)
            if neg:
                value = tokens[i + 2]
            if value is not None and value.kind == "str":
                out.append((name, value.text, True))
                next_number = None
            elif value is not None and value.kind == "num" and _number(value.text) is not None:
                number = (_number(value.text) or 0) * (-1 if neg else 1)
                out.append((name, str(number), False))
                next_number = number + 1
            else:
                out.append((name, None, False))
                next_number = None
        else:
            out.append((name, str(next_number) if next_number is not None else None, False))
            next_number = next_number + 1 if next_number is not None else None
        while i < len(tokens) and tokens[i].text != ",":
            i += 1
        i += 1
    return tuple(out)


def _number(text: str) -> int | None:
    """`2`, `0x1F`, `1e3` -> the integer (None: not a whole number)."""
    try:
        return int(text, 0)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            return None
        return int(value) if value.is_integer() else None
