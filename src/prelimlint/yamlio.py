"""Safe YAML loading that remembers the line of every mapping key and list item.

Only the safe constructors are used (no Python objects can be built from a rule or
config file), duplicate keys are an error instead of a silent overwrite, and errors
carry the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import PrelimlintError

__all__ = ["LineDict", "LineList", "load_yaml", "read_yaml_documents"]


class LineDict(dict):
    """A dict that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser when PyYAML has it (about 10x faster: rule files are read on every run)
if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_string_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(
        node
    )  # keep dates as written; rules and config never need datetimes


# YAML 1.2 core schema scalars. YAML 1.1 also reads on/off/yes/no as booleans and "1:1" as
# a base-60 number, which silently breaks word lists such as [on, about, 1:1] in rule files.
_REPLACED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_string_timestamp)

_MAX_BYTES = 5_000_000  # a rule or config file is small; refuse anything absurd before parsing
_MAX_NODES = 100_000  # values after alias expansion (the largest built-in rule has 1,200)


def load_yaml(text: str, path: str) -> Any:
    """Parse one YAML document; raise ``PrelimlintError`` with ``path:line`` on any problem."""
    if len(text) > _MAX_BYTES:
        raise PrelimlintError(f"file is larger than {_MAX_BYTES} characters", path=path)
    try:
        loader = _Loader(text)  # derives from (C)SafeLoader: no Python objects, no code
        try:
            node = loader.get_single_node()
            if node is not None and _expanded_size(node, {}) > _MAX_NODES:
                raise PrelimlintError(
                    f"invalid YAML: its aliases expand to more than {_MAX_NODES:,} values",
                    path=path,
                    line=node.start_mark.line + 1,
                )
            return loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "invalid YAML"
        raise PrelimlintError(f"invalid YAML: {problem}", path=path, line=line) from None
    except yaml.YAMLError as error:
        raise PrelimlintError(f"invalid YAML: {error}", path=path) from None
    except RecursionError:
        raise PrelimlintError("invalid YAML: nested too deeply", path=path) from None


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` stands for once its aliases are expanded (each node counted once).

    The loaded data shares aliased values, but anything that walks or prints it (validation,
    error messages) sees the expansion: nine nested aliases of nine items are 387 million.
    """
    known = sizes.get(id(node))
    if known is not None:
        return known
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(
            _expanded_size(key, sizes) + _expanded_size(value, sizes) for key, value in node.value
        )
    else:
        size = 1
    sizes[id(node)] = size = min(size, _MAX_NODES + 1)  # keep the numbers small
    return size


def read_yaml_documents(path: Path) -> Any:
    """Read and parse a YAML file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise PrelimlintError("file is not UTF-8 text", path=str(path)) from None
    except OSError as error:
        raise PrelimlintError(f"cannot read: {error.strerror}", path=str(path)) from None
    return load_yaml(text, str(path))
