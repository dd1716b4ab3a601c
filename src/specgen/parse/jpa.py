"""JPA / Hibernate entities in ```java, ```kotlin and ```kt blocks, read as text (never compiled).

A class annotated `@Entity` is a table (`@MappedSuperclass` classes lend their fields to their subclasses;
other classes are left alone with an info). Its fields (Java) or properties (Kotlin, constructor and body) are
its columns, read from the JPA annotations (`@Id`, `@GeneratedValue`, `@Column`, `@Enumerated`, `@ManyToOne` +
`@JoinColumn`, `@OneToMany(mappedBy)`, `@ManyToMany` + `@JoinTable`, `@Table(indexes, uniqueConstraints)`,
`@CreationTimestamp`, `@Lob`, Bean Validation's `@NotNull` / `@Size`). What the code does not state follows
Spring Boot's defaults (its physical naming strategy): a table is the entity's name in snake_case
(`OrderLine` -> `order_line`), a column the field's (`createdAt` -> `created_at`), a join column
`<field>_<referenced key>`; a name stated in `@Table(name)` / `@Column(name)` is kept as written.
Types are Hibernate's on PostgreSQL: `String` varchar(255) (JPA's default length), `Long` bigint, `BigDecimal`
numeric, `Instant` / `OffsetDateTime` timestamptz, `LocalDateTime` timestamp, `UUID` uuid, `byte[]` bytea; an enum
is the declared enum with `@Enumerated(EnumType.STRING)` and its ordinal (smallint) otherwise. A Java primitive
or a Kotlin type without `?` is NOT NULL; a Java wrapper is nullable unless an annotation says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.errors import info, warning
from specgen.parse.clike_syntax import (
    Group,
    Item,
    Tok,
    arguments,
    bool_of,
    group,
    int_of,
    is_group,
    is_tok,
    last_name,
    show,
    split,
    statements,
    string_of,
    strings_of,
    tokenize,
    type_parts,
)
from specgen.parse.csharp import passive_deletes
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
from specgen.vocab.naming import snake_case
from specgen.vocab.terms import OnAction

FORM = "jpa"
_SCALARS = {
    "Long": "bigint", "long": "bigint", "Integer": "integer", "int": "integer", "Int": "integer",
    "Short": "smallint", "short": "smallint", "Byte": "smallint", "byte": "smallint",
    "String": "varchar(255)", "BigDecimal": "numeric", "BigInteger": "numeric(38,0)",
    "Boolean": "boolean", "boolean": "boolean", "Double": "double", "double": "double", "Float": "real",
    "float": "real", "LocalDate": "date", "LocalTime": "time", "LocalDateTime": "timestamp", "Date": "timestamp",
    "Timestamp": "timestamp", "Instant": "timestamptz", "OffsetDateTime": "timestamptz",
    "ZonedDateTime": "timestamptz", "UUID": "uuid", "Character": "char(1)", "char": "char(1)", "Char": "char(1)",
    "ByteArray": "bytea", "Duration": "interval", "JsonNode": "jsonb",
}  # fmt: skip
_PRIMITIVES = {"long", "int", "short", "byte", "boolean", "double", "float", "char"}
_COLLECTIONS = {"List", "Set", "Collection", "MutableList", "MutableSet", "SortedSet", "Map", "MutableMap"}
_MODIFIERS = {
    "public", "private", "protected", "static", "final", "abstract", "transient", "volatile", "open", "data",
    "internal", "override", "lateinit", "sealed", "inner", "const", "synchronized", "default",
}  # fmt: skip
_KINDS = ("class", "interface", "enum", "record", "object")
_ACTIONS: dict[str, OnAction] = {"CASCADE": "CASCADE", "SET_NULL": "SET NULL", "RESTRICT": "RESTRICT"}  # @OnDelete
_DECLARES = {"class", "interface", "object", "fun", "val", "var", "import", "package", "typealias", "init"}


@dataclass
class _Ann:
    name: str
    args: Group | None
    line: int


@dataclass
class _Type:
    name: str
    args: list[str]
    nullable: bool  # Kotlin's `?`
    array: bool

    @property
    def collection(self) -> str | None:
        if self.name in _COLLECTIONS and self.args:
            return self.args[-1]
        return self.name if self.array and self.name not in ("byte", "Byte") else None


@dataclass
class _Field:
    name: str
    type: _Type
    anns: list[_Ann]
    line: int
    kotlin: bool
    init: list[Item] = field(default_factory=list)

    def ann(self, name: str) -> _Ann | None:
        return next((a for a in self.anns if a.name == name), None)

    def named(self, ann: str, key: str) -> list[Item] | None:
        a = self.ann(ann)
        return arguments(a.args)[1].get(key) if a else None


@dataclass
class _Class:
    kind: str
    name: str
    line: int
    anns: list[_Ann]
    supers: list[str]
    fields: list[_Field] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    methods: int = 0

    def ann(self, name: str) -> _Ann | None:
        return next((a for a in self.anns if a.name == name), None)


def read_jpa_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """The entities and enums of the JPA classes of one Java or Kotlin block."""
    del options
    reader = _Reader(context, fence.line + 1, fence.lang in ("kotlin", "kt"))
    try:
        reader.read(fence.text)
    except RecursionError:
        reader.warn("JPA code not read: nested too deeply", 0)
    return reader.out


class _Reader:
    def __init__(self, context: ReadContext, first_line: int, kotlin: bool) -> None:
        self.context, self.first, self.kotlin = context, first_line, kotlin
        self.out = Fragment(context.path)
        self.classes: dict[str, _Class] = {}
        self.tables: dict[str, str] = {}

    def loc(self, k: int) -> Location:
        return Location(self.out.path, self.first + k)

    def warn(self, message: str, k: int) -> None:
        self.out.diagnostics.append(warning(message, self.loc(k)))

    def note(self, message: str, k: int) -> None:
        self.out.diagnostics.append(info(message, self.loc(k)))

    def read(self, text: str) -> None:
        self.declarations(group(tokenize(text)), 0)
        known = {e.name for e in self.context.enums}
        for c in self.classes.values():
            if c.kind == "enum" and c.name not in known:
                self.out.enums.append(EnumIR(c.name, c.values, self.loc(c.line), form=FORM))
        entities = [c for c in self.classes.values() if self.is_entity(c)]
        for c in entities:
            stated = string_of(_named(c.ann("Table"), "name"))
            entity_name = string_of(_named(c.ann("Entity"), "name"))
            self.tables[c.name] = stated or snake_case(entity_name or c.name)
        for c in entities:
            self.out.entities.append(self.entity(c))
        passive_deletes(self.out.entities)

    # --- declarations -------------------------------------------------------------------------------------
    def declarations(self, items: list[Item], depth: int) -> None:
        """Every class, interface, enum and record of `items`, with the annotations and modifiers before it."""
        starts = self.starts(items)
        for n, (start, at) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(items)
            word = items[at]
            assert isinstance(word, Tok)
            if word.text not in _KINDS or (word.text == "class" and at > 0 and is_tok(items[at - 1], "::")):
                continue
            anns, _ = _annotations(items[start:at])
            mods = {x.text for x in items[start:at] if isinstance(x, Tok)}
            self.declaration("enum" if "enum" in mods else word.text, anns, items[at + 1 : end], depth)

    def starts(self, items: list[Item]) -> list[tuple[int, int]]:
        """(start, keyword index) of each declaration: its keyword, walked back over annotations and modifiers."""
        out: list[tuple[int, int]] = []
        for i, x in enumerate(items):
            if not isinstance(x, Tok) or x.text not in _DECLARES | set(_KINDS) or (i > 0 and is_tok(items[i - 1], ".")):
                continue
            if x.text == "enum" and i + 1 < len(items) and is_tok(items[i + 1], "class"):
                continue  # Kotlin's `enum class`: the `class` keyword starts it
            start = i
            while start > 0:
                prev = items[start - 1]
                if isinstance(prev, Tok) and (prev.text in _MODIFIERS or prev.text == "enum"):
                    start -= 1
                elif is_group(prev, "(") and start > 1 and _annotation_name(items, start - 2):
                    start -= 2
                elif _annotation_name(items, start - 1):
                    start -= 1
                    while start > 1 and is_tok(items[start - 1], ".") or (start > 1 and is_tok(items[start - 1], ":")):
                        start -= 2  # `@jakarta.persistence.Entity`, `@field:Column`
                else:
                    break
            if out and start <= out[-1][1]:
                start = out[-1][1] + 1
            out.append((start, i))
        return out

    def declaration(self, kind: str, anns: list[_Ann], rest: list[Item], depth: int) -> None:
        name = rest[0] if rest else None
        if not isinstance(name, Tok) or name.kind != "name":
            self.warn(f"JPA {kind} declaration not understood: '{show(rest)}'", rest[0].line if rest else 0)
            return
        body = next((x for x in rest if is_group(x, "{")), None)
        ctor = rest[1] if len(rest) > 1 and is_group(rest[1], "(") else None
        head_end = rest.index(body) if body is not None else len(rest)
        supers = [x.text for x in rest[1:head_end] if isinstance(x, Tok) and x.kind == "name" and x.text[:1].isupper()]
        c = _Class(kind, name.text, name.line, anns, supers)
        if kind == "enum":
            c.values = _enum_values(body if isinstance(body, Group) else None)
        elif kind in ("class", "record"):
            if isinstance(ctor, Group):
                c.fields.extend(self.parameters(ctor))
            if isinstance(body, Group):
                self.members(c, body)
        if c.name in self.classes:
            self.warn(f"JPA {kind} '{c.name}' is declared twice; the first is read", name.line)
            return
        self.classes[c.name] = c
        if isinstance(body, Group) and depth < 20 and kind != "enum":
            self.declarations(body.items, depth + 1)  # nested enums and classes

    def parameters(self, g: Group) -> list[_Field]:
        """A Kotlin primary constructor's `val`/`var` properties, or a Java record's components."""
        out = []
        for part in split(g.items):
            anns, rest = _annotations(part)
            rest = [x for x in rest if not (isinstance(x, Tok) and x.text in _MODIFIERS)]
            if self.kotlin:
                if not rest or not (is_tok(rest[0], "val") or is_tok(rest[0], "var")):
                    continue
                f = self.kotlin_property(anns, rest[1:])
            else:
                f = self.java_field(anns, rest)
            if f is not None:
                out.append(f)
        return out

    def members(self, c: _Class, body: Group) -> None:
        items = body.items
        if self.kotlin:
            starts = self.starts(items)
            for n, (start, at) in enumerate(starts):
                end = starts[n + 1][0] if n + 1 < len(starts) else len(items)
                word = items[at]
                assert isinstance(word, Tok)
                if word.text == "fun":
                    c.methods += 1
                elif word.text in ("val", "var"):
                    anns, _ = _annotations(items[start:at])
                    f = self.kotlin_property(anns, items[at + 1 : end])
                    if f is not None and not any(is_tok(x, "get") for x in items[at + 1 : end]):
                        c.fields.append(f)
            return
        for st in statements(items):
            anns, rest = _annotations(st)
            if any(isinstance(x, Tok) and x.text in _KINDS for x in rest):
                continue
            rest = [x for x in rest if not (isinstance(x, Tok) and x.text in _MODIFIERS)]
            if "static" in {x.text for x in st if isinstance(x, Tok)}:
                continue
            if any(
                is_group(x, "(") for x in rest[: next((i for i, x in enumerate(rest) if is_tok(x, "=")), len(rest))]
            ):
                c.methods += 1
                continue
            f = self.java_field(anns, rest)
            if f is not None:
                c.fields.append(f)

    def java_field(self, anns: list[_Ann], rest: list[Item]) -> _Field | None:
        eq = next((i for i, x in enumerate(rest) if is_tok(x, "=")), len(rest))
        head = rest[:eq]
        if len(head) < 2 or not isinstance(head[-1], Tok) or head[-1].kind != "name":
            if head:
                self.warn(f"Java field not understood: '{show(rest)}'", _line(rest))
            return None
        return _Field(head[-1].text, _type(head[:-1]), anns, head[-1].line, False, rest[eq + 1 :])

    def kotlin_property(self, anns: list[_Ann], rest: list[Item]) -> _Field | None:
        """`name: Type? = init` (after `val`/`var`)."""
        if len(rest) < 3 or not isinstance(rest[0], Tok) or rest[0].kind != "name" or not is_tok(rest[1], ":"):
            if rest:
                self.warn(f"Kotlin property not understood: '{show(rest)}'", _line(rest))
            return None
        eq = next((i for i, x in enumerate(rest) if is_tok(x, "=")), len(rest))
        return _Field(rest[0].text, _type(rest[2:eq]), anns, rest[0].line, True, rest[eq + 1 :])

    # --- entities ------------------------------------------------------------------------------------------
    def is_entity(self, c: _Class) -> bool:
        if c.kind == "enum":
            return False
        if c.ann("Entity"):
            return True
        if c.ann("Embeddable") or c.ann("MappedSuperclass"):
            return False
        if c.fields or c.methods:
            why = "no @Entity" if c.fields else "methods only"
            self.note(f"{'Kotlin' if self.kotlin else 'Java'} {c.kind} '{c.name}' is not an entity ({why})", c.line)
        return False

    def fields_of(self, c: _Class, depth: int = 0) -> list[_Field]:
        """The class's fields after those of its @MappedSuperclass ancestors (declared in this block)."""
        inherited: list[_Field] = []
        for s in c.supers:
            parent = self.classes.get(s)
            if parent is not None and parent.ann("MappedSuperclass") and depth < 10:
                inherited = self.fields_of(parent, depth + 1)
        return [*inherited, *c.fields]

    def column_name(self, f: _Field) -> str:
        return string_of(f.named("Column", "name")) or snake_case(f.name)

    def key_of(self, target: str) -> tuple[str, str | None]:
        """The referenced entity's key column and its type (`id`, unknown, for a class of another block)."""
        c = self.classes.get(target)
        if c is not None:
            for f in self.fields_of(c):
                if f.ann("Id"):
                    return self.column_name(f), self.scalar(f)
        return "id", None

    def scalar(self, f: _Field) -> str | None:
        return _SCALARS.get(f.type.name)

    def entity(self, c: _Class) -> EntityIR:
        e = EntityIR(self.loc(c.line), FORM, name=c.name, table=self.tables[c.name])
        table = c.ann("Table")
        _, named = arguments(table.args if table else None)
        schema = string_of(named.get("schema"))
        if schema:
            e.options["schema"] = schema
        fields = self.fields_of(c)
        names = {f.name: self.column_name(f) for f in fields}
        for f in fields:
            if f.ann("Transient") or (f.ann("JsonIgnore") and f.type.collection):
                continue
            relation = next((a for a in ("ManyToOne", "OneToOne", "OneToMany", "ManyToMany") if f.ann(a)), None)
            if relation is not None:
                self.relation(c, e, f, relation)
            elif f.type.collection and not f.ann("Column"):
                self.note(f"collection '{c.name}.{f.name}' without a relationship annotation: not a column", f.line)
            elif f.ann("Embedded") or f.ann("EmbeddedId") or f.ann("ElementCollection"):
                self.note(f"'{c.name}.{f.name}' ({f.anns[0].name}) is not read", f.line)
            else:
                e.columns.append(self.column(c, f))
        for ann in _nested(named.get("indexes"), "Index"):
            _, a = arguments(ann)
            cols = [names.get(x.strip(), x.strip()) for x in (string_of(a.get("columnList")) or "").split(",")]
            index = IndexIR([x.split()[0] for x in cols if x], self.loc(ann.line), name=string_of(a.get("name")))
            index.unique = bool_of(a.get("unique")) is True
            index.orders = {x.split()[0]: "desc" for x in cols if x.lower().endswith(" desc")}
            e.indexes.append(index)
        for ann in _nested(named.get("uniqueConstraints"), "UniqueConstraint"):
            _, a = arguments(ann)
            cols = [names.get(x, x) for x in strings_of(a.get("columnNames"))]
            e.constraints.append(ConstraintIR("unique", self.loc(ann.line), string_of(a.get("name")), cols))
        id_class = c.ann("IdClass")
        keys = [col for col in e.columns if col.primary_key]
        if id_class is not None or len(keys) > 1:
            for col in keys:
                col.primary_key = False
            e.constraints.append(ConstraintIR("primary_key", e.loc, None, [col.name for col in keys]))
        return e

    def column(self, c: _Class, f: _Field) -> ColumnIR:
        loc = self.loc(f.line)
        col = ColumnIR(self.column_name(f), loc, type_loc=loc)
        _, named = arguments(_args(f.ann("Column")))
        enum = self.classes.get(f.type.name)
        if (enum is not None and enum.kind == "enum") or any(x.name == f.type.name for x in self.context.enums):
            kind = last_name(f.named("Enumerated", "value")) or last_name(_first(f.ann("Enumerated")))
            col.type = f.type.name if kind == "STRING" else "smallint"
        elif f.type.name in ("byte", "Byte") and f.type.array:
            col.type = "bytea"
        elif f.type.name in _SCALARS:
            col.type = _SCALARS[f.type.name]
        else:
            col.type, col.unmapped_type = "text", f.type.name
            self.warn(f"JPA type '{f.type.name}' of '{c.name}.{f.name}' unknown; read as text", f.line)
        length = int_of(named.get("length")) or int_of(_size(f))
        if col.type == "varchar(255)" and length:
            col.type = f"varchar({length})"
        precision, scale = int_of(named.get("precision")), int_of(named.get("scale"))
        if col.type and col.type.startswith("numeric") and precision:
            col.type = f"numeric({precision},{scale or 0})"
        if f.ann("Lob"):
            col.type = "text" if col.type.startswith("varchar") else "bytea"
        if f.ann("JdbcTypeCode") and "JSON" in show(f.anns[0].args.items if f.anns[0].args else []):
            col.type = "jsonb"
        definition = string_of(named.get("columnDefinition"))
        if definition:
            col.type = definition.lower()
        primitive = f.type.name in _PRIMITIVES and not f.type.array
        col.nullable = f.type.nullable if f.kotlin else not primitive
        if bool_of(named.get("nullable")) is False or f.ann("NotNull") or f.ann("NotBlank") or f.ann("NotEmpty"):
            col.nullable = False
        col.unique = bool_of(named.get("unique")) is True
        if f.ann("Id"):
            col.primary_key, col.nullable = True, False
            generated = f.ann("GeneratedValue")
            strategy = last_name(arguments(generated.args)[1].get("strategy")) if generated else None
            if generated is not None and (col.type == "uuid" or strategy == "UUID"):
                col.default = "uuid4"
            elif generated is not None:
                col.autoincrement = True
        if f.ann("CreationTimestamp") or f.ann("CreatedDate"):
            col.default = "now"
        if f.ann("UpdateTimestamp") or f.ann("LastModifiedDate"):
            col.default, col.on_update = "now", "now"
        if f.ann("Version"):
            col.nullable = False
        default = _literal(f.init)
        enum_value = len(f.init) == 3 and is_tok(f.init[1], ".") and enum is not None and enum.kind == "enum"
        if default is not None and not f.ann("Id"):
            col.default = default[1:-1].replace("''", "'") if default.startswith("'") else default
        elif enum_value and col.type == f.type.name:
            col.default = last_name(f.init)
        server = string_of(_first(f.ann("ColumnDefault")))
        if server is not None:
            col.server_default = server  # Hibernate's @ColumnDefault: SQL text
        comment = string_of(_first(f.ann("Comment")))
        if comment:
            col.comment = col.description = comment
        return col

    def relation(self, c: _Class, e: EntityIR, f: _Field, kind: str) -> None:
        loc = self.loc(f.line)
        target = f.type.collection or f.type.name
        _, named = arguments(_args(f.ann(kind)))
        target = last_name(named.get("targetEntity")) or target
        mapped_by = string_of(named.get("mappedBy"))
        rel = RelationshipIR(f.name, target or f.type.name, loc, kind=snake_case(kind), back_populates=mapped_by)
        e.relationships.append(rel)
        if kind == "ManyToMany":
            if mapped_by is None:
                rel.through = self.join_table(c, f, target or f.type.name, loc)
            return
        if kind == "OneToMany" or mapped_by is not None:
            return
        join = f.ann("JoinColumn")
        _, jc = arguments(join.args if join else None)
        ref_col, ref_type = self.key_of(target or "")
        ref_col = string_of(jc.get("referencedColumnName")) or ref_col
        name = string_of(jc.get("name")) or f"{snake_case(f.name)}_{ref_col}"
        col = ColumnIR(name, loc, type=ref_type, type_from_reference=ref_type is None)
        optional = bool_of(named.get("optional"))
        col.nullable = f.type.nullable if f.kotlin else True
        if optional is False or bool_of(jc.get("nullable")) is False or f.ann("NotNull"):
            col.nullable = False
        col.unique = kind == "OneToOne" or bool_of(jc.get("unique")) is True
        on_delete = f.ann("OnDelete")
        action = last_name(arguments(on_delete.args)[1].get("action")) if on_delete else None
        ref_table = self.tables.get(target or "") or self.earlier_table(target or "")
        col.fk = ForeignKeyIR(
            [name],
            ref_table or target or "",
            [ref_col],
            loc,
            on_delete=_ACTIONS.get(action or ""),
            ref_is_entity=ref_table is None,
        )
        col.type_from_reference = ref_type is None
        if col.type is None:
            col.type = "bigint"  # the usual Long key; merge gives it the referenced key's type where it is known
        rel.foreign_keys = [name]
        e.columns.append(col)

    def earlier_table(self, name: str) -> str | None:
        """The table of an entity an earlier block of the file defines (a Java class beside a Kotlin one)."""
        return next((e.table for e in self.context.entities if e.name == name and e.table), None)

    def join_table(self, c: _Class, f: _Field, target: str, loc: Location) -> str:
        """`@ManyToMany` + `@JoinTable(name, joinColumns, inverseJoinColumns)`: the join table, made here."""
        _, named = arguments(_args(f.ann("JoinTable")))
        table = string_of(named.get("name")) or f"{snake_case(c.name)}_{snake_case(target)}"  # JPA: Owner_Target
        join = [string_of(arguments(a)[1].get("name")) for a in _nested(named.get("joinColumns"), "JoinColumn")]
        inverse = [
            string_of(arguments(a)[1].get("name")) for a in _nested(named.get("inverseJoinColumns"), "JoinColumn")
        ]
        own_key, own_type = self.key_of(c.name)
        other_key, other_type = self.key_of(target)
        link = EntityIR(loc, FORM, name=_pascal(table), table=table)
        sides = (
            ((join[0] if join and join[0] else f"{snake_case(c.name)}_{own_key}"), self.tables[c.name], own_key, own_type),
            ((inverse[0] if inverse and inverse[0] else f"{snake_case(f.name)}_{other_key}"),
             self.tables.get(target, snake_case(target)), other_key, other_type),
        )  # fmt: skip
        for name, ref_table, ref_col, ref_type in sides:
            fk = ForeignKeyIR([name], ref_table, [ref_col], loc)
            col = ColumnIR(name, loc, type=ref_type, nullable=False, fk=fk, type_from_reference=ref_type is None)
            col.type = col.type or "bigint"
            link.columns.append(col)
        link.constraints.append(ConstraintIR("primary_key", loc, None, [col.name for col in link.columns]))
        self.out.entities.append(link)
        return table


