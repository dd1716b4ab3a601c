"""py_str, the one function that turns text into a Python string literal (models and revisions alike)."""

from __future__ import annotations

import ast
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from specgen.render.pycode import py_str

# Characters that must never stand raw in generated code: controls (DEL and C1 included), surrogates, line and
# paragraph separators (U+2028 ends a line for some editors), and format characters (U+200B, bidi overrides).
HIDDEN = ("Cc", "Cs", "Zl", "Zp", "Cf")


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
@example("\x7f")
@example("a\u2028b\u2029c")
@example("zero\u200bwidth\u202eRTL")
@example("\ud800 lone surrogate")
@example('both \' and " quotes, more "double" ones')
@example("back\\slash\n\r\t\x00\x85")
def test_literal_evaluates_back_and_hides_nothing(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal and "\r" not in literal  # one physical line
    raw = [ch for ch in literal if unicodedata.category(ch) in HIDDEN]
    assert not raw, f"raw {[hex(ord(c)) for c in raw]} in {literal!r}"


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', "'say \"hi\"'"),  # ruff's choice: the quote that needs fewer escapes
        ("it's", '"it\'s"'),
        ("del\x7f", '"del\\x7f"'),
        ("line\u2028sep", '"line\\u2028sep"'),
        ("zero\u200bwidth", '"zero\\u200bwidth"'),
    ],
)
def test_literal_spelling(text: str, literal: str) -> None:
    assert py_str(text) == literal


def test_revisions_quote_with_the_same_function() -> None:
    from specgen.render import alembic_ops

    assert alembic_ops.q is py_str


def _expressions(seed: int, count: int):
    """Random expression trees of every node `fmt` lays out (models and revisions share it)."""
    import random

    from specgen.render.pycode import Call, Dict, Kw, Lst, Tup

    rnd = random.Random(seed)

    def leaf() -> str:
        return rnd.choice(["1", "True", "x", py_str("y" * rnd.randint(1, 40))])

    def node(depth: int):
        if depth > 2 or rnd.random() < 0.35:
            return leaf()
        items = [node(depth + 1) for _ in range(rnd.randint(1, 4))]
        kind = rnd.choice(["call", "call", "kw", "list", "dict", "tuple"])
        if kind == "call":
            tail = rnd.choice(["", "", '.ddl_if(dialect="postgresql")'])
            kwargs = [(f"k{i}", node(depth + 1)) for i in range(rnd.randint(0, 2))]
            return Call("sa.Thing", items, kwargs, tail=tail, hug=rnd.random() < 0.2)
        if kind == "kw":
            return Call("f", [*items, Kw("existing_type", node(depth + 1))])
        if kind == "list":
            return Lst(items)
        if kind == "dict":
            return Dict([(py_str(f"k{i}"), v) for i, v in enumerate(items)])
        return Tup(items)

    return [node(0) for _ in range(count)]


@pytest.mark.parametrize("width", [88, 120])
def test_layout_is_what_ruff_format_writes(tmp_path, width: int) -> None:
    """One layout engine (`fmt`) for models and revisions: whatever it lays out, at the configured width, is
    valid Python that `ruff format` leaves as it is, and reads the same as the expression on one line."""
    import subprocess
    import sys
    import textwrap

    from specgen.render.pycode import WIDTH, flat, fmt

    token = WIDTH.set(width)
    try:
        lines: list[str] = ["def f():"]
        for i, e in enumerate(_expressions(width, 300)):
            laid = fmt(e, 4, f"v{i} = ")
            assert ast.dump(ast.parse(textwrap.dedent("\n".join(laid)))) == ast.dump(ast.parse(f"v{i} = {flat(e)}"))
            lines += laid
    finally:
        WIDTH.reset(token)
    source = tmp_path / "laid.py"
    source.write_text("\n".join(lines) + "\n")
    ruff = [sys.executable, "-m", "ruff", "format", "--diff", "--line-length", str(width), str(source)]
    proc = subprocess.run(ruff, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
