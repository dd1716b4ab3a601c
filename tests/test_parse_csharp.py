"""The C# / EF Core reader: entity classes, data annotations, conventions and the fluent API in ```csharp blocks.

Each construct is checked in the design `specgen design FILE -o design.yaml` writes; lines, diagnostics and the
completion of a Markdown column table by `OnModelCreating` on the reader's values; and one spec goes the user's
whole way: design, validate, render sqlmodel and alembic, `alembic upgrade head` on SQLite, and the tables,
foreign keys and defaults are in the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic_helpers import migrated_on_sqlite

from specgen.parse import parse_text
from specgen.parse.ir import SpecFile

SHOP = """\
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace Shop.Models;

public enum OrderStatus { Pending, Shipped }

[Table("customers", Schema = "sales")]
public class Customer
{
    public int Id { get; set; }
    [Required, MaxLength(200)]
    public string Name { get; set; } = null!;
    public string? Email { get; set; }
    public ICollection<Order> Orders { get; set; } = new List<Order>();
}

[Index(nameof(Number), IsUnique = true)]
public class Order
{
    public int Id { get; set; }
    [StringLength(50)]
    public string Number { get; set; } = null!;
    public string? Note { get; set; }
    [Precision(10, 2)]
    public decimal Total { get; set; }
    public Guid CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
    public ICollection<OrderLine> Lines { get; set; } = new List<OrderLine>();
    public OrderStatus Status { get; set; } = OrderStatus.Pending;
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTimeOffset? ShippedAt { get; set; }
    public bool IsPaid { get; set; }
    public decimal Net => Total;
    public void Ship() { Status = OrderStatus.Shipped; }
}

public class OrderLine
{
    [Key]
    [DatabaseGenerated(DatabaseGeneratedOption.Identity)]
    public long LineNo { get; set; }
    public int OrderId { get; set; }
    [ForeignKey(nameof(OrderId))]
    public Order Order { get; set; } = null!;
    [Column("qty")]
    public int Quantity { get; set; }
    [Column(TypeName = "decimal(18,4)")]
    public decimal UnitPrice { get; set; }
    public byte[]? Image { get; set; }
    public DateOnly? DeliveredOn { get; set; }
    [NotMapped]
    public string Label { get; set; } = "";
}

public record Coupon(Guid Id, string Code, required int Percent);

public record OrderDto(int Id, string Number);

public class OrderService
{
    public Task ShipAsync(int id) => Task.CompletedTask;
}

public class ShopContext : DbContext
{
    public DbSet<Order> Orders { get; set; }
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<Customer> Customers { get; set; }
    public DbSet<Coupon> Coupons { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("orders");
            e.Property(x => x.Note).HasMaxLength(500);
            e.HasIndex(x => new { x.CustomerId, x.CreatedAt }).HasDatabaseName("ix_orders_customer");
            e.HasOne(x => x.Customer).WithMany(c => c.Orders).HasForeignKey(x => x.CustomerId)
                .OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<OrderLine>().Property(l => l.Quantity).HasDefaultValue(1);
        modelBuilder.Entity<Coupon>().HasKey(c => c.Id);
    }
}
"""


def fenced(code: str, lang: str = "csharp", title: str = "Schema") -> str:
    return f"# {title}\n\n```{lang}\n{code}```\n"


def read(code: str, lang: str = "csharp") -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the code's first line is line 4.
    return parse_text("d.md", fenced(code, lang))


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The design of the shop, as `specgen design FILE -o design.yaml` writes it (one process)."""
    from conftest import run_specgen

    root = tmp_path_factory.mktemp("csharp")
    spec = root / "shop.md"
    spec.write_text(fenced(SHOP), encoding="utf-8")
    res = run_specgen("design", str(spec), "-o", str(root / "design.yaml"), cwd=root)
    assert res.returncode == 0, res.stdout + res.stderr
    return yaml.safe_load((root / "design.yaml").read_text(encoding="utf-8"))["database_schema"]


def entity(design: dict[str, Any], table: str) -> dict[str, Any]:
    return next(e for e in design["entities"] if e["table_name"] == table)


def columns(design: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in entity(design, table)["columns"]}


def test_tables_are_named_by_table_attribute_to_table_and_dbset(design: dict[str, Any]) -> None:
    assert sorted(e["table_name"] for e in design["entities"]) == ["Coupons", "OrderLines", "customers", "orders"]
    assert entity(design, "customers")["schema_name"] == "sales"
    assert {e["name"] for e in design["entities"]} == {"Customer", "Order", "OrderLine", "Coupon"}  # no DTO


