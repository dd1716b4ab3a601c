"""What a code block holds, whatever its language tag says.

Writers tag fences loosely: DBML pasted from dbdiagram.io under ```java, a `CREATE TABLE` under ```text or
```js, an erDiagram under ```md. A fence whose first statement is unmistakably one of the schema languages
specgen reads (DBML's `Table x {`, SQL's `CREATE TABLE`, Mermaid's `erDiagram`) is read by that language's
reader; the tag only decides fences whose content says nothing this clear.
"""

from __future__ import annotations

import re

_CREATE_TABLE = re.compile(
    r"^\s*create\s+(?:or\s+replace\s+)?(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\b",
    re.IGNORECASE,
)
_DBML_WORD = re.compile(r"^(?:table|enum|ref)\b", re.IGNORECASE)
_ER_DIAGRAM = re.compile(r"^\s*erDiagram\b")


def content_language(text: str) -> str:
    """ "dbml", "sql" or "mermaid" when the first statement of `text` is that language's schema statement,
    else ""."""
    first = _first_statement(text)
    if _DBML_WORD.match(first):
        from specgen.parse.dbml import looks_like_dbml  # the DBML reader loads only where a fence may be DBML

        if looks_like_dbml(text):
            return "dbml"
    if _CREATE_TABLE.match(first):
        return "sql"
    if _ER_DIAGRAM.match(first):
        return "mermaid"
    return ""


def _first_statement(text: str) -> str:
    """The first line that is not blank, a comment (`--`, `//`, `#`, `%%`, `/* … */`) or YAML front matter."""
    lines = text.split("\n")
    k, n = 0, len(lines)
    while k < n and not lines[k].strip():
        k += 1
    if k < n and lines[k].strip() == "---":  # Mermaid's front matter (`---` / `title: …` / `---`)
        end = next((j for j in range(k + 1, n) if lines[j].strip() == "---"), None)
        k = end + 1 if end is not None else k
    in_comment = False
    for line in lines[k:]:
        s = line.strip()
        if in_comment:
            in_comment = "*/" not in s
            continue
        if s.startswith("/*"):
            in_comment = "*/" not in s
            continue
        if not s or s.startswith(("--", "//", "#", "%%")):
            continue
        return s
    return ""