def _annotation_name(items: list[Item], i: int) -> bool:
    x = items[i] if 0 <= i < len(items) else None
    return isinstance(x, Tok) and x.kind == "name" and (x.text.startswith("@") or _after_at(items, i))


def _after_at(items: list[Item], i: int) -> bool:
    """`persistence` in `@jakarta.persistence.Entity`, `Column` in `@field:Column`."""
    while i >= 2 and (is_tok(items[i - 1], ".") or is_tok(items[i - 1], ":")):
        i -= 2
        x = items[i]
        if isinstance(x, Tok) and x.text.startswith("@"):
            return True
    return False


def _annotations(items: list[Item]) -> tuple[list[_Ann], list[Item]]:
    """The annotations among `items` (`@A`, `@A(…)`, `@a.b.A`, `@field:A(…)`), and the other items."""
    anns: list[_Ann] = []
    rest: list[Item] = []
    i = 0
    while i < len(items):
        x = items[i]
        if isinstance(x, Tok) and x.kind == "name" and x.text.startswith("@"):
            name = x.text[1:]
            i += 1
            while (
                i + 1 < len(items)
                and (is_tok(items[i], ".") or is_tok(items[i], ":"))
                and isinstance(items[i + 1], Tok)
            ):
                name = items[i + 1].text  # type: ignore[union-attr]
                i += 2
            args = items[i] if i < len(items) and is_group(items[i], "(") else None
            if args is not None:
                i += 1
            anns.append(_Ann(name, args if isinstance(args, Group) else None, x.line))
            continue
        rest.append(x)
        i += 1
    return anns, rest


