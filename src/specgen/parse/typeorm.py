"""TypeORM (and MikroORM) entity classes in ```typescript / ```ts / ```javascript / ```js blocks.

`@Entity('users') export class User { @PrimaryGeneratedColumn('uuid') id: string; @Column(…) email: string; … }`
becomes an entity; `export enum Role { ADMIN = 'admin' }` an enum. The text is read (`typeorm_syntax.py`, on the
Drizzle reader's tokenizer), never run. A column's name is its `name` option (MikroORM: `fieldName`), else what
the ORM's default naming strategy makes of the property (TypeORM keeps it, MikroORM snake-cases it); its type
is the stated column type, else the TypeScript type (`typeorm_types.py`); it is nullable when `nullable: true`,
or the property is optional (`?`) or typed `| null`. `@ManyToOne`/`@OneToOne` + `@JoinColumn` make foreign
keys, `@ManyToMany` + `@JoinTable` a join table, as the ORM names them (`typeorm_relations.py`); `@Index`,
`@Unique` and `@Check` indexes and constraints. Other decorators (validation, serialisation) are ignored;
what is not understood is reported at its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from specgen.errors import Diagnostic, info, warning
from specgen.parse.drizzle_syntax import Arr, Arrow, Comments, Member, Name, Node, Num, Obj, Str, tokenize
from specgen.parse.drizzle_trees import UNKNOWN, literal, show, string_value
from specgen.parse.ir import ColumnIR, ConstraintIR, EntityIR, EnumIR, Fragment, IndexIR, ReadContext
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions
from specgen.parse.typeorm_syntax import ClassDecl, Decorator, EnumDecl, Prop, declarations
from specgen.parse.typeorm_types import column_name, options, stated_type, table_name, ts_annotation, ts_type
from specgen.source import Location
from specgen.vocab.types import UnknownType, parse_type

_SNIFF = re.compile(r"@Entity\s*\(")
_MIKRO = {"PrimaryKey", "Property", "Enum", "SerializedPrimaryKey", "Formula"}
COLUMNS = {
    "Column", "PrimaryColumn", "PrimaryGeneratedColumn", "CreateDateColumn", "UpdateDateColumn", "DeleteDateColumn",
    "VersionColumn", "PrimaryKey", "Property", "Enum",
}  # fmt: skip
# Decorators of these ORMs this reader does not turn into columns: said, not silently dropped.
_NOT_READ = {"ObjectIdColumn", "ViewColumn", "VirtualColumn", "TreeParent", "TreeChildren", "Embedded", "Formula"}
_NOW = re.compile(r"\bnew Date\b|\bDate\s*\.\s*now\b|\bnow\s*\(")


def looks_like_typeorm(text: str) -> bool:
    """Whether a script block declares a TypeORM or MikroORM entity class (`@Entity(`)."""
    return _SNIFF.search(text) is not None


def read_typeorm_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """The entities and enums of a block of decorated classes (relations may name entities of earlier blocks)."""
    del options
    reader = Reader(context.path, fence.line + 1, context.entities, context.enums, "@mikro-orm/" in fence.text)
    reader.read(fence.text)
    out = Fragment(context.path, entities=reader.entities, enums=reader.enum_irs())
    out.diagnostics.extend(reader.diagnostics)
    return out


@dataclass
class Klass:
    """A class of the block: its declaration, whether MikroORM names it, its table (None: not an entity), and
    what the relations and indexes need (property -> column, its primary key's (property, column, type))."""

    decl: ClassDecl
    mikro: bool
    table: str | None
    entity: EntityIR | None = None
    props: dict[str, str] = field(default_factory=dict)
    keys: list[tuple[str, str, str | None]] = field(default_factory=list)


class Reader:
    def __init__(
        self, path: str, first_line: int, earlier: Sequence[EntityIR], enums: Sequence[EnumIR], mikro: bool
    ) -> None:
        self.path, self.first_line, self.mikro = path, first_line, mikro
        self.earlier = [e for e in earlier if e.form == "typeorm"]
        self.earlier_enums = [e.name for e in enums]
        self.pending_indexes: list[tuple[ColumnIR, IndexIR]] = []  # named indexes of one column, per entity
        self.ts_typed: set[int] = set()  # the columns typed by their TypeScript type alone (by id)
        self.classes: dict[str, Klass] = {}
        self.enums: dict[str, EnumDecl] = {}
        self.enum_names: dict[str, str] = {}  # TypeScript enum -> its database name (`enumName`)
        self.entities: list[EntityIR] = []
        self.join_tables: set[str] = set()
        self.diagnostics: list[Diagnostic] = []
        self.comments = Comments()

    def loc(self, line: int) -> Location:
        return Location(self.path, self.first_line + line)

    def warn(self, message: str, line: int) -> None:
        self.diagnostics.append(warning(message, self.loc(line)))

    def note(self, message: str, line: int) -> None:
        self.diagnostics.append(info(message, self.loc(line)))

    def read(self, text: str) -> None:
        from specgen.parse.typeorm_relations import Relations

        try:
            tokens, self.comments = tokenize(text)
            found = declarations(tokens)
        except RecursionError:
            self.warn("TypeORM code not read: nested too deeply", 0)
            return
        for d in found:
            if isinstance(d, EnumDecl):
                self.enums[d.name] = d
        for d in found:
            if isinstance(d, ClassDecl):
                self.declare(d)
        for k in self.classes.values():
            if k.table is not None:
                self.columns(k)
        relations = Relations(self)
        for k in self.classes.values():
            if k.entity is not None:
                relations.read(k)
                self.table_extras(k)
                self.entities.append(k.entity)
        relations.complete()
        self.entities.extend(relations.join_entities)

    def enum_irs(self) -> list[EnumIR]:
        out = []
        for e in self.enums.values():
            if e.members and all(is_str for _, _, is_str in e.members):
                values = [v or "" for _, v, _ in e.members]
                out.append(EnumIR(self.enum_names.get(e.name, e.name), values, self.loc(e.line), form="typeorm"))
        return out

    # classes -----------------------------------------------------------------------------------------------------

    def declare(self, d: ClassDecl) -> None:
        for what, line in d.problems:
            self.warn(f"entity class '{d.name}': {what}", line)
        decos = {x.name for x in d.decorators} | {x.name for p in d.props for x in p.decorators}
        mikro = self.mikro or bool(decos & _MIKRO)
        entity = d.decorator("Entity")
        if d.decorator("ViewEntity"):
            self.note(f"TypeORM view entity '{d.name}' skipped: a view is not a table", d.line)
        if d.decorator("ChildEntity"):
            self.note(f"TypeORM child entity '{d.name}' skipped (single-table inheritance is not read)", d.line)
        if entity is None:
            self.classes[d.name] = Klass(d, mikro, None)  # a base class entities may extend
            return
        name, schema = self.entity_options(entity)
        k = Klass(d, mikro, name or table_name(d.name, mikro))
        k.entity = EntityIR(self.loc(d.line), "typeorm", name=d.name, table=k.table)
        k.entity.description = self.comments.doc.get(d.line - 1)
        if schema:
            k.entity.options["schema"] = schema
        self.classes[d.name] = k

    def entity_options(self, deco: Decorator) -> tuple[str | None, str | None]:
        name: str | None = None
        schema: str | None = None
        for a in deco.args:
            if isinstance(a, Str):
                name = a.value
            elif isinstance(a, Obj):
                o = options(a)
                name = _str(o.get("name")) or _str(o.get("tableName")) or _str(o.get("collection")) or name
                schema = _str(o.get("schema"))
        return name, schema

    def chain(self, k: Klass, seen: frozenset[str] = frozenset()) -> list[Prop]:
        """The class's properties, those of the classes it extends (declared in this block) first."""
        base = self.classes.get(k.decl.base or "")
        inherited = self.chain(base, seen | {k.decl.name}) if base is not None and base.decl.name not in seen else []
        return [*inherited, *k.decl.props]

    def columns(self, k: Klass) -> None:
        assert k.entity is not None
        for prop in self.chain(k):
            deco = next((d for d in prop.decorators if d.name in COLUMNS), None)
            if deco is None:
                skipped = next((d for d in prop.decorators if d.name in _NOT_READ), None)
                if skipped is not None:
                    self.note(f"@{skipped.name} '{prop.name}' of '{k.decl.name}' not read", skipped.line)
                continue
            col = self.column(k, prop, deco)
            k.entity.columns.append(col)
            k.props[prop.name] = col.name
            if col.primary_key:
                k.keys.append((prop.name, col.name, col.type))

    # columns -------------------------------------------------------------------------------------------------

    def column(self, k: Klass, prop: Prop, deco: Decorator) -> ColumnIR:
        o = options(next((a for a in reversed(deco.args) if isinstance(a, Obj)), None))
        name = _str(o.get("name")) or _str(o.get("fieldName")) or column_name(prop.name, k.mikro)
        loc = self.loc(deco.line)
        col = ColumnIR(name, loc, type_loc=loc)
        col.description = self.comments.doc.get(prop.decorators[0].line - 1) or self.comments.line.get(prop.line)
        col.comment = _str(o.get("comment"))
        nullable_type = self.set_type(k, prop, deco, o, col)
        kind = deco.name
        col.primary_key = kind in ("PrimaryColumn", "PrimaryGeneratedColumn", "PrimaryKey") or o.get("primary") is True
        if kind == "PrimaryGeneratedColumn":
            self.generated(deco, o, col)
        elif (
            kind == "PrimaryKey" and col.type in ("integer", "bigint") and literal(o.get("autoincrement")) is not False
        ):
            col.autoincrement = True  # MikroORM: a numeric primary key is auto-incremented unless told otherwise
        elif kind in ("CreateDateColumn", "UpdateDateColumn"):
            col.server_default = "CURRENT_TIMESTAMP"
            col.on_update = "now" if kind == "UpdateDateColumn" else None
        generated = prop.decorator("Generated")
        if generated is not None:
            strategy = string_value(generated.args[0]) if generated.args else "increment"
            if strategy == "uuid":
                col.server_default = "gen_random_uuid()"
            else:
                col.autoincrement = True
        stated = o.get("nullable")
        if isinstance(stated, Name) and stated.name in ("true", "false"):
            col.nullable = stated.name == "true"
        else:
            col.nullable = prop.optional or nullable_type or kind == "DeleteDateColumn"
        if col.primary_key:
            col.nullable = False
        col.unique = o.get("unique") is not None and literal(o.get("unique")) is True
        self.defaults(k, prop, o, col)
        expression = _str(o.get("asExpression"))
        if expression:
            col.generated = expression
        self.property_index(prop, col)
        return col

    def set_type(self, k: Klass, prop: Prop, deco: Decorator, o: dict[str, Node], col: ColumnIR) -> bool:
        """Give the column its type; whether the TypeScript type says it may be null (`| null`)."""
        ts, nullable_type, is_list = ts_annotation(prop.type_words)
        if ts is None and not prop.type_words and prop.init is not None:
            ts = self.init_type(prop.init)  # `createdAt = new Date()`: the type TypeScript (and MikroORM) infers
        written = _str(o.get("columnType")) or self.written_type(deco, o)
        enum = self.enum_of(deco, o, ts)
        if enum is not None:
            col.type = enum  # an enum of this block, or one declared elsewhere (the design resolves its name)
            return nullable_type
        if written is not None:
            col.type = stated_type(
                written, literal(o.get("length")), literal(o.get("precision")), literal(o.get("scale"))
            )
        elif deco.name in ("CreateDateColumn", "UpdateDateColumn", "DeleteDateColumn"):
            col.type = "timestamptz" if k.mikro else "timestamp"
        elif deco.name == "VersionColumn":
            col.type = "integer"
        elif deco.name == "PrimaryGeneratedColumn" and deco.args and string_value(deco.args[0]) == "uuid":
            col.type = "uuid"
        elif ts is not None and ts_type(ts, k.mikro) is not None:
            col.type = ts_type(ts, k.mikro)
            self.ts_typed.add(id(col))
            length = literal(o.get("length"))
            if col.type is not None and col.type.startswith("varchar") and isinstance(length, int):
                col.type = f"varchar({length})"
        array = literal(o.get("array")) is True or (written is None and is_list)  # `simple-array` is text
        if col.type is not None and array and not col.type.endswith("[]"):
            col.type += "[]"
        self.check_type(k, prop, deco, col, written or ts)
        return nullable_type

    def init_type(self, init: Node) -> str | None:
        if _NOW.search(show(init)):
            return "Date"
        if isinstance(init, Num):
            return "number"
        if isinstance(init, Str):
            return "string"
        if isinstance(init, Name) and init.name in ("true", "false"):
            return "boolean"
        if isinstance(init, Member) and isinstance(init.obj, Name) and init.obj.name in self.enums:
            return init.obj.name
        return None

    def written_type(self, deco: Decorator, o: dict[str, Node]) -> str | None:
        if deco.args and isinstance(deco.args[0], Str) and deco.name != "PrimaryGeneratedColumn":
            return deco.args[0].value  # @Column('decimal', { … })
        node = o.get("type")
        if isinstance(node, Str):
            return node.value
        if isinstance(node, Arrow) and isinstance(node.body, Str):
            return node.body.value
        if isinstance(node, Member):
            return node.prop  # MikroORM: types.text, t.decimal
        if isinstance(node, Name) and node.name in ("String", "Number", "Boolean", "Date", "Buffer"):
            return {"String": "varchar", "Number": "integer", "Boolean": "boolean", "Date": "timestamp"}.get(
                node.name, "bytea"
            )
        return None

    def check_type(self, k: Klass, prop: Prop, deco: Decorator, col: ColumnIR, written: str | None) -> None:
        if col.type is None:
            what = written or " ".join(prop.type_words) or "(none)"
            col.unmapped_type, col.type = what, "text"
            self.warn(f"{orm(k)} column '{prop.name}': type '{what}' not understood; read as text", deco.line)
            return
        try:
            parse_type(col.type)
        except UnknownType:
            col.unmapped_type, col.type = col.type, "text"
            self.warn(f"{orm(k)} column '{prop.name}': type '{col.unmapped_type}' unknown; read as text", deco.line)

    def enum_of(self, deco: Decorator, o: dict[str, Node], ts: str | None) -> str | None:
        """The enum type of a column: `enum: Role` / `enum: ['a', 'b']`, MikroORM `@Enum(() => Role)`, or a
        property typed with an enum of the block (or of an earlier block)."""
        node = o.get("enum") or o.get("items")
        if node is None and deco.name == "Enum" and deco.args and not isinstance(deco.args[0], Obj):
            node = deco.args[0]
        if isinstance(node, Arrow):
            node = node.body
        if isinstance(node, Arr):
            values = [string_value(i) for i in node.items]
            if values and all(v is not None for v in values):
                return "enum(" + ", ".join(v for v in values if v is not None) + ")"
            return None
        name = node.name if isinstance(node, Name) else ts if node is None else None
        if name is None:
            return None
        decl = self.enums.get(name)
        if decl is not None:
            if not all(is_str for _, _, is_str in decl.members):
                return "integer"  # a numeric enum: its values are numbers
            db_name = _str(o.get("enumName"))
            if db_name and name not in self.enum_names:
                self.enum_names[name] = db_name
            return self.enum_names.get(name, name)
        if node is not None or name in self.earlier_enums:
            return name
        return None

    def generated(self, deco: Decorator, o: dict[str, Node], col: ColumnIR) -> None:
        strategy = string_value(deco.args[0]) if deco.args and isinstance(deco.args[0], Str) else "increment"
        if strategy == "uuid":
            col.server_default = "gen_random_uuid()"
            return
        if col.type in (None, "varchar", "text") or (col.type or "").startswith("varchar"):
            col.type = "integer"  # `@PrimaryGeneratedColumn() id: number` (string for bigint ids)
        col.autoincrement = True
        if strategy == "identity":
            stated = (_str(o.get("generatedIdentity")) or "BY DEFAULT").lower()
            col.identity = "always" if stated == "always" else "by default"

    def defaults(self, k: Klass, prop: Prop, o: dict[str, Node], col: ColumnIR) -> None:
        node = o.get("default")
        if node is not None:
            self.default(node, col)
        raw = _str(o.get("defaultRaw"))
        if raw:
            col.server_default = raw
        for key, attr in (("onCreate", "default"), ("onUpdate", "on_update")):
            fn = o.get(key)
            text = show(fn) if fn is not None else ""
            if _NOW.search(text) or (isinstance(fn, Str) and "CURRENT_TIMESTAMP" in fn.value.upper()):
                setattr(col, attr, "now")
        if k.mikro and prop.init is not None and node is None and not raw:
            if _NOW.search(show(prop.init)):
                col.default = "now"  # MikroORM: `createdAt = new Date()`
            elif isinstance(prop.init, (Str, Num, Name, Member)):
                self.default(prop.init, col)  # MikroORM infers the column's default from the initializer

    def default(self, node: Node, col: ColumnIR) -> None:
        if isinstance(node, Arrow):
            body = string_value(node.body)
            if body is not None:
                col.server_default = body  # `() => 'CURRENT_TIMESTAMP'`: SQL, as written
            return
        if isinstance(node, Str):
            numeric = col.type is not None and col.type.split("(")[0] in ("numeric", "decimal", "integer", "bigint")
            if numeric and re.fullmatch(r"-?\d+(\.\d+)?", node.value):
                col.server_default = node.value
            else:
                col.server_default = "'" + node.value.replace("'", "''") + "'"
        elif isinstance(node, Num):
            col.server_default = node.text
        elif isinstance(node, Name) and node.name in ("true", "false"):
            col.server_default = node.name
        elif isinstance(node, Member) and isinstance(node.obj, Name):
            value = self.enum_value(node.obj.name, node.prop)
            if value is not None:
                col.server_default = value
        elif isinstance(node, (Arr, Obj)):
            value = literal(node)
            if value is not UNKNOWN:
                col.server_default = "'" + json.dumps(value, separators=(",", ":")).replace("'", "''") + "'"

    def enum_value(self, enum: str, member: str) -> str | None:
        decl = self.enums.get(enum)
        if decl is None:
            return f"'{member}'" if enum[:1].isupper() else None
        for name, value, is_str in decl.members:
            if name == member and value is not None:
                return "'" + value.replace("'", "''") + "'" if is_str else value
        return None

    # indexes and constraints ------------------------------------------------------------------------------------

    def property_index(self, prop: Prop, col: ColumnIR) -> None:
        """`@Index()` / `@Index('name', { unique: true })` / `@Unique()` on a property."""
        for d in prop.decorators:
            if d.name == "Unique":
                col.unique = True
            elif d.name == "Index":
                label = next((a.value for a in d.args if isinstance(a, Str)), None)
                o = options(next((a for a in d.args if isinstance(a, Obj)), None))
                unique = literal(o.get("unique")) is True
                label = label or _str(o.get("name"))
                if label is None and not unique:
                    col.index = True
                elif label is None:
                    col.unique = True
                else:
                    self.pending_indexes.append((col, IndexIR([col.name], self.loc(d.line), name=label, unique=unique)))

    def table_extras(self, k: Klass) -> None:
        """`@Index([...])`, `@Unique([...])`, `@Check(...)` on the class (MikroORM: `{ properties: [...] }`)."""
        e = k.entity
        assert e is not None
        for col, index in self.pending_indexes:
            if any(c is col for c in e.columns):
                index.columns = [col.name]
                e.indexes.append(index)
        for d in k.decl.decorators:
            if d.name not in ("Index", "Unique", "Check"):
                continue
            label = next((a.value for a in d.args if isinstance(a, Str)), None) if len(d.args) > 1 else None
            o = options(next((a for a in d.args if isinstance(a, Obj)), None))
            label = label or _str(o.get("name"))
            loc = self.loc(d.line)
            if d.name == "Check":
                expression = string_value(d.args[-1]) if d.args else None
                expression = expression or _str(o.get("expression"))
                if expression is None:
                    self.warn(f"@Check of '{k.decl.name}' not understood", d.line)
                    continue
                e.constraints.append(ConstraintIR("check", loc, label, [], expression))
                continue
            cols = self.index_columns(k, d, o)
            if not cols:
                self.warn(f"@{d.name} of '{k.decl.name}' not understood: {show_args(d)}", d.line)
            elif d.name == "Unique":
                e.constraints.append(ConstraintIR("unique", loc, label, cols))
            else:
                index = IndexIR(cols, loc, name=label, unique=literal(o.get("unique")) is True)
                where = _str(o.get("where"))
                index.where = where
                e.indexes.append(index)

    def index_columns(self, k: Klass, d: Decorator, o: dict[str, Node]) -> list[str]:
        node = next((a for a in d.args if isinstance(a, (Arr, Arrow))), None) or o.get("properties")
        if isinstance(node, Arrow):
            node = node.body  # `(user) => [user.email]`, `(u) => ({ email: u.email })`
        items: Sequence[Node]
        if isinstance(node, Arr):
            items = node.items
        elif isinstance(node, Obj):
            items = [v for _, v in node.entries]
        elif isinstance(node, Str):
            items = [node]
        else:
            return []
        out = []
        for item in items:
            prop = item.value if isinstance(item, Str) else item.prop if isinstance(item, Member) else None
            if prop is None:
                return []
            out.append(k.props.get(prop, prop))
        return out


def orm(k: Klass) -> str:
    return "MikroORM" if k.mikro else "TypeORM"


def show_args(d: Decorator) -> str:
    return ", ".join(show(a) for a in d.args)[:60]


def _str(node: Node | Any) -> str | None:
    return string_value(node) if isinstance(node, Node) else None
