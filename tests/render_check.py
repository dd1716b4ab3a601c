"""Run in a fresh interpreter by the render tests: import a generated models module, configure the mappers
(SQLAlchemy warnings are errors), create_all on a database, and compare the schema with the design (inspector)
and with design_to_metadata (alembic's compare_metadata). Prints a JSON report.

usage: python render_check.py MODELS_PY DESIGN_YAML URL
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

warnings.simplefilter("error")  # overlapping relationships, unsupported types, … fail the check
warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
warnings.filterwarnings("ignore", message=".*does \\*not\\* support Decimal objects natively")


def load_models(path: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generated_models", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generated_models"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    models_py, design_yaml, url = sys.argv[1:4]
    t0 = time.perf_counter()
    load_models(models_py)
    import_s = time.perf_counter() - t0
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from schema_compare import differences
    from sqlmodel import SQLModel

    from specgen.design.yaml_io import load_design
    from specgen.render.metadata import design_to_metadata

    sa.orm.configure_mappers()
    design = load_design(design_yaml)
    engine = sa.create_engine(url)
    domains = [o for o in design.database_schema.sql_objects if o.kind == "domain"]
    if engine.dialect.name == "postgresql" and domains:  # created before the tables, as the revisions do
        with engine.begin() as conn:
            for o in domains:
                conn.exec_driver_sql(o.definition)
    SQLModel.metadata.create_all(engine)
    warnings.resetwarnings()  # comparing may warn about what a dialect cannot reflect
    warnings.simplefilter("ignore")
    diffs = differences(design, engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        alembic_diffs = [repr(d) for d in compare_metadata(ctx, design_to_metadata(design, engine.dialect.name))]
    SQLModel.metadata.drop_all(engine)
    left = sa.inspect(engine).get_table_names()
    engine.dispose()
    print(json.dumps({"import_s": import_s, "differences": diffs, "alembic": alembic_diffs, "left": left}))


if __name__ == "__main__":
    main()
