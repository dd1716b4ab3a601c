"""SpecIR: what the readers found in the spec files, before any design decision.

Every reader (native Markdown, SQL, Python, Mermaid, YAML) produces these same values. A reader is a
function from its input (a document, a fence) and a read-only `ReadContext` (what earlier readers of the
same file found) to a `Fragment` (what it found); `parse.parse_text` folds the fragments into the file's
`SpecFile`, in document order.
Facts the spec does not state stay `None`, so that merging can tell "unstated" from "false".
Types are kept as text in the vocabulary of `vocab/types.py` (`varchar(255)`, `text[]`,
`enum(a, b)`, or a declared enum's name): one type parser serves every reader.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from specgen.errors import Diagnostic
from specgen.source import Location
from specgen.vocab.terms import ConstraintKind, NoteAction, OnAction

# How each reader names itself in `EntityIR.form`.
FORMS = (
    "native", "markdown", "sql", "python", "mermaid", "yaml", "dbml", "prisma", "django", "drizzle", "typeorm",
    "csharp", "jpa",
    "overview",
)  # fmt: skip


@dataclass
class ForeignKeyIR:
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    loc: Location
    on_delete: OnAction | None = None
    on_update: OnAction | None = None
    name: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    # Entity name instead of a table name (ORM readers know the class, not always the table).
    ref_is_entity: bool = False
    # Not stated: concluded from relationship prose or a naming convention (`user_id` beside `User 1:N Post`).
    inferred: bool = False


@dataclass
class ColumnIR:
    name: str
    loc: Location
    type: str | None = None
    nullable: bool | None = None
    default: str | None = None  # as written: `now`, `uuid4`, `0`, `'contains'`, `nextval('s')`
    server_default: str | None = None  # SQL text, when the spec says it is the database's default
    primary_key: bool = False
    unique: bool = False
    index: bool = False
    fk: ForeignKeyIR | None = None
    check: str | None = None
    on_update: str | None = None
    renamed_from: str | None = None
    description: str | None = None
    comment: str | None = None  # the database's comment (COMMENT ON COLUMN, MySQL's COMMENT '…'); also the description
    autoincrement: bool | None = None
    python_name: str | None = None  # attribute name where the ORM class names it differently
    type_loc: Location | None = None
    # The type is a guess (an ORM annotation beside a ForeignKey): merge gives it the referenced key's type.
    type_from_reference: bool = False
    written_type: str | None = None  # the type as the spec wrote it (conventional Markdown), for --explain
    unmapped_type: str | None = None  # the written type when no known type matches it (the reader warned): text
    words: list[str] = field(default_factory=list)  # constraint words recognised, for --explain
    fk_marked: bool = False  # marked FK (`FK`, `FOREIGN KEY`) with or without a target
    identity: str | None = None  # "always" | "by default": GENERATED … AS IDENTITY
    identity_options: dict[str, int | bool] | None = None  # (START WITH 100 INCREMENT BY 5 …): start, increment, …
    generated: str | None = None  # SQL of GENERATED ALWAYS AS (…) STORED
    sequence: str | None = None  # the sequence of a nextval('…') default (lower case, no schema)
    domain: str | None = None  # the PostgreSQL domain that types the column (type holds its base type)
    type_sql: bool = False  # the type is SQL a database accepted (```sql): kept verbatim when specgen does not know it


@dataclass
class RelationshipIR:
    name: str
    target: str  # entity name (or table name; the builder resolves both)
    loc: Location
    kind: str | None = None  # one_to_many | many_to_one | one_to_one | many_to_many
    back_populates: str | None = None
    cascade: str | None = None
    lazy: str | None = None
    through: str | None = None  # join table for many-to-many
    foreign_keys: list[str] = field(default_factory=list)
    remote_side: list[str] = field(default_factory=list)
    uselist: bool | None = None
    order_by: str | None = None
    passive_deletes: bool | Literal["all"] | None = None
    viewonly: bool | None = None


@dataclass
class IndexIR:
    columns: list[str]  # column names, or expressions kept as SQL text
    loc: Location
    name: str | None = None
    table: str | None = None  # set by readers of standalone statements (CREATE INDEX … ON t)
    method: str | None = None  # btree | gin | gist | brin | hash
    unique: bool = False
    where: str | None = None
    # PostgreSQL details, keyed by the element of `columns` they qualify
    opclasses: dict[str, str] = field(default_factory=dict)  # operator class (gin_trgm_ops)
    orders: dict[str, str] = field(default_factory=dict)  # desc | nulls first | desc nulls last | …
    include: list[str] = field(default_factory=list)  # INCLUDE (…) columns
    parameters: dict[str, str] = field(default_factory=dict)  # WITH (…) storage parameters


@dataclass
class ConstraintIR:
    kind: ConstraintKind
    loc: Location
    name: str | None = None
    columns: list[str] = field(default_factory=list)  # exclude: the elements (columns or expressions)
    expression: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    operators: list[str] = field(default_factory=list)  # exclude: the operator of each element (=, &&)
    using: str | None = None  # exclude: the index method
    where: str | None = None  # exclude: WHERE (…)


@dataclass
class FunctionalDependencyIR:
    lhs: list[str]
    rhs: list[str]
    loc: Location


@dataclass
class EntityIR:
    loc: Location
    form: str
    name: str | None = None  # entity/class name
    table: str | None = None  # table name when stated
    description: str | None = None
    comment: str | None = None  # the database's comment (COMMENT ON TABLE); also the description
    options: dict[str, Any] = field(default_factory=dict)
    columns: list[ColumnIR] = field(default_factory=list)
    relationships: list[RelationshipIR] = field(default_factory=list)
    indexes: list[IndexIR] = field(default_factory=list)
    constraints: list[ConstraintIR] = field(default_factory=list)
    foreign_keys: list[ForeignKeyIR] = field(default_factory=list)
    functional_dependencies: list[FunctionalDependencyIR] = field(default_factory=list)
    renamed_from: str | None = None
    # A partial definition (ALTER TABLE, a relationship-only class) adds to an entity defined elsewhere.
    partial: bool = False


@dataclass
class EnumIR:
    name: str
    values: list[str]
    loc: Location
    form: str = "native"
    schema: str | None = None  # PostgreSQL schema other than public (qualified, or by SET search_path)


@dataclass
class ExtensionIR:
    name: str
    loc: Location
    schema: str | None = None


@dataclass
class ViewIR:
    """CREATE [MATERIALIZED] VIEW, kept as written, with the CREATE INDEX statements on it."""

    name: str
    sql: str
    loc: Location
    materialized: bool = False
    depends_on: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    search_path: str | None = None  # SET search_path in effect where it was read (None: the default)


@dataclass
class SqlObjectIR:
    """A function, trigger, rule, … kept verbatim."""

    kind: str
    name: str
    sql: str
    loc: Location
    phase: str = "before"  # before | after the tables
    table: str | None = None
    drop: str | None = None
    search_path: str | None = None  # SET search_path in effect where it was read (None: the default)


@dataclass
class MigrationNoteIR:
    """`allow drop column t.c`, `allow drop table t`, `rename column t.a -> t.b`, `rename table a -> b`,
    `allow narrowing t.c`, `allow data loss t.c`."""

    action: NoteAction
    loc: Location
    table: str
    column: str | None = None
    new_name: str | None = None


@dataclass(frozen=True)
class RelationshipProse:
    """`User 1:N Post`: parent, child (entity or table names as written), kind, join table."""

    parent: str
    child: str
    kind: str  # one_to_many | one_to_one | many_to_many
    loc: Location
    via: str | None = None
    on_delete: OnAction | None = None


@dataclass(frozen=True)
class Skipped:
    """Something that looked like schema but was not read, and why (`design --explain`)."""

    loc: Location
    what: str  # table | list | row | item | section | block
    why: str


class SkippedList(list[Skipped]):
    def append_reason(self, loc: Location, what: str, why: str) -> None:
        self.append(Skipped(loc, what, why))


@dataclass
class Suppression:
    codes: list[str]
    path: str
    first_line: int | None = None  # None: the whole file
    last_line: int | None = None


# A Python base class or mixin (name -> (the columns holder, is a SQLModel base)): a document often shows
# `class UserBase(SQLModel)` in one ```python block and `class User(UserBase, table=True)` in the next.
PythonBases = Mapping[str, tuple[EntityIR, bool]]


@dataclass(frozen=True)
class ReadContext:
    """What the earlier readers of a file found, as a reader may consult it: read only (a reader that completes
    one of these entities revises its own copy, `Fragment.revise`)."""

    path: str
    entities: tuple[EntityIR, ...] = ()
    enums: tuple[EnumIR, ...] = ()
    views: tuple[ViewIR, ...] = ()
    python_bases: PythonBases = field(default_factory=lambda: MappingProxyType({}))


# The lists a Fragment and a SpecFile both hold, in the order `parse.fold` appends them.
PARTS = (
    "entities", "enums", "indexes", "foreign_keys", "notes", "suppressions", "diagnostics", "relationship_prose",
    "skipped", "extensions", "views", "sql_objects",
)  # fmt: skip


@dataclass
class Fragment:
    """What one reader found (the parts of a SpecFile), and what it carries forward: its revisions of entities
    earlier readers of the file produced (index in `ReadContext.entities` -> the completed copy that takes the
    original's place) and the Python bases it knows. `parse.fold` adds it to the file's SpecFile."""

    path: str
    entities: list[EntityIR] = field(default_factory=list)
    enums: list[EnumIR] = field(default_factory=list)
    indexes: list[IndexIR] = field(default_factory=list)
    foreign_keys: list[tuple[str, ForeignKeyIR]] = field(default_factory=list)
    notes: list[MigrationNoteIR] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    relationship_prose: list[RelationshipProse] = field(default_factory=list)
    skipped: SkippedList = field(default_factory=SkippedList)
    extensions: list[ExtensionIR] = field(default_factory=list)
    views: list[ViewIR] = field(default_factory=list)
    sql_objects: list[SqlObjectIR] = field(default_factory=list)
    revisions: dict[int, EntityIR] = field(default_factory=dict)
    revised_views: dict[int, ViewIR] = field(default_factory=dict)  # the same, for `ReadContext.views`
    python_bases: dict[str, tuple[EntityIR, bool]] = field(default_factory=dict)

    def take(self, part: Fragment) -> None:
        """Add what a helper of this reader found (a part with no revisions) to this reader's fragment."""
        for name in PARTS:
            getattr(self, name).extend(getattr(part, name))

    def revise(self, context: ReadContext, index: int) -> EntityIR:
        """This reader's own copy of the earlier entity `context.entities[index]`, to complete (made once)."""
        if index not in self.revisions:
            self.revisions[index] = copy.deepcopy(context.entities[index])
        return self.revisions[index]

    def revise_view(self, context: ReadContext, index: int) -> ViewIR:
        """This reader's own copy of the earlier view `context.views[index]`, to complete (made once)."""
        if index not in self.revised_views:
            self.revised_views[index] = copy.deepcopy(context.views[index])
        return self.revised_views[index]

    def earlier(self, context: ReadContext) -> list[EntityIR]:
        """The earlier readers' entities as this reader sees them: with its revisions in their places."""
        if not self.revisions:
            return list(context.entities)
        return [self.revisions.get(i, e) for i, e in enumerate(context.entities)]

    def all_entities(self, context: ReadContext) -> list[EntityIR]:
        """The file's entities so far, as this reader sees them: the earlier ones (revised), then its own."""
        return [*self.earlier(context), *self.entities]


@dataclass
class SpecFile:
    path: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    entities: list[EntityIR] = field(default_factory=list)
    enums: list[EnumIR] = field(default_factory=list)
    indexes: list[IndexIR] = field(default_factory=list)  # standalone, with `table` set
    foreign_keys: list[tuple[str, ForeignKeyIR]] = field(default_factory=list)  # (table, fk) from ALTER TABLE
    notes: list[MigrationNoteIR] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    relationship_prose: list[RelationshipProse] = field(default_factory=list)
    # Python base classes and mixins seen so far in the file (name -> (holder, is a SQLModel base)).
    python_bases: dict[str, Any] = field(default_factory=dict)
    skipped: SkippedList = field(default_factory=SkippedList)
    extensions: list[ExtensionIR] = field(default_factory=list)  # CREATE EXTENSION
    views: list[ViewIR] = field(default_factory=list)  # CREATE [MATERIALIZED] VIEW
    sql_objects: list[SqlObjectIR] = field(default_factory=list)  # functions, triggers, rules, …


@dataclass
class SpecIR:
    files: list[SpecFile] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # about the inputs as a whole (an empty folder)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [*self.notes, *(d for f in self.files for d in f.diagnostics)]
