"""Readers are functions from their input to a value: `read_x(input, ReadContext, options) -> Fragment`.

Each reader called twice on the same input and context returns equal fragments and leaves the context (what the
earlier readers of the file found) as it was; what it completes of an earlier entity is a revised copy that
`parse.fold` puts in the original's place.
"""

from __future__ import annotations

import copy
import importlib

import pytest

from specgen.parse import FENCE_READERS, ParseOptions, context, fold, parse_text
from specgen.parse.conventional import read_conventional
from specgen.parse.ir import ReadContext, SpecFile
from specgen.parse.markdown import Fence, read_markdown
from specgen.parse.native import read_native

SQL = """# Shop

```sql
CREATE TABLE parent (id serial PRIMARY KEY, name text NOT NULL, CHECK (length(name) > 0));
CREATE TABLE account (id integer NOT NULL DEFAULT nextval('acct_seq'), email text, PRIMARY KEY (id));
CREATE MATERIALIZED VIEW account_names AS SELECT email FROM account;
```

```sql
CREATE SEQUENCE acct_seq;
ALTER TABLE account ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE account ALTER COLUMN email SET NOT NULL;
ALTER TABLE account ADD CONSTRAINT account_email_key UNIQUE (email);
ALTER TABLE elsewhere ADD CONSTRAINT fk_x FOREIGN KEY (a) REFERENCES account(id);
COMMENT ON TABLE account IS 'People';
COMMENT ON COLUMN account.email IS 'Their address';
CREATE INDEX ix_names ON account_names (email);
CREATE TABLE child (extra int) INHERITS (parent);
```
"""

MERMAID = """# Diagrams

```mermaid
erDiagram
  USER {
    int id PK
  }
  POST {
    int id PK
    int user_id FK
  }
  USER ||--o{ POST : writes
```

```mermaid
erDiagram
  USER {
    string name
  }
  TAG {
    int id PK
  }
  POST }o--o{ TAG : tagged
```
"""

PYTHON = """# Models

```python
class TimestampMixin:
    created_at: datetime = Field(default_factory=datetime.utcnow)

class UserBase(SQLModel):
    email: str = Field(max_length=255)

class Team(Base):
    __tablename__ = "teams"
    members = relationship("User")
```

```python
class User(UserBase, TimestampMixin, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="teams.id")

Index("ix_teams_members", Team.members)

class Profile(models.Model):
    user = models.ForeignKey("User", on_delete=models.CASCADE)
```
"""

MIXED = """# Mixed

## Enum: Status

- active
- closed

## Entity: Customer

| Property | Type | Notes |
|---|---|---|
| id | uuid | primary key |

```prisma
model Ticket {
  id     Int    @id
  status Status
}
```

```yaml
entities:
  - name: Note
    columns:
      - name: id
        type: integer
        primary_key: true
```

```dbml
Table notes_x {
  id int [pk]
}
```

```ts
Widget {
  id: string // Primary Key
}
```

```ts
export const widgetParts = pgTable('widget_parts', {
  id: serial('id').primaryKey(),
  accountId: integer('account_id').references(() => account.id, { onDelete: 'cascade' }),
})
```

```ts
export enum GadgetKind { SMALL = 'small', LARGE = 'large' }

@Entity('gadgets')
export class Gadget {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'enum', enum: GadgetKind }) kind: GadgetKind;
}
```

```ts
@Entity()
export class GadgetPart {
  @PrimaryGeneratedColumn('uuid') id: string;
  @ManyToOne(() => Gadget, { onDelete: 'CASCADE' }) gadget: Gadget;
  @ManyToMany(() => Gadget) @JoinTable() spares: Gadget[];
}
```
"""

JVM = """# Entity classes

## Entity: Ticket

| Property | Type | Notes |
|---|---|---|
| Id | int | primary key |
| Title | string | |

```csharp
public enum Priority { Low, High }

public class Comment
{
    public int Id { get; set; }
    public int TicketId { get; set; }
    public Ticket Ticket { get; set; } = null!;
}

public class AppDb : DbContext
{
    public DbSet<Ticket> Tickets { get; set; }
    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Ticket>(e => { e.Property(x => x.Title).HasMaxLength(80).IsRequired(); e.HasIndex(x => x.Title); });
    }
}
```

```java
@Entity
public class Invoice {
    @Id @GeneratedValue private Long id;
    @ManyToOne @JoinColumn(name = "ticket_id") private Ticket ticket;
}
```

```kotlin
@Entity
data class Receipt(@Id val id: Long, @ManyToOne val invoice: Invoice? = null)
```
"""


def _before(text: str, fence_index: int | None) -> tuple[ReadContext, Fence | None, SpecFile]:
    """The context the fence `fence_index` of `text` is read in (None: the context of the Markdown readers)."""
    doc = read_markdown("spec.md", text)
    spec = SpecFile("spec.md", front_matter=doc.front_matter)
    fences = [b for b in doc.blocks if isinstance(b, Fence)]
    if fence_index is None:
        return context(spec), None, spec
    fold(spec, read_native(doc, context(spec)))
    fold(spec, read_conventional(doc, context(spec)))
    for f in fences[:fence_index]:
        fold(spec, _reader(f.lang)(f, context(spec), ParseOptions()))
    return context(spec), fences[fence_index], spec


