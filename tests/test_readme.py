"""The README's tutorial, run as written: every ```bash block after its heading, in one shell."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# the README's shell session, run for real: `make test` runs it, `make test-fast` skips it
pytestmark = pytest.mark.slow

README = ROOT / "README.md"


def tutorial_script() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Five-minute tutorial", 1)[1].split("\n## Documentation", 1)[0]
    blocks = re.findall(r"^```bash\n(.*?)^```", section, re.S | re.M)
    assert len(blocks) >= 3, "the tutorial lost its commands"
    return "set -euo pipefail\n" + "\n".join(blocks)


def test_tutorial_runs_end_to_end(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    env.pop("SPECGEN_DATABASE_URL", None)
    proc = subprocess.run(
        ["bash", "-c", tutorial_script()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "create table reviews" in proc.stdout and "CREATE TABLE reviews" in proc.stdout  # specgen plan
    assert "the database matches the design (no drift)" in proc.stdout  # check --database after the upgrade
    project = tmp_path / "library"
    versions = sorted((project / "generated" / "migrations" / "versions").glob("*.py"))
    assert len(versions) == 2, [v.name for v in versions]
    assert any("reviews" in v.read_text() and "create_table" in v.read_text() for v in versions)
    assert (project / "generated" / "models.py").is_file()
    dbs = [p for ext in ("db", "sqlite", "sqlite3") for p in sorted(project.rglob(f"*.{ext}"))]
    assert dbs, "alembic upgrade head made no SQLite database"
    tables = {r[0] for r in sqlite3.connect(dbs[0]).execute("select name from sqlite_master where type='table'")}
    assert {"authors", "books", "reviews"} <= tables
    # The pgvector column: VECTOR(384) on PostgreSQL, JSON on SQLite, where the tutorial runs.
    columns = {r[1]: r[2] for r in sqlite3.connect(dbs[0]).execute("pragma table_info(reviews)")}
    assert columns["embedding"] == "JSON"
    assert any('VECTOR(384).with_variant(sa.JSON(), "sqlite")' in v.read_text() for v in versions)
    assert "from pgvector.sqlalchemy import VECTOR" in (project / "generated" / "models.py").read_text()