def test_columns_types_and_nullability(design: dict[str, Any]) -> None:
    order = columns(design, "orders")
    assert list(order) == [
        "Id", "Number", "Note", "Total", "CustomerId", "Status", "CreatedAt", "ShippedAt", "IsPaid"
    ]  # fmt: skip  # navigations, collections, computed properties and methods are not columns
    rows = {n: (c["sql_type"], c["nullable"]) for n, c in order.items()}
    assert rows == {
        "Id": ("integer", False),
        "Number": ("varchar(50)", False),
        "Note": ("varchar(500)", True),  # the fluent API's HasMaxLength
        "Total": ("numeric(10,2)", False),
        "CustomerId": ("uuid", False),
        "Status": ("order_status", False),
        "CreatedAt": ("timestamp", False),
        "ShippedAt": ("timestamptz", True),
        "IsPaid": ("boolean", False),
    }
    assert (order["Status"]["default"], order["CreatedAt"]["default"]) == ("Pending", "now")
    line = columns(design, "OrderLines")
    assert {n: c["sql_type"] for n, c in line.items()} == {
        "LineNo": "bigint",
        "OrderId": "integer",
        "qty": "integer",
        "UnitPrice": "numeric(18,4)",
        "Image": "bytea",
        "DeliveredOn": "date",
    }
    assert line["qty"]["python_name"] == "Quantity" and line["qty"]["server_default"] == "1"
    customer = columns(design, "customers")
    assert (customer["Name"]["sql_type"], customer["Name"]["nullable"]) == ("varchar(200)", False)
    assert (customer["Email"]["sql_type"], customer["Email"]["nullable"]) == ("text", True)
    coupon = columns(design, "Coupons")
    assert [(n, c["sql_type"], c["nullable"]) for n, c in coupon.items()] == [
        ("Id", "uuid", False),
        ("Code", "text", False),
        ("Percent", "integer", False),
    ]


def test_keys_and_identity(design: dict[str, Any]) -> None:
    assert entity(design, "orders")["primary_key"]["columns"] == ["Id"]
    assert columns(design, "orders")["Id"]["autoincrement"] is True
    assert entity(design, "OrderLines")["primary_key"]["columns"] == ["LineNo"]
    assert columns(design, "OrderLines")["LineNo"]["autoincrement"] is True
    assert columns(design, "Coupons")["Id"].get("default") == "uuid4"  # EF Core makes Guid keys


def test_foreign_keys_relationships_and_indexes(design: dict[str, Any]) -> None:
    (fk,) = entity(design, "orders")["foreign_keys"]
    assert (fk["columns"], fk["ref_table"], fk["ref_columns"], fk["on_delete"]) == (
        ["CustomerId"], "customers", ["Id"], "RESTRICT"
    )  # fmt: skip
    (line_fk,) = entity(design, "OrderLines")["foreign_keys"]
    assert (line_fk["columns"], line_fk["ref_table"], line_fk["on_delete"]) == (["OrderId"], "orders", "CASCADE")
    rels = {(r["name"], r["type"], r["related_entity"]) for r in entity(design, "orders")["relationships"]}
    assert rels == {("Customer", "many_to_one", "Customer"), ("Lines", "one_to_many", "OrderLine")}
    ix = {(i["table_name"], tuple(i["columns"])): i for i in design["indexes"]}
    assert ix[("orders", ("Number",))]["unique"] is True
    assert ix[("orders", ("CustomerId", "CreatedAt"))]["index_name"] == "ix_orders_customer"
    assert columns(design, "OrderLines")["OrderId"]["indexed"] is True  # EF Core indexes foreign keys
    assert {e["name"]: e["values"] for e in design["enums"]}["order_status"] == ["Pending", "Shipped"]


def test_locations_and_what_is_not_an_entity() -> None:
    spec = read(SHOP)
    order = next(e for e in spec.entities if e.name == "Order")
    assert (order.form, order.loc.line, order.columns[0].loc.line) == ("csharp", 22, 24)
    notes = [(d.severity, d.loc.line if d.loc else 0, d.message) for d in spec.diagnostics]
    assert ("info", 61, "C# record 'OrderDto' is not an entity (no key and no [Table]): not a table") in notes
    assert ("info", 63, "C# class 'OrderService' is not an entity (methods only): not a table") in notes
    assert not [n for n in notes if n[0] != "info"]


