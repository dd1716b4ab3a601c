"""The design document (design.yaml), after the Database Modeling specification's "Primary Output".

Field order here is the key order of the YAML file. Additions beyond the specification
(`source`, `on_delete`, `server_default`, `foreign_keys`, `enums`, …) are documented in the JSON Schema
through the field descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from specgen.source import Location
from specgen.vocab.terms import Naming, NoteAction, OnAction


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _source(value: object) -> Location:
    if isinstance(value, Location):
        return Location(value.path, value.line) if value.col else value  # the design keeps path and line
    if isinstance(value, str):
        return Location.parse(value) or Location("", 0)
    raise ValueError("a source is written 'path:line'")


# Where a design object was written: a Location in memory, "path:line" in design.yaml (and its JSON Schema).
Source = Annotated[
    Location, PlainValidator(_source), PlainSerializer(str, return_type=str), WithJsonSchema({"type": "string"})
]

DefaultKind = Literal["literal", "generator", "expression"]
ColumnConstraint = Literal["primary_key", "unique", "not_null", "check", "foreign_key"]  # as design.yaml writes them
# What a column keeps: its key words are views of Entity.primary_key and Entity.foreign_keys (design/derived.py)
StoredConstraint = Literal["unique", "not_null", "check"]
RelationshipType = Literal["one_to_one", "one_to_many", "many_to_one", "many_to_many"]
RelationshipMode = Literal["linked", "back_populated", "computed"]
IdentityOption = Literal["start", "increment", "minvalue", "maxvalue", "cycle"]  # an identity's sequence options


class PrimaryKey(_Model):
    column_name: str = Field(description="First (or only) primary-key column.")
    columns: list[str] = Field(description="Every primary-key column, in key order.")
    type: str = Field(description="database_type of the key column (UUID, bigint, …).")
    auto_generate: bool = Field(description="The key fills itself (uuid4 default, serial or identity).")


_COMMENT = (
    "The database's comment (COMMENT ON, MySQL's COMMENT '…'), as the SQL states it: revisions set it (on PostgreSQL) "
    "and change it, models carry it (`comment=`). Descriptions written as prose are not comments."
)


class Column(_Model):
    name: str
    python_name: str
    database_type: str = Field(description="Type family: uuid, varchar, numeric, array, enum, …")
    sql_type: str = Field(description="Full type as specs write it: varchar(255), numeric(12,2), text[].")
    unmapped_type: str | None = Field(
        None,
        description="The type as the spec wrote it when specgen knows no such type; the column is kept as text.",
    )
    python_type: str
    nullable: bool
    default: Any = Field(None, description="Python-side default: a literal, or a generator name (uuid4, now).")
    default_kind: DefaultKind | None = None
    server_default: str | None = Field(None, description="SQL default expression the database applies.")
    onupdate: str | None = Field(None, description="Value set on every update (now).")
    constraints: list[StoredConstraint] = Field(default_factory=list)
    check_expression: str | None = None
    unique_name: str | None = Field(None, description="Name of the column's unique constraint (decided by design).")
    check_name: str | None = Field(None, description="Name of the column's check constraint (decided by design).")
    indexed: bool = False
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    item_type: str | None = Field(None, description="Element type of an array column.")
    enum: str | None = Field(None, description="Name of the enum (see database_schema.enums).")
    autoincrement: bool | None = None
    identity: Literal["always", "by default"] | None = Field(
        None, description="GENERATED ALWAYS|BY DEFAULT AS IDENTITY (sqlalchemy Identity); PostgreSQL only."
    )
    identity_options: dict[IdentityOption, int | bool] | None = Field(
        None, description="The identity's sequence options (START WITH, INCREMENT BY, MINVALUE, MAXVALUE, CYCLE)."
    )
    generated: str | None = Field(
        None, description="SQL expression of a stored generated column (GENERATED ALWAYS AS (…) STORED: Computed)."
    )
    domain: str | None = Field(
        None, description="The PostgreSQL domain the column is typed by (its base type is database_type)."
    )
    renamed_from: str | None = None
    description: str | None = None
    comment: str | None = Field(None, description=_COMMENT)
    source: Source | None = None


class WrittenColumn(_Model):
    """What design.yaml also writes on a column, computed from the entity's keys when dumping (design/derived.py)
    and accepted when loading: the JSON Schema describes a column with these fields."""

    constraints: list[ColumnConstraint] = Field(default_factory=list)
    references: str | None = Field(None, description="table.column this column's foreign key points at.")
    on_delete: OnAction | None = None
    on_update: OnAction | None = None


class JoinTableColumn(_Model):
    entity_column: str
    related_column: str


class Relationship(_Model):
    name: str = Field(description="Attribute name on this entity.")
    type: RelationshipType
    related_entity: str
    foreign_key_column: str | None = Field(None, description="FK column (on the child table).")
    back_populates: str | None = None
    cascade: str | None = Field(None, description="ORM cascade, e.g. 'all, delete-orphan'.")
    lazy: str = Field("select", description="Loading strategy: select, selectin, joined, subquery, raise, dynamic.")
    join_table: str | None = None
    join_table_columns: list[JoinTableColumn] = Field(default_factory=list)
    foreign_keys: list[str] = Field(default_factory=list, description="Disambiguates several FKs to one table.")
    remote_side: list[str] = Field(default_factory=list, description="Self-referential: the parent's key.")
    uselist: bool | None = None
    order_by: str | None = None
    passive_deletes: bool | Literal["all"] | None = Field(
        None,
        description="Leave children to the database's ON DELETE: true (CASCADE, SET NULL), or 'all' (RESTRICT, "
        "NO ACTION: the ORM must not set their key to NULL first either).",
    )
    viewonly: bool | None = None
    inferred: bool = Field(False, description="Derived from a foreign key; the spec did not state it.")
    source: Source | None = None


class ForeignKey(_Model):
    name: str | None = None
    columns: list[str]
    ref_table: str
    ref_columns: list[str]
    on_delete: OnAction | None = None
    on_update: OnAction | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    inferred: bool | None = Field(
        default=None,
        description="true when the spec implies this key (relationship prose, a naming convention) without stating it",
    )
    source: Source | None = None


ExcludeOperator = Annotated[str, StringConstraints(pattern=r"^[-+*/<>=~!@#%^&|`?]{1,63}$")]


class Constraint(_Model):
    type: Literal["unique", "check", "exclude"]
    columns: list[str] = Field(
        default_factory=list, description="Columns; of an exclusion constraint, its elements (columns or expressions)."
    )
    expression: str | None = None
    name: str | None = None
    deferrable: bool | None = Field(None, description="DEFERRABLE (unique and exclusion constraints).")
    initially_deferred: bool | None = Field(None, description="INITIALLY DEFERRED (with deferrable).")
    operators: list[ExcludeOperator] | None = Field(
        None, description="Exclusion constraint: the operator of each element of `columns` (=, &&)."
    )
    index_type: str | None = Field(
        None, pattern=r"^[a-z_][a-z0-9_]{0,62}$", description="Exclusion constraint: its index method (gist)."
    )
    condition: str | None = Field(None, description="Exclusion constraint: its WHERE predicate.")
    source: Source | None = None

    @model_validator(mode="after")
    def _one_operator_per_element(self) -> Constraint:
        if self.operators is not None and len(self.operators) != len(self.columns):
            raise ValueError(
                f"constraint {self.name or ''}: {len(self.columns)} elements, {len(self.operators)} operators"
            )
        return self


class ComputedField(_Model):
    name: str
    type: str
    expression: str


class FunctionalDependency(_Model):
    lhs: list[str]
    rhs: list[str]
    source: Source | None = None


class Entity(_Model):
    name: str
    table_name: str
    description: str | None = None
    comment: str | None = Field(None, description=_COMMENT)
    primary_key: PrimaryKey | None = None
    columns: list[Column] = Field(default_factory=list)  # an empty list is left out of design.yaml
    relationships: list[Relationship] = Field(default_factory=list)
    computed_fields: list[ComputedField] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    functional_dependencies: list[FunctionalDependency] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list, description="Generated extras: repr, to_dict.")
    renamed_from: str | None = None
    schema_name: str | None = Field(
        None, description="PostgreSQL schema of the table when the spec qualifies it with one other than public."
    )
    partition_by: str | None = Field(
        None, description="PostgreSQL partition key: RANGE (col), LIST (col), HASH (col) (postgresql_partition_by)."
    )
    inherits: list[str] | None = Field(None, description="Parent tables of INHERITS (postgresql_inherits).")
    # True or absent (not False): designs without it keep their hash and design.yaml
    unlogged: bool | None = Field(None, description="CREATE UNLOGGED TABLE: PostgreSQL writes no WAL for it.")
    forms: list[str] = Field(default_factory=list, description="Spec forms that described it: native, sql, python, …")
    source: Source | None = None

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    def key_columns(self) -> list[str]:
        """The primary key's columns, in key order (none: a keyless table)."""
        return self.primary_key.columns if self.primary_key else []


