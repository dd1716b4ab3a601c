"""The pre-commit hooks, run for real: `pre-commit try-repo` this repository inside a scratch git repository.

pre-commit builds the hook's virtualenv from this checkout (pip install .) once per commit of specgen, under
the tests' tool cache in the temp dir (conftest.TOOL_CACHE; never under ~).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, tool_env

pytestmark = pytest.mark.slow  # pre-commit builds a hook environment: `make test` runs it, `make test-fast` skips it

HOOKS = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")

BAD_SPEC = """\
# Reviews

## Entity: Review
table: reviews

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | integer | no | | pk, autoincrement | |
| book_id | integer | no | | fk no_such_table.id on delete cascade, index | |
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A git repository with `specgen init` in it, committed."""
    if shutil.which("git") is None:
        pytest.skip("git is needed for pre-commit")
    if not PRE_COMMIT.is_file():
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "dev@example.com")
    _git(repo, "config", "user.name", "dev")
    subprocess.run([sys.executable, "-m", "specgen", "init", "."], cwd=repo, check=True, capture_output=True)
    (repo / "README.md").write_text("# project\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "init")
    return repo


def _try_repo(repo: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**tool_env(), "NO_COLOR": "1"}
    args = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), hook, "--color", "never", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_hooks_file_names_commands_the_cli_has() -> None:
    from specgen.cli import app

    hooks = yaml.safe_load(HOOKS.read_text())
    assert [h["id"] for h in hooks] == ["specgen-validate", "specgen-check"]
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}  # type: ignore[union-attr]
    for h in hooks:
        program, command = h["entry"].split()[:2]
        assert program == "specgen" and command in commands
        assert h["pass_filenames"] is False  # a spec set is validated whole
        assert h["language"] == "python"


def test_validate_hook_passes_then_fails_on_a_bad_spec(scratch: Path) -> None:
    ok = _try_repo(scratch, "specgen-validate", "specs/database/example.md")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "specgen validate" in ok.stdout and "Passed" in ok.stdout

    bad = scratch / "specs" / "database" / "reviews.md"
    bad.write_text(BAD_SPEC)
    _git(scratch, "add", "-A")
    failed = _try_repo(scratch, "specgen-validate", "specs/database/reviews.md")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "specs/database/reviews.md:" in failed.stdout and "error" in failed.stdout
    assert "no_such_table" in failed.stdout
    assert "Traceback" not in failed.stdout


def test_validate_hook_skips_when_no_spec_changed(scratch: Path) -> None:
    result = _try_repo(scratch, "specgen-validate", "README.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout


def test_check_hook_names_stale_generated_files(scratch: Path) -> None:
    # nothing generated yet: check fails and says what to run
    result = _try_repo(scratch, "specgen-check", "specs/database/example.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "generated/design.yaml: stale" in result.stdout
    assert "run `specgen render --target alembic`" in result.stdout
