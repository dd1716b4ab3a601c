"""Indexes of the design: from column flags, Index sections and standalone CREATE INDEX statements,
named `ix_<table>_<columns>` where the spec gives no name."""

from __future__ import annotations

import re
from typing import Any, get_args

from specgen.design.columns import declared_name
from specgen.design.merge import Merged
from specgen.design.model import Entity, Index, IndexOrder
from specgen.design.resolve import resolve
from specgen.errors import Diagnostic, error, warning
from specgen.parse.ir import IndexIR


def collect_indexes(
    stated: list[tuple[Entity, Merged]], standalone: list[IndexIR], by_key: dict[str, Entity], diags: list[Diagnostic]
) -> list[Index]:
    out: list[Index] = []
    names: dict[str, Index] = {}
    unnamed: dict[tuple[object, ...], int] = {}  # indexes with generated names (their place in out), by what they index
    shapes: set[tuple[object, ...]] = set()  # what every index indexes

    def add(entity: Entity, ix: IndexIR) -> None:
        if not ix.columns:  # `KEY character varying(255)` read as an index of nothing
            diags.append(warning(f"index {ix.name or ''} names no column; not read", ix.loc))
            return
        ix.method = index_method(ix, diags)
        cols = [declared_name(entity.columns, c) for c in ix.columns]
        # what an index is, apart from its name: a gin and a btree index on one column are two indexes
        shape = (
            entity.table_name,
            tuple(c.lower() for c in cols),
            ix.unique,
            ix.where,
            ix.method or "btree",
            tuple(sorted(ix.opclasses.items())),
            tuple(sorted(ix.orders.items())),
        )
        at = unnamed.get(shape)
        if at is not None:  # one index in two forms, named in at most one of them: the stated name wins
            if ix.name and ix.name not in names:
                twin = out[at]
                del names[twin.index_name], unnamed[shape]
                out[at] = names[ix.name] = twin.model_copy(update={"index_name": ix.name})
            return
        if not ix.name and shape in shapes:
            return
        name = ix.name or f"{'uq' if ix.unique else 'ix'}_{entity.table_name}_{'_'.join(_slug(c) for c in cols)}"
        have = names.get(name)
        if have is not None and have.table_name != entity.table_name:
            have = None  # one name on two tables (MySQL names indexes per table): validate reports it (SG106)
        if have is not None:
            if have.table_name == entity.table_name and have.columns == cols:
                return  # the same index stated in two forms
            diags.append(
                warning(
                    f"index '{name}' is defined twice, differently (first at {have.source}); the first is kept",
                    ix.loc,
                )
            )
            return
        index = Index(
            table_name=entity.table_name,
            columns=cols,
            index_name=name,
            index_type=ix.method or "btree",
            unique=ix.unique,
            condition=ix.where,
            source=ix.loc,
            **index_details(ix, dict(zip(ix.columns, cols, strict=True)), diags),
        )
        names[name] = index
        shapes.add(shape)
        if not ix.name:
            unnamed[shape] = len(out)
        out.append(index)

    for entity, m in stated:
        for c in m.entity.columns:
            if c.index:
                add(entity, IndexIR([c.name], c.loc))
        for ix in m.entity.indexes:
            add(entity, ix)
    for ix in standalone:
        owner = resolve(by_key, ix.table or "")
        if owner is None:
            if not ix.columns:
                diags.append(warning(f"index {ix.name or ''} names no column; not read", ix.loc))
                continue
            ix.method = index_method(ix, diags)
            # Kept as written: validate reports an index on a table no spec defines (SG505).
            ix.table = (ix.table or "").rpartition(".")[2]  # the reader qualifies it only to find its table
            diags.append(
                warning(f"index {ix.name or ''} is on table '{ix.table}', which no spec defines", ix.loc, code="SG505")
            )
            name = ix.name or f"ix_{_slug(ix.table or '')}_{'_'.join(_slug(c) for c in ix.columns)}"
            if name not in names:
                names[name] = index = Index(
                    table_name=ix.table or "",
                    columns=list(ix.columns),
                    index_name=name,
                    index_type=ix.method or "btree",
                    unique=ix.unique,
                    condition=ix.where,
                    source=ix.loc,
                    **index_details(ix, {c: c for c in ix.columns}, diags),
                )
                out.append(index)
            continue
        add(owner, ix)
    return out


_OPCLASS = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?")
_ORDERS = frozenset(get_args(IndexOrder))
_PARAM_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_PARAM_VALUE = re.compile(r"[A-Za-z0-9_.\-]{1,63}")


def index_details(ix: IndexIR, names: dict[str, str], diags: list[Diagnostic]) -> dict[str, Any]:
    """The PostgreSQL details of an index (operator classes, orders, INCLUDE, WITH), keyed by the design's
    element names (`names`: element as read -> as designed); what is not a name or a plain value is left
    out with a located warning (it would be written unquoted into CREATE INDEX)."""
    out: dict[str, Any] = {}

    def keep(what: str, value: str, ok: bool) -> bool:
        if not ok:
            diags.append(warning(f"index {ix.name or ''}: {what} {value!r} is not read (not a plain name)", ix.loc))
        return ok

    ops = {
        names.get(k, k): v for k, v in ix.opclasses.items() if keep("operator class", v, bool(_OPCLASS.fullmatch(v)))
    }
    orders = {names.get(k, k): v.lower() for k, v in ix.orders.items() if keep("order", v, v.lower() in _ORDERS)}
    params = {
        k.lower(): v
        for k, v in ix.parameters.items()
        if keep("parameter", f"{k}={v}", bool(_PARAM_NAME.fullmatch(k.lower()) and _PARAM_VALUE.fullmatch(v)))
    }
    if ops:
        out["opclasses"] = ops
    if orders:
        out["orders"] = orders
    if ix.include:
        out["include"] = list(ix.include)
    if params:
        out["parameters"] = params
    return out


# PostgreSQL takes any access method an extension installs (hnsw, ivfflat, bloom, rum): the method is an
# open name, but a name, since it is written into `USING …` unquoted.
_METHOD = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def index_method(ix: IndexIR, diags: list[Diagnostic]) -> str | None:
    """The index's access method, lower case, None for btree; a located error when it is not a name."""
    method = (ix.method or "").strip().lower()
    if not method or method == "btree":
        return None
    if not _METHOD.fullmatch(method):
        diags.append(
            error(
                f"index method {ix.method!r} is not a name; the index is kept as btree",
                ix.loc,
                hint="write an access method PostgreSQL knows: btree, hash, gin, gist, spgist, brin, "
                "or one an extension adds (hnsw, ivfflat)",
            )
        )
        return None
    return method


def _slug(text: str) -> str:
    low = text.lower()
    if low.replace("_", "").isalnum():  # a plain name (the common case) is its own slug
        return low.strip("_")
    return "".join(ch if ch.isalnum() else "_" for ch in low).strip("_")


def mark_indexed(entities: list[Entity], indexes: list[Index]) -> None:
    """Columns that lead an index or the primary key are `indexed`: an indexed copy takes the column's place in
    its entity's list while the design is being built (a column is never changed)."""
    leading: dict[str, set[str]] = {}  # table -> the columns that lead one of its indexes or its key
    for i in indexes:
        if i.columns:
            leading.setdefault(i.table_name, set()).add(i.columns[0])
    for e in entities:
        lead = leading.setdefault(e.table_name, set())
        if e.primary_key:
            lead.add(e.primary_key.columns[0])
        columns = e.columns
        for n, c in enumerate(columns):
            if not c.indexed and c.name in lead:
                columns[n] = c.model_copy(update={"indexed": True})
