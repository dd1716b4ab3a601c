"""Run in a fresh interpreter by test_render_idioms: the models of its TASKS spec, on a database, behave as
an experienced SQLModel user expects. usage: python idioms_behaviour.py MODELS_PY URL"""

from __future__ import annotations

import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, SQLModel, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_check import load_models  # noqa: E402


def main() -> None:
    m = load_models(sys.argv[1])
    engine = sa.create_engine(sys.argv[2])
    if engine.dialect.name == "sqlite":  # SQLite enforces foreign keys only when asked

        @event.listens_for(engine, "connect")
        def _fk_on(conn, _record):  # type: ignore[no-untyped-def]
            conn.execute("PRAGMA foreign_keys=ON")

    SQLModel.metadata.create_all(engine)
    # relationship names from the FK column; each back side named by its role
    assert set(sa.inspect(m.Task).relationships.keys()) == {"creator", "assignee"}
    assert set(sa.inspect(m.User).relationships.keys()) == {"created_tasks", "assigned_tasks"}
    with Session(engine) as s:
        ann, bob = m.User(id=1, name="Ann"), m.User(id=2, name="Bob")
        task = m.Task(id=1, creator=ann, assignee=bob)
        s.add(task)
        s.commit()
        assert [t.id for t in ann.created_tasks] == [1] and [t.id for t in bob.assigned_tasks] == [1]
        assert task.settings == {} and task.tags == []  # the Python default
    with engine.begin() as conn:  # the database default, for rows written without the ORM
        conn.execute(sa.text("INSERT INTO tasks (id, status, creator_id) VALUES (2, 'open', 2)"))
        raw = conn.execute(sa.text("SELECT settings, tags FROM tasks WHERE id = 2")).one()
        assert [str(v).replace(" ", "") for v in raw] == ["{}", "[]"], raw
    # SET NULL: the database clears the key (passive_deletes=True: the ORM leaves it to it)
    with Session(engine) as s:
        s.delete(s.get(m.User, 2).assigned_tasks[0].assignee)
        try:
            s.commit()
        except sa.exc.IntegrityError:  # Bob also created task 2 (RESTRICT): delete that first
            s.rollback()
            s.execute(sa.delete(m.Task).where(m.Task.id == 2))
            s.delete(s.get(m.User, 2))
            s.commit()
    with Session(engine) as s:
        assert s.get(m.Task, 1).assignee_id is None
    # RESTRICT: the ORM must not null the children's key first (passive_deletes="all"): the database refuses
    with Session(engine) as s:
        ann = s.get(m.User, 1)
        assert len(ann.created_tasks) == 1
        s.delete(ann)
        try:
            s.commit()
            raise AssertionError("deleting a task's creator must fail (ON DELETE RESTRICT)")
        except sa.exc.IntegrityError as exc:
            assert "not null" not in str(exc).lower(), exc  # refused by the FK, not by a NULL the ORM wrote
            s.rollback()
    with Session(engine) as s:
        assert s.exec(select(m.Task.creator_id).where(m.Task.id == 1)).one() == 1
    print("ok")


if __name__ == "__main__":
    main()
