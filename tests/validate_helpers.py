"""Helpers for the rule tests: a spec text in, the design and its findings out."""

from __future__ import annotations

import textwrap
from pathlib import Path

from specgen.config import Settings
from specgen.design.model import Design
from specgen.pipeline import design_specs
from specgen.validate import validate
from specgen.validate.finding import Finding

HEAD = "| Column | Type | Nullable | Default | Constraints | Description |\n|---|---|---|---|---|---|"

USERS = f"""
## Entity: User
table: users

{HEAD}
| id | uuid | no | uuid4 | pk | |
| email | varchar(255) | no | | unique | |
"""


def entity(name: str, table: str, *rows: str, extra: str = "") -> str:
    """A native entity section; each row is `col | type | nullable | default | constraints`."""
    body = "\n".join(f"| {r} | |" for r in rows)
    return f"\n## Entity: {name}\ntable: {table}\n\n{HEAD}\n{body}\n{textwrap.dedent(extra)}\n"


def design_from(tmp_path: Path, text: str, settings: Settings | None = None) -> Design:
    spec = tmp_path / "specs" / "database" / "spec.md"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(textwrap.dedent(text), encoding="utf-8")
    result = design_specs([spec.parent], settings or Settings())
    assert not result.errors, [d.format() for d in result.errors]
    return result.design


def findings(design: Design, code: str) -> list[Finding]:
    return [f for f in validate(design) if f.code == code]


def run(tmp_path: Path, text: str, code: str, settings: Settings | None = None) -> list[Finding]:
    return findings(design_from(tmp_path, text, settings), code)
