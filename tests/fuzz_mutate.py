"""Mutation fuzzing of specgen: real specs (examples, docs, seeds, corpus DDL) mutated line by line, cell by cell and
byte by byte, then read, designed, validated and rendered in-process.

`run_mutant` returns the problems found for one input: an exception outside the SpecgenError family, a run over
the time bound, output that differs between two runs, a design.yaml that does not load back unchanged, validate
judging the reloaded design differently, a rendered Python file that does not compile, or a spec payload that got
executed. tests/test_fuzz.py runs a bounded, seeded batch; `python tests/fuzz_mutate.py N` runs N and prints the
distinct failure sites.
"""

from __future__ import annotations

import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SENTINEL = "SPECGEN_FUZZ_EXECUTED"
TIME_BOUND = 10.0  # seconds per input for read + design twice + reload + validate + render every target
# Over TIME_BOUND is a finding only when the fuzzer runs on its own (`python tests/fuzz_mutate.py`): in the unit
# suite a loaded machine is not a bug, and only a hang (3x the bound, an alarm) fails a test.
REPORT_SLOW = False
# Inputs that were slow (backtracking, quadratic): test_fuzz runs them, `make bench` times them (budget 5 s).
PATHOLOGICAL = {
    "long paragraph line": "## Entity: T\n\na" + " " * 3000 + "b\n\n| Column | Type |\n|---|---|\n| id | uuid |\n",
    "bracket column cell": "## Entity: T\n\n| Column | Type |\n|---|---|\n| i" + "[" * 5000 + " | integer |\n",
}

# Values that have broken readers or renderers, or that a database rejects.
TOKENS = [
    "varchar(" + "9" * 5000 + ")",
    "numeric(99999999999, 3)",
    "varchar(0)",
    "varchar(²)",
    "CharField(max_length=²)",
    "String(" + "9" * 5000 + ")",
    "DecimalField(max_digits=²)",
    "rows: " + "9" * 5000,
    "rows: ²",
    "int(٣)",
    "9" * 5000,
    "1e999",
    "-0",
    "NaN",
    "enum(x, x)",
    "enum()",
    "uuid[]",
    "date[]",
    "Color[]",
    "text[][]",
    "fk nowhere.id on delete cascade",
    "fk users.id on delete explode",
    "references t(a, b)",
    "pk",
    "unique, index, pk, fk",
    "check: (a > 0",
    "check: " + "(" * 300 + "1" + ")" * 300,
    "now",
    "on update now",
    "default: {x: 1}",
    "0); DROP TABLE users; --",
    "'",
    '"',
    "`",
    "\\",
    "\\ud800",
    '"\\ud800"',
    "\ufeff",
    "\u2028",
    "\u0085",
    "\x00",
    "\x0b",
    "\u202e",
    "é",
    "💥",
    "Ｉｄ",
    "__import__('os').system('touch " + SENTINEL + "')",
    "{{7*7}}",
    "${x}",
    "lazy sometimes",
    "cascade all, delete-orpan",
    "one-to-many",
    "many-to-many Nowhere through nowhere_links",
    "USING hnsw",
    "gin (tags)",
    "where (",
    "DELIMITER",
    "DELIMITER $$",
    "\\connect x",
    "&a [1, *a]",
    "*a",
    "!!python/object:os.system",
    "2024-02-30",
    "[" * 200,
    "{" * 200,
    "(" * 1000,
    "---",
    "|",
    "||",
    "| a | b |",
    "|---|---|",
    "- ",
    "## Entity: ",
    "## Entity: X",
    "## Enum: E",
    "### Relationships",
    "### Indexes",
    "### Constraints",
    "Table users {",
    "model User {",
    "erDiagram",
    "CREATE TABLE",
    "CREATE INDEX ix ON t USING bloom (a);",
    "class X(Base):",
    "    __tablename__ = 'x'",
    "    id: Mapped[int] = mapped_column(primary_key=True)",
    "    s = relationship(foreign_keys=[nothing])",
    "entities: 5",
    "columns: 3",
    "on_delete: cascade",
    "type: one-to-many",
    "database_type: varchr",
    "primary_key: id",
]
FENCES = ["```", "```sql", "```python", "```yaml", "```mermaid", "```dbml", "```prisma", "~~~", "````", "```sql sqlite"]
FENCE_SWAP = {
    "```sql": ["```python", "```yaml", "```mermaid"],
    "```python": ["```sql", "```yaml"],
    "```yaml": ["```sql", "```python", "```json"],
    "```mermaid": ["```sql", "```yaml"],
}


