"""The one writer: all files of a run land together or not at all, and drift is detectable."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from specgen.errors import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(files: dict[Path, str]) -> list[Path]:
    """Write every file atomically: all temp files first, then renames. Unchanged files are not touched.

    Returns the paths whose content changed.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in sorted(files.items()):
            data = text.encode("utf-8")
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o666 & ~_umask())
            staged.append((tmp, path))
    except OSError as exc:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"cannot write output: {exc}") from None
    for tmp, path in staged:
        os.replace(tmp, path)
    return [p for _, p in staged]


def stale_files(files: dict[Path, str]) -> list[Path]:
    """Files whose content on disk differs from what a render would write."""
    out = []
    for path, text in sorted(files.items()):
        if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
            out.append(path)
    return out
