"""The ```sql reader: statements, types, keys, constraints, indexes, skipped statements, exact lines."""

from __future__ import annotations

from specgen.parse import parse_text
from specgen.parse.ir import SpecFile
from specgen.parse.sql_split import _tokenized, split_statements


def read(sql: str, lang: str = "sql") -> SpecFile:
    # Line 1 title, line 2 blank, line 3 the fence: the SQL's first line is line 4.
    return parse_text("s.md", f"# T\n\n```{lang}\n{sql}\n```\n")


def problems(spec: SpecFile, severity: str = "warning") -> list[str]:
    return [d.format() for d in spec.diagnostics if d.severity == severity]


def test_create_table_columns_types_and_lines() -> None:
    spec = read(
        "CREATE TABLE film (\n"  # line 4
        "    film_id serial PRIMARY KEY,\n"  # 5
        "    title character varying(255) NOT NULL,\n"  # 6
        "    rate numeric(4,2) DEFAULT 4.99 NOT NULL,\n"  # 7
        "    tags text[],\n"  # 8
        "    seen timestamp with time zone DEFAULT now(),\n"  # 9
        "    uid uuid DEFAULT gen_random_uuid() UNIQUE\n"  # 10
        ");"
    )
    (e,) = spec.entities
    assert (e.table, e.form, e.loc.line, e.partial) == ("film", "sql", 4, False)
    cols = {c.name: c for c in e.columns}
    assert [c.name for c in e.columns] == ["film_id", "title", "rate", "tags", "seen", "uid"]
    assert [c.loc.line for c in e.columns] == [5, 6, 7, 8, 9, 10]
    assert cols["film_id"].primary_key and cols["film_id"].autoincrement and cols["film_id"].type == "serial"
    assert cols["title"].type == "varchar(255)" and cols["title"].nullable is False
    assert cols["rate"].type == "numeric(4,2)" and cols["rate"].server_default == "4.99"
    assert cols["tags"].type == "text[]" and cols["tags"].nullable is True  # no NOT NULL: nullable
    assert cols["seen"].type == "timestamptz" and cols["seen"].server_default == "CURRENT_TIMESTAMP"  # now(), portable
    assert cols["uid"].unique and cols["uid"].server_default.lower() == "gen_random_uuid()"
    assert problems(spec) == []


def test_references_on_delete_deferrable_and_table_constraints() -> None:
    spec = read(
        "CREATE TABLE t (\n"  # 4
        "  a int REFERENCES p (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,\n"  # 5
        "  b int NOT NULL,\n"  # 6
        "  c int CHECK (c > 0),\n"  # 7
        "  PRIMARY KEY (b, a),\n"  # 8
        "  CONSTRAINT uq_t_bc UNIQUE (b, c),\n"  # 9
        "  CONSTRAINT fk_t_b FOREIGN KEY (b) REFERENCES q (qid) ON DELETE CASCADE ON UPDATE RESTRICT,\n"  # 10
        "  CONSTRAINT ck_t CHECK (b < 100)\n"  # 11
        ");"
    )
    (e,) = spec.entities
    a = e.columns[0]
    assert (a.fk.ref_table, a.fk.ref_columns, a.fk.on_delete) == ("p", ["id"], "SET NULL")
    assert a.fk.deferrable and a.fk.initially_deferred and a.fk.loc.line == 5
    assert e.columns[2].check == "c > 0"
    kinds = [(k.kind, k.name, k.columns, k.expression, k.loc.line) for k in e.constraints]
    assert kinds == [
        ("primary_key", None, ["b", "a"], None, 8),
        ("unique", "uq_t_bc", ["b", "c"], None, 9),
        ("check", "ck_t", [], "b < 100", 11),
    ]
    (fk,) = e.foreign_keys
    assert (fk.name, fk.columns, fk.ref_table, fk.on_delete, fk.on_update, fk.loc.line) == (
        "fk_t_b",
        ["b"],
        "q",
        "CASCADE",
        "RESTRICT",
        10,
    )