# -- inputs ------------------------------------------------------------------------------------------------------


def inputs() -> list[tuple[str, str]]:
    """(name, text) of every input the mutants start from: sorted, so that a seed names the same mutants."""
    out: list[tuple[str, str]] = []
    for pattern in ("specs/database/*.md", "tests/cases/**/*.md", "tests/render_specs/*.md", "docs/*.md"):
        for p in sorted(ROOT.glob(pattern)):
            if p.name != "rules.md":  # generated rule reference: prose, no spec
                out.append((str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")))
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        out += [(f"seeds/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        for p in sorted(corpus.rglob("*.sql")):
            text = p.read_text(encoding="utf-8", errors="replace")
            out.append((f"corpus/{p.relative_to(corpus)}", text))
    return out


def _excerpt(name: str, text: str, rng: random.Random) -> str:
    """Corpus DDL as a spec: a window of at most 150 lines in a ```sql fence (whole dumps are slow to mutate)."""
    if not name.startswith("corpus/"):
        return text
    lines = text.split("\n")
    start = rng.randrange(max(1, len(lines) - 150))
    return "```sql\n" + "\n".join(lines[start : start + 150]) + "\n```\n"


# -- mutations ---------------------------------------------------------------------------------------------------


def _line_delete(lines: list[str], rng: random.Random) -> None:
    if lines:
        del lines[rng.randrange(len(lines))]


def _line_duplicate(lines: list[str], rng: random.Random) -> None:
    if lines:
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])


def _line_swap(lines: list[str], rng: random.Random) -> None:
    if len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]


def _line_token(lines: list[str], rng: random.Random) -> None:
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(TOKENS))


def _cell(lines: list[str], rng: random.Random) -> None:
    """Replace one cell of a table row (or one word of a line) by a token."""
    rows = [i for i, ln in enumerate(lines) if ln.count("|") >= 2 and "---" not in ln]
    if rows:
        i = rng.choice(rows)
        cells = lines[i].split("|")
        inner = list(range(1, len(cells) - 1)) or [0]
        cells[rng.choice(inner)] = f" {rng.choice(TOKENS)} "
        lines[i] = "|".join(cells)
        return
    _word(lines, rng)


def _word(lines: list[str], rng: random.Random) -> None:
    if not lines:
        return
    i = rng.randrange(len(lines))
    words = lines[i].split(" ")
    words[rng.randrange(len(words))] = rng.choice(TOKENS)
    lines[i] = " ".join(words)


def _byte(lines: list[str], rng: random.Random) -> None:
    """Insert, delete or replace one character (control characters and odd unicode included)."""
    if not lines:
        return
    i = rng.randrange(len(lines))
    s = lines[i]
    k = rng.randrange(len(s) + 1)
    ch = rng.choice(["\x00", "\t", "\r", "\x1b", "\u00a0", "\u200b", "\u0301", "é", "\U0001f4a5", "'", '"', "`", "|"])
    op = rng.randrange(3)
    if op == 0:
        lines[i] = s[:k] + ch + s[k:]
    elif op == 1 and s:
        lines[i] = s[: max(0, k - 1)] + s[k:]
    else:
        lines[i] = s[:k] + ch + s[k + 1 :]


