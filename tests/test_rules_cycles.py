from __future__ import annotations

from validate_helpers import entity, run

from specgen.validate.cycles import strongly_connected


def test_tarjan_iterative_handles_long_chains_and_cycles():
    n = 5000  # deeper than the recursion limit
    succ = {f"n{i}": [f"n{i + 1}"] for i in range(n)}
    succ[f"n{n}"] = ["n0"]
    comps = strongly_connected([f"n{i}" for i in range(n + 1)], succ)
    assert len(comps) == 1 and len(comps[0]) == n + 1
    comps = strongly_connected(["a", "b", "c", "d"], {"a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["c"]})
    assert sorted(sorted(c) for c in comps) == [["a", "b"], ["c", "d"]]


def _pair(a_null: str, b_null: str, deferrable: str = "") -> str:
    return entity(
        "A",
        "a",
        "id | uuid | no | uuid4 | pk",
        f"b_id | uuid | {a_null} | | fk b.id on delete restrict {deferrable}, index",
    ) + entity("B", "b", "id | uuid | no | uuid4 | pk", f"a_id | uuid | {b_null} | | fk a.id on delete restrict, index")


def test_sg401_cycle_error_when_no_row_can_be_inserted(tmp_path):
    [f] = run(tmp_path, _pair("no", "no"), "SG401")
    assert f.severity == "error" and f.entities == ("A", "B") and "nullable or DEFERRABLE" in f.hint


def test_sg401_cycle_warning_when_nullable_or_deferrable(tmp_path):
    [f] = run(tmp_path, _pair("yes", "no"), "SG403")
    assert f.severity == "warning" and "a(b_id)" in f.message and "nullable" in f.message
    assert run(tmp_path, _pair("yes", "no"), "SG401") == []
    [f] = run(tmp_path, _pair("no", "no", "deferrable initially deferred"), "SG403")
    assert f.severity == "warning" and "deferrable" in f.message


def test_sg401_quiet_without_cycle_and_for_self_references(tmp_path):
    tree = entity(
        "Node",
        "nodes",
        "id | uuid | no | uuid4 | pk",
        "parent_id | uuid | yes | | fk nodes.id on delete cascade, index",
    )
    assert run(tmp_path, tree, "SG401") == []
    chain = entity("A", "a", "id | uuid | no | uuid4 | pk") + entity(
        "B", "b", "id | uuid | no | uuid4 | pk", "a_id | uuid | no | | fk a.id on delete cascade, index"
    )
    assert run(tmp_path, chain, "SG401") == []


def test_sg402_not_null_self_reference(tmp_path):
    tree = entity(
        "Node",
        "nodes",
        "id | uuid | no | uuid4 | pk",
        "parent_id | uuid | yes | | fk nodes.id on delete cascade, index",
    )
    assert run(tmp_path, tree, "SG402") == []
    [f] = run(tmp_path, tree.replace("| parent_id | uuid | yes |", "| parent_id | uuid | no |"), "SG402")
    assert f.entities == ("Node",) and f.column == "parent_id"
