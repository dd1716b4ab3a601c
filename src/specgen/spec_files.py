"""The spec files a run reads, found one way for the reader, the cache's key and `fmt`.

Kept apart from specgen.parse so that the commands which only need the list (the cache key, the plan's check of
which specs are the project's) do not load the readers' data structures."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from specgen.errors import UsageError
from specgen.source import display_path


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Spec files named directly, and every *.md under named directories, sorted."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*.md") if q.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            raise UsageError(f"{display_path(p)}: no such file or directory")
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