def _nested(items: list[Item] | None, name: str) -> list[Group]:
    """The argument groups of nested annotations: `{@Index(…), @Index(…)}`, `[Index(…)]`, `@Index(…)`."""
    out: list[Group] = []
    stack: list[list[Item]] = [items or []]
    while stack:
        level = stack.pop()
        for i, x in enumerate(level):
            if isinstance(x, Tok) and x.text in (name, "@" + name) and i + 1 < len(level):
                nxt = level[i + 1]
                if isinstance(nxt, Group) and nxt.open == "(":
                    out.append(nxt)
            elif isinstance(x, Group) and x.open in ("{", "["):
                stack.append(x.items)
    return sorted(out, key=lambda g: g.line)


def _args(a: _Ann | None) -> Group | None:
    return a.args if a else None


def _named(a: _Ann | None, key: str) -> list[Item] | None:
    return arguments(a.args)[1].get(key) if a else None


def _first(a: _Ann | None) -> list[Item] | None:
    positional = arguments(a.args)[0] if a else []
    return positional[0] if positional else None


def _size(f: _Field) -> list[Item] | None:
    a = f.ann("Size") or f.ann("Length")
    return arguments(a.args)[1].get("max") if a else None


def _type(items: list[Item]) -> _Type:
    return _Type(*type_parts(items))


def _enum_values(body: Group | None) -> list[str]:
    if body is None:
        return []
    head = statements(body.items)[0] if statements(body.items) else []
    out = []
    for part in split(head):
        _, rest = _annotations(part)
        if rest and isinstance(rest[0], Tok) and rest[0].kind == "name" and rest[0].text not in _DECLARES:
            out.append(rest[0].text)
    return out


def _literal(items: list[Item]) -> str | None:
    if len(items) == 1 and isinstance(items[0], Tok):
        t = items[0]
        if t.kind == "num":
            return t.text.rstrip("LlFfDd")
        if t.text in ("true", "false"):
            return t.text
        if t.kind == "str":
            return "'" + (string_of(items) or "").replace("'", "''") + "'"
    return None


def _line(items: list[Item]) -> int:
    return items[0].line if items else 0


def _pascal(table: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in table.split("_") if part) or "Link"
