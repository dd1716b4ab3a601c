"""The design of unchanged specs, reused between commands (generated/.cache/, never committed).

`design`, `validate`, `render`, `plan` and `check` each need the design; building it is most of their
time. The key hashes everything the design is a function of: the spec files' bytes and paths, the
settings, and specgen itself (its version and the size and mtime of each of its modules, so that a
changed checkout never reads an old entry). Any doubt means recompute: a missing, unreadable, corrupt
or other-key entry is ignored and overwritten; a cache that cannot be written is skipped silently.
Entries are JSON (the design as pydantic dumps it, read back through its validators), never pickles:
reading one executes nothing.

Validate findings are cached beside the design, keyed also by the migrations folder (the plan the
SG8xx rules judge comes from it) and the options of the run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from specgen.config import Settings

FORMAT = 2  # 2: a JSON header line, then the body (1 held the body as a JSON string)
DIR = ".cache"
DISABLE_ENV = "SPECGEN_NO_CACHE"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    from specgen import __version__

    h = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*")):
        if p.suffix in (".py", ".j2", ".toml", ".yaml", ".json") and "__pycache__" not in p.parts:
            st = p.stat()
            h.update(f"{p.relative_to(pkg)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def code_key() -> str:
    """The key of what is a function of specgen alone (its version and modules)."""
    return _code_fingerprint()


def _settings_text(settings: Settings) -> str:
    data = dataclasses.asdict(settings)
    data.pop("warnings", None)
    data["root"] = str(Path(data.get("root") or ".").resolve())
    return json.dumps(data, sort_keys=True, default=str)


def spec_key(roots: list[str], files: list[Path], settings: Settings) -> str:
    h = hashlib.sha256(_code_fingerprint().encode())
    h.update(_settings_text(settings).encode())
    h.update(json.dumps([os.getcwd(), *roots]).encode())  # locations are shown relative to the cwd
    if settings.templates:  # a user's template folder: its files are inputs too
        folder = Path(settings.path(settings.templates))
        for p in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if p.is_file():
                st = p.stat()
                h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    for f in files:
        h.update(f"\0{f}\0".encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def spec_key_for(roots: list[str], settings: Settings) -> str | None:
    """The key of the specs under `roots` (None: caching is off, or a root is missing: parse reports it)."""
    if not enabled():
        return None
    from specgen.errors import UsageError
    from specgen.spec_files import collect_files

    try:
        files = collect_files(roots)  # the files the reader reads
    except UsageError:
        return None
    return spec_key(roots, files, settings)


def migrations_key(settings: Settings) -> str:
    """The state of versions/ (names, sizes, mtimes): a new or edited revision changes the plan."""
    h = hashlib.sha256()
    versions = Path(settings.path(settings.generated)) / "migrations" / "versions"  # design.baseline.migrations_dir
    if versions.is_dir():
        for p in sorted(versions.iterdir()):
            if p.is_file():
                st = p.stat()
                h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _folder(settings: Settings) -> Path:
    return Path(settings.path(settings.generated)) / DIR


def enabled() -> bool:
    return not os.environ.get(DISABLE_ENV)


def read_bytes(settings: Settings, name: str, key: str) -> bytes | None:
    """The entry's body when its header names this format and key; None on any doubt. An entry is a
    one-line JSON header and the body as written, so that a design (megabytes of JSON) goes straight to
    pydantic's parser instead of being decoded once as a string inside another JSON document."""
    if not enabled():
        return None
    try:
        data = (_folder(settings) / f"{name}.json").read_bytes()
        head, sep, body = data.partition(b"\n")
        header = json.loads(head)
    except (OSError, ValueError):
        return None
    if not sep or not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
        return None
    return body


