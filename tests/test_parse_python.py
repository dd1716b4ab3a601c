"""The ```python reader: SQLAlchemy 2.0, classic Column, SQLModel, fragments; never executed; exact lines."""

from __future__ import annotations

from specgen.parse import parse_text
from specgen.parse.ir import EntityIR, SpecFile


def read(code: str) -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the code's first line is line 4.
    return parse_text("p.md", f"# T\n\n```python\n{code}\n```\n")


def entity(spec: SpecFile, name: str) -> EntityIR:
    return next(e for e in spec.entities if e.name == name and not e.partial)


DECLARATIVE = '''\
class Base(DeclarativeBase):
    pass


class Project(Base):
    """A project."""

    __tablename__ = "projects"
    __table_args__ = (
        Index("ix_projects_name_status", "name", "status", unique=True, postgresql_where=text("status <> 'x'")),
        UniqueConstraint("name", "owner", name="uq_projects_name_owner"),
        CheckConstraint("length(name) > 0", name="ck_projects_name"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120), index=True)
    owner: Mapped[Optional[str]]
    status: Mapped[str] = mapped_column(Enum("new", "done", name="project_status"), default="new")
    budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=datetime.utcnow, onupdate=func.now())
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(20)), default=list)
    old_name: Mapped[str | None] = mapped_column(Text, info={"renamed_from": "legacy"})

    tasks: Mapped[list["Task"]] = relationship(back_populates="project", cascade="all, delete-orphan", lazy="selectin")


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))

    project: Mapped["Project"] = relationship(back_populates="tasks")
    parent: Mapped[Optional["Task"]] = relationship(remote_side=[id])
'''


def test_declarative_columns_types_defaults_and_lines() -> None:
    spec = read(DECLARATIVE)
    p = entity(spec, "Project")
    assert (p.table, p.form, p.loc.line, p.description, p.partial) == ("projects", "python", 8, "A project.", False)
    cols = {c.name: c for c in p.columns}
    assert [c.name for c in p.columns] == [
        "id",
        "name",
        "owner",
        "status",
        "budget",
        "created_at",
        "updated_at",
        "tags",
        "old_name",
    ]
    assert [c.loc.line for c in p.columns] == list(range(18, 27))
    assert (cols["id"].type, cols["id"].primary_key, cols["id"].default, cols["id"].nullable) == (
        "uuid",
        True,
        "uuid4",
        False,
    )
    assert (cols["name"].type, cols["name"].index, cols["name"].nullable) == ("varchar(120)", True, False)
    assert (cols["owner"].type, cols["owner"].nullable) == ("varchar", True)
    assert (cols["status"].type, cols["status"].default) == ("project_status", "'new'")
    assert [(e.name, e.values, e.loc.line) for e in spec.enums] == [("project_status", ["new", "done"], 21)]
    assert (cols["budget"].type, cols["budget"].nullable, cols["budget"].server_default) == ("numeric(12,2)", True, "0")
    assert (cols["created_at"].type, cols["created_at"].server_default) == ("timestamptz", "CURRENT_TIMESTAMP")
    assert (cols["updated_at"].default, cols["updated_at"].on_update) == ("now", "now")
    assert (cols["tags"].type, cols["tags"].default) == ("varchar(20)[]", "list")
    assert cols["old_name"].renamed_from == "legacy"
    (ix,) = p.indexes
    assert (ix.name, ix.columns, ix.unique, ix.where, ix.loc.line) == (
        "ix_projects_name_status",
        ["name", "status"],
        True,
        "status <> 'x'",
        13,
    )
    assert [(k.kind, k.name, k.columns, k.expression, k.loc.line) for k in p.constraints] == [
        ("unique", "uq_projects_name_owner", ["name", "owner"], None, 14),
        ("check", "ck_projects_name", [], "length(name) > 0", 15),
    ]
    (rel,) = p.relationships
    assert (rel.name, rel.target, rel.back_populates, rel.cascade, rel.lazy, rel.loc.line) == (
        "tasks",
        "Task",
        "project",
        "all, delete-orphan",
        "selectin",
        28,
    )


def test_foreign_keys_take_the_referenced_type_and_self_reference() -> None:
    spec = read(DECLARATIVE)
    t = entity(spec, "Task")
    cols = {c.name: c for c in t.columns}
    fk = cols["project_id"].fk
    assert (fk.ref_table, fk.ref_columns, fk.on_delete, fk.loc.line) == ("projects", ["id"], "CASCADE", 35)
    # SQLAlchemy takes the type of the referenced key: the reader marks it, the merge gives it (design work, once)
    assert cols["project_id"].type_from_reference and cols["parent_id"].fk.on_delete == "SET NULL"
    from specgen.design.build import build_design
    from specgen.parse.ir import SpecIR

    designed = {e.name: e for e in build_design(SpecIR([spec])).design.database_schema.entities}["Task"]
    types = {c.name: c.database_type for c in designed.columns}
    assert (types["project_id"], types["parent_id"]) == ("uuid", "integer")
    rels = {r.name: r for r in t.relationships}
    assert rels["parent"].remote_side == ["id"] and rels["parent"].uselist is False
    assert [d for d in spec.diagnostics if d.severity != "info"] == []


