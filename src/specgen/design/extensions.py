"""The PostgreSQL extensions of a design: those the specs declare (`CREATE EXTENSION` in ```sql, `extensions:` in
a spec's front matter) and those its column types, index methods and operator classes
imply (listed with `implied_by`; validate warns about them, SG711, and the revision creates them anyway)."""

from __future__ import annotations

import re

from specgen.design.model import DatabaseSchema, Extension
from specgen.errors import Diagnostic, warning
from specgen.parse.ir import SpecIR
from specgen.source import Location
from specgen.vocab.pgtypes import METHOD_EXTENSIONS, OPCLASS_EXTENSIONS, extension_of_type
from specgen.vocab.types import UnknownType, parse_type

_WORD = re.compile(r"[A-Za-z_][\w]*")


def declared_extensions(ir: SpecIR, diags: list[Diagnostic]) -> list[Extension]:
    out: dict[str, Extension] = {}
    for f in ir.files:
        raw = f.front_matter.get("extensions")
        if raw is not None:
            names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else None
            if names is None or not all(isinstance(n, str) and n.strip() for n in names):
                diags.append(
                    warning("front matter 'extensions' must be a list of extension names", Location(f.path, 1))
                )
                names = []
            for n in names:
                out.setdefault(n.strip(), Extension(name=n.strip(), source=Location(f.path, 1)))
        for e in f.extensions:
            out.setdefault(e.name, Extension(name=e.name, in_schema=e.schema, source=e.loc))
    return list(out.values())


def implied_extensions(schema: DatabaseSchema) -> dict[str, list[str]]:
    """extension -> what in the design needs it."""
    need: dict[str, list[str]] = {}

    def add(ext: str | None, what: str) -> None:
        if ext and what not in need.setdefault(ext, []):
            need[ext].append(what)

    for e in schema.entities:
        for c in e.columns:
            family = c.database_type
            if family == "array" and c.item_type:
                try:
                    family = parse_type(c.item_type).name
                except UnknownType:
                    family = ""
            ext = extension_of_type(family)
            if ext:  # the description is written only for the few columns that need one
                add(ext, f"column {e.table_name}.{c.name} ({c.sql_type})")
            # Default functions (uuid_generate_v4()) do not imply an extension: platforms such as Supabase
            # provide them otherwise, and a schema may define its own.
    for ix in schema.indexes:
        add(METHOD_EXTENSIONS.get(ix.index_type), f"index {ix.index_name} (using {ix.index_type})")
        for col in [*ix.columns, *(ix.opclasses or {}).values()]:
            for word in _WORD.findall(col):
                add(OPCLASS_EXTENSIONS.get(word.lower()), f"index {ix.index_name} ({word})")
    return need


def design_extensions(ir: SpecIR, schema: DatabaseSchema, diags: list[Diagnostic]) -> list[Extension]:
    """Declared extensions in spec order, then implied ones by name."""
    declared = declared_extensions(ir, diags)
    names = {e.name for e in declared}
    implied = [
        Extension(name=name, implied_by=sorted(whats))
        for name, whats in sorted(implied_extensions(schema).items())
        if name not in names
    ]
    return declared + implied
