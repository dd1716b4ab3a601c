"""design.yaml: a stable dump (same specs, same bytes) and a checked load."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.design.derived import read_schema, written_entities
from specgen.design.model import DatabaseSchema, Design
from specgen.errors import Diagnostic, SpecErrors, UsageError, error
from specgen.source import Location, display_path

SCHEMA_FILE = "design.schema.json"


def to_data(design: Design) -> dict[str, Any]:
    """The design as plain data (None fields left out), with the column facts design.yaml derives."""
    data = design.model_dump(mode="json", exclude_none=True)
    written_entities(design.database_schema.entities, data["database_schema"]["entities"])
    return data


@dataclass(frozen=True)
class Written:
    """design.yaml's data of one design's database_schema, but `meta` and `migration_plan` (which dump_design
    stamps): the design hash is made from it too, so that `specgen design` dumps a big design once (the plan
    stage makes it, design/plan.Plan carries it to dump_design)."""

    schema: DatabaseSchema = field(repr=False)  # what it is the data of: dump_design takes it for no other
    data: dict[str, Any] = field(repr=False)


_STAMPED = {"meta", "migration_plan"}


def written_schema(design: Design) -> Written:
    """The design's Written data (the one model_dump of a big design that `specgen design` makes)."""
    schema = design.database_schema
    data = schema.model_dump(mode="json", exclude_none=True, exclude=_STAMPED)
    written_entities(schema.entities, data["entities"])
    return Written(schema, data)


_NOT_HASHED = {"source": True, "description": True, "forms": True}
_HASH_EXCLUDE: dict[str, dict[str, Any]] = {
    "entities": {
        "__all__": {
            **_NOT_HASHED,
            **{
                part: {"__all__": {"source": True, "description": True}}
                for part in ("columns", "relationships", "constraints", "foreign_keys", "functional_dependencies")
            },
        }
    },
    "enums": {"__all__": {"source": True}},
    "indexes": {"__all__": {"source": True}},
    "extensions": {"__all__": {"source": True}},
    "views": {"__all__": {"source": True}},
    "sql_objects": {"__all__": {"source": True}},
}
# PostgreSQL objects count only when a design has them, so that designs without them keep their hash.
_PG_PARTS = ("extensions", "views", "sql_objects")


def design_hash(design: Design, written: Written | None = None) -> str:
    """Hash of what the database sees: locations, prose and the plan itself do not count. `written`: the design's
    written_schema, when the caller has it: the hashed part is then cut from it, not dumped again."""
    from pydantic_core import PydanticSerializationError, to_json

    schema = design.database_schema
    include = {"entities", "enums", "indexes", *(k for k in _PG_PARTS if getattr(schema, k))}
    if written is not None and written.schema is schema:
        try:  # to_json leaves out of the data what the dump below leaves out of the design: the same bytes
            return hashlib.sha256(to_json(written.data, include=include, exclude=_HASH_EXCLUDE)).hexdigest()
        except PydanticSerializationError:
            pass  # a lone surrogate: hashed below
    data = schema.model_dump(mode="json", include=include, exclude=_HASH_EXCLUDE, exclude_none=True)
    written_entities(schema.entities, data["entities"])  # hashed as design.yaml writes them
    try:
        blob = to_json(data)
    except PydanticSerializationError:  # a lone surrogate (a "\ud800" escape in a spec) is no UTF-8
        blob = json.dumps(data, separators=(",", ":")).encode("utf-8", "backslashreplace")
    return hashlib.sha256(blob).hexdigest()


# Plain (unquoted) only where YAML cannot read the scalar as anything but this string.
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .,:()/+=<>-]*[A-Za-z0-9_.)]$|^[A-Za-z_]$")
_SPECIAL = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"})
_SCALARS: dict[str, str] = {}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text and "." not in text:  # YAML 1.1 reads 5e-324 as a string; 5.0e-324 is a float
            mantissa, _, exponent = text.partition("e")
            text = f"{mantissa}.0e{exponent}"
        return text
    return _text(str(value))


def _text(text: str) -> str:
    """A string as a YAML scalar (remembered: keys, types and names come again and again)."""
    hit = _SCALARS.get(text)
    if hit is None:
        if _PLAIN.fullmatch(text) and text.lower() not in _SPECIAL and "  " not in text and ": " not in text:
            hit = text
        else:
            hit = _quoted(text)
        if len(_SCALARS) < 1_000_000:
            _SCALARS[text] = hit
    return hit


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar; control and line-break characters (U+0085, U+2028) escaped."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable() and ch not in "\u0085\u2028\u2029\ufeff":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_VALUE_KEYS = frozenset({"default"})  # keys whose value is data (Any), where [] differs from "not stated"


_HEADS: dict[str, dict[str, str]] = {}  # indent -> key -> "{indent}{key}:", the start of the key's lines


