"""parse(paths) -> SpecIR: read every spec file, every form, keeping `path:line` on each element.

Each reader is a function from its input (the document, one fence) and a read-only `ReadContext` (what the
earlier readers of the file found) to a `Fragment` (what it found, and the earlier entities it completes).
`parse_text` is the one place that builds a file's `SpecFile`: it folds the fragments in document order.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from specgen.errors import UsageError, error, info, warning
from specgen.parse.ir import PARTS, Fragment, ReadContext, SpecFile, SpecIR
from specgen.parse.options import ParseOptions  # re-exported: callers write specgen.parse.ParseOptions
from specgen.source import Location, display_path
from specgen.spec_files import collect_files

if TYPE_CHECKING:
    from specgen.parse.markdown import Fence

# The readers load in parse_text, not here: `specgen.parse.ir` (imported by design and validate modules)
# runs this file, and a command that reuses a cached design must not pay for the Markdown readers.


# Fence language -> "module:function". Modules load only when a spec has such a fence, so that
# sqlglot is imported by specs with SQL in them and by nothing else.
FENCE_READERS: dict[str, str] = {
    "sql": "specgen.parse.sql:read_sql_fence",
    "postgresql": "specgen.parse.sql:read_sql_fence",
    "postgres": "specgen.parse.sql:read_sql_fence",
    "psql": "specgen.parse.sql:read_sql_fence",
    "pgsql": "specgen.parse.sql:read_sql_fence",
    "sqlite": "specgen.parse.sql:read_sql_fence",
    "python": "specgen.parse.python:read_python_fence",
    "py": "specgen.parse.python:read_python_fence",
    "mermaid": "specgen.parse.mermaid:read_mermaid_fence",
    "yaml": "specgen.parse.yaml_block:read_yaml_fence",
    "yml": "specgen.parse.yaml_block:read_yaml_fence",
    "dbml": "specgen.parse.dbml:read_dbml_fence",
    "prisma": "specgen.parse.prisma:read_prisma_fence",
    # Drizzle tables, TypeORM/MikroORM entity classes, else `Name { field: Type }` sketches (parse/script.py).
    "javascript": "specgen.parse.script:read_script_fence",
    "js": "specgen.parse.script:read_script_fence",
    "typescript": "specgen.parse.script:read_script_fence",
    "ts": "specgen.parse.script:read_script_fence",
    "pseudo": "specgen.parse.pseudo:read_pseudo_fence",
    # Entity Framework Core classes (parse/csharp.py) and JPA / Hibernate entities in Java or Kotlin (parse/jpa.py).
    "csharp": "specgen.parse.csharp:read_csharp_fence",
    "cs": "specgen.parse.csharp:read_csharp_fence",
    "c#": "specgen.parse.csharp:read_csharp_fence",
    "java": "specgen.parse.jpa:read_jpa_fence",
    "kotlin": "specgen.parse.jpa:read_jpa_fence",
    "kt": "specgen.parse.jpa:read_jpa_fence",
}


def _reader(lang: str):
    target = FENCE_READERS.get(lang)
    if target is None:
        return None
    module, _, func = target.partition(":")
    try:
        return getattr(importlib.import_module(module), func)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None  # that reader is not part of this build
        raise


def parse_text(path: str, text: str, options: ParseOptions | None = None) -> SpecFile:
    """Read one spec file's text into a SpecFile."""
    from specgen.parse.conventional import read_conventional
    from specgen.parse.markdown import Fence, read_markdown
    from specgen.parse.native import read_native

    options = options or ParseOptions()
    text = text.removeprefix("\ufeff")  # a UTF-8 byte order mark (editors on Windows write one)
    doc = read_markdown(path, text)
    from specgen.parse.history import drop_history

    drop_history(doc)  # `## DDL v1` below `## DDL v2`, `<details><summary>Old schema`: history, not read
    spec = SpecFile(path, front_matter=doc.front_matter, diagnostics=list(doc.diagnostics))
    _front_matter_ignores(spec)
    fold(spec, read_native(doc, context(spec)))
    fold(spec, read_conventional(doc, context(spec)))
    for e in spec.entities:
        if e.form in ("native", "markdown") and not e.columns and not e.partial:
            spec.diagnostics.append(
                warning(
                    f"entity '{e.name}' has no field list",
                    e.loc,
                    hint="add a table with Column and Type headers, or field bullets, under its heading",
                    code="SG904",
                )
            )
    for block in doc.blocks:
        if isinstance(block, Fence):
            fold(spec, _read_fence(block, context(spec), options))
    if not any(isinstance(b, Fence) for b in doc.blocks) and _sniff(text) == "dbml":
        fold(spec, _read_fence(Fence("dbml", "dbml", text, 0), context(spec), options))  # a whole file of raw DBML
    from specgen.parse import surrogates

    if surrogates.possible(text):
        surrogates.clean(spec)  # the folded file as a whole: strings no reader could have made safe alone
    return spec


