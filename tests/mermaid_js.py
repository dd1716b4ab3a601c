"""Mermaid's own parser under Node, for tests: `mermaid.parse()` from the `mermaid` npm package.

Installed once into the tests' tool cache in the temp dir (conftest.TOOL_CACHE) with `npm install`; the
tests skip only where node or npm are missing. `mermaid.parse()` needs no DOM for erDiagram.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import TOOL_CACHE, tool_env

MERMAID_VERSION = "11"
CACHE = Path(os.environ.get("SPECGEN_MERMAID_CACHE", TOOL_CACHE / "mermaid"))

_SCRIPT = r"""
import { readFileSync } from "node:fs";
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
const out = [];
for (const f of process.argv.slice(2)) {
  try {
    const r = await mermaid.parse(readFileSync(f, "utf8"));
    out.push({ file: f, ok: true, type: r.diagramType });
  } catch (e) {
    out.push({ file: f, ok: false, error: String((e && e.message) || e) });
  }
}
console.log(JSON.stringify(out));
"""


def ensure_parser() -> Path:
    """The path of the parse script, installing mermaid on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to check Mermaid output with Mermaid's own parser")
    CACHE.mkdir(parents=True, exist_ok=True)
    if not (CACHE / "node_modules" / "mermaid" / "package.json").is_file():
        pkg = CACHE / "package.json"
        if not pkg.is_file():
            pkg.write_text('{"name": "specgen-mermaid", "private": true}\n')
        proc = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", f"mermaid@{MERMAID_VERSION}"],
            cwd=CACHE,
            env=tool_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, f"npm install mermaid failed:\n{proc.stdout}\n{proc.stderr}"
    script = CACHE / "specgen-parse.mjs"
    if not script.is_file() or script.read_text() != _SCRIPT:
        script.write_text(_SCRIPT)
    return script


def parse_all(texts: list[str]) -> list[dict[str, object]]:
    """Parse each text with mermaid.parse(); one result dict per text: ok, type, error."""
    script = ensure_parser()
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, text in enumerate(texts):
            p = Path(tmp) / f"d{i}.mmd"
            p.write_text(text, encoding="utf-8")
            files.append(str(p))
        proc = subprocess.run(["node", str(script), *files], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)


def mermaid_blocks(markdown: str) -> list[str]:
    """The bodies of the ```mermaid fences of a Markdown text."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in markdown.splitlines():
        if current is None and line.strip() == "```mermaid":
            current = []
        elif current is not None and line.strip() == "```":
            blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return blocks
