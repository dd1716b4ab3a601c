"""read_type: types as people write them in Markdown docs, mapped onto specgen's vocabulary."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.vocab.types import parse_type
from specgen.vocab.written import read_type

# (written, expected sql)
SPELLINGS = [
    # generic words
    ("string", "varchar"),
    ("str", "varchar"),
    ("text", "text"),
    ("Text", "text"),
    ("int", "integer"),
    ("integer", "integer"),
    ("INTEGER", "integer"),
    ("number", "numeric"),
    ("float", "double"),
    ("double", "double"),
    ("decimal", "numeric"),
    ("decimal(10,2)", "numeric(10,2)"),
    ("DECIMAL(10, 2)", "numeric(10,2)"),
    ("DECIMAL (10, 2)", "numeric(10,2)"),
    ("NUMERIC(15, 2)", "numeric(15,2)"),
    ("money", "numeric(19,4)"),
    ("bool", "boolean"),
    ("boolean", "boolean"),
    ("Boolean", "boolean"),
    ("date", "date"),
    ("datetime", "timestamp"),
    ("timestamp", "timestamp"),
    ("TIMESTAMP", "timestamp"),
    ("timestamptz", "timestamptz"),
    ("timestamp with time zone", "timestamptz"),
    ("TIMESTAMP WITH TIME ZONE", "timestamptz"),
    ("timestamp(6) with time zone", "timestamptz"),
    ("time", "time"),
    ("uuid", "uuid"),
    ("UUID", "uuid"),
    ("guid", "uuid"),
    ("GUID", "uuid"),
    ("json", "json"),
    ("JSONB", "jsonb"),
    ("object", "json"),
    ("map", "json"),
    ("dict", "json"),
    ("binary", "bytea"),
    ("blob", "bytea"),
    ("bytes", "bytea"),
    ("email", "varchar(255)"),
    ("url", "varchar(2048)"),
    ("uri", "varchar(2048)"),
    ("phone", "varchar(32)"),
    ("slug", "varchar(255)"),
    ("char(2)", "char(2)"),
    ("CHAR(3)", "char(3)"),
    ("varchar(255)", "varchar(255)"),
    ("VARCHAR(26)", "varchar(26)"),
    ("serial", "serial"),
    ("bigserial", "bigserial"),
    ("identity", "serial"),
    ("inet", "inet"),
    ("interval", "interval"),
    # qualifiers in parentheses refine the base
    ("String (UUID)", "uuid"),
    ("String (UUID v4 format)", "uuid"),
    ("Number (Integer)", "integer"),
    ("Number (integer)", "integer"),
    ("Number (Unix timestamp)", "bigint"),
    ("Number (Unix timestamp in milliseconds)", "bigint"),
    ("string (max 255)", "varchar(255)"),
    ("string(255)", "varchar(255)"),
    ("STRING(100)", "varchar(100)"),
    ("TEXT (JSON)", "json"),
    ("TEXT (UUID)", "uuid"),
    ("TEXT (PK)", "text"),
    ("int (enum)", "integer"),
    ("`string` (`NVARCHAR(450)`)", "varchar(450)"),
    ("JSON string", "json"),
    # MySQL
    ("tinyint(1)", "boolean"),
    ("TINYINT", "smallint"),
    ("int(11)", "integer"),
    ("int(11) unsigned", "integer"),
    ("bigint unsigned", "bigint"),
    ("mediumtext", "text"),
    ("LONGTEXT", "text"),
    ("datetime(6)", "timestamp"),
    ("MEDIUMINT", "integer"),
    ("DOUBLE", "double"),
    ("LONGBLOB", "bytea"),
    # SQL Server
    ("NVARCHAR(MAX)", "text"),
    ("NVARCHAR(100)", "varchar(100)"),
    ("VARCHAR(MAX)", "text"),
    ("DATETIME2", "timestamp"),
    ("DATETIME2(7)", "timestamp"),
    ("DATETIMEOFFSET", "timestamptz"),
    ("UNIQUEIDENTIFIER", "uuid"),
    ("BIT", "boolean"),
    ("MONEY", "numeric(19,4)"),
    ("INT IDENTITY(1,1)", "serial"),
    ("BIGINT IDENTITY(1,1) NOT NULL", "bigserial"),
    ("SMALLDATETIME", "timestamp"),
    ("VARBINARY(MAX)", "bytea"),
    # Oracle
    ("VARCHAR2(100)", "varchar(100)"),
    ("NUMBER(10,2)", "numeric(10,2)"),
    ("NUMBER", "numeric"),
    ("CLOB", "text"),
    # SQLite
    ("REAL", "real"),
    ("BLOB", "bytea"),
    # PostgreSQL spellings
    ("character varying(40)", "varchar(40)"),
    ("double precision", "double"),
    ("int8", "bigint"),
    ("text[]", "text[]"),
    ("DATETIMETZ", "timestamptz"),
    # TypeScript
    ("number", "numeric"),
    ("Date", "date"),
    ("Record<string, unknown>", "json"),
    ("Record<string, any>", "json"),
    ("string[]", "varchar[]"),
    ("Array<number>", "numeric[]"),
    ("bigint", "bigint"),
    # Python
    ("datetime.datetime", "timestamp"),
    ("Decimal", "numeric"),
    ("dict[str, Any]", "json"),
    ("list[str]", "varchar[]"),
    ("List[int]", "integer[]"),
    ("Optional[str]", "varchar"),
    ("str | None", "varchar"),
    ("Mapped[Optional[int]]", "integer"),
    ("bytes", "bytea"),
    ("timedelta", "interval"),
    ("EmailStr", "varchar(255)"),
    # C#
    ("long", "bigint"),
    ("DateTime", "timestamp"),
    ("DateTime?", "timestamp"),
    ("DateTimeOffset", "timestamptz"),
    ("Guid", "uuid"),
    ("byte[]", "bytea"),
    ("int?", "integer"),
    ("List<string>", "varchar[]"),
    ("Dictionary<string, string>", "json"),
    # Java / Kotlin
    ("String", "varchar"),
    ("Integer", "integer"),
    ("Long", "bigint"),
    ("BigDecimal", "numeric"),
    ("LocalDate", "date"),
    ("LocalDateTime", "timestamp"),
    ("Instant", "timestamptz"),
    ("String?", "varchar"),
    ("Map<String, Object>", "json"),
    # Go / Rust
    ("int64", "bigint"),
    ("float64", "double"),
    ("time.Time", "timestamp"),
    ("[]byte", "bytea"),
    ("[]string", "varchar[]"),
    ("*string", "varchar"),
    ("sql.NullString", "varchar"),
    ("i64", "bigint"),
    ("Vec<u8>", "bytea"),
    ("Option<String>", "varchar"),
    ("DateTime<Utc>", "timestamptz"),
    # Prisma / Django / SQLAlchemy
    ("Int", "integer"),
    ("BigInt", "bigint"),
    ("Json", "json"),
    ("Bytes", "bytea"),
    ("String @db.VarChar(100)", "varchar(100)"),
    ("String @db.Uuid", "uuid"),
    ("CharField(20)", "varchar(20)"),
    ("CharField(max_length=50)", "varchar(50)"),
    ("DecimalField(max_digits=10, decimal_places=2)", "numeric(10,2)"),
    ("DateTimeField", "timestamp"),
    ("TextField", "text"),
    ("AutoField", "serial"),
    ("BooleanField", "boolean"),
    ("EmailField", "varchar(255)"),
    ("UUIDField", "uuid"),
    ("JSONField", "json"),
    ("String(50)", "varchar(50)"),
    ("DateTime(timezone=True)", "timestamptz"),
    ("Numeric(18, 4)", "numeric(18,4)"),
    ("sa.Text", "text"),
    # Mermaid underscore forms
    ("varchar_100", "varchar(100)"),
    ("decimal_10_2", "numeric(10,2)"),
    ("datetime_6", "timestamp"),
    ("char_2", "char(2)"),
    # enums
    ("enum('a','b')", "enum(a, b)"),
    ("ENUM('all', 'staff')", "enum(all, staff)"),
    ("enum(a, b)", "enum(a, b)"),
    ("one of: a, b", "enum(a, b)"),
    ("One of: user, assistant, system, tool", "enum(user, assistant, system, tool)"),
    ("'a' | 'b'", "enum(a, b)"),
    ('"draft" | "published" | null', "enum(draft, published)"),
    ("Literal['x', 'y']", "enum(x, y)"),
    ("enum", "text"),
    # decorations
    ("`uuid`", "uuid"),
    ("**integer**", "integer"),
    ("`varchar(255)`,", "varchar(255)"),
    ("  Boolean  ", "boolean"),
    ("TEXT nullable", "text"),
    ("TEXT NOT NULL", "text"),
    ("UUID PRIMARY KEY", "uuid"),
    ("VARCHAR(255) NOT NULL DEFAULT 'x, y'", "varchar(255)"),
    ("string, unique, required", "varchar"),
    ("`UUID` (FK)", "uuid"),
    ("TEXT (FK -> users.id)", "text"),
    ("[INT]", "integer"),
    ("[DATETIME]", "timestamp"),
    ("BIG_INTEGER", "bigint"),
    ("big integer", "bigint"),
    ("uuid -> document", "uuid"),
]


@pytest.mark.parametrize(("written", "sql"), SPELLINGS)
def test_spelling_maps_onto_the_vocabulary(written: str, sql: str) -> None:
    w = read_type(written)
    assert w.sql == sql, w
    assert not w.unmapped
    assert w.written == written
    parse_type(w.sql)  # the vocabulary accepts it


def test_the_table_is_large() -> None:
    assert len({w for w, _ in SPELLINGS}) >= 120


@pytest.mark.parametrize(
    ("written", "nullable"),
    [
        ("String?", True),
        ("int | null", True),
        ("string | undefined", True),
        ("Optional[str]", True),
        ("Nullable<int>", True),
        ("str | None", True),
        ("timestamp (optional)", True),
        ("TEXT nullable", True),
        ("*int64", True),
        ("String!", False),
        ("text non-null", False),
        ("text NOT NULL", False),
        ("varchar(10) (required)", False),
        ("string", None),
        ("uuid? -> users", True),
    ],
)
def test_nullable(written: str, nullable: bool | None) -> None:
    assert read_type(written).nullable is nullable


ENTITIES = ["User", "Post", "media_slice", "Category"]


@pytest.mark.parametrize(
    ("written", "reference", "array"),
    [
        ("User", "User", False),
        ("user", "User", False),
        ("users", "User", False),
        ("Users", "User", False),
        ("User?", "User", False),
        ("-> users", "User", False),
        ("uuid? -> media_slice", "media_slice", False),
        ("uuid -> media_slices", "media_slice", False),
        ("`UUID` (FK -> users.id)", "User", False),
        ("TEXT (FK -> categories.id)", "Category", False),
        ("User[]", "User", True),
        ("List<Post>", "Post", True),
        ("ForeignKey(User, on_delete=models.CASCADE)", "User", False),
        ("UserId", "User", False),
        ("integer REFERENCES posts(id)", "Post", False),
    ],
)
def test_reference(written: str, reference: str, array: bool) -> None:
    w = read_type(written, ENTITIES)
    assert w.reference == reference, w
    assert w.sql is None and not w.unmapped and w.foreign_key
    assert w.array is array


def test_reference_needs_the_entity() -> None:
    w = read_type("uuid -> documents", ENTITIES)
    assert (w.reference, w.sql, w.foreign_key, w.target) == (None, "uuid", True, "documents")
    assert read_type("Order", ENTITIES).unmapped
    assert read_type("Order", ["Order"]).reference == "Order"
    # a known type word refers to an entity only when it names it exactly
    assert read_type("string", ["Strings"]).sql == "varchar"
    assert read_type("Image", ["Image"]).reference == "Image"


def test_the_entity_index_follows_the_collection() -> None:
    names = ["User"]
    assert read_type("Post", names).unmapped
    names.append("Post")
    assert read_type("Post", names).reference == "Post"


def test_enum_names() -> None:
    w = read_type("status", ENTITIES, ["Status", "Role"])
    assert (w.sql, w.is_enum, w.reference) == ("Status", True, None)
    assert parse_type(w.sql, {"Status": ("a",)}).enum_name == "Status"
    assert read_type("Role[]", (), ["Role"]).sql == "Role[]"
    assert read_type("roles", (), ["Role"]).sql == "Role"


@pytest.mark.parametrize(
    ("written", "values"),
    [
        ("enum(a, b)", ("a", "b")),
        ("ENUM('draft','sent','paid')", ("draft", "sent", "paid")),
        ("one of: low, medium, high", ("low", "medium", "high")),
        ("string, one of: user, admin", ("user", "admin")),
        ("'active' | 'inactive' | 'banned'", ("active", "inactive", "banned")),
        ("enum: red, green", ("red", "green")),
        ("Literal['x', 'y']", ("x", "y")),
        ("('a' | 'b')[]", ("a", "b")),
        ("enum", ()),
    ],
)
def test_enum(written: str, values: tuple[str, ...]) -> None:
    w = read_type(written)
    assert w.is_enum and w.enum_values == values
    assert w.sql is not None
    parse_type(w.sql)


def test_enum_array() -> None:
    w = read_type("('a' | 'b')[]")
    assert w.array and w.sql == "enum(a, b)[]"


@pytest.mark.parametrize(
    ("written", "item"),
    [("text[]", "text"), ("Array<string>", "varchar"), ("list[int]", "integer"), ("List<UUID>", "uuid"),
     ("integer ARRAY", "integer"), ("[]int64", "bigint"), ("string[]?", "varchar")],
)  # fmt: skip
def test_array(written: str, item: str) -> None:
    w = read_type(written)
    assert w.array and w.sql == item + "[]"
    info = parse_type(w.sql)
    assert info.name == "array" and info.item is not None and info.item.sql == item


@pytest.mark.parametrize("written", ["box?", "int8range", "Foo", "xyzzy(3)", "string | number", "", "?", "()"])
def test_unmapped(written: str) -> None:
    w = read_type(written)
    assert w.unmapped and w.sql is None and w.reference is None


def test_hint_names_the_closest_known_type() -> None:
    assert read_type("strng").hint == "varchar"
    assert read_type("integr").hint == "integer"
    assert read_type("booleen").hint == "boolean"


def test_flags() -> None:
    w = read_type("INT IDENTITY(1,1) PRIMARY KEY")
    assert w.autoincrement and w.primary_key and w.sql == "serial"
    assert read_type("varchar(50) UNIQUE").unique
    assert read_type("String @id @default(autoincrement())").primary_key


def test_long_or_hostile_texts_are_unmapped_quickly() -> None:
    assert read_type("varchar(" + "9" * 300 + ")").unmapped
    for text in [
        "(" * 199,
        "[" * 100 + "]" * 99,
        "a<" * 99,
        "x | " * 49,
        "'a'," * 49,
        "Optional[" * 22 + "int" + "]" * 22,
    ]:
        w = read_type(text)
        assert w.sql is None or parse_type(w.sql)


def test_cached_by_text() -> None:
    assert read_type("VARCHAR(77)") is read_type("VARCHAR(77)")


_ALPHABET = st.sampled_from(list("abcdefgiklmnoprstuvxyzABNTU0123456789 _()[]<>|,?!'\"`*:-.=@/\\\n") + ["->"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_ALPHABET, max_size=60).map("".join)))
def test_any_text_gives_a_type_the_vocabulary_accepts(text: str) -> None:
    w = read_type(text)
    assert w.written == text
    if w.sql is not None:
        parse_type(w.sql)
    w = read_type(text, ENTITIES, ["Status"])
    if w.sql is not None:
        parse_type(w.sql, {"Status": ("a", "b")})


def test_a_type_with_a_modifier_is_never_an_enum() -> None:
    """An enum takes no modifier: beside an enum named `bit` (PostgreSQL's own test schemas have one), `bit(5)` is
    the bit type and `bit` alone the enum."""
    enums = {"bit": ("one", "two")}
    assert (parse_type("bit(5)", enums).name, parse_type("bit(5)", enums).length) == ("bit", 5)
    assert parse_type("bit", enums).enum_name == "bit"
    assert parse_type("bit(5)[]", enums).item is not None and parse_type("bit(5)[]", enums).item.name == "bit"
