"""YAML front matter: find it, read it safely, and keep every value's source span.

Values stay strings (the YAML base resolver), so timestamps reach the timing rules exactly
as written and a date without a zone can be told from one with a zone.
"""

from __future__ import annotations

import re

import yaml

from ..model import Span
from ..positions import LineIndex
from .model import Field, FrontMatter

_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_MAX_NODES = 10_000  # front matter is a handful of fields; bounds alias bombs
_MAX_DEPTH = 50  # and its values are flat: deeper nesting is kept as None
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[FrontMatter | None, int]:
    """Return the front matter (if the text opens with ``---``) and where the body starts."""
    opening = _OPEN.match(text)
    if not opening:
        return None, 0
    body_text = text[opening.end() :]
    # ^/$ with re.MULTILINE only know "\n"; normalise "\r" for the search (same length).
    closing = _CLOSE.search(body_text.replace("\r", "\n"))
    if not closing:
        line = 1  # the opening '---'
        front = FrontMatter(Span(0, 0), (), "front matter opened with '---' is never closed", line)
        return front, 0
    content_start = opening.end()
    content_end = content_start + closing.start()
    end = content_start + closing.end()
    end += 2 if text.startswith("\r\n", end) else int(end < len(text) and text[end] in "\r\n")
    return _read(text, content_start, content_end, Span(0, end)), end


def _read(text: str, start: int, end: int, span: Span) -> FrontMatter:
    content = text[start:end]
    first_line = LineIndex(text[:start]).line_count  # 1-based line after '---' (any line breaks)
    try:
        node = yaml.compose(content, Loader=yaml.BaseLoader)
    except RecursionError:  # "[[[[...]]]]": PyYAML's composer recurses per level
        return FrontMatter(
            span, (), "front matter is not valid YAML: nested too deeply", first_line
        )
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter(span, (), f"front matter is not valid YAML: {problem}", line)
    if node is None:
        return FrontMatter(span, ())
    if not isinstance(node, yaml.MappingNode):
        return FrontMatter(
            span, (), "front matter is not a mapping of 'key: value' fields", first_line
        )
    budget = [_MAX_NODES]
    fields = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else _flat(key_node)
        fields.append(
            Field(
                key=str(key),
                value=_value(value_node, budget, _MAX_DEPTH),
                span=Span(start + value_node.start_mark.index, start + value_node.end_mark.index),
                key_span=Span(start + key_node.start_mark.index, start + key_node.end_mark.index),
            )
        )
    return FrontMatter(span, tuple(fields))


def _value(node: yaml.Node, budget: list[int], depth: int):
    """Plain value of a node; aliases that would expand past a budget, or nesting past
    ``_MAX_DEPTH``, become None."""
    budget[0] -= 1
    if budget[0] < 0 or depth < 0:
        return None
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return tuple(_value(item, budget, depth - 1) for item in node.value)
    if isinstance(node, yaml.MappingNode):
        return {
            str(_value(key, budget, depth - 1)): _value(value, budget, depth - 1)
            for key, value in node.value
        }
    return None


def _flat(node: yaml.Node) -> str:
    """A complex key (``? [a, b]``) as its flow text, without expanding aliases."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    return f"<{node.tag.rsplit(':', 1)[-1]}>"
