"""`render --target docs`: schema docs GitHub renders — diagram parsed by Mermaid, tables by a Markdown parser."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mermaid_js import mermaid_blocks, parse_all

from conftest import ROOT, write_spec
from specgen.config import Settings
from specgen.pipeline import require_design
from specgen.render.docs import render_docs
from specgen.render.docs_analysis import violating_example

SPEC = """\
# Shop

## Entity: Customer
table: customers
description: People who buy <script>alert(1)</script> *things* | with [links](x) and `ticks`.

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | integer | no | | pk, autoincrement | |
| email | varchar(320) | yes | | unique | a \\| pipe and a `tick` |
| status | enum(active, blocked) | no | active | | |

## Entity: Order
table: orders

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | integer | no | | pk, autoincrement | |
| customer_id | integer | no | | fk customers.id on delete restrict | no index on purpose |
| coupon_id | integer | yes | | fk customers.id on delete set null, index | |
| position | integer | no | 0 | check: position >= 0 | |
| code | varchar(8) | no | | check: length(code) >= 3 | |
| placed_at | timestamptz | no | now | | |

### Indexes
- ix_orders_placed: (placed_at, position)
- ix_orders_open: (placed_at) where position = 0

### Constraints
- unique uq_orders_code_coupon: (code, coupon_id)
- check ck_orders_kind: code in ('abc', 'xyz')
"""


def _docs(tmp_path: Path, spec: str | None = None) -> str:
    path = write_spec(tmp_path, spec) if spec else ROOT / "specs" / "database"
    design, _ = require_design([str(path)], Settings())
    [(out, text)] = render_docs(design, Settings(), tmp_path / "gen").items()
    assert out == tmp_path / "gen" / "schema.md"
    return text


def _tables(markdown: str) -> list[list[list[str]]]:
    """Each Markdown table as rows of cell texts, as a CommonMark + GFM-tables parser reads them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
    return tables


def test_example_specs_docs(tmp_path: Path) -> None:
    text = _docs(tmp_path)
    blocks = mermaid_blocks(text)
    assert blocks, "no ```mermaid block"
    results = parse_all(blocks)
    assert all(r["ok"] and r["type"] == "er" for r in results), results
    design, _ = require_design([str(ROOT / "specs" / "database")], Settings())
    tables = _tables(text)
    dictionary = [t for t in tables if t[0][:3] == ["Column", "Type", "Nullable"]]
    assert len(dictionary) == len(design.database_schema.entities)
    for entity, table in zip(sorted(design.database_schema.entities, key=lambda e: e.name), dictionary, strict=True):
        assert all(len(row) == 7 for row in table)  # no cell split by an unescaped pipe
        assert [row[0] for row in table[1:]] == [f"`{c.name}`" for c in entity.columns]
        assert f"### {entity.name} (`{entity.table_name}`)" in text
    assert text == _docs(tmp_path)  # deterministic


def test_escaping_and_scenarios(tmp_path: Path) -> None:
    text = _docs(tmp_path, SPEC)
    assert "<script>" not in text
    assert (
        "People who buy &lt;script&gt;alert(1)&lt;/script&gt; \\*things\\* \\| with \\[links\\](x) and \\`ticks\\`."
        in text
    )
    [customers, orders] = [t for t in _tables(text) if t[0][0] == "Column"]
    assert all(len(row) == 7 for row in customers + orders)
    email = next(r for r in customers if r[0] == "`email`")
    assert email[5] == "a | pipe and a \\`tick\\`"  # one cell; GitHub shows: a | pipe and a `tick`
    # constraint-violation scenarios, with examples that break simple checks
    assert "For example `position = -1` fails." in text
    assert "For example `code = 'xx'` fails." in text
    assert "**Check** `ck_orders_kind` `code in ('abc', 'xyz')`" in text and "`code = 'other'` fails" in text
    assert "**Enum** `customers_status`: a `status` outside (`active`, `blocked`) is rejected." in text
    assert (
        "**Unique** `uq_orders_code_coupon` (`code`, `coupon_id`): a second row with the same value(s) is "
        "rejected. Rows with NULL in `coupon_id` do not conflict with each other."
    ) in text
    assert "deleting a row of `customers` is **rejected** while `orders` rows reference it (RESTRICT)" in text
    assert "deleting a row of `customers` sets `coupon_id` to NULL in the referencing `orders` rows" in text
    assert (
        "**NOT NULL**: an INSERT into `orders` that leaves out `customer_id`, `code` (no default) is rejected." in text
    )
    # query patterns: the FK without an index is named, with the index to add
    assert "- `orders` (`customer_id`)" in text
    assert "Consider `CREATE INDEX ix_orders_customer_id ON orders (customer_id)`." in text
    assert re.search(r"Join `customers` → `orders` on `coupon_id`: served by index `\w+`\.", text)
    assert "index `ix_orders_placed`: equality and range filters on `placed_at` / `placed_at, position`" in text
    assert "only rows where `position = 0`" in text
    [result] = parse_all(mermaid_blocks(text))
    assert result["ok"], result


