"""The Jinja environment of every target: user templates first (by file name), then the shipped ones.

Templates only loop and print; the context builders of the targets compute names, imports, order and
escape every string. StrictUndefined turns a missing context key into an error instead of empty text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from specgen.config import Settings


def shipped_templates() -> Path:
    """`specgen/templates` inside an installed wheel; the repository's `templates/` in a checkout."""
    here = Path(__file__).resolve().parent.parent  # src/specgen
    packaged = here / "templates"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "templates"


def environment(settings: Settings | None = None) -> jinja2.Environment:
    """A Jinja environment for `settings` (its `templates` folder overrides shipped templates by name)."""
    user = settings.path(settings.templates) if settings is not None and settings.templates else None
    return _environment(str(user) if user else None)


@lru_cache(maxsize=8)
def _environment(user: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user:
        loaders.append(jinja2.FileSystemLoader(user))
    loaders.append(jinja2.FileSystemLoader(str(shipped_templates())))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Python source, not HTML: the context builders escape with repr()/json
        auto_reload=False,
    )
