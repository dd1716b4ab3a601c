from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from validate_helpers import entity

from conftest import ROOT, run_specgen, write_spec

CLEAN = entity("Parent", "parents", "id | uuid | no | uuid4 | pk") + entity(
    "Child",
    "children",
    "id | uuid | no | uuid4 | pk",
    "parent_id | uuid | no | | fk parents.id on delete cascade, index",
)
WARNS = entity("Parent", "parents", "id | uuid | no | uuid4 | pk") + entity(
    "Child", "children", "id | uuid | no | uuid4 | pk", "parent_id | uuid | no | | fk parents.id on delete cascade"
)
ERRORS = entity("Parent", "parents", "id | uuid | no | uuid4 | pk") + entity(
    "Child",
    "children",
    "id | uuid | no | uuid4 | pk",
    "parent_id | uuid | no | | fk parents.id on delete set null, index",
)


def test_clean_spec_exits_0(cli, tmp_path):
    spec = write_spec(tmp_path, CLEAN)
    code, out, _ = cli("validate", spec)
    assert code == 0 and out.strip() == "no findings"


def test_warnings_exit_0_unless_strict(cli, tmp_path):
    spec = write_spec(tmp_path, WARNS)
    code, out, _ = cli("validate", spec)
    assert code == 0 and "warning SG501" in out
    code, _, _ = cli("validate", spec, "--strict")
    assert code == 1


def test_errors_exit_1_and_ignore(cli, tmp_path):
    spec = write_spec(tmp_path, ERRORS)
    code, out, _ = cli("validate", spec)
    assert code == 1 and f"{spec.as_posix()}:" in out or "error SG301" in out
    code, out, _ = cli("validate", spec, "--ignore", "SG301")
    assert code == 0 and "SG301" not in out
    code, out, _ = cli("validate", spec, "--ignore", "SG3")
    assert code == 0


def test_formats(cli, tmp_path):
    spec = write_spec(tmp_path, ERRORS)
    code, out, _ = cli("validate", spec, "--format", "json")
    data = json.loads(out)
    line = next(i for i, t in enumerate(spec.read_text().splitlines(), 1) if t.startswith("| parent_id"))
    assert code == 1 and [d["code"] for d in data] == ["SG301"] and data[0]["line"] == line
    code, out, _ = cli("validate", spec, "--format", "sarif")
    assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "SG301"
    code, out, _ = cli("validate", spec, "--format", "github")
    assert out.startswith("::error file=") and f",line={line},title=SG301::" in out
    code, _, err = cli("validate", spec, "--format", "xml")
    assert code == 2 and "'xml' is not one of 'text', 'json', 'sarif', 'github'" in err


def test_output_file(cli, tmp_path):
    spec = write_spec(tmp_path, ERRORS)
    target = tmp_path / "out" / "findings.sarif"
    code, out, _ = cli("validate", spec, "--format", "sarif", "-o", target)
    assert code == 1 and out == "" and json.loads(target.read_text())["version"] == "2.1.0"


def test_design_yaml_input(cli, tmp_path):
    spec = write_spec(tmp_path, ERRORS)
    design = tmp_path / "design.yaml"
    assert cli("design", spec, "-o", design)[0] == 0
    code, out, _ = cli("validate", design, "--format", "json")
    assert code == 1 and json.loads(out)[0]["code"] == "SG301"


def test_spec_errors_are_lines_not_tracebacks(tmp_path):
    spec = write_spec(tmp_path, entity("T", "t", "id | uuidd | no | | pk", "x | uuid | yes | | fk nowhere.id"))
    proc = run_specgen("validate", spec)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert "spec.md:8: error SG101" in proc.stdout and "'nowhere'" in proc.stdout
    # the unknown type is reported once, from the design column (not again as a reading warning)
    assert proc.stdout.count("'uuidd'") == 1 and "spec.md:7: warning SG901" in proc.stdout