def write_bytes(settings: Settings, name: str, key: str, body: bytes) -> None:
    """Write an entry atomically (a reader sees the old entry or the new one, never a part)."""
    if not enabled():
        return
    import tempfile

    folder = _folder(settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.is_file():
            ignore.write_text("# specgen's cache of designs and findings: not for version control\n*\n")
        head = json.dumps({"format": FORMAT, "key": key}).encode() + b"\n"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(head + body)
            os.replace(tmp, folder / f"{name}.json")
        finally:
            Path(tmp).unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - a read-only or full disk: work uncached
        pass


def read(settings: Settings, name: str, key: str) -> Any | None:
    """The entry's payload (JSON) when its key matches; None on any doubt."""
    body = read_bytes(settings, name, key)
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def write(settings: Settings, name: str, key: str, payload: Any) -> None:
    try:
        body = json.dumps(payload).encode("utf-8", "backslashreplace")
    except (TypeError, ValueError):
        return
    write_bytes(settings, name, key, body)


# --------------------------------------------------------------------------- what is stored


def dump_result(result: Any) -> bytes | None:
    """The diagnostics (one JSON line), then the design as pydantic dumps it; None: not storable."""
    try:
        design = result.design.model_dump_json(
            exclude_defaults=True
        ).encode()  # defaults: restored on load, half the bytes
    except Exception:  # noqa: BLE001 - e.g. a lone surrogate is no UTF-8: work uncached
        return None
    diags = json.dumps([_dump_diag(d) for d in result.diagnostics]).encode("utf-8", "backslashreplace")
    return diags + b"\n" + design


def load_result(body: bytes) -> Any:
    from specgen.design.model import Design
    from specgen.design.result import BuildResult

    try:
        diags, _, design = body.partition(b"\n")
        return BuildResult(Design.model_validate_json(design), [_load_diag(d) for d in json.loads(diags)])
    except Exception:  # noqa: BLE001 - a corrupt or foreign entry: recompute
        return None


def _dump_diag(d: Any) -> dict[str, Any]:
    loc = d.loc
    return {
        "severity": d.severity,
        "message": d.message,
        "loc": [loc.path, loc.line, loc.col] if loc else None,
        "hint": d.hint,
        "code": d.code,
    }


def _load_diag(x: dict[str, Any]) -> Any:
    from specgen.errors import Diagnostic
    from specgen.source import Location

    loc = Location(*x["loc"]) if x["loc"] else None
    return Diagnostic(x["severity"], x["message"], loc, x["hint"], x["code"])


def dump_plan(plan: Any) -> bytes:
    """A plan's summary (design.yaml's migration_plan) after a line with the hash of its design."""
    return plan.design_hash.encode() + b"\n" + plan.summary.model_dump_json().encode()


def load_plan(payload: bytes) -> tuple[Any, str] | None:
    """A cached plan summary and its design's hash; None on any doubt."""
    from specgen.design.model import MigrationPlan

    try:
        h, _, summary = payload.partition(b"\n")
        if h and (len(h) != 64 or h.strip(b"0123456789abcdef")):  # a sha256 in hex, or none
            return None
        return MigrationPlan.model_validate_json(summary), h.decode("ascii")
    except Exception:  # noqa: BLE001 - a corrupt entry: plan again
        return None


def dump_files(files: dict[Path, str]) -> list[list[str]]:
    return [[str(p), text] for p, text in files.items()]


def load_files(payload: Any) -> dict[Path, str] | None:
    """A cached render's files ({path: text}); None on any doubt."""
    if not isinstance(payload, list) or not all(
        isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x) for x in payload
    ):
        return None
    return {Path(p): text for p, text in payload}


def dump_findings(findings: list[Any]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]


def load_findings(payload: list[dict[str, Any]]) -> list[Any] | None:
    from specgen.validate.finding import Finding

    try:
        if not isinstance(payload, list):
            return None
        return [Finding(**{**x, "entities": tuple(x["entities"])}) for x in payload]
    except Exception:  # noqa: BLE001 - a corrupt entry: recompute
        return None


# ------------------------------------------------------------------ whole runs, replayed when nothing changed


def run_key(spec: str | None, settings: Settings, command: str, options: Any) -> str | None:
    """The key of one command run: the specs, the migrations folder and the command's options."""
    if spec is None:
        return None
    opts = hashlib.sha256(json.dumps([command, options], sort_keys=True, default=str).encode()).hexdigest()
    return spec + migrations_key(settings) + opts


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Run:
    """What a command printed and wrote, to replay when its key comes back and its files are as it left
    them (then every file is `unchanged`). Any difference: the command runs for real. Lines are
    (text with its newline, to stderr)."""

    def __init__(self, settings: Settings, name: str, key: str | None) -> None:
        self.settings, self.name, self.key = settings, name, key

    def replay(self, echo: Any) -> int | None:
        """The exit code of the replayed run, or None when it must run."""
        payload = read(self.settings, self.name, self.key) if self.key else None
        if not isinstance(payload, dict):
            return None
        try:
            files = {Path(p): str(h) for p, h in payload["files"].items()}
            if not all(isinstance(x, list) and len(x) == 2 for x in [*payload["before"], *payload["after"]]):
                return None
            if any(_sha(p) != h for p, h in files.items()):
                return None
            for text, err in payload["before"]:
                echo(text, err=err, nl=False)
            for p in sorted(files) if payload.get("show_files", True) else ():
                echo(f"unchanged {p}")
            for text, err in payload["after"]:
                echo(text, err=err, nl=False)
            return int(payload["exit"])
        except Exception:  # noqa: BLE001 - a corrupt or foreign entry: run for real
            return None

    def store(
        self,
        before: list[tuple[str, bool]],
        files: list[Path],
        after: list[tuple[str, bool]],
        exit_code: int,
        show_files: bool = True,
        key: str | None = None,
    ) -> None:
        key = key or self.key
        if not key:
            return
        hashes = {str(p): _sha(Path(p)) for p in files}
        if any(h is None for h in hashes.values()):
            return
        payload = {"before": before, "files": hashes, "after": after, "exit": exit_code, "show_files": show_files}
        write(self.settings, self.name, key, payload)