def _huge_number(lines: list[str], rng: random.Random) -> None:
    with_digits = [i for i, ln in enumerate(lines) if any(ch.isdigit() for ch in ln)]
    if not with_digits:
        return _line_token(lines, rng)
    i = rng.choice(with_digits)
    s = lines[i]
    k = next(j for j in range(rng.randrange(len(s)), len(s) + len(s)) if s[j % len(s)].isdigit()) % len(s)
    lines[i] = s[:k] + rng.choice(["9" * 5000, "99999999999999999999", "0" * 50 + "1", "-1", "1e999"]) + s[k + 1 :]


def _nesting(lines: list[str], rng: random.Random) -> None:
    if not lines:
        return
    i = rng.randrange(len(lines))
    s = lines[i]
    k = rng.randrange(len(s) + 1)
    open_, close = rng.choice([("(", ")"), ("[", "]"), ("{", "}"), ("[", ""), ("(", "")])
    n = rng.choice([60, 200, 1000, 5000])
    lines[i] = s[:k] + open_ * n + close * n + s[k:]


def _fence(lines: list[str], rng: random.Random) -> None:
    """Insert a fence line, or swap the language of an existing fence."""
    fences = [i for i, ln in enumerate(lines) if ln.strip().startswith(("```", "~~~"))]
    if fences and rng.random() < 0.5:
        i = rng.choice(fences)
        head = lines[i].strip()
        lines[i] = rng.choice(FENCE_SWAP.get(head, FENCES))
        return
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(FENCES))


def _unicode(lines: list[str], rng: random.Random) -> None:
    if not lines:
        return
    i = rng.randrange(len(lines))
    lines[i] = lines[i].replace(rng.choice("aeiou_"), rng.choice(["é", "ı", "ẞ", "Ａ", "\u0301", "\u200d", "ǅ"]), 1)


MUTATIONS = [
    _line_delete,
    _line_duplicate,
    _line_swap,
    _line_token,
    _cell,
    _word,
    _byte,
    _huge_number,
    _nesting,
    _fence,
    _unicode,
]


def mutants(count: int, seed: int = 0) -> Iterator[tuple[str, str, str]]:
    """(input name, mutation names, mutated text), `count` of them, the same ones for the same seed."""
    pool = inputs()
    rng = random.Random(seed)
    for _ in range(count):
        name, text = rng.choice(pool)
        lines = _excerpt(name, text, rng).split("\n")
        applied = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            m = rng.choice(MUTATIONS)
            m(lines, rng)
            applied.append(m.__name__.lstrip("_"))
        yield name, "+".join(applied), "\n".join(lines)


def _splice(lines: list[str], rng: random.Random) -> None:
    """Insert a few lines of another input (cross-over: one form's text inside another form's block)."""
    name, text = rng.choice(_POOL or inputs())
    other = text.split("\n")
    k = rng.randrange(len(other))
    lines[rng.randrange(len(lines) + 1) : 0] = other[k : k + rng.randint(1, 6)]


_POOL: list[tuple[str, str]] = []
MUTATIONS.append(_splice)

# design.yaml edited by hand: a value replaced by one of these (wrong types, out-of-range numbers, odd names).
VALUES = [
    "5", "-1", "0", "null", "[]", "{}", "[[]]", "{x: 1}", "true", "''", '"\\ud800"', "9" * 5000, "1e999",
    ".nan", "varchr", "date[]", "enum", "array", "text[][]", "CASCADE", "explode", "one_to_many", "many_to_many",
    "nowhere", "nowhere.id", "2024-02-30", "&a x", "*a", "!!binary AAAA", "[" * 100, "'a''b'", "x y",
    "\"select 1; drop table x\"", "uuid4", "now", "expression", "literal", "generator",
]  # fmt: skip


