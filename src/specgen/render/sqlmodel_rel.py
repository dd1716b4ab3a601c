"""Relationship attributes of the SQLModel target.

Works out, from the design's foreign keys, which side holds the key, whether SQLAlchemy needs
`foreign_keys` (several keys link the two tables), `remote_side` (self-reference), `uselist=False`
(one-to-one), join conditions for ambiguous link tables and `overlaps` where two relationships write the
same columns. Strings that SQLAlchemy evaluates (`"[Book.author_id]"`) are built only from checked
identifiers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from specgen.design.model import Entity, ForeignKey, Relationship
from specgen.design.relkeys import fks_to, has_key, link_keys, relationship_key
from specgen.render.pycode import Call, Dict, Expr, fmt, is_identifier, py_str
from specgen.validate.codegen import ORDER_BY
from specgen.vocab.reserved import attribute_name

if TYPE_CHECKING:
    from specgen.render.sqlmodel_context import Module


def resolve(mod: Module, e: Entity, rel: Relationship, target: Entity) -> tuple[Entity, ForeignKey] | None:
    """The entity that holds the foreign key of `rel`, and that key (design/relkeys.py decides)."""
    key = (e.name, rel.name)
    if key not in mod.resolved:
        mod.resolved[key] = relationship_key(mod.entities, e, rel, target)
    return mod.resolved[key]


def _writes(mod: Module, e: Entity, rel: Relationship) -> set[tuple[str, str]]:
    target = mod.entities.get(rel.related_entity)
    if target is None or rel.viewonly:
        return set()
    if rel.type == "many_to_many":
        link = mod.entities.get(rel.join_table or "")
        if link is None:
            return set()
        return {(link.table_name, c) for jc in rel.join_table_columns for c in (jc.entity_column, jc.related_column)}
    found = resolve(mod, e, rel, target)
    if found is None:
        return set()
    holder, fk = found
    return {(holder.table_name, c) for c in fk.columns}


def _overlaps(mod: Module, e: Entity, rel: Relationship) -> list[str]:
    """Names of the other relationships that write a column this one writes (its back_populates partner aside)."""
    if mod.writes is None:
        mod.writes = {}
        mod.writers = {}
        for x in mod.design.database_schema.entities:
            if not has_key(x):
                continue
            for r in x.relationships:
                if r.related_entity in mod.entities and not has_key(mod.entities[r.related_entity]):
                    continue
                cols = _writes(mod, x, r)
                mod.writes[(x.name, r.name)] = (x, r, cols)
                for col in cols:
                    mod.writers.setdefault(col, []).append((x.name, r.name))
    mine = mod.writes[(e.name, rel.name)][2]
    target = mod.entities.get(rel.related_entity)
    out = set()
    for col in mine:
        for key in mod.writers[col]:
            if key == (e.name, rel.name):
                continue
            x, r, _ = mod.writes[key]
            paired = (target is x and rel.back_populates == r.name) or (
                mod.entities.get(r.related_entity) is e and r.back_populates == rel.name
            )
            if not paired:
                out.add(r.name)
    return sorted(out)


def _cls_attr(mod: Module, entity: Entity, column: str) -> str:
    return f"{entity.name}.{mod.attrs[entity.name].get(column, attribute_name(column))}"


_CASCADE_SEP = re.compile(r"[\s,]+")


def _cascade(rel: Relationship) -> list[str]:
    """The cascade words (validate's SG113 has checked each one)."""
    if not rel.cascade:
        return []
    return [t for t in _CASCADE_SEP.split(rel.cascade) if t]


def _unmet(rel: Relationship, what: str) -> AssertionError:
    """A precondition validate guarantees (SG105, SG113, SG114, SG116) did not hold: render's
    `_check_names` refuses such designs with their findings before any class is built."""
    return AssertionError(f"relationship '{rel.name}': {what} (validate should have refused this design)")


def relationship_lines(mod: Module, e: Entity) -> list[list[str]]:
    out = []
    for rel in e.relationships:
        target = mod.entities.get(rel.related_entity)
        if target is None:
            raise _unmet(rel, f"unknown entity '{rel.related_entity}'")
        if not has_key(target):
            continue
        out.append(_relationship(mod, e, rel, target))
    if out:
        mod.third.add("from sqlmodel import Field, Relationship, SQLModel")
    return out


def _relationship(mod: Module, e: Entity, rel: Relationship, target: Entity) -> list[str]:
    kw: list[tuple[str, Expr]] = []
    sa_kw: list[tuple[str, Expr]] = []
    if rel.back_populates and any(r.name == rel.back_populates for r in target.relationships):
        kw.append(("back_populates", py_str(rel.back_populates)))
    many = rel.type in ("one_to_many", "many_to_many")
    if rel.type == "many_to_many":
        link = mod.entities.get(rel.join_table or "")
        if link is None:
            raise _unmet(rel, f"join table '{rel.join_table}' is not an entity")
        if has_key(link):
            kw.append(("link_model", link.name))
        else:
            sa_kw.append(('"secondary"', py_str(link.table_name)))
        keys = link_keys(link, e, rel, target)
        if isinstance(keys, str):
            raise _unmet(rel, keys)
        if keys is not None:
            left, right = keys
            jc = rel.join_table_columns[0]
            sa_kw.append(
                (
                    '"primaryjoin"',
                    py_str(f"{_cls_attr(mod, e, left.ref_columns[0])} == {_cls_attr(mod, link, jc.entity_column)}"),
                )
            )
            sa_kw.append(
                (
                    '"secondaryjoin"',
                    py_str(
                        f"{_cls_attr(mod, target, right.ref_columns[0])} == {_cls_attr(mod, link, jc.related_column)}"
                    ),
                )
            )
    else:
        found = resolve(mod, e, rel, target)
        if found is None:
            raise _unmet(rel, f"no one foreign key links '{e.table_name}' and '{target.table_name}'")
        holder, fk = found
        paths = len(fks_to(e, target.table_name)) + (len(fks_to(target, e.table_name)) if target is not e else 0)
        if paths > 1 or rel.foreign_keys:
            cols = ", ".join(_cls_attr(mod, holder, c) for c in fk.columns)
            sa_kw.append(('"foreign_keys"', py_str(f"[{cols}]")))
        if target is e and holder is e and rel.type in ("many_to_one", "one_to_one"):
            remote = [t.rpartition(".")[2] for t in rel.remote_side] or list(fk.ref_columns)
            sa_kw.append(('"remote_side"', py_str("[" + ", ".join(_cls_attr(mod, e, c) for c in remote) + "]")))
        if (holder.table_name, holder.foreign_keys.index(fk)) in mod.breakers:
            # the key that breaks an FK cycle is written by a second UPDATE, so both rows can be inserted first
            sa_kw.append(('"post_update"', "True"))
        if rel.type == "one_to_one":
            many = False
            if holder is not e:  # the parent side: SQLAlchemy would otherwise load a list
                sa_kw.append(('"uselist"', "False"))
    if rel.uselist is not None and rel.type != "one_to_one":
        sa_kw.append(('"uselist"', repr(bool(rel.uselist))))
        many = bool(rel.uselist)
    tokens = _cascade(rel)
    if tokens and set(tokens) == {"all", "delete-orphan"}:
        kw.append(("cascade_delete", "True"))
    elif tokens:
        sa_kw.append(('"cascade"', py_str(", ".join(tokens))))
    if rel.passive_deletes == "all" and not (set(tokens) & {"all", "delete", "delete-orphan"}):
        kw.append(("passive_deletes", py_str("all")))  # SQLAlchemy refuses 'all' beside a delete cascade
    elif rel.passive_deletes:
        kw.append(("passive_deletes", "True"))
    if rel.lazy and rel.lazy != "select":  # a known strategy: SG113 (a precondition _check_names asserts)
        sa_kw.append(('"lazy"', py_str(rel.lazy)))
    if rel.order_by:
        sa_kw.append(('"order_by"', py_str(_order_by(mod, rel, target))))
    if rel.viewonly:
        sa_kw.append(('"viewonly"', "True"))
    overlaps = _overlaps(mod, e, rel)
    if overlaps:
        sa_kw.append(('"overlaps"', py_str(", ".join(overlaps))))
    if sa_kw:
        kw.append(("sa_relationship_kwargs", Dict(sa_kw)))
    if many:
        annotation = f'list["{target.name}"]'
    elif target.name in mod.defined and target is not e:
        annotation = f"{target.name} | None"
    else:  # a forward reference: SQLModel reads `Optional["X"]`, not a quoted `"X | None"`
        mod.std.add("from typing import Optional")
        annotation = f'Optional["{target.name}"]'
    return fmt(Call("Relationship", [], kw), 4, f"{rel.name}: {annotation} = ")


def _order_by(mod: Module, rel: Relationship, target: Entity) -> str:
    parts = []
    for piece in (rel.order_by or "").split(","):
        m = ORDER_BY.match(piece)
        if not m or (m.group("q") and m.group("q") not in (target.name, target.table_name)):
            raise _unmet(rel, f"cannot read order_by '{rel.order_by}'")
        col = m.group("col")
        if target.column(col) is None:
            raise _unmet(rel, f"order_by names unknown column '{col}'")
        ref = _cls_attr(mod, target, col)
        assert is_identifier(ref.partition(".")[2])
        parts.append(f"{ref}.desc()" if (m.group("dir") or "").lower() == "desc" else ref)
    return parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