def test_indexes_enum_domain_alter_comment_and_skips() -> None:
    spec = read(
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"  # 4
        "CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901);\n"  # 5
        "CREATE SEQUENCE person_id_seq;\n"  # 6
        "CREATE TABLE person (\n"  # 7
        "  id integer DEFAULT nextval('person_id_seq'::regclass) NOT NULL,\n"  # 8
        "  born year,\n"  # 9
        "  feeling mood,\n"  # 10
        "  doc tsvector\n"  # 11
        ");\n"  # 12
        "CREATE UNIQUE INDEX ix_person_born ON person USING btree (born) WHERE born > 1950;\n"  # 13
        "CREATE INDEX ix_person_doc ON person USING gin (doc);\n"  # 14
        "CREATE INDEX ix_person_lower ON person (lower(feeling::text));\n"  # 15
        "ALTER TABLE ONLY person ADD CONSTRAINT person_pkey PRIMARY KEY (id);\n"  # 16
        "ALTER TABLE person ALTER COLUMN feeling SET DEFAULT 'ok';\n"  # 17
        "COMMENT ON TABLE person IS 'A human';\n"  # 18
        "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END $$ LANGUAGE plpgsql;\n"  # 19
        "\\connect other\n"  # 20
        "INSERT INTO person VALUES (1);\n"  # 21
        "ALTER TABLE public.person OWNER TO postgres;"  # 22
    )
    assert [(e.name, e.values, e.loc.line) for e in spec.enums] == [("mood", ["sad", "ok", "happy"], 4)]
    (person,) = spec.entities
    cols = {c.name: c for c in person.columns}
    assert cols["id"].autoincrement and cols["id"].server_default is None
    # the domain is kept (created before the tables): the column names it and the check stays in the domain
    assert cols["born"].type == "integer" and cols["born"].domain == "year" and cols["born"].check is None
    assert cols["feeling"].type == "mood" and cols["feeling"].server_default == "'ok'"
    assert cols["doc"].type == "tsvector"
    assert person.description == "A human"
    assert [(k.kind, k.name, k.columns) for k in person.constraints] == [("primary_key", "person_pkey", ["id"])]
    ixs = [(i.name, i.table, i.columns, i.method, i.unique, i.where, i.loc.line) for i in spec.indexes]
    assert ixs == [
        ("ix_person_born", "person", ["born"], None, True, "born > 1950", 13),
        ("ix_person_doc", "person", ["doc"], "gin", False, None, 14),
        ("ix_person_lower", "person", ["LOWER(CAST(feeling AS TEXT))"], None, False, None, 15),
    ]
    notes = [(d.loc.line, d.message) for d in spec.diagnostics if d.severity == "info"]
    assert [line for line, _ in notes] == [20, 21, 22]  # the function is kept, verbatim
    assert [(o.kind, o.name, o.phase, o.drop, o.loc.line) for o in spec.sql_objects] == [
        ("domain", "year", "before", "DROP DOMAIN IF EXISTS year CASCADE", 5),
        ("function", "f", "before", "DROP FUNCTION IF EXISTS f() CASCADE", 19),
    ]
    assert problems(spec) == [] and problems(spec, "error") == []


def test_alter_table_on_a_table_of_another_file_is_partial() -> None:
    spec = read(
        "ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id);\n"
        "ALTER TABLE orders ADD CONSTRAINT uq_orders_no UNIQUE (number);\n"
        "ALTER TABLE orders ADD COLUMN note text;"
    )
    ((table, fk),) = spec.foreign_keys
    assert (table, fk.name, fk.columns, fk.ref_table, fk.loc.line) == (
        "orders",
        "fk_orders_customer",
        ["customer_id"],
        "customers",
        4,
    )
    assert [(e.table, e.partial, e.loc.line) for e in spec.entities] == [("orders", True, 5), ("orders", True, 6)]
    assert spec.entities[1].columns[0].name == "note"


def test_bad_statement_is_reported_with_its_line_and_the_block_goes_on() -> None:
    spec = read(
        "CREATE TABLE ok1 (id int);\n"  # 4
        "CREATE INDEX ON ;\n"  # 5
        "CREATE TABLE ok2 (\n"  # 6
        "  id int,\n"  # 7
        "  weird BLOB SUB_TYPE TEXT\n"  # 8
        ");"
    )
    assert [e.table for e in spec.entities] == ["ok1", "ok2"]
    assert [(c.name, c.type, c.loc.line) for c in spec.entities[1].columns] == [
        ("id", "integer", 7),
        ("weird", "bytea", 8),
    ]
    warnings = [(d.loc.line, d.message) for d in spec.diagnostics if d.severity == "warning"]
    assert warnings == [
        (5, "SQL statement could not be parsed (Expected table name but got the end of the statement); it is skipped"),
        (8, "read only 'weird BLOB' of 'weird BLOB SUB_TYPE TEXT' (the rest is not SQL sqlglot knows)"),
    ]


