"""Django models in ```python blocks: fields, options, relations, Meta, implicit keys; never executed."""

from __future__ import annotations

import ast

import pytest

from conftest import SHARED
from specgen.design.build import build_design
from specgen.parse import parse, parse_text
from specgen.parse.django_meta import q_sql
from specgen.parse.ir import ColumnIR, EntityIR, SpecFile, SpecIR


def read(code: str) -> SpecFile:
    # Line 1 title, 2 blank, 3 the fence: the code's first line is line 4.
    return parse_text("d.md", f"# T\n\n```python\n{code}\n```\n")


def entity(spec: SpecFile, name: str) -> EntityIR:
    return next(e for e in spec.entities if e.name == name)


def column(e: EntityIR, name: str) -> ColumnIR:
    return next(c for c in e.columns if c.name == name)


FIELDS = """\
from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=120, unique=True, help_text="Headline")
    body = models.TextField(blank=True)
    views = models.PositiveIntegerField(default=0)
    big = models.BigIntegerField(null=True)
    small = models.SmallIntegerField()
    live = models.BooleanField(default=False)
    day = models.DateField()
    created = models.DateTimeField(auto_now_add=True)
    changed = models.DateTimeField(auto_now=True)
    at = models.TimeField()
    price = models.DecimalField(max_digits=8, decimal_places=2)
    ratio = models.FloatField()
    token = models.UUIDField(db_index=True)
    email = models.EmailField()
    site = models.URLField(max_length=300)
    slug = models.SlugField()
    meta = models.JSONField(default=dict)
    blob = models.BinaryField()
    upload = models.FileField(upload_to="x/")
    picture = models.ImageField()
    ip = models.GenericIPAddressField()
    span = models.DurationField()
    code = models.CharField("Code", max_length=5, db_column="cd")
    tags = ArrayField(models.CharField(max_length=10))
"""


def test_field_types_and_options() -> None:
    spec = read(FIELDS)
    e = entity(spec, "Article")
    assert e.form == "python" and e.table is None  # table named by the common rule: articles
    types = {c.name: c.type for c in e.columns}
    assert types == {
        "id": "bigint",
        "title": "varchar(120)",
        "body": "text",
        "views": "integer",
        "big": "bigint",
        "small": "smallint",
        "live": "boolean",
        "day": "date",
        "created": "timestamptz",
        "changed": "timestamptz",
        "at": "time",
        "price": "numeric(8,2)",
        "ratio": "double",
        "token": "uuid",
        "email": "varchar(254)",
        "site": "varchar(300)",
        "slug": "varchar(50)",
        "meta": "jsonb",
        "blob": "bytea",
        "upload": "varchar(100)",
        "picture": "varchar(100)",
        "ip": "inet",
        "span": "interval",
        "cd": "varchar(5)",
        "tags": "varchar(10)[]",
    }
    pk = column(e, "id")
    assert pk.primary_key and pk.autoincrement and "Implicit" in (pk.description or "")
    assert pk.loc.line == 7  # the class line
    title = column(e, "title")
    assert title.unique and title.nullable is False and title.description == "Headline"
    assert title.loc.line == 8
    assert column(e, "big").nullable is True and column(e, "body").nullable is False  # blank is not null
    assert column(e, "views").check == "views >= 0" and column(e, "views").default == "0"
    assert column(e, "live").default == "False"
    assert column(e, "created").default == "now" and column(e, "created").on_update is None
    assert column(e, "changed").default == "now" and column(e, "changed").on_update == "now"
    assert column(e, "token").index
    code = column(e, "cd")
    assert code.python_name == "code" and code.description == "Code"


RELATIONS = """\
from django.db import models


class Client(models.Model):
    name = models.CharField(max_length=50)


class Case(models.Model):
    client = models.ForeignKey('clients.Client', on_delete=models.PROTECT, related_name='cases')
    lawyer = models.ForeignKey('auth.User', on_delete=models.SET_NULL, null=True)
    parent = models.ForeignKey('self', on_delete=models.CASCADE, null=True, db_column='parent_ref')
    dossier = models.OneToOneField('Dossier', on_delete=models.DO_NOTHING)
    keeper = models.ForeignKey(Client, models.SET_DEFAULT, to_field='name', related_name='+')


class Dossier(models.Model):
    ref = models.CharField(max_length=10, primary_key=True)
"""