# Written unquoted into CREATE INDEX: an operator class is a (schema-qualified) name, an order one of the
# ORDER BY forms, a storage parameter a number or a word.
OpclassName = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$")
]
IndexOrder = Literal[
    "asc", "desc", "nulls first", "nulls last", "asc nulls first", "desc nulls last", "desc nulls first"
]
IndexParameter = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]{1,63}$")]
ParameterName = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]{0,62}$")]


class Index(_Model):
    table_name: str
    columns: list[str] = Field(description="Column names, or SQL expressions for expression indexes.")
    index_name: str
    index_type: str = Field(
        "btree",
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="Access method: btree, hash, gin, gist, spgist, brin, or one an extension adds (hnsw, ivfflat).",
    )
    unique: bool = False
    condition: str | None = Field(None, description="WHERE clause of a partial index.")
    opclasses: dict[str, OpclassName] | None = Field(
        None, description="Operator class of an element of `columns` (gin_trgm_ops, vector_cosine_ops), by element."
    )
    orders: dict[str, IndexOrder] | None = Field(
        None, description="Sort order of an element of `columns` where it is not ascending nulls last, by element."
    )
    include: list[str] | None = Field(None, description="INCLUDE columns of a covering index (PostgreSQL).")
    parameters: dict[ParameterName, IndexParameter] | None = Field(
        None, description="WITH (…) storage parameters of the index (hnsw m, ef_construction; fillfactor; lists)."
    )
    source: Source | None = None

    @model_validator(mode="after")
    def _elements_known(self) -> Index:
        for field in (self.opclasses, self.orders):
            for key in field or {}:
                if key not in self.columns:
                    raise ValueError(f"index {self.index_name}: {key!r} is not one of its columns {self.columns}")
        return self

    def details(self) -> tuple[object, ...]:
        """The PostgreSQL details, comparable: an index whose details change is a different index."""
        return tuple(
            tuple(sorted((v or {}).items())) if isinstance(v, dict) or v is None else tuple(v)
            for v in (self.opclasses, self.orders, self.include, self.parameters)
        )


