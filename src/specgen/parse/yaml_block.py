"""```yaml blocks holding fragments of the design document (design.yaml's own keys).

Accepted shapes: `database_schema: {entities: [...], enums: [...], indexes: [...]}`, the same without
the `database_schema` wrapper, a list of entities, or one entity (a mapping with `columns`).
Each entity's line is the line of its `name:`; each column's, the line of its `name:`.
"""

from __future__ import annotations

from typing import Any

import yaml

from specgen.errors import info, warning
from specgen.parse import ParseOptions
from specgen.parse.ir import ColumnIR, ConstraintIR, EntityIR, EnumIR, ForeignKeyIR, IndexIR, RelationshipIR, SpecFile
from specgen.parse.markdown import Fence
from specgen.source import Location


class _LineLoader(yaml.SafeLoader):
    """Records the 0-based line of every mapping under the key `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml_fence(fence: Fence, spec: SpecFile, options: ParseOptions) -> None:
    """Read design-document fragments; YAML that is not one is skipped with a note."""

    def loc(line0: int) -> Location:
        return Location(spec.path, fence.line + 1 + line0)

    try:
        data = yaml.load(fence.text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # A warning, not an error: prose often shows YAML-like outlines (seed 004 does) that are no design.
        spec.diagnostics.append(
            warning(
                f"YAML block is not valid YAML ({getattr(exc, 'problem', exc)}); it is skipped",
                loc(mark.line if mark else 0),
            )
        )
        return
    if isinstance(data, dict) and isinstance(data.get("database_schema"), dict):
        data = data["database_schema"]
    entities: list[Any] = []
    if isinstance(data, list):
        entities = data
    elif isinstance(data, dict) and "columns" in data:
        entities = [data]
    elif isinstance(data, dict) and any(k in data for k in ("entities", "enums", "indexes")):
        entities = data.get("entities") or []
        for en in data.get("enums") or []:
            if isinstance(en, dict) and en.get("name"):
                spec.enums.append(
                    EnumIR(str(en["name"]), [str(v) for v in en.get("values") or []], loc(en["__line__"]), form="yaml")
                )
        for ix in data.get("indexes") or []:
            if isinstance(ix, dict) and ix.get("table_name") and ix.get("columns"):
                spec.indexes.append(
                    IndexIR(
                        [str(c) for c in ix["columns"]],
                        loc(ix["__line__"]),
                        name=ix.get("index_name"),
                        table=str(ix["table_name"]),
                        method=ix.get("index_type") if ix.get("index_type") != "btree" else None,
                        unique=bool(ix.get("unique")),
                        where=ix.get("condition"),
                    )
                )
    else:
        spec.diagnostics.append(
            info(
                "YAML block is not a design fragment (no entities, enums or indexes); ignored",
                Location(spec.path, fence.line),
            )
        )
        return
    for raw in entities:
        if not isinstance(raw, dict) or not (raw.get("name") or raw.get("table_name")):
            line = raw.get("__line__", 0) if isinstance(raw, dict) else 0
            spec.diagnostics.append(warning("YAML entity needs a name or table_name", loc(line)))
            continue
        spec.entities.append(_entity(raw, loc))


def _entity(raw: dict[str, Any], loc) -> EntityIR:  # type: ignore[no-untyped-def]
    e = EntityIR(
        loc(raw["__line__"]),
        "yaml",
        name=raw.get("name"),
        table=raw.get("table_name"),
        description=raw.get("description"),
        renamed_from=raw.get("renamed_from"),
    )
    pk = raw.get("primary_key") or {}
    pk_cols = pk.get("columns") or ([pk["column_name"]] if pk.get("column_name") else [])
    for c in raw.get("columns") or []:
        if not isinstance(c, dict) or not c.get("name"):
            continue
        cons = set(c.get("constraints") or [])
        col = ColumnIR(
            str(c["name"]),
            loc(c["__line__"]),
            type=c.get("sql_type") or c.get("database_type"),
            nullable=c.get("nullable"),
            primary_key=c["name"] in pk_cols or "primary_key" in cons,
            unique="unique" in cons,
            check=c.get("check_expression"),
            on_update=c.get("onupdate"),
            renamed_from=c.get("renamed_from"),
            description=c.get("description"),
            autoincrement=c.get("autoincrement"),
            python_name=c.get("python_name"),
        )
        col.type_loc = col.loc
        if c.get("default") is not None:
            d = c["default"]
            col.default = repr(d) if isinstance(d, str) and c.get("default_kind") == "literal" else str(d)
        col.server_default = c.get("server_default")
        ref = c.get("references")
        if ref and "." in str(ref):
            table, _, rc = str(ref).rpartition(".")
            col.fk = ForeignKeyIR(
                [col.name], table, [rc], col.loc, on_delete=c.get("on_delete"), on_update=c.get("on_update")
            )
        e.columns.append(col)
    for fk in raw.get("foreign_keys") or []:
        if isinstance(fk, dict) and fk.get("columns") and fk.get("ref_table"):
            e.foreign_keys.append(
                ForeignKeyIR(
                    list(fk["columns"]),
                    fk["ref_table"],
                    list(fk.get("ref_columns") or []),
                    loc(fk["__line__"]),
                    on_delete=fk.get("on_delete"),
                    on_update=fk.get("on_update"),
                    name=fk.get("name"),
                )
            )
    for k in raw.get("constraints") or []:
        if isinstance(k, dict) and k.get("type") in ("unique", "check", "exclude"):
            e.constraints.append(
                ConstraintIR(
                    k["type"], loc(k["__line__"]), k.get("name"), list(k.get("columns") or []), k.get("expression")
                )
            )
    for r in raw.get("relationships") or []:
        if isinstance(r, dict) and r.get("name") and r.get("related_entity"):
            e.relationships.append(
                RelationshipIR(
                    r["name"],
                    r["related_entity"],
                    loc(r["__line__"]),
                    kind=r.get("type"),
                    back_populates=r.get("back_populates"),
                    cascade=r.get("cascade"),
                    lazy=r.get("lazy"),
                    through=r.get("join_table"),
                    foreign_keys=list(r.get("foreign_keys") or []),
                    remote_side=list(r.get("remote_side") or []),
                    uselist=r.get("uselist"),
                )
            )
    e.partial = not e.columns
    return e
