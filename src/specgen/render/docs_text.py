"""Markdown escaping for the docs target: spec text shown as text, never as Markdown or HTML."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]#~])")


def text(value: object) -> str:
    """Plain text for a paragraph or a table cell: one line, Markdown and HTML characters neutralised."""
    if value is None:
        return ""
    s = " ".join(str(value).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    return s.replace("|", "\\|")


def code(value: object) -> str:
    """An inline code span that survives any content, also inside a table cell."""
    if value is None or value == "":
        return ""
    s = " ".join(str(value).split())
    ticks = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (ticks + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or ticks else ""
    return f"{fence}{pad}{s}{pad}{fence}".replace("|", "\\|")


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")
