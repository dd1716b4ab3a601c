"""Notations beyond tables and bullets: an anonymous object type in a script fence under a table heading, key
words of comments in many languages, relational (Merise) lines `Loan(#id, member=>Member)`, and earlier
versions of a schema kept in the document for the record."""

from __future__ import annotations

from reader_helpers import columns, fks, read

from specgen.parse import parse_text
from specgen.parse.phrases import read_phrases

OBJECT_TYPE = """# Schema

## Lessons

**Tabla:** `lessons`

```typescript
{
  id: number;          // Primärschlüssel
  title: string;       // Unique
  courseId: string;    // Fremdschlüssel zu courses
  level: "easy" | "hard";
  notes?: string;      // free text
}
```

**Queries:**
```typescript
const all = await db.select().from(lessons);
```
"""


def test_an_object_type_under_a_table_heading_is_its_field_list() -> None:
    got = read(OBJECT_TYPE)
    lessons = got["Lessons"]
    assert columns(lessons) == ["id", "title", "courseId", "level", "notes"]
    by = {c.name: c for c in lessons.columns}
    assert by["id"].primary_key and by["title"].unique and by["notes"].nullable
    assert fks(lessons) == {"courseId": "courses"}


def test_object_types_that_are_not_rows_are_left_alone() -> None:
    payload = "## Users API\n\n```ts\n{\n  id: string;\n  name: string;\n  age: number;\n}\n```\n"
    sample = "## Users\n\n```js\n{\n  id: 1,\n  name: 'Ann',\n  city: 'Oslo',\n}\n```\n"
    named = "## Users\n\n```ts\ninterface UserDto {\n  id: string;\n  name: string;\n  age: number;\n}\n```\n"
    for text in (payload, sample, named):
        assert not any(e.columns for e in read(text).values()), text


def test_reference_words_in_many_languages() -> None:
    for words, target in (
        ("Fremdschlüssel auf users", "users"),
        ("clé étrangère vers users.id", "users.id"),
        ("chiave esterna verso users", "users"),
        ("klucz obcy do users", "users"),
        ("Foreign Key zu users (optional)", "users"),
        ("clave foránea a users", "users"),
    ):
        facts = read_phrases(words, "x")
        assert facts.fk and facts.fk_target == target, words
    for words in ("Primärschlüssel", "clé primaire", "klucz główny", "birincil anahtar", "主键"):
        assert read_phrases(words, "x").primary_key, words


MERISE = """## Logical model

**Shelf** *(#code:chaîne, label:texte)*

**Book** *(#isbn:chaîne, title:chaîne, state:{new|worn|lost}, shelf=>Shelf)* title UNIQUE

**Wrote** (#book=>Book, #author=>Person.id)

Loan(#id, day, member_id -> Member(id))

We keep (for now, as said) the old ones.
"""


def test_relational_lines_with_keys_and_references() -> None:
    got = read(MERISE)
    assert set(got) == {"Shelf", "Book", "Wrote", "Loan"}
    book = got["Book"]
    assert columns(book) == ["isbn", "title", "state", "shelf"]
    by = {c.name: c for c in book.columns}
    assert by["isbn"].primary_key and by["state"].type == "enum(new, worn, lost)"
    assert fks(book) == {"shelf": "Shelf"}
    assert [c.columns for c in book.constraints if c.kind == "unique"] == [["title"]]
    wrote = got["Wrote"]
    assert [c.name for c in wrote.columns if c.primary_key] == ["book", "author"]
    assert fks(wrote) == {"book": "Book", "author": "Person.id"}
    assert fks(got["Loan"]) == {"member_id": "Member.id"}


VERSIONS = """# DDL

## DDL v2

```sql
CREATE TABLE shelf (id INTEGER PRIMARY KEY, label TEXT);
```

## DDL v1

```sql
CREATE TABLE shelf (id INTEGER PRIMARY KEY);
CREATE TABLE old_stock (id INTEGER PRIMARY KEY);
```

## Notes

<details>
<summary>Esquema anterior</summary>

```sql
CREATE TABLE legacy_item (id INTEGER PRIMARY KEY);
```

</details>

<details>
<summary>Full SQL</summary>

```sql
CREATE TABLE tag (id INTEGER PRIMARY KEY);
```

</details>
"""


def test_earlier_versions_are_history() -> None:
    spec = parse_text("s.md", VERSIONS)
    assert sorted(e.table or e.name or "" for e in spec.entities) == ["shelf", "tag"]
    assert columns(next(e for e in spec.entities if e.table == "shelf")) == ["id", "label"]
    notes = [d for d in spec.diagnostics if "earlier version" in d.message]
    assert [d.loc.line for d in notes if d.loc] == [9, 18]
    assert not [d for d in spec.diagnostics if d.severity == "error"]


def test_parts_numbered_like_versions_are_not_history() -> None:
    text = (
        "## Module 1\n\n```sql\nCREATE TABLE a (id INT);\n```\n\n## Module 2\n\n```sql\nCREATE TABLE b (id INT);\n```\n"
    )
    assert sorted(e.table or "" for e in parse_text("s.md", text).entities) == ["a", "b"]


def test_relational_lines_with_underlined_keys_and_italic_references() -> None:
    got = read("## Model\n\nTeam(__id__, name)\nPerson(**id**, name, _team_id_)\n\nSync(users -> accounts, daily)\n")
    assert set(got) == {"Team", "Person"}  # one line marked only by an arrow is prose
    person = {c.name: c for c in got["Person"].columns}
    assert person["id"].primary_key and person["team_id"].fk_marked
