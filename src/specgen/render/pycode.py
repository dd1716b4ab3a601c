"""Python source pieces that are safe and already formatted the way `ruff format` writes them.

`py_str` is the only way a string from a spec enters generated code. `fmt` is the one layout engine, for
models and revisions alike: `Call`, `Kw`, `Dict`, `Tup` and `Lst` on one line when they fit, otherwise one
item per line with a trailing comma, which ruff keeps as it is (the "magic trailing comma") at any line
length of 88 or more. tests/test_pycode.py checks random trees against `ruff format`.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

LINE = 88  # ruff's default line length
WIDTH: ContextVar[int] = ContextVar("WIDTH", default=LINE)  # the line length a render lays out for


def layout_width(settings: Any) -> int:
    """The one line length generated Python (models and revisions alike) is laid out for: `[tool.specgen]
    line-length`, else ruff's default; never narrower than that default."""
    extra = getattr(settings, "extra", None) or {}
    return max(int(extra.get("line-length", extra.get("line_length", LINE))), LINE)


IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_identifier(name: str) -> bool:
    return bool(IDENT.match(name)) and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


_PLAIN = re.compile(r"[ !#-\[\]-~]*\Z")  # printable ASCII without quotes or backslashes: no escaping needed
_ESC = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_str(text: str) -> str:
    """A Python string literal for any text, quoted as ruff prefers (double quotes unless the text holds
    more double than single quotes). Non-printable characters are escaped, so nothing can end the literal."""
    if _PLAIN.match(text):
        return '"' + text + '"'
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for ch in text:
        if ch in _ESC:
            out.append(_ESC[ch])
        elif ch == quote:
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp", "Cf") or ch == "\x85":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def doc_text(text: str) -> str:
    """Text for inside a triple-quoted docstring: one line; backslashes doubled, double quotes made single,
    so that nothing can close the docstring."""
    clean = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp", "Cf") else ch for ch in text)
    one = " ".join(clean.split()).replace("\\", "\\\\").replace('"', "'")
    return one or "-"


@dataclass
class Call:
    func: str
    args: Sequence[Expr] = field(default_factory=list)  # Sequence: a list[str] is a list of Expr too
    kwargs: Sequence[tuple[str, Expr]] = field(default_factory=list)
    explode: bool = False  # one argument a line even where it fits (`op.create_table`, as autogenerate writes it)
    tail: str = ""  # text after the closing parenthesis: `.ddl_if(dialect="postgresql")`
    # Too long: every argument on one line inside the parentheses if they fit there, without a trailing comma
    # (ruff's split where no magic comma is wanted: `with op.batch_alter_table(...)`).
    hug: bool = False


@dataclass
class Kw:
    """`name=value` among positional arguments, in the order written, where the value may need laying out
    (an enum type's call): `Call.kwargs` come after every argument."""

    name: str
    value: Expr


@dataclass
class Dict:
    items: list[tuple[str, Expr]]  # (key literal, value)


@dataclass
class Tup:
    items: list[Expr]


@dataclass
class Lst:
    items: list[Expr]


Expr = str | Call | Dict | Tup | Lst | Kw


def flat(e: Expr, cache: dict[int, str] | None = None) -> str:
    """`e` on one line. `cache` keeps the text of every node by id, so that `fmt` flattens each node once."""
    if isinstance(e, str):
        return e
    return _flat(e, {} if cache is None else cache)


