"""Plain-text drafts: paragraphs split on blank lines, list lines, and title-like lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Span
from .model import Block, BlockKind, SourceMap
from .structure import find_label, looks_like_title

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# A paragraph whose lines are longer than any wrap width holds one paragraph (or item) per line.
_WRAP_WIDTH = 100
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+")


def parse_blocks(text: str, body_start: int) -> list[Block]:
    """Blocks of a plain-text body; a short title-like line alone becomes a heading."""
    blocks: list[Block] = []
    for chunk_start, chunk in paragraphs(text, body_start):
        lines = chunk.splitlines(keepends=True)
        one_per_line = any(len(line.rstrip("\r\n")) > _WRAP_WIDTH for line in lines)
        pending: list[tuple[int, str]] = []  # (start offset, line text) of the open block
        offset = chunk_start
        for line in lines:
            content = line.rstrip("\r\n")
            marker = _LIST_MARKER.match(content)
            if marker:
                _flush(blocks, pending, BlockKind.PARAGRAPH)
                pending = [(offset + marker.end(), content[marker.end() :])]
                _flush(blocks, pending, BlockKind.LIST_ITEM)
                pending = []
            elif one_per_line:
                _flush(blocks, pending, BlockKind.PARAGRAPH)
                pending = [(offset, content)]
            else:
                pending.append((offset, content))
            offset += len(line)
        if len(lines) == 1 and pending and looks_like_title(pending[0][1]):
            _flush(blocks, pending, BlockKind.HEADING)
        else:
            _flush(blocks, pending, BlockKind.PARAGRAPH)
    return blocks


def paragraphs(text: str, start: int) -> Iterator[tuple[int, str]]:
    """Runs of lines that are not blank, with their start offsets.

    A line-by-line scan: a single regex for "lines with a non-space" backtracks for ages on
    a long line of spaces (200,000 spaces took minutes).
    """
    first = None  # start of the open paragraph
    position = start
    while position < len(text):
        end = _LINE.match(text, position).end()  # type: ignore[union-attr]  # matches "" too
        if text[position:end].isspace():
            if first is not None:
                yield first, text[first:position]
                first = None
        elif first is None:
            first = position
        position = end
    if first is not None:
        yield first, text[first:]


def _flush(blocks: list[Block], pending: list[tuple[int, str]], kind: BlockKind) -> None:
    if not pending:
        return
    chars: list[str] = []
    offsets: list[int] = []
    for number, (start, line) in enumerate(pending):
        if number:
            chars.append(" ")  # the line break, read as a space
            offsets.append(offsets[-1] + 1 if offsets else start)
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        chars.extend(body)
        offsets.extend(range(start + lead, start + lead + len(body)))
    pending.clear()
    if not chars:
        return
    text = "".join(chars)
    end = offsets[-1] + 1
    label, label_span = (None, None) if kind == BlockKind.HEADING else find_label(text, None)
    blocks.append(
        Block(
            kind=kind,
            span=Span(offsets[0], end),
            text=text,
            source_map=SourceMap.from_offsets(offsets, end),
            section=0,
            label=label,
            label_span=label_span,
            level=2 if kind == BlockKind.HEADING else 0,
        )
    )