def design_mutants(count: int, seed: int = 0) -> Iterator[tuple[str, str, str]]:
    """(input name, mutation, mutated design.yaml) from the design.yaml of unmutated inputs."""
    from specgen.config import Settings
    from specgen.design.yaml_io import dump_design
    from specgen.pipeline import design_specs

    rng = random.Random(seed)
    pool = inputs()
    cache: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="specgen-fuzz-design-") as tmp:
        for _ in range(count):
            name, text = rng.choice(pool)
            if name not in cache:
                spec = Path(tmp) / "spec.md"
                spec.write_text(_excerpt(name, text, random.Random(0)), encoding="utf-8")
                cache[name] = dump_design(design_specs([spec], Settings(root=tmp)).design)
            lines = cache[name].split("\n")
            applied = []
            for _ in range(rng.choice([1, 1, 2])):
                values = [i for i, ln in enumerate(lines) if ":" in ln and not ln.lstrip().startswith("#")]
                if not values or rng.random() < 0.2:
                    m = rng.choice([_line_delete, _line_duplicate, _line_swap])
                    m(lines, rng)
                    applied.append(m.__name__.lstrip("_"))
                    continue
                i = rng.choice(values)
                key, _, _ = lines[i].partition(":")
                lines[i] = f"{key}: {rng.choice(VALUES)}"
                applied.append(f"value {key.strip(' -')}")
            yield name, "+".join(applied), "\n".join(lines)


def run_design_mutant(text: str, workdir: Path, bound: float = TIME_BOUND) -> list[Failure]:
    """A hand-edited design.yaml: load, validate, render every target when validate finds no error."""
    return _guarded(lambda: _run_design(text, workdir), bound)


def _run_design(text: str, workdir: Path) -> list[Failure]:
    from specgen.config import Settings
    from specgen.design.yaml_io import load_design
    from specgen.validate import validate

    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "design.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    settings = Settings(root=str(workdir))
    design = load_design(path)
    if any(f.severity == "error" for f in validate(design, settings)):
        return []
    return _render_all(design, settings, workdir)


# -- running one input -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    kind: str  # crash | slow | nondeterministic | roundtrip | revalidate | syntax | executed
    site: str  # the innermost specgen frame (file:line function) or what differed
    detail: str


class _Timeout(BaseException):  # BaseException: a reader's `except Exception` cannot swallow it
    pass


def _site(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/specgen/" in f.filename]
    f = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {f.filename.rpartition('/src/')[2] or f.filename}:{f.lineno} {f.name}"


def run_mutant(text: str, workdir: Path, bound: float = TIME_BOUND) -> list[Failure]:
    """Read, design (twice), reload, validate and render one spec text; the problems found."""
    return _guarded(lambda: _run(text, workdir), bound)


def _guarded(run, bound: float) -> list[Failure]:  # type: ignore[no-untyped-def]
    from specgen.errors import SpecgenError

    def on_alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise _Timeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(bound * 3))
    start = time.perf_counter()
    try:
        found: list[Failure] = run()
        took = time.perf_counter() - start
        return found + ([Failure("slow", "time bound", f"{took:.1f} s")] if REPORT_SLOW and took > bound else [])
    except _Timeout:
        return [Failure("slow", "hang", f"over {bound * 3:.0f} s")]
    except SpecgenError:
        return []
    except Exception as exc:  # noqa: BLE001 - what the fuzzer looks for
        return [Failure("crash", _site(exc), f"{type(exc).__name__}: {str(exc)[:200]}")]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _run(text: str, workdir: Path) -> list[Failure]:
    from specgen.config import Settings
    from specgen.design.yaml_io import dump_design, load_design
    from specgen.errors import SpecgenError
    from specgen.pipeline import design_specs
    from specgen.validate import rules, validate
    from specgen.validate.reading import reading_findings
    from specgen.validate.report import FORMATS
    from specgen.validate.report import render as report

    failures: list[Failure] = []
    spec = workdir / "specs" / "database" / "spec.md"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_bytes(text.encode("utf-8", "surrogatepass"))
    settings = Settings(root=str(workdir))
    result = design_specs([spec], settings)
    first = dump_design(result.design, result.plan)
    second = design_specs([spec], settings)
    again = dump_design(second.design, second.plan)
    if again != first:
        failures.append(Failure("nondeterministic", "design.yaml differs between two runs", _diff(first, again)))
    saved = workdir / "design.yaml"
    saved.write_text(first, encoding="utf-8")
    try:
        loaded = load_design(saved)
    except SpecgenError as exc:
        if not result.errors:
            failures.append(Failure("roundtrip", "design.yaml does not load back", "\n".join(exc.lines())[:300]))
        loaded = None
    if loaded is not None:
        reloaded = dump_design(loaded)
        if reloaded != first:
            failures.append(Failure("roundtrip", "dump(load(dump)) != dump", _diff(first, reloaded)))
    findings = validate(result.design, settings, plan=result.plan, reading=reading_findings(result.diagnostics))
    for fmt in FORMATS:
        report(findings, fmt, rules=rules())
    if loaded is not None:
        plain = [f for f in validate(result.design, settings, plan=result.plan) if not f.code.startswith("SG9")]
        again_found = [f for f in validate(loaded, settings) if not f.code.startswith("SG9")]
        if [f.format() for f in plain] != [f.format() for f in again_found]:
            failures.append(Failure("revalidate", "validate design.yaml differs from validate specs", ""))
    if result.errors or any(f.severity == "error" for f in findings):
        return failures
    return failures + _render_all(result.design, settings, workdir)


