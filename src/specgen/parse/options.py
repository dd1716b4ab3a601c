"""What readers need to know beyond the text, in a module of its own: readers import it without importing the
package that loads them (parse/__init__.py), so that no import goes round in a circle."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseOptions:
    """What readers need to know beyond the text: the dialect SQL blocks default to."""

    sql_dialect: str = "postgres"
