"""The `specgen` command line: a thin layer over the pipeline. Heavy modules load inside commands."""

from __future__ import annotations

import gc
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from specgen.errors import SpecgenError, UsageError
from specgen.outputs import FINDING_FORMATS, REPORT_FORMATS
from specgen.render import TARGETS

app = typer.Typer(
    name="specgen",
    help="Markdown database specs -> validated design.yaml -> SQLModel models and Alembic revisions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from specgen import __version__

        _echo(f"specgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Markdown database specs -> validated design.yaml -> SQLModel models and Alembic revisions."""


# Choices as enums so that --help lists them (`--format [text|json|sarif|github]`); each list is named once.
FindingFormat = StrEnum("FindingFormat", {f: f for f in FINDING_FORMATS})  # type: ignore[misc]
ReportFormat = StrEnum("ReportFormat", {f: f for f in REPORT_FORMATS})  # type: ignore[misc]
Target = StrEnum("Target", {t: t for t in sorted(TARGETS)})  # type: ignore[misc]
Dialect = StrEnum("Dialect", {d: d for d in ("postgresql", "sqlite")})  # type: ignore[misc]
TEXT_REPORT, TEXT_FINDINGS, SQLMODEL = ReportFormat("text"), FindingFormat("text"), Target("sqlmodel")


SpecsArg = Annotated[list[Path] | None, typer.Argument(help="Spec files or directories (default: specs/).")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Also print notes (ignored blocks, …).")]


def _printable(text: str) -> str:
    """Text the terminal can take: a lone surrogate (a "\\ud800" escape in a spec) is written as that escape."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _echo(text: str, err: bool = False, nl: bool = True) -> None:
    typer.echo(_printable(text), err=err, nl=nl)


def _fail(exc: SpecgenError) -> None:
    for line in exc.lines():
        _echo(line, err=True)
    raise typer.Exit(exc.exit_code)


def _settings(specs: list[Path] | None = None, need_specs: bool = True):
    """The settings of the project the specs belong to: `specgen design /other/specs` reads and writes
    that project's folders, not the current directory's. Unknown `[tool.specgen]` keys are warned about."""
    from specgen.config import load_settings

    settings = load_settings(".")
    if specs:
        first = specs[0] if specs[0].is_dir() else specs[0].parent
        theirs = load_settings(first) if first.exists() else settings
        if theirs.root != "." and Path(theirs.root).resolve() != Path(settings.root).resolve():
            settings = theirs  # the specs belong to another project (its pyproject.toml has [tool.specgen])
    for line in settings.warnings:
        _echo(line, err=True)
    if need_specs and not specs and not settings.path(settings.specs).exists():
        raise UsageError(
            f"no specs folder ({settings.specs}/) and no [tool.specgen] settings here: run `specgen init` to start a "
            "project, or name the specs: `specgen design path/to/specs`"
        )
    return settings


def _run_key(specs, settings, command: str, options: object, uncached: bool = False):
    """The cache key of this run (None: run it for real)."""
    if uncached:
        return None
    from specgen import cache
    from specgen.source import display_path

    roots = [str(p) for p in specs or []] or [display_path(settings.path(settings.specs))]  # as pipeline.spec_paths
    return cache.run_key(cache.spec_key_for(roots, settings), settings, command, options)


def _replayed(run) -> None:
    """Replay a cached run whose inputs and files did not change (its output, its exit code)."""
    code = run.replay(_echo)
    if code is not None:
        raise typer.Exit(code)


def _diag_lines(diags, verbose: bool) -> list[tuple[str, bool]]:
    return [(d.format() + "\n", True) for d in diags if d.severity != "info" or verbose]


def _print_diagnostics(diags, verbose: bool) -> None:
    for d in diags:
        if d.severity != "info" or verbose:
            _echo(d.format(), err=True)


@app.command()
def design(
    specs: SpecsArg = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Where to write design.yaml.")] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Report what was read from where, and what was not read and why.")
    ] = False,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text, or one JSON object (with the --explain report).")
    ] = TEXT_REPORT,
    verbose: VerboseOpt = False,
) -> None:
    """Parse the specs and write the design document (default generated/design.yaml)."""
    if fmt == "json":
        return _design_json(specs, output, explain, verbose)
    try:
        from specgen import cache

        settings = _settings(specs)
        target = output or settings.path(settings.generated) / "design.yaml"
        run = cache.Run(settings, "run-design", _run_key(specs, settings, "design", [str(target)], explain or verbose))
        _replayed(run)
        # Loaded after the replay: a replayed run needs neither pydantic's models nor the pipeline.
        from specgen.design.yaml_io import SCHEMA_FILE, dump_design
        from specgen.pipeline import design_specs, schema_text
        from specgen.render.writer import write_files

        result = design_specs(specs or [], settings, need_ir=explain)
        _print_diagnostics(result.diagnostics, verbose)
        # The design of what was read is written even when errors remain, so that the user sees it;
        # the exit code says whether it can be rendered (render and check refuse while errors remain).
        import json

        files = {
            target: dump_design(result.design, result.plan),
            target.parent / SCHEMA_FILE: schema_text(settings),
        }
        changed = write_files(files)
        n = len(result.design.database_schema.entities)
        run.store(
            _diag_lines(result.diagnostics, verbose),
            list(files),
            [(f"unchanged {target} ({n} entities)\n", False)]
            + ([(f"{len(result.errors)} error(s) remain\n", True)] if result.errors else []),
            1 if result.errors else 0,
            show_files=False,
        )
        if explain and result.ir is not None:
            from specgen.explain import explain as reading_report
            from specgen.explain import to_text

            report = reading_report(result.ir, result.design)
            _echo(json.dumps(report, indent=1, ensure_ascii=False) if fmt == "json" else to_text(report), nl=False)
        _echo(f"{'wrote' if target in changed else 'unchanged'} {target} ({n} entities)", err=explain)
        if result.errors:
            _echo(f"{len(result.errors)} error(s) remain", err=True)
            raise typer.Exit(1)
    except SpecgenError as exc:
        _fail(exc)


def _design_json(specs: list[Path] | None, output: Path | None, explain: bool, verbose: bool) -> None:
    """`design --format json`: the same run, reported as one object on stdout (docs/cli.md, "JSON output")."""

    from specgen.outputs import outcome

    extra: dict[str, object] = {}
    try:
        from specgen.design.yaml_io import SCHEMA_FILE, dump_design
        from specgen.pipeline import design_specs, schema_text
        from specgen.render.writer import write_files

        settings = _settings(specs)
        target = output or settings.path(settings.generated) / "design.yaml"
        result = design_specs(specs or [], settings, need_ir=explain)
        files = {
            target: dump_design(result.design, result.plan),
            target.parent / SCHEMA_FILE: schema_text(settings),
        }
        changed = write_files(files)
        extra = {
            "output": str(target),
            "written": target in changed,
            "entities": len(result.design.database_schema.entities),
        }
        if explain and result.ir is not None:
            from specgen.explain import explain as reading_report

            extra["explain"] = reading_report(result.ir, result.design)
        shown = [d.format() for d in result.diagnostics if d.severity != "info" or verbose]
        code = 1 if result.errors else 0
    except SpecgenError as exc:
        shown, code = exc.lines(), exc.exit_code
    _echo(outcome("design", code, shown, **extra))
    if code:
        raise typer.Exit(code)


@app.command()
def validate(
    specs: Annotated[list[Path] | None, typer.Argument(help="Spec files or directories, or one design.yaml.")] = None,
    fmt: Annotated[FindingFormat, typer.Option("--format", "-f", help="How to print the findings.")] = TEXT_FINDINGS,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too.")] = False,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Rule code (or prefix: SG3) to skip.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the report to FILE.")] = None,
    verbose: VerboseOpt = False,
) -> None:
    """Run every rule over the design and print the findings (exit 1 on errors; with --strict, on warnings)."""
    try:
        import os

        from specgen import __version__, cache
        from specgen.errors import SpecErrors, UsageError

        settings = _settings(specs)
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        from_yaml = bool(specs) and len(specs or []) == 1 and Path(specs[0]).suffix in (".yaml", ".yml")  # type: ignore[index]
        options = [str(fmt), strict, sorted(ignore or []), str(output), color]
        run = cache.Run(settings, "run-validate", _run_key(specs, settings, "validate", options, verbose or from_yaml))
        _replayed(run)
        from specgen.pipeline import require_design  # after the replay: it needs none of these
        from specgen.pipeline import run_rules as cached_rules
        from specgen.validate import has_errors, rules
        from specgen.validate.report import render

        result = None  # no design was built when the specs have errors: nothing to cache
        try:
            design_doc, result = require_design(specs or [], settings)
        except SpecErrors as exc:
            if fmt == "text":
                raise
            from specgen.validate.reading import reading_findings  # SARIF and annotations show spec errors too

            _print_diagnostics([d for d in exc.diagnostics if d.severity == "info"], verbose)
            findings = [
                f for f in reading_findings(exc.diagnostics) if not any(f.code.startswith(i) for i in ignore or [])
            ]
        else:
            reading = []
            if result is not None:
                from specgen.validate.reading import reading_findings

                _print_diagnostics([d for d in result.diagnostics if d.severity == "info"], verbose)
                reading = reading_findings(result.diagnostics)  # reported once, as findings with their codes
            findings = cached_rules(design_doc, settings, result, ignore=ignore or [], reading=reading)
        text = render(findings, str(fmt), rules=rules(), color=color, version=__version__)
        if output is not None:
            try:
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_text(_printable(text), encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"{output}: cannot write: {exc}") from None
        else:
            _echo(text, nl=False)
        code = 1 if has_errors(findings, strict) else 0
        if result is not None:
            run.store([], [output] if output else [], [] if output else [(text, False)], code, show_files=False)
        if code:
            raise typer.Exit(1)
    except SpecgenError as exc:
        _fail(exc)


@app.command()
def render(
    target: Annotated[Target, typer.Option("--target", "-t", help="What to render.")] = SQLMODEL,
    specs: Annotated[list[Path] | None, typer.Argument(help="Spec files or directories, or one design.yaml.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output folder (default: generated/).")] = None,
    dialect: Annotated[
        Dialect | None,
        typer.Option("--dialect", help="sql target: one dialect (default: every configured dialect)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="alembic target: print what `specgen plan` prints; write nothing.")
    ] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Render the design for a target; refuses (exit 1, findings printed) while validate reports errors."""
    try:
        from specgen.render.writer import write_files

        settings = _settings(specs)
        if dry_run:
            if str(target) != "alembic":
                raise UsageError("--dry-run is for --target alembic (it prints the plan of the next revision)")
            _plan(specs, "text", False, verbose)
            return
        from specgen import cache

        options = {"dialect": str(dialect)} if dialect else {}
        out_dir = output or settings.path(settings.generated)
        from_yaml = len(specs or []) == 1 and Path(specs[0]).suffix in (".yaml", ".yml")  # type: ignore[index]
        key_options = [str(target), str(out_dir), options]
        run = cache.Run(settings, f"run-render-{target}", _run_key(specs, settings, "render", key_options, from_yaml))
        _replayed(run)
        from specgen.pipeline import render_target  # after the replay: a replayed run needs no pipeline

        design_doc, result = _renderable(specs, settings, verbose)
        plan = result.plan if result is not None else None
        files = render_target(design_doc, str(target), settings, out_dir, result, plan=plan, **options)
        changed = set(write_files(files))
        for path in sorted(files):
            _echo(f"{'wrote' if path in changed else 'unchanged'} {path}")
        after: list[tuple[str, bool]] = []
        if str(target) == "alembic" and not any(p.parent.name == "versions" for p in files):
            after.append(("no revision needed: the design is the head revision's\n", False))
            _echo(after[0][0], nl=False)
        elif str(target) == "alembic":
            return  # a revision was written: the next run plans against it
        if result is not None:
            run.store(_diag_lines(result.diagnostics, verbose), list(files), after, 0)
    except SpecgenError as exc:
        _fail(exc)


def _renderable(specs: list[Path] | None, settings, verbose: bool, skip=frozenset()):
    """The design, once validate reports no error (else the findings are printed and the run exits 1).
    `skip`: rule codes not to stop at (plan shows breaking changes itself)."""
    from specgen.pipeline import require_design, run_rules

    design_doc, result = require_design(specs or [], settings)
    if result is not None:
        _print_diagnostics(result.diagnostics, verbose)
    errors = [f for f in run_rules(design_doc, settings, result) if f.severity == "error" and f.code not in skip]
    if errors:
        for f in errors:
            _echo(f.format(), err=True)
        _echo(f"{len(errors)} error(s) in the design; nothing rendered", err=True)
        raise typer.Exit(1)
    return design_doc, result


def _plan(specs: list[Path] | None, fmt: str, exit_code: bool, verbose: bool) -> None:
    import json

    from specgen.preview import preview, to_text
    from specgen.validate import breaking_codes

    settings = _settings(specs)
    design_doc, result = _renderable(specs, settings, verbose, breaking_codes())
    p = preview(design_doc, settings, plan=result.plan if result is not None else None)
    _echo(json.dumps(p.as_dict(), indent=1) if fmt == "json" else to_text(p), nl=fmt == "json")
    if p.blocked:
        raise typer.Exit(1)
    if exit_code and p.revision is not None:
        raise typer.Exit(2)


@app.command()
def plan(
    specs: SpecsArg = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="text or json.")] = TEXT_REPORT,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 2 when changes are pending (0 none, 1 errors).")
    ] = False,
    verbose: VerboseOpt = False,
) -> None:
    """What the next revision would do, without writing it: each change, and the SQL on each dialect."""
    try:
        _plan(specs, str(fmt), exit_code, verbose)
    except SpecgenError as exc:
        _fail(exc)


