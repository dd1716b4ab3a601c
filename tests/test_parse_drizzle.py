"""The Drizzle reader: pgTable / sqliteTable / mysqlTable schemas in ```typescript and ```js blocks, read as text.

Each construct is checked in the design `specgen design FILE -o design.yaml` writes; lines, diagnostics and
the dispatch between Drizzle and pseudo-code sketches on the reader's values; and one spec with a PostgreSQL
and a SQLite schema goes the user's whole way: design, validate, render sqlmodel and alembic, `alembic upgrade
head` on SQLite, and the tables, columns and foreign keys are in the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic_helpers import migrated_on_sqlite

from specgen.parse import parse_text
from specgen.parse.drizzle import looks_like_drizzle, read_drizzle
from specgen.parse.ir import SpecFile

PG = """\
import { pgTable, pgEnum, pgSchema, serial, text, varchar, integer, uuid, jsonb, numeric, timestamp } from 'drizzle-orm/pg-core';
import { sql, relations } from 'drizzle-orm';

export const roleEnum = pgEnum('role', ['admin', 'member']);
const billing = pgSchema('billing');

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: varchar('email', { length: 255 }).notNull().unique(),
  role: roleEnum('role').notNull().default('member'),
  tags: text('tags').array(),
  balance: numeric('balance', { precision: 10, scale: 2 }).default('0'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at').$onUpdate(() => new Date()),
  settings: jsonb('settings').$type<Record<string, string>>().default({}),
  nickname: text(), // shown on posts
}, (t) => ({
  emailIdx: uniqueIndex('users_email_idx').on(t.email),
  createdIdx: index().on(t.createdAt.desc()),
}));

export const teams = pgTable('teams', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity({ startWith: 100 }),
  name: text('name').notNull(),
  parentId: integer('parent_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
  ownerId: uuid('owner_id').notNull().references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
}, (t) => [
  index('teams_name_idx').using('gin', t.name),
  check('name_not_empty', sql`length(${t.name}) > 0`),
  unique('teams_owner_name').on(t.ownerId, t.name),
]);

export const memberships = pgTable('memberships', {
  userId: uuid('user_id').notNull(),
  teamId: integer('team_id').notNull(),
  since: timestamp('since').defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.userId, t.teamId] }),
  foreignKey({ columns: [t.userId], foreignColumns: [users.id], name: 'memberships_user_fk' }).onDelete('cascade'),
  foreignKey({ columns: [t.teamId], foreignColumns: [teams.id] }).onDelete('restrict'),
]);

export const invoices = billing.table('invoices', {
  id: serial('id').primaryKey(),
  total: doublePrecision('total').notNull(),
});

export const usersRelations = relations(users, ({ many }) => ({ memberships: many(memberships) }));
"""

SQLITE = """\
import { sqliteTable, text, integer, real, blob, index, primaryKey } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'

export const projects = sqliteTable('projects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug', { length: 80 }).notNull().unique(),
  status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  meta: text('meta', { mode: 'json' }),
  score: real('score').default(0.5),
  createdAt: integer('created_at', { mode: 'timestamp' })
    .notNull()
    .default(sql`(unixepoch())`)
})