def _render_all(design, settings, workdir: Path) -> list[Failure]:  # type: ignore[no-untyped-def]
    from specgen.render import TARGETS, render

    failures: list[Failure] = []
    for target in sorted(TARGETS):
        files = render(design, target, settings, workdir / "generated")
        for path, body in sorted(files.items()):
            body.encode("utf-8")  # the writer writes UTF-8: a lone surrogate here is a crash at write time
            if path.suffix == ".py":
                try:
                    compile(body, str(path), "exec")
                except SyntaxError as exc:
                    failures.append(Failure("syntax", f"{target}: generated {path.name} does not compile", str(exc)))
    return failures


def _diff(a: str, b: str) -> str:
    import difflib

    return "".join(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True), n=0))[:12])[:600]


def executed(*dirs: Path) -> bool:
    """Whether a spec payload ran (it would create the sentinel file in the working directory)."""
    return any((d / SENTINEL).exists() for d in dirs)


def run_batch(
    count: int, seed: int = 0, keep: Path | None = None, design_yaml: bool = False
) -> tuple[int, dict[tuple[str, str], list[str]]]:
    """Run `count` mutants (of specs, or with `design_yaml` of design.yaml files); return
    (how many ran, {(kind, site): [failing inputs]})."""
    found: dict[tuple[str, str], list[str]] = {}
    ran = 0
    source = design_mutants(count, seed) if design_yaml else mutants(count, seed)
    run = run_design_mutant if design_yaml else run_mutant
    with tempfile.TemporaryDirectory(prefix="specgen-fuzz-") as tmp:
        for n, (name, how, text) in enumerate(source):
            work = Path(tmp) / str(n)
            problems = run(text, work)
            if executed(work, Path.cwd()):
                problems.append(Failure("executed", "a spec payload ran", ""))
            ran += 1
            for f in problems:
                label = f"#{n} {name} ({how}): {f.detail[:160]}"
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    target = keep / f"{f.kind}-{n}.{'yaml' if design_yaml else 'md'}"
                    target.write_bytes(text.encode("utf-8", "surrogatepass"))
                    label += f" -> {target}"
                found.setdefault((f.kind, f.site), []).append(label)
    return ran, found


if __name__ == "__main__":  # python tests/fuzz_mutate.py COUNT [SEED] [KEEP_DIR] [--design]
    sys.argv = [a for a in sys.argv if a != "--design"] + (["--design"] if "--design" in sys.argv else [])
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    REPORT_SLOW = True
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    keep = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    t0 = time.perf_counter()
    ran, found = run_batch(count, seed, keep, design_yaml="--design" in sys.argv)
    print(f"{ran} mutants in {time.perf_counter() - t0:.0f} s; {len(found)} distinct failure sites")
    for (kind, site), where in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f"[{kind}] {site}: {len(where)} input(s)")
        for w in where[:3]:
            print(f"    {w}")
