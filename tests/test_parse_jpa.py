"""The JPA / Hibernate reader: @Entity classes in ```java blocks and Kotlin (data) classes in ```kotlin / ```kt.

Each construct is checked in the design `specgen design FILE -o design.yaml` writes; lines and diagnostics on the
reader's values; and one spec goes the user's whole way: design, validate, render sqlmodel and alembic,
`alembic upgrade head` on SQLite, and the tables, foreign keys and defaults are in the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic_helpers import migrated_on_sqlite

from specgen.parse import parse_text
from specgen.parse.ir import SpecFile

JAVA = """\
package shop;

import jakarta.persistence.*;

@Entity
@Table(name = "orders", uniqueConstraints = @UniqueConstraint(columnNames = {"customer_id", "order_no"}),
       indexes = @Index(name = "ix_orders_created", columnList = "createdAt, status"))
public class Order {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "order_no", nullable = false, unique = true, length = 50)
    private String number;

    @Column(precision = 10, scale = 2)
    private BigDecimal total;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status = Status.NEW;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id")
    private Customer customer;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL)
    private List<OrderLine> lines = new ArrayList<>();

    @CreationTimestamp
    private Instant createdAt;

    private boolean paid;

    @Transient
    private String display;

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
}

@Entity
public class Customer {
    @Id @GeneratedValue private Long id;
    @NotNull @Size(max = 120) private String email;
    private LocalDate birthday;
    @ManyToMany
    @JoinTable(name = "customer_tags", joinColumns = @JoinColumn(name = "customer_id"),
               inverseJoinColumns = @JoinColumn(name = "tag_id"))
    private Set<Tag> tags;
}

@Entity
public class Tag { @Id private Long id; private String label; }

@Entity
public class OrderLine {
    @Id @GeneratedValue(strategy = GenerationType.UUID) private UUID id;
    @ManyToOne @OnDelete(action = OnDeleteAction.CASCADE) private Order order;
    private int quantity = 1;
    @Lob private String remarks;
}

public enum Status { NEW, PAID, SHIPPED }

public class OrderService { public void ship(Order o) {} }
"""

KOTLIN = """\
@Entity
@Table(name = "notes")
data class Note(
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY)
    val id: Long? = null,
    @Column(nullable = false) val title: String,
    var body: String? = null,
    @field:Column(name = "pinned_flag") val pinned: Boolean = false,
    @ManyToOne @JoinColumn(name = "order_id") val order: Order? = null,
)

@Entity
class Label {
    @Id
    @GeneratedValue
    var id: Long? = null
    lateinit var name: String
    var color: String? = null
    @Enumerated(EnumType.STRING) var tone: Tone = Tone.LIGHT
    fun paint() {}
}

enum class Tone { LIGHT, DARK }
"""


def fenced(code: str, lang: str, title: str = "Schema") -> str:
    return f"# {title}\n\n```{lang}\n{code}```\n"


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The design of the Java and Kotlin blocks, as `specgen design FILE -o design.yaml` writes it."""
    from conftest import run_specgen

    root = tmp_path_factory.mktemp("jpa")
    spec = root / "shop.md"
    spec.write_text(fenced(JAVA, "java") + "\n" + fenced(KOTLIN, "kotlin", "Notes"), encoding="utf-8")
    res = run_specgen("design", str(spec), "-o", str(root / "design.yaml"), cwd=root)
    assert res.returncode == 0, res.stdout + res.stderr
    return yaml.safe_load((root / "design.yaml").read_text(encoding="utf-8"))["database_schema"]


def entity(design: dict[str, Any], table: str) -> dict[str, Any]:
    return next(e for e in design["entities"] if e["table_name"] == table)


def columns(design: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in entity(design, table)["columns"]}


def test_tables_follow_spring_boot_naming(design: dict[str, Any]) -> None:
    assert sorted(e["table_name"] for e in design["entities"]) == [
        "customer", "customer_tags", "label", "notes", "order_line", "orders", "tag"
    ]  # fmt: skip


