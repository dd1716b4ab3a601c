"""Loading YAML from specs and design.yaml with bounded depth and bounded alias expansion.

PyYAML's safe loader shares an anchored node between its aliases, so a 400-byte "billion laughs" document
loads quickly, and then every walk over the data (str(), pydantic, a copy) expands it to gigabytes. Nested
flow collections (`[[[[…`) recurse once per level in the composer. Both are refused here, while composing,
with a YAML error that carries the line: the expanded size of every node is counted (an alias counts as
the whole node it names) and the nesting depth is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 64
# Expanded node count; a design of 10,000 columns is about 150,000 nodes, written without aliases.
MAX_NODES = 2_000_000
MAX_ALIASED_NODES = 100_000


class YAMLLimitError(yaml.MarkedYAMLError):
    """The document nests too deeply or its aliases expand beyond the bound (refused, not parsed)."""


class _Bounded:
    """Mixin for a pure-Python loader: the composer counts depth and expanded size."""

    def _init_bounds(self) -> None:
        self._depth = 0
        self._sizes: dict[int, int] = {}
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)  # type: ignore[misc]
            self._aliases += self._sizes.get(id(node), 1)
            if self._aliases > MAX_ALIASED_NODES:
                raise YAMLLimitError(
                    None,
                    None,
                    f"aliases expand to more than {MAX_ALIASED_NODES:,} nodes; refused (an alias bomb?)",
                    event.start_mark,
                )
            return node
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YAMLLimitError(None, None, f"nested more than {MAX_DEPTH} levels deep; refused", event.start_mark)
            node = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1
        if isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._sizes.get(id(v), 1) for v in node.value)
        else:
            size = 1
        if size > MAX_NODES:
            raise YAMLLimitError(None, None, f"expands to more than {MAX_NODES:,} nodes; refused", event.start_mark)
        self._sizes[id(node)] = size
        return node

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Scalars PyYAML resolves but cannot build (`2024-02-30`, an int of 5,000 digits) are YAML errors."""
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {_shown(node)}: {exc}", node.start_mark
            ) from None


def _construct_str(loader: Any, node: Any) -> str:
    """A string, refused when it holds a lone surrogate (a "\\ud800" escape): no UTF-8 file can hold it."""
    value: str = loader.construct_scalar(node)
    if _SURROGATE.search(value):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{_shown(node)} holds a lone surrogate escape ({_SURROGATE.search(value).group().encode('unicode_escape').decode()}), "  # type: ignore[union-attr]
            "which is no character; write the character itself",
            node.start_mark,
        )
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _shown(node: Any) -> str:
    value = node.value if isinstance(node.value, str) else node.tag
    return repr(value if len(value) <= 40 else value[:37] + "...")


class BoundedLoader(_Bounded, yaml.SafeLoader):
    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._init_bounds()


BoundedLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


@dataclass
class Marks:
    """Lines (0-based) of what a marked load read: a mapping's line and its keys' lines; a list's items' lines."""

    mappings: dict[int, tuple[int, dict[Any, int]]] = field(default_factory=dict)
    sequences: dict[int, tuple[int, list[int]]] = field(default_factory=dict)
    keep: list[Any] = field(default_factory=list)  # the objects whose ids are keys above stay alive

    def line_of(self, data: Any, path: tuple[Any, ...]) -> int:
        """The line of the deepest element of `path` (a pydantic error location) found in `data`."""
        line = self.mappings.get(id(data), self.sequences.get(id(data), (0,)))[0]
        for part in path:
            if isinstance(data, dict) and id(data) in self.mappings and part in data:
                line = self.mappings[id(data)][1].get(part, line)
                data = data[part]
            elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
                items = self.sequences.get(id(data), (line, []))[1]
                line = items[part] if part < len(items) else line
                data = data[part]
            else:
                break
        return line


class _MarkedLoader(BoundedLoader):
    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.line_marks = Marks()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        keys: dict[Any, int] = {}
        for k, _v in node.value:
            try:
                keys[self.construct_object(k, deep=True)] = k.start_mark.line
            except TypeError:  # an unhashable key: the base constructor already refused it
                pass
        self.line_marks.mappings[id(mapping)] = (node.start_mark.line, keys)
        self.line_marks.keep.append(mapping)
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
        seq = super().construct_sequence(node, deep=True)
        self.line_marks.sequences[id(seq)] = (node.start_mark.line, [n.start_mark.line for n in node.value])
        self.line_marks.keep.append(seq)
        return seq


_MarkedLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, lambda loader, node: loader.construct_mapping(node)
)
_MarkedLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, lambda loader, node: loader.construct_sequence(node)
)


def load(text: str) -> Any:
    """Load one YAML document, bounded; raises yaml.YAMLError (YAMLLimitError when refused)."""
    try:
        return yaml.load(text, Loader=BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise YAMLLimitError(None, None, "nested too deeply; refused", None) from None


def load_marked(text: str) -> tuple[Any, Marks]:
    """Load one YAML document, bounded, with the line of every mapping key and list item."""
    loader = _MarkedLoader(text)
    try:
        data = loader.get_single_data()
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise YAMLLimitError(None, None, "nested too deeply; refused", None) from None
    finally:
        loader.dispose()
    return data, loader.line_marks


# A specgen-written design.yaml has no anchors, aliases or flow collections: the fast C loader is safe for it.
_RISKY = re.compile(r"(?:^|[\s\[{,:-])[&*!]\S|[\[{]\s*[\[{]")
_CLoader = getattr(yaml, "CSafeLoader", None)


def load_fast(text: str) -> Any:
    """`load`, with the C loader when the text has no anchors, aliases, tags or flow collections to bound."""
    if _CLoader is None or _RISKY.search(text):
        return load(text)
    try:
        return yaml.load(text, Loader=_CLoader)  # noqa: S506 - CSafeLoader
    except (yaml.YAMLError, ValueError, OverflowError):
        # libyaml refuses "\ud800" escapes that PyYAML reads, and a date such as 2024-02-30 raises ValueError:
        # the bounded loader decides, and reports what it cannot build as a YAML error with the line.
        return load(text)
