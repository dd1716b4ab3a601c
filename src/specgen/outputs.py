"""Output formats the commands speak, named once: the CLI's choices and the renderers of reports read them.

`--format json` of `design`, `check` and `verify` prints one object on stdout (docs/cli.md, "JSON output"):
`{command, ok, exit_code, problems: [{file, line, severity, message, text}], …}` plus what the command adds.
"""

from __future__ import annotations

import json
import re
from typing import Any

FINDING_FORMATS = ("text", "json", "sarif", "github")  # specgen validate
REPORT_FORMATS = ("text", "json")  # design (and its --explain report), check, verify, plan

# `path:12:3: error: message`, `path: error: message`, `error: message`, `path:12: warning SG101 message`,
# `path: stale: message`
_PROBLEM = re.compile(
    r"^(?:(?P<file>.+?)(?::(?P<line>\d+))?(?::\d+)?: )?(?P<severity>error|warning|info|stale)(?::| (?=SG\d))\s*(?P<message>.*)$",
    re.S,
)


def problem(text: str) -> dict[str, Any]:
    """One problem line as data: where (file, line: None when the line names none), severity, message, text."""
    m = _PROBLEM.match(text.strip())
    if m is None:
        return {"file": None, "line": None, "severity": "error", "message": text.strip(), "text": text.strip()}
    line, severity, message = m.group("line"), m.group("severity"), m.group("message")
    if severity == "stale":  # `generated/models.py: stale: differs from …`: an error check reports
        severity, message = "error", f"stale: {message}"
    return {
        "file": m.group("file"),
        "line": int(line) if line else None,
        "severity": severity,
        "message": message,
        "text": text.strip(),
    }


def outcome(command: str, exit_code: int, problems: list[str], **fields: Any) -> str:
    """The JSON object a command prints for `--format json`."""
    body = {"command": command, "ok": exit_code == 0, "exit_code": exit_code, **fields}
    body["problems"] = [problem(p) for p in problems]
    return json.dumps(body, indent=2, ensure_ascii=False)