def _emit(value: Any, indent: str, out: list[str]) -> None:
    """Block-style YAML for dicts, lists and scalars (the only shapes a design holds).
    Empty lists are left out: loading restores them as defaults."""
    scalars = _SCALARS  # most keys and values are strings seen before: look them up without a call
    if isinstance(value, dict):
        heads = _HEADS.get(indent)
        if heads is None:
            heads = _HEADS[indent] = {}
        for key, v in value.items():
            head = heads.get(key)
            if head is None:
                head = f"{indent}{_scalar(key)}:"
                if len(heads) < 10_000:  # field names, mostly; user keys (row counts by table) are bounded too
                    heads[key] = head
            if type(v) is str:
                out.append(f"{head} {scalars.get(v) or _text(v)}")
            elif type(v) is dict:
                # A mapping whose every value is an empty (so omitted) list must still read back as a mapping.
                if any(type(x) is not list or x for x in v.values()):
                    out.append(head)
                    _emit(v, indent + "  ", out)
                else:
                    out.append(f"{head} {{}}")
            elif type(v) is list:
                if v:
                    out.append(head)
                    _emit(v, indent, out)
                elif key in _VALUE_KEYS:  # a value, not a list field: `default: []` must not read back as None
                    out.append(f"{head} []")
            elif v is True or v is False:
                out.append(f"{head} true" if v else f"{head} false")
            else:
                out.append(f"{head} {_scalar(v)}")
        return
    inner = indent + "  "
    cut = len(inner)
    for item in value:
        if (type(item) is dict or type(item) is list) and item:
            first = len(out)
            _emit(item, inner, out)
            out[first] = f"{indent}- {out[first][cut:]}"
        elif type(item) is dict:
            out.append(f"{indent}- {{}}")
        elif type(item) is list:
            out.append(f"{indent}- []")
        else:
            out.append(f"{indent}- {(type(item) is str and scalars.get(item)) or _scalar(item)}")


def to_yaml(data: Any) -> str:
    out: list[str] = []
    _emit(data, "", out)
    return "\n".join(out) + "\n"


def dump_design(design: Design, plan: Any = None, schema_hint: str | None = SCHEMA_FILE) -> str:
    """design.yaml's text, meta.design_hash stamped in and the plan stage's value (a design/plan.Plan) shown
    as migration_plan; without one, the design's own (a loaded design.yaml's). `design` itself is left as
    it is."""
    schema = design.database_schema
    written: Written | None = getattr(plan, "written", None)
    if written is None or written.schema is not schema:
        written = written_schema(design)
    known = getattr(plan, "design_hash", "") if plan is not None else ""  # the plan stage hashed this design
    stamped = {
        "meta": schema.meta.model_copy(update={"design_hash": known or design_hash(design, written)}),
        "migration_plan": plan.summary if plan is not None else schema.migration_plan,
    }
    body: dict[str, Any] = {}
    for name in DatabaseSchema.model_fields:  # the fields' order is design.yaml's key order
        if name in stamped:
            body[name] = stamped[name].model_dump(mode="json", exclude_none=True)
        elif name in written.data:
            body[name] = written.data[name]
    header = f"# yaml-language-server: $schema={schema_hint}\n" if schema_hint else ""
    return (
        header
        + "# Generated by specgen from the specs named in meta.spec_files. Do not edit by hand.\n"
        + to_yaml({"database_schema": body})  # database_schema is the one field of a Design
    )


def load_design(path: str | Path) -> Design:
    """Read a design.yaml; problems are reported with the file and line."""
    from pydantic import ValidationError

    p = Path(path)
    shown = display_path(p)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc}") from None
    except UnicodeDecodeError as exc:
        raw = p.read_bytes()
        raise SpecErrors(
            diagnostics=[
                error(
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                    Location(shown, raw.count(b"\n", 0, exc.start) + 1),
                    hint="re-save the file as UTF-8",
                )
            ]
        ) from None
    import yaml  # loading only: writing design.yaml (and planning, rendering) does without PyYAML

    from specgen import safe_yaml

    try:
        data = safe_yaml.load_fast(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SpecErrors(
            diagnostics=[
                error(f"not valid YAML: {getattr(exc, 'problem', exc)}", Location(shown, mark.line + 1 if mark else 1))
            ]
        ) from None
    diags: list[Diagnostic] = []
    try:
        if isinstance(data, dict) and isinstance(data.get("database_schema"), dict):
            read_schema(data["database_schema"])  # the column facts design.yaml derives
        design = Design.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors()[:20]:
            where = ".".join(str(x) for x in e["loc"])
            diags.append(error(f"{where}: {e['msg']}", Location(shown, _line_of(text, e["loc"]))))
        raise SpecErrors(diagnostics=diags) from None
    from specgen.design.typecheck import type_problems

    for loc, message in type_problems(design):
        diags.append(
            error(message, Location(shown, _line_of(text, loc)), hint="write a type `specgen schema` describes")
        )
        if len(diags) >= 20:
            break
    if diags:
        raise SpecErrors(diagnostics=diags)
    return design


def _line_of(text: str, loc: tuple[Any, ...]) -> int:
    """The 1-based line of a key path (a pydantic error location) in design.yaml."""
    import yaml

    from specgen import safe_yaml

    try:
        data, marks = safe_yaml.load_marked(text)  # only on the error path: the fast load keeps no lines
    except yaml.YAMLError:
        return 1
    return marks.line_of(data, tuple(loc)) + 1
