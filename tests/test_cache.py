"""specgen's cache (generated/.cache): unchanged specs reuse their design, findings and whole runs; a
change, a corrupt entry or another specgen recomputes; the output is the same with and without it."""

from __future__ import annotations

import json
from pathlib import Path

from design_edit import edit
from test_diff import AUTHORS, BOOKS
from test_plan import add_row

from conftest import run_specgen

COMMANDS = (("design",), ("validate",), ("render", "--target", "sqlmodel"), ("render", "--target", "alembic"))


def _project(tmp_path: Path, name: str = "p") -> Path:
    root = tmp_path / name
    (root / "specs" / "database").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.specgen]\n")
    (root / "specs" / "database" / "spec.md").write_text("# s\n" + AUTHORS + BOOKS)
    return root


def _outputs(root: Path) -> dict[str, str]:
    gen = root / "generated"
    return {
        str(p.relative_to(gen)): p.read_text()
        for p in sorted(gen.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and "__pycache__" not in p.parts
    }


def _run_all(root: Path, env: dict[str, str] | None = None) -> list[tuple[int, str, str]]:
    out = []
    for args in COMMANDS:
        res = run_specgen(*args, cwd=root, env=env)
        out.append((res.returncode, res.stdout, res.stderr))
    return out


def test_cached_runs_match_uncached_ones(tmp_path: Path) -> None:
    cached, plain = _project(tmp_path, "cached"), _project(tmp_path, "plain")
    for _ in range(3):  # cold, after the revision, warm (replayed)
        a = _run_all(cached)
        b = _run_all(plain, env={"SPECGEN_NO_CACHE": "1"})
        assert [x[0] for x in a] == [x[0] for x in b] == [0, 0, 0, 0]
        assert [x[1:] for x in a] == [x[1:] for x in b]
    assert _outputs(cached) == _outputs(plain)
    assert (cached / "generated" / ".cache" / "design.json").is_file()
    assert not (plain / "generated" / ".cache").exists()
    assert (cached / "generated" / ".cache" / ".gitignore").read_text().strip().endswith("*")
    assert run_specgen("check", cwd=cached).returncode == 0  # the cache is no generated file to check


def test_a_changed_spec_is_read_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _run_all(root)
    _run_all(root)
    spec = root / "specs" / "database" / "spec.md"
    spec.write_text("# s\n" + add_row(AUTHORS, "| country | varchar(2) | yes | | |") + BOOKS)
    res = run_specgen("render", "--target", "sqlmodel", cwd=root)
    assert res.returncode == 0 and "wrote" in res.stdout
    assert "country" in (root / "generated" / "models.py").read_text()
    res = run_specgen("plan", "--exit-code", cwd=root)
    assert res.returncode == 2 and "add column authors.country" in res.stdout


def test_an_edited_output_is_rendered_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _run_all(root)
    _run_all(root)
    models = root / "generated" / "models.py"
    good = models.read_text()
    models.write_text("# edited by hand\n")
    res = run_specgen("render", "--target", "sqlmodel", cwd=root)
    assert res.returncode == 0 and "wrote" in res.stdout and models.read_text() == good


def test_corrupt_or_foreign_entries_are_recomputed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _run_all(root)
    expected = _run_all(root)
    cache = root / "generated" / ".cache"
    entries = sorted(cache.glob("*.json"))
    assert len(entries) >= 5  # design, plan, findings and the runs
    for i, entry in enumerate(entries):
        header, _, body = entry.read_text().partition("\n")
        assert json.loads(header)["key"]  # an entry: one JSON header line (format, key), then the body
        if i % 3 == 0:
            entry.write_text("{not json")
        elif i % 3 == 1:  # the right key, a wrong payload
            entry.write_text(header + "\n" + json.dumps({"design": "[]", "diagnostics": 3, "files": 1}))
        else:  # cut short, as a full disk leaves it
            entry.write_text(header + "\n" + body[: len(body) // 2])
    assert _run_all(root) == expected
    (cache / "design.json").write_text(json.dumps({"format": 999, "key": "x"}) + "\n[]\n{}")
    assert _run_all(root) == expected


def test_errors_are_replayed_with_their_exit_code(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "specs" / "database" / "spec.md").write_text("# s\n" + BOOKS)  # FK to a missing table
    first = [run_specgen("validate", cwd=root) for _ in range(3)]
    assert [r.returncode for r in first] == [1, 1, 1]
    assert first[0].stdout == first[2].stdout and "SG101" in first[0].stdout


def test_build_is_design_validate_and_every_target(tmp_path: Path) -> None:
    root = _project(tmp_path)
    res = run_specgen("build", cwd=root)
    assert res.returncode == 0, res.stderr
    built = _outputs(root)
    assert {"design.yaml", "models.py", "migrations/env.py"} <= set(built)
    assert sum(1 for k in built if k.startswith("migrations/versions/") and k.endswith(".py")) == 1
    plain = _project(tmp_path, "plain")
    for args in (("design",), ("render", "--target", "alembic"), ("render", "--target", "sqlmodel"), ("design",)):
        assert run_specgen(*args, cwd=plain).returncode == 0
    assert _outputs(plain) == built  # what the four commands (and design again) write
    assert run_specgen("check", cwd=root).returncode == 0
    res = run_specgen("build", cwd=root)
    assert res.returncode == 0 and "wrote" not in res.stdout
    res = run_specgen("build", "--target", "mermaid", cwd=root)
    assert res.returncode == 0 and (root / "generated" / "er.mmd").is_file()
    res = run_specgen("build", cwd=root)  # er.mmd exists now: build keeps it current
    assert "er.mmd" in res.stdout
    (root / "specs" / "database" / "spec.md").write_text("# s\n" + BOOKS)
    res = run_specgen("build", cwd=root)
    assert res.returncode == 1 and "SG101" in res.stderr and "nothing rendered" in res.stderr


def test_an_unchanged_design_is_answered_by_the_head_snapshot_hash(tmp_path: Path) -> None:
    """`render --target alembic` on the head's design reads the hash the head's snapshot records instead of
    loading the snapshot; a snapshot whose recorded hash differs (edited, or from another hash) plans for real."""
    from specgen.config import load_settings
    from specgen.design.plan import head_is
    from specgen.pipeline import design_specs

    root = _project(tmp_path)
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    versions = root / "generated" / "migrations" / "versions"
    (snapshot,) = versions.glob("*.design.json")
    design = design_specs([root / "specs"], load_settings(root)).design
    assert head_is(design, versions) == snapshot.name.partition("_")[0]
    changed = design_specs([root / "specs"], load_settings(root)).design
    changed = edit(changed, "database_schema.entities.0", columns=changed.database_schema.entities[0].columns[:-1])
    assert head_is(changed, versions) is None
    text = snapshot.read_text()
    snapshot.write_text(text.replace('"design_hash": "', '"design_hash": "0', 1))
    assert head_is(design, versions) is None  # no longer a hash of this design: plan for real
    res = run_specgen("render", "--target", "alembic", cwd=root, env={"SPECGEN_NO_CACHE": "1"})
    assert res.returncode == 0 and "no revision needed" in res.stdout  # the snapshot itself still matches


def test_a_cached_plan_renders_the_revision_a_fresh_one_does(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The plan's summary comes from the cache without the head's design; the Alembic target then gets the
    next revision from the plan stage, and writes what a freshly made plan writes."""
    from specgen.config import load_settings
    from specgen.design.yaml_io import dump_design
    from specgen.pipeline import design_specs
    from specgen.render.alembic import render_alembic

    root = _project(tmp_path)
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    spec = next((root / "specs").rglob("*.md"))
    spec.write_text(add_row(spec.read_text(), "| country | varchar(2) | yes | | |"))
    monkeypatch.chdir(root)
    settings = load_settings(root)
    fresh = design_specs([], settings)
    cached = design_specs([], settings)
    assert fresh.plan is not None and cached.plan is not None
    assert fresh.plan.next is not None and fresh.plan.next.revision is not None  # made here: the next revision too
    assert cached.plan.next is None  # from the cache: the summary alone
    assert cached.plan.summary == fresh.plan.summary
    assert dump_design(cached.design, cached.plan) == dump_design(fresh.design, fresh.plan)
    out = root / "generated"
    files = render_alembic(cached.design, settings, out, plan=cached.plan)
    assert files == render_alembic(fresh.design, settings, out, plan=fresh.plan)
    assert any(p.name.startswith(fresh.plan.next.revision) for p in files)


def test_the_plan_of_the_heads_design_does_not_load_the_heads_snapshot(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Planning a design whose revision is written (the head's snapshot records its hash) loads only the parent's
    snapshot, and gives the plan that loading the head's snapshot gives; its design hash is computed once."""
    from specgen.config import load_settings
    from specgen.design import plan as plan_mod
    from specgen.pipeline import build_specs

    root = _project(tmp_path)
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    spec = root / "specs" / "database" / "spec.md"
    spec.write_text(add_row(spec.read_text(), "| country | varchar(2) | yes | | |"))
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    versions = root / "generated" / "migrations" / "versions"
    head_snapshot = max(versions.glob("*.design.json"), key=lambda p: p.stat().st_mtime_ns)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SPECGEN_NO_CACHE", "1")
    design = build_specs(["specs"], load_settings(root)).design
    loaded: list[Path] = []
    real_load = plan_mod.load_snapshot
    monkeypatch.setattr(plan_mod, "load_snapshot", lambda p: loaded.append(p) or real_load(p))
    fast = plan_mod.plan_for(design, versions)
    assert head_snapshot not in loaded and len(loaded) == 1  # the parent's, for the summary
    assert fast.next is not None and fast.next.revision is None and fast.design_hash
    text = head_snapshot.read_text()
    head_snapshot.write_text(text.replace('"design_hash": "', '"design_hash": "0', 1))  # no shortcut: load it
    slow = plan_mod.plan_for(design, versions)
    assert slow.summary == fast.summary and slow.design_hash == fast.design_hash
    assert slow.summary.base_revision and slow.summary.dependencies == ["add column books.country"]


def test_a_new_revision_does_not_render_the_models_again(tmp_path: Path) -> None:
    """The models are a function of the design alone: after `render --target alembic` writes a revision (which
    changes the plan, so no run is replayed), `render --target sqlmodel` takes them from the cache; a changed
    spec renders them again."""
    root = _project(tmp_path)
    entry = root / "generated" / ".cache" / "render-sqlmodel.json"
    models = root / "generated" / "models.py"
    assert run_specgen("render", "--target", "sqlmodel", cwd=root).returncode == 0
    stamp, text = entry.stat().st_mtime_ns, models.read_text()
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    res = run_specgen("render", "--target", "sqlmodel", cwd=root)
    assert res.returncode == 0 and f"unchanged {Path('generated') / 'models.py'}" in res.stdout.replace(
        str(root) + "/", ""
    )
    assert entry.stat().st_mtime_ns == stamp and models.read_text() == text
    spec = root / "specs" / "database" / "spec.md"
    spec.write_text(add_row(spec.read_text(), "| country | varchar(2) | yes | | |"))
    assert run_specgen("render", "--target", "sqlmodel", cwd=root).returncode == 0
    assert entry.stat().st_mtime_ns != stamp and "country" in models.read_text()


def test_a_new_revision_runs_only_the_plan_rules_again(tmp_path: Path) -> None:
    """The rules that do not read the plan are a function of the design: a new revision (a new plan) runs only
    the SG8xx rules again, and validate prints what an uncached run prints."""
    root = _project(tmp_path)
    cache_dir = root / "generated" / ".cache"
    assert run_specgen("validate", cwd=root).returncode == 0
    design_rules, plan_rules = cache_dir / "findings.json", cache_dir / "findings-plan.json"
    stamps = design_rules.stat().st_mtime_ns, plan_rules.read_bytes()
    assert run_specgen("render", "--target", "alembic", cwd=root).returncode == 0
    cached = run_specgen("validate", "--format", "json", cwd=root)
    plain = run_specgen("validate", "--format", "json", cwd=root, env={"SPECGEN_NO_CACHE": "1"})
    assert (cached.returncode, cached.stdout) == (plain.returncode, plain.stdout)
    assert design_rules.stat().st_mtime_ns == stamps[0]  # reused
    assert plan_rules.read_bytes() != stamps[1]  # made again, under the new migrations folder's key


def test_the_design_schema_is_cached_under_specgens_own_key(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """design.schema.json is a function of specgen alone: made once, then read from the cache; a damaged entry
    is made again."""
    import json as _json

    from specgen.config import load_settings
    from specgen.design.model import json_schema
    from specgen.pipeline import schema_text

    root = _project(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SPECGEN_NO_CACHE", raising=False)
    settings = load_settings(root)
    expected = _json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    assert schema_text(settings) == expected
    entry = root / "generated" / ".cache" / "schema.json"
    assert entry.is_file() and schema_text(settings) == expected
    entry.write_text(entry.read_text().splitlines()[0] + "\n[1, 2]")
    assert schema_text(settings) == expected
