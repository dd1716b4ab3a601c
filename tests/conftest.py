"""Shared fixtures: real PostgreSQL (pgserver, or SPECGEN_TEST_DATABASE_URL), seeds and corpus, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
# Tools the tests run (pre-commit, pip, virtualenv, npm) keep their caches here, never under ~: tests write only
# inside the repository and temp dirs. Kept across sessions (pre-commit builds a hook environment per commit).
TOOL_CACHE = Path(os.environ.get("SPECGEN_TEST_TOOL_CACHE", Path(tempfile.gettempdir()) / "specgen-test-cache"))


def tool_env() -> dict[str, str]:
    """os.environ with every cache of the tools above pointed into TOOL_CACHE (for their subprocesses)."""
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(TOOL_CACHE / "pre-commit"),
        "XDG_CACHE_HOME": str(TOOL_CACHE / "xdg"),  # pip's and virtualenv's caches
        "PIP_CACHE_DIR": str(TOOL_CACHE / "pip"),
        "npm_config_cache": str(TOOL_CACHE / "npm"),
    }


def seed_path(prefix: str) -> Path:
    """A seed file by its number prefix ('000'…'004'); skips the test where ../shared is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS} (a lone clone has no ../shared)")
    for p in sorted(SEEDS.iterdir()):
        if p.name.startswith(prefix):
            return p
    pytest.skip(f"seed {prefix} not found in {SEEDS}")


def corpus_file(relative: str) -> Path:
    p = CORPUS / relative
    if not p.is_file():
        pytest.skip(f"corpus file {p} not found (a lone clone has no ../shared)")
    return p


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL 16 server for the session: SPECGEN_TEST_DATABASE_URL, else a pgserver in a temp dir."""
    env = os.environ.get("SPECGEN_TEST_DATABASE_URL")
    if env:
        yield env
        return
    pgserver = pytest.importorskip("pgserver")
    # Directly under the system temp dir: when run as root, pgserver starts postgres as another user, which
    # cannot traverse pytest's private /tmp/pytest-of-root.
    import tempfile

    server = pgserver.get_server(tempfile.mkdtemp(prefix="specgen-pg-"), cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the session server (SQLAlchemy URL, psycopg 3 driver)."""
    import sqlalchemy as sa

    admin = sa.create_engine(sqlalchemy_url(pg_server_url), isolation_level="AUTOCOMMIT")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(sqlalchemy_url(pg_server_url)).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                )
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def cli():
    """Run the Typer app in-process with a fixed terminal width; returns (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from specgen.cli import app

    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def run_specgen(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `python -m specgen` in a subprocess (for exit codes, tracebacks and start-up time)."""
    return subprocess.run(
        [sys.executable, "-m", "specgen", *map(str, args)],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {}), "COLUMNS": "100", "NO_COLOR": "1"},
        timeout=timeout,
    )


def write_spec(tmp_path: Path, text: str, name: str = "spec.md") -> Path:
    p = tmp_path / "specs" / "database" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from current output (also SPECGEN_UPDATE_GOLDEN=1)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """`golden(path, text)`: the text must equal the file. `pytest --update-golden` (or SPECGEN_UPDATE_GOLDEN=1)
    rewrites the file instead; without it a missing file fails (a deleted golden file must not pass)."""
    update = bool(request.config.getoption("--update-golden")) or os.environ.get("SPECGEN_UPDATE_GOLDEN") == "1"

    def check(path: Path, text: str) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.is_file():
            pytest.fail(f"golden file {path} is missing: run `pytest --update-golden` and review the new file")
        assert text == path.read_text(encoding="utf-8"), (
            f"{path} differs from the output: check the diff, then run `pytest --update-golden`"
        )

    return check
