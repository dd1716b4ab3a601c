"""Every rule code both ways: it fires on a bad spec and is silent on the fixed one.

Most rules are tested so in tests/test_rules_*.py (a line naming the code that asserts it fires, and one that
asserts it is absent). Codes reported outside a rule module's test (reading notes, PostgreSQL types) are tested
here through `specgen validate`, table-driven; the migration rules in test_rules_migration.py. The checker at the
end names every code that has no test both ways.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

Spec = str | tuple[str, str]  # a spec text, or (text, `[tool.specgen] dialects`)

TABLE = "| Column | Type |\n|---|---|\n| id | uuid |\n"
PLACES = "```sql\n{ext}CREATE TABLE places (\n  id bigint PRIMARY KEY,\n  {column}\n);\n```\n"
VECTORS = "## Entity: Document\n| Column | Type |\n|---|---|\n| id | integer |\n| embedding | vector(3) |\n"

# code: (the bad spec, the fixed spec)
BOTH_WAYS: dict[str, tuple[Spec, Spec]] = {
    "SG710": (PLACES.format(ext="", column="isbn isbn"), PLACES.format(ext="", column="isbn varchar(13)")),
    "SG711": (
        PLACES.format(ext="", column="name citext NOT NULL"),
        PLACES.format(ext="CREATE EXTENSION IF NOT EXISTS citext;\n", column="name citext NOT NULL"),
    ),
    "SG712": (
        ("---\nextensions: [vector]\n---\n" + VECTORS, '["postgresql", "sqlite"]'),
        ("---\nextensions: [vector]\n---\n" + VECTORS, '["postgresql"]'),
    ),
    "SG900": ("---\nignore: 5\n---\n## Entity: A\n" + TABLE, "---\nignore: [SG101]\n---\n## Entity: A\n" + TABLE),
    "SG901": ("## Entity: A\n" + TABLE + "| cover | Polygonish |\n", "## Entity: A\n" + TABLE + "| cover | text |\n"),
    "SG902": ("## Entity: A\n" + TABLE + "| 1bad | text |\n", "## Entity: A\n" + TABLE + "| good | text |\n"),
    "SG903": ("## Thing\n| Field | Type |\n| id | int |\n", "## Thing\n| Field | Type |\n|---|---|\n| id | int |\n"),
    "SG904": ("## Entity: Empty\nProse only.\n", "## Entity: Empty\nProse only.\n\n" + TABLE),
}


def codes_of(tmp_path: Path, spec: Spec, cli, monkeypatch: pytest.MonkeyPatch) -> set[str]:  # type: ignore[no-untyped-def]
    """The codes `specgen validate --format json` reports for a project holding this one spec."""
    text, dialects = (spec, '["postgresql", "sqlite"]') if isinstance(spec, str) else spec
    (tmp_path / "specs" / "database").mkdir(parents=True, exist_ok=True)
    (tmp_path / "specs" / "database" / "spec.md").write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f"[tool.specgen]\ndialects = {dialects}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("validate", "--format", "json")
    assert code in (0, 1) and "Traceback" not in err, err
    return {f["code"] for f in json.loads(out)}


@pytest.mark.parametrize("code", sorted(BOTH_WAYS))
def test_rule_both_ways(tmp_path: Path, code: str, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    bad, fixed = BOTH_WAYS[code]
    assert code in codes_of(tmp_path / "bad", bad, cli, monkeypatch)
    assert code not in codes_of(tmp_path / "fixed", fixed, cli, monkeypatch)


# ---- the checker -------------------------------------------------------------------------------------------

# A line that asserts a code is absent: `findings(d, "SG301") == []`, `assert "SG904" not in codes`, …
ABSENT = re.compile(r"assert not\b|== \[\]|\bnot in\b|== set\(\)|== 0\b|not any\(|\bis None\b")


def codes_tested_both_ways(codes: list[str]) -> set[str]:
    """Codes that some test module asserts both present and absent (on lines naming the code, in its test
    functions), or lists in a `BOTH_WAYS` table of (bad, fixed) inputs."""
    present: dict[str, set[str]] = {}
    absent: dict[str, set[str]] = {}
    tabled: set[str] = set()
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
                targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
                if any(isinstance(t, ast.Name) and t.id == "BOTH_WAYS" for t in targets):
                    tabled |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for line in (ast.get_source_segment(source, node) or "").splitlines():
                    for code in codes:
                        if code in line:
                            (absent if ABSENT.search(line) else present).setdefault(code, set()).add(path.name)
    return tabled | {c for c in codes if present.get(c, set()) & absent.get(c, set())}


def test_every_rule_code_is_tested_both_ways() -> None:
    from specgen.validate import rules

    codes = [r.code for r in rules()]
    missing = [c for c in codes if c not in codes_tested_both_ways(codes)]
    assert not missing, f"rule codes without a test that they fire on a bad input and not on the fixed one: {missing}"
