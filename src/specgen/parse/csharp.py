"""C# / Entity Framework Core entity classes in ```csharp / ```cs / ```c# blocks, read as text (never compiled).

A class (or record) is a table when EF Core would map it: a `DbSet<T>` names it, `[Table]` or the fluent API
configures it, or it has a key (`[Key]`, a property `Id` or `<Class>Id`). Other classes (DTOs, services, value
objects, the DbContext) are left alone with an info. EF Core's conventions give what the code does not state:
- table: the `DbSet<T>` property's name, else the class name; column: the property's name;
- key: `Id` or `<Class>Id`; an int/long/short key is an identity column, a Guid key gets a new uuid4;
- nullability (nullable reference types assumed enabled): `T?` is nullable, anything else NOT NULL;
- types: SQL Server's defaults (`string` text, or varchar(n) with a max length and varchar(450) as a key;
  `decimal` numeric(18,2); `DateTime` timestamp; `DateTimeOffset` timestamptz; `Guid` uuid; `byte[]` bytea);
- a reference navigation `Customer Customer` with `CustomerId` (or `[ForeignKey]`, `HasForeignKey`) is a foreign
  key, ON DELETE CASCADE when required and NO ACTION when optional (EF's ClientSetNull); collections are
  one-to-many relationships, not columns.
`OnModelCreating`'s `modelBuilder.Entity<T>(e => …)` calls and `IEntityTypeConfiguration<T>.Configure` bodies
state the same facts; where they name a class this block does not define, they complete it as a partial
definition (the table in the Markdown, or another block, defines it).
"""

from __future__ import annotations

import re
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
    lambda_members,
    last_name,
    show,
    split,
    statements,
    string_of,
    tokenize,
    type_parts,
)
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
from specgen.vocab.terms import OnAction

FORM = "csharp"
_SCALARS = {
    "int": "integer", "Int32": "integer", "uint": "bigint", "UInt32": "bigint",
    "long": "bigint", "Int64": "bigint", "ulong": "numeric(20,0)",
    "short": "smallint", "Int16": "smallint", "ushort": "integer", "byte": "smallint", "sbyte": "smallint",
    "Byte": "smallint", "bool": "boolean", "Boolean": "boolean",
    "decimal": "numeric(18,2)", "Decimal": "numeric(18,2)", "double": "double", "Double": "double",
    "float": "real", "Single": "real", "string": "text", "String": "text", "char": "char(1)", "Char": "char(1)",
    "Guid": "uuid", "DateTime": "timestamp", "DateTimeOffset": "timestamptz", "DateOnly": "date",
    "TimeOnly": "time", "TimeSpan": "time",
}  # fmt: skip
_VALUE_TYPES = set(_SCALARS) - {"string", "String"}
_COLLECTIONS = {
    "ICollection", "IList", "List", "IEnumerable", "HashSet", "ISet", "IReadOnlyCollection", "IReadOnlyList",
    "Collection",
}  # fmt: skip
_MODIFIERS = {
    "public", "private", "protected", "internal", "static", "virtual", "override", "abstract", "sealed", "readonly",
    "required", "partial", "new", "const", "async", "extern", "unsafe", "volatile", "file",
}  # fmt: skip
_KINDS = ("class", "record", "struct", "interface", "enum")
_ACTIONS: dict[str, OnAction] = {
    "Cascade": "CASCADE", "Restrict": "RESTRICT", "SetNull": "SET NULL", "NoAction": "NO ACTION",
    "ClientSetNull": "NO ACTION", "ClientNoAction": "NO ACTION", "ClientCascade": "NO ACTION",
}  # fmt: skip
_IDENTITY_TYPES = ("integer", "bigint", "smallint")
# Classes whose names say they carry data between layers, not rows.
_NOT_ENTITY = re.compile(r"(Dto|DTO|Request|Response|ViewModel|Command|Query|Event|Options|Settings)$")


@dataclass
class _Attr:
    name: str
    args: Group | None
    line: int


@dataclass
class _Type:
    name: str  # the base name, without namespace: `List` in `System.Collections.Generic.List<Order>`
    args: list[str]  # generic arguments' base names
    nullable: bool
    array: bool

    @property
    def collection(self) -> str | None:
        if self.array and self.name not in ("byte", "Byte"):
            return self.name
        return self.args[0] if self.name in _COLLECTIONS and self.args else None


@dataclass
class _Prop:
    name: str
    type: _Type
    attrs: list[_Attr]
    line: int
    required: bool = False  # the `required` modifier
    init: list[Item] = field(default_factory=list)


@dataclass
class _Class:
    kind: str
    name: str
    line: int
    attrs: list[_Attr]
    bases: list[str]
    props: list[_Prop] = field(default_factory=list)
    methods: int = 0
    body: Group | None = None
    values: list[str] = field(default_factory=list)  # an enum's


