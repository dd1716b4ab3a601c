"""Reading findings (SG900–SG904) reach CI: `specgen validate` on the specs reports each reading
warning under its code, in every output format, and `--strict` fails on them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_spec

SPEC = (
    "## Entity: Book\n"  # 1
    "| Column | Type | Constraints |\n|---|---|---|\n"  # 2-3
    "| id | uuid | pk |\n"  # 4
    "| 1bad | text | |\n"  # 5: SG902, the row is skipped
    "| cover | Polygonish | |\n"  # 6: SG901, kept as text
    "\n## Entity: Empty\nProse only.\n"  # 8: SG904
    "\n## Thing\n| Field | Type |\n| id | int |\n"  # 11-13: SG903, no |---| row
    "\n## Author\n| Field | Type |\n|---|---|\n| id | uuid |\n| book_id | uuid |\n"  # 15-19
    "\n## Relationships\n- Book has many Authors\n"  # 21-22: prose, inferred FK
    "\n```sql\nCREATE TABLE x (id int PRIMARY KEY, FOO BAR BAZ);\n```\n"  # SG900 (a clause not read) or quiet
)


def test_every_reading_code_is_a_finding_in_json(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, SPEC)
    code, out, _ = cli("validate", str(spec), "--format", "json")
    found = {(f["code"], f["line"]) for f in json.loads(out)}
    assert {("SG902", 5), ("SG901", 6), ("SG904", 8), ("SG903", 12)} <= found, found
    assert all(f["category"] == "reading" for f in json.loads(out) if f["code"].startswith("SG9"))
    # Warnings alone do not fail the run; --strict does.
    assert code == 0
    code, _, _ = cli("validate", str(spec), "--format", "json", "--strict")
    assert code == 1


def test_reading_findings_in_sarif_github_and_text(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, SPEC)
    _, sarif, _ = cli("validate", str(spec), "--format", "sarif")
    doc = json.loads(sarif)
    results = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in doc["runs"][0]["results"]
    }
    assert {("SG901", 6), ("SG902", 5), ("SG903", 12), ("SG904", 8)} <= results
    rules = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {"SG900", "SG901", "SG902", "SG903", "SG904"} <= rules
    _, github, _ = cli("validate", str(spec), "--format", "github")
    assert any(line.startswith("::warning") and "line=5" in line and "SG902" in line for line in github.splitlines())
    _, text, _ = cli("validate", str(spec))
    assert "warning SG904 entity 'Empty' has no field list" in text


def test_reading_codes_can_be_ignored_and_suppressed(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, "<!-- specgen: ignore SG903 -->\n" + SPEC)
    _, out, _ = cli("validate", str(spec), "--format", "json", "--ignore", "SG904")
    codes = {f["code"] for f in json.loads(out)}
    assert "SG904" not in codes and "SG902" in codes


def test_a_generic_reading_note_is_sg900(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, "---\nignore: 5\n---\n## Entity: A\n| Column | Type |\n|---|---|\n| id | uuid |\n")
    _, out, _ = cli("validate", str(spec), "--format", "json")
    assert [(f["code"], f["line"]) for f in json.loads(out) if f["code"] == "SG900"] == [("SG900", 1)]


def test_reading_findings_merge_into_the_rules_findings(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The cache keeps the rules' findings alone (validate and render share them); adding the reading findings
    afterwards, ignored and suppressed the same way, gives what one validate run with them gives."""
    from specgen.config import Settings
    from specgen.pipeline import design_specs
    from specgen.validate import validate, with_reading
    from specgen.validate.reading import reading_findings

    spec = write_spec(tmp_path, "<!-- specgen: ignore SG903 -->\n" + SPEC)
    monkeypatch.chdir(tmp_path)  # the cache goes to generated/ under the working directory
    settings = Settings()
    result = design_specs([spec], settings)
    reading = reading_findings(result.diagnostics)
    assert {f.code for f in reading} >= {"SG902", "SG903", "SG904"}
    for ignore in ([], ["SG904"], ["SG9"], ["SG1"]):
        whole = validate(result.design, settings, ignore=ignore, reading=reading)
        rules_only = validate(result.design, settings, ignore=ignore)
        assert with_reading(result.design, settings, rules_only, reading, ignore) == whole
    assert result.design.database_schema.suppressions  # the merge applies the spec's suppressions too


def test_validate_and_render_share_the_cached_findings(tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A project whose specs have reading warnings: `render` reuses the findings `validate` cached."""
    root = tmp_path / "p"
    (root / "specs").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.specgen]\n")
    (root / "specs" / "spec.md").write_text(
        "## Entity: Book\n| Column | Type | Constraints |\n|---|---|---|\n| id | uuid | pk |\n| 1bad | text | |\n"
    )
    monkeypatch.chdir(root)
    monkeypatch.delenv("SPECGEN_NO_CACHE", raising=False)
    code, out, _ = cli("validate", "--format", "json")
    assert code == 0 and "SG902" in {f["code"] for f in json.loads(out)}
    findings = root / "generated" / ".cache" / "findings.json"
    stamp = findings.stat().st_mtime_ns
    code, _, _ = cli("render", "--target", "sqlmodel")
    assert code == 0 and findings.stat().st_mtime_ns == stamp  # read, not computed and written again
