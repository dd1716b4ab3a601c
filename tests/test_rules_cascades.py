from __future__ import annotations

from validate_helpers import entity, run

PARENT = entity("Parent", "parents", "id | uuid | no | uuid4 | pk")


def child(nullable: str = "no", action: str = "on delete cascade", extra: str = "") -> str:
    return entity(
        "Child",
        "children",
        "id | uuid | no | uuid4 | pk",
        f"parent_id | uuid | {nullable} | | fk parents.id {action}, index",
        extra=extra,
    )


def test_sg301_set_null_on_not_null(tmp_path):
    assert run(tmp_path, PARENT + child("yes", "on delete set null"), "SG301") == []
    [f] = run(tmp_path, PARENT + child("no", "on delete set null"), "SG301")
    assert f.severity == "error" and f.column == "parent_id"


def test_sg301_set_default_without_default(tmp_path):
    [f] = run(tmp_path, PARENT + child("no", "on delete set default"), "SG301")
    assert "SET DEFAULT" in f.message


def test_sg302_on_delete_unstated(tmp_path):
    assert run(tmp_path, PARENT + child(), "SG302") == []
    [f] = run(tmp_path, PARENT + child(action=""), "SG302")
    assert f.severity == "warning" and f.entity == "Child"


def test_sg306_delete_orphan_on_many_to_one(tmp_path):
    ok = (
        PARENT
        + "\n### Relationships\n- children: one-to-many Child (back_populates parent, cascade all, delete-orphan)\n"
    )
    assert run(tmp_path, ok + child(), "SG306") == []
    bad = child(extra="### Relationships\n- parent: many-to-one Parent (cascade all, delete-orphan)\n")
    [f] = run(tmp_path, PARENT + bad, "SG306")
    assert f.severity == "error" and "single_parent" in f.message
    assert run(tmp_path, PARENT + bad, "SG303") == []  # one child, one parent: not SG303's warning


def test_sg303_child_owned_by_two_parents(tmp_path):
    a = entity(
        "A",
        "a",
        "id | uuid | no | uuid4 | pk",
        extra="### Relationships\n- items: one-to-many Item (cascade all, delete-orphan)\n",
    )
    b = entity(
        "B",
        "b",
        "id | uuid | no | uuid4 | pk",
        extra="### Relationships\n- items: one-to-many Item (cascade all, delete-orphan)\n",
    )
    item = entity(
        "Item",
        "items",
        "id | uuid | no | uuid4 | pk",
        "a_id | uuid | no | | fk a.id on delete cascade, index",
        "b_id | uuid | no | | fk b.id on delete cascade, index",
    )
    [f] = run(tmp_path, a + b + item, "SG303")
    assert f.severity == "warning" and f.entities == ("A", "B")


def test_sg304_sg307_orm_cascade_contradicts_on_delete(tmp_path):
    rel = "\n### Relationships\n- children: one-to-many Child (back_populates parent, cascade {})\n"
    assert run(tmp_path, PARENT + rel.format("all, delete-orphan") + child(), "SG304") == []
    [f] = run(tmp_path, PARENT + rel.format("all, delete-orphan") + child("yes", "on delete set null"), "SG304")
    assert "SET NULL" in f.message and f.severity == "warning"
    [f] = run(tmp_path, PARENT + rel.format("save-update, merge") + child(), "SG307")
    assert f.severity == "error" and "NOT NULL" in f.message
    assert run(tmp_path, PARENT + rel.format("save-update, merge") + child("yes"), "SG307") == []  # a nullable key
    assert run(tmp_path, PARENT + rel.format("save-update, merge") + child(), "SG304") == []
    [f] = run(tmp_path, PARENT + rel.format("save-update, merge") + child("yes"), "SG304")
    assert f.severity == "warning" and "undoing ON DELETE CASCADE" in f.message
    quiet = PARENT + "\n### Relationships\n- children: one-to-many Child (back_populates parent, passive_deletes)\n"
    assert run(tmp_path, quiet + child(), "SG304") == []


def test_sg305_cascade_reaches_a_table_twice(tmp_path):
    top = entity("Top", "tops", "id | uuid | no | uuid4 | pk")
    mid = entity(
        "Mid", "mids", "id | uuid | no | uuid4 | pk", "top_id | uuid | no | | fk tops.id on delete cascade, index"
    )
    low = entity(
        "Low",
        "lows",
        "id | uuid | no | uuid4 | pk",
        "mid_id | uuid | no | | fk mids.id on delete cascade, index",
        "top_id | uuid | no | | fk tops.id on delete {}, index",
    )
    [f] = run(tmp_path, top + mid + low.format("cascade"), "SG305")
    assert "two ON DELETE CASCADE routes" in f.message and set(f.entities) == {"Top", "Mid", "Low"}
    assert run(tmp_path, top + mid + low.format("restrict"), "SG305") == []


def test_sg305_association_to_one_parent_twice_is_fine_and_loops_fire(tmp_path):
    assoc = entity("Node", "nodes", "id | uuid | no | uuid4 | pk") + entity(
        "Edge",
        "edges",
        "src_id | uuid | no | | pk, fk nodes.id on delete cascade",
        "dst_id | uuid | no | | pk, fk nodes.id on delete cascade, index",
    )
    assert run(tmp_path, assoc, "SG305") == []
    loop = entity(
        "A", "a", "id | uuid | no | uuid4 | pk", "b_id | uuid | yes | | fk b.id on delete cascade, index"
    ) + entity("B", "b", "id | uuid | no | uuid4 | pk", "a_id | uuid | yes | | fk a.id on delete cascade, index")
    [f] = run(tmp_path, loop, "SG305")
    assert "loops" in f.message and f.entities == ("A", "B")


def test_sg304_delete_cascade_on_many_to_one(tmp_path):
    bad = child(extra="### Relationships\n- parent: many-to-one Parent (cascade all)\n")
    [f] = run(tmp_path, PARENT + bad, "SG304")
    assert "many-to-one" in f.message and f.entity == "Child"