def _reader(lang: str):
    module, _, func = FENCE_READERS[lang].partition(":")
    return getattr(importlib.import_module(module), func)


def _snapshot(ctx: ReadContext) -> tuple[object, ...]:
    return (ctx.path, copy.deepcopy(ctx.entities), copy.deepcopy(ctx.enums), copy.deepcopy(ctx.views),
            copy.deepcopy(dict(ctx.python_bases)))  # fmt: skip


FENCES = [
    ("sql", SQL, 0),
    ("sql", SQL, 1),
    ("mermaid", MERMAID, 0),
    ("mermaid", MERMAID, 1),
    ("python", PYTHON, 0),
    ("python", PYTHON, 1),
    ("prisma", MIXED, 0),
    ("yaml", MIXED, 1),
    ("dbml", MIXED, 2),
    ("ts", MIXED, 3),
    ("ts", MIXED, 4),  # Drizzle, referencing a table of an earlier block
    ("ts", MIXED, 5),  # TypeORM
    ("ts", MIXED, 6),  # TypeORM, referencing an entity of an earlier block
    ("csharp", JVM, 0),  # EF Core classes, and OnModelCreating completing the Markdown entity (a revision)
    ("java", JVM, 1),
    ("kotlin", JVM, 2),  # referencing the Java block's entity
]


@pytest.mark.parametrize(("lang", "text", "index"), FENCES, ids=[f"{lang}-{i}" for lang, _, i in FENCES])
def test_fence_reader_is_a_function_of_its_input_and_context(lang: str, text: str, index: int) -> None:
    ctx, fence, _ = _before(text, index)
    assert fence is not None and fence.lang == lang
    before = _snapshot(ctx)
    read = _reader(lang)
    first = read(fence, ctx, ParseOptions())
    second = read(fence, ctx, ParseOptions())
    assert first == second
    assert first.entities or first.revisions or first.enums  # the case reads something
    assert _snapshot(ctx) == before


@pytest.mark.parametrize("text", [MIXED, SQL], ids=["mixed", "sql"])
def test_markdown_readers_are_functions_too(text: str) -> None:
    doc = read_markdown("spec.md", text)
    empty = context(SpecFile("spec.md"))
    assert read_native(doc, empty) == read_native(doc, empty)
    spec = SpecFile("spec.md")
    fold(spec, read_native(doc, empty))
    ctx = context(spec)
    before = _snapshot(ctx)
    assert read_conventional(doc, ctx) == read_conventional(doc, ctx)
    assert _snapshot(ctx) == before


def test_conventional_fields_of_a_native_entity_are_a_revision() -> None:
    """`## Entity: Customer` with a `| Property | Type |` table: the conventional reader returns a copy with the
    fields, which the fold puts where the native entity was."""
    ctx, _, spec = _before(MIXED, None)
    doc = read_markdown("spec.md", MIXED)
    fold(spec, read_native(doc, ctx))
    native = spec.entities[0]
    found = read_conventional(doc, context(spec))
    assert list(found.revisions) == [0] and found.revisions[0] is not native
    assert not native.columns and [c.name for c in found.revisions[0].columns] == ["id"]
    fold(spec, found)
    assert spec.entities[0] is found.revisions[0]


def test_alter_table_of_an_earlier_block_revises_a_copy() -> None:
    ctx, fence, _ = _before(SQL, 1)
    assert fence is not None
    account = next(e for e in ctx.entities if e.table == "account")
    found = _reader("sql")(fence, ctx, ParseOptions())
    revised = next(e for e in found.revisions.values() if e.table == "account")
    assert revised is not account and revised.description == "People"
    assert [c.name for c in revised.columns] == ["id", "email", "created_at"]
    assert [c.name for c in account.columns] == ["id", "email"] and account.description is None
    spec = parse_text("spec.md", SQL)
    assert [e.table for e in spec.entities][:2] == ["parent", "account"]  # the revision stays in its place
    assert spec.entities[1].description == "People"


def test_fluent_configuration_of_a_markdown_entity_is_a_revision() -> None:
    ctx, fence, _ = _before(JVM, 0)
    assert fence is not None
    found = _reader("csharp")(fence, ctx, ParseOptions())
    (index,) = found.revisions
    revised, original = found.revisions[index], ctx.entities[index]
    assert revised is not original and revised.table == "Tickets" and original.table is None
    assert [i.columns for i in revised.indexes] == [["Title"]] and original.indexes == []
    assert [e.name for e in found.entities] == ["Comment"]


def test_python_bases_are_carried_forward_in_the_fragment() -> None:
    ctx, fence, _ = _before(PYTHON, 0)
    assert fence is not None
    found = _reader("python")(fence, ctx, ParseOptions())
    assert sorted(found.python_bases) == ["TimestampMixin", "UserBase"]
    spec = parse_text("spec.md", PYTHON)
    user = next(e for e in spec.entities if e.name == "User")
    assert [c.name for c in user.columns][:2] == ["email", "created_at"]