@app.command()
def build(
    target: Annotated[
        list[Target] | None,
        typer.Option("--target", "-t", help="Render only these targets (default: [tool.specgen] targets)."),
    ] = None,
    verbose: VerboseOpt = False,
) -> None:
    """design + validate + every configured target in one process (the specs are read once)."""
    try:
        from specgen import cache
        from specgen.build import build as run_build
        from specgen.build import targets as build_targets

        settings = _settings()
        chosen = build_targets(settings, [str(t) for t in target or []])
        run = cache.Run(settings, "run-build", _run_key(None, settings, "build", chosen, verbose))
        _replayed(run)
        from specgen.pipeline import design_specs  # after the replay: a replayed run needs no pipeline

        result = design_specs([], settings)
        _print_diagnostics(result.diagnostics, verbose)
        if result.errors:
            _echo(f"{len(result.errors)} error(s) remain; nothing rendered", err=True)
            raise typer.Exit(1)
        findings, written = run_build(settings, result, chosen, lambda t: None)
        lines = [(f.format() + "\n", True) for f in findings]
        for text, err in lines:
            _echo(text, err=err, nl=False)
        errors = [f for f in findings if f.severity == "error"]
        for path, changed in sorted(written.items()):
            _echo(f"{'wrote' if changed else 'unchanged'} {path}")
        if errors:
            _echo(f"{len(errors)} error(s) in the design; nothing rendered", err=True)
            raise typer.Exit(1)
        if not any(changed and p.parent.name == "versions" for p, changed in written.items()):
            run.store(_diag_lines(result.diagnostics, verbose) + lines, list(written), [], 0)
    except SpecgenError as exc:
        _fail(exc)