@dataclass
class _Config:
    """What the fluent API states of one entity."""

    line: int
    table: str | None = None
    schema: str | None = None
    key: list[str] = field(default_factory=list)
    props: dict[str, dict[str, object]] = field(default_factory=dict)
    indexes: list[IndexIR] = field(default_factory=list)
    fks: list[tuple[str | None, str | None, list[str], OnAction | None, int]] = field(default_factory=list)
    ignored: set[str] = field(default_factory=set)


def read_csharp_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """The entities and enums of the EF Core classes in one block."""
    del options
    reader = _Reader(context, fence.line + 1)
    try:
        reader.read(fence.text)
    except RecursionError:
        reader.warn("C# code not read: nested too deeply", 0)
    return reader.out


class _Reader:
    def __init__(self, context: ReadContext, first_line: int) -> None:
        self.context, self.first = context, first_line
        self.out = Fragment(context.path)
        self.classes: dict[str, _Class] = {}
        self.enums: dict[str, _Class] = {}
        self.dbsets: dict[str, str] = {}  # class -> DbSet property name
        self.configs: dict[str, _Config] = {}
        self.tables: dict[str, str] = {}
        self.entity_names: set[str] = set()

    def loc(self, k: int) -> Location:
        return Location(self.out.path, self.first + k)

    def warn(self, message: str, k: int) -> None:
        self.out.diagnostics.append(warning(message, self.loc(k)))

    def note(self, message: str, k: int) -> None:
        self.out.diagnostics.append(info(message, self.loc(k)))

    # --- declarations -------------------------------------------------------------------------------------
    def read(self, text: str) -> None:
        self.declarations(group(tokenize(text)), 0)
        for c in self.classes.values():
            self.members(c)
        for c in self.classes.values():
            self.fluent(c)
        known_enums = {e.name for e in self.context.enums}
        for e in self.enums.values():
            if e.name not in known_enums:
                self.out.enums.append(EnumIR(e.name, e.values, self.loc(e.line), form=FORM))
        mapped = [c for c in self.classes.values() if self.is_entity(c)]
        self.entity_names = {c.name for c in mapped}
        for c in mapped:
            self.tables[c.name] = self.table_of(c)
        for c in mapped:
            self.out.entities.append(self.entity(c))
        passive_deletes(self.out.entities)
        for name, config in self.configs.items():
            if name not in self.classes:
                index = self.earlier(name)
                if index is None:
                    self.out.entities.append(self.partial(name, config))
                else:
                    self.complete(self.out.revise(self.context, index), config)

    def declarations(self, items: list[Item], depth: int) -> None:
        loose: list[Item] = []
        for st in statements(items):
            attrs, rest = _attributes(st)
            if not rest:
                continue
            if is_tok(rest[0], "namespace"):
                body = next((x for x in rest if is_group(x, "{")), None)
                if isinstance(body, Group) and depth < 20:
                    self.declarations(body.items, depth + 1)
                continue
            if is_tok(rest[0], "using") or is_tok(rest[0], "#"):
                continue
            kind = next((x.text for x in rest if isinstance(x, Tok) and x.text in _KINDS), None)
            if kind is None:
                loose.extend([*st, Tok("punct", ";", _line(st) or 0)])
                continue
            self.declaration(kind, attrs, rest, depth)
        if loose and depth == 0:
            # Members without their class (`DbSet<T> …`, `OnModelCreating`): an excerpt of the DbContext
            line = _line(loose) or 0
            self.classes.setdefault(
                "<context>", _Class("class", "<context>", line, [], ["DbContext"], body=Group("{", line, loose))
            )

    def declaration(self, kind: str, attrs: list[_Attr], rest: list[Item], depth: int) -> None:
        at = next(i for i, x in enumerate(rest) if is_tok(x, kind))
        if kind == "class" and at > 0 and is_tok(rest[at - 1], "enum"):
            return
        name_tok = rest[at + 1] if at + 1 < len(rest) else None
        if kind == "enum" and is_tok(name_tok, "class"):  # never C#; Kotlin's `enum class` is not read here
            return
        if not isinstance(name_tok, Tok) or name_tok.kind != "name":
            self.warn(f"C# {kind} declaration not understood: '{show(rest)}'", rest[at].line)
            return
        body = rest[-1] if is_group(rest[-1], "{") else None
        bases: list[str] = []
        colon = next((i for i, x in enumerate(rest) if is_tok(x, ":") and i > at), None)
        if colon is not None:
            bases = [_base_text(part) for part in split(rest[colon + 1 : len(rest) - (1 if body else 0)])]
        c = _Class(kind, name_tok.text, name_tok.line, attrs, bases, body=body if isinstance(body, Group) else None)
        if kind == "enum":
            c.values = _enum_values(c.body)
            self.enums.setdefault(c.name, c)
            return
        if kind == "interface":
            return
        ctor = rest[at + 2] if at + 2 < len(rest) and is_group(rest[at + 2], "(") else None
        if isinstance(ctor, Group):
            c.props.extend(self.record_params(ctor))  # `record Order(int Id, string Name)`
        if c.name in self.classes:
            self.warn(f"C# {kind} '{c.name}' is declared twice; the first is read", name_tok.line)
            return
        self.classes[c.name] = c
        if c.body is not None and depth < 20:
            nested = [st for st in statements(c.body.items) if any(is_tok(x, k) for x in st for k in _KINDS)]
            for st in nested:
                a, r = _attributes(st)
                k = next((x.text for x in r if isinstance(x, Tok) and x.text in _KINDS), None)
                if k is not None and r:
                    self.declaration(k, a, r, depth + 1)

    def record_params(self, g: Group) -> list[_Prop]:
        out = []
        for part in split(g.items):
            attrs, rest = _attributes(part)
            eq = next((i for i, x in enumerate(rest) if is_tok(x, "=")), len(rest))
            head = rest[:eq]
            if len(head) >= 2 and isinstance(head[-1], Tok) and head[-1].kind == "name":
                out.append(_Prop(head[-1].text, _type(head[:-1]), attrs, head[-1].line, init=rest[eq + 1 :]))
        return out

    def members(self, c: _Class) -> None:
        if c.body is None:
            return
        for st in statements(c.body.items):
            attrs, rest = _attributes(st)
            if not rest or any(is_tok(x, k) for x in rest for k in _KINDS):
                continue
            prop = self.member(c, attrs, rest)
            if prop is not None:
                c.props.append(prop)

    def member(self, c: _Class, attrs: list[_Attr], rest: list[Item]) -> _Prop | None:
        mods = set()
        i = 0
        while i < len(rest) and (t := rest[i]) and isinstance(t, Tok) and t.text in _MODIFIERS:
            mods.add(t.text)
            i += 1
        head = rest[i:]
        stop = next((j for j, x in enumerate(head) if is_group(x, "{") or is_tok(x, "=") or is_tok(x, "=>")), len(head))
        if any(is_group(x, "(") for x in head[:stop]):
            c.methods += 1  # a method, constructor or operator
            return None
        if "static" in mods or "const" in mods:
            return None
        if stop == len(head) or not is_group(head[stop], "{"):
            return None  # a field or an expression-bodied property: EF maps properties with accessors
        accessors = {x.text for x in head[stop].items if isinstance(x, Tok)}  # type: ignore[union-attr]
        if "get" not in accessors:
            c.methods += 1
            return None
        decl = head[:stop]
        if len(decl) < 2 or not isinstance(decl[-1], Tok) or decl[-1].kind != "name":
            self.warn(f"C# property not understood: '{show(rest)}'", _line(rest) or c.line)
            return None
        init = head[stop + 2 :] if stop + 1 < len(head) and is_tok(head[stop + 1], "=") else []
        return _Prop(decl[-1].text, _type(decl[:-1]), attrs, decl[-1].line, "required" in mods, init)

    # --- the fluent API -----------------------------------------------------------------------------------
    def fluent(self, c: _Class) -> None:
        if c.body is None:
            return
        for st in statements(c.body.items):
            at = next((i for i, x in enumerate(st) if is_tok(x, "DbSet")), None)
            if at is not None and at + 4 < len(st) and is_tok(st[at + 1], "<") and is_tok(st[at + 3], ">"):
                entity, prop = st[at + 2], st[at + 4]
                if isinstance(entity, Tok) and isinstance(prop, Tok) and prop.kind == "name":
                    self.dbsets.setdefault(entity.text, prop.text)  # `DbSet<Order> Orders { get; set; }` or `=> Set…`
        configured = next((_generic_arg(b) for b in c.bases if b.startswith("IEntityTypeConfiguration<")), None)
        for st in statements(c.body.items):
            _, rest = _attributes(st)
            body = rest[-1] if rest and is_group(rest[-1], "{") else None
            params = next((x for x in rest if is_group(x, "(")), None)
            if not isinstance(body, Group):
                continue
            if configured and any(is_tok(x, "Configure") for x in rest) and isinstance(params, Group):
                builder = last_name(params.items)
                for inner in statements(body.items):
                    self.chain(inner, configured, builder)
            elif any(is_tok(x, "OnModelCreating") for x in rest):
                for inner in _all_statements(body):
                    self.model_builder(inner)

    def model_builder(self, st: list[Item]) -> None:
        """`modelBuilder.Entity<T>(e => { … })`, `modelBuilder.Entity<T>().Property(…)…`."""
        for i in range(len(st) - 4):
            target = st[i + 2]
            if is_tok(st[i], "Entity") and is_tok(st[i + 1], "<") and isinstance(target, Tok):
                name = target.text
                if not is_tok(st[i + 3], ">") or not is_group(st[i + 4], "("):
                    continue
                args = st[i + 4]
                assert isinstance(args, Group)
                arrow = next((j for j, x in enumerate(args.items) if is_tok(x, "=>")), None)
                if arrow is not None and arrow > 0:
                    param = args.items[arrow - 1]
                    pname = param.text if isinstance(param, Tok) else last_name(param.items)
                    block = args.items[arrow + 1] if arrow + 1 < len(args.items) else None
                    if isinstance(block, Group) and block.open == "{":
                        for inner in statements(block.items):
                            self.chain(inner, name, pname)
                    else:
                        self.chain(args.items[arrow + 1 :], name, pname)
                elif i + 5 < len(st):
                    self.chain([Tok("name", "_e", st[i].line), *st[i + 5 :]], name, "_e")
                return

    def chain(self, st: list[Item], entity: str, builder: str | None) -> None:
        if not st or not isinstance(st[0], Tok) or st[0].text != builder:
            return
        calls = _calls(st[1:])
        if not calls:
            return
        config = self.configs.setdefault(entity, _Config(st[0].line))
        head, args, line = calls[0]
        positional, named = arguments(args)
        first = lambda_members(positional[0]) if positional else []
        if head == "ToTable":
            config.table = string_of(positional[0]) if positional else None
            config.schema = string_of(positional[1] if len(positional) > 1 else named.get("schema"))
        elif head == "HasKey":
            config.key = first or [s for p in positional for s in [string_of(p)] if s]
        elif head == "Property" and first:
            facts = config.props.setdefault(first[0], {})
            for name, a, _ in calls[1:]:
                self.property_call(facts, name, a, line)
        elif head == "HasIndex" and first:
            index = IndexIR(first, self.loc(line))
            for name, a, _ in calls[1:]:
                p, _n = arguments(a)
                if name == "IsUnique":
                    index.unique = bool_of(p[0]) is not False if p else True
                elif name in ("HasDatabaseName", "HasName"):
                    index.name = string_of(p[0]) if p else None
                elif name == "IsDescending":
                    index.orders = {col: "desc" for col in first}
                elif name == "HasFilter":
                    index.where = string_of(p[0]) if p else None
            config.indexes.append(index)
        elif head in ("HasOne", "HasMany"):
            self.relationship_call(config, entity, head, first, calls[1:], line)
        elif head == "Ignore" and first:
            config.ignored.add(first[0])
        elif head not in ("HasData", "HasComment", "HasQueryFilter", "Navigation", "OwnsOne", "OwnsMany"):
            self.note(f"EF Core fluent call '{head}' not read", line)

    def property_call(self, facts: dict[str, object], name: str, args: Group | None, line: int) -> None:
        p, _ = arguments(args)
        arg = p[0] if p else None
        if name == "HasMaxLength":
            facts["length"] = int_of(arg)
        elif name == "IsRequired":
            facts["required"] = bool_of(arg) is not False if arg else True
        elif name == "HasColumnName":
            facts["column"] = string_of(arg)
        elif name == "HasColumnType":
            facts["type"] = string_of(arg)
        elif name == "HasPrecision":
            facts["precision"] = (int_of(arg), int_of(p[1]) if len(p) > 1 else None)
        elif name == "HasDefaultValueSql":
            facts["server_default"] = string_of(arg)
        elif name == "HasDefaultValue" and arg:
            facts["default"] = _literal(arg)
        elif name == "ValueGeneratedNever":
            facts["generated"] = False
        elif name in ("ValueGeneratedOnAdd", "UseIdentityColumn", "UseSqlServerIdentityColumn"):
            facts["generated"] = True
        elif name == "HasConversion":
            facts["conversion"] = True
        elif name == "HasComment":
            facts["comment"] = string_of(arg)
        elif name not in ("IsUnicode", "IsFixedLength", "IsConcurrencyToken", "IsRowVersion", "HasField"):
            self.note(f"EF Core property call '{name}' not read", line)

    def relationship_call(
        self, config: _Config, entity: str, head: str, nav: list[str], calls: list[tuple[str, Group | None, int]],
        line: int,
    ) -> None:  # fmt: skip
        fk_cols: list[str] = []
        on_delete: OnAction | None = None
        other: str | None = None
        for name, a, _ in calls:
            p, _n = arguments(a)
            if name == "HasForeignKey":
                fk_cols = lambda_members(p[0]) if p else []
                if not fk_cols:
                    fk_cols = [s for part in p for s in [string_of(part)] if s]
            elif name == "OnDelete":
                on_delete = _ACTIONS.get(last_name(p[0]) or "") if p else None
            elif name in ("WithMany", "WithOne"):
                other = next(iter(lambda_members(p[0])), None) if p else None
        target = self.nav_target(entity, nav[0]) if nav else None
        if head == "HasOne":
            config.fks.append((nav[0] if nav else None, target, fk_cols, on_delete, line))
        elif target is not None and fk_cols:
            dependent = self.configs.setdefault(target, _Config(line))
            dependent.fks.append((other, entity, fk_cols, on_delete, line))

    def nav_target(self, entity: str, nav: str) -> str | None:
        c = self.classes.get(entity)
        prop = next((p for p in c.props if p.name == nav), None) if c else None
        if prop is None:
            return None
        return prop.type.collection or prop.type.name

    # --- entities ------------------------------------------------------------------------------------------
    def is_entity(self, c: _Class) -> bool:
        attrs = {a.name for a in c.attrs}
        if any(b in ("DbContext", "IdentityDbContext") or b.startswith("IdentityDbContext<") for b in c.bases):
            return False
        if any(b.startswith("IEntityTypeConfiguration<") for b in c.bases):
            return False
        if "Owned" in attrs or "Keyless" in attrs:
            self.note(f"C# class '{c.name}' ignored ([{'Owned' if 'Owned' in attrs else 'Keyless'}] has no table)",
                      c.line)  # fmt: skip
            return False
        columns = [p for p in c.props if self.is_column(p)]
        stated = c.name in self.dbsets or c.name in self.configs or "Table" in attrs or "PrimaryKey" in attrs
        keyed = any(p.name in ("Id", f"{c.name}Id") or _attr(p, "Key") for p in columns)
        if keyed and not stated and _NOT_ENTITY.search(c.name):
            keyed = any(_attr(p, "Key") for p in columns)  # `OrderDto { int Id }` carries a row; it is not one
        if (stated or keyed) and columns:
            return True
        if c.props or c.methods:
            why = "no key and no [Table]" if c.props else "methods only"
            self.note(f"C# {c.kind} '{c.name}' is not an entity ({why}): not a table", c.line)
        return False

    def is_column(self, p: _Prop) -> bool:
        if _attr(p, "NotMapped") or p.type.name == "DbSet":
            return False
        if p.type.collection:
            return p.type.collection in _SCALARS  # `List<string>`, `int[]`: an array column (PostgreSQL's)
        return not self.is_reference(p)

    def is_reference(self, p: _Prop) -> bool:
        t = p.type.name
        if t in _SCALARS or t in self.enums or t in ("byte", "Byte") or any(e.name == t for e in self.context.enums):
            return False
        return t in self.classes or t in self.dbsets or t in self.configs or (t[:1].isupper() and t != "Nullable")

    def table_of(self, c: _Class) -> str:
        config = self.configs.get(c.name)
        table = _attr(c, "Table")
        if config is not None and config.table:
            return config.table
        if table is not None:
            return string_of(arguments(table.args)[0][0] if arguments(table.args)[0] else None) or c.name
        return self.dbsets.get(c.name, c.name)

    def entity(self, c: _Class) -> EntityIR:
        config = self.configs.get(c.name) or _Config(c.line)
        e = EntityIR(self.loc(c.line), FORM, name=c.name, table=self.tables[c.name])
        table = _attr(c, "Table")
        schema = config.schema or (string_of(arguments(table.args)[1].get("Schema")) if table else None)
        if schema:
            e.options["schema"] = schema
        columns = [p for p in c.props if self.is_column(p) and p.name not in config.ignored]
        key = config.key or _composite_key(c) or [p.name for p in columns if _attr(p, "Key")]
        if not key:
            key = [p.name for p in columns if p.name == "Id"] or [p.name for p in columns if p.name == f"{c.name}Id"]
        names = {p.name: self.column_name(p, config) for p in columns}
        for p in columns:
            e.columns.append(self.column(c, p, config, key))
        if len(key) > 1:
            e.constraints.append(ConstraintIR("primary_key", e.loc, None, [names.get(k, k) for k in key]))
        for a in c.attrs:
            if a.name == "Index":
                e.indexes.append(self.index_attr(a, names))
        for index in config.indexes:
            index.columns = [names.get(col, col) for col in index.columns]
            e.indexes.append(index)
        self.references(c, e, config, names)
        return e

    def column_name(self, p: _Prop, config: _Config) -> str:
        stated = config.props.get(p.name, {}).get("column")
        col = _attr(p, "Column")
        positional = arguments(col.args)[0] if col else []
        return str(stated or (string_of(positional[0]) if positional else None) or p.name)

    def column(self, c: _Class, p: _Prop, config: _Config, key: list[str]) -> ColumnIR:
        loc = self.loc(p.line)
        facts = config.props.get(p.name, {})
        col = ColumnIR(self.column_name(p, config), loc, type_loc=loc)
        if col.name != p.name:
            col.python_name = p.name
        is_enum = p.type.name in self.enums or any(e.name == p.type.name for e in self.context.enums)
        length = facts.get("length") or _int_attr(p, "MaxLength") or _int_attr(p, "StringLength")
        if is_enum:
            col.type = p.type.name if not facts.get("conversion") else "integer"
        elif p.type.name in ("byte", "Byte") and p.type.array:
            col.type = "bytea"
        elif p.type.collection:
            col.type = _SCALARS[p.type.collection].split("(")[0] + "[]"
        elif p.type.name in ("string", "String"):
            if isinstance(length, int):
                col.type = f"varchar({length})"
            else:
                col.type = "varchar(450)" if p.name in key else "text"
        elif p.type.name in _SCALARS:
            col.type = _SCALARS[p.type.name]
        else:
            col.type, col.unmapped_type = "text", p.type.name
            self.warn(f"C# type '{p.type.name}' of '{c.name}.{p.name}' unknown; read as text", p.line)
        precision = facts.get("precision") or _precision(p)
        if isinstance(precision, tuple) and isinstance(precision[0], int):
            col.type = f"numeric({precision[0]},{precision[1] or 0})"
        typed = facts.get("type") or _named_string(p, "Column", "TypeName")
        if isinstance(typed, str) and typed:
            col.type = typed.lower()
        nullable = p.type.nullable
        if facts.get("required") is True or _attr(p, "Required") or p.required:
            nullable = False
        col.nullable = nullable and p.name not in key
        if p.name in key and len(key) == 1:
            col.primary_key = True
            generated = _generated(p, facts.get("generated"))
            if col.type in _IDENTITY_TYPES and generated is not False:
                col.autoincrement = True
            elif col.type == "uuid" and generated is not False:
                col.default = "uuid4"
        elif _generated(p, facts.get("generated")) is True and col.type in _IDENTITY_TYPES:
            col.autoincrement = True
        if isinstance(facts.get("server_default"), str):
            col.server_default = str(facts["server_default"])
        elif isinstance(facts.get("default"), str):
            col.server_default = str(facts["default"])
        elif p.init:
            col.default = _initial(p.init, is_enum)  # the object's initial value: EF Core writes it on insert
        comment = facts.get("comment") or _named_string(p, "Comment", None)
        if isinstance(comment, str):
            col.comment = col.description = comment
        if _attr(p, "Timestamp"):
            col.type, col.nullable = "bytea", False  # rowversion
        return col

    def index_attr(self, a: _Attr, names: dict[str, str]) -> IndexIR:
        positional, named = arguments(a.args)
        cols = [s for part in positional for s in [string_of(part)] if s]
        index = IndexIR([names.get(col, col) for col in cols], self.loc(a.line))
        index.unique = bool_of(named.get("IsUnique")) is True
        index.name = string_of(named.get("Name"))
        return index

    def references(self, c: _Class, e: EntityIR, config: _Config, names: dict[str, str]) -> None:
        props = {p.name: p for p in c.props}
        stated = {nav: (target, cols, action, line) for nav, target, cols, action, line in config.fks if nav}
        for nav, target, cols, action, line in config.fks:
            if nav is None and target and cols:  # HasMany(…).WithOne() without the navigation on this side
                self.foreign_key(e, c, target, cols, action, line, names)
        for p in c.props:
            if _attr(p, "NotMapped") or p.name in config.ignored:
                continue
            if p.type.collection in _SCALARS:
                continue
            if p.type.collection and p.type.name != "DbSet":
                kind = "one_to_many"
                other = self.classes.get(p.type.collection)
                if other is not None and any(q.type.collection == c.name for q in other.props):
                    kind = "many_to_many"
                e.relationships.append(RelationshipIR(p.name, p.type.collection, self.loc(p.line), kind=kind))
                continue
            if not self.is_reference(p):
                continue
            if p.type.name in self.classes and p.type.name not in self.entity_names:
                self.note(f"'{c.name}.{p.name}' is of class '{p.type.name}', not an entity: not read", p.line)
                continue
            target, cols, action, line = stated.get(p.name, (p.type.name, [], None, p.line))
            target = target or p.type.name
            fk_attr = _attr(p, "ForeignKey")
            if not cols and fk_attr is not None:
                cols = [s for s in (string_of(x) for x in arguments(fk_attr.args)[0]) if s]
                cols = [x.strip() for s in cols for x in s.split(",")]
            if not cols:
                cols = [
                    q.name for q in c.props
                    if (a := _attr(q, "ForeignKey")) is not None and string_of(arguments(a.args)[0][0] if
                                                                          arguments(a.args)[0] else None) == p.name
                ]  # fmt: skip
            if not cols:
                key = self.key_name(target)
                cols = next(
                    ([n] for n in (f"{p.name}Id", f"{p.name}{key}", f"{target}Id", f"{target}{key}") if n in props),
                    [],
                )
            rel = RelationshipIR(p.name, target, self.loc(p.line), kind="many_to_one")
            if cols and all(col in props for col in cols):
                rel.foreign_keys = [names.get(col, col) for col in cols]
                self.foreign_key(e, c, target, cols, action, line, names)
            e.relationships.append(rel)

    def foreign_key(
        self, e: EntityIR, c: _Class, target: str, cols: list[str], action: OnAction | None, line: int,
        names: dict[str, str],
    ) -> None:  # fmt: skip
        columns = [names.get(col, col) for col in cols]
        if any(set(fk.columns) == set(columns) for fk in e.foreign_keys):
            return
        props = {p.name: p for p in c.props}
        optional = any(props[col].type.nullable for col in cols if col in props)
        key = self.key_name(target)
        fk = ForeignKeyIR(
            columns,
            self.tables.get(target, self.dbsets.get(target, target)),
            [key] if key and len(columns) == 1 else [],
            self.loc(line),
            on_delete=action or ("NO ACTION" if optional else "CASCADE"),
            ref_is_entity=target not in self.tables,
        )
        for col in e.columns:
            if len(columns) == 1 and col.name == columns[0] and col.fk is None:
                col.fk = fk
                # EF Core indexes every foreign key that no key or index starts with
                covered = any(i.columns[:1] == columns for i in e.indexes)
                col.index = not col.primary_key and not covered
                return
        e.foreign_keys.append(fk)

    def key_name(self, target: str) -> str | None:
        c = self.classes.get(target)
        if c is None:
            return None
        config = self.configs.get(target)
        if config is not None and len(config.key) == 1:
            return config.key[0]
        for p in c.props:
            if _attr(p, "Key"):
                return self.column_name(p, config or _Config(0))
        for name in ("Id", f"{target}Id"):
            if any(p.name == name for p in c.props):
                return name
        return None

    def earlier(self, name: str) -> int | None:
        """The earlier entity (a column table, another block) the fluent configuration of `name` is about."""
        keys = {_key(name), _key(self.dbsets.get(name, name))}
        for i, e in enumerate(self.context.entities):
            if not e.partial and (_key(e.name or "") in keys or _key(e.table or "") in keys):
                return i
        return None

    def complete(self, e: EntityIR, config: _Config) -> None:
        """Add what the fluent API states to an entity defined earlier: facts it leaves open, its indexes and
        foreign keys (a column table that states a type, a nullability or a reference keeps it)."""
        table = config.table or self.dbsets.get(e.name or "")
        if e.table is None and table:
            e.table = table
        if config.schema and "schema" not in e.options:
            e.options["schema"] = config.schema
        columns = {_key(c.name): c for c in e.columns}
        for prop, facts in config.props.items():
            col = columns.get(_key(str(facts.get("column") or prop)))
            if col is None:
                continue
            if col.nullable is None and facts.get("required") is True:
                col.nullable = False
            if col.type is None and isinstance(facts.get("length"), int):
                col.type = f"varchar({facts['length']})"
        if config.key and not any(c.primary_key for c in e.columns):
            if len(config.key) == 1 and _key(config.key[0]) in columns:
                columns[_key(config.key[0])].primary_key = True
            elif len(config.key) > 1:
                e.constraints.append(ConstraintIR("primary_key", self.loc(config.line), None, list(config.key)))
        for index in config.indexes:
            cols = [columns[_key(c)].name if _key(c) in columns else c for c in index.columns]
            if not any([_key(c) for c in i.columns] == [_key(c) for c in cols] for i in e.indexes):
                index.columns = cols
                e.indexes.append(index)
        for _nav, target, cols, action, line in config.fks:
            if not target or len(cols) != 1 or _key(cols[0]) not in columns:
                continue
            col = columns[_key(cols[0])]
            if col.fk is None:
                ref = self.dbsets.get(target, target)
                col.fk = ForeignKeyIR([col.name], ref, [], self.loc(line), on_delete=action, ref_is_entity=True)
            elif col.fk.on_delete is None and action is not None:
                col.fk = ForeignKeyIR(**{**col.fk.__dict__, "on_delete": action})

    def partial(self, name: str, config: _Config) -> EntityIR:
        """Fluent configuration of a class defined elsewhere: the facts it states, to merge with it."""
        loc = self.loc(config.line)
        e = EntityIR(loc, FORM, name=name, table=config.table or self.dbsets.get(name), partial=True)
        if config.schema:
            e.options["schema"] = config.schema
        for prop, facts in config.props.items():
            col = ColumnIR(str(facts.get("column") or prop), loc)
            if facts.get("required") is True:
                col.nullable = False
            if isinstance(facts.get("length"), int):
                col.type = f"varchar({facts['length']})"
            if isinstance(facts.get("type"), str):
                col.type = str(facts["type"]).lower()
            if col.type is not None or col.nullable is not None:
                e.columns.append(col)
        if len(config.key) > 1:
            e.constraints.append(ConstraintIR("primary_key", loc, None, list(config.key)))
        e.indexes.extend(config.indexes)
        for _nav, target, cols, action, line in config.fks:
            if target and cols:
                fk = ForeignKeyIR(cols, self.dbsets.get(target, target), [], self.loc(line), on_delete=action)
                fk.ref_is_entity = target not in self.dbsets
                e.foreign_keys.append(fk)
        return e


