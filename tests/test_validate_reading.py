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
