"""docs/cli.md and docs/ci.md, executed: every `$ ` line of their console blocks runs in a scratch project,
the workflow in docs/ci.md is examples/github-workflow.yml, and that workflow's specgen steps run."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, tool_env

# the documented CI and pre-commit commands, run for real: `make test` runs it, `make test-fast` skips it
pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
CLI_MD = ROOT / "docs" / "cli.md"
CI_MD = ROOT / "docs" / "ci.md"
WORKFLOW = ROOT / "examples" / "github-workflow.yml"
_EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")


def console_lines(markdown: str) -> list[tuple[str, int]]:
    """(command, expected exit code) for every `$ ` line of the ```console blocks."""
    out: list[tuple[str, int]] = []
    inside = False
    for line in markdown.splitlines():
        if line.strip().startswith("```"):
            inside = line.strip() == "```console" if not inside else False
            continue
        if inside and line.startswith("$ "):
            command = line[2:]
            m = _EXIT.search(command)
            out.append((_EXIT.sub("", command), int(m.group(1)) if m else 0))
    return out


def fenced(markdown: str, lang: str) -> list[str]:
    blocks = re.findall(rf"^```{lang}\n(.*?)^```$", markdown, flags=re.M | re.S)
    return blocks


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def run_all(lines: list[tuple[str, int]], cwd: Path) -> list[str]:
    failures = []
    for command, expected in lines:
        result = run(command, cwd)
        if result.returncode != expected:
            failures.append(
                f"$ {command}\n  exit {result.returncode}, expected {expected}\n{result.stdout}{result.stderr}"
            )
        if "Traceback" in result.stderr:
            failures.append(f"$ {command}\n  printed a traceback:\n{result.stderr}")
    return failures


