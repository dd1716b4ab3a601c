"""Settings from `[tool.specgen]` in the nearest pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Any, get_args

from specgen.errors import UsageError
from specgen.vocab.terms import Naming

_CASES = get_args(Naming)
_PKS = ("uuid", "bigint", "integer", "none")
_DIALECTS = ("postgresql", "sqlite")
_EXTRA_KEYS = {"ignore", "targets"}  # read by other parts (validate: rule codes to skip; build: targets)


@dataclass(frozen=True)
class Settings:
    specs: str = "specs"
    generated: str = "generated"
    dialects: tuple[str, ...] = ("postgresql", "sqlite")
    naming: Naming = "snake_case"
    primary_key: str = "uuid"  # key added where a design-level spec names none: uuid | bigint | integer | none
    templates: str | None = None  # a folder whose templates override the shipped ones, by file name
    sql_dialect: str = "postgres"  # dialect of ```sql blocks that do not say
    root: str = "."
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # unknown keys and the like, for the CLI to print

    def path(self, rel: str) -> Path:
        p = Path(rel)
        return p if p.is_absolute() else Path(self.root) / p


def find_pyproject(start: Path) -> Path | None:
    for d in (start, *start.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: str | Path = ".") -> Settings:
    """Read settings; a missing pyproject.toml or section gives the defaults."""
    base = Path(start).resolve()
    pyproject = find_pyproject(base)
    if pyproject is None:
        return Settings()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{pyproject}: cannot read [tool.specgen]: {exc}") from None
    section = data.get("tool", {}).get("specgen")
    if not section:
        return Settings()
    return settings_from(section, str(pyproject))


def settings_from(section: dict[str, Any], where: str = "[tool.specgen]") -> Settings:
    known = {f.name for f in fields(Settings)} - {"root", "extra", "warnings"}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in section.items():
        name = key.replace("-", "_")
        if name in known:
            values[name] = value
        else:
            extra[key] = value
    if "dialects" in values:
        dialects = values["dialects"]
        if isinstance(dialects, str):
            dialects = [dialects]
        bad = [d for d in dialects if d not in _DIALECTS]
        if bad:
            raise UsageError(f"{where}: unknown dialect {bad[0]!r}: expected {', '.join(_DIALECTS)}")
        values["dialects"] = tuple(dialects)
    if values.get("naming", "snake_case") not in _CASES:
        raise UsageError(f"{where}: naming must be one of {', '.join(_CASES)}")
    if values.get("primary_key", "uuid") not in _PKS:
        raise UsageError(f"{where}: primary_key must be one of {', '.join(_PKS)}")
    unknown = sorted(k for k in extra if k not in _EXTRA_KEYS)
    warnings = tuple(
        f"{where}: warning: unknown [tool.specgen] key '{k}'"
        + (f" (did you mean '{close[0]}'?)" if (close := get_close_matches(k, sorted(known | _EXTRA_KEYS), 1)) else "")
        for k in unknown
    )
    settings = Settings(**values, extra=extra, warnings=warnings)
    return replace(settings, root=str(Path(where).parent) if where.endswith("pyproject.toml") else ".")
