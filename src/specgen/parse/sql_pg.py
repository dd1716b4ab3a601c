"""PostgreSQL schema objects beyond tables in ```sql blocks: extensions (and, later, views and SQL objects)."""

from __future__ import annotations

import re

from specgen.parse.ir import ExtensionIR
from specgen.source import Location

_IDENT = r'(?:"(?:[^"]|"")+"|[\w$]+)'
_EXTENSION = re.compile(
    rf"^\s*CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>{_IDENT})"
    rf"(?:\s+WITH)?(?:\s+SCHEMA\s+(?P<schema>{_IDENT}))?",
    re.I,
)


def unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()


def read_extension(text: str, loc: Location) -> ExtensionIR | None:
    """`CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] …`."""
    m = _EXTENSION.match(text)
    if m is None:
        return None
    schema = m.group("schema")
    return ExtensionIR(unquote(m.group("name")), loc, unquote(schema) if schema else None)