def passive_deletes(entities: list[EntityIR]) -> None:
    """A collection whose rows the database deletes or unlinks (its foreign key's ON DELETE CASCADE / SET NULL)
    is passive: the ORM leaves them to the database."""
    by_name = {e.name: e for e in entities}
    for e in entities:
        for rel in e.relationships:
            child = by_name.get(rel.target)
            if rel.kind != "one_to_many" or child is None:
                continue
            fks = [c.fk for c in child.columns if c.fk] + child.foreign_keys
            if any(fk.ref_table == e.table and fk.on_delete in ("CASCADE", "SET NULL") for fk in fks):
                rel.passive_deletes = True


def _key(name: str) -> str:
    return name.lower().replace("_", "")


def _attributes(st: list[Item]) -> tuple[list[_Attr], list[Item]]:
    """The leading `[Attr(…), Other]` groups of a statement, and the rest."""
    attrs: list[_Attr] = []
    i = 0
    while i < len(st) and is_group(st[i], "["):
        g = st[i]
        assert isinstance(g, Group)
        for part in split(g.items):
            if is_tok(part[0], ":") or (len(part) > 1 and is_tok(part[1], ":")):
                part = part[2:] if len(part) > 1 and is_tok(part[1], ":") else part[1:]  # [property: Key]
            names = [t for t in part if isinstance(t, Tok) and t.kind == "name"]
            if names:
                args = next((x for x in part if is_group(x, "(")), None)
                name = names[-1].text.removesuffix("Attribute")
                attrs.append(_Attr(name, args if isinstance(args, Group) else None, g.line))
        i += 1
    return attrs, st[i:]