class Enum(_Model):
    name: str
    values: list[str]
    schema_name: str | None = Field(None, description="PostgreSQL schema of the type when not public.")
    source: Source | None = None


class Extension(_Model):
    """A PostgreSQL extension the schema needs (`CREATE EXTENSION`)."""

    name: str
    in_schema: str | None = Field(None, description="WITH SCHEMA of CREATE EXTENSION, when stated.")
    implied_by: list[str] = Field(
        default_factory=list,
        description="What needs it when no spec declares it: a column type, an operator class, an index method.",
    )
    source: Source | None = None


_SEARCH_PATH = (
    "The `SET search_path` the spec wrote it under, where its first schema is not public: revisions create and "
    "drop it under the same path, so that its unqualified names mean what they meant there."
)


class View(_Model):
    """A view or materialized view, kept as its SQL. Revisions create it after the tables it reads (and the views
    it reads), drop it before them, and recreate it when its SQL or a table it reads changes. Models leave views
    out (they are not tables an ORM writes to)."""

    name: str
    materialized: bool = False
    definition: str = Field(description="The CREATE [MATERIALIZED] VIEW statement as the spec writes it.")
    depends_on: list[str] = Field(default_factory=list, description="Tables and views its query reads.")
    indexes: list[str] = Field(
        default_factory=list, description="CREATE INDEX statements on a materialized view, as written."
    )
    search_path: str | None = Field(None, description=_SEARCH_PATH)
    source: Source | None = None


class SqlObject(_Model):
    """A function, procedure, aggregate, operator, cast, composite type, trigger, rule or policy, kept as its SQL.
    `before` objects are created before the tables (defaults, checks and views may use them), `after` ones after
    the tables and views; a changed text drops and recreates it."""

    kind: str
    name: str
    definition: str
    phase: Literal["before", "tables", "after"] = Field(
        "before", description="before the tables; after the tables (row types) but before views; after the views."
    )
    table: str | None = Field(None, description="The table of a trigger, rule or policy.")
    drop: str | None = Field(None, description="The statement that undoes it (downgrades); none for operators.")
    search_path: str | None = Field(None, description=_SEARCH_PATH)
    source: Source | None = None


class BreakingChange(_Model):
    change_type: Literal[
        "column_drop",
        "column_rename",
        "table_drop",
        "table_rename",
        "constraint_change",
        "type_change",
        "nullability_change",
        "enum_change",
        "index_change",
        "primary_key_change",
    ]
    table: str
    affected_columns: list[str] = Field(default_factory=list)
    data_migration_required: bool = False
    migration_script_path: str | None = None
    allowed: bool = Field(False, description="Safe as planned, or Migration notes acknowledge the change.")
    hint: str | None = Field(None, description="What to write in the spec to resolve or acknowledge the change.")
    source: Source | None = Field(None, description="Spec line the change comes from (path:line).")


