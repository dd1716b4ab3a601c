"""The docs' examples run: every spec snippet in docs/spec-format.md reads without errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, write_spec
from specgen.config import settings_from
from specgen.parse import parse_text

DOC = ROOT / "docs" / "spec-format.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def blocks(lang: str) -> list[str]:
    return [body for kind, body in FENCE.findall(DOC.read_text(encoding="utf-8")) if kind == lang]


@pytest.mark.parametrize("snippet", blocks("markdown"), ids=lambda s: s.split("\n")[0][:40])
def test_markdown_snippets_read_without_errors(snippet: str) -> None:
    # Subsection snippets belong under an entity heading; give them one.
    text = snippet if snippet.lstrip().startswith("## ") else "## Entity: Example\n\n" + snippet
    spec = parse_text("doc.md", text)
    assert [d.format() for d in spec.diagnostics if d.severity == "error"] == []


def test_entity_example_designs(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    entity = next(b for b in blocks("markdown") if "## Entity: Collection" in b)
    write_spec(tmp_path, entity, "collections.md")
    write_spec(tmp_path, "## Entity: User\n| Column | Type |\n|---|---|\n| id | uuid |\n", "users.md")
    code, _, stderr = cli("design", tmp_path / "specs", "-o", tmp_path / "design.yaml")
    assert code == 0, stderr
    design = yaml.safe_load((tmp_path / "design.yaml").read_text())["database_schema"]
    collection = next(e for e in design["entities"] if e["name"] == "Collection")
    assert [c["name"] for c in collection["columns"]] == ["id", "name", "owner_id", "created_at", "updated_at"]


def test_front_matter_and_settings_snippets_are_valid() -> None:
    (front,) = blocks("yaml")
    spec = parse_text("doc.md", front + "# Title\n")
    assert spec.front_matter["ignore"] == ["SG501"] and not spec.diagnostics
    assert [s.codes for s in spec.suppressions] == [["SG501"]]
    (toml,) = blocks("toml")
    settings = settings_from(tomllib.loads(toml)["tool"]["specgen"])
    assert settings.templates == "my_templates" and settings.naming == "snake_case"


def _sh_blocks(doc: Path) -> list[str]:
    return [body for kind, body in FENCE.findall(doc.read_text(encoding="utf-8")) if kind in ("sh", "bash")]


def _example_project(tmp_path: Path) -> Path:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(ROOT / "specs", project / "specs")
    (project / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\ngenerated = "generated"\n')
    return project


def _run(script: str, cwd: Path, env_extra: dict[str, str] | None = None) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    env.pop("SPECGEN_DATABASE_URL", None)
    env.update(env_extra or {})
    proc = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_migrations_doc_commands_run(tmp_path: Path, pg_url: str) -> None:
    workflow, by_hand = _sh_blocks(ROOT / "docs" / "migrations.md")
    project = _example_project(tmp_path)
    _run(workflow, project)
    assert list((project / "generated" / "migrations" / "versions").glob("*.py"))
    # The by-hand block, with its PostgreSQL example pointed at the test server.
    _run(by_hand.replace("postgresql+psycopg://app@localhost/app", f"'{pg_url}'"), project)


def test_migrations_doc_rename_example_reads() -> None:
    (snippet,) = [b for k, b in FENCE.findall((ROOT / "docs" / "migrations.md").read_text()) if k == "markdown"]
    spec = parse_text("doc.md", snippet)
    assert [d.format() for d in spec.diagnostics if d.severity == "error"] == []
    assert spec.entities[0].renamed_from == "publishers" and spec.entities[0].columns[0].renamed_from == "title"


def test_render_sqlmodel_doc_commands_run(tmp_path: Path) -> None:
    project = _example_project(tmp_path)
    _run("specgen design\n" + "\n".join(_sh_blocks(ROOT / "docs" / "render-sqlmodel.md")), project)
    assert (project / "generated" / "models.py").is_file() and (project / "app" / "models.py").is_file()