def _sniff(text: str) -> str:
    """The language of an unlabelled text whose first statement names it (DBML), else ""."""
    from specgen.parse.dbml import looks_like_dbml

    if looks_like_dbml(text):
        return "dbml"
    from specgen.parse.pseudo import looks_like_sketch

    return "pseudo" if looks_like_sketch(text) else ""


def context(spec: SpecFile) -> ReadContext:
    """What the readers of `spec` found so far, as the next reader may consult it (a snapshot: read only)."""
    return ReadContext(
        spec.path, tuple(spec.entities), tuple(spec.enums), tuple(spec.views), MappingProxyType(dict(spec.python_bases))
    )


def fold(spec: SpecFile, found: Fragment) -> None:
    """Add what one reader found to the file: its revised copies take their originals' places, the rest is
    appended (readers run in document order, so the file's lists are in that order too)."""
    for index, entity in found.revisions.items():
        spec.entities[index] = entity
    for index, view in found.revised_views.items():
        spec.views[index] = view
    for name in PARTS:
        getattr(spec, name).extend(getattr(found, name))
    spec.python_bases.update(found.python_bases)


def _read_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    loc = Location(context.path, fence.line)
    lang = fence.lang or _sniff(fence.text)
    held = _held(fence)
    if held and FENCE_READERS[held] != FENCE_READERS.get(lang):
        found = _reader(held)(fence, context, options)  # DBML under ```java: its content decides, not its tag
        what = f"```{fence.lang}" if fence.lang else "untagged"
        found.diagnostics.insert(0, info(f"{what} block read as {held.upper()} (that is what it holds)", loc))
        return found
    reader = _reader(lang)
    if reader is None:
        found = Fragment(context.path)
        if fence.lang not in ("", "text", "txt", "bash", "sh", "shell", "console", "json", "toml", "ini"):
            found.diagnostics.append(info(f"```{fence.lang or '(no language)'} block ignored", loc))
        elif fence.lang in ("", "text", "txt"):
            found.diagnostics.append(info("plain code block ignored (ASCII diagrams are not read)", loc))
        return found
    result: Fragment = reader(fence, context, options)
    return result


def _held(fence: Fence) -> str:
    """The schema language a fence's content is, whatever its tag (parse/fence_content.py); "" for code
    whose tag's own reader reads it (a Prisma or Python block is never re-read)."""
    from specgen.parse.fence_content import content_language

    return content_language(fence.text) if fence.lang not in _OWN_SYNTAX else ""


# Tags whose readers are whole languages of their own: their content is never taken for another.
_OWN_SYNTAX = frozenset({"prisma", "yaml", "yml"})


def _front_matter_ignores(spec: SpecFile) -> None:
    from specgen.parse.ir import Suppression

    fm = spec.front_matter
    raw = fm.get("specgen", {}).get("ignore") if isinstance(fm.get("specgen"), dict) else fm.get("ignore")
    if raw is None:
        return
    codes = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
    if not codes:
        spec.diagnostics.append(warning("front matter 'ignore' must be a list of rule codes", Location(spec.path, 1)))
        return
    spec.suppressions.append(Suppression([str(c).upper() for c in codes], spec.path))


def parse(paths: Iterable[str | os.PathLike[str]], options: ParseOptions | None = None) -> SpecIR:
    """Read spec files and directories into one SpecIR."""
    ir = SpecIR()
    paths = list(paths)
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not any(q.is_file() for q in p.rglob("*.md")):
            ir.notes.append(
                warning(
                    f"{display_path(p)}: no spec files (*.md) in this folder",
                    hint="write one (`specgen init` scaffolds an example) or name the spec files",
                    code="SG904",
                )
            )
    for f in collect_files(paths):
        try:
            data = f.read_bytes()
        except OSError as exc:
            raise UsageError(f"{display_path(f)}: cannot read: {exc}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            ir.files.append(_not_utf8(display_path(f), data, exc))  # reported like any spec error; the rest is read
            continue
        ir.files.append(parse_text(display_path(f), text, options))
    return ir


def _not_utf8(path: str, data: bytes, exc: UnicodeDecodeError) -> SpecFile:
    """An error at the line and column of the first byte that is not UTF-8."""
    line = data.count(b"\n", 0, exc.start) + 1
    col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    message = f"not UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {col} cannot be decoded; file not read"
    hint = "re-save the file as UTF-8 (most editors offer 'Save with encoding'; iconv -f LATIN1 -t UTF-8 converts it)"
    return SpecFile(path, diagnostics=[error(message, Location(path, line, col), hint=hint)])
