"""A small tokenizer and bracket grouper for C-like code (C#, Java, Kotlin), read as text, never run.

`tokenize` makes names, strings, numbers and punctuation with their line (comments dropped; a string that is
not closed ends at its line). `group` nests the tokens inside (), [] and {} into `Group`s without recursion
(an unbalanced bracket closes at the end; a stray closer is dropped), so any input gives a tree. The helpers
read the shapes the entity readers need: statements, annotation arguments, lambdas' member names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<text>\"\"\"(?:.|\n)*?(?:\"\"\"|\Z))
  | (?P<str>[@$]{0,2}\"(?:\\.|\"\"|[^\"\\\n])*(?:\"|$))
  | (?P<char>'(?:\\.|[^'\\\n]){0,6}')
  | (?P<num>\d[\w.]*)
  | (?P<name>[@]?[A-Za-z_]\w*)
  | (?P<punct>=>|->|\?\.|::|\?\?|==|!=|<=|>=|&&|\|\||.)
    """,
    re.VERBOSE | re.MULTILINE,
)
_CLOSE = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class Tok:
    kind: str  # name | str | num | punct
    text: str
    line: int  # 0-based line in the code


@dataclass
class Group:
    open: str
    line: int
    items: list[Item] = field(default_factory=list)


Item = Tok | Group


def tokenize(text: str) -> list[Tok]:
    out: list[Tok] = []
    line = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        value = m.group()
        if kind not in ("space", "comment"):
            if kind in ("text", "char"):
                kind = "str"
            out.append(Tok(kind, value, line))
        line += value.count("\n")
    return out


def group(tokens: list[Tok]) -> list[Item]:
    """The tokens with bracketed runs nested (iteratively: no depth limit)."""
    root = Group("", 0)
    stack = [root]
    for t in tokens:
        if t.kind == "punct" and t.text in _CLOSE:
            g = Group(t.text, t.line)
            stack[-1].items.append(g)
            stack.append(g)
        elif t.kind == "punct" and t.text in _CLOSE.values():
            for depth in range(len(stack) - 1, 0, -1):
                if _CLOSE[stack[depth].open] == t.text:
                    del stack[depth:]
                    break
        else:
            stack[-1].items.append(t)
    return root.items


def is_tok(item: Item | None, text: str) -> bool:
    return isinstance(item, Tok) and item.text == text


def is_group(item: Item | None, open_: str) -> bool:
    return isinstance(item, Group) and item.open == open_


def line_of(item: Item) -> int:
    return item.line


def statements(items: list[Item]) -> list[list[Item]]:
    """`;`-ended statements; a `{…}` block ends one unless the statement is an initializer (`= {…}`) or
    goes on with `=` (a C# property's `{ get; set; } = …;`)."""
    out: list[list[Item]] = []
    current: list[Item] = []
    assigns = declares = False  # whether `current` has a top-level `=`/`=>`, a type keyword (kept as it grows)
    for i, item in enumerate(items):
        if is_tok(item, ";"):
            if current:
                out.append(current)
            current, assigns, declares = [], False, False
            continue
        if is_group(item, "{"):
            current.append(item)
            nxt = items[i + 1] if i + 1 < len(items) else None
            if is_tok(nxt, "=") or is_tok(nxt, ";") or is_tok(nxt, ",") or is_tok(nxt, ")"):
                continue
            if assigns and not declares:
                continue
            out.append(current)
            current, assigns, declares = [], False, False
            continue
        current.append(item)
        if isinstance(item, Tok):
            assigns = assigns or item.text in ("=", "=>")
            declares = declares or item.text in _TYPE_WORDS
    if current:
        out.append(current)
    return out


_TYPE_WORDS = frozenset({"class", "record", "struct", "interface", "enum"})


def split(items: list[Item], sep: str = ",") -> list[list[Item]]:
    """Items split at `sep` (top level only: groups hold their own commas)."""
    out: list[list[Item]] = [[]]
    for item in items:
        if is_tok(item, sep):
            out.append([])
        else:
            out[-1].append(item)
    return [part for part in out if part]


def arguments(g: Group | None) -> tuple[list[list[Item]], dict[str, list[Item]]]:
    """`(a, b, name = c, other: d)` -> positional [[a], [b]], named {name: [c], other: [d]}."""
    positional: list[list[Item]] = []
    named: dict[str, list[Item]] = {}
    if g is None:
        return positional, named
    for part in split(g.items):
        if len(part) >= 3 and isinstance(part[0], Tok) and part[0].kind == "name" and is_tok(part[1], "="):
            named[part[0].text] = part[2:]
        elif len(part) >= 3 and isinstance(part[0], Tok) and part[0].kind == "name" and is_tok(part[1], ":"):
            named[part[0].text] = part[2:]
        else:
            positional.append(part)
    return positional, named


