"""The Prisma reader: models, scalar types, attributes, block attributes, relations (not columns),
implicit many-to-many, doc comments, exact lines, and lines it cannot read."""

from __future__ import annotations

import pytest
import yaml

from conftest import SHARED
from specgen.design.build import build_design
from specgen.parse import parse_text
from specgen.parse.ir import SpecFile, SpecIR

SCHEMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

generator client {
  provider = "prisma-client-js"
}

/// A person who writes.
model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique @db.VarChar(100)
  name      String?  // shown on posts
  role      Role     @default(USER)
  tags      String[]
  settings  Json     @default("{}")
  balance   Decimal  @db.Decimal(10, 2)
  createdAt DateTime @default(now()) @map("created_at")
  updatedAt DateTime @updatedAt
  posts     Post[]
  profile   Profile?

  @@map("users")
}

model Profile {
  id     String @id @default(uuid()) @db.Uuid
  bio    String @default("")
  userId Int    @unique
  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)
}

model Post {
  id         String     @id @default(cuid())
  /// The headline.
  title      String
  authorId   Int?       @map("author_id")
  author     User?      @relation(fields: [authorId], references: [id])
  categories Category[]
  parentId   String?
  parent     Post?      @relation("Thread", fields: [parentId], references: [id])
  replies    Post[]     @relation("Thread")
  owner      Account?   @relation(fields: [ownerId], references: [id], onDelete: SetNull, onUpdate: NoAction)
  ownerId    String?

  @@index([authorId, title(sort: Desc)], map: "ix_posts_author_title", type: Hash)
  @@unique([title, ownerId], name: "title_owner", map: "uq_posts_title_owner")
}

model Category {
  id    Int    @id
  posts Post[]
}

model Membership {
  userId  Int
  groupId Int
  since   DateTime @default(now())

  @@id([userId, groupId])
}

