"""design_to_metadata: create_all on SQLite and PostgreSQL gives exactly the designed schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from schema_compare import differences

from specgen.config import Settings
from specgen.design.model import Design
from specgen.pipeline import require_design
from specgen.render.metadata import design_to_metadata
from specgen.render.tables import cycle_breakers, limit_name

ROOT = Path(__file__).resolve().parents[1]
CONSTRUCTS = ROOT / "tests" / "render_specs" / "constructs.md"
EXAMPLES = ROOT / "specs"


def design_of(path: Path) -> Design:
    design, _ = require_design([str(path)], Settings())
    return design


@pytest.fixture(scope="module")
def constructs() -> Design:
    return design_of(CONSTRUCTS)


@pytest.mark.parametrize("spec", [CONSTRUCTS, EXAMPLES], ids=["constructs", "examples"])
def test_metadata_creates_the_design_on_sqlite(spec: Path) -> None:
    design = design_of(spec)
    engine = sa.create_engine("sqlite://")
    md = design_to_metadata(design, "sqlite")
    md.create_all(engine)
    assert differences(design, engine) == []
    md.drop_all(engine)
    assert sa.inspect(engine).get_table_names() == []


@pytest.mark.parametrize("spec", [CONSTRUCTS, EXAMPLES], ids=["constructs", "examples"])
def test_metadata_creates_the_design_on_postgresql(spec: Path, pg_url: str) -> None:
    design = design_of(spec)
    engine = sa.create_engine(pg_url)
    try:
        md = design_to_metadata(design, "postgresql")
        md.create_all(engine)
        assert differences(design, engine) == []
        md.drop_all(engine)
        assert sa.inspect(engine).get_table_names() == []
        with engine.connect() as conn:  # named enums go with the metadata
            assert conn.execute(sa.text("SELECT count(*) FROM pg_type WHERE typtype = 'e'")).scalar() == 0
    finally:
        engine.dispose()


def test_metadata_details(constructs: Design) -> None:
    md = design_to_metadata(constructs)
    authors = md.tables["authors"]
    assert isinstance(authors.c.status.type, sa.Enum) and authors.c.status.type.name == "publication_status"
    assert authors.c.status.type is md.tables["books"].c.status.type  # one shared named enum
    assert authors.c.profile.type.__class__.__name__ == "JSONB"
    assert authors.c.updated_at.onupdate is not None
    ix = {i.name: i for i in authors.indexes}
    assert ix["ix_authors_profile"].dialect_options["postgresql"]["using"] == "gin"
    assert str(ix["ix_authors_active_email"].dialect_options["sqlite"]["where"]) == "status = 'published'"
    emp_fk = next(iter(md.tables["employees"].foreign_key_constraints))
    assert emp_fk.use_alter and emp_fk.deferrable and emp_fk.initially == "DEFERRED" and emp_fk.name
    ship_fk = next(iter(md.tables["shipments"].foreign_key_constraints))
    assert ship_fk.name == "fk_shipments_order_line" and ship_fk.onupdate == "CASCADE"
    assert {c.name for c in md.tables["books"].constraints if isinstance(c, sa.CheckConstraint)} == {"ck_books_price"}


def test_cycle_breakers_pick_one_edge_per_cycle(constructs: Design) -> None:
    assert cycle_breakers(constructs) == {("employees", 0)}


def test_limit_name_keeps_63_bytes() -> None:
    long = "fk_" + "x" * 80
    assert len(limit_name(long)) == 63 and limit_name(long) == limit_name(long)
    assert limit_name("short") == "short"
