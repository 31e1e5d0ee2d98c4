"""Markdown parsed piece by piece, so an editor keystroke re-parses one paragraph, not the draft.

A draft is cut before every line that starts in column 0 after a blank line. At such a line
CommonMark has closed every container (block quotes and list items need a ``>`` or an
indent to go on after a blank line) and every paragraph, table and indented code block.
Only two things can still be open: a fenced code block and an HTML block of types 1-5
(``<!--``, ``<pre>``, ...). ``markdown.parse_segment`` reports those, and such a piece is
joined with the next one and parsed again. Link reference definitions are global to a
document, so a draft that may contain one (any ``]:``) is parsed whole. Everything else is
parsed per piece, cached by the piece's text, and shifted to where the piece sits now.
``tests/test_segments.py`` checks that the result equals the whole-document parse.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .model import Block, SourceRegion

__all__ = ["ParseCache", "parse_blocks_cached"]

# "line break, blank line, line break" followed by a line that starts in column 0
_BOUNDARY = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)(?=[^ \t\r\n])")
_MAY_DEFINE_REFERENCE = re.compile(r"\]:")


@dataclass(slots=True)
class _Parsed:
    """One piece's blocks relative to its start, and the same blocks placed at ``placed_at``."""

    blocks: list[Block]
    regions: list[SourceRegion]
    is_open: bool
    placed_at: int = 0
    placed_blocks: list[Block] | None = None
    placed_regions: list[SourceRegion] | None = None

    def at(self, start: int) -> tuple[list[Block], list[SourceRegion]]:
        if self.placed_blocks is None or self.placed_regions is None or self.placed_at != start:
            self.placed_blocks = [block.moved(start) for block in self.blocks]
            self.placed_regions = [
                SourceRegion(r.kind, r.span.shifted(start), r.text) for r in self.regions
            ]
            self.placed_at = start
        return self.placed_blocks, self.placed_regions


class ParseCache:
    """Parsed Markdown pieces by their text (least recently used ones are dropped)."""

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self._pieces: OrderedDict[str, _Parsed] = OrderedDict()
        self._lock = threading.Lock()

    def parsed(self, text: str) -> _Parsed:
        with self._lock:
            found = self._pieces.get(text)
            if found is not None:
                self._pieces.move_to_end(text)
                return found
        from .markdown import parse_segment  # markdown_it loads only when a draft is parsed

        blocks, regions, is_open = parse_segment(text)
        found = _Parsed(blocks, regions, is_open)
        with self._lock:
            self._pieces[text] = found
            while len(self._pieces) > self.size:
                self._pieces.popitem(last=False)
        return found

    def placed(self, text: str, start: int) -> tuple[list[Block], list[SourceRegion], bool]:
        parsed = self.parsed(text)
        with self._lock:
            blocks, regions = parsed.at(start)
        return blocks, regions, parsed.is_open


def parse_blocks_cached(
    text: str, body_start: int, cache: ParseCache
) -> tuple[list[Block], list[SourceRegion]]:
    """The same blocks and regions as ``markdown.parse_blocks``, re-using pieces parsed before."""
    if _MAY_DEFINE_REFERENCE.search(text, body_start):
        from .markdown import parse_blocks

        return parse_blocks(text, body_start)
    cuts = [body_start] + [m.end() for m in _BOUNDARY.finditer(text, body_start)] + [len(text)]
    blocks: list[Block] = []
    regions: list[SourceRegion] = []
    start_index = 0
    end_index = 1
    while end_index < len(cuts):
        start, end = cuts[start_index], cuts[end_index]
        piece_blocks, piece_regions, is_open = cache.placed(text[start:end], start)
        if is_open and end_index + 1 < len(cuts):
            end_index += 1  # a fence or HTML block may go on: parse it together with the next piece
            continue
        blocks.extend(piece_blocks)
        regions.extend(piece_regions)
        start_index, end_index = end_index, end_index + 1
    return blocks, regions