def test_foreign_keys_are_name_id_columns() -> None:
    spec = read(RELATIONS)
    case = entity(spec, "Case")
    client = column(case, "client_id")
    assert client.fk is not None and client.fk.ref_table == "Client" and client.fk.ref_is_entity
    assert client.fk.on_delete == "RESTRICT" and client.nullable is False and client.index
    assert client.type == "bigint"  # Client's implicit id
    lawyer = column(case, "lawyer_id")
    assert lawyer.fk.ref_table == "User" and lawyer.fk.on_delete == "SET NULL" and lawyer.nullable is True
    parent = column(case, "parent_ref")
    assert parent.fk.ref_table == "Case" and parent.fk.columns == ["parent_ref"]
    dossier = column(case, "dossier_id")
    assert dossier.unique and not dossier.index and dossier.fk.on_delete == "NO ACTION"
    assert dossier.type_from_reference  # the type of Dossier's key, defined later in the block: the merge gives it
    designed = {e.name: e for e in build_design(SpecIR([spec])).design.database_schema.entities}["Case"]
    assert {c.name: c.sql_type for c in designed.columns}["dossier_id"] == "varchar(10)"
    keeper = column(case, "keeper_id")
    assert keeper.fk.ref_columns == ["name"] and keeper.fk.on_delete == "SET DEFAULT"
    rels = {r.name: r for r in case.relationships}
    # The attribute is the relationship, as in Django; a target the file does not define gets none.
    assert set(rels) == {"client", "parent", "dossier", "keeper"}
    assert rels["client"].kind == "many_to_one" and rels["client"].back_populates == "cases"
    assert rels["dossier"].kind == "one_to_one"
    assert rels["keeper"].back_populates is None  # related_name='+': no reverse accessor named


def test_relations_build_a_design() -> None:
    spec = read(RELATIONS.replace("'auth.User'", "'Client'"))
    result = build_design(SpecIR([spec]))
    assert not result.errors, result.errors
    schema = result.design.database_schema
    case = next(e for e in schema.entities if e.name == "Case")
    fks = {tuple(f.columns): (f.ref_table, f.ref_columns, f.on_delete) for f in case.foreign_keys}
    assert fks[("client_id",)] == ("clients", ["id"], "RESTRICT")
    assert fks[("parent_ref",)] == ("cases", ["id"], "CASCADE")
    assert fks[("dossier_id",)] == ("dossiers", ["ref"], "NO ACTION")
    client = next(e for e in schema.entities if e.name == "Client")
    assert any(r.name == "cases" and r.type == "one_to_many" for r in client.relationships)


CHOICES = """\
from django.db import models

SIZES = [('s', 'Small'), ('m', 'Medium')]


class Status(models.TextChoices):
    DRAFT = 'dr', 'Draft'
    LIVE = 'lv', 'Live'


class Level(models.IntegerChoices):
    LOW = 1, 'Low'
    HIGH = 2, 'High'


class Manager(models.Manager):
    def live(self):
        return self.filter(status='lv')


class Post(models.Model):
    KINDS = [('a', 'A'), ('Group', (('b', 'B'), ('c', 'C')))]

    status = models.CharField(max_length=2, choices=Status.choices, default=Status.LIVE)
    level = models.IntegerField(choices=Level.choices, default=Level.HIGH)
    size = models.CharField(max_length=1, choices=SIZES)
    kind = models.CharField(max_length=1, choices=KINDS)
    inline = models.CharField(max_length=1, choices=[('x', 'X'), ('y', 'Y')])
    rank = models.IntegerField(choices=((1, 'one'), (2, 'two')))

    objects = Manager()
"""


def test_choices() -> None:
    spec = read(CHOICES)
    assert [(e.name, e.values) for e in spec.enums] == [("Status", ["dr", "lv"])]
    assert [e.name for e in spec.entities] == ["Post"]  # no table for choices classes and managers
    post = entity(spec, "Post")
    assert column(post, "status").type == "Status" and column(post, "status").default == "'lv'"
    level = column(post, "level")
    assert level.type == "integer" and level.check == "level IN (1, 2)" and level.default == "2"
    assert column(post, "size").type == "enum(s, m)"
    assert column(post, "kind").type == "enum(a, b, c)"
    assert column(post, "inline").type == "enum(x, y)"
    assert column(post, "rank").check == "rank IN (1, 2)"


INHERITANCE = """\
from django.db import models


class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=['-created'], name='ix_%(class)s_created')]


class Place(Stamped):
    name = models.CharField(max_length=50)


class Restaurant(Place):
    seats = models.IntegerField()


class Cheap(Place):
    class Meta:
        proxy = True


class Owned(Stamped):
    code = models.AutoField(primary_key=True)
    place = models.ForeignKey(Place, on_delete=models.CASCADE)
"""


