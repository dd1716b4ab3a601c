"""Score `specgen design` on the wild corpus (../shared/wild) against its hand labels (EXPECT.yaml).

Each document is designed alone by the CLI in a fresh process, as a user runs it
(`specgen design FILE -o OUT`), and the written design.yaml is compared with EXPECT:

- entities: expected entities that the design holds (by name or table, case and `_`/`-` blind,
  singular and plural alike);
- columns: expected columns of matched entities that the design entity holds;
- stated FKs: expected foreign keys with a target whose column has an FK to that target;
- invented: design entities that match no expected entity (`not_entities` included), as a share
  of all design entities.

`python tests/wild_score.py [--json]` prints the figures per file and in total.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
# SPECGEN_WILD: another corpus of the same layout (files/, EXPECT.yaml), e.g. documents gathered to check generality
WILD = Path(os.environ.get("SPECGEN_WILD") or ROOT.parent / "shared" / "wild")


def _norm(name: str | None) -> str:
    return re.sub(r"[^0-9a-z\u00c0-\uffff]", "", (name or "").lower())


def _forms(name: str | None) -> set[str]:
    """A name's spellings a reader may fairly produce: as written, singular, plural."""
    n = _norm(name)
    if not n:
        return set()
    out = {n}
    if n.endswith("ies"):
        out.add(n[:-3] + "y")
    if n.endswith("es"):
        out.add(n[:-2])
    if n.endswith("s"):
        out.add(n[:-1])
    out.add(n + "s")
    out.add(n + "es")
    if n.endswith("y"):
        out.add(n[:-1] + "ies")
    return out


def _names(name: str | None, table: str | None) -> set[str]:
    out = _forms(name) | _forms(table)
    if table and "." in table:
        out |= _forms(table.rsplit(".", 1)[1])
    return out


@dataclass
class FileScore:
    file: str
    exit_code: int
    entities: tuple[int, int] = (0, 0)  # found, expected
    columns: tuple[int, int] = (0, 0)
    fks: tuple[int, int] = (0, 0)
    implied_fks: tuple[int, int] = (0, 0)
    invented: tuple[int, int] = (0, 0)  # invented, design entities
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    missing_fks: list[str] = field(default_factory=list)
    stderr: str = ""


