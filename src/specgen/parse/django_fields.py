"""Django field classes: their column types, Django's default lengths, and the helpers that read
field calls, related-model targets and choice lists from `ast` nodes (never executed)."""

from __future__ import annotations

import ast

from specgen.parse.python_types import const, kwarg, last
from specgen.vocab.terms import OnAction

# Django field class -> column type; lengths and precisions are read from the call.
FIELDS = {
    "CharField": "varchar",
    "TextField": "text",
    "IntegerField": "integer",
    "BigIntegerField": "bigint",
    "SmallIntegerField": "smallint",
    "PositiveIntegerField": "integer",
    "PositiveSmallIntegerField": "smallint",
    "PositiveBigIntegerField": "bigint",
    "AutoField": "integer",
    "BigAutoField": "bigint",
    "SmallAutoField": "smallint",
    "BooleanField": "boolean",
    "NullBooleanField": "boolean",
    "DateField": "date",
    "DateTimeField": "timestamptz",  # Django creates `timestamp with time zone` on PostgreSQL
    "TimeField": "time",
    "DecimalField": "numeric",
    "FloatField": "double",
    "UUIDField": "uuid",
    "EmailField": "varchar",
    "URLField": "varchar",
    "SlugField": "varchar",
    "FileField": "varchar",
    "ImageField": "varchar",
    "FilePathField": "varchar",
    "JSONField": "jsonb",  # jsonb on PostgreSQL
    "BinaryField": "bytea",
    "GenericIPAddressField": "inet",
    "IPAddressField": "inet",
    "DurationField": "interval",
    "ArrayField": "array",
}
# max_length when the field states none, as Django defaults it.
LENGTHS = {
    "EmailField": 254,
    "URLField": 200,
    "SlugField": 50,
    "FileField": 100,
    "ImageField": 100,
    "FilePathField": 100,
}
AUTO = {"AutoField", "BigAutoField", "SmallAutoField"}
POSITIVE = {"PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"}
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
CHOICES = {"TextChoices", "IntegerChoices", "Choices"}
# Django's on_delete is carried out by the ORM; the nearest database action stands for it.
ON_DELETE: dict[str, OnAction] = {
    "CASCADE": "CASCADE",
    "SET_NULL": "SET NULL",
    "PROTECT": "RESTRICT",
    "RESTRICT": "RESTRICT",
    "SET_DEFAULT": "SET DEFAULT",
    "DO_NOTHING": "NO ACTION",
}


def field_type(kind: str, call: ast.Call) -> str:
    """The column type of a Django field call: CharField(max_length=20) -> varchar(20)."""
    if kind == "ArrayField":
        inner = call.args[0] if call.args else kwarg(call, "base_field")
        item = field_type(last(inner), inner) if isinstance(inner, ast.Call) and last(inner) in FIELDS else None
        return f"{item or 'text'}[]"
    base = FIELDS[kind]
    if base == "varchar":
        length = const(kwarg(call, "max_length"))
        length = length if isinstance(length, int) else LENGTHS.get(kind)
        return f"varchar({length})" if length else "varchar"
    if base == "numeric":
        digits, places = const(kwarg(call, "max_digits")), const(kwarg(call, "decimal_places"))
        if isinstance(digits, int) and isinstance(places, int):
            return f"numeric({digits},{places})"
        return "numeric"
    return base


def field_call(s: ast.stmt) -> tuple[str | None, ast.Call | None]:
    """`name = models.XField(...)` (or annotated) -> (name, call) for Django field classes."""
    value: ast.expr | None
    if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
        target, value = s.targets[0].id, s.value
    elif isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name):
        target, value = s.target.id, s.value
    else:
        return None, None
    if isinstance(value, ast.Call) and (last(value) in FIELDS or last(value) in RELATIONS):
        return target, value
    return None, None


def target_model(call: ast.Call, model: str) -> str | None:
    """The related model: Client, 'Client', 'clients.Client', 'self', settings.AUTH_USER_MODEL."""
    node = call.args[0] if call.args else kwarg(call, "to")
    text = const(node)
    if isinstance(text, str):
        name = text.rpartition(".")[2]
        return model if name == "self" else name or None
    if isinstance(node, (ast.Name, ast.Attribute)):
        name = last(node)
        return "User" if name == "AUTH_USER_MODEL" else name
    if isinstance(node, ast.Call) and last(node) == "get_user_model":
        return "User"
    return None


def choice_values(node: ast.AST) -> list[object]:
    """[('a', 'A'), ('b', 'B')] -> ['a', 'b'], also grouped choices ('Group', (('a', 'A'), ...))."""
    if not isinstance(node, (ast.List, ast.Tuple)) or not node.elts:
        return []
    values: list[object] = []
    for item in node.elts:
        if not (isinstance(item, (ast.List, ast.Tuple)) and len(item.elts) == 2):
            return []
        first, second = item.elts
        if isinstance(second, (ast.List, ast.Tuple)) and isinstance(const(first), str):
            inner = choice_values(second)
            if not inner:
                return []
            values.extend(inner)
        elif isinstance(const(first), (str, int)) and not isinstance(const(first), bool):
            values.append(const(first))
        else:
            return []
    return values