def test_abstract_multi_table_and_proxy() -> None:
    spec = read(INHERITANCE)
    assert [e.name for e in spec.entities] == ["Place", "Restaurant", "Owned"]
    place = entity(spec, "Place")
    assert [c.name for c in place.columns] == ["id", "created", "name"]
    # Meta of the abstract base is inherited, its %(class)s names made per model.
    assert [(ix.name, ix.columns) for ix in place.indexes] == [("ix_place_created", ["created"])]
    restaurant = entity(spec, "Restaurant")
    ptr = restaurant.columns[0]
    assert ptr.name == "place_ptr_id" and ptr.primary_key and ptr.fk.ref_table == "Place"
    assert [c.name for c in restaurant.columns] == ["place_ptr_id", "seats"]
    owned = entity(spec, "Owned")
    assert [c.name for c in owned.columns if c.primary_key] == ["code"]  # no implicit id beside a stated key
    assert column(owned, "code").autoincrement and column(owned, "code").type == "integer"
    assert any("proxy" in d.message for d in spec.diagnostics)


META = """\
from django.db import models


class Booking(models.Model):
    room = models.ForeignKey('Room', on_delete=models.CASCADE)
    start = models.DateField()
    end = models.DateField()
    state = models.CharField(max_length=10)

    class Meta:
        db_table = 'hotel_booking'
        ordering = ['-start']
        unique_together = [('room', 'start'), ('room', 'end')]
        index_together = ('start', 'end')
        indexes = [models.Index(fields=['room', '-start'], name='ix_room_start'), models.Index(Lower('state'), name='ix_lower')]
        constraints = [
            models.UniqueConstraint(fields=['room'], condition=models.Q(state='open'), name='uq_open_room'),
            models.CheckConstraint(check=models.Q(end__gte=models.F('start')), name='ck_dates'),
            models.CheckConstraint(condition=models.Q(state__in=['open', 'closed']) | models.Q(state__isnull=True), name='ck_state'),
            models.CheckConstraint(check=models.Q(room__number__gt=0), name='ck_join'),
        ]


class Room(models.Model):
    number = models.IntegerField()
"""


def test_meta() -> None:
    spec = read(META)
    b = entity(spec, "Booking")
    assert b.table == "hotel_booking"
    uniques = [(k.name, k.columns) for k in b.constraints if k.kind == "unique"]
    assert uniques == [(None, ["room_id", "start"]), (None, ["room_id", "end"])]
    checks = {k.name: k.expression for k in b.constraints if k.kind == "check"}
    assert checks == {"ck_dates": "end >= start", "ck_state": "(state IN ('open', 'closed')) OR (state IS NULL)"}
    indexes = {ix.name: (ix.columns, ix.unique, ix.where) for ix in b.indexes}
    assert indexes == {
        None: (["start", "end"], False, None),
        "ix_room_start": (["room_id", "start"], False, None),
        "ix_lower": (["lower(state)"], False, None),
        "uq_open_room": (["room_id"], True, "state = 'open'"),
    }
    skipped = [d for d in spec.diagnostics if "ck_join" in d.message]
    assert skipped and skipped[0].severity == "info"


def test_q_translation() -> None:
    def sql(text: str) -> str | None:
        return q_sql(ast.parse(text, mode="eval").body, lambda n: {"owner": "owner_id"}.get(n, n))

    assert sql("Q(a__lt=1, b='x')") == "a < 1 AND b = 'x'"
    assert sql("~Q(owner=None)") == "NOT (owner_id IS NULL)"
    assert sql("Q(n__range=(1, 9))") == "n BETWEEN 1 AND 9"
    assert sql('Q(name__startswith="O\'")') == "name LIKE 'O''%'"
    assert sql("Q(flag=True) & Q(Q(x__gt=F('y')))") == "(flag = TRUE) AND (x > y)"
    assert sql("Q(a__regex='^x')") is None
    assert sql("Q(a__lower__exact='x')") is None


MANY = """\
from django.db import models


class Topping(models.Model):
    name = models.CharField(max_length=20)


class Pizza(models.Model):
    toppings = models.ManyToManyField(Topping, related_name='pizzas')
    friends = models.ManyToManyField('self')
    labels = models.ManyToManyField('Label', through='PizzaLabel')
    groups = models.ManyToManyField('auth.Group')


class Label(models.Model):
    text = models.CharField(max_length=20)


class PizzaLabel(models.Model):
    pizza = models.ForeignKey(Pizza, on_delete=models.CASCADE)
    label = models.ForeignKey(Label, on_delete=models.CASCADE)
"""


