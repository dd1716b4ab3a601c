"""Output formats the commands speak, named once: the CLI's choices and the renderers of reports read them."""

from __future__ import annotations

FINDING_FORMATS = ("text", "json", "sarif", "github")  # specgen validate
REPORT_FORMATS = ("text", "json")  # design --explain, check, verify
