"""A design is a value: once `build_design` returns it, nothing changes it. Its models are frozen (assigning a
field raises), and the stages after the build (plan, validate, every render target, dumping) leave every list
inside it as it was."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from design_edit import edit
from pydantic import BaseModel, ValidationError

from conftest import ROOT
from specgen.config import load_settings
from specgen.design.model import Design
from specgen.pipeline import design_specs


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh project with the repository's example specs (no migrations yet)."""
    root = tmp_path_factory.mktemp("frozen")
    (root / "pyproject.toml").write_text('[tool.specgen]\nspecs = "specs"\n', encoding="utf-8")
    shutil.copytree(ROOT / "specs", root / "specs")
    return root


def _design(project: Path, monkeypatch: pytest.MonkeyPatch) -> Design:
    monkeypatch.setenv("SPECGEN_NO_CACHE", "1")  # built here, not loaded from specgen's cache
    result = design_specs([project / "specs"], load_settings(project))
    assert not result.errors
    return result.design


def _models(obj: object) -> Iterator[BaseModel]:
    """Every model inside `obj`, itself included."""
    if isinstance(obj, BaseModel):
        yield obj
        for name in type(obj).model_fields:
            yield from _models(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _models(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _models(item)


def test_every_field_of_every_design_object_refuses_assignment(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    design = _design(project, monkeypatch)
    before = design.model_dump()
    kinds: set[str] = set()
    for model in _models(design):
        kinds.add(type(model).__name__)
        for name in type(model).model_fields:
            with pytest.raises(ValidationError, match="frozen"):
                setattr(model, name, getattr(model, name))
    assert {"Design", "DatabaseSchema", "Entity", "Column", "Relationship", "ForeignKey", "Index"} <= kinds
    assert design.model_dump() == before


def test_plan_validate_render_and_dump_leave_the_design_as_it_was(project: Path, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from specgen.design.plan import Plan, plan, plan_project
    from specgen.design.yaml_io import dump_design
    from specgen.preview import preview
    from specgen.render import TARGETS, render
    from specgen.validate import validate

    settings = load_settings(project)
    design = _design(project, monkeypatch)
    entities = design.database_schema.entities
    # an older design: one table fewer, one column fewer; the diff between the two is planned as well
    baseline = edit(design, "database_schema", entities=entities[:-1])
    baseline = edit(baseline, "database_schema.entities.0", columns=entities[0].columns[:-1])
    before, before_baseline = design.model_dump(), baseline.model_dump()

    summary, _ = plan(design, baseline)
    assert summary.new_entities == [entities[-1].name] and summary.modified_entities
    project_plan = plan_project(design, settings)
    for p in (Plan(summary), project_plan):
        validate(design, settings, plan=p)
    validate(design, settings)
    for target in TARGETS:
        assert render(design, target, settings, tmp_path / target, plan=project_plan)
    preview(design, settings, plan=project_plan)
    dump_design(design, project_plan)
    dump_design(baseline)

    assert design.model_dump() == before
    assert baseline.model_dump() == before_baseline