def test_missing_input_exits_2(cli, tmp_path):
    code, _, err = cli("validate", tmp_path / "nope")
    assert code == 2 and "no such file" in err


def test_in_spec_suppression_comment_and_front_matter(cli, tmp_path):
    text = WARNS.replace("\n## Entity: Child", "\n<!-- specgen: ignore SG501 -->\n## Entity: Child")
    spec = write_spec(tmp_path, text)
    code, out, _ = cli("validate", spec, "--strict")
    assert code == 0 and "SG501" not in out, out
    table = WARNS.replace(
        "| Column | Type | Nullable | Default | Constraints | Description |\n|---|---|---|---|---|---|\n| id | uuid | no | uuid4 | pk | |\n| parent_id",
        "<!-- specgen: ignore SG501 -->\n| Column | Type | Nullable | Default | Constraints | Description |\n|---|---|---|---|---|---|\n| id | uuid | no | uuid4 | pk | |\n| parent_id",
    )
    assert table != WARNS
    spec = write_spec(tmp_path, table)
    assert cli("validate", spec, "--strict")[0] == 0
    spec = write_spec(tmp_path, "---\nignore: [SG501]\n---\n" + WARNS)
    assert cli("validate", spec, "--strict")[0] == 0
    spec = write_spec(tmp_path, "---\nignore: [SG302]\n---\n" + WARNS)
    assert cli("validate", spec, "--strict")[0] == 1


# What validate says about the project's own examples, each reviewed: SQLite does not enforce the
# regular-expression checks of skills.md (SG701); arrays and jsonb are informational (SG203, SG702).
EXAMPLE_FINDINGS = {("SG701", "warning"), ("SG702", "info"), ("SG203", "info")}


def test_project_examples_have_no_false_alarms(cli):
    code, out, _ = cli("validate", ROOT / "specs" / "database", "--format", "json")
    found = json.loads(out)
    assert code == 0
    assert {(f["code"], f["severity"]) for f in found} <= EXAMPLE_FINDINGS, out
    assert all(f["file"].endswith("skills.md") for f in found if f["code"] == "SG701")


def test_validate_imports_nothing_heavy(tmp_path):
    spec = write_spec(tmp_path, CLEAN)
    code = textwrap.dedent(f"""
        import sys
        from specgen.cli import app
        try:
            app(["validate", {str(spec)!r}], standalone_mode=False)
        except SystemExit:
            pass
        heavy = sorted(m for m in ("sqlalchemy", "alembic", "sqlglot", "jinja2") if m in sys.modules)
        print("HEAVY", heavy)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr


def test_rules_doc_is_in_sync():
    from specgen.validate.docs import RULES_DOC, render_rules_doc

    assert RULES_DOC.read_text(encoding="utf-8") == render_rules_doc(), (
        "docs/rules.md is stale: run `python -m specgen.validate.docs --write`"
    )


def test_every_rule_has_a_code_in_its_category_and_a_test():
    from specgen.validate import RULES, rules

    assert len(RULES) == len(rules()) >= 35
    tests = "".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py")).lower()
    for r in rules():
        assert r.doc and r.func.__name__.startswith("check_")
        assert r.code.lower() in tests, f"{r.code} has no test"  # both ways: tests/test_rules_both_ways.py


def test_ignore_lists_and_project_settings(tmp_path):
    from validate_helpers import design_from

    from specgen.config import Settings
    from specgen.validate import validate

    d = design_from(
        tmp_path, ERRORS + entity("Orphan", "orphans", "id | uuid | no | uuid4 | pk", "x | uuid | no | | fk parents.id")
    )
    assert {f.code for f in validate(d)} == {"SG301", "SG302", "SG501"}
    assert {f.code for f in validate(d, ignore=["SG301,SG302"])} == {"SG501"}
    assert {f.code for f in validate(d, Settings(extra={"ignore": ["SG5"]}))} == {"SG301", "SG302"}
