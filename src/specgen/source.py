"""Source locations: every IR element and finding points back at a spec line."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was written: a value from the readers to the findings, text only at the output edge."""

    path: str
    line: int  # 0: the whole file (or a place design.yaml names without a line)
    col: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    @classmethod
    def parse(cls, text: str | Location | None) -> Location | None:
        """Read back the `path:line` form stored in design.yaml (the one place that text is parsed)."""
        if isinstance(text, Location):
            return text
        if not text:
            return None
        path, _, line = text.rpartition(":")
        if not path or not line.isdigit():
            return cls(text, 0)
        return cls(path, int(line))


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as users typed it: relative to the working directory when inside it, POSIX style."""
    p = os.fspath(path)
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return p.replace(os.sep, "/")
    if rel.startswith(".."):
        return os.path.abspath(p).replace(os.sep, "/")
    return rel.replace(os.sep, "/")