def test_violating_examples() -> None:
    assert violating_example("position >= 0") == "position = -1"
    assert violating_example("price > 0.5") == "price = 0.5"
    assert violating_example("qty <= 10") == "qty = 11"
    assert violating_example("length(name) > 0") == "name = ''"
    assert violating_example("length(name) <= 255") == "name = a string of 256 characters"
    assert violating_example("kind IN ('other', 'x')") == "kind = 'other_'"
    assert violating_example("year BETWEEN 1901 AND 2155") == "year = 1900"
    assert violating_example("code <> ''") == "code = ''"
    assert violating_example("email IS NOT NULL") == "email = NULL"
    assert violating_example("a > b") is None


def test_cli_render_docs(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spec = write_spec(tmp_path, SPEC)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, stdout, stderr = cli("render", "--target", "docs", str(spec), "-o", str(tmp_path / "docs"))
    finally:
        os.chdir(cwd)
    assert code == 0, stderr
    assert (tmp_path / "docs" / "schema.md").is_file()


def test_golden_examples(golden: Callable[[Path, str], None], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """tests/cases/examples/schema.md (`pytest --update-golden` rewrites it)."""
    monkeypatch.chdir(ROOT)
    design, _ = require_design(["specs/database"], Settings())
    [text] = render_docs(design, Settings(), tmp_path).values()
    golden(ROOT / "tests" / "cases" / "examples" / "schema.md", text)


def test_large_schema_gets_one_diagram_per_spec_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past GitHub's Mermaid size limit the diagram is split by spec file; each part still parses."""
    import specgen.render.docs as docs

    monkeypatch.setattr(docs, "MAX_DIAGRAM", 1000)
    text = _docs(tmp_path)
    blocks = mermaid_blocks(text)
    diagram_section = text.split("## Entity-relationship diagram", 1)[1].split("## Data dictionary", 1)[0]
    headings = re.findall(r"^### `(.+?)`$", diagram_section, flags=re.M)
    assert len(blocks) == len(headings) > 1
    assert all(h.endswith(".md") for h in headings)
    assert all(r["ok"] for r in parse_all(blocks))


def test_violation_examples_are_rejected_by_a_real_database(tmp_path: Path) -> None:
    """Each `For example … fails` of the docs, inserted into the schema built from the same design, fails."""
    import sqlalchemy as sa

    from specgen.render.metadata import design_to_metadata

    design, _ = require_design([str(write_spec(tmp_path, SPEC))], Settings())
    md = design_to_metadata(design, "sqlite")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    md.create_all(engine)
    orders = md.tables["orders"]
    with engine.begin() as conn:
        conn.execute(md.tables["customers"].insert().values(id=1, email="a@example.com", status="active"))
    good = {"customer_id": 1, "position": 1, "code": "abc"}
    with engine.begin() as conn:
        conn.execute(orders.insert().values(id=1, **good))  # the baseline row is accepted
    entity = design.database_schema.entity("orders")
    assert entity is not None
    expressions = [c.check_expression for c in entity.columns if c.check_expression]
    expressions += [k.expression for k in entity.constraints if k.type == "check" and k.expression]
    tried = 0
    for i, expr in enumerate(expressions, start=2):
        example = violating_example(expr)
        if example is None:
            continue
        column, _, literal = example.partition(" = ")
        value: object = (
            literal.strip("'") if literal.startswith("'") else float(literal) if "." in literal else int(literal)
        )
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(orders.insert().values(id=i, **{**good, column: value}))
        tried += 1
    assert tried == 3  # position >= 0, length(code) >= 3, code in ('abc', 'xyz')