def unquote(text: str) -> str:
    """A C#/Java/Kotlin string literal's value (escapes other than \\" and \\\\ kept as written)."""
    body = text.lstrip("@$")
    verbatim = text.startswith("@") or text.startswith("$@")
    if body.startswith('"""'):
        return body[3:].removesuffix('"""')
    if body.startswith("'"):
        return body[1:].removesuffix("'")
    body = body[1:].removesuffix('"')
    return body.replace('""', '"') if verbatim else body.replace('\\"', '"').replace("\\\\", "\\")


def string_of(items: list[Item] | None) -> str | None:
    """The value of a string literal (or `nameof(X)`, which is the name X), else None."""
    if not items:
        return None
    first = items[0]
    if isinstance(first, Tok) and first.kind == "str" and len(items) == 1:
        return unquote(first.text)
    if is_tok(first, "nameof") and len(items) == 2 and isinstance(items[1], Group):
        names = [t.text for t in items[1].items if isinstance(t, Tok) and t.kind == "name"]
        return names[-1] if names else None
    return None


def strings_of(items: list[Item] | None) -> list[str]:
    """Every string literal inside `items` (`{"a", "b"}`, `["a"]`, `arrayOf("a")`), in order."""
    out: list[str] = []
    stack: list[Item] = list(reversed(items or []))
    while stack:
        item = stack.pop()
        if isinstance(item, Group):
            stack.extend(reversed(item.items))
        elif item.kind == "str":
            out.append(unquote(item.text))
    return out


def int_of(items: list[Item] | None) -> int | None:
    if items and len(items) == 1 and isinstance(items[0], Tok) and items[0].kind == "num":
        digits = items[0].text.rstrip("LlUuDdFfMm")
        return int(digits) if digits.isdigit() and len(digits) <= 9 else None
    return None


def bool_of(items: list[Item] | None) -> bool | None:
    if items and len(items) == 1 and isinstance(items[0], Tok) and items[0].text in ("true", "false"):
        return items[0].text == "true"
    return None


def last_name(items: list[Item] | None) -> str | None:
    """`GenerationType.IDENTITY` -> IDENTITY, `DeleteBehavior.Cascade` -> Cascade."""
    names = [t.text for t in items or [] if isinstance(t, Tok) and t.kind == "name"]
    return names[-1] if names else None


def lambda_members(items: list[Item]) -> list[str]:
    """`x => x.Id` -> [Id]; `x => new { x.A, x.B }` / `new[] { x.A }` -> [A, B]; `"Name"` -> [Name]."""
    if len(items) == 1 and isinstance(items[0], Tok) and items[0].kind == "str":
        return [unquote(items[0].text)]
    arrow = next((i for i, x in enumerate(items) if is_tok(x, "=>")), None)
    if arrow is None or arrow == 0:
        return strings_of(items)
    param = items[arrow - 1]
    if isinstance(param, Group):
        param = next((t for t in param.items if isinstance(t, Tok) and t.kind == "name"), Tok("name", "", 0))
    body = items[arrow + 1 :]
    out: list[str] = []
    stack: list[Item] = list(reversed(body))
    flat: list[Tok] = []
    while stack:
        item = stack.pop()
        if isinstance(item, Group):
            stack.extend(reversed(item.items))
        else:
            flat.append(item)
    for i in range(len(flat) - 2):
        if flat[i].text == param.text and flat[i + 1].text == "." and flat[i + 2].kind == "name":
            out.append(flat[i + 2].text)
    return out


def type_parts(items: list[Item]) -> tuple[str, list[str], bool, bool]:
    """A declared type as written (`ICollection<OrderLine>`, `int?`, `byte[]`, `java.util.List<Line>`, Kotlin's
    `String?`): its base name without the namespace, its direct generic arguments' base names, whether `?` follows it
    and whether `[]` does. Annotations among the items (`@NotNull String`) are not part of it."""
    names: list[str] = []
    args: list[str] = []
    depth = 0
    nullable = array = False
    for x in items:
        if isinstance(x, Group):
            array = array or (x.open == "[" and depth == 0)
        elif x.text == "<":
            depth += 1
        elif x.text == ">":
            depth -= 1
        elif x.text == "?" and depth == 0:
            nullable = True
        elif x.kind == "name" and not x.text.startswith("@") and depth == 0:
            names.append(x.text)
        elif x.kind == "name" and depth == 1:
            args.append(x.text)
    return (names[-1] if names else "?"), args, nullable, array


def show(items: list[Item], limit: int = 60) -> str:
    """The items as text, for messages."""
    parts: list[str] = []
    stack: list[Item | str] = list(reversed(items))
    while stack and sum(len(p) + 1 for p in parts) < limit:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, Group):
            stack.append(_CLOSE[item.open])
            stack.extend(reversed(item.items))
            stack.append(item.open)
        else:
            parts.append(item.text)
    text = " ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"
