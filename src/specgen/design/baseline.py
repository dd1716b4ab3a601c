"""The baseline of migration planning: the design recorded by the head Alembic revision.

Every rendered revision `versions/<rev>_<slug>.py` has a snapshot `versions/<rev>_<slug>.design.json` beside it:
`{"revision", "down_revision", "design_hash", "design"}`. The head is the revision no other one revises.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specgen.design.derived import read_entity
from specgen.design.model import Design
from specgen.errors import UsageError

SNAPSHOT_SUFFIX = ".design.json"
_REV = re.compile(r"^revision(?:: str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:: [^=]+)?\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    path: Path

    @property
    def snapshot(self) -> Path:
        return self.path.with_name(self.path.stem + SNAPSHOT_SUFFIX)


def migrations_dir(settings: Any) -> Path:
    return Path(settings.path(settings.generated)) / "migrations"


def revision_id(previous: str | None, design_hash: str) -> str:
    """Deterministic: the same design after the same revision always gets the same id."""
    return hashlib.sha256(f"{previous or ''}:{design_hash}".encode()).hexdigest()[:12]


def slug(design: Design) -> str:
    version = design.database_schema.meta.version
    if not version:
        return "schema"
    text = re.sub(r"[^0-9A-Za-z]+", "_", f"v{version}").strip("_").lower()
    return text or "schema"


def change_slug(design: Design, baseline: Design | None, ops: list[Any]) -> str:
    """A revision file's slug: the spec version when it moved (or for the first revision), else what
    the change does (`add_reviews_table`, `add_books_isbn`, `drop_books_legacy_code_and_more`)."""
    version = design.database_schema.meta.version
    if baseline is None or not ops or (version and version != baseline.database_schema.meta.version):
        return slug(design)
    kinds = {
        "create_table": "add_{t}_table",
        "drop_table": "drop_{t}_table",
        "rename_table": "rename_{t}_table",
        "add_column": "add_{t}_{c}",
        "drop_column": "drop_{t}_{c}",
        "rename_column": "rename_{t}_{c}",
        "alter_column": "alter_{t}_{c}",
    }
    main = [op for op in ops if op.kind in kinds] or ops
    first = main[0]
    column = getattr(getattr(first, "column", None), "name", None) or getattr(first, "old", None)
    column = getattr(getattr(first, "new", None), "name", None) if first.kind == "alter_column" else column
    text = kinds.get(first.kind, first.kind + "_{t}").format(t=first.table, c=column or "")
    if len({(op.kind, op.table) for op in main}) > 1:
        text += "_and_more"
    text = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower()
    return text[:48].rstrip("_") or "schema"


def revisions(versions: Path) -> list[Revision]:
    """Every revision file of a versions/ folder, in chain order (base first). Branches: file order."""
    if not versions.is_dir():
        return []
    found: dict[str, Revision] = {}
    for p in sorted(versions.glob("*.py")):
        if p.name.startswith("__"):
            continue
        text = p.read_text(encoding="utf-8")
        m = _REV.search(text)
        if not m:
            continue
        d = _DOWN.search(text)
        found[m.group(1)] = Revision(m.group(1), d.group(1) if d and d.group(1) else None, p)
    children: dict[str | None, list[Revision]] = {}
    for r in found.values():
        children.setdefault(r.down_revision, []).append(r)
    ordered: list[Revision] = []
    queue = list(children.get(None, []))
    while queue:
        r = queue.pop(0)
        ordered.append(r)
        queue.extend(children.get(r.revision, []))
    ordered.extend(r for r in found.values() if r not in ordered)
    return ordered


def heads(versions: Path) -> list[Revision]:
    revs = revisions(versions)
    parents = {r.down_revision for r in revs}
    return [r for r in revs if r.revision not in parents]


def head(versions: Path) -> Revision | None:
    """The single head revision; several heads are a usage error."""
    hs = heads(versions)
    if len(hs) > 1:
        from specgen.source import display_path

        raise UsageError(
            f"{display_path(versions)}: several head revisions ({', '.join(r.revision for r in hs)}); merge them first"
        )
    return hs[0] if hs else None


def load_snapshot(path: Path) -> Design:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        design = Design.model_validate(
            {
                "database_schema": {
                    "meta": data["meta"],
                    "entities": [read_entity(e) for e in data["entities"]],
                    "enums": data["enums"],
                    "indexes": data["indexes"],
                    # PostgreSQL objects: present only in snapshots of designs that have them
                    **{k: data[k] for k in ("extensions", "views", "sql_objects") if k in data},
                }
            }
        )
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: cannot read the design snapshot: {exc}") from None
    from specgen.design.naming import assign_names, is_named

    # A snapshot from before names were recorded: its revisions used the same convention, minus clashes.
    return design if is_named(design) else assign_names(design, legacy=True)


def load_baseline(versions: Path) -> tuple[Design | None, Revision | None]:
    """The design recorded at the head revision (None, None when there is no revision yet).

    A hand-written revision (`alembic revision`) on top has no snapshot: the nearest ancestor's design
    is the baseline, and the head stays the revision a new one revises."""
    h = head(versions)
    if h is None:
        return None, None
    by_id = {r.revision: r for r in revisions(versions)}
    r: Revision | None = h
    while r is not None and not r.snapshot.is_file():
        r = by_id.get(r.down_revision or "")
    if r is None:
        from specgen.source import display_path

        raise UsageError(
            f"{display_path(h.path)}: no revision of this history has a specgen design snapshot "
            f"(*{SNAPSHOT_SUFFIX}); specgen cannot plan on top of it"
        )
    return load_snapshot(r.snapshot), h


def snapshot_text(design: Design, revision: str, down_revision: str | None, design_hash: str) -> str:
    """What the database sees of the design (design_hash's part), one entity a line for readable diffs."""
    from pydantic_core import to_json

    from specgen.design.derived import written_entity
    from specgen.design.yaml_io import _HASH_EXCLUDE

    schema = design.database_schema

    tables = {e.table_name for e in schema.entities}

    def dump(part: str, items: list[Any]) -> list[str]:
        exclude = _HASH_EXCLUDE[part]["__all__"]
        if part == "entities":  # with the column facts design.yaml derives (design/derived.py)
            return [
                to_json(
                    written_entity(e, e.model_dump(mode="json", exclude=exclude, exclude_none=True), tables)
                ).decode()
                for e in items
            ]
        return [item.model_dump_json(exclude=exclude, exclude_none=True) for item in items]

    def block(name: str, lines: list[str]) -> str:
        return f' "{name}": [\n  ' + ",\n  ".join(lines) + "\n ]" if lines else f' "{name}": []'

    head = json.dumps({"revision": revision, "down_revision": down_revision, "design_hash": design_hash})
    meta = schema.meta.model_dump_json(exclude={"spec_files"}, exclude_none=True)
    parts = [
        head[:-1],
        f' "meta": {meta}',
        block("enums", dump("enums", schema.enums)),
        block("indexes", dump("indexes", schema.indexes)),
        block("entities", dump("entities", schema.entities)),
        *(block(k, dump(k, getattr(schema, k))) for k in ("extensions", "views", "sql_objects") if getattr(schema, k)),
    ]
    return ",\n".join(parts) + "\n}\n"
