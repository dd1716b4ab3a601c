"""Findings as text (grouped by file, the spec line under each), json, SARIF 2.1.0 and GitHub annotations."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from specgen.outputs import FINDING_FORMATS as FORMATS  # noqa: E402 - named once for the CLI and here
from specgen.validate.finding import Finding, Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/specgen/specgen/blob/main/docs/rules.md"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_COLOURS = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;36m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
    "reset": "\x1b[0m",
}


def summary(findings: Sequence[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    if not findings:
        return "no findings"
    return ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n)


class _Lines:
    """Spec lines, read once per file, for showing under findings."""

    def __init__(self, root: str | os.PathLike[str] = ".") -> None:
        self.root = Path(root)
        self.cache: dict[str, list[str] | None] = {}

    def get(self, path: str, line: int | None) -> str | None:
        if not line:
            return None
        if path not in self.cache:
            p = Path(path) if Path(path).is_absolute() else self.root / path
            try:
                self.cache[path] = p.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self.cache[path] = None
        lines = self.cache[path]
        return lines[line - 1] if lines and 0 < line <= len(lines) else None


def render_text(findings: Sequence[Finding], color: bool = False, root: str | os.PathLike[str] = ".") -> str:
    """`path:line: severity CODE message`, grouped by file; the spec line and the hint under each."""

    def paint(kind: str, text: str) -> str:
        return f"{_COLOURS[kind]}{text}{_COLOURS['reset']}" if color else text

    lines = _Lines(root)
    out: list[str] = []
    current: str | None = None
    for f in findings:
        file = f.file or "(design)"
        if file != current:
            if current is not None:
                out.append("")
            out.append(paint("bold", file))
            current = file
        where = f"{f.file}:{f.line}" if f.file and f.line else file
        extra = f" [{f.form}]" if f.form else ""
        out.append(f"{where}: {paint(f.severity, f.severity)} {paint('bold', f.code)} {f.message}{extra}")
        text = lines.get(f.file, f.line) if f.file else None
        if text is not None:
            out.append(paint("dim", f"  {f.line:>5} | {text.strip()}"))
        if f.entities:
            out.append(f"        entities: {', '.join(f.entities)}")
        if f.hint:
            out.append(f"        hint: {f.hint}")
    if out:
        out.append("")
    out.append(summary(findings))
    return "\n".join(out) + "\n"


def render_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=2) + "\n"


def _rule_descriptor(r: Rule) -> dict[str, Any]:
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.doc},
        "help": {"text": r.doc, "markdown": r.doc},
        "helpUri": f"{INFO_URI}#{r.code.lower()}",
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        "properties": {"category": r.category, "tags": [r.category]},
    }


def render_sarif(findings: Sequence[Finding], rules: Sequence[Rule], version: str = "0") -> str:
    """SARIF 2.1.0: one run, the rules as tool metadata, each finding with its physical location."""
    ordered = sorted(rules, key=lambda r: r.code)
    position = {r.code: i for i, r in enumerate(ordered)}
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message + (f" (hint: {f.hint})" if f.hint else "")},
        }
        if f.code in position:
            result["ruleIndex"] = position[f.code]
        if f.file:
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": f.file.replace(os.sep, "/"), "uriBaseId": "%SRCROOT%"}
            }
            if f.line:
                physical["region"] = {"startLine": f.line}
            result["locations"] = [{"physicalLocation": physical}]
        props = {
            k: v
            for k, v in (
                ("category", f.category),
                ("entity", f.entity),
                ("column", f.column),
                ("entities", list(f.entities)),
                ("form", f.form),
                ("hint", f.hint),
            )
            if v
        }
        result["properties"] = props
        result["partialFingerprints"] = {
            "specgen/v1": "|".join([f.code, f.entity or "", f.column or "", f.message]),
        }
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "specgen",
                        "informationUri": INFO_URI,
                        "version": version,
                        "rules": [_rule_descriptor(r) for r in ordered],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`."""
    out = []
    for f in findings:
        props = []
        if f.file:
            props.append(f"file={_gh_escape(f.file, True)}")
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_gh_escape(f.code, True)}")
        message = f"{f.code} {f.message}" + (f" (hint: {f.hint})" if f.hint else "")
        out.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_gh_escape(message)}")
    return "".join(line + "\n" for line in out)


def render(
    findings: Sequence[Finding], fmt: str, *, rules: Sequence[Rule] = (), color: bool = False, version: str = "0"
) -> str:
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: render_text(findings, color=color),
        "json": lambda: render_json(findings),
        "sarif": lambda: render_sarif(findings, rules, version),
        "github": lambda: render_github(findings),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return renderers[fmt]()
