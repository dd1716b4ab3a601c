"""The command line through CliRunner (fixed width) and as a subprocess (exit codes, no tracebacks, speed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import run_specgen, write_spec

GOOD = "## Entity: Author\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n| name | text | |\n"


def test_design_writes_yaml_and_schema(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_spec(tmp_path, GOOD)
    out = tmp_path / "gen" / "design.yaml"
    code, stdout, _ = cli("design", tmp_path / "specs", "-o", out)
    assert code == 0 and "1 entities" in stdout
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=design.schema.json\n")
    assert yaml.safe_load(text)["database_schema"]["entities"][0]["table_name"] == "authors"
    schema = json.loads((out.parent / "design.schema.json").read_text())
    assert schema["title"] == "specgen design document"


def test_design_writes_what_it_read_and_validate_judges_references(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, GOOD)
    out = tmp_path / "design.yaml"
    assert cli("design", spec, "-o", out)[0] == 0
    spec.write_text(GOOD + "| bad | uuid | fk nowhere.id |\n")
    code, _, stderr = cli("design", spec, "-o", out)
    shown = spec.relative_to(Path.cwd()) if spec.is_relative_to(Path.cwd()) else spec
    assert code == 0  # a reference that does not resolve is validate's to judge
    assert f"{shown}:6: warning: foreign key authors(bad) references table 'nowhere'" in stderr
    assert "ref_table: nowhere" in out.read_text()
    code, stdout, _ = cli("validate", spec)
    assert code == 1 and f"{shown}:6: error SG101" in stdout


def test_design_keeps_a_column_of_unknown_type_with_a_warning(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, GOOD + "| bad | nosuchtype | |\n")
    out = tmp_path / "design.yaml"
    code, _, stderr = cli("design", spec, "-o", out)
    assert code == 0 and ":6: warning: column 'authors.bad': unknown type 'nosuchtype', kept as text" in stderr
    (bad,) = [
        c for c in yaml.safe_load(out.read_text())["database_schema"]["entities"][0]["columns"] if c["name"] == "bad"
    ]
    assert (bad["sql_type"], bad["unmapped_type"]) == ("text", "nosuchtype")


def test_usage_errors_exit_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, stderr = cli("design", tmp_path / "missing")
    assert code == 2 and "no such file or directory" in stderr
    assert cli("design", "--no-such-option")[0] == 2


def test_schema_prints_json_schema(cli) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = cli("schema")
    assert code == 0 and json.loads(stdout)["properties"]["database_schema"]


def test_init_scaffolds_a_project_that_designs(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = cli("init", tmp_path)
    assert code == 0 and "example.md" in stdout
    assert "[tool.specgen]" in (tmp_path / "pyproject.toml").read_text()
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = cli("design")
    assert code == 0 and "2 entities" in stdout
    assert (tmp_path / "generated" / "design.yaml").is_file()
    code, stdout, _ = cli("init", tmp_path)  # never overwrites
    assert code == 0 and "kept" in stdout


def test_broken_spec_in_subprocess_has_no_traceback(tmp_path: Path) -> None:
    # A reading problem is a located warning: the rest is read and the design is written.
    spec = write_spec(tmp_path, "## Entity: X\n| Column | Type |\n|---|---|\n| id | uuid | extra |\n")
    proc = run_specgen("design", spec, "-o", tmp_path / "d.yaml")
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr and ":4: warning: table row has 3 cells" in proc.stderr
    # An error that remains exits 1, and the design of what was read is still written.
    spec.write_text("## Enum: S\n- a\n\n## Enum: S\n- b\n\n## Entity: X\n| Column | Type |\n|---|---|\n| id | uuid |\n")
    proc = run_specgen("design", spec, "-o", tmp_path / "e.yaml")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert ":4: error: enum 'S' is declared twice" in proc.stderr
    assert (tmp_path / "e.yaml").is_file()


def test_version_and_choices_in_help(cli) -> None:  # type: ignore[no-untyped-def]
    # Start-up time is a budget in `make bench` (tests/bench.py), not a unit test: a loaded machine is not a bug.
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("specgen ")
    _, out, _ = cli("validate", "--help")
    assert "[text|json|sarif|github]" in out.replace("<", "[").replace(">", "]")
    _, out, _ = cli("render", "--help")
    assert "alembic|docs|mermaid|native|sql|sqlmodel" in out


def test_no_project_says_how_to_start(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    proc = run_specgen("design", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "no specs folder (specs/) and no [tool.specgen] settings here: run `specgen init`" in proc.stderr


def test_design_of_other_specs_writes_into_their_project(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "other"
    (project / "specs").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\nspecz = 1\n')
    (project / "specs" / "a.md").write_text(GOOD)
    proc = run_specgen("design", project / "specs", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (project / "generated" / "design.yaml").is_file() and not (tmp_path / "generated").exists()
    assert "unknown [tool.specgen] key 'specz' (did you mean 'specs'?)" in proc.stderr
    (tmp_path / "empty").mkdir()
    proc = run_specgen("design", tmp_path / "empty", "-o", tmp_path / "e.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and "no spec files (*.md) in this folder" in proc.stderr


def test_python_dash_m_and_console_script_agree() -> None:
    proc = run_specgen("schema")
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == "specgen design document"
    script = Path(sys.executable).with_name("specgen")  # the console script of the environment running the tests
    if not script.is_file():
        pytest.skip(f"no console script at {script} (pip install -e . installs it)")
    console = subprocess.run(
        [str(script), "schema"], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120
    )
    assert console.returncode == 0 and console.stdout == proc.stdout
