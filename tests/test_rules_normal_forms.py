from __future__ import annotations

from validate_helpers import USERS, entity, run

from specgen.validate.normal_forms import KEY_SEARCH_LIMIT, candidate_keys, closure


def fds(*pairs: tuple[str, str]) -> list[tuple[frozenset[str], frozenset[str]]]:
    return [(frozenset(a.split()), frozenset(b.split())) for a, b in pairs]


def test_closure_and_candidate_keys():
    f = fds(("a", "b"), ("b", "c"), ("c d", "e"))
    assert closure({"a"}, f) == {"a", "b", "c"}
    keys, complete = candidate_keys({"a", "b", "c", "d", "e"}, f)
    assert keys == [frozenset({"a", "d"})] and complete
    # Two keys: a -> b, b -> a over {a, b, c} with c on no right-hand side.
    keys, _ = candidate_keys({"a", "b", "c"}, fds(("a", "b"), ("b", "a")))
    assert sorted(sorted(k) for k in keys) == [["a", "c"], ["b", "c"]]


def test_candidate_key_search_is_capped_on_wide_tables():
    n = KEY_SEARCH_LIMIT + 8
    attrs = {f"x{i:02}" for i in range(n)}
    # a ring x0 -> x1 -> … -> x0 puts every attribute on both sides: each one alone is a key
    f = fds(*[(f"x{i:02}", f"x{(i + 1) % n:02}") for i in range(n)])
    keys, complete = candidate_keys(attrs, f)
    assert not complete and len(keys) == KEY_SEARCH_LIMIT  # bounded work, the keys within the cap found


def test_sg201_repeating_group(tmp_path):
    quiet = entity(
        "Person",
        "people",
        "id | uuid | no | uuid4 | pk",
        "address_line1 | text | yes | |",
        "address_line2 | text | yes | |",
        "c1 | integer | yes | |",
        "c2 | text | yes | |",
    )
    assert run(tmp_path, quiet, "SG201") == []
    bad = entity(
        "Person",
        "people",
        "id | uuid | no | uuid4 | pk",
        "phone1 | varchar(20) | yes | |",
        "phone2 | varchar(20) | yes | |",
        "phone3 | varchar(20) | yes | |",
    )
    [f] = run(tmp_path, bad, "SG201")
    assert f.form == "1nf" and "phone1, phone2, phone3" in f.message and "person_phones" in f.hint


def test_sg202_list_in_text(tmp_path):
    assert (
        run(tmp_path, entity("Post", "posts", "id | uuid | no | uuid4 | pk", "tags | text[] | yes | |"), "SG202") == []
    )
    bad = entity("Post", "posts", "id | uuid | no | uuid4 | pk", "tag_list | text | yes | |")
    [f] = run(tmp_path, bad, "SG202")
    assert f.form == "1nf" and f.column == "tag_list"
    described = """
## Entity: Post
table: posts

| Column | Type | Description |
|---|---|---|
| id | uuid | |
| labels | text | comma-separated labels |
"""
    [f] = run(tmp_path, described, "SG202")
    assert f.column == "labels"


def test_sg203_array_is_info(tmp_path):
    assert run(tmp_path, USERS, "SG203") == []
    [f] = run(tmp_path, entity("Post", "posts", "id | uuid | no | uuid4 | pk", "tags | text[] | yes | |"), "SG203")
    assert f.severity == "info" and f.form == "1nf"


def test_sg204_fd_unknown_column(tmp_path):
    ok = entity(
        "Address",
        "addresses",
        "id | uuid | no | uuid4 | pk",
        "zip_code | varchar(10) | no | |",
        "city | text | no | |",
        extra="### Functional dependencies\n- zip_code -> city\n",
    )
    assert run(tmp_path, ok, "SG204") == []
    [f] = run(tmp_path, ok.replace("zip_code -> city", "zip -> city"), "SG204")
    assert "'zip'" in f.message


def test_sg205_3nf_transitive_dependency(tmp_path):
    spec = entity(
        "Address",
        "addresses",
        "id | uuid | no | uuid4 | pk",
        "zip_code | varchar(10) | no | |",
        "city | text | no | |",
        "state | text | no | |",
        extra="### Functional dependencies\n- zip_code -> city, state\n",
    )
    [f] = run(tmp_path, spec, "SG205")
    assert f.form == "3nf" and f.severity == "warning"
    assert "city, state" in f.message and "zip_codes(zip_code pk, city, state)" in f.hint
    assert (
        f.line is not None
        and "zip_code -> city" in (tmp_path / "specs/database/spec.md").read_text().splitlines()[f.line - 1]
    )


def test_sg205_quiet_when_determinant_is_a_key(tmp_path):
    spec = entity(
        "Address",
        "addresses",
        "id | uuid | no | uuid4 | pk",
        "code | varchar(10) | no | | unique",
        "city | text | no | |",
        extra="### Functional dependencies\n- code -> city\n",
    )
    assert run(tmp_path, spec, "SG205") == []


def test_sg205_2nf_partial_dependency(tmp_path):
    spec = entity(
        "OrderItem",
        "order_items",
        "order_id | uuid | no | | pk",
        "product_id | uuid | no | | pk",
        "product_name | text | no | |",
        "quantity | integer | no | 1 |",
        extra="### Functional dependencies\n- product_id -> product_name\n",
    )
    [f] = run(tmp_path, spec, "SG205")
    assert f.form == "2nf" and "product_name" in f.message and "products(product_id pk, product_name)" in f.hint


def test_sg205_bcnf(tmp_path):
    # (student, course) -> teacher, teacher -> course: 3NF (course is prime) but not BCNF.
    spec = entity(
        "Enrolment",
        "enrolments",
        "student | text | no | | pk",
        "course | text | no | | pk",
        "teacher | text | no | |",
        extra="### Functional dependencies\n- student, course -> teacher\n- teacher -> course\n",
    )
    found = run(tmp_path, spec, "SG205")
    assert [f.form for f in found] == ["bcnf"]


def test_sg206_copied_attribute_3nf_and_2nf(tmp_path):
    customers = entity("Customer", "customers", "id | uuid | no | uuid4 | pk", "email | text | no | | unique")
    orders = entity(
        "Order",
        "orders",
        "id | uuid | no | uuid4 | pk",
        "customer_id | uuid | no | | fk customers.id on delete cascade, index",
        "customer_email | text | yes | |",
    )
    [f] = run(tmp_path, customers + orders, "SG206")
    assert f.form == "3nf" and f.severity == "info" and f.column == "customer_email"
    items = entity(
        "OrderItem",
        "order_items",
        "order_id | uuid | no | | pk",
        "customer_id | uuid | no | | pk, fk customers.id on delete cascade",
        "customer_email | text | yes | |",
    )
    [f] = run(tmp_path, customers + items, "SG206")
    assert f.form == "2nf"
    quiet = entity(
        "Order",
        "orders",
        "id | uuid | no | uuid4 | pk",
        "customer_id | uuid | no | | fk customers.id on delete cascade, index",
        "customer_note | text | yes | |",
    )
    assert run(tmp_path, customers + quiet, "SG206") == []