enum Role {
  USER
  ADMIN @map("admin")
}
"""


def read(text: str) -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the text's first line is line 4.
    return parse_text("p.md", f"# Blog\n\n```prisma\n{text}```\n")


def entities(spec: SpecFile) -> dict[str, object]:
    return {e.name: e for e in spec.entities}


def test_models_columns_types_and_lines() -> None:
    spec = read(SCHEMA)
    assert [d.format() for d in spec.diagnostics] == []
    by = entities(spec)
    assert sorted(by) == ["Category", "CategoryToPost", "Membership", "Post", "Profile", "User"]
    user = by["User"]
    assert (user.table, user.form, user.loc.line, user.description) == ("users", "prisma", 14, "A person who writes.")
    rows = [(c.name, c.type, c.nullable, c.loc.line) for c in user.columns]
    # relation fields (posts, profile) are not columns
    assert rows == [
        ("id", "integer", False, 15),
        ("email", "varchar(100)", False, 16),
        ("name", "text", True, 17),
        ("role", "Role", False, 18),
        ("tags", "text[]", False, 19),
        ("settings", "json", False, 20),
        ("balance", "numeric(10,2)", False, 21),
        ("created_at", "timestamp", False, 22),
        ("updatedAt", "timestamp", False, 23),
    ]
    assert by["Category"].table == "Category"  # Prisma names an unmapped table after its model


def test_field_attributes() -> None:
    by = entities(read(SCHEMA))
    user = {c.name: c for c in by["User"].columns}
    assert (user["id"].primary_key, user["id"].autoincrement) == (True, True)
    assert user["email"].unique is True
    assert user["name"].description == "shown on posts"
    assert user["role"].server_default == "'USER'"
    assert user["settings"].server_default == "'{}'"
    assert (user["created_at"].python_name, user["created_at"].server_default) == ("createdAt", "CURRENT_TIMESTAMP")
    assert (user["updatedAt"].on_update, user["updatedAt"].server_default) == ("now", None)
    profile = {c.name: c for c in by["Profile"].columns}
    assert (profile["id"].type, profile["id"].default) == ("uuid", "uuid4")
    assert profile["bio"].server_default == "''"
    post = {c.name: c for c in by["Post"].columns}
    assert (post["id"].default, post["id"].server_default) == (None, None)  # cuid() is made by the Prisma client
    assert post["title"].description == "The headline."
    assert post["author_id"].python_name == "authorId"


def test_block_attributes() -> None:
    by = entities(read(SCHEMA))
    post = by["Post"]
    assert [(i.columns, i.name, i.method, i.loc.line) for i in post.indexes] == [
        (["author_id", "title"], "ix_posts_author_title", "hash", 50)
    ]
    assert [(k.kind, k.columns, k.name) for k in post.constraints] == [
        ("unique", ["title", "ownerId"], "uq_posts_title_owner")
    ]
    assert [(k.kind, k.columns) for k in by["Membership"].constraints] == [("primary_key", ["userId", "groupId"])]


def test_relations_become_foreign_keys_and_relationships() -> None:
    by = entities(read(SCHEMA))
    post = by["Post"]
    fks = [
        (f.columns, f.ref_table, f.ref_columns, f.on_delete, f.on_update, f.ref_is_entity) for f in post.foreign_keys
    ]
    assert fks == [
        # optional key: Prisma's default actions are SET NULL / CASCADE; the @map'ed column is named
        (["author_id"], "users", ["id"], "SET NULL", "CASCADE", False),
        (["parentId"], "Post", ["id"], "SET NULL", "CASCADE", False),
        # a model this block does not define: named by entity, resolved by the design
        (["ownerId"], "Account", ["id"], "SET NULL", "NO ACTION", True),
    ]
    rels = [(r.name, r.target, r.kind, r.back_populates, r.foreign_keys) for r in post.relationships]
    assert rels == [
        ("author", "User", "many_to_one", "posts", ["author_id"]),
        ("categories", "Category", "many_to_many", "posts", []),
        ("parent", "Post", "many_to_one", "replies", ["parentId"]),
        ("replies", "Post", "one_to_many", "parent", []),
        ("owner", "Account", "many_to_one", None, ["ownerId"]),
    ]
    profile = by["Profile"]
    assert [(f.columns, f.ref_table, f.on_delete) for f in profile.foreign_keys] == [(["userId"], "users", "CASCADE")]
    assert [(r.name, r.kind) for r in profile.relationships] == [("user", "one_to_one")]
    # the back sides leave deletes to the database's ON DELETE (SET NULL for posts, CASCADE for profile)
    assert [(r.name, r.kind, r.back_populates, r.passive_deletes) for r in by["User"].relationships] == [
        ("posts", "one_to_many", "author", True),
        ("profile", "one_to_one", "user", True),
    ]
    assert [(r.name, r.passive_deletes) for r in by["Post"].relationships if r.name == "replies"] == [("replies", True)]
    # a required key without onDelete: RESTRICT, as Prisma migrates it
    required = read(
        "model A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n  aId Int\n  a A @relation(fields: [aId], references: [id])\n}\n"
    )
    (fk,) = entities(required)["B"].foreign_keys
    assert (fk.on_delete, fk.on_update) == ("RESTRICT", "CASCADE")


def test_implicit_many_to_many_join_table() -> None:
    by = entities(read(SCHEMA))
    link = by["CategoryToPost"]
    assert link.table == "_CategoryToPost"
    assert [(c.name, c.primary_key, c.fk.ref_table, c.fk.ref_columns) for c in link.columns] == [
        ("A", True, "Category", ["id"]),
        ("B", True, "Post", ["id"]),
    ]
    assert [(r.kind, r.through) for r in by["Category"].relationships] == [("many_to_many", "_CategoryToPost")]


def test_enums() -> None:
    spec = read(SCHEMA)
    assert [(e.name, e.values, e.form, e.loc.line) for e in spec.enums] == [("Role", ["USER", "admin"], "prisma", 67)]


def test_design_from_prisma() -> None:
    text = SCHEMA.replace("Account", "Profile")
    result = build_design(SpecIR([read(text)]))
    assert result.errors == []
    design = {e.name: e for e in result.design.database_schema.entities}
    post = design["Post"]
    assert {(tuple(f.columns), f.ref_table) for f in post.foreign_keys} == {
        (("author_id",), "users"),
        (("parentId",), "Post"),
        (("ownerId",), "Profile"),
    }
    assert post.column("author_id").python_name == "authorId"
    link = design["CategoryToPost"]
    assert [(c.name, c.database_type) for c in link.columns] == [("A", "integer"), ("B", "text")]
    assert design["User"].column("role").enum == "role"  # enum types are snake_case (design/naming.py)
    # Prisma states its keys: none is invented
    assert design["Membership"].primary_key.columns == ["userId", "groupId"]
    assert "id" not in [c.name for c in design["Membership"].columns]


def test_lines_not_understood_are_located_warnings() -> None:
    text = "model A {\n  id Int @id\n  broken\n  name String @default(\n  @@index([id], type: Fancy)\n}\nsomething else\nmodel B {\n  id Int @id\n"
    spec = read(text)
    messages = sorted((d.loc.line, d.message) for d in spec.diagnostics if d.severity == "warning")
    assert messages == [
        (6, "Prisma field not understood: 'broken'"),
        (7, "Prisma attributes of field 'name' not fully understood"),
        (8, "Prisma index type 'Fancy' unknown; the index is kept without it"),
        (10, "Prisma line not understood: 'something else'"),
        (11, "Prisma model 'B' is not closed with '}'"),
    ]
    assert [(i.columns, i.method) for i in entities(spec)["A"].indexes] == [(["id"], None)]
    assert sorted(entities(spec)) == ["A", "B"]
    assert [c.name for c in entities(spec)["A"].columns] == ["id", "name"]


WILD = SHARED / "wild"


@pytest.mark.parametrize("name", ["09_twins-quality-prisma.md", "25_subscriptions-prisma.md"])
def test_wild_prisma_documents(name: str) -> None:
    path = WILD / "files" / name
    if not path.is_file():
        pytest.skip(f"{path} not found (a lone clone has no ../shared)")
    expect = yaml.safe_load((WILD / "EXPECT.yaml").read_text(encoding="utf-8"))[name]
    spec = parse_text(str(path), path.read_text(encoding="utf-8"))
    assert [d.format() for d in spec.diagnostics if d.severity == "warning"] == []
    by = {e.name: e for e in spec.entities if e.form == "prisma"}
    assert sorted(by) == sorted(e["name"] for e in expect["entities"])
    for want in expect["entities"]:
        got = by[want["name"]]
        assert got.table == want["table"]
        assert [c.name for c in got.columns] == want["columns"]
        pk = [c.name for c in got.columns if c.primary_key] or next(
            k.columns for k in got.constraints if k.kind == "primary_key"
        )
        assert pk == want["primary_key"]
        model_of = {e.table: e.name for e in by.values()}  # EXPECT names targets by model
        fks = [
            {"column": f.columns[0], "references": f"{model_of.get(f.ref_table, f.ref_table)}.{f.ref_columns[0]}"}
            for f in got.foreign_keys
        ]
        assert fks == want["foreign_keys"]
