"""The README's path on the wild corpus (../shared/wild): each document alone in a fresh project, through the CLI
in fresh processes, as a user runs it: `specgen design`, `specgen validate`, and where validate finds no error,
`render --target sqlmodel`, `render --target alembic`, `alembic upgrade head` (SQLite) and importing the models.

`python tests/wild_path.py` prints one line per document.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from wild_score import WILD

BIN = Path(sys.executable).parent
STEPS = (
    ("design", [str(BIN / "specgen"), "design"]),
    ("validate", [str(BIN / "specgen"), "validate"]),
    ("render sqlmodel", [str(BIN / "specgen"), "render", "--target", "sqlmodel"]),
    ("render alembic", [str(BIN / "specgen"), "render", "--target", "alembic"]),
    ("alembic upgrade", [str(BIN / "alembic"), "-c", "generated/migrations/alembic.ini", "upgrade", "head"]),
    ("import models", [sys.executable, "-c", "import sys; sys.path.insert(0, 'generated'); import models, "
                       "sqlalchemy.orm; sqlalchemy.orm.configure_mappers()"]),
)  # fmt: skip


@dataclass
class PathResult:
    file: str
    codes: dict[str, int] = field(default_factory=dict)  # step -> exit code, for the steps that ran
    output: str = ""

    @property
    def validated(self) -> bool:
        return self.codes.get("validate") == 0

    @property
    def upgraded(self) -> bool:
        return self.validated and all(self.codes.get(s) == 0 for s, _ in STEPS)


def run_one(doc: Path, root: Path) -> PathResult:
    project = root / doc.stem
    (project / "specs").mkdir(parents=True)
    (project / "specs" / doc.name).write_bytes(doc.read_bytes())
    (project / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\n')
    env = dict(os.environ, PYTHONHASHSEED="0", COLUMNS="200")
    result = PathResult(doc.name)
    for step, command in STEPS:
        proc = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300)
        result.codes[step] = proc.returncode
        result.output += f"$ {step}\n{proc.stdout}{proc.stderr}"
        if proc.returncode != 0:
            break
    return result


def run() -> list[PathResult]:
    root = Path(tempfile.mkdtemp(prefix="specgen-wild-path-"))
    docs = sorted((WILD / "files").glob("*.md"))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(lambda d: run_one(d, root), docs))


def report(results: list[PathResult]) -> str:
    lines = [f"{'file':34} " + "  ".join(s for s, _ in STEPS)]
    for r in results:
        cells = [f"{r.codes[s]:^{len(s)}}" if s in r.codes else f"{'-':^{len(s)}}" for s, _ in STEPS]
        lines.append(f"{r.file:34} " + "  ".join(cells))
    validated = sum(r.validated for r in results)
    upgraded = sum(r.upgraded for r in results)
    lines.append(
        f"total: {len(results)} documents, {validated} validate without errors, {upgraded} of those render, upgrade"
        " a SQLite database and import"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run()))