def design_file(path: Path, out: Path) -> tuple[int, dict[str, Any] | None, str]:
    """Run the CLI on one document; return its exit code, the design it wrote and its stderr."""
    env = dict(os.environ, PYTHONHASHSEED="0", COLUMNS="200")
    proc = subprocess.run(
        [sys.executable, "-m", "specgen", "design", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=out.parent,
        timeout=120,
    )
    design = yaml.safe_load(out.read_text(encoding="utf-8")) if out.is_file() else None
    return proc.returncode, design, proc.stderr + proc.stdout


def score(expect: dict[str, Any], design: dict[str, Any] | None) -> FileScore:
    s = FileScore("", 0)
    entities = ((design or {}).get("database_schema") or {}).get("entities") or []
    by_key: dict[str, dict[str, Any]] = {}
    for e in entities:
        for k in _names(e.get("name"), e.get("table_name")):
            by_key.setdefault(k, e)
    table_keys = {id(e): _names(e.get("name"), e.get("table_name")) for e in entities}
    by_table = {e.get("table_name"): e for e in entities}
    matched: set[int] = set()
    found = cols = cols_total = fks = fks_total = ifks = ifks_total = 0
    for exp in expect.get("entities") or []:
        keys = _names(exp.get("name"), exp.get("table"))
        ent = next((by_key[k] for k in sorted(keys) if k in by_key), None)
        exp_cols = exp.get("columns") or []
        cols_total += len(exp_cols)
        stated = [f for f in exp.get("foreign_keys") or [] if f.get("references")]
        fks_total += len(stated)
        implied = exp.get("implied_foreign_keys") or []
        ifks_total += len(implied)
        if ent is None:
            s.missing.append(str(exp.get("name")))
            continue
        matched.add(id(ent))
        found += 1
        have = {_norm(c.get("name")) for c in ent.get("columns") or []}
        for c in exp_cols:
            if _norm(c) in have:
                cols += 1
            else:
                s.missing_columns.append(f"{exp.get('name')}.{c}")
        for f, bucket in [(f, "stated") for f in stated] + [(f, "implied") for f in implied]:
            if _has_fk(ent, f, by_table, table_keys):
                if bucket == "stated":
                    fks += 1
                else:
                    ifks += 1
            elif bucket == "stated":
                s.missing_fks.append(f"{exp.get('name')}.{f.get('column')} -> {f.get('references')}")
    s.extra = [str(e.get("name")) for e in entities if id(e) not in matched]
    s.entities = (found, len(expect.get("entities") or []))
    s.columns = (cols, cols_total)
    s.fks = (fks, fks_total)
    s.implied_fks = (ifks, ifks_total)
    s.invented = (len(s.extra), len(entities))
    return s


def _has_fk(ent: dict[str, Any], f: dict[str, Any], by_table: dict[Any, Any], keys: dict[int, set[str]]) -> bool:
    column = _norm(f.get("column"))
    schema, target = _target(str(f.get("references") or ""))
    target_table = target.rsplit(".", 1)[0] if "." in target else target
    want = _forms(target_table) | _forms(target_table.rsplit(".", 1)[-1])
    for fk in ent.get("foreign_keys") or []:
        if column not in {_norm(c) for c in fk.get("columns") or []}:
            continue
        ref_table = str(fk.get("ref_table") or "")
        ref = by_table.get(ref_table)
        if schema is not None:  # `auth.users.id`: a table of that schema, not a `users` elsewhere
            ref_schema = ref_table.rpartition(".")[0] or (ref or {}).get("schema_name") or "public"
            if _norm(ref_schema) != _norm(schema):
                continue
        have = keys.get(id(ref), set()) if ref else _forms(ref_table) | _forms(ref_table.rpartition(".")[2])
        if want & (have | _forms(ref_table)):
            return True
    return False


def _target(target: str) -> tuple[str | None, str]:
    """(schema, the rest) of a label's `references`: `auth.users.id` is schema, table and column. The labels write
    `Table.column` or `Table`; a schema-qualified table without a column (`steep_repl.nodes`) reads as table and
    column, which still finds the table by the last part's forms only when names line up, so it is left as is."""
    if target.count(".") == 2:
        schema, _, rest = target.partition(".")
        return schema, rest
    return None, target


def run(files: list[Path] | None = None) -> list[FileScore]:
    expect_all = yaml.safe_load((WILD / "EXPECT.yaml").read_text(encoding="utf-8"))
    paths = files or sorted((WILD / "files").glob("*.md"))
    tmp = Path(tempfile.mkdtemp(prefix="specgen-wild-"))

    def one(p: Path) -> FileScore:
        code, design, err = design_file(p, tmp / f"{p.stem}.yaml")
        s = score(expect_all.get(p.name) or {}, design)
        s.file, s.exit_code, s.stderr = p.name, code, err
        return s

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(one, paths))


def totals(scores: list[FileScore]) -> dict[str, tuple[int, int]]:
    keys = ("entities", "columns", "fks", "implied_fks", "invented")
    return {k: (sum(getattr(s, k)[0] for s in scores), sum(getattr(s, k)[1] for s in scores)) for k in keys}


def _pct(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]} ({100 * pair[0] / pair[1]:.1f}%)" if pair[1] else f"{pair[0]}/0"


def report(scores: list[FileScore]) -> str:
    lines = [f"{'file':34} exit entities     columns        stated FKs    implied   invented"]
    for s in scores:
        lines.append(
            f"{s.file:34} {s.exit_code:>4} {s.entities[0]:>3}/{s.entities[1]:<3}    {s.columns[0]:>4}/{s.columns[1]:<4}"
            f"     {s.fks[0]:>3}/{s.fks[1]:<3}       {s.implied_fks[0]:>2}/{s.implied_fks[1]:<2}    "
            f"{s.invented[0]:>2}/{s.invented[1]:<2}"
        )
    t = totals(scores)
    lines.append("total: " + ", ".join(f"{k} {_pct(v)}" for k, v in t.items()))
    return "\n".join(lines)


if __name__ == "__main__":
    only = [Path(a).resolve() for a in sys.argv[1:] if not a.startswith("-")]
    result = run(only or None)
    if "--json" in sys.argv:
        print(json.dumps([s.__dict__ for s in result], indent=1, default=list))
    else:
        print(report(result))
        if "-v" in sys.argv:
            for s in result:
                if s.missing or s.extra or s.missing_columns or s.missing_fks:
                    print(f"\n{s.file}: missing {s.missing} extra {s.extra}")
                    print(f"  missing columns {s.missing_columns[:30]}")
                    print(f"  missing fks {s.missing_fks[:30]}")