def _flat(e: Call | Dict | Tup | Lst | Kw, cache: dict[int, str]) -> str:
    # Most leaves are strings: they are taken as they are here rather than through a call each (the layout
    # of a 1,000-table model flattens some 100,000 of them).
    if isinstance(e, Call):
        parts = [a if isinstance(a, str) else _flat(a, cache) for a in e.args]
        if e.kwargs:
            parts += [f"{k}={v if isinstance(v, str) else _flat(v, cache)}" for k, v in e.kwargs]
        text = f"{e.func}({', '.join(parts)}){e.tail}"
    elif isinstance(e, Kw):
        v = e.value
        text = f"{e.name}={v if isinstance(v, str) else _flat(v, cache)}"
    elif isinstance(e, Dict):
        text = "{" + ", ".join(f"{k}: {v if isinstance(v, str) else _flat(v, cache)}" for k, v in e.items) + "}"
    else:
        inner = ", ".join(i if isinstance(i, str) else _flat(i, cache) for i in e.items)
        if isinstance(e, Lst):
            text = "[" + inner + "]"
        elif len(e.items) == 1:
            text = "(" + inner + ",)"
        else:
            text = "(" + inner + ")"
    cache[id(e)] = text
    return text


def fmt(e: Expr, indent: int = 0, prefix: str = "", suffix: str = "", *, explode: bool = False) -> list[str]:
    """Lines of `prefix + e + suffix` at `indent` spaces, split the way ruff format splits it."""
    one = " " * indent + prefix
    if isinstance(e, str):
        return [one + e + suffix]
    cache: dict[int, str] = {}
    one += _flat(e, cache) + suffix
    if len(one) <= WIDTH.get() and not explode and not (isinstance(e, Call) and e.explode):
        return [one]  # most calls fit on their line: no layout to work out
    return _fmt(e, indent, prefix, suffix, explode, cache, WIDTH.get())


def _fmt(e: Expr, indent: int, prefix: str, suffix: str, explode: bool, cache: dict[int, str], width: int) -> list[str]:
    pad = " " * indent
    one = pad + prefix + (e if isinstance(e, str) else cache[id(e)]) + suffix
    if isinstance(e, str) or (len(one) <= width and not explode and not (isinstance(e, Call) and e.explode)):
        return [one]
    if isinstance(e, Kw):
        return _fmt(e.value, indent, f"{prefix}{e.name}=", suffix, explode, cache, width)
    if isinstance(e, Call):
        opener, closer = e.func + "(", ")" + e.tail
        items: list[tuple[str, Expr]] = [("", a) for a in e.args] + [(f"{k}=", v) for k, v in e.kwargs]
    elif isinstance(e, Dict):
        opener, closer = "{", "}"
        items = [(f"{k}: ", v) for k, v in e.items]
    elif isinstance(e, Lst):
        opener, closer = "[", "]"
        items = [("", i) for i in e.items]
    else:
        opener, closer = "(", ")"
        items = [("", i) for i in e.items]
    if not items:
        return [one]
    if isinstance(e, Call) and e.hug and not e.tail and not explode:  # ruff splits a chain's last call instead
        inner = pad + "    " + ", ".join(key + (v if isinstance(v, str) else cache[id(v)]) for key, v in items)
        if len(inner) <= width:
            return [pad + prefix + opener, inner, pad + closer + suffix]
    lines = [pad + prefix + opener]
    inner_pad = pad + "    "
    for key, item in items:
        if isinstance(item, str):  # a leaf is one line, whatever its length (as _fmt would return it)
            lines.append(inner_pad + key + item + ",")
        else:
            lines += _fmt(item, indent + 4, key, ",", False, cache, width)
    lines.append(pad + closer + suffix)
    return lines


def ternary(indent: int, key: str, value: str, cond: str, other: str = "None", suffix: str = ",") -> list[str]:
    """`key: value if cond else other` as ruff lays it out when it is too long for one line."""
    pad = " " * indent
    one = f"{pad}{key}{value} if {cond} else {other}{suffix}"
    if len(one) <= WIDTH.get():
        return [one]
    inner = f"{pad}    {value} if {cond} else {other}"
    if len(inner) <= WIDTH.get():
        return [f"{pad}{key}(", inner, f"{pad}){suffix}"]
    return [f"{pad}{key}(", f"{pad}    {value}", f"{pad}    if {cond}", f"{pad}    else {other}", f"{pad}){suffix}"]