def _attr(owner: _Prop | _Class, name: str) -> _Attr | None:
    return next((a for a in owner.attrs if a.name == name), None)


def _int_attr(p: _Prop, name: str) -> int | None:
    a = _attr(p, name)
    positional = arguments(a.args)[0] if a else []
    return int_of(positional[0]) if positional else None


def _named_string(p: _Prop, attr: str, name: str | None) -> str | None:
    a = _attr(p, attr)
    if a is None:
        return None
    positional, named = arguments(a.args)
    if name is None:
        return string_of(positional[0]) if positional else None
    return string_of(named.get(name))


def _precision(p: _Prop) -> tuple[int | None, int | None] | None:
    a = _attr(p, "Precision")
    positional = arguments(a.args)[0] if a else []
    if not positional:
        return None
    return int_of(positional[0]), int_of(positional[1]) if len(positional) > 1 else None


def _generated(p: _Prop, fluent: object) -> bool | None:
    if isinstance(fluent, bool):
        return fluent
    a = _attr(p, "DatabaseGenerated")
    if a is None:
        return None
    option = last_name(arguments(a.args)[0][0]) if arguments(a.args)[0] else None
    return option == "Identity" if option != "Computed" else None


def _composite_key(c: _Class) -> list[str]:
    a = _attr(c, "PrimaryKey")
    if a is None:
        return []
    return [s for part in arguments(a.args)[0] for s in [string_of(part)] if s]


