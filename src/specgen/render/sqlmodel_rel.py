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
from specgen.render.names import NameCheck
from specgen.render.pycode import Call, Dict, Expr, fmt, is_identifier, py_str
from specgen.vocab.reserved import attribute_name

if TYPE_CHECKING:
    from specgen.render.sqlmodel import Module

_ORDER = re.compile(r"^\s*(?:(?P<q>[A-Za-z_]\w*)\.)?(?P<col>[A-Za-z_]\w*)(?:\s+(?P<dir>asc|desc))?\s*$", re.I)


def _fks(holder: Entity, ref_table: str) -> list[ForeignKey]:
    return [fk for fk in holder.foreign_keys if fk.ref_table == ref_table]


def _tokens(mod: Module, rel: Relationship, default_table: str) -> list[tuple[str, str]]:
    out = []
    names = list(rel.foreign_keys) or ([rel.foreign_key_column] if rel.foreign_key_column else [])
    for token in names:
        head, _, col = token.rpartition(".")
        table = mod.entities[head].table_name if head in mod.entities else default_table
        out.append((table, col))
    return out


def resolve(mod: Module, e: Entity, rel: Relationship, target: Entity) -> tuple[Entity, ForeignKey] | None:
    """The entity that holds the foreign key of `rel`, and that key."""
    key = (e.name, rel.name)
    if key not in mod.resolved:
        mod.resolved[key] = _resolve(mod, e, rel, target)
    return mod.resolved[key]


def _resolve(mod: Module, e: Entity, rel: Relationship, target: Entity) -> tuple[Entity, ForeignKey] | None:
    if rel.type == "many_to_one":
        sides = [(e, target)]
    elif rel.type == "one_to_many":
        sides = [(target, e)]
    else:
        sides = [(e, target), (target, e)] if e is not target else [(e, target)]
    for holder, ref in sides:
        cands = _fks(holder, ref.table_name)
        toks = _tokens(mod, rel, holder.table_name)
        if toks:
            cands = [fk for fk in cands if any(t == holder.table_name and c in fk.columns for t, c in toks)]
        if len(cands) == 1:
            return holder, cands[0]
    return None


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
    return f"{entity.name}.{mod.attrs[entity.table_name].get(column, attribute_name(column))}"


def _cascade(rel: Relationship) -> list[str]:
    """The cascade words (validate's SG113 has checked each one)."""
    return [t for t in re.split(r"[\s,]+", rel.cascade or "") if t]


def has_key(e: Entity) -> bool:
    """Entities without a primary key become Core tables (no mapper): relationships skip them."""
    return bool(e.primary_key and e.primary_key.columns) or any("primary_key" in c.constraints for c in e.columns)


def relationship_lines(mod: Module, e: Entity, check: NameCheck) -> list[list[str]]:
    out = []
    for rel in e.relationships:
        target = mod.entities.get(rel.related_entity)
        if target is None:
            check.fail(f"relationship '{rel.name}' names unknown entity '{rel.related_entity}'", rel.source)
            continue
        if not has_key(target):
            continue
        lines = _relationship(mod, e, rel, target, check)
        if lines:
            out.append(lines)
    if out:
        mod.third.add("from sqlmodel import Field, Relationship, SQLModel")
    return out


def _relationship(mod: Module, e: Entity, rel: Relationship, target: Entity, check: NameCheck) -> list[str] | None:
    kw: list[tuple[str, Expr]] = []
    sa_kw: list[tuple[str, Expr]] = []
    if rel.back_populates and any(r.name == rel.back_populates for r in target.relationships):
        kw.append(("back_populates", py_str(rel.back_populates)))
    many = rel.type in ("one_to_many", "many_to_many")
    if rel.type == "many_to_many":
        link = mod.entities.get(rel.join_table or "")
        if link is None:
            check.fail(
                f"relationship '{rel.name}': join table '{rel.join_table}' is not an entity",
                rel.source,
                hint="specify the link table as an entity so that it gets a model",
            )
            return None
        if has_key(link):
            kw.append(("link_model", link.name))
        else:
            sa_kw.append(('"secondary"', py_str(link.table_name)))
        if len(_fks(link, e.table_name)) > 1 or len(_fks(link, target.table_name)) > 1:
            if not rel.join_table_columns:
                check.fail(
                    f"relationship '{rel.name}': several keys of '{link.table_name}' point at the same "
                    "table; name the join columns",
                    rel.source,
                )
                return None
            jc = rel.join_table_columns[0]  # the design gives each side of a self-referential pair its own order
            left = next((fk for fk in _fks(link, e.table_name) if jc.entity_column in fk.columns), None)
            right = next((fk for fk in _fks(link, target.table_name) if jc.related_column in fk.columns), None)
            if left is None or right is None:
                check.fail(
                    f"relationship '{rel.name}': no foreign key of '{link.table_name}' on the join columns", rel.source
                )
                return None
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
            n = len(_fks(e, target.table_name)) + len(_fks(target, e.table_name))
            what = "several foreign keys link" if n > 1 else "no foreign key links"
            check.fail(
                f"relationship '{rel.name}': {what} '{e.table_name}' and '{target.table_name}'",
                rel.source,
                hint="name the key column with 'foreign_keys COLUMN'",
            )
            return None
        holder, fk = found
        paths = len(_fks(e, target.table_name)) + (len(_fks(target, e.table_name)) if target is not e else 0)
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
        order = _order_by(mod, rel, target, check)
        if order is None:
            return None
        sa_kw.append(('"order_by"', py_str(order)))
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


def _order_by(mod: Module, rel: Relationship, target: Entity, check: NameCheck) -> str | None:
    parts = []
    for piece in (rel.order_by or "").split(","):
        m = _ORDER.match(piece)
        if not m or (m.group("q") and m.group("q") not in (target.name, target.table_name)):
            check.fail(
                f"relationship '{rel.name}': cannot read order_by '{rel.order_by}'",
                rel.source,
                hint="write 'column [asc|desc]', comma separated, columns of the related entity",
            )
            return None
        col = m.group("col")
        if target.column(col) is None:
            check.fail(f"relationship '{rel.name}': order_by names unknown column '{col}'", rel.source)
            return None
        ref = _cls_attr(mod, target, col)
        assert is_identifier(ref.partition(".")[2])
        parts.append(f"{ref}.desc()" if (m.group("dir") or "").lower() == "desc" else ref)
    return parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