export const tasks = sqliteTable('tasks', {
  id: text('id').primaryKey().$defaultFn(() => crypto.randomUUID()),
  projectId: integer('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  title: text('title').notNull()
}, (table) => ({
  projectIdx: index('tasks_project_idx').on(table.projectId, table.title)
}))

export const taskTags = sqliteTable('task_tags', {
  taskId: text('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
  tag: text('tag').notNull()
}, (table) => ({
  pk: primaryKey({ columns: [table.taskId, table.tag] })
}))
"""

MYSQL = """\
import { mysqlTable, mysqlEnum, int, bigint, varchar, decimal, datetime, tinyint, boolean, json, serial } from 'drizzle-orm/mysql-core';

export const orders = mysqlTable('orders', {
  id: int('id').autoincrement().primaryKey(),
  ref: bigint('ref', { mode: 'number' }).notNull(),
  code: varchar('code', { length: 32 }).notNull(),
  state: mysqlEnum('state', ['new', 'paid', 'shipped']).notNull().default('new'),
  total: decimal('total', { precision: 12, scale: 2 }).notNull().default('0.00'),
  priority: tinyint('priority'),
  gift: boolean('gift').default(false),
  extra: json('extra'),
  placedAt: datetime('placed_at', { mode: 'date', fsp: 3 }).notNull(),
  changedAt: datetime('changed_at').onUpdateNow(),
});

export const lines = mysqlTable('order_lines', {
  id: serial('id').primaryKey(),
  orderId: int('order_id').notNull().references(() => orders.id, { onDelete: 'cascade', onUpdate: 'no action' }),
});
"""


def fenced(code: str, lang: str = "typescript", title: str = "Schema") -> str:
    return f"# {title}\n\n```{lang}\n{code}```\n"


def read(code: str, lang: str = "typescript") -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the code's first line is line 4.
    return parse_text("d.md", fenced(code, lang))


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The design of the three schemas, as `specgen design FILE -o design.yaml` writes it (one process)."""
    from conftest import run_specgen

    root = tmp_path_factory.mktemp("drizzle")
    spec = root / "schemas.md"
    spec.write_text(
        fenced(PG, "typescript", "PostgreSQL") + "\n" + fenced(SQLITE, "ts", "SQLite") + "\n" + fenced(MYSQL, "js"),
        encoding="utf-8",
    )
    res = run_specgen("design", str(spec), "-o", str(root / "design.yaml"), cwd=root)
    assert res.returncode == 0, res.stdout + res.stderr
    return yaml.safe_load((root / "design.yaml").read_text(encoding="utf-8"))["database_schema"]


def entity(design: dict[str, Any], table: str) -> dict[str, Any]:
    return next(e for e in design["entities"] if e["table_name"] == table)


def columns(design: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in entity(design, table)["columns"]}


def test_postgres_columns_types_and_defaults(design: dict[str, Any]) -> None:
    users = columns(design, "users")
    # the builder's string is the column's name; a builder without one takes the property's (nickname)
    assert list(users) == [
        "id", "email", "role", "tags", "balance", "created_at", "updated_at", "settings", "nickname"
    ]  # fmt: skip
    rows = {n: (c["sql_type"], c["nullable"], c.get("server_default")) for n, c in users.items()}
    assert rows == {
        "id": ("uuid", False, "gen_random_uuid()"),
        "email": ("varchar(255)", False, None),
        "role": ("role", False, "'member'"),
        "tags": ("text[]", True, None),
        "balance": ("numeric(10,2)", True, "0"),  # Drizzle writes decimals as strings
        "created_at": ("timestamptz", False, "CURRENT_TIMESTAMP"),
        "updated_at": ("timestamp", True, None),
        "settings": ("jsonb", True, "'{}'"),
        "nickname": ("text", True, None),
    }
    assert "unique" in users["email"]["constraints"] and users["updated_at"]["onupdate"] == "now"
    assert users["nickname"]["description"] == "shown on posts"
    assert users["role"]["enum"] == "role"
    enums = {e["name"]: e["values"] for e in design["enums"]}
    assert enums["role"] == ["admin", "member"]
    assert enums["orders_state"] == ["new", "paid", "shipped"]  # mysqlEnum: an enum of the column
    invoices = entity(design, "invoices")
    assert invoices["schema_name"] == "billing"
    assert [(c["name"], c["sql_type"], c.get("autoincrement")) for c in invoices["columns"]] == [
        ("id", "integer", True),
        ("total", "double", None),
    ]


def test_postgres_identity_references_and_table_constraints(design: dict[str, Any]) -> None:
    teams = columns(design, "teams")
    assert (teams["id"]["identity"], teams["id"]["identity_options"]) == ("always", {"start": 100})
    fks = {tuple(f["columns"]): f for f in entity(design, "teams")["foreign_keys"]}
    assert (fks[("parent_id",)]["ref_table"], fks[("parent_id",)]["on_delete"]) == ("teams", "SET NULL")
    owner = fks[("owner_id",)]
    assert (owner["ref_table"], owner["ref_columns"], owner["on_delete"], owner["on_update"]) == (
        "users",
        ["id"],
        "CASCADE",
        "CASCADE",
    )
    team = entity(design, "teams")
    kinds = {(k["type"], k.get("name")) for k in team.get("constraints", [])}
    assert {("check", "name_not_empty"), ("unique", "teams_owner_name")} <= kinds
    check = next(k for k in team["constraints"] if k["type"] == "check")
    assert check["expression"] == "length(name) > 0"  # `${t.name}` is the column's name
    memberships = entity(design, "memberships")
    assert memberships["primary_key"]["columns"] == ["user_id", "team_id"]
    fks = {tuple(f["columns"]): f for f in memberships["foreign_keys"]}
    assert (fks[("user_id",)]["ref_table"], fks[("user_id",)]["on_delete"]) == ("users", "CASCADE")
    assert fks[("user_id",)].get("name") == "memberships_user_fk"
    assert (fks[("team_id",)]["ref_table"], fks[("team_id",)]["on_delete"]) == ("teams", "RESTRICT")


def test_indexes(design: dict[str, Any]) -> None:
    ix = {(i["table_name"], tuple(i["columns"])): i for i in design["indexes"]}
    assert (ix[("users", ("email",))]["index_name"], ix[("users", ("email",))]["unique"]) == ("users_email_idx", True)
    assert ix[("users", ("created_at",))]["orders"] == {"created_at": "desc"}
    assert ix[("teams", ("name",))]["index_type"] == "gin"
    assert ix[("tasks", ("project_id", "title"))]["index_name"] == "tasks_project_idx"


def test_sqlite_modes_keys_and_defaults(design: dict[str, Any]) -> None:
    projects = columns(design, "projects")
    rows = {n: (c["sql_type"], c["nullable"], c.get("server_default")) for n, c in projects.items()}
    assert rows == {
        "id": ("integer", False, None),
        "slug": ("text", False, None),  # SQLite's text(80) is text (the length is TypeScript's)
        "status": ("text", False, "'open'"),
        "archived": ("boolean", False, "false"),
        "meta": ("json", True, None),
        "score": ("real", True, "0.5"),
        "created_at": ("integer", False, "(unixepoch())"),  # mode: 'timestamp' stores epoch seconds
    }
    assert projects["id"]["autoincrement"] is True
    assert projects["status"]["check_expression"] == "status IN ('open', 'closed')"
    tasks = columns(design, "tasks")
    assert (tasks["id"]["default"], tasks["id"].get("server_default")) == ("uuid4", None)  # made by the app
    (fk,) = entity(design, "tasks")["foreign_keys"]
    assert (fk["columns"], fk["ref_table"], fk["ref_columns"], fk["on_delete"]) == (
        ["project_id"],
        "projects",
        ["id"],
        "CASCADE",
    )
    tags = entity(design, "task_tags")
    assert tags["primary_key"]["columns"] == ["task_id", "tag"]
    assert [c["name"] for c in tags["columns"]] == ["task_id", "tag"]  # a stated key: none is added


def test_mysql_builders(design: dict[str, Any]) -> None:
    orders = columns(design, "orders")
    rows = {n: (c["sql_type"], c["nullable"]) for n, c in orders.items()}
    assert rows == {
        "id": ("integer", False),
        "ref": ("bigint", False),
        "code": ("varchar(32)", False),
        "state": (orders["state"]["sql_type"], False),
        "total": ("numeric(12,2)", False),
        "priority": ("smallint", True),
        "gift": ("boolean", True),
        "extra": ("json", True),
        "placed_at": ("timestamp(3)", False),
        "changed_at": ("timestamp", True),
    }
    assert orders["id"]["autoincrement"] is True
    assert orders["state"]["database_type"] == "enum" and orders["state"]["server_default"] == "'new'"
    assert orders["total"]["server_default"] == "0.00"
    assert orders["changed_at"]["onupdate"] == "now"
    lines = entity(design, "order_lines")
    assert lines["columns"][0]["sql_type"] == "bigint" and lines["columns"][0]["autoincrement"] is True
    (fk,) = lines["foreign_keys"]
    assert (fk["ref_table"], fk["on_delete"], fk["on_update"]) == ("orders", "CASCADE", "NO ACTION")


def test_locations_are_the_lines_of_the_markdown_file() -> None:
    spec = read(SQLITE)
    by = {e.table: e for e in spec.entities}
    assert (by["projects"].form, by["projects"].loc.line) == ("drizzle", 7)
    assert [(c.name, c.loc.line) for c in by["tasks"].columns] == [("id", 20), ("project_id", 21), ("title", 24)]
    assert by["tasks"].columns[1].fk is not None and by["tasks"].columns[1].fk.loc.line == 23  # `.references(`
    assert [(i.name, i.loc.line) for i in by["tasks"].indexes] == [("tasks_project_idx", 26)]
    pg = read(PG)
    assert [(e.name, e.loc.line) for e in pg.enums] == [("role", 7)]
    assert [(d.severity, d.loc and d.loc.line, d.message) for d in pg.diagnostics] == [
        ("info", 51, "Drizzle relations() skipped: relationships come from the foreign keys")
    ]


def test_the_reader_is_a_function_of_the_text() -> None:
    code = "export const a = pgTable('a', { id: serial().primaryKey() })\n"
    first = read_drizzle(code, "x.md", 10)
    again = read_drizzle(code, "x.md", 10)
    assert first == again and first.entities[0].loc.line == 10
    assert [c.name for c in first.entities[0].columns] == ["id"]


def test_newer_forms_callbacks_creators_spreads() -> None:
    code = """\
import * as t from 'drizzle-orm/pg-core';
const createTable = pgTableCreator((name) => `app_${name}`);
const citext = customType<{ data: string }>({
  dataType() {
    return 'citext';
  },
});
const timestamps = {
  createdAt: t.timestamp('created_at').notNull().defaultNow(),
};
/** A post, written by one author. */
export const posts = createTable('posts', (d) => ({
  id: d.integer().primaryKey().generatedByDefaultAsIdentity(),
  /** The text, in Markdown. */
  body: d.text().notNull(),
  slug: citext('slug').$type<{ a: string; b: number }>(),
  parentId: d.integer('parent_id'),
  ...timestamps,
}), (table) => [
  t.index('posts_body_idx').on(table.body),
  foreignKey(() => ({ columns: [table.parentId], foreignColumns: [table.id] })),
]).enableRLS();
"""
    spec = read(code)
    assert [d.format() for d in spec.diagnostics] == []
    (posts,) = spec.entities
    assert (posts.table, posts.description) == ("app_posts", "A post, written by one author.")
    assert [(c.name, c.type, c.identity) for c in posts.columns] == [
        ("id", "integer", "by default"),
        ("body", "text", None),
        ("slug", "citext", None),  # what the custom type's dataType() returns
        ("parent_id", "integer", None),
        ("created_at", "timestamp", None),
    ]
    assert posts.columns[1].description == "The text, in Markdown."
    assert [i.name for i in posts.indexes] == ["posts_body_idx"]
    assert [(f.columns, f.ref_table, f.ref_columns) for f in posts.foreign_keys] == [
        (["parent_id"], "app_posts", ["id"])
    ]


def test_references_and_enums_across_blocks() -> None:
    text = (
        "# Two blocks\n\n```ts\nexport const statusEnum = pgEnum('task_status', ['todo', 'done'])\n"
        "export const teamMembers = pgTable('team_members', { id: serial('id').primaryKey(), "
        "userId: text('user_id') })\n```\n\n```ts\nexport const tasks = pgTable('tasks', {\n"
        "  id: serial('id').primaryKey(),\n  status: statusEnum('status').notNull(),\n"
        "  memberId: integer('member_id').references(() => teamMembers.id),\n"
        "  ownerId: integer('owner_id').references(() => accountOwners.userId),\n})\n```\n"
    )
    spec = parse_text("d.md", text)
    tasks = next(e for e in spec.entities if e.table == "tasks")
    cols = {c.name: c for c in tasks.columns}
    assert cols["status"].type == "task_status"  # `statusEnum` of the block above
    assert cols["member_id"].fk is not None and cols["member_id"].fk.ref_table == "team_members"
    # a table no block defines: named after the variable (Drizzle variables are camelCase table names)
    assert cols["owner_id"].fk is not None
    assert (cols["owner_id"].fk.ref_table, cols["owner_id"].fk.ref_columns) == ("account_owners", ["userId"])


def test_what_is_not_read_is_reported_at_its_line() -> None:
    code = """\
export const a = pgTable('a', {
  id: serial('id').primaryKey(),
  geo: customType<{ data: string }>({ dataType() { return 'geography' } })('geo'),
  odd: someHelper,
  ...common(),
}, (t) => [weird(t.id)])
export const b = pgTable('b', {
  id: serial('id').primaryKey(
})
export const v = pgView('v').as((qb) => qb.select().from(a))
"""
    spec = read(code)
    notes = sorted((d.severity, d.loc.line if d.loc else 0, d.message) for d in spec.diagnostics)
    assert notes == [
        ("info", 13, "Drizzle view 'v' skipped"),
        ("warning", 6, "Drizzle column builder 'customType' unknown; column 'geo' is read as text"),
        ("warning", 7, "Drizzle column 'odd' of 'a' not understood: someHelper"),
        ("warning", 8, "Drizzle table 'a': spread columns 'common()' not read"),
        ("warning", 9, "Drizzle table option 'weird' not read"),
        ("warning", 12, "Drizzle statement not read (unexpected '}')"),
    ]
    assert [e.table for e in spec.entities] == ["a"]
    assert [c.name for c in spec.entities[0].columns] == ["id", "geo"]


def test_dispatch_between_drizzle_and_sketches() -> None:
    assert looks_like_drizzle("export const users = sqliteTable('users', {")
    assert looks_like_drizzle("export const s = pgEnum('s', ['a'])")
    assert looks_like_drizzle('const t = mySchema.table("t", {')
    assert not looks_like_drizzle("const rows = await db.select().from(users)")
    sketch = read("User {\n  id: uuid // Primary Key\n  name: string\n}\n")
    assert [(e.name, e.form, [c.name for c in e.columns]) for e in sketch.entities] == [
        ("User", "markdown", ["id", "name"])
    ]
    assert read("const rows = await db.select().from(users)\n").entities == []


def test_no_traceback_on_broken_code() -> None:
    for code in (
        "export const a = pgTable('a', {",
        "pgTable('a'",
        "const a = pgTable(`a",
        "'",
        "const x = pgTable('a', {a: b(",
    ):
        read(code + "\n")
    deep = read("export const a = pgTable('a', { x: " + "[" * 5000 + "]" * 5000 + " })\n")
    assert [d.message for d in deep.diagnostics] == ["Drizzle statement not read (nested too deeply)"]
    deeper = read("export const a = pgTable('a', { x: sql" + "`${" * 3000 + "}`" * 3000 + " })\n")
    assert [d.message for d in deeper.diagnostics] == ["Drizzle code not read: nested too deeply"]


def test_pg_and_sqlite_schemas_migrate_on_sqlite(tmp_path: Path, cli: Any) -> None:
    """The user's way: design, validate, render sqlmodel and alembic, `alembic upgrade head` on SQLite."""
    import sqlalchemy as sa

    pg = """\
export const authors = pgTable('authors', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 120 }).notNull().unique(),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
});

export const books = pgTable('books', {
  id: uuid('id').primaryKey().defaultRandom(),
  authorId: integer('author_id').notNull().references(() => authors.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  price: numeric('price', { precision: 8, scale: 2 }).notNull().default('0'),
}, (t) => [index('books_author_idx').on(t.authorId)]);
"""
    sqlite = SQLITE
    specs = {"library.md": fenced(pg, "typescript", "Library"), "projects.md": fenced(sqlite, "ts", "Projects")}
    engine = migrated_on_sqlite(tmp_path, specs, cli)
    inspector = sa.inspect(engine)
    assert {"authors", "books", "projects", "tasks", "task_tags"} <= set(inspector.get_table_names())
    assert [c["name"] for c in inspector.get_columns("books")] == ["id", "author_id", "title", "price"]
    assert [c["name"] for c in inspector.get_columns("projects")][:3] == ["id", "slug", "status"]
    fks = {
        (tuple(f["constrained_columns"]), f["referred_table"])
        for t in ("books", "tasks", "task_tags")
        for f in inspector.get_foreign_keys(t)
    }
    assert fks == {(("author_id",), "authors"), (("project_id",), "projects"), (("task_id",), "tasks")}
    assert inspector.get_pk_constraint("task_tags")["constrained_columns"] == ["task_id", "tag"]
    with engine.begin() as conn:  # the database's defaults and cascades are there
        conn.execute(sa.text("INSERT INTO projects (slug) VALUES ('p')"))
        row = conn.execute(sa.text("SELECT status, archived, created_at FROM projects")).one()
        assert row[0] == "open" and row[1] in (0, False) and isinstance(row[2], int)
        conn.execute(sa.text("INSERT INTO tasks (id, project_id, title) VALUES ('t', 1, 'x')"))
        conn.execute(sa.text("PRAGMA foreign_keys = ON"))
    with engine.begin() as conn:
        conn.execute(sa.text("PRAGMA foreign_keys = ON"))
        conn.execute(sa.text("DELETE FROM projects"))
        assert conn.execute(sa.text("SELECT count(*) FROM tasks")).scalar() == 0
    engine.dispose()


def test_the_documented_example_reads() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "spec-format.md").read_text(encoding="utf-8")
    code = doc.split("   ```typescript\n", 1)[1].split("   ```\n", 1)[0].replace("\n   ", "\n").removeprefix("   ")
    spec = read(code)
    assert [d.format() for d in spec.diagnostics] == []
    (teams,) = spec.entities
    assert [(c.name, c.fk.ref_table if c.fk else None) for c in teams.columns] == [
        ("id", None),
        ("owner_id", "users"),
        ("name", None),
    ]
    assert [i.name for i in teams.indexes] == ["teams_name_idx"]


def test_elided_columns_make_a_partial_table() -> None:
    (delta,) = read("export const a = pgTable('a', {\n  // ... existing\n  extra: text('extra'),\n})\n").entities
    assert delta.partial  # adds to a table defined elsewhere
    (full,) = read("export const a = pgTable('a', {\n  // the extras\n  extra: text('extra'),\n})\n").entities
    assert not full.partial


@pytest.mark.parametrize(
    ("builder", "dialect", "expect"),
    [
        ("date('x')", "pg", "date"),
        ("time('x', { precision: 3 })", "pg", "time(3)"),
        ("interval('x')", "pg", "interval"),
        ("real('x')", "pg", "real"),
        ("smallint('x')", "pg", "smallint"),
        ("bigserial('x', { mode: 'number' })", "pg", "bigserial"),
        ("smallserial('x')", "pg", "smallserial"),
        ("char('x', { length: 2 })", "pg", "char(2)"),
        ("doublePrecision('x')", "pg", "double"),
        ("vector('x', { dimensions: 3 })", "pg", "vector(3)"),
        ("timestamp('x', { precision: 6, withTimezone: true })", "pg", "timestamptz(6)"),
        ("blob('x')", "sqlite", "bytea"),
        ("blob('x', { mode: 'json' })", "sqlite", "json"),
        ("numeric('x')", "sqlite", "numeric"),
        ("float('x')", "mysql", "real"),
        ("double('x')", "mysql", "double"),
        ("tinyint('x')", "mysql", "smallint"),
        ("varbinary('x', { length: 16 })", "mysql", "bytea"),
        ("longtext('x')", "mysql", "text"),
    ],
)
def test_builder_types(builder: str, dialect: str, expect: str) -> None:
    (e,) = read(f"export const t = {dialect}Table('t', {{ x: {builder} }})\n").entities
    assert e.columns[0].type == expect


def test_wild_drizzle_document() -> None:
    """A spec-kit data model of the wild corpus whose users and sessions exist only as Drizzle code."""
    from conftest import SHARED

    name = "03_events-tracker-drizzle.md"
    path = SHARED / "wild" / "files" / name
    if not path.is_file():
        pytest.skip(f"{path} not found (a lone clone has no ../shared)")
    expect = yaml.safe_load((SHARED / "wild" / "EXPECT.yaml").read_text(encoding="utf-8"))[name]
    spec = parse_text(str(path), path.read_text(encoding="utf-8"))
    assert [d.format() for d in spec.diagnostics if d.severity == "warning"] == []
    by = {e.table: e for e in spec.entities if e.form == "drizzle"}
    assert sorted(by) == sorted(e["table"] for e in expect["entities"])
    for want in expect["entities"]:
        got = by[want["table"]]
        assert [c.name for c in got.columns] == want["columns"]
        pk = [c.name for c in got.columns if c.primary_key] or next(
            k.columns for k in got.constraints if k.kind == "primary_key"
        )
        assert pk == want["primary_key"]
        fks = [{"column": c.name, "references": f"{c.fk.ref_table}.{c.fk.ref_columns[0]}"} for c in got.columns if c.fk]
        assert fks == want["foreign_keys"]
