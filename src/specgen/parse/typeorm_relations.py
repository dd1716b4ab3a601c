"""The relations of TypeORM / MikroORM entity classes: foreign keys, join tables and relationships.

`@ManyToOne(() => Tenant, (t) => t.users, { onDelete: 'CASCADE' })` (and an owning `@OneToOne`, the side with
`@JoinColumn`; MikroORM: the side without `mappedBy`) is a foreign key column: `@JoinColumn({ name })`, else the
ORM's default name (`tenantId`; MikroORM `tenant_id`), referencing the target's primary key (or
`referencedColumnName`). A column the class declares under that name (or its spelling: `tenantId` for
`tenant_id`) carries the key; otherwise the reader adds it, typed like the key it references (when the target
is defined elsewhere, `type_from_reference` lets the design give it the key's type). `@ManyToMany` with
`@JoinTable` (MikroORM: the owning side) is a join table of two keys, named as the ORM names it. Every relation
is also a relationship of the entity (`one_to_many`, `many_to_one`, …) with its inverse side's property.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from specgen.parse.drizzle_syntax import Arr, Arrow, Member, Name, Node, Obj, Str
from specgen.parse.drizzle_trees import literal, string_value
from specgen.parse.ir import ColumnIR, EntityIR, ForeignKeyIR, IndexIR, RelationshipIR
from specgen.parse.typeorm_syntax import Decorator, Prop
from specgen.parse.typeorm_types import (
    RELATIONS,
    join_column_name,
    join_key_name,
    join_table_name,
    options,
    table_name,
    ts_annotation,
)
from specgen.vocab.naming import entity_name_for
from specgen.vocab.terms import on_action

if TYPE_CHECKING:
    from specgen.parse.typeorm import Klass, Reader

_KINDS = {
    "ManyToOne": "many_to_one",
    "OneToOne": "one_to_one",
    "OneToMany": "one_to_many",
    "ManyToMany": "many_to_many",
}


@dataclass(frozen=True)
class Target:
    """The entity a relation points at: its class, table (None: not known here) and primary key."""

    name: str
    table: str | None
    key_prop: str
    key_column: str
    key_type: str | None


class Relations:
    def __init__(self, reader: Reader) -> None:
        self.r = reader
        self.join_entities: list[EntityIR] = []

    def read(self, k: Klass) -> None:

        for prop in self.r.chain(k):
            deco = next((d for d in prop.decorators if d.name in RELATIONS), None)
            if deco is not None:
                self.relation(k, prop, deco)

    def relation(self, k: Klass, prop: Prop, deco: Decorator) -> None:

        assert k.entity is not None
        o = options(next((a for a in reversed(deco.args) if isinstance(a, Obj)), None))
        name = self.target_name(deco, o)
        if name is None:
            self.r.warn(
                f"@{deco.name} '{prop.name}' of '{k.decl.name}': its target entity is not understood", deco.line
            )
            return
        inverse = self.inverse(deco, o)
        rel = RelationshipIR(prop.name, name, self.r.loc(deco.line), kind=_KINDS[deco.name], back_populates=inverse)
        owner = self.owns(k, prop, deco, o)
        if deco.name in ("ManyToOne", "OneToOne") and (deco.name == "ManyToOne" or owner):
            column = self.join_column(k, prop, deco, o, self.target(name, k.mikro))
            rel.foreign_keys = [column.name]
        elif deco.name == "ManyToMany" and owner:
            rel.through = self.join_table(k, prop, deco, o, self.target(name, k.mikro))
        k.entity.relationships.append(rel)

    def owns(self, k: Klass, prop: Prop, deco: Decorator, o: dict[str, Node]) -> bool:
        """Whether this side holds the key (or the join table): TypeORM's side with `@JoinColumn` (`@JoinTable`),
        MikroORM's side without `mappedBy` (its second argument), or with `owner: true` / `inversedBy`."""
        if not k.mikro:
            return deco.name == "ManyToOne" or prop.decorator("JoinColumn", "JoinTable") is not None
        positional = [a for a in deco.args if not isinstance(a, Obj)]
        if literal(o.get("owner")) is True or "inversedBy" in o:
            return True
        return deco.name == "ManyToOne" or (len(positional) < 2 and "mappedBy" not in o)

    def target_name(self, deco: Decorator, o: dict[str, Node]) -> str | None:
        node = deco.args[0] if deco.args and not isinstance(deco.args[0], Obj) else o.get("entity") or o.get("type")
        if isinstance(node, Arrow):
            node = node.body
        if isinstance(node, Name):
            return node.name
        return string_value(node) if node is not None else None

    def inverse(self, deco: Decorator, o: dict[str, Node]) -> str | None:
        node = deco.args[1] if len(deco.args) > 1 and not isinstance(deco.args[1], Obj) else None
        node = node or o.get("inversedBy") or o.get("mappedBy") or o.get("inverseSide")
        if isinstance(node, Arrow):
            node = node.body
        if isinstance(node, Member):
            return node.prop
        return string_value(node) if node is not None else None

    def target(self, name: str, mikro: bool) -> Target:
        """The entity called `name`: a class of this block, an entity of an earlier block, else only its name."""
        k = self.r.classes.get(name)
        if k is not None and k.table is not None:
            key = k.keys[0] if k.keys else ("id", "id", None)
            return Target(name, k.table, *key)
        for e in reversed(self.r.earlier):
            if e.name == name:
                col = next((c for c in e.columns if c.primary_key), None)
                if col is not None:
                    return Target(name, e.table, col.python_name or col.name, col.name, col.type)
                return Target(name, e.table, "id", "id", None)
        return Target(name, None, "id", "id", None)

    # foreign keys ------------------------------------------------------------------------------------------------

    def join_column(self, k: Klass, prop: Prop, deco: Decorator, o: dict[str, Node], t: Target) -> ColumnIR:

        assert k.entity is not None
        jc_deco = prop.decorator("JoinColumn")
        jc_node = jc_deco.args[0] if jc_deco is not None and jc_deco.args else None
        if isinstance(jc_node, Arr):
            if len(jc_node.items) > 1:
                self.r.note(f"@JoinColumn of '{prop.name}': only its first column is read", jc_deco.line)  # type: ignore[union-attr]
            jc_node = jc_node.items[0] if jc_node.items else None
        jc = options(jc_node)
        ref_prop = _s(jc.get("referencedColumnName")) or _s(o.get("referenceColumnName")) or t.key_prop
        ref_column = self.column_of(t, ref_prop)
        stated = _s(jc.get("name")) or _s(o.get("joinColumn")) or _s(o.get("fieldName"))
        name = stated or join_column_name(prop.name, ref_prop, k.mikro)
        loc = self.r.loc(deco.line)
        fk = ForeignKeyIR([name], t.table or t.name, [ref_column] if t.table else [], loc, ref_is_entity=not t.table)
        fk.on_delete = on_action(_s(o.get("onDelete")) or _s(o.get("deleteRule")))
        fk.on_update = on_action(_s(o.get("onUpdate")) or _s(o.get("updateRule")))
        fk.name = _s(jc.get("foreignKeyConstraintName"))
        col = self.declared(k, name, stated is not None)
        if col is not None and id(col) in self.r.ts_typed:
            col.type = t.key_type or col.type  # `@Column() tenantId: string` beside the relation: the key's type
            col.type_from_reference = t.key_type is None or t.table is None
        if col is None:
            col = ColumnIR(name, loc, type=t.key_type or "integer", type_loc=loc)
            col.type_from_reference = t.key_type is None or t.table is None
            stated_null = literal(o.get("nullable"))
            _, nullable_type, _ = ts_annotation(prop.type_words)
            if isinstance(stated_null, bool):
                col.nullable = stated_null
            else:  # TypeORM: a relation's column is nullable unless `nullable: false`; MikroORM: unless optional
                col.nullable = prop.optional or nullable_type if k.mikro else True
            col.primary_key = literal(o.get("primary")) is True
            col.nullable = col.nullable and not col.primary_key
            col.description = self.r.comments.doc.get(prop.decorators[0].line - 1)
            k.entity.columns.append(col)
            if col.primary_key:
                k.keys.append((prop.name, col.name, col.type))
        col.fk = fk
        col.unique = col.unique or (deco.name == "OneToOne" and not col.primary_key)  # TypeORM: a unique key
        k.props[prop.name] = col.name
        return col

    def declared(self, k: Klass, name: str, stated: bool) -> ColumnIR | None:
        """The column of the class that holds the relation's key: the same name, else the same spelling
        (`tenantId` for `tenant_id`), which takes the stated name (the class meant one column)."""
        assert k.entity is not None
        exact = next((c for c in k.entity.columns if c.name == name), None)
        if exact is not None:
            return exact
        near = [c for c in k.entity.columns if _norm(c.name) == _norm(name)]
        if len(near) != 1:
            return None
        if stated:
            old, near[0].name = near[0].name, name
            k.props.update({p: name for p, c in k.props.items() if c == old})
        return near[0]

    def complete(self) -> None:
        """What one side of a relation tells the other: the inverse side of a many-to-many uses the owner's join
        table; a one-to-many whose key deletes or unlinks the rows in the database (`onDelete: 'CASCADE'`)
        leaves them to it, as TypeORM does."""
        for k in self.r.classes.values():
            for rel in k.entity.relationships if k.entity is not None else []:
                other = self.r.classes.get(rel.target)
                if other is None or other.entity is None:
                    continue
                back = next((r for r in other.entity.relationships if r.name == rel.back_populates), None)
                if rel.kind == "many_to_many" and rel.through is None and back is not None and back.through:
                    rel.through = back.through
                    back.back_populates = back.back_populates or rel.name
                if rel.kind != "one_to_many" or back is None or not back.foreign_keys:
                    continue
                cols = {c.name: c for c in other.entity.columns}
                fk = cols[back.foreign_keys[0]].fk if back.foreign_keys[0] in cols else None
                if fk is not None and fk.on_delete in ("CASCADE", "SET NULL"):
                    rel.passive_deletes = True

    def column_of(self, t: Target, prop: str) -> str:
        k = self.r.classes.get(t.name)
        if k is not None and prop in k.props:
            return k.props[prop]
        return t.key_column if prop == t.key_prop else prop

    # join tables -------------------------------------------------------------------------------------------------

    def join_table(self, k: Klass, prop: Prop, deco: Decorator, o: dict[str, Node], t: Target) -> str:

        assert k.table is not None
        jt_deco = prop.decorator("JoinTable")
        jt = options(jt_deco.args[0] if jt_deco is not None and jt_deco.args else None)
        target_table = t.table or table_name(t.name, k.mikro)
        name = (
            _s(jt.get("name")) or _s(o.get("pivotTable")) or join_table_name(k.table, prop.name, target_table, k.mikro)
        )
        if name in self.r.join_tables:
            return name
        self.r.join_tables.add(name)
        loc = self.r.loc(deco.line)
        own = self.target(k.decl.name, k.mikro)
        stated = [
            _s(options(jt.get("joinColumn")).get("name")) or _s(_first(o.get("joinColumns"))),
            _s(options(jt.get("inverseJoinColumn")).get("name")) or _s(_first(o.get("inverseJoinColumns"))),
        ]
        sides = [(own, k.table), (t, target_table)]
        made = [
            given or join_key_name(table, side.name, side.key_column, k.mikro)
            for (side, table), given in zip(sides, stated, strict=True)
        ]
        if made[0] == made[1]:
            made = [f"{made[0]}_1", f"{made[1]}_2"]  # a self-reference: TypeORM's joinTableColumnDuplicationPrefix
        link = EntityIR(loc, "typeorm", name=self.link_name(name), table=name)
        schema = _s(jt.get("schema")) or (k.entity.options.get("schema") if k.entity is not None else None)
        if schema:
            link.options["schema"] = schema
        for n, ((side, _), col_name) in enumerate(zip(sides, made, strict=True)):
            fk = ForeignKeyIR([col_name], side.table or side.name, [side.key_column] if side.table else [], loc)
            fk.ref_is_entity = side.table is None
            fk.on_delete = on_action(_s(o.get("onDelete"))) or "CASCADE"
            fk.on_update = on_action(_s(o.get("onUpdate"))) or ("CASCADE" if k.mikro else None)
            col = ColumnIR(col_name, loc, type=side.key_type or "integer", nullable=False, primary_key=True, fk=fk)
            col.type_loc = loc
            col.type_from_reference = side.key_type is None or side.table is None
            link.columns.append(col)
            if n:  # TypeORM indexes each side; the first leads the primary key, which is its index
                link.indexes.append(IndexIR([col_name], loc))
        self.join_entities.append(link)
        return name

    def link_name(self, table: str) -> str | None:
        """None (the design names it after its table), unless that name is a class or enum of the block."""
        name = entity_name_for(table)
        taken = {*self.r.classes, *self.r.enums, *(e.name for e in self.r.earlier)}
        return f"{name}Link" if name in taken else None


def _s(node: Node | None) -> str | None:
    return string_value(node) if node is not None else None


def _first(node: Node | None) -> Node | None:
    """MikroORM `joinColumns: ['user_id']`: the first name."""
    if isinstance(node, Arr) and node.items and isinstance(node.items[0], Str):
        return node.items[0]
    return None


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())