def test_classic_columns_and_sqlmodel() -> None:
    spec = read(
        "class Author(Base):\n"  # 4
        "    __tablename__ = 'authors'\n"
        "    id = Column(Integer, primary_key=True)\n"  # 6
        "    email = Column(String(200), unique=True, nullable=False)\n"  # 7
        "    books = relationship('Book', secondary='author_books', back_populates='authors')\n"  # 8
        "\n"
        "class HeroBase(SQLModel):\n"  # 10
        "    name: str\n"
        "\n"
        "class Hero(SQLModel, table=True):\n"  # 13
        "    id: int | None = Field(default=None, primary_key=True)\n"  # 14
        "    name: str = Field(max_length=50, index=True)\n"  # 15
        "    age: int | None = None\n"  # 16
        "    team_id: int | None = Field(default=None, foreign_key='team.id', ondelete='SET NULL')\n"  # 17
        "    team: Optional['Team'] = Relationship(back_populates='heroes')\n"  # 18
    )
    a = entity(spec, "Author")
    cols = {c.name: c for c in a.columns}
    assert (cols["id"].type, cols["id"].primary_key, cols["id"].nullable) == ("integer", True, None)
    assert (cols["email"].type, cols["email"].unique, cols["email"].nullable, cols["email"].loc.line) == (
        "varchar(200)",
        True,
        False,
        7,
    )
    (books,) = a.relationships
    assert (books.target, books.through, books.kind, books.loc.line) == ("Book", "author_books", "many_to_many", 8)
    assert [e.name for e in spec.entities] == ["Author", "Hero"]  # HeroBase is no table
    h = entity(spec, "Hero")
    assert h.table == "hero"
    hc = {c.name: c for c in h.columns}
    assert (hc["id"].primary_key, hc["id"].nullable, hc["id"].default) == (True, False, None)
    assert (hc["name"].type, hc["name"].index, hc["name"].nullable) == ("varchar(50)", True, False)
    assert (hc["age"].type, hc["age"].nullable) == ("integer", True)
    fk = hc["team_id"].fk
    assert (fk.ref_table, fk.ref_columns, fk.on_delete, fk.loc.line) == ("team", ["id"], "SET NULL", 17)
    assert [(r.name, r.target, r.back_populates) for r in h.relationships] == [("team", "Team", "heroes")]


def test_enums_type_decorators_and_fragments() -> None:
    spec = read(
        "class Color(str, enum.Enum):\n"  # 4
        "    RED = 'red'\n"
        "    BLUE = 'blue'\n"
        "\n"
        "class SizeEnum:\n"  # 8
        "    SMALL = 'small'\n"
        "    LARGE = 'large'\n"
        "\n"
        "class JSONType(TypeDecorator):\n"
        "    impl = JSON\n"
        "    def load_dialect_impl(self, dialect):\n"
        "        return dialect.type_descriptor(JSONB)\n"
        "\n"
        "class Skill(Base):\n"  # 17
        "    capabilities: Mapped[list['Capability']] = relationship(...)\n"  # 18
        "\n"
        "class Capability(Base):\n"  # 20
        "    skill_id: Mapped[int] = mapped_column(ForeignKey('skills.skill_id'))\n"
        "    color: Mapped[Color]\n"
        "    size: Mapped[str] = mapped_column(Enum(SizeEnum))\n"
        "    data: Mapped[dict] = mapped_column(JSONType())\n"
        "    test_criteria: Mapped[str | None]\n"  # 25
        "    weird: Mapped[str] = mapped_column(Frobnicate(3))\n"  # 26
    )
    assert [(e.name, e.values, e.loc.line) for e in spec.enums] == [
        ("Color", ["red", "blue"], 4),
        ("SizeEnum", ["small", "large"], 8),
    ]
    skill = next(e for e in spec.entities if e.name == "Skill")
    assert skill.partial and skill.columns == [] and skill.relationships[0].target == "Capability"
    assert skill.relationships[0].loc.line == 18
    cap = entity(spec, "Capability")
    cols = {c.name: c for c in cap.columns}
    assert cap.table is None  # derived by the builder (capabilities)
    assert (cols["color"].type, cols["size"].type, cols["data"].type) == ("Color", "SizeEnum", "jsonb")
    assert (cols["test_criteria"].type, cols["test_criteria"].nullable) == ("varchar", True)
    assert cols["weird"].type == "varchar"
    warnings = [(d.loc.line, d.message) for d in spec.diagnostics if d.severity == "warning"]
    assert warnings == [(26, "column 'weird': type 'Frobnicate(3)' is not known; the annotation's type is used")]


