"""The typed, immutable document: front matter, sections and blocks with source positions."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..model import Span

__all__ = [
    "Block",
    "BlockKind",
    "Document",
    "Field",
    "FrontMatter",
    "Section",
    "SourceMap",
    "SourceRegion",
]


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    TABLE_CELL = "table-cell"
    CODE = "code"  # fenced or indented code block: kept verbatim, not prose
    HTML = "html"  # HTML block (comments included): not prose

    @property
    def is_prose(self) -> bool:
        return self not in (BlockKind.CODE, BlockKind.HTML)


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Maps offsets in a block's prose text to offsets in the source text.

    Stored as runs: prose offsets ``[starts[i], starts[i+1])`` map to
    ``sources[i] + (offset - starts[i])``; a synthetic character (a soft line break
    turned into a space, a decoded entity) is a run of its own.
    """

    starts: tuple[int, ...]
    sources: tuple[int, ...]
    length: int  # length of the prose text
    end_source: int  # source offset just past the block's last prose character

    @classmethod
    def from_offsets(cls, offsets: list[int], end_source: int) -> SourceMap:
        """Build from one source offset per prose character."""
        starts: list[int] = []
        sources: list[int] = []
        previous = None
        for index, source in enumerate(offsets):
            if previous is None or source != previous + 1:
                starts.append(index)
                sources.append(source)
            previous = source
        return cls(tuple(starts), tuple(sources), len(offsets), end_source)

    @classmethod
    def identity(cls, source_start: int, length: int) -> SourceMap:
        return cls((0,), (source_start,), length, source_start + length)

    def to_source(self, offset: int) -> int:
        """Source offset of the prose character at ``offset`` (``length`` maps to the end)."""
        if offset >= self.length or not self.starts:
            return self.end_source
        run = bisect.bisect_right(self.starts, max(offset, 0)) - 1
        return self.sources[run] + (offset - self.starts[run])

    def span_to_source(self, start: int, end: int) -> Span:
        """Source span covering prose ``[start, end)``."""
        if end <= start:
            point = self.to_source(start)
            return Span(point, point)
        first = self.to_source(start)
        last = self.to_source(end - 1) + 1
        return Span(first, max(first, last))


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item, table cell, heading, code or HTML block.

    ``text`` is the prose with inline markup removed (code span contents kept);
    ``code`` lists the code spans as prose offsets, so a rule can tell prose from code.
    """

    kind: BlockKind
    span: Span  # source range of the block
    text: str
    source_map: SourceMap
    section: int  # index into Document.sections
    code: tuple[Span, ...] = ()
    label: str | None = None  # a lead-in such as "**Impact:**", or the row label of a table cell
    label_span: Span | None = None  # prose offsets of the lead-in label
    level: int = 0  # heading level (1-6), or list nesting depth
    in_quote: bool = False
    info: str = ""  # fence info string for code blocks

    def to_source(self, span: Span) -> Span:
        return self.source_map.span_to_source(span.start, span.end)

    def in_section(self, section: int) -> Block:
        """This block, placed in ``section`` (``dataclasses.replace`` is slow on a hot path)."""
        if section == self.section:
            return self
        return Block(
            self.kind,
            self.span,
            self.text,
            self.source_map,
            section,
            self.code,
            self.label,
            self.label_span,
            self.level,
            self.in_quote,
            self.info,
        )

    def moved(self, delta: int) -> Block:
        """This block, ``delta`` characters further into the source (its prose is unchanged)."""
        if delta == 0:
            return self
        source_map = self.source_map
        moved_map = SourceMap(
            source_map.starts,
            tuple(s + delta for s in source_map.sources),
            source_map.length,
            source_map.end_source + delta,
        )
        return Block(
            self.kind,
            Span(self.span.start + delta, self.span.end + delta),
            self.text,
            moved_map,
            self.section,
            self.code,
            self.label,
            self.label_span,
            self.level,
            self.in_quote,
            self.info,
        )

    def in_code(self, span: Span) -> bool:
        """True when ``span`` (prose offsets) overlaps a code span."""
        return any(span.overlaps(code) for code in self.code)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks until the next heading (the preamble has no heading)."""

    heading: str | None
    level: int  # 0 for the preamble
    span: Span  # heading start to the next heading of the same or a higher level
    body: Span  # after the heading line to the next heading of any level
    heading_span: Span | None
    blocks: tuple[int, ...]  # indices into Document.blocks (the heading block excluded)
    implicit: bool = False  # a plain-text line that reads like a heading


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter field: its key, value (str, tuple or dict) and source span."""

    key: str
    value: Any
    span: Span  # the value's source range
    key_span: Span


@dataclass(frozen=True, slots=True)
class FrontMatter:
    span: Span
    fields: tuple[Field, ...]
    error: str | None = None  # why the front matter could not be read, with its line
    error_line: int | None = None  # 1-based

    def get(self, key: str) -> Field | None:
        return next((field for field in self.fields if field.key == key), None)


@dataclass(frozen=True, slots=True)
class SourceRegion:
    """A non-prose part of the source: a link target, an HTML comment."""

    kind: str  # "link" | "comment"
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    path: str | None
    front_matter: FrontMatter | None
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    regions: tuple[SourceRegion, ...] = ()
    syntax: str = "markdown"  # "markdown" | "text"

    def prose_blocks(self) -> Iterator[Block]:
        return (block for block in self.blocks if block.kind.is_prose)

    def comments(self) -> Iterator[SourceRegion]:
        return (region for region in self.regions if region.kind == "comment")

    def links(self) -> Iterator[SourceRegion]:
        return (region for region in self.regions if region.kind == "link")

    def section_of(self, offset: int) -> Section:
        """The innermost section whose body holds ``offset``."""
        found = self.sections[0]
        for section in self.sections:
            if section.span.start <= offset:
                found = section
            else:
                break
        return found