def test_many_to_many() -> None:
    spec = read(MANY)
    names = [e.name for e in spec.entities]
    assert names == ["Topping", "Pizza", "Label", "PizzaLabel", "PizzaToppings", "PizzaFriends", "PizzaGroups"]
    join = entity(spec, "PizzaToppings")
    assert join.table == "pizzas_toppings"
    assert [(c.name, c.fk.ref_table if c.fk else None) for c in join.columns] == [
        ("id", None),
        ("pizza_id", "Pizza"),
        ("topping_id", "Topping"),
    ]
    assert join.constraints[0].columns == ["pizza_id", "topping_id"]
    friends = entity(spec, "PizzaFriends")
    assert [c.name for c in friends.columns] == ["id", "from_pizza_id", "to_pizza_id"]
    pizza = entity(spec, "Pizza")
    rels = {r.name: (r.target, r.through, r.back_populates) for r in pizza.relationships}
    assert rels == {
        "toppings": ("Topping", "pizzas_toppings", "pizzas"),
        "friends": ("Pizza", "pizzas_friends", None),
        "labels": ("Label", "PizzaLabel", None),
    }  # auth.Group is not defined here: its join table is made, the relationship is not
    spec2 = read(MANY.replace("    groups = models.ManyToManyField('auth.Group')\n", ""))
    result = build_design(SpecIR([spec2]))
    assert not result.errors, result.errors
    topping = next(e for e in result.design.database_schema.entities if e.name == "Topping")
    assert [(r.name, r.type, r.join_table) for r in topping.relationships] == [
        ("pizzas", "many_to_many", "pizzas_toppings")
    ]


def test_sqlalchemy_classes_stay_with_the_python_reader() -> None:
    spec = read(
        "class Base(DeclarativeBase):\n    pass\n\n\n"
        "class Model(Base):\n    __abstract__ = True\n    id: Mapped[int] = mapped_column(primary_key=True)\n\n\n"
        "class User(Model):\n    __tablename__ = 'users'\n    name: Mapped[str] = mapped_column(String(20))\n"
    )
    user = entity(spec, "User")
    assert [c.name for c in user.columns] == ["id", "name"]
    assert column(user, "id").description is None  # not Django's implicit key


def test_bare_model_base_with_django_fields() -> None:
    spec = read(
        "from django.db.models import Model, CharField\n\n\nclass Tag(Model):\n    name = CharField(max_length=9)\n"
    )
    tag = entity(spec, "Tag")
    assert [(c.name, c.type) for c in tag.columns] == [("id", "bigint"), ("name", "varchar(9)")]


def test_bad_field_does_not_stop_the_class() -> None:
    spec = read(
        "class A(models.Model):\n    b = models.ForeignKey(on_delete=models.CASCADE)\n    c = models.IntegerField()\n"
    )
    a = entity(spec, "A")
    assert [c.name for c in a.columns] == ["id", "b", "c"]
    assert any("related model is not read" in d.message and d.loc.line == 5 for d in spec.diagnostics)


def test_wild_legaldocs() -> None:
    path = SHARED / "wild" / "files" / "15_legaldocs-django-spec.md"
    if not path.is_file():
        pytest.skip("../shared/wild not found")
    ir = parse([path])
    spec = ir.files[0]
    assert [e.name for e in spec.entities] == ["Client", "Case", "Document"]
    case = entity(spec, "Case")
    assert [c.name for c in case.columns][:3] == ["id", "client_id", "case_number"]
    assert column(case, "client_id").fk.on_delete == "RESTRICT"
    assert column(case, "status").type.startswith("enum(en_proceso, ")
    assert column(case, "case_number").unique
    document = entity(spec, "Document")
    assert column(document, "file").type == "varchar(100)"
    assert column(document, "case_id").fk.ref_table == "Case"


def test_a_relation_named_like_a_soft_keyword_is_moved_aside_and_the_models_load(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`case = models.ForeignKey(Case, ...)`: `case` (a soft keyword, like `match` and `type`) becomes the
    relationship `case_`, as a column named so does; both sides agree, and the rendered models load."""
    import subprocess
    import sys

    from specgen.config import Settings
    from specgen.render import render

    code = (
        "from django.db import models\n\n"
        "class Case(models.Model):\n    title = models.CharField(max_length=100)\n\n"
        "class Document(models.Model):\n"
        "    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name='documents')\n"
        "    match = models.CharField(max_length=20)\n"
    )
    result = build_design(SpecIR([parse_text("d.md", f"# T\n\n```python\n{code}\n```\n")]))
    assert not result.errors
    schema = result.design.database_schema
    document, case = schema.entity("Document"), schema.entity("Case")
    assert [(r.name, r.back_populates) for r in document.relationships] == [("case_", "documents")]
    assert [(r.name, r.back_populates) for r in case.relationships] == [("documents", "case_")]
    assert document.column("match").python_name == "match_"
    files = render(result.design, "sqlmodel", Settings(), tmp_path)
    for path, text in files.items():
        path.write_text(text)
    load = (
        "import sys; sys.path.insert(0, sys.argv[1]); import models, sqlalchemy.orm; "
        "sqlalchemy.orm.configure_mappers(); print(models.Document.case_.property.mapper.class_.__name__)"
    )
    proc = subprocess.run([sys.executable, "-c", load, str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "Case"
