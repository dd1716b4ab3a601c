"""`make bench`: specgen's budgets on synthetic specs, each beside a peer measured in the same run.

Workloads come from ../shared/tools/synth_schema.py (1,000 and 5,000 tables). Figures are wall-clock
seconds, best of N runs. Peers (sqlacodegen, alembic autogenerate) are measured when installed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYNTH = ROOT.parent / "shared" / "tools" / "synth_schema.py"
CACHE = Path(tempfile.gettempdir()) / "specgen-bench"
BIN = Path(sys.executable).parent


def workload(n: int) -> Path:
    out = CACHE / str(n)
    if not (out / "schema.sql").is_file() or not (out / "specs_speckit").is_dir():
        if not SYNTH.is_file():
            sys.exit(f"bench needs {SYNTH} (the shared workload generator)")
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(SYNTH), str(n), str(out)], check=True)
    return out


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cli(*args: str) -> Callable[[], None]:
    def run() -> None:
        # Uncached: these figures measure reading the specs (the cache is measured by everyday()).
        env = {**os.environ, "SPECGEN_NO_CACHE": "1"}
        proc = subprocess.run([str(BIN / "specgen"), *args], capture_output=True, text=True, env=env)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"specgen {' '.join(args)} failed:\n{proc.stderr[-2000:]}")

    return run


def pipeline(specs: Path) -> dict[str, float]:
    """One process, as a user's `design` + `validate` + `render` would spend it, stage by stage."""
    code = f"""
import gc, json, time, tempfile
from pathlib import Path
gc.disable()  # as the CLI does
t = {{}}
s = time.perf_counter()
from specgen.config import Settings
from specgen.pipeline import design_specs
from specgen.design.yaml_io import dump_design
settings = Settings()
r = design_specs([{str(specs)!r}], settings); t["design"] = time.perf_counter() - s
s = time.perf_counter(); dump_design(r.design); t["write yaml"] = time.perf_counter() - s
errors = {{}}
try:
    from specgen.validate import validate
    s = time.perf_counter(); validate(r.design, settings); t["validate"] = time.perf_counter() - s
except Exception as exc:
    errors["validate"] = repr(exc)[:200]
from specgen import render as R
out = Path(tempfile.mkdtemp())
for target in ("sqlmodel", "alembic"):
    if target in getattr(R, "TARGETS", {{}}):
        try:
            s = time.perf_counter(); R.render(r.design, target, settings, out); t["render " + target] = time.perf_counter() - s
        except Exception as exc:
            errors["render " + target] = repr(exc)[:200]
print(json.dumps({{"t": t, "errors": errors}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    for stage, err in out["errors"].items():
        print(f"  ! {stage} did not run: {err}")
    return out["t"]


README_COMMANDS = (("design",), ("validate",), ("render", "--target", "sqlmodel"), ("render", "--target", "alembic"))


def project(specs: Path) -> Path:
    """A fresh project (pyproject.toml, a copy of the specs, no generated/ and so no cache)."""
    import shutil

    root = Path(tempfile.mkdtemp(prefix="specgen-bench-"))
    (root / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\n')
    shutil.copytree(specs, root / "specs")
    return root


def in_project(root: Path, *commands: tuple[str, ...]) -> list[float]:
    """Wall-clock seconds of each command, run one after the other as a user runs them."""
    times = []
    for args in commands:
        start = time.perf_counter()
        proc = subprocess.run([str(BIN / "specgen"), *args], cwd=root, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"specgen {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return times


# What the three commands after `design` cannot avoid in a fresh process: start, load the CLI, find the project,
# load the cached design (and its plan) -- and no work. Measured so that the budget below reads against it.
FLOOR = """
import os, sys
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
import gc; gc.disable()
import specgen.cli
from specgen.pipeline import require_design
design, _ = require_design([], specgen.cli._settings(None))
sys.stdout.flush(); os._exit(0 if design.database_schema.entities else 3)
"""


def floor(specs: Path, runs: int) -> float:
    """Seconds of FLOOR three times over, in a project whose `design` has run (best of `runs`)."""
    root = project(specs)
    in_project(root, ("design",))

    def three() -> None:
        for _ in range(3):
            subprocess.run([sys.executable, "-c", FLOOR], cwd=root, check=True)

    return best(three, runs)


# The budgets, as ratios against sqlacodegen measured in the same run (see everyday()).
BUDGETS = {"four commands cold": 0.25, "four commands warm": 0.25, "build warm": 0.10}


def everyday(
    specs: Path, runs: int, peer: Callable[[], float | None]
) -> tuple[dict[str, float], dict[str, list[float]]]:
    """The README's four commands and `specgen build`, as a user runs them, and the peer between them.

    cold: a fresh project (no generated/, so no cache): `design` parses and caches, the later commands
    reuse its design (and validate's findings). second: the same commands again, after the revision
    the cold run wrote (the plan is made again against it). warm: unchanged specs and outputs once more
    (each command is replayed from the cache). Best of `runs` for each; the peer is measured once per
    round, between them, so that a machine shared with other work loads both alike."""
    totals: dict[str, list[float]] = {}
    each: dict[str, list[list[float]]] = {}
    for _ in range(runs):
        secs = peer()
        if secs is not None:
            totals.setdefault("peer sqlacodegen", []).append(secs)
        for name, commands in (("four commands", README_COMMANDS), ("build", (("build",),))):
            root = project(specs)
            for phase in ("cold", "second", "warm"):
                t = in_project(root, *commands)
                totals.setdefault(f"{name} {phase}", []).append(sum(t))
                each.setdefault(f"{name} {phase}", []).append(t)
    best_each = {k: [min(col) for col in zip(*v, strict=True)] for k, v in each.items()}
    return {k: min(v) for k, v in totals.items()}, best_each


def compile_specgen() -> None:
    """Byte-compile specgen, as installing a wheel does: figures are those of an installed specgen, not of
    a first run that compiles every module (PYTHONDONTWRITEBYTECODE would otherwise make every run pay it)."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("specgen")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def sqlite_db(work: Path) -> Path:
    db = work / "schema.sqlite"
    if not db.exists():
        con = sqlite3.connect(db)
        con.executescript((work / "schema.sql").read_text())
        con.close()
    return db


def peer_sqlacodegen(work: Path, runs: int = 1) -> float | None:
    exe = BIN / "sqlacodegen"
    if not exe.exists():
        return None
    db = sqlite_db(work)
    return best(
        lambda: subprocess.run(
            [str(exe), "--generator", "sqlmodels", f"sqlite:///{db}"], capture_output=True, check=True
        ),
        runs,
    )


def peer_autogenerate(work: Path) -> float | None:
    """alembic autogenerate: compare the models' metadata with an empty database and render the ops."""
    code = f"""
import time, sqlalchemy as sa
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.runtime.migration import MigrationContext
src = sa.create_engine("sqlite:///{sqlite_db(work)}")
md = sa.MetaData(); md.reflect(src)
s = time.perf_counter()
with sa.create_engine("sqlite://").connect() as conn:
    render_python_code(produce_migrations(MigrationContext.configure(conn), md).upgrade_ops)
print(time.perf_counter() - s)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(proc.stdout.strip()) if proc.returncode == 0 else None


def import_time(module: Path) -> float | str:
    """Seconds to import a generated models module and configure its mappers, in a fresh interpreter."""
    code = f"""
import sys, time
sys.path.insert(0, {str(module.parent)!r})
s = time.perf_counter()
import {module.stem}
import sqlalchemy.orm
sqlalchemy.orm.configure_mappers()
print(time.perf_counter() - s)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        return "fails: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:120]
    return float(proc.stdout.strip().splitlines()[-1])


def models_import(work: Path) -> tuple[float | str, float | str | None]:
    """Our SQLModel module vs sqlacodegen's for the same schema (None: sqlacodegen not installed)."""
    out = Path(tempfile.mkdtemp())
    subprocess.run(
        [str(BIN / "specgen"), "render", "--target", "sqlmodel", str(work / "specs"), "-o", str(out)],
        capture_output=True,
        check=True,
    )
    ours = import_time(out / "models.py")
    exe = BIN / "sqlacodegen"
    if not exe.exists():
        return ours, None
    peer = out / "peer_models.py"
    with peer.open("w") as fh:
        subprocess.run([str(exe), "--generator", "sqlmodels", f"sqlite:///{sqlite_db(work)}"], stdout=fh, check=True)
    return ours, import_time(peer)


def report_everyday(work: Path, runs: int, results: dict[str, object], misses: list[str]) -> None:
    """The budgeted figures: print them, and add each missed budget to `misses`."""
    daily, each = everyday(work / "specs", runs, lambda: peer_sqlacodegen(work))
    results["everyday"] = daily
    results["everyday per command"] = each
    peer_secs = daily.pop("peer sqlacodegen", None)
    if peer_secs is not None:
        results["peer sqlacodegen (same run)"] = peer_secs
        print(f"  peer sqlacodegen --generator sqlmodels  {peer_secs:.3f} s   (best of {runs}, same run)")
    for label, secs in daily.items():
        budget = BUDGETS.get(label)
        ratio = secs / peer_secs if peer_secs else None
        shown = f"{ratio:.2f}x sqlacodegen" if ratio is not None else "no peer"
        if budget is not None:
            shown += f" (budget {budget:.2f}x)"
            if ratio is not None and ratio > budget:
                misses.append(f"{label}: {ratio:.2f}x sqlacodegen, budget {budget:.2f}x")
        print(f"  {label:<38} {secs:.3f} s   {shown}")
        print(f"    {'  '.join(f'{secs:.2f}' for secs in each[label])}   (each command, s)")
    results["floor"] = low = floor(work / "specs", runs)
    shown = f"{low / peer_secs:.2f}x sqlacodegen" if peer_secs else "no peer"
    print(f"  floor: start + cached design, x3       {low:.3f} s   {shown} (the later three commands, no work)")


def pathological(runs: int) -> dict[str, float]:
    """Inputs that once backtracked or went quadratic (tests/fuzz_mutate.py PATHOLOGICAL): `specgen design` on
    each, budget 5 s (the unit suite only guards them against hanging)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fuzz_mutate import PATHOLOGICAL

    out: dict[str, float] = {}
    for name, text in PATHOLOGICAL.items():
        spec = Path(tempfile.mkdtemp()) / "spec.md"
        spec.write_text(text, encoding="utf-8")
        out[name] = best(cli("design", str(spec), "-o", str(spec.with_suffix(".yaml"))), runs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--skip-import", action="store_true", help="skip timing the import of the generated models")
    ap.add_argument("--budgets-only", action="store_true", help="only the budgeted figures (four commands, build)")
    args = ap.parse_args()
    results: dict[str, object] = {}
    misses: list[str] = []
    compile_specgen()
    print(f"specgen bench ({os.cpu_count()} cores, best of {args.runs})")
    if args.budgets_only:
        print("\n1000 entities")
        report_everyday(workload(1000), args.runs, results, misses)
        return finish(args.json, results, misses)
    results["help"] = best(cli("--help"), args.runs)
    print(f"  specgen --help                         {results['help']:.3f} s   (budget 0.3 s)")
    if subprocess.run([str(BIN / "specgen"), "validate", "--help"], capture_output=True).returncode == 0:
        small = ROOT / "specs" / "database" / "collections.md"
        results["validate small"] = best(cli("validate", str(small)), max(args.runs, 5))
        print(f"  specgen validate collections.md        {results['validate small']:.3f} s   (budget 0.3 s)")
        results["validate examples"] = best(cli("validate", str(ROOT / "specs")), args.runs)
        print(
            f"  specgen validate specs/ (SQL, Python)  {results['validate examples']:.3f} s   (sqlglot loads for SQL)"
        )
    results["pathological"] = slow_inputs = pathological(args.runs)
    for name, secs in slow_inputs.items():
        print(f"  specgen design, {name:<23} {secs:.3f} s   (budget 5 s)")
    design_cli: dict[int, float] = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        work = workload(n)
        specs = work / "specs"
        out = Path(tempfile.mkdtemp()) / "design.yaml"
        design_cli[n] = best(cli("design", str(specs), "-o", str(out)), args.runs)
        stages = min((pipeline(specs) for _ in range(args.runs)), key=lambda t: sum(t.values()))
        total = sum(stages.values())
        results[f"{n}"] = {"specgen design (cli)": design_cli[n], "stages": stages, "pipeline total": total}
        print(f"\n{n} entities ({sum(f.stat().st_size for f in specs.rglob('*.md')) / 1e6:.2f} MB of Markdown)")
        print(
            f"  specgen design (whole command)         {design_cli[n]:.3f} s"
            + ("   (budget 1.5 s)" if n == 1000 else "")
        )
        speckit = work / "specs_speckit"
        if speckit.is_dir():
            secs = best(cli("design", str(speckit), "-o", str(out.with_name("speckit.yaml"))), args.runs)
            results[f"{n}"]["specgen design speckit (cli)"] = secs  # type: ignore[index]
            print(
                f"  specgen design, spec-kit data models   {secs:.3f} s   ({secs / design_cli[n]:.2f}x native;"
                " budget 1.2x)"
            )
        for stage, secs in stages.items():
            budget = "   (budget 0.5 s)" if n == 1000 and stage == "render sqlmodel" else ""
            print(f"    {stage:<34} {secs:.3f} s{budget}")
        print(f"  pipeline total in one process          {total:.3f} s" + ("   (budget 2.0 s)" if n == 1000 else ""))
        if n == 1000:
            report_everyday(work, args.runs, results, misses)
            for name, peer in (
                ("sqlacodegen --generator sqlmodels", peer_sqlacodegen),
                ("alembic autogenerate (produce+render)", peer_autogenerate),
            ):
                secs = peer(work)
                if secs is None:
                    print(f"  peer {name}: not installed / failed")
                    continue
                results[f"peer {name}"] = secs
                print(f"  peer {name:<33} {secs:.3f} s   specgen pipeline is {secs / total:.1f}x faster")
            if not args.skip_import:
                ours, peer = models_import(work)
                results["models import"] = {"specgen": ours, "sqlacodegen": peer}
                show = lambda v: f"{v:.1f} s" if isinstance(v, float) else str(v)  # noqa: E731
                print(
                    f"  import + configure_mappers of the models: specgen {show(ours)}, "
                    f"sqlacodegen {show(peer) if peer is not None else 'not installed'}"
                )
    if len(design_cli) == 2:
        small_n, big_n = sorted(design_cli)
        ratio = design_cli[big_n] / design_cli[small_n]
        results["scaling"] = ratio
        print(f"\nscaling: {big_n} entities cost {ratio:.2f}x what {small_n} cost (budget 5.5x)")
    finish(args.json, results, misses)


def finish(json_path: str | None, results: dict[str, object], misses: list[str]) -> None:
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2) + "\n")
    if misses:
        print("\nmissed budgets:\n  " + "\n  ".join(misses))
        sys.exit(1)


if __name__ == "__main__":
    main()