def test_module_level_indexes_and_checks_find_their_table() -> None:
    spec = read(
        "class Skill(Base):\n"
        "    __tablename__ = 'skills'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    skill_path: Mapped[str]\n"
        "\n"
        "class SkillDependency(Base):\n"
        "    dependent_id: Mapped[int] = mapped_column(ForeignKey('skills.id'), primary_key=True)\n"
        "\n"
        "# Skills\n"  # 12
        "Index('idx_skills_path', 'skill_path')\n"  # 13
        "CheckConstraint(\"skill_path ~ '^[a-z]+$'\", name='skill_path_format')\n"  # 14
        "# Dependencies\n"
        "Index('idx_dependencies_dependent', 'dependent_id')\n"  # 16
        "Index('idx_nowhere', 'no_such_column')\n"  # 17
    )
    skill = entity(spec, "Skill")
    assert [(i.name, i.loc.line) for i in skill.indexes] == [("idx_skills_path", 13)]
    assert [(k.name, k.loc.line) for k in skill.constraints] == [("skill_path_format", 14)]
    dep = entity(spec, "SkillDependency")
    assert [i.name for i in dep.indexes] == ["idx_dependencies_dependent"]
    assert [(d.loc.line, d.severity) for d in spec.diagnostics if "idx_nowhere" in d.message] == [(17, "warning")]


def test_syntax_errors_skip_only_the_broken_part() -> None:
    spec = read(
        "class A(Base):\n"  # 4
        "    __tablename__ = 'a'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "\n"
        "this line is not Python (\n"  # 8
        "\n"
        "class B(Base):\n"
        "    __tablename__ = 'b'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
    )
    assert [e.name for e in spec.entities] == ["A", "B"]
    assert [(d.loc.line, d.severity) for d in spec.diagnostics] == [(8, "warning")]


def test_pydantic_schemas_and_plain_classes_are_not_tables() -> None:
    spec = read(
        "class UserCreate(UserBase):\n"
        "    name: str\n"
        "    email: str | None = None\n"
        "\n"
        "class User(Base):\n"  # 8
        "    __tablename__ = 'users'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    nickname: str = 'x'\n"  # 11: not Mapped, not a column
        "\n"
        "class Hero(HeroBase, table=True):\n"  # 13
        "    id: int | None = Field(default=None, primary_key=True)\n"
    )
    assert [(e.name, [c.name for c in e.columns]) for e in spec.entities] == [("User", ["id"]), ("Hero", ["id"])]
    assert spec.entities[1].table == "hero"


def test_mixins_and_sqlmodel_base_classes_lend_their_columns() -> None:
    spec = read(
        "class TimestampMixin:\n"  # 4
        "    created_at: Mapped[datetime] = mapped_column(server_default=func.now())\n"  # 5
        "\n"
        "class Account(TimestampMixin, Base):\n"  # 7
        "    __tablename__ = 'accounts'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"  # 9
        "\n"
        "class HeroBase(SQLModel):\n"  # 11
        "    name: str = Field(index=True)\n"  # 12
        "    age: int | None = None\n"
        "\n"
        "class Hero(HeroBase, table=True):\n"  # 15
        "    id: int | None = Field(default=None, primary_key=True)\n"  # 16
        "\n"
        "class HeroPublic(HeroBase):\n"  # 18
        "    id: int\n"
    )
    assert [e.name for e in spec.entities] == ["Account", "Hero"]
    account, hero = spec.entities
    assert [(c.name, c.loc.line) for c in account.columns] == [("created_at", 5), ("id", 9)]
    assert account.columns[0].server_default == "CURRENT_TIMESTAMP"
    assert [(c.name, c.nullable, c.loc.line) for c in hero.columns] == [
        ("name", False, 12),
        ("age", True, 13),
        ("id", False, 16),
    ]
    assert hero.table == "hero"


def test_a_default_python_computes_keeps_its_column_and_says_the_default_is_dropped() -> None:
    spec = read(
        "from datetime import date, datetime\nfrom sqlmodel import Field, SQLModel\n\n"
        "class Policy(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        "    opened_on: date | None = datetime.now().date()\n"
        "    rate: float = 0.5\n"
        "    note: str | None = None\n"
    )
    policy = entity(spec, "Policy")
    assert [c.name for c in policy.columns] == ["id", "opened_on", "rate", "note"]
    assert [c.default for c in policy.columns] == [None, None, "0.5", None]
    assert [d.message for d in spec.diagnostics if "opened_on" in d.message] == [
        "column 'opened_on': default datetime.now().date() is not carried over: the column gets no default (defaults"
        " the models keep: constants, uuid4, uuid1, now, utcnow, today, dict, list; or state a server_default in SQL)"
    ]