@app.command()
def verify(
    database: Annotated[
        str | None, typer.Option("--database", help="Scratch database URL (default: SQLite in memory).")
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="text, or one JSON object.")] = TEXT_REPORT,
) -> None:
    """Apply the rendered revisions to a scratch database, compare with the models, downgrade, upgrade again."""
    from specgen.verify import DEFAULT_URL

    steps = ["upgrade head", "models match", "downgrade base", "upgrade head"]
    try:
        from specgen.design.baseline import migrations_dir
        from specgen.pipeline import require_design
        from specgen.verify import verify as run_verify

        settings = _settings()
        design_doc, _ = require_design([], settings)
        problems = [f"error: {line}" for line in run_verify(migrations_dir(settings), design_doc, database)]
        code = 1 if problems else 0
    except SpecgenError as exc:
        if fmt != "json":
            _fail(exc)
        problems, code = exc.lines(), exc.exit_code
    if fmt == "json":
        from specgen.outputs import outcome

        _echo(outcome("verify", code, problems, database=_shown_url(database or DEFAULT_URL), steps=steps))
    else:
        for line in problems:
            _echo(line, err=True)
        if not code:
            _echo(f"verify: {', '.join(steps)}: ok")
    if code:
        raise typer.Exit(code)


def _shown_url(url: str) -> str:
    """A database URL as reports show it: the password hidden."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is reported by the command itself
        return url.split("://", 1)[0] + "://…"


@app.command()
def check(
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            envvar="SPECGEN_DATABASE_URL",
            help="Also compare the design with this live database, read-only (drift: exit 1).",
        ),
    ] = None,
    verify_database: Annotated[
        str | None,
        typer.Option(
            "--verify-database",
            envvar="SPECGEN_TEST_DATABASE_URL",
            help="Also run verify on this scratch database (e.g. PostgreSQL); it must be empty.",
        ),
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="text, or one JSON object.")] = TEXT_REPORT,
) -> None:
    """What CI runs: design + validate + generated files up to date + a revision per design change + verify;
    with --database, no drift between the design and that database."""
    try:
        from specgen.check import check as run_check

        problems = run_check(_settings(), verify_database, database)
        code = 1 if problems else 0
    except SpecgenError as exc:
        if fmt != "json":
            _fail(exc)
        problems, code = exc.lines(), exc.exit_code
    if fmt == "json":
        from specgen.outputs import outcome

        _echo(outcome("check", code, problems, database=_shown_url(database) if database else None))
        if code:
            raise typer.Exit(code)
        return
    for line in problems:
        _echo(line, err=True)
    if problems:
        _echo(f"check: {len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    _echo("check: specs, design, generated files and revisions are up to date")
    if database:
        _echo("check: the database matches the design (no drift)")


@app.command()
def fmt(
    specs: SpecsArg = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Change nothing; exit 1 if a file is not formatted.")
    ] = False,
) -> None:
    """Rewrite spec tables in the canonical layout (aligned pipes, column order, constraint words); prose stays."""
    try:
        from specgen.fmt import format_files
        from specgen.pipeline import spec_paths
        from specgen.render.writer import write_files
        from specgen.spec_files import collect_files

        settings = _settings(specs)
        changed = format_files(collect_files(spec_paths(specs or [], settings)))
        for path in sorted(changed):
            _echo(f"{'would reformat' if check_only else 'reformatted'} {path}", err=check_only)
        if check_only:
            if changed:
                _echo(f"{len(changed)} file(s) would be reformatted; run `specgen fmt`", err=True)
                raise typer.Exit(1)
            _echo("fmt: every spec is formatted")
            return
        write_files(changed)
        if not changed:
            _echo("fmt: every spec is formatted")
    except SpecgenError as exc:
        _fail(exc)


@app.command()
def schema() -> None:
    """Print the JSON Schema that every design.yaml validates against."""
    import json

    from specgen.design.model import json_schema

    _echo(json.dumps(json_schema(), indent=2, sort_keys=True))


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="Project directory.")] = Path(".")) -> None:
    """Scaffold specs/database/example.md, [tool.specgen] settings and generated/."""
    try:
        from specgen.scaffold import scaffold

        for line in scaffold(directory):
            _echo(line)
    except SpecgenError as exc:
        _fail(exc)


@app.command("import")
def import_(
    database_url: Annotated[str, typer.Argument(help="sqlite:///app.db or postgresql://user:pw@host/db")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Folder for the specs (default: specs/database).")
    ] = None,
    db_schema: Annotated[
        str | None,
        typer.Option("--schema", help="PostgreSQL schema(s) to read: a name, 'a,b', or 'all' (default: public)."),
    ] = None,
    split: Annotated[
        str, typer.Option("--split", help="One file per 'schema', or per FK-connected table group: 'component'.")
    ] = "schema",
    force: Annotated[bool, typer.Option("--force", help="Overwrite spec files that exist and differ.")] = False,
) -> None:
    """Reflect an existing SQLite or PostgreSQL database into native Markdown specs."""
    try:
        from specgen.errors import UsageError
        from specgen.importer import import_database
        from specgen.render.writer import write_files

        if split not in ("schema", "component"):
            raise UsageError(f"--split must be 'schema' or 'component', not '{split}'")
        settings = _settings(need_specs=False)  # import writes the specs
        out_dir = output or settings.path(settings.specs) / "database"
        files, warnings = import_database(database_url, str(out_dir), schema=db_schema, split=split)
        clash = [p for p, text in sorted(files.items()) if p.is_file() and p.read_text(encoding="utf-8") != text]
        if clash and not force:
            raise UsageError(
                f"{clash[0]} exists and differs from the import; use --force to overwrite ({len(clash)} file(s))"
            )
        for w in warnings:
            _echo(f"warning: {w}", err=True)
        write_files(files)
        for p in sorted(files):
            _echo(f"wrote {p}")
    except SpecgenError as exc:
        _fail(exc)


def main() -> None:
    # A run builds hundreds of thousands of small acyclic objects and then exits; the cyclic collector
    # only re-scans them (measured: 5,000 entities design in 2.6 s instead of 4.3 s without it).
    gc.disable()
    # pydantic scans every installed distribution's entry points for plugins on the first model
    # (15 ms of a 0.3 s start-up budget); a CLI run has no use for them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        _exit(130)
    except SystemExit as exc:  # typer ends every run so, 0 included
        _exit(exc.code)
    _exit(0)


def _exit(code: object) -> None:
    """End the process without freeing its heap object by object, as mypy does: a run over 1,000 entities
    leaves about a million objects whose teardown costs 30 to 100 ms of a command that takes a few hundred
    (measured in `make bench`). Every file was written (atomically) and every exit handler runs first; only
    the interpreter's own teardown is skipped."""
    import atexit

    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): printed, exit 1
        print(code, file=sys.stderr)
        code = 1
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None:  # pragma: no cover - another Python: the ordinary exit
        sys.exit(code)
    run_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (`specgen validate | head`): nothing more can be said
        pass
    os._exit(code)
