"""Diagnostics and the one exception family the CLI turns into exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from specgen.source import Location

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found while reading specs (before there is a design to validate)."""

    severity: Severity
    message: str
    loc: Location | None = None
    hint: str | None = None
    # The rule code `validate` reports it under (SG9xx: reading); None: SG900, or SG000 for an error.
    code: str | None = None

    def format(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


def error(message: str, loc: Location | None = None, hint: str | None = None, code: str | None = None) -> Diagnostic:
    return Diagnostic("error", message, loc, hint, code)


def warning(message: str, loc: Location | None = None, hint: str | None = None, code: str | None = None) -> Diagnostic:
    return Diagnostic("warning", message, loc, hint, code)


def info(message: str, loc: Location | None = None, hint: str | None = None, code: str | None = None) -> Diagnostic:
    return Diagnostic("info", message, loc, hint, code)


class SpecgenError(Exception):
    """Base of every expected failure; the CLI prints it and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message: str = "", diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics or [])

    def lines(self) -> list[str]:
        out = [d.format() for d in self.diagnostics]
        if self.message:
            out.append(f"error: {self.message}" if not self.diagnostics else self.message)
        return out


class SpecErrors(SpecgenError):
    """The specs could not be read; `diagnostics` holds every problem of the run."""


class UsageError(SpecgenError):
    """Bad arguments or unreadable input files."""

    exit_code = 2


def sort_key(d: Diagnostic) -> tuple[str, int, str]:
    return (d.loc.path if d.loc else "", d.loc.line if d.loc else 0, d.message)
