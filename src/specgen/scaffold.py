"""`specgen init`: a starting spec, settings and the output folder. Never overwrites a file."""

from __future__ import annotations

from pathlib import Path

from specgen.render.writer import write_files

EXAMPLE_SPEC = """\
---
version: "1"
---
# Library

Prose anywhere is fine; specgen reads the entity sections, tables and lists.

## Entity: Author
table: authors
description: A person who writes books.

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | uuid | no | uuid4 | pk | |
| name | varchar(200) | no | | unique, check: length(name) > 0 | Full name |
| created_at | timestamptz | no | now | | |

## Entity: Book
table: books

| Column | Type | Nullable | Default | Constraints | Description |
|---|---|---|---|---|---|
| id | uuid | no | uuid4 | pk | |
| author_id | uuid | no | | fk authors.id on delete cascade, index | |
| title | varchar(300) | no | | | |
| published_on | date | yes | | | |

### Relationships
- author: many-to-one Author (back_populates books)
"""

SETTINGS = """
[tool.specgen]
specs = "specs"
generated = "generated"
dialects = ["postgresql", "sqlite"]
naming = "snake_case"
primary_key = "uuid"
"""


def scaffold(directory: Path) -> list[str]:
    """Create the files of a new specgen project under `directory`; report what was done."""
    out: list[str] = []
    files: dict[Path, str] = {}
    spec = directory / "specs" / "database" / "example.md"
    if spec.exists():
        out.append(f"kept {spec} (exists)")
    else:
        files[spec] = EXAMPLE_SPEC
    keep = directory / "generated" / ".gitkeep"
    if not keep.exists():
        files[keep] = ""
    pyproject = directory / "pyproject.toml"
    if not pyproject.exists():
        files[pyproject] = f'[project]\nname = "{directory.resolve().name or "app"}"\nversion = "0.1.0"\n' + SETTINGS
    elif "[tool.specgen]" not in pyproject.read_text(encoding="utf-8"):
        files[pyproject] = pyproject.read_text(encoding="utf-8").rstrip("\n") + "\n" + SETTINGS
    else:
        out.append(f"kept {pyproject} ([tool.specgen] exists)")
    write_files(files)
    out.extend(f"wrote {p}" for p in sorted(files))
    out.append("next: specgen design && specgen validate && specgen render --target sqlmodel")
    return out