def _legacy_db(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            CREATE TABLE publishers (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE);
            CREATE TABLE books (
                id INTEGER PRIMARY KEY,
                publisher_id INTEGER REFERENCES publishers (id) ON DELETE CASCADE,
                title VARCHAR(200) NOT NULL,
                pages INTEGER CHECK (pages > 0)
            );
            CREATE INDEX ix_books_publisher ON books (publisher_id);
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        """)


def test_cli_md_examples_run(tmp_path: Path) -> None:
    _legacy_db(tmp_path / "legacy.db")
    lines = console_lines(CLI_MD.read_text())
    assert len(lines) > 20
    failures = run_all(lines, tmp_path)
    assert (tmp_path / "specs" / "imported" / "legacy.md").is_file()
    assert sorted(p.name for p in (tmp_path / "specs" / "by-group").glob("*.md")) == ["notes.md", "publishers.md"]
    assert json.loads((tmp_path / "design.schema.json").read_text())["title"] == "specgen design document"
    assert not failures, "\n".join(failures)


def test_cli_md_documents_every_command_and_option() -> None:
    import typer.main

    from specgen.cli import app

    text = CLI_MD.read_text()
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        m = re.search(rf"^## `specgen {name}\b.*?(?=^## |\Z)", text, flags=re.M | re.S)
        assert m, f"docs/cli.md has no section for `specgen {name}`"
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("-") and opt not in ("-h", "--help"):
                    assert f"`{opt}" in m.group(0) or f"{opt}`" in m.group(0) or f" {opt} " in m.group(0), (
                        f"docs/cli.md: `specgen {name}` does not document {opt}"
                    )
    assert "## Exit codes" in text


def test_ci_md_workflow_is_the_example_file() -> None:
    blocks = [b for b in fenced(CI_MD.read_text(), "yaml") if b.startswith("# specgen in GitHub Actions")]
    assert blocks == [WORKFLOW.read_text()]


def _workflow() -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_workflow_uploads_sarif_and_runs_check() -> None:
    wf = _workflow()
    assert wf["permissions"]["security-events"] == "write"
    assert {"pull_request", "push"} <= set(wf["on"])
    steps = wf["jobs"]["specgen"]["steps"]
    sarif = next(s for s in steps if "--format sarif" in s.get("run", ""))
    output = re.search(r"-o (\S+)", sarif["run"]).group(1)  # type: ignore[union-attr]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == output
    assert "always()" in upload["if"]
    assert steps.index(sarif) < steps.index(upload)
    assert any(s.get("run") == "specgen validate --format github" for s in steps)
    assert steps[-1]["run"] == "specgen check"


def _project(tmp_path: Path) -> Path:
    for command in (
        "specgen init .",
        "specgen design",
        "specgen render --target alembic",
        "specgen render --target sqlmodel",
    ):
        result = run(command, tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path


def _workflow_commands() -> list[str]:
    return [s["run"] for s in _workflow()["jobs"]["specgen"]["steps"] if s.get("run", "").startswith("specgen ")]


def test_workflow_steps_pass_on_a_clean_project(tmp_path: Path) -> None:
    project = _project(tmp_path)
    failures = run_all([(c, 0) for c in _workflow_commands()], project)
    sarif = json.loads((project / "specgen.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    # docs/ci.md's "by hand" block is the same commands
    assert [c for c, _ in console_lines(CI_MD.read_text()) if c.startswith("specgen ")] == _workflow_commands()
    assert not failures, "\n".join(failures)


BAD = """\
## Entity: Review
table: reviews

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | integer | no | | pk, autoincrement | |
| book_id | integer | no | | fk no_such_table.id on delete cascade, index | |
"""


def test_workflow_steps_report_a_bad_spec(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "specs" / "database" / "reviews.md").write_text(BAD)
    sarif_step, github_step, check_step = _workflow_commands()
    assert run(sarif_step, project).returncode == 1  # the workflow lets this step fail and still uploads
    sarif = json.loads((project / "specgen.sarif").read_text())
    locations = [
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    ]
    assert "specs/database/reviews.md" in locations
    annotations = run(github_step, project)
    assert annotations.returncode == 1
    assert re.search(r"^::error file=specs/database/reviews\.md,line=\d+", annotations.stdout, flags=re.M)
    checked = run(check_step, project)
    assert checked.returncode == 1 and "no_such_table" in checked.stdout + checked.stderr


@pytest.fixture
def git_project(tmp_path: Path) -> Path:
    project = _project(tmp_path)
    for args in (["init", "-q"], ["config", "user.email", "dev@example.com"], ["config", "user.name", "dev"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)
    return project


def _commit(project: Path) -> None:
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=project, check=True, capture_output=True)


def test_ci_md_local_pre_commit_config(git_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [_, local] = fenced(CI_MD.read_text(), "yaml")[:2]
    assert "repo: local" in local
    (git_project / ".pre-commit-config.yaml").write_text(local)
    _commit(git_project)
    lines = console_lines(CI_MD.read_text())
    assert ("pre-commit run --all-files", 0) in lines
    for key, value in tool_env().items():  # the documented commands run with the tools' caches in the temp dir
        monkeypatch.setenv(key, value)
    failures = run_all([("pre-commit run --all-files", 0)], git_project)
    assert not failures, "\n".join(failures)
    (git_project / "specs" / "database" / "reviews.md").write_text(BAD)
    _commit(git_project)
    result = run("pre-commit run --all-files", git_project)
    assert result.returncode == 1 and "specs/database/reviews.md:" in result.stdout


def test_ci_md_remote_pre_commit_config(git_project: Path) -> None:
    """The documented `repo:` block, pointed at this checkout's HEAD."""
    [remote] = [b for b in fenced(CI_MD.read_text(), "yaml") if "repo: https://github.com/YOUR-ORG/specgen" in b]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    config = remote.replace("https://github.com/YOUR-ORG/specgen", str(ROOT)).replace("v0.1.0", head.stdout.strip())
    (git_project / ".pre-commit-config.yaml").write_text(config)
    _commit(git_project)
    result = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=git_project,
        capture_output=True,
        text=True,
        timeout=900,
        env=tool_env(),
    )
    assert "specgen validate" in result.stdout and "specgen check" in result.stdout
    assert re.search(r"specgen validate\.+Passed", result.stdout), result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
