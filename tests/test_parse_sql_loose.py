"""SQL in Markdown outside the usual ```sql fence, and SQL statements written loosely: DDL pasted as paragraphs
or indented code, `CREATE TABLE`name``, restated tables, row level security switches, other schemas' tables."""

from __future__ import annotations

from specgen.config import Settings
from specgen.design.build import build_design
from specgen.parse import SpecIR, parse_text
from specgen.parse.ir import SpecFile
from specgen.parse.markdown import Fence, read_markdown


def messages(spec: SpecFile, severity: str = "warning") -> list[str]:
    return [d.format() for d in spec.diagnostics if d.severity == severity]


UNFENCED = """# Library

## Shelf (shelf)
    Shelf number shelf_no
    Room shelf_room

CREATE TABLE `shelf` (
  `shelf_no` int(11) NOT NULL auto_increment,
  `shelf_room` varchar(40) NOT NULL default '',
  PRIMARY KEY  (`shelf_no`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

Each shelf holds volumes:
CREATE TABLE`volume` (
  `volume_id` int NOT NULL,
  `shelf_no` int NOT NULL,
  PRIMARY KEY (`volume_id`),
  CONSTRAINT `fk_volume_shelf` FOREIGN KEY (`shelf_no`) REFERENCES `shelf` (`shelf_no`)
);
CREATE INDEX idx_volume_shelf ON volume (shelf_no);
Volumes are numbered per library.
"""


def test_ddl_written_as_paragraphs_is_read_statement_by_statement() -> None:
    spec = parse_text("s.md", UNFENCED)
    tables = {e.table: e for e in spec.entities if e.form == "sql"}
    assert set(tables) == {"shelf", "volume"}
    assert [c.name for c in tables["shelf"].columns] == ["shelf_no", "shelf_room"]
    assert tables["shelf"].loc.line == 7
    assert tables["volume"].loc.line == 14  # the prose line before it in the same paragraph stays prose
    assert [ix.name for ix in spec.indexes] == ["idx_volume_shelf"]
    assert not messages(spec)
    assert any("no ```sql fence" in m for m in messages(spec, "info"))


def test_the_prose_around_unfenced_sql_stays_paragraphs() -> None:
    doc = read_markdown("s.md", UNFENCED)
    fences = [b for b in doc.blocks if isinstance(b, Fence)]
    assert [f.line + 1 for f in fences] == [7, 14]
    assert fences[1].text.endswith("CREATE INDEX idx_volume_shelf ON volume (shelf_no);")
    texts = [" ".join(t for _, t in b.lines) for b in doc.blocks if hasattr(b, "lines")]
    assert "Each shelf holds volumes:" in texts and "Volumes are numbered per library." in texts


def test_ddl_in_an_indented_code_block_is_read() -> None:
    text = "# Notes\n\nThe table:\n\n    CREATE TABLE tag (\n      id integer PRIMARY KEY,\n      label text\n    );\n"
    spec = parse_text("s.md", text)
    assert [(e.table, e.loc.line) for e in spec.entities] == [("tag", 5)]


def test_sentences_that_mention_create_table_are_not_sql() -> None:
    text = (
        "# Guide\n\nCreate table users (see below) for the accounts.\n\n"
        "CREATE TABLE statements (like the one for orders) come later\n\n"
        "ALTER TABLE users ADD the missing columns later, as the release notes say\n"
    )
    doc = read_markdown("s.md", text)
    assert not [b for b in doc.blocks if isinstance(b, Fence)]
    spec = parse_text("s.md", text)
    assert not spec.entities and not messages(spec)


def test_a_create_table_whose_words_are_not_understood_is_never_dropped_quietly() -> None:
    spec = parse_text("s.md", "# T\n\n```sql\nCREATE COLD TABLE archive (id int);\n```\n")
    assert not spec.entities
    assert any("CREATE TABLE statement not understood" in m for m in messages(spec))


BOOKS = """CREATE TABLE {ine}book (
  id uuid PRIMARY KEY,
  title text NOT NULL{extra}
);"""


def _twice(second: str) -> SpecFile:
    first = BOOKS.format(ine="", extra="")
    return parse_text("s.md", f"# T\n\n```sql\n{first}\n```\n\nQuick start:\n\n```sql\n{second}\n```\n")