def test_sqlite_dialect_brackets_and_autoincrement() -> None:
    spec = read(
        "CREATE TABLE [Album] (\n  [AlbumId] INTEGER PRIMARY KEY AUTOINCREMENT,\n  [Title] NVARCHAR(160) NOT NULL\n);",
        lang="sqlite",
    )
    (e,) = spec.entities
    assert e.table == "Album"
    assert [(c.name, c.type, c.autoincrement, c.loc.line) for c in e.columns] == [
        ("AlbumId", "integer", True, 5),
        ("Title", "varchar(160)", None, 6),
    ]


def test_inherits_copies_parent_columns() -> None:
    spec = read(
        "CREATE TABLE payment (id int PRIMARY KEY, amount numeric(5,2) NOT NULL);\n"
        "CREATE TABLE payment_2007 (CONSTRAINT ck CHECK (amount > 0)) INHERITS (payment);"
    )
    child = spec.entities[1]
    assert [(c.name, c.nullable, c.primary_key) for c in child.columns] == [
        ("id", False, False),
        ("amount", False, False),
    ]


def test_splitter_knows_dollar_quotes_comments_triggers_and_meta_commands() -> None:
    text = (
        "-- a comment; with a semicolon\n"
        "CREATE TABLE a (x text DEFAULT 'a;b'); /* block; */\n"
        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
        "\\set ON_ERROR_STOP on\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 'y'; END;\n"
        "CREATE TABLE b (y int)"
    )
    fast = split_statements(text)
    assert [(s.line, s.meta, s.head.split()[1]) for s in fast] == [
        (1, False, "TABLE"),
        (2, False, "FUNCTION"),
        (3, True, "ON_ERROR_STOP"),
        (4, False, "TRIGGER"),
        (5, False, "TABLE"),
    ]
    tokens = _tokenized(text, "postgres")  # the tokenizer path (backslash escapes) agrees with the fast one
    assert [(s.text, s.line, s.meta) for s in fast] == [(s.text, s.line, s.meta) for s in tokens]


def test_splitter_on_the_tokenizer_knows_backslash_escapes_and_keeps_unterminated_text() -> None:
    text = "CREATE TABLE a (x text DEFAULT E'it\\'s; fine');\n  CREATE TABLE b (y int);\nCREATE TABLE c (z text DEFAULT e'open;\n"
    assert [(s.text, s.line) for s in split_statements(text)] == [
        ("CREATE TABLE a (x text DEFAULT E'it\\'s; fine')", 0),
        ("  CREATE TABLE b (y int)", 1),
        ("CREATE TABLE c (z text DEFAULT e'open;", 2),  # the parser reports it, with its line
    ]


def test_delimiter_blocks_end_at_their_terminator_outside_strings_and_comments() -> None:
    text = (
        "CREATE TABLE t (\n  delimiter text\n);\n"  # a column so named is no client command
        "DELIMITER //\n"
        "CREATE PROCEDURE p() BEGIN SELECT 'http://x'; /* a // b */ SELECT 1; END //\n"
        "DELIMITER ;\n"
        "CREATE TABLE u (id int); -- done\n"
    )
    assert [(s.text, s.line, s.meta) for s in split_statements(text)] == [
        ("CREATE TABLE t (\n  delimiter text\n)", 0, False),
        ("DELIMITER //", 3, True),
        ("CREATE PROCEDURE p() BEGIN SELECT 'http://x';              SELECT 1; END", 4, False),
        ("DELIMITER ;", 5, True),
        ("CREATE TABLE u (id int)", 6, False),
    ]
    unterminated = "DELIMITER $$\nCREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 'open$$\nDELIMITER ;\n"
    assert [s.line for s in split_statements(unterminated)] == [0, 1]  # the rest is kept, not dropped