def _type(items: list[Item]) -> _Type:
    """`ICollection<OrderLine>`, `int?`, `byte[]`, `System.Guid`, `Nullable<int>`."""
    base, args, nullable, array = type_parts(items)
    if base == "Nullable" and args:
        return _Type(args[-1], [], True, array)
    return _Type(base, args, nullable, array)


def _base_text(items: list[Item]) -> str:
    return "".join(x.text for x in items if isinstance(x, Tok))


def _generic_arg(base: str) -> str:
    return base.partition("<")[2].rstrip(">").split(".")[-1]


def _enum_values(body: Group | None) -> list[str]:
    if body is None:
        return []
    out = []
    for part in split(body.items):
        _, rest = _attributes(part)
        if rest and isinstance(rest[0], Tok) and rest[0].kind == "name":
            out.append(rest[0].text)
    return out


def _calls(items: list[Item]) -> list[tuple[str, Group | None, int]]:
    """`.A(x).B<T>().C(y)` -> [(A, (x)), (B, ()), (C, (y))]."""
    out: list[tuple[str, Group | None, int]] = []
    i = 0
    while i + 1 < len(items) and is_tok(items[i], "."):
        name = items[i + 1]
        if not isinstance(name, Tok) or name.kind != "name":
            break
        i += 2
        if i < len(items) and is_tok(items[i], "<"):
            while i < len(items) and not is_tok(items[i], ">"):
                i += 1
            i += 1
        args = items[i] if i < len(items) and is_group(items[i], "(") else None
        if args is not None:
            i += 1
        out.append((name.text, args if isinstance(args, Group) else None, name.line))
    return out


