"""Behaviour of the models rendered from tests/render_specs/constructs.md, run in a fresh interpreter.

usage: python render_behaviour.py MODELS_PY URL      (prints "ok: <scenarios>" or fails with a traceback)

Every relationship kind, cascades and SET NULL, constraints enforced by the database, values the database
or the models fill themselves, enums stored by value, JSON/ARRAY round trips, FK cycles, composite keys.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, SQLModel, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_check import load_models  # noqa: E402

SCENARIOS: list[Callable[[object, sa.Engine], None]] = []


def scenario(fn: Callable[[object, sa.Engine], None]) -> Callable[[object, sa.Engine], None]:
    SCENARIOS.append(fn)
    return fn


def raises_integrity(engine: sa.Engine, *objects: object) -> bool:
    with Session(engine) as s:
        s.add_all(objects)
        try:
            s.commit()
        except sa.exc.IntegrityError:
            return True
    return False


@scenario
def defaults_fill_themselves(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a = m.Author(name="Ann")
        s.add(a)
        s.commit()
        s.refresh(a)
        assert isinstance(a.id, int)
        assert a.profile == {} and a.status == m.PublicationStatus.DRAFT
        assert isinstance(a.created_at, datetime) and isinstance(a.updated_at, datetime)
        b = m.Book(title="T", author=a)
        s.add(b)
        s.commit()
        assert isinstance(b.id, uuid.UUID) and b.price == Decimal("0") and b.published is False
    # server defaults: rows inserted without the ORM get the database's values
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO authors (name, profile) VALUES ('Raw', '{}')"))
        row = conn.execute(sa.text("SELECT status, created_at, updated_at FROM authors WHERE name = 'Raw'")).one()
        assert row[0] == "draft" and row[1] is not None and row[2] is not None  # enum stored by value


@scenario
def onupdate_moves_updated_at(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a = m.Author(name="Upd")
        s.add(a)
        s.commit()
        s.refresh(a)
        before = a.updated_at
        time.sleep(0.01)
        a.name = "Upd2"
        s.commit()
        s.refresh(a)
        assert a.updated_at > before


@scenario
def one_to_many_and_many_to_one(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a, ed = m.Author(name="Writer"), m.Author(name="Editor")
        a.books.append(m.Book(title="One"))
        s.add_all([a, ed])
        s.commit()
        book = s.exec(select(m.Book).where(m.Book.title == "One")).one()
        book.editor = ed  # a second foreign key to the same table
        s.commit()
    with Session(engine) as s:
        book = s.exec(select(m.Book).where(m.Book.title == "One")).one()
        assert book.author.name == "Writer" and book.editor.name == "Editor"
        ed = s.exec(select(m.Author).where(m.Author.name == "Editor")).one()
        assert [b.title for b in ed.edited_books] == ["One"] and ed.books == []


@scenario
def one_to_one(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a = m.Author(name="Bio")
        a.biography = m.Biography(body="born")
        s.add(a)
        s.commit()
    with Session(engine) as s:
        a = s.exec(select(m.Author).where(m.Author.name == "Bio")).one()
        assert isinstance(a.biography, m.Biography) and a.biography.author is a


@scenario
def self_referential(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        mentor = m.Author(name="Mentor")
        mentor.mentees.append(m.Author(name="Mentee"))
        s.add(mentor)
        s.commit()
    with Session(engine) as s:
        mentee = s.exec(select(m.Author).where(m.Author.name == "Mentee")).one()
        assert mentee.mentor.name == "Mentor" and [x.name for x in mentee.mentor.mentees] == ["Mentee"]
        mentor_id = mentee.mentor_id
    with engine.begin() as conn:  # ON DELETE SET NULL, by the database
        conn.execute(sa.delete(m.Author.__table__).where(m.Author.__table__.c.id == mentor_id))
        assert conn.execute(sa.text("SELECT mentor_id FROM authors WHERE name = 'Mentee'")).scalar() is None


@scenario
def many_to_many_with_link_columns(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a = m.Author(name="Tagger")
        book = m.Book(title="Tagged", author=a)
        t1, t2 = m.Tag(label="sf"), m.Tag(label="classic")
        book.tags.extend([t1, t2])
        s.add(book)
        s.commit()
        link = s.exec(select(m.BookTag).where(m.BookTag.book_id == book.id, m.BookTag.tag_id == t1.id)).one()
        assert link.position == 0 and link.added_at is not None  # the database filled the link's own columns
        link.position = 3
        s.commit()
    with Session(engine) as s:
        book = s.exec(select(m.Book).where(m.Book.title == "Tagged")).one()
        assert sorted(t.label for t in book.tags) == ["classic", "sf"]
        tag = s.exec(select(m.Tag).where(m.Tag.label == "sf")).one()
        assert [b.title for b in tag.books] == ["Tagged"]
        s.delete(book)
        s.commit()
        assert s.exec(select(m.BookTag).where(m.BookTag.tag_id == tag.id)).all() == []
        assert s.get(m.Tag, tag.id) is not None


@scenario
def cascade_delete_and_set_null(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a, ed = m.Author(name="Gone"), m.Author(name="GoneEditor")
        a.biography = m.Biography(body="x")
        s.add_all([m.Book(title="B1", author=a, editor=ed), m.Book(title="B2", author=a)])
        s.commit()
        a_id, ed_id = a.id, ed.id
        s.delete(s.get(m.Author, a_id))  # ORM cascade all, delete-orphan + passive_deletes
        s.commit()
        assert s.exec(select(m.Book).where(m.Book.author_id == a_id)).all() == []
        assert s.get(m.Biography, a_id) is None
        s.add(m.Book(title="B3", author=s.get(m.Author, ed_id), editor=s.get(m.Author, ed_id)))
        s.commit()
    with engine.begin() as conn:  # database cascades and SET NULL without the ORM
        other = m.Author(name="Other")
        with Session(conn) as s2:
            s2.add(other)
            s2.flush()
            conn.execute(sa.update(m.Book.__table__).where(m.Book.__table__.c.title == "B3").values(author_id=other.id))
        conn.execute(sa.delete(m.Author.__table__).where(m.Author.__table__.c.id == ed_id))
        assert conn.execute(sa.text("SELECT editor_id FROM books WHERE title = 'B3'")).one()[0] is None
        conn.execute(sa.delete(m.Author.__table__).where(m.Author.__table__.c.name == "Other"))
        assert conn.execute(sa.text("SELECT count(*) FROM books WHERE title = 'B3'")).scalar() == 0


@scenario
def constraints_enforced(m, engine):  # type: ignore[no-untyped-def]
    assert raises_integrity(engine, m.Author(name="Dup"), m.Author(name="Dup"))  # unique column
    assert raises_integrity(engine, m.Author(name="BadMail", email="nope"))  # column check
    assert raises_integrity(engine, m.Author(name="BadRating", rating=Decimal("11")))  # named check
    a = m.Author(name="Price")
    assert raises_integrity(engine, m.Book(title="neg", author=a, price=Decimal("-1")))
    with Session(engine) as s:
        a = m.Author(name="Twice")
        s.add(m.Book(title="Same", author=a))
        s.commit()
        a_id = a.id
    with Session(engine) as s:
        assert raises_integrity(engine, m.Book(title="Same", author_id=a_id))  # named composite unique
    # partial unique index: only published authors must have distinct e-mails
    with Session(engine) as s:
        s.add_all([m.Author(name="D1", email="x@y"), m.Author(name="D2", email="x@y")])
        s.commit()
    assert raises_integrity(
        engine,
        m.Author(name="P1", email="p@q", status=m.PublicationStatus.PUBLISHED),
        m.Author(name="P2", email="p@q", status=m.PublicationStatus.PUBLISHED),
    )


@scenario
def json_array_and_enum_round_trip(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a = m.Author(name="Json", profile={"k": [1, 2]}, tags=["a", "b"], status=m.PublicationStatus.ARCHIVED)
        s.add(a)
        s.add(m.Book(title="Meta", author=a, metadata_={"pages": 3}))
        s.commit()
    with Session(engine) as s:
        a = s.exec(select(m.Author).where(m.Author.name == "Json")).one()
        assert a.profile == {"k": [1, 2]} and a.tags == ["a", "b"] and a.status is m.PublicationStatus.ARCHIVED
        assert a.books[0].metadata_ == {"pages": 3}


@scenario
def fk_cycle_rows(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        d = m.Department(name="R&D")
        e = m.Employee(name="Eve", department=d)
        s.add_all([d, e])
        s.flush()
        d.manager = e
        s.commit()
        assert d.manager.department is d and e.departments == [d]


@scenario
def composite_keys(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        line = m.OrderLine(order_id=1, line_no=1, weight=1.5, code="ABC")
        s.add(line)
        s.add(m.Shipment(order_id=1, line_no=1))
        s.commit()
        assert s.get(m.OrderLine, (1, 1)).quantity == 1
        assert s.exec(select(m.Shipment)).one().order is not None
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM order_lines WHERE order_id = 1 AND line_no = 1"))
        assert conn.execute(sa.text("SELECT count(*) FROM shipments")).scalar() == 0


@scenario
def repr_and_to_dict(m, engine):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        a = m.Author(name="Dict", rating=Decimal("4.5"))
        s.add(a)
        s.commit()
        s.refresh(a)
        assert repr(a).startswith("Author(id=") and "name='Dict'" in repr(a)
        d = a.to_dict()
        assert d["name"] == "Dict" and d["rating"] == "4.5" and isinstance(d["created_at"], str)
        import json

        json.dumps(d)


def main() -> None:
    models_py, url = sys.argv[1:3]
    m = load_models(models_py)
    sa.orm.configure_mappers()
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _fk_on(dbapi_conn, _):  # type: ignore[no-untyped-def]
            dbapi_conn.execute("PRAGMA foreign_keys=ON")

    SQLModel.metadata.create_all(engine)
    for fn in SCENARIOS:
        fn(m, engine)
    engine.dispose()
    print("ok: " + ", ".join(fn.__name__ for fn in SCENARIOS))


if __name__ == "__main__":
    main()