def test_java_columns_types_and_nullability(design: dict[str, Any]) -> None:
    order = columns(design, "orders")
    rows = {n: (c["sql_type"], c["nullable"]) for n, c in order.items()}
    assert rows == {
        "id": ("bigint", False),
        "order_no": ("varchar(50)", False),
        "total": ("numeric(10,2)", True),
        "status": ("status", False),
        "customer_id": ("bigint", False),
        "created_at": ("timestamptz", True),
        "paid": ("boolean", False),  # a primitive
    }
    assert order["id"]["autoincrement"] is True and "unique" in order["order_no"]["constraints"]
    assert (order["status"]["default"], order["created_at"]["default"]) == ("NEW", "now")
    customer = columns(design, "customer")
    assert {n: (c["sql_type"], c["nullable"]) for n, c in customer.items()} == {
        "id": ("bigint", False),
        "email": ("varchar(120)", False),
        "birthday": ("date", True),
    }
    line = columns(design, "order_line")
    assert line["id"]["sql_type"] == "uuid" and line["id"].get("default") == "uuid4"
    assert (line["remarks"]["sql_type"], line["quantity"]["default"]) == ("text", 1)
    assert {e["name"]: e["values"] for e in design["enums"]}["status"] == ["NEW", "PAID", "SHIPPED"]


def test_java_references_indexes_and_join_tables(design: dict[str, Any]) -> None:
    (fk,) = entity(design, "orders")["foreign_keys"]
    assert (fk["columns"], fk["ref_table"], fk["ref_columns"]) == (["customer_id"], "customer", ["id"])
    (line_fk,) = entity(design, "order_line")["foreign_keys"]
    assert (line_fk["columns"], line_fk["ref_table"], line_fk["on_delete"]) == (["order_id"], "orders", "CASCADE")
    ix = {(i["table_name"], tuple(i["columns"])): i for i in design["indexes"]}
    assert ix[("orders", ("created_at", "status"))]["index_name"] == "ix_orders_created"
    unique = [k for k in entity(design, "orders").get("constraints", []) if k["type"] == "unique"]
    assert [k["columns"] for k in unique] == [["customer_id", "order_no"]]
    link = entity(design, "customer_tags")
    assert link["primary_key"]["columns"] == ["customer_id", "tag_id"]
    assert sorted(f["ref_table"] for f in link["foreign_keys"]) == ["customer", "tag"]
    rels = {(r["name"], r["type"]) for r in entity(design, "orders")["relationships"]}
    assert {("customer", "many_to_one"), ("lines", "one_to_many")} <= rels  # and the back reference of notes


def test_kotlin_properties(design: dict[str, Any]) -> None:
    note = columns(design, "notes")
    assert {n: (c["sql_type"], c["nullable"]) for n, c in note.items()} == {
        "id": ("bigint", False),
        "title": ("varchar(255)", False),
        "body": ("varchar(255)", True),
        "pinned_flag": ("boolean", False),
        "order_id": ("bigint", True),
    }
    (fk,) = entity(design, "notes")["foreign_keys"]
    assert (fk["ref_table"], fk["ref_columns"]) == ("orders", ["id"])  # the Java block's table
    label = columns(design, "label")
    assert [(n, c["sql_type"], c["nullable"]) for n, c in label.items()] == [
        ("id", "bigint", False),
        ("name", "varchar(255)", False),
        ("color", "varchar(255)", True),
        ("tone", "tone", False),
    ]


def read(code: str, lang: str = "java") -> SpecFile:
    return parse_text("d.md", fenced(code, lang))