def test_sql_and_native_forms_of_one_synthetic_schema_design_alike(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """shared/tools/synth_schema.py writes one schema twice: as native sections and as SQL DDL."""
    import subprocess
    import sys

    import pytest

    from conftest import SHARED
    from specgen.design.build import build_design
    from specgen.parse import parse

    tool = SHARED / "tools" / "synth_schema.py"
    if not tool.is_file():
        pytest.skip(f"{tool} not found (a lone clone has no ../shared)")
    subprocess.run([sys.executable, str(tool), "120", str(tmp_path)], check=True, capture_output=True)

    def summary(folder: str) -> tuple[object, ...]:
        result = build_design(parse([tmp_path / folder]))
        assert result.errors == []
        schema = result.design.database_schema
        columns = {
            (e.table_name, c.name): (c.sql_type, c.nullable, c.default, c.server_default, sorted(c.constraints))
            for e in schema.entities
            for c in e.columns
        }
        fks = sorted(
            (e.table_name, tuple(f.columns), f.ref_table, f.on_delete) for e in schema.entities for f in e.foreign_keys
        )
        keys = sorted((e.table_name, k.type, tuple(k.columns)) for e in schema.entities for k in e.constraints)
        indexes = sorted((i.table_name, tuple(i.columns), i.unique) for i in schema.indexes)
        return columns, fks, keys, indexes

    native, sql = summary("specs"), summary("specs_sql")
    assert len(native[0]) > 500 and len(native[1]) > 50
    assert sql == native


def test_dialect_from_info_string_language_detection_and_config() -> None:
    from specgen.parse import ParseOptions
    from specgen.parse.markdown import Fence
    from specgen.parse.sql import dialect_of

    plain = "CREATE TABLE t (id int);"
    assert dialect_of(Fence("sql", "sql sqlite", plain, 1), ParseOptions()) == "sqlite"
    assert dialect_of(Fence("sql", "sql dialect=postgres", plain, 1), ParseOptions(sql_dialect="sqlite")) == "postgres"
    assert dialect_of(Fence("sqlite", "sqlite", plain, 1), ParseOptions()) == "sqlite"
    assert (
        dialect_of(Fence("sql", "sql", "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);", 1), ParseOptions())
        == "sqlite"
    )
    assert dialect_of(Fence("sql", "sql", "CREATE TABLE `t` (id int AUTO_INCREMENT);", 1), ParseOptions()) == "mysql"
    assert dialect_of(Fence("sql", "sql", plain, 1), ParseOptions(sql_dialect="sqlite")) == "sqlite"
    assert dialect_of(Fence("sql", "sql", plain, 1), ParseOptions()) == "postgres"


def test_postgresql_syntax_wins_over_sqlite_and_mysql_hints() -> None:
    """An array subscript (`m[1]`) is not SQLite's [name] quoting: with `::` casts the fence is PostgreSQL, so
    `"status" "StepRunStatus"` is a column and its enum type, not two strings (hatchet read columns without
    names)."""
    spec = read(
        "CREATE TYPE \"StepRunStatus\" AS ENUM ('PENDING');\n"
        'CREATE TABLE "Run" ("id" uuid PRIMARY KEY, "status" "StepRunStatus" NOT NULL DEFAULT \'PENDING\');\n'
        "CREATE FUNCTION f(t text) RETURNS float LANGUAGE plpgsql AS $$ BEGIN RETURN m[1]::double precision; END $$;\n"
    )
    (run,) = spec.entities
    assert [c.name for c in run.columns] == ["id", "status"]


def test_a_column_definition_without_a_name_is_skipped_with_a_warning() -> None:
    # MySQL reads double quotes as strings: `"status" "Kind"` is one concatenated string, no name
    spec = read('CREATE TABLE t (id integer PRIMARY KEY, "status" "Kind" NOT NULL);', lang="sql mysql")
    assert all(c.name for c in spec.entities[0].columns)
    assert any("has no name" in p for p in problems(spec)), problems(spec)


def test_unquoted_names_fold_to_lower_case_as_postgresql_does() -> None:
    spec = read(
        'CREATE TABLE Users (Id integer PRIMARY KEY, UserName text, "CamelCase" text);\n'
        "CREATE TABLE Posts (Id integer PRIMARY KEY, AuthorId integer REFERENCES Users (Id));\n"
        "CREATE INDEX Posts_Author ON Posts (AuthorId);\n",
        lang="postgresql",
    )
    users, posts = spec.entities
    assert users.table == "users" and [c.name for c in users.columns] == ["id", "username", "CamelCase"]
    fk = posts.columns[1].fk
    assert fk is not None and fk.ref_table == "users" and fk.ref_columns == ["id"]
    assert [(i.name, i.table, i.columns) for i in spec.indexes] == [("posts_author", "posts", ["authorid"])]
