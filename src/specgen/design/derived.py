"""The column facts design.yaml shows but the design keeps once, elsewhere: computed when dumping, read back
(and dropped) when loading.

A foreign key lives in `Entity.foreign_keys`, a primary key in `Entity.primary_key`. design.yaml also writes them
on each column, as the Database Modeling specification's Primary Output does: `references: table.column`,
`on_delete`/`on_update`, and `primary_key`/`foreign_key` among `constraints` (whose stored words are `not_null`,
`unique`, `check`). `written_entity` adds them to an entity's dumped data (design.yaml, the design hash, the revision
snapshots); `read_entity` takes them off loaded data, keeping what a file states only there (a design written by
hand, after the specification, has no `foreign_keys`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from specgen.design.model import Entity, ForeignKey

DERIVED = ("references", "on_delete", "on_update")
_AFTER_DERIVED = ("renamed_from", "description", "comment", "source")  # the Column fields written after them
_KEY_WORDS = ("primary_key", "foreign_key")


def column_references(entity: Entity, tables: Collection[str]) -> dict[str, ForeignKey]:
    """The foreign key each column shows as `references`: its single-column FK to a table of the design (the
    last one, when several), not one whose table no spec defines (kept as written: SG101)."""
    out: dict[str, ForeignKey] = {}
    for fk in entity.foreign_keys:
        if len(fk.columns) == 1 and fk.ref_table in tables:
            out[fk.columns[0]] = fk
    return out


def written_entity(entity: Entity, data: dict[str, Any], tables: Collection[str]) -> dict[str, Any]:
    """`data` (the entity's dump, JSON mode, None fields left out) with each column's derived facts, in
    design.yaml's key order; in place."""
    columns = data.get("columns")
    pk = entity.primary_key.columns if entity.primary_key else ()
    refs = column_references(entity, tables)
    if not columns or not (pk or refs):
        return data
    for i, col in enumerate(entity.columns):
        name = col.name
        fk = refs.get(name)
        if fk is None and name not in pk:
            continue
        written = columns[i]
        if "constraints" in written:
            words = written["constraints"]
            if name in pk:
                words.append("primary_key")
            if fk is not None:
                words.append("foreign_key")
        if fk is not None:
            columns[i] = _with_references(written, fk)
    return data


def _with_references(written: dict[str, Any], fk: ForeignKey) -> dict[str, Any]:
    facts = {"references": f"{fk.ref_table}.{fk.ref_columns[0]}", "on_delete": fk.on_delete, "on_update": fk.on_update}
    facts = {k: v for k, v in facts.items() if v is not None}
    out: dict[str, Any] = {}
    for key, value in written.items():
        if facts and key in _AFTER_DERIVED:
            out.update(facts)
            facts = {}
        out[key] = value
    out.update(facts)
    return out


def written_entities(entities: list[Entity], data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every entity's dump with its derived column facts; in place."""
    tables = {e.table_name for e in entities}
    for e, d in zip(entities, data, strict=True):
        written_entity(e, d, tables)
    return data


def read_entity(raw: Any) -> Any:
    """An entity as design.yaml or a snapshot writes it, its derived column facts taken off (in place). A column's
    `references` no foreign key states becomes one; `primary_key` words without a `primary_key` become one."""
    if not isinstance(raw, dict) or not isinstance(raw.get("columns"), list):
        return raw
    stated: list[Any] = raw["foreign_keys"] if isinstance(raw.get("foreign_keys"), list) else []
    added: list[dict[str, Any]] = []
    pk_cols: list[Any] = []
    for col in raw["columns"]:
        if not isinstance(col, dict):
            continue
        words = col.get("constraints")
        if isinstance(words, list) and any(w in _KEY_WORDS for w in words):
            if "primary_key" in words:
                pk_cols.append(col.get("name"))
            col["constraints"] = [w for w in words if w not in _KEY_WORDS]
        if not any(k in col for k in DERIVED):
            continue
        ref, on_delete, on_update = (col.pop(k, None) for k in DERIVED)
        name = col.get("name")
        if not isinstance(ref, str) or "." not in ref:
            continue
        if any(isinstance(fk, dict) and fk.get("columns") == [name] for fk in stated):
            continue  # the foreign key is stated: `references` is its view
        table, _, column = ref.rpartition(".")
        fk = {"columns": [name], "ref_table": table, "ref_columns": [column]}
        added.append(fk | {k: v for k, v in (("on_delete", on_delete), ("on_update", on_update)) if v is not None})
    if added:
        raw["foreign_keys"] = [*stated, *added]
    if pk_cols and raw.get("primary_key") is None:
        raw["primary_key"] = _primary_key(raw["columns"], pk_cols)
    return raw


def _primary_key(columns: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    first = next(c for c in columns if isinstance(c, dict) and c.get("name") == names[0])
    kind = first.get("database_type")
    return {
        "column_name": names[0],
        "columns": names,
        "type": kind,
        "auto_generate": auto_generated(
            first.get("default"), first.get("autoincrement"), kind, first.get("server_default"), len(names)
        ),
    }


def auto_generated(
    default: object, autoincrement: bool | None, database_type: object, server_default: object, n: int
) -> bool:
    """PrimaryKey.auto_generate: the key fills itself (a uuid4 default, serial or identity)."""
    return (
        default == "uuid4"
        or bool(autoincrement)
        or (
            n == 1
            and database_type in ("integer", "bigint", "smallint")
            and server_default is None
            and autoincrement is not False
        )
    )


def read_schema(raw: Any) -> Any:
    """A database_schema mapping with every entity read by `read_entity` (in place)."""
    if isinstance(raw, dict) and isinstance(raw.get("entities"), list):
        for e in raw["entities"]:
            read_entity(e)
    return raw