def test_locations_and_what_is_not_an_entity() -> None:
    spec = read(JAVA)
    order = next(e for e in spec.entities if e.name == "Order")
    assert (order.form, order.loc.line, order.columns[0].loc.line) == ("jpa", 11, 14)
    notes = [(d.severity, d.loc.line if d.loc else 0, d.message) for d in spec.diagnostics]
    assert notes == [("info", 69, "Java class 'OrderService' is not an entity (methods only)")]
    kotlin = parse_text("d.md", fenced("fun fiscalYear(d: LocalDate): Int = d.year\n", "kotlin"))
    assert kotlin.entities == [] and kotlin.diagnostics == []
    dto = read("public class OrderDto { private Long id; private String number; }\n")
    assert [d.message for d in dto.diagnostics] == ["Java class 'OrderDto' is not an entity (no @Entity)"]


def test_no_traceback_on_broken_code() -> None:
    for lang in ("java", "kotlin", "kt"):
        for code in (
            "@Entity public class A {",
            "@Entity class",
            "@Table(",
            "@Entity data class A(",
            "@Entity class A { @Id var id: Long? = ",
            "enum class",
            '"',
            "@",
            "@Entity public class A { @Column(name = ) private String x; }",
        ):
            read(code + "\n", lang)
    deep = read("@Entity class A { @Id private Long id; private int x = " + "(" * 5000 + "; }\n")
    assert [e.name for e in deep.entities] == ["A"]
    mutated = JAVA + KOTLIN
    for cut in range(0, len(mutated), 89):
        read(mutated[:cut] + "\n")
        read(mutated[:cut] + "\n", "kotlin")
        mutated = mutated[:cut] + "}{)[@" + mutated[cut + 5 :]
    read(mutated)


def test_the_reader_is_a_function_of_the_text() -> None:
    assert repr(read(JAVA)) == repr(read(JAVA))
    assert repr(read(KOTLIN, "kt")) == repr(read(KOTLIN, "kotlin"))


def test_library_migrates_on_sqlite(tmp_path: Path, cli: Any) -> None:
    """The user's way: design, validate, render sqlmodel and alembic, `alembic upgrade head` on SQLite."""
    import sqlalchemy as sa

    code = """\
@Entity
@Table(name = "authors")
public class Author {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) private Long id;
    @Column(nullable = false, unique = true, length = 120) private String email;
    @OneToMany(mappedBy = "author") private List<Book> books;
}

@Entity
@Table(name = "books", indexes = @Index(name = "ix_books_title", columnList = "title"))
public class Book {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) private Long id;
    @ManyToOne(optional = false) @OnDelete(action = OnDeleteAction.CASCADE) private Author author;
    @Column(nullable = false, length = 200) private String title;
    @ColumnDefault("0") @Column(nullable = false) private Integer stock;
    private String note;
}
"""
    engine = migrated_on_sqlite(tmp_path, {"library.md": fenced(code, "java", "Library")}, cli)
    inspector = sa.inspect(engine)
    assert {"authors", "books"} <= set(inspector.get_table_names())
    assert [c["name"] for c in inspector.get_columns("books")] == ["id", "author_id", "title", "stock", "note"]
    (fk,) = inspector.get_foreign_keys("books")
    assert (fk["constrained_columns"], fk["referred_table"], fk["options"].get("ondelete")) == (
        ["author_id"], "authors", "CASCADE"
    )  # fmt: skip
    assert [i["name"] for i in inspector.get_indexes("books") if i["name"] == "ix_books_title"] == ["ix_books_title"]
    with engine.begin() as conn:
        conn.execute(sa.text("PRAGMA foreign_keys = ON"))
        conn.execute(sa.text("INSERT INTO authors (email) VALUES ('a@b.c')"))
        conn.execute(sa.text("INSERT INTO books (author_id, title) VALUES (1, 'T')"))
        assert conn.execute(sa.text("SELECT stock, note FROM books")).one() == (0, None)
        conn.execute(sa.text("DELETE FROM authors"))
        assert conn.execute(sa.text("SELECT count(*) FROM books")).scalar() == 0
    engine.dispose()