def _all_statements(body: Group) -> list[list[Item]]:
    return statements(body.items)


def _line(items: list[Item]) -> int | None:
    return items[0].line if items else None


def _literal(items: list[Item]) -> str | None:
    """A default's SQL: numbers, booleans, strings quoted; anything else (a C# expression) None."""
    if len(items) == 1 and isinstance(items[0], Tok):
        t = items[0]
        if t.kind == "num":
            return t.text.rstrip("LlUuDdFfMm")
        if t.text in ("true", "false"):
            return t.text
        if t.kind == "str":
            return "'" + (string_of(items) or "").replace("'", "''") + "'"
    if len(items) == 2 and is_tok(items[0], "-") and isinstance(items[1], Tok) and items[1].kind == "num":
        return "-" + items[1].text.rstrip("LlUuDdFfMm")
    return None


def _initial(items: list[Item], is_enum: bool) -> str | None:
    """A property initializer as the column's default: literals, and `Status.Pending` for an enum."""
    if not items or is_tok(items[0], "null") or is_tok(items[0], "default") or is_tok(items[0], "new"):
        return None
    if is_enum and len(items) == 3 and is_tok(items[1], "."):
        return last_name(items)
    if re.fullmatch(r"DateTime(Offset)?\.(UtcNow|Now)", "".join(x.text for x in items if isinstance(x, Tok))):
        return "now"
    if re.fullmatch(r"Guid\.NewGuid\(\)", show(items).replace(" ", "")):
        return "uuid4"
    value = _literal(items)
    return value[1:-1].replace("''", "'") if value and value.startswith("'") else value
