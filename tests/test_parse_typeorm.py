"""The TypeORM / MikroORM reader: decorated entity classes in ```typescript and ```ts blocks, read as text.

Each construct is checked in the design `specgen design FILE -o design.yaml` writes; lines, diagnostics and
the dispatch between Drizzle, TypeORM and pseudo-code sketches on the reader's values; and one spec goes the
user's whole way: design, validate, render sqlmodel and alembic, `alembic upgrade head` on SQLite, and the
tables, foreign keys (the join table's too) and defaults are in the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic_helpers import migrated_on_sqlite

from specgen.parse import parse_text
from specgen.parse.ir import SpecFile
from specgen.parse.typeorm import looks_like_typeorm

TYPEORM = """\
import { Entity, Column, PrimaryGeneratedColumn, ManyToOne, OneToMany, ManyToMany, JoinColumn, JoinTable } from 'typeorm';

export enum UserRole { ADMIN = 'admin', MEMBER = 'member' }

@Entity('tenants')
export class Tenant {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ length: 120 }) name: string;
  @OneToMany(() => User, (user) => user.tenant) users: User[];
}

@Entity()
export class AccessRole {
  @PrimaryGeneratedColumn() id: number;
  @Column({ unique: true }) name: string;
}

/** A person who signs in. */
@Entity('users')
@Index(['tenantId', 'email'], { unique: true })
@Check('"balance" >= 0')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 255, unique: true }) email: string;
  @Column({ name: 'display_name', nullable: true }) displayName?: string;
  @Column({ type: 'enum', enum: UserRole, default: UserRole.MEMBER }) role: UserRole;
  @Column('decimal', { precision: 10, scale: 2, default: 0 }) balance: number;
  @Column({ type: 'jsonb', nullable: true }) settings: Record<string, unknown> | null;
  @Column({ default: true }) active: boolean;
  @Column({ type: 'int', default: () => '0' }) logins: number;
  @Column('text', { array: true, nullable: true }) tags: string[];
  @Column('simple-array', { nullable: true }) labels: string[];
  @Column({ default: 'en' }) @Index() locale: string; // their language
  nickname: string;
  @CreateDateColumn({ name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @DeleteDateColumn() deletedAt?: Date;
  @Column({ type: 'timestamp', default: () => 'CURRENT_TIMESTAMP' }) seenAt: Date;
  @ManyToOne(() => Tenant, (tenant) => tenant.users, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant: Tenant;
  @Column() tenantId: string;
  @OneToMany(() => Post, (post) => post.author) posts: Post[];
  @ManyToMany(() => AccessRole) @JoinTable({ name: 'user_roles' }) roles: AccessRole[];
  @OneToOne(() => Profile, { onDelete: 'SET NULL' }) @JoinColumn() profile: Profile;

  get label(): string { return this.email; }
  constructor(partial?: Partial<User>) { Object.assign(this, partial); }
}

@Entity()
export class Profile {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('text') bio: string;
}

@Entity()
export class Post {
  @PrimaryGeneratedColumn('identity') id: number;
  @Column() @Unique() slug: string;
  @ManyToOne(() => User, (u) => u.posts, { nullable: false }) author: User;
  @ManyToMany(() => AccessRole) @JoinTable() readers: AccessRole[];
  @ManyToMany(() => Post) @JoinTable() related: Post[];
  @ManyToMany(() => Topic, { onDelete: 'RESTRICT' })
  @JoinTable({ name: 'post_topics', joinColumn: { name: 'post_id' }, inverseJoinColumn: { name: 'topic_id' } })
  topics: Topic[];
}

@Entity({ name: 'topics', schema: 'content' })
export class Topic {
  @PrimaryColumn({ type: 'varchar', length: 40 }) code: string;
  @ManyToMany(() => Post, (post) => post.topics) posts: Post[];
}
"""

MIKRO = """\
import { Entity, PrimaryKey, Property, ManyToOne, OneToMany, ManyToMany, Enum, Collection } from '@mikro-orm/core';

export enum BookStatus { DRAFT = 'draft', PUBLISHED = 'published' }

@Entity()
export class BookAuthor {
  @PrimaryKey() id!: number;
  @Property() fullName!: string;
  @Property({ nullable: true }) age?: number;
  @Property() createdAt = new Date();
  @Property({ onUpdate: () => new Date() }) updatedAt = new Date();
  @OneToMany(() => Book, (book) => book.author) books = new Collection<Book>(this);
}

@Entity({ tableName: 'books' })
export class Book {
  @PrimaryKey({ type: 'uuid' }) uuid: string = v4();
  @Property({ type: 'text' }) title!: string;
  @Property({ columnType: 'numeric(10,2)', default: 0 }) price!: number;
  @Enum(() => BookStatus) status: BookStatus = BookStatus.DRAFT;
  @ManyToOne(() => BookAuthor, { deleteRule: 'cascade' }) author!: BookAuthor;
  @ManyToMany(() => BookTag) tags = new Collection<BookTag>(this);
}

@Entity()
export class BookTag {
  @PrimaryKey() id!: bigint;
  @Property({ length: 50 }) name!: string;
  @ManyToMany(() => Book, (b) => b.tags) books = new Collection<Book>(this);
}
"""


def fenced(code: str, lang: str = "typescript", title: str = "Data model") -> str:
    return f"# {title}\n\n```{lang}\n{code}```\n"


def read(code: str, lang: str = "ts") -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the code's first line is line 4.
    return parse_text("d.md", fenced(code, lang))


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The design of both blocks, as `specgen design FILE -o design.yaml` writes it."""
    from conftest import run_specgen

    root = tmp_path_factory.mktemp("typeorm")
    spec = root / "data-model.md"
    spec.write_text(fenced(TYPEORM, "typescript") + "\n" + fenced(MIKRO, "ts", "Books"), encoding="utf-8")
    res = run_specgen("design", str(spec), "-o", str(root / "design.yaml"), cwd=root)
    assert res.returncode == 0, res.stdout + res.stderr
    return yaml.safe_load((root / "design.yaml").read_text(encoding="utf-8"))["database_schema"]


def entity(design: dict[str, Any], table: str) -> dict[str, Any]:
    return next(e for e in design["entities"] if e["table_name"] == table)


def columns(design: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in entity(design, table)["columns"]}


def fks(design: dict[str, Any], table: str) -> set[tuple[str, str, str, str | None]]:
    return {
        (",".join(f["columns"]), f["ref_table"], ",".join(f["ref_columns"]), f.get("on_delete"))
        for f in entity(design, table).get("foreign_keys", [])
    }


def test_tables_are_named_as_typeorm_names_them(design: dict[str, Any]) -> None:
    tables = {e["name"]: e["table_name"] for e in design["entities"]}
    assert tables["Tenant"] == "tenants" and tables["User"] == "users"
    assert tables["AccessRole"] == "access_role" and tables["Post"] == "post"  # snakeCase(class) by default
    assert entity(design, "topics").get("schema_name") == "content"
    assert entity(design, "users")["description"] == "A person who signs in."
    assert entity(design, "users")["forms"] == ["typeorm"]


def test_column_types_nullability_and_defaults(design: dict[str, Any]) -> None:
    c = columns(design, "users")
    assert list(c)[:6] == ["id", "email", "display_name", "role", "balance", "settings"]
    assert "nickname" not in c  # no decorator: not a column
    assert (c["id"]["sql_type"], c["id"]["server_default"]) == ("uuid", "gen_random_uuid()")
    assert c["email"]["sql_type"] == "varchar(255)" and "unique" in c["email"]["constraints"]
    assert (c["display_name"]["sql_type"], c["display_name"]["nullable"]) == ("varchar", True)
    assert c["role"]["enum"] == "user_role" and c["role"]["server_default"] == "'member'"
    assert (c["balance"]["sql_type"], c["balance"]["server_default"]) == ("numeric(10,2)", "0")
    assert (c["settings"]["sql_type"], c["settings"]["nullable"]) == ("jsonb", True)
    assert (c["active"]["sql_type"], c["active"]["server_default"], c["active"]["nullable"]) == (
        "boolean",
        "true",
        False,
    )
    assert (c["logins"]["sql_type"], c["logins"]["server_default"]) == ("integer", "0")
    assert (c["tags"]["sql_type"], c["tags"]["nullable"]) == ("text[]", True)
    assert c["labels"]["sql_type"] == "text"  # TypeORM stores a simple-array as comma-separated text
    assert c["locale"]["server_default"] == "'en'" and c["locale"]["indexed"] is True
    assert c["locale"]["description"] == "their language"
    assert (c["created_at"]["sql_type"], c["created_at"]["server_default"]) == ("timestamp", "CURRENT_TIMESTAMP")
    assert (c["updatedAt"]["sql_type"], c["updatedAt"]["onupdate"]) == ("timestamptz", "now")
    assert c["deletedAt"]["nullable"] is True and c["seenAt"]["server_default"] == "CURRENT_TIMESTAMP"
    p = columns(design, "profile")
    assert (p["id"]["sql_type"], p["id"].get("autoincrement")) == ("bigint", True)
    post = columns(design, "post")
    assert post["id"].get("identity") == "by default" and "unique" in post["slug"]["constraints"]
    assert columns(design, "topics")["code"]["sql_type"] == "varchar(40)"
    assert {e["name"]: e["values"] for e in design["enums"]}["user_role"] == ["admin", "member"]


def test_foreign_keys_and_join_columns(design: dict[str, Any]) -> None:
    c = columns(design, "users")
    # `@JoinColumn({ name: 'tenant_id' })` and `@Column() tenantId: string` are one column, typed like the key.
    assert "tenantId" not in c and (c["tenant_id"]["sql_type"], c["tenant_id"]["nullable"]) == ("uuid", False)
    # `@OneToOne(() => Profile) @JoinColumn()`: TypeORM's `<property>Id`, unique, typed like Profile's bigint key.
    assert (c["profileId"]["sql_type"], c["profileId"]["nullable"]) == ("bigint", True)
    assert "unique" in c["profileId"]["constraints"]
    assert fks(design, "users") == {
        ("tenant_id", "tenants", "id", "CASCADE"),
        ("profileId", "profile", "id", "SET NULL"),
    }
    assert next(f for f in entity(design, "users")["foreign_keys"] if f["columns"] == ["tenant_id"])["on_update"] == (
        "CASCADE"
    )
    author = columns(design, "post")["authorId"]
    assert (author["sql_type"], author["nullable"]) == ("uuid", False)
    assert ("authorId", "users", "id", None) in fks(design, "post")
    # the database deletes a tenant's users: the relationship leaves them to it
    users = next(r for r in entity(design, "tenants")["relationships"] if r["name"] == "users")
    assert users.get("passive_deletes") is True


def test_join_tables(design: dict[str, Any]) -> None:
    # named: columns `<table>Id` (TypeORM's joinTableColumnName), both keys, ON DELETE CASCADE
    assert list(columns(design, "user_roles")) == ["usersId", "accessRoleId"]
    assert fks(design, "user_roles") == {
        ("usersId", "users", "id", "CASCADE"),
        ("accessRoleId", "access_role", "id", "CASCADE"),
    }
    assert entity(design, "user_roles")["primary_key"]["columns"] == ["usersId", "accessRoleId"]
    assert columns(design, "user_roles")["usersId"]["sql_type"] == "uuid"
    # unnamed: `<table>_<property>_<other table>`; a self-reference numbers its columns
    assert list(columns(design, "post_readers_access_role")) == ["postId", "accessRoleId"]
    assert list(columns(design, "post_related_post")) == ["postId_1", "postId_2"]
    # stated join columns, the relation's onDelete
    assert fks(design, "post_topics") == {
        ("post_id", "post", "id", "RESTRICT"),
        ("topic_id", "topics", "code", "RESTRICT"),
    }
    assert columns(design, "post_topics")["topic_id"]["sql_type"] == "varchar(40)"


def test_indexes_constraints_and_relationships(design: dict[str, Any]) -> None:
    users = entity(design, "users")
    assert [
        (i["columns"], i.get("unique"))
        for i in design["indexes"]
        if i["table_name"] == "users" and len(i["columns"]) > 1
    ] == [
        (["tenant_id", "email"], True)  # `tenantId` (the property) is the tenant_id column
    ]
    assert [c["expression"] for c in users["constraints"] if c["type"] == "check"] == ['"balance" >= 0']
    rels = {r["name"]: (r["type"], r.get("back_populates"), r.get("join_table")) for r in users["relationships"]}
    assert rels["tenant"] == ("many_to_one", "users", None)
    assert rels["posts"] == ("one_to_many", "author", None)
    assert (rels["roles"][0], rels["roles"][2]) == ("many_to_many", "user_roles")
    assert rels["profile"][0] == "one_to_one"
    topics = {r["name"]: r for r in entity(design, "topics")["relationships"]}
    assert topics["posts"]["join_table"] == "post_topics"  # the inverse side uses the owner's join table


def test_mikro_orm_naming_and_inference(design: dict[str, Any]) -> None:
    a = columns(design, "book_author")
    assert list(a) == ["id", "full_name", "age", "created_at", "updated_at"]
    assert (a["full_name"]["sql_type"], a["age"]["nullable"]) == ("varchar(255)", True)
    assert a["id"].get("autoincrement") is True and "autoincrement" not in columns(design, "books")["uuid"]
    assert (a["created_at"]["sql_type"], a["created_at"]["default"]) == ("timestamptz", "now")
    assert a["updated_at"]["onupdate"] == "now"
    b = columns(design, "books")
    assert (b["price"]["sql_type"], b["status"]["server_default"]) == ("numeric(10,2)", "'draft'")
    assert (b["author_id"]["sql_type"], b["author_id"]["nullable"]) == ("integer", False)
    assert fks(design, "books") == {("author_id", "book_author", "id", "CASCADE")}
    assert list(columns(design, "books_tags")) == ["book_uuid", "book_tag_id"]
    assert columns(design, "books_tags")["book_tag_id"]["sql_type"] == "bigint"
    tag = {r["name"]: r for r in entity(design, "book_tag")["relationships"]}
    assert tag["books"]["join_table"] == "books_tags"


def test_locations_are_the_lines_of_the_markdown_file() -> None:
    spec = read("@Entity()\nexport class A {\n  @PrimaryGeneratedColumn() id: number;\n\n"
                "  @ManyToOne(() => B)\n  b: B;\n}\n")  # fmt: skip
    (a,) = spec.entities
    assert a.loc.line == 4
    assert [(c.name, c.loc.line) for c in a.columns] == [("id", 6), ("bId", 8)]
    assert a.columns[1].fk is not None and a.columns[1].fk.loc.line == 8
    assert a.columns[1].type_from_reference  # B is defined elsewhere: the design gives it B's key type


def test_reference_to_an_entity_of_another_file_takes_its_key_type(tmp_path: Path) -> None:
    from specgen.design.build import build_design
    from specgen.parse import parse

    (tmp_path / "a.md").write_text(fenced("@Entity()\nexport class Org {\n  @PrimaryColumn('uuid') id: string;\n}\n"))
    (tmp_path / "b.md").write_text(
        fenced(
            "@Entity()\nexport class Team {\n  @PrimaryGeneratedColumn() id: number;\n"
            "  @ManyToOne(() => Org) org: Org;\n}\n"
        )  # fmt: skip
    )
    design = build_design(parse([tmp_path])).design.database_schema
    team = next(e for e in design.entities if e.table_name == "team")
    org_id = next(c for c in team.columns if c.name == "orgId")
    assert org_id.sql_type == "uuid"
    assert [(f.columns, f.ref_table) for f in team.foreign_keys] == [(["orgId"], "org")]


def test_what_is_not_read_is_reported_at_its_line() -> None:
    spec = read(
        "@Entity()\nexport class A {\n"
        "  @PrimaryGeneratedColumn() id: number;\n"
        "  @Column() data: Map<string, number>;\n"  # line 7
        "  @Column({ type: 'frobnicate' }) odd: string;\n"  # line 8
        "  @ManyToOne(() => pick()) b: B;\n"  # line 9
        "  @Column({ default: }) broken: string;\n"  # line 10
        "  @ObjectIdColumn() _id: string;\n"  # line 11
        "}\n"
        "@ViewEntity({ expression: 'SELECT 1' })\nexport class V {}\n"  # line 13
    )
    got = [(d.loc.line, d.severity, d.message) for d in spec.diagnostics]
    assert (7, "warning", "TypeORM column 'data': type 'Map<string,number>' not understood; read as text") in got
    assert (8, "warning", "TypeORM column 'odd': type 'frobnicate' unknown; read as text") in got
    assert (9, "warning", "@ManyToOne 'b' of 'A': its target entity is not understood") in got
    assert (10, "warning", "entity class 'A': @Column(…) not understood") in got
    assert (11, "info", "@ObjectIdColumn '_id' of 'A' not read") in got
    assert (13, "info", "TypeORM view entity 'V' skipped: a view is not a table") in got
    (a,) = spec.entities
    assert [c.name for c in a.columns] == ["id", "data", "odd"]


def test_dispatch_between_drizzle_typeorm_and_sketches() -> None:
    assert looks_like_typeorm("@Entity()\nclass A {}") and not looks_like_typeorm("Widget {\n  id: string\n}")
    drizzle = read("export const a = pgTable('a', { id: serial('id').primaryKey() })\n")
    assert [e.form for e in drizzle.entities] == ["drizzle"]
    sketch = read("Widget {\n  id: string // Primary Key\n}\n")
    assert [e.form for e in sketch.entities] == ["markdown"]
    typeorm = read("@Entity()\nexport class Widget {\n  @PrimaryColumn() id: string;\n}\n", "javascript")
    assert [(e.form, e.table) for e in typeorm.entities] == [("typeorm", "widget")]
    # a class with no @Entity (a DTO) is not a table; one the entities extend gives them its columns
    base = read(
        "export abstract class Base {\n  @PrimaryGeneratedColumn() id: number;\n  @CreateDateColumn() createdAt: Date;\n}\n"
        "export class CreateUserDto { email: string; }\n"
        "@Entity()\nexport class Account extends Base {\n  @Column() email: string;\n}\n"
    )
    assert [(e.table, [c.name for c in e.columns]) for e in base.entities] == [
        ("account", ["id", "createdAt", "email"])
    ]


@pytest.mark.parametrize(
    "code",
    [
        "@Entity(\n",
        "@Entity()\nexport class A {\n  @Column(",
        "@Entity()\nexport class A {\n  @Column({ a: [[[ }) x: string;\n}\n",
        "@Entity()\nexport class A extends {\n",
        "@Entity() class A { @ManyToMany(() => A) @JoinTable() self: A[] }",
        "@Entity() class { }",
        "@Entity()\nexport class A {\n  @Column() x: string = 'a\n}\n",
        "export enum E { A = , B = 0x1F, C }\n@Entity() class A { @Column({ enum: E }) e: E }",
        "@Entity('a')\n" + "@Index(" * 3000 + ")" * 3000,
    ],
)
def test_no_traceback_on_broken_code(code: str) -> None:
    read(code)


def test_the_reader_is_a_function_of_the_text() -> None:
    first, second = read(TYPEORM), read(TYPEORM)
    assert first.entities == second.entities and first.enums == second.enums


def test_documented_example_reads() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "spec-format.md").read_text(encoding="utf-8")
    code = doc.split("<!-- typeorm example -->\n", 1)[1].split("```ts\n", 1)[1].split("```\n", 1)[0]
    spec = read(code)
    assert [d.format() for d in spec.diagnostics] == []
    assert [e.table for e in spec.entities] == ["projects", "tasks"]


def test_schema_migrates_on_sqlite(tmp_path: Path, cli: Any) -> None:
    """The user's way: design, validate, render sqlmodel and alembic, `alembic upgrade head` on SQLite."""
    import sqlalchemy as sa

    code = """\
export enum Priority { LOW = 'low', HIGH = 'high' }

@Entity('authors')
export class Author {
  @PrimaryGeneratedColumn() id: number;
  @Column({ length: 120, unique: true }) email: string;
  @CreateDateColumn({ name: 'joined_at' }) joinedAt: Date;
  @OneToMany(() => Book, (book) => book.author) books: Book[];
}

@Entity('books')
export class Book {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
  @Column('decimal', { precision: 8, scale: 2, default: 0 }) price: number;
  @Column({ type: 'enum', enum: Priority, default: Priority.LOW }) priority: Priority;
  @Column({ default: false }) archived: boolean;
  @ManyToOne(() => Author, (a) => a.books, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'author_id' })
  author: Author;
  @ManyToMany(() => Genre) @JoinTable({ name: 'book_genres', joinColumn: { name: 'book_id' }, inverseJoinColumn: { name: 'genre_id' } })
  genres: Genre[];
}

@Entity('genres')
export class Genre {
  @PrimaryGeneratedColumn() id: number;
  @Column({ unique: true }) name: string;
}
"""
    engine = migrated_on_sqlite(tmp_path, {"library.md": fenced(code, "typescript", "Library")}, cli)
    inspector = sa.inspect(engine)
    assert {"authors", "books", "genres", "book_genres"} <= set(inspector.get_table_names())
    assert [c["name"] for c in inspector.get_columns("books")] == [
        "id", "title", "price", "priority", "archived", "author_id",
    ]  # fmt: skip
    found = {
        (t, tuple(f["constrained_columns"]), f["referred_table"])
        for t in ("books", "book_genres")
        for f in inspector.get_foreign_keys(t)
    }
    assert found == {
        ("books", ("author_id",), "authors"),
        ("book_genres", ("book_id",), "books"),
        ("book_genres", ("genre_id",), "genres"),
    }
    assert inspector.get_pk_constraint("book_genres")["constrained_columns"] == ["book_id", "genre_id"]
    with engine.begin() as conn:  # the database's defaults and cascades are there
        conn.execute(sa.text("PRAGMA foreign_keys = ON"))
        conn.execute(sa.text("INSERT INTO authors (email) VALUES ('a@x')"))
        conn.execute(sa.text("INSERT INTO books (title, author_id) VALUES ('t', 1)"))
        conn.execute(sa.text("INSERT INTO genres (name) VALUES ('g')"))
        conn.execute(sa.text("INSERT INTO book_genres (book_id, genre_id) VALUES (1, 1)"))
        row = conn.execute(sa.text("SELECT price, priority, archived FROM books")).one()
        assert (float(row[0]), row[1], row[2]) == (0.0, "low", 0)
        assert conn.execute(sa.text("SELECT joined_at FROM authors")).scalar() is not None
    with engine.begin() as conn:
        conn.execute(sa.text("PRAGMA foreign_keys = ON"))
        conn.execute(sa.text("DELETE FROM authors"))
        assert conn.execute(sa.text("SELECT count(*) FROM books")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM book_genres")).scalar() == 0
    engine.dispose()