def test_fluent_api_completes_a_markdown_table() -> None:
    """`OnModelCreating` beside a column table: the table's facts stay; the code adds what the table leaves open."""
    text = """# Docs

## Entity: Document

| Property | Type | Nullable | Description |
|----------|------|----------|-------------|
| `DocumentId` | `int` | No | PK |
| `Title` | `string` (`NVARCHAR(200)`) | No | Title |
| `Tags` | `string` | Yes | Comma separated |
| `OwnerId` | `string` | No | Who uploaded it |

```csharp
public DbSet<Document> Documents { get; set; } = default!;

protected override void OnModelCreating(ModelBuilder modelBuilder)
{
    modelBuilder.Entity<Document>(entity =>
    {
        entity.HasKey(d => d.DocumentId);
        entity.Property(d => d.Title).HasMaxLength(100).IsRequired();
        entity.Property(d => d.Tags).HasMaxLength(500);
        entity.HasIndex(d => d.Title).IsUnique();
        entity.HasOne(d => d.Owner).WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Restrict);
    });
}
```
"""
    spec = parse_text("d.md", text)
    (doc,) = spec.entities
    assert (doc.form, doc.table) == ("native", "Documents")  # the DbSet names the table; the Markdown entity stays
    cols = {c.name: c for c in doc.columns}
    assert cols["Title"].type == "varchar(200)"  # the table's stated type wins over HasMaxLength(100)
    assert cols["Tags"].nullable is True
    assert cols["OwnerId"].fk is None  # `HasOne(d => d.Owner)`: the class of Owner is not known, nothing is made up
    assert [(i.columns, i.unique) for i in doc.indexes] == [(["Title"], True)]
    assert [d for d in spec.diagnostics if d.severity != "info"] == []


def test_fluent_configuration_classes_and_composite_keys() -> None:
    spec = read("""\
public class Enrollment
{
    public int StudentId { get; set; }
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;
    public string? Grade { get; set; }
}
public class Course { public int Id { get; set; } public string Title { get; set; } = ""; }
public class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> builder)
    {
        builder.ToTable("enrollments", "school");
        builder.HasKey(x => new { x.StudentId, x.CourseId });
        builder.Property(x => x.Grade).HasColumnName("grade").HasMaxLength(2);
    }
}
""")
    by = {e.name: e for e in spec.entities}
    enrollment = by["Enrollment"]
    assert (enrollment.table, enrollment.options["schema"]) == ("enrollments", "school")
    assert [(k.kind, k.columns) for k in enrollment.constraints] == [("primary_key", ["StudentId", "CourseId"])]
    assert [(c.name, c.type, c.nullable) for c in enrollment.columns][-1] == ("grade", "varchar(2)", True)
    fk = next(c.fk for c in enrollment.columns if c.name == "CourseId")
    assert fk is not None and (fk.ref_table, fk.ref_columns, fk.on_delete) == ("Course", ["Id"], "CASCADE")


def test_no_traceback_on_broken_code() -> None:
    for code in (
        "public class A {",
        "public class",
        "[Table(",
        "public class A { public int Id { get; set; } = ",
        "modelBuilder.Entity<A>(e => { e.Property(x => x.",
        "public enum E {",
        '"',
        "public class A : { public int Id { get; }",
        "protected override void OnModelCreating(ModelBuilder b) { b.Entity<",
    ):
        read(code + "\n")
    deep = read("public class A { public int Id { get; set; } public int X { get; set; } = " + "(" * 5000 + " }\n")
    assert [e.name for e in deep.entities] == ["A"]
    mutated = SHOP
    for cut in range(0, len(SHOP), 97):
        read(SHOP[:cut] + "\n")
        mutated = mutated[:cut] + "}{)[" + mutated[cut + 4 :]
    read(mutated)


def test_the_reader_is_a_function_of_the_text() -> None:
    assert repr(read(SHOP)) == repr(read(SHOP))


def test_cs_and_csharp_fences_read_alike() -> None:
    assert [e.name for e in read(SHOP, "cs").entities] == [e.name for e in read(SHOP, "c#").entities]