class RollbackPlan(_Model):
    reversible: bool = True
    rollback_steps: list[str] = Field(default_factory=list)


class MigrationPlan(_Model):
    is_new_schema: bool = True
    base_revision: str | None = None
    breaking_changes: list[BreakingChange] = Field(default_factory=list)
    new_entities: list[str] = Field(default_factory=list)
    modified_entities: list[str] = Field(default_factory=list)
    dropped_entities: list[str] = Field(default_factory=list)
    dependencies: list[str] = Field(default_factory=list, description="Migration steps in order.")
    rollback_plan: RollbackPlan = Field(default_factory=RollbackPlan)


class MigrationNote(_Model):
    action: NoteAction
    table: str
    column: str | None = None
    new_name: str | None = None
    source: Source | None = None


class PerformanceConsiderations(_Model):
    estimated_row_counts: dict[str, int] = Field(default_factory=dict)
    query_optimization_notes: list[str] = Field(default_factory=list)
    indexing_strategy: str = ""
    denormalization_recommendations: list[str] = Field(default_factory=list)


class RelationshipConfig(_Model):
    entity: str
    relationship: str
    mode: RelationshipMode


class SqlModelConfig(_Model):
    table_args: list[str] = Field(default_factory=list)
    relationship_config: list[RelationshipConfig] = Field(default_factory=list)
    validation_rules: list[str] = Field(default_factory=list)


class Suppression(_Model):
    codes: list[str]
    file: str
    first_line: int | None = Field(None, description="None: the whole file.")
    last_line: int | None = None


@dataclass(frozen=True, slots=True)
class Stated:
    """A value one spec form states for a fact, and where: `value @ path:line` in design.yaml."""

    value: str
    loc: Location

    def __str__(self) -> str:
        return f"{self.value} @ {self.loc}" if self.loc.path else self.value


def _stated(value: object) -> Stated:
    if isinstance(value, Stated):
        return value
    if isinstance(value, str):
        text, _, where = value.rpartition(" @ ")
        loc = Location.parse(where) if text else None
        return Stated(text, loc) if loc else Stated(value, Location("", 0))
    raise ValueError("a conflicting value is written 'value @ path:line'")


StatedValue = Annotated[
    Stated, PlainValidator(_stated), PlainSerializer(str, return_type=str), WithJsonSchema({"type": "string"})
]


class Conflict(_Model):
    """Two spec forms disagree about one fact of one table."""

    entity: str
    column: str | None = None
    fact: str
    values: list[StatedValue] = Field(description="Each value as 'value @ path:line'.")
    sources: list[Source] = Field(default_factory=list)


class Meta(_Model):
    spec_file: str = Field(description="The specs root (or the single spec file) the design was made from.")
    spec_files: list[str] = Field(default_factory=list)
    version: str | None = None
    previous_version: str | None = None
    generator: str = "specgen"
    dialects: list[str] = Field(default_factory=lambda: ["postgresql", "sqlite"])
    naming: Naming = "snake_case"
    design_hash: str | None = Field(None, description="sha256 of the schema part of this design.")


class DatabaseSchema(_Model):
    meta: Meta
    entities: list[Entity] = Field(default_factory=list)
    enums: list[Enum] = Field(default_factory=list)
    extensions: list[Extension] = Field(
        default_factory=list, description="PostgreSQL extensions: created first, dropped last."
    )
    indexes: list[Index] = Field(default_factory=list)
    views: list[View] = Field(default_factory=list, description="Views and materialized views, in dependency order.")
    sql_objects: list[SqlObject] = Field(
        default_factory=list, description="Functions, triggers, rules, … kept verbatim, in spec order."
    )
    migration_plan: MigrationPlan = Field(default_factory=MigrationPlan)
    migration_notes: list[MigrationNote] = Field(default_factory=list)
    performance_considerations: PerformanceConsiderations = Field(default_factory=PerformanceConsiderations)
    sqlmodel_config: SqlModelConfig = Field(default_factory=SqlModelConfig)
    conflicts: list[Conflict] = Field(default_factory=list)
    suppressions: list[Suppression] = Field(default_factory=list)

    def entity(self, name: str) -> Entity | None:
        """Look an entity up by entity name or by table name."""
        for e in self.entities:
            if e.name == name or e.table_name == name:
                return e
        return None

    def indexes_of(self, table: str) -> list[Index]:
        return [i for i in self.indexes if i.table_name == table]


class Design(_Model):
    database_schema: DatabaseSchema


def json_schema() -> dict[str, Any]:
    schema = Design.model_json_schema()
    schema["$defs"]["Column"]["properties"].update(WrittenColumn.model_json_schema()["properties"])
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "specgen design document"
    return schema
