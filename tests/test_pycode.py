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