def test_create_table_if_not_exists_of_a_table_the_file_created_keeps_the_first() -> None:
    spec = _twice(BOOKS.format(ine="IF NOT EXISTS ", extra=",\n  CHECK (length(title) > 0)"))
    assert [e.loc.line for e in spec.entities] == [4]
    assert not messages(spec)
    assert any("defined again with the same columns" in m for m in messages(spec, "info"))
    spec = _twice(BOOKS.format(ine="IF NOT EXISTS ", extra=",\n  isbn text"))
    assert [e.loc.line for e in spec.entities] == [4]
    assert any("exists already (line 4) with other columns" in m for m in messages(spec))


def test_an_identical_restated_table_is_one_table_and_a_different_one_still_conflicts() -> None:
    spec = _twice(BOOKS.format(ine="", extra=""))
    assert len(spec.entities) == 1
    spec = _twice(BOOKS.format(ine="", extra=",\n  isbn text"))
    result = build_design(SpecIR([spec]), Settings())
    assert any("defined twice" in d.message for d in result.diagnostics)


def test_row_level_security_switches_are_kept_with_the_policies() -> None:
    sql = (
        "CREATE TABLE note (id int PRIMARY KEY, owner uuid);\n"
        "ALTER TABLE note ENABLE ROW LEVEL SECURITY;\n"
        "ALTER TABLE note FORCE ROW LEVEL SECURITY;\n"
        "ALTER TABLE note DISABLE TRIGGER ALL;\n"
        "CREATE POLICY own ON note USING (owner = auth.uid());\n"
    )
    spec = parse_text("s.md", f"# T\n\n```sql\n{sql}```\n")
    assert not messages(spec)
    rls = [(o.kind, o.table, o.phase, o.drop) for o in spec.sql_objects if o.kind.startswith("row level")]
    assert rls == [
        ("row level security enable", "note", "after", "ALTER TABLE note DISABLE ROW LEVEL SECURITY"),
        ("row level security force", "note", "after", "ALTER TABLE note NO FORCE ROW LEVEL SECURITY"),
    ]


def test_a_table_of_another_schema_is_not_the_public_table_of_the_same_name() -> None:
    sql = (
        "CREATE TABLE profile (id uuid PRIMARY KEY REFERENCES auth.profile(id), bio text);\n"
        "CREATE TABLE post (id int PRIMARY KEY, author uuid REFERENCES profile(id));\n"
    )
    result = build_design(SpecIR([parse_text("s.md", f"# T\n\n```sql\n{sql}```\n")]), Settings())
    fks = {e.table_name: [f.ref_table for f in e.foreign_keys] for e in result.design.database_schema.entities}
    assert fks == {"profile": ["auth.profile"], "post": ["profile"]}
    assert any("'auth' is another schema" in (d.hint or "") for d in result.diagnostics)


def test_mysql_zerofill_is_a_note_not_a_warning() -> None:
    spec = parse_text("s.md", "# T\n\n```sql\nCREATE TABLE t (a int(4) unsigned zerofill NOT NULL);\n```\n")
    assert [c.name for c in spec.entities[0].columns] == ["a"]
    assert not messages(spec)


def test_validate_names_only_the_unknown_table_of_another_schema() -> None:
    from specgen.validate import validate

    sql = "CREATE TABLE profile (id uuid PRIMARY KEY REFERENCES auth.profile(id), bio text);\n"
    result = build_design(SpecIR([parse_text("s.md", f"# T\n\n```sql\n{sql}```\n")]), Settings())
    codes = [f.code for f in validate(result.design) if f.severity == "error"]
    assert codes == ["SG101"]  # not SG112: `auth.profile` is a usable, schema-qualified name


def test_a_quoted_number_default_of_a_numeric_column_is_the_number() -> None:
    sql = "CREATE TABLE `t` (a int NOT NULL DEFAULT '0', b varchar(5) DEFAULT '0', c decimal(5,2) DEFAULT '1.50', d int DEFAULT '1.5');"
    spec = parse_text("s.md", f"# T\n\n```sql\n{sql}\n```\n")
    assert [c.server_default for c in spec.entities[0].columns] == ["0", "'0'", "1.50", "'1.5'"]
