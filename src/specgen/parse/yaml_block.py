"""```yaml blocks holding fragments of the design document (design.yaml's own keys).

Accepted shapes: `database_schema: {entities: [...], enums: [...], indexes: [...]}`, the same without
the `database_schema` wrapper, a list of entities, or one entity (a mapping with `columns`).
Each entity's line is the line of its `name:`; each column's, the line of its `name:`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from specgen import safe_yaml
from specgen.errors import error, info, warning
from specgen.parse import yaml_fragment as frag
from specgen.parse.ir import (
    ColumnIR,
    ConstraintIR,
    EntityIR,
    EnumIR,
    ForeignKeyIR,
    Fragment,
    IndexIR,
    ReadContext,
    RelationshipIR,
)
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions
from specgen.source import Location

_HINT = "a ```yaml block holds design.yaml keys with design.yaml types; `specgen schema` prints them"


def read_yaml_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """What the design-document fragments of a ```yaml block state; YAML that is not one is skipped with a note."""
    out = Fragment(context.path)
    _read(fence, out, options)
    return out


def _read(fence: Fence, spec: Fragment, options: ParseOptions) -> None:

    def loc(line0: int) -> Location:
        return Location(spec.path, fence.line + 1 + line0)

    try:
        data, marks = safe_yaml.load_marked(fence.text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if not isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError | yaml.reader.ReaderError):
            # YAML that parses but is refused (an alias bomb, 64 levels deep, a lone surrogate, 2024-02-30,
            # a tag): a design fragment that is wrong, not a prose outline: an error.
            spec.diagnostics.append(error(f"YAML block {problem}", loc(mark.line if mark else 0), hint=_HINT))
            return
        # A warning, not an error: prose often shows YAML-like outlines (seed 004 does) that are no design.
        spec.diagnostics.append(
            warning(f"YAML block is not valid YAML ({problem}); it is skipped", loc(mark.line if mark else 0))
        )
        return

    def checked(model: type[BaseModel], raw: Any, path: tuple[Any, ...]) -> Any:
        """`raw` validated against a fragment model; None (and located errors) when it does not fit."""
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for where, msg in frag.problems(exc):
                full = path + where
                shown = ".".join(str(p) for p in full)
                spec.diagnostics.append(error(f"YAML {shown}: {msg}", loc(marks.line_of(data, full)), hint=_HINT))
            return None

    prefix: tuple[Any, ...] = ()
    if isinstance(data, dict) and isinstance(data.get("database_schema"), dict):
        prefix = ("database_schema",)
    body = data["database_schema"] if prefix else data
    items: list[tuple[Any, tuple[Any, ...]]] = []
    if isinstance(body, list):
        items = [(raw, prefix + (i,)) for i, raw in enumerate(body)]
    elif isinstance(body, dict) and "columns" in body:
        items = [(body, prefix)]
    elif isinstance(body, dict) and any(k in body for k in ("entities", "enums", "indexes")):
        top = checked(frag.DocumentFragment, body, prefix)
        if top is None:
            return
        items = [(raw, prefix + ("entities", i)) for i, raw in enumerate(top.entities or [])]
        for i, raw in enumerate(top.enums or []):
            path = prefix + ("enums", i)
            en = checked(frag.EnumFragment, raw, path)
            if en is None:
                continue
            if not en.name:
                spec.diagnostics.append(error("YAML enum needs a name", loc(marks.line_of(data, path)), hint=_HINT))
                continue
            spec.enums.append(EnumIR(en.name, list(en.values or []), loc(marks.line_of(data, path)), form="yaml"))
        for i, raw in enumerate(top.indexes or []):
            path = prefix + ("indexes", i)
            ix = checked(frag.IndexFragment, raw, path)
            if ix is None or not ix.table_name or not ix.columns:
                continue
            spec.indexes.append(
                IndexIR(
                    list(ix.columns),
                    loc(marks.line_of(data, path)),
                    name=ix.index_name,
                    table=ix.table_name,
                    method=ix.index_type if ix.index_type != "btree" else None,
                    unique=bool(ix.unique),
                    where=ix.condition,
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
    for raw, path in items:
        line = marks.line_of(data, path)
        if not isinstance(raw, dict) or not (raw.get("name") or raw.get("table_name")):
            spec.diagnostics.append(warning("YAML entity needs a name or table_name", loc(line)))
            continue
        entity = checked(frag.EntityFragment, raw, path)
        if entity is not None:

            def at(p: tuple[Any, ...], path: tuple[Any, ...] = path) -> Location:
                return loc(marks.line_of(data, path + p))

            spec.entities.append(_entity(entity, at))


def _entity(raw: Any, at: Callable[[tuple[Any, ...]], Location]) -> EntityIR:
    """The IR of one validated entity fragment; `at(path)` is the location of a path inside it."""
    e = EntityIR(
        at(()),
        "yaml",
        name=raw.name,
        table=raw.table_name,
        description=raw.description,
        renamed_from=raw.renamed_from,
    )
    pk = raw.primary_key
    pk_cols = (pk.columns or ([pk.column_name] if pk.column_name else [])) if pk else []
    for i, c in enumerate(raw.columns or []):
        if not c.name:
            continue
        cons = set(c.constraints or [])
        where = at(("columns", i))
        col = ColumnIR(
            c.name,
            where,
            type=c.sql_type or c.database_type,
            nullable=c.nullable,
            primary_key=c.name in pk_cols or "primary_key" in cons,
            unique="unique" in cons,
            check=c.check_expression,
            on_update=c.onupdate,
            renamed_from=c.renamed_from,
            description=c.description,
            autoincrement=c.autoincrement,
            python_name=c.python_name,
        )
        col.type_loc = col.loc
        if c.default is not None:
            d = c.default
            if isinstance(d, dict | list):  # a default is one value, not a structure
                col.default = None
            else:
                col.default = repr(d) if isinstance(d, str) and c.default_kind == "literal" else str(d)
        col.server_default = c.server_default
        ref = c.references
        if ref and "." in ref:
            table, _, rc = ref.rpartition(".")
            col.fk = ForeignKeyIR([col.name], table, [rc], col.loc, on_delete=c.on_delete, on_update=c.on_update)
        e.columns.append(col)
    for i, fk in enumerate(raw.foreign_keys or []):
        if fk.columns and fk.ref_table:
            e.foreign_keys.append(
                ForeignKeyIR(
                    list(fk.columns),
                    fk.ref_table,
                    list(fk.ref_columns or []),
                    at(("foreign_keys", i)),
                    on_delete=fk.on_delete,
                    on_update=fk.on_update,
                    name=fk.name,
                )
            )
    for i, k in enumerate(raw.constraints or []):
        if k.type in ("unique", "check", "exclude"):
            e.constraints.append(
                ConstraintIR(k.type, at(("constraints", i)), k.name, list(k.columns or []), k.expression)
            )
    for i, r in enumerate(raw.relationships or []):
        if r.name and r.related_entity:
            e.relationships.append(
                RelationshipIR(
                    r.name,
                    r.related_entity,
                    at(("relationships", i)),
                    kind=r.type,
                    back_populates=r.back_populates,
                    cascade=r.cascade,
                    lazy=r.lazy,
                    through=r.join_table,
                    foreign_keys=list(r.foreign_keys or []),
                    remote_side=list(r.remote_side or []),
                    uselist=r.uselist,
                )
            )
    e.partial = not e.columns
    return e
