"""Regression 14d: a Python default in a ```python block. Known callables (uuid4, datetime.now/utcnow,
date.today, dict, list) and constants (`Decimal("0")`) become Python-side defaults of the models, which are
run here to show it; any other callable or call is a located warning and the column gets no default (it is
never executed, and never passes for a string or for SQL)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from test_render_sqlmodel import rendered
from validate_helpers import design_from

from specgen.validate import validate

SPEC = """
```python
class Thing(SQLModel, table=True):
    __tablename__ = "things"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    made: datetime = Field(default_factory=datetime.utcnow)
    day: date = Field(default_factory=date.today)
    price: Decimal = Field(default=Decimal("9.50"), sa_column=Column(Numeric(10, 2), nullable=False))
    tags: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    code: str = Field(default_factory=make_code)
    token: str = Field(default=str(uuid4()), nullable=True)

class Stamp(Base):
    __tablename__ = "stamps"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    n: Mapped[int] = mapped_column(default=lambda: 5)
```
"""

RUN = """
import datetime, decimal, importlib.util, sys, uuid
import sqlalchemy as sa
from sqlmodel import Session, SQLModel
spec = importlib.util.spec_from_file_location("m", sys.argv[1])
m = importlib.util.module_from_spec(spec); sys.modules["m"] = m; spec.loader.exec_module(m)
engine = sa.create_engine("sqlite://")
SQLModel.metadata.create_all(engine)
with Session(engine) as s:
    t = m.Thing(code="c1")
    st = m.Stamp()
    s.add_all([t, st]); s.commit(); s.refresh(t); s.refresh(st)
    assert isinstance(t.id, uuid.UUID), t.id
    assert isinstance(t.made, datetime.datetime) and isinstance(t.day, datetime.date), (t.made, t.day)
    assert t.price == decimal.Decimal("9.50") and t.tags == {} and t.token is None, (t.price, t.tags, t.token)
    assert isinstance(st.id, uuid.UUID) and isinstance(st.at, datetime.datetime) and st.n == 5
print("ok")
"""


def test_known_python_defaults_run_in_the_models_and_others_are_located(tmp_path: Path) -> None:
    design = design_from(tmp_path, SPEC)
    cli = subprocess.run(
        [sys.executable, "-m", "specgen", "validate", "--format", "json", "specs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr  # warnings only
    found = [f for f in json.loads(cli.stdout) if f["severity"] != "info"]
    lines = textwrap.dedent(SPEC).splitlines()
    warned = {(f["line"], f["message"].split(":")[0]) for f in found}
    code_line = next(i for i, t in enumerate(lines, 1) if "make_code" in t)
    token_line = next(i for i, t in enumerate(lines, 1) if "str(uuid4())" in t)
    assert warned == {(code_line, "column 'code'"), (token_line, "column 'token'")}, found
    assert all(f["severity"] == "warning" and "not carried over" in f["message"] for f in found)
    assert [f for f in validate(design) if f.severity == "error"] == []
    assert not any(c.default for e in design.database_schema.entities for c in e.columns if c.name in ("code", "token"))
    spec = tmp_path / "spec.md"
    spec.write_text(textwrap.dedent(SPEC), encoding="utf-8")
    _, models, _ = rendered(spec, tmp_path / "out")
    text = models.read_text(encoding="utf-8")
    assert "make_code" not in text and "str(uuid4())" not in text  # nothing of the spec's own code is pasted
    proc = subprocess.run([sys.executable, "-c", RUN, str(models)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]