def test_shop_migrates_on_sqlite(tmp_path: Path, cli: Any) -> None:
    """The user's way: design, validate, render sqlmodel and alembic, `alembic upgrade head` on SQLite."""
    import sqlalchemy as sa

    code = """\
public class Author
{
    public int Id { get; set; }
    [MaxLength(120)]
    public string Email { get; set; } = null!;
    public ICollection<Book> Books { get; set; } = new List<Book>();
}

public class Book
{
    public int Id { get; set; }
    public int AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    [MaxLength(200)]
    public string Title { get; set; } = null!;
    public int Stock { get; set; }
    public string? Note { get; set; }
}

public class LibraryContext : DbContext
{
    public DbSet<Author> authors { get; set; }
    public DbSet<Book> books { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Book>(b =>
        {
            b.Property(x => x.Stock).HasDefaultValue(0);
            b.HasIndex(x => x.Title).IsUnique();
        });
    }
}
"""
    engine = migrated_on_sqlite(tmp_path, {"library.md": fenced(code, "csharp", "Library")}, cli)
    inspector = sa.inspect(engine)
    assert {"authors", "books"} <= set(inspector.get_table_names())
    assert [c["name"] for c in inspector.get_columns("books")] == ["Id", "AuthorId", "Title", "Stock", "Note"]
    (fk,) = inspector.get_foreign_keys("books")
    assert (fk["constrained_columns"], fk["referred_table"], fk["options"].get("ondelete")) == (
        ["AuthorId"], "authors", "CASCADE"
    )  # fmt: skip
    with engine.begin() as conn:
        conn.execute(sa.text("PRAGMA foreign_keys = ON"))
        conn.execute(sa.text("INSERT INTO authors (\"Email\") VALUES ('a@b.c')"))
        conn.execute(sa.text('INSERT INTO books ("AuthorId", "Title") VALUES (1, \'T\')'))
        assert conn.execute(sa.text('SELECT "Stock", "Note" FROM books')).one() == (0, None)
        conn.execute(sa.text("DELETE FROM authors"))
        assert conn.execute(sa.text("SELECT count(*) FROM books")).scalar() == 0
    engine.dispose()


def test_wild_contoso_document() -> None:
    """A spec-kit data model whose column tables sit beside EF Core `OnModelCreating` code: the tables keep their
    columns, types and references; the code adds the DbSet table names and the indexes."""
    from conftest import SHARED

    name = "19_contoso-documents.md"
    path = SHARED / "wild" / "files" / name
    if not path.is_file():
        pytest.skip(f"{path} not found (a lone clone has no ../shared)")
    expect = yaml.safe_load((SHARED / "wild" / "EXPECT.yaml").read_text(encoding="utf-8"))[name]
    spec = parse_text(str(path), path.read_text(encoding="utf-8"))
    assert [e.form for e in spec.entities] == ["native"] * 3
    assert [e.table for e in spec.entities] == ["Documents", "DocumentShares", "ActivityLogs"]
    assert [len(e.columns) for e in spec.entities] == [len(want["columns"]) for want in expect["entities"]]
    document = spec.entities[0]
    assert [i.columns for i in document.indexes][:2] == [["FilePath"], ["UploadedByUserId"]]
    assert not [d for d in spec.diagnostics if "C#" in d.message]


def test_the_documented_example_reads() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "spec-format.md").read_text(encoding="utf-8")
    code = doc.split("   ```csharp\n", 1)[1].split("   ```\n", 1)[0].replace("\n   ", "\n").removeprefix("   ")
    spec = read(code)
    assert [d.format() for d in spec.diagnostics] == []
    (order,) = spec.entities
    assert [(c.name, c.type, c.nullable, c.fk.ref_table if c.fk else None) for c in order.columns] == [
        ("Id", "integer", False, None),
        ("Number", "varchar(50)", False, None),
        ("Note", "text", True, None),
        ("CustomerId", "integer", False, "Customer"),
    ]


def test_scalar_collections_are_array_columns_and_value_objects_are_not_references() -> None:
    spec = read("""\
public record Address(string Street, string City);
public class Shop
{
    public int Id { get; set; }
    public List<string> Tags { get; set; } = new();
    public int[] Scores { get; set; } = [];
    public Address Address { get; set; } = null!;
}
""")
    (shop,) = spec.entities
    assert [(c.name, c.type) for c in shop.columns] == [("Id", "integer"), ("Tags", "text[]"), ("Scores", "integer[]")]
    assert shop.relationships == []
    assert [d.message for d in spec.diagnostics][-1] == "'Shop.Address' is of class 'Address', not an entity: not read"
