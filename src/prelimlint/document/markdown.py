"""CommonMark (with tables) to blocks with exact source positions, via markdown-it-py."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt

from ..model import Span
from ..positions import LineIndex
from .inline import InlineText, align_inline, content_offsets
from .model import Block, BlockKind, SourceMap, SourceRegion
from .structure import find_label, looks_like_title


@functools.cache
def _parser() -> MarkdownIt:
    # linkify stays off: bare hostnames must remain prose for the unsafe rules to see
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def parse_blocks(text: str, body_start: int) -> tuple[list[Block], list[SourceRegion]]:
    """Blocks (section index left at 0) and regions of the Markdown body of ``text``."""
    walker = _Walker(text, LineIndex(text))
    walker.walk(markdown_tokens(text, body_start))
    return walker.blocks, walker.regions


def parse_segment(text: str) -> tuple[list[Block], list[SourceRegion], bool]:
    """Blocks and regions of a standalone piece of Markdown (offsets from its start).

    The flag is True when a fenced code block or an HTML block runs to the end of the piece,
    i.e. it may continue in whatever text follows (see ``segments``).
    """
    tokens = _parser().parse(text)
    walker = _Walker(text, LineIndex(text))
    walker.walk(tokens)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    line_total = normalised.count("\n") + (0 if normalised.endswith("\n") else 1)
    is_open = any(
        token.type in ("fence", "html_block") and token.map and token.map[1] >= line_total
        for token in tokens
    )
    return walker.blocks, walker.regions, is_open


def markdown_tokens(text: str, body_start: int) -> list:
    """markdown-it tokens of the body of ``text``; line maps count from the top of ``text``."""
    skipped_lines = LineIndex(text).line_of(body_start) if body_start else 0
    source = "\n" * skipped_lines + text[body_start:]
    return _parser().parse(source)


class _Walker:
    def __init__(self, text: str, index: LineIndex) -> None:
        self.text = text
        self.index = index
        self.blocks: list[Block] = []
        self.regions: list[SourceRegion] = []
        self.quote_depth = 0
        self.list_depth = 0
        self.item_open = False
        self.heading_level = 0
        self.cell_open = False
        self.row_line = -1
        self.row_cursor = 0
        self.row_label: str | None = None

    def lines(self, first: int, last: int) -> list[tuple[int, str]]:
        last = min(last, self.index.line_count)
        return [(self.index.line_start(n), self.index.line_text(n)) for n in range(first, last)]

    def line_span(self, first: int, last: int) -> Span:
        last = max(first + 1, min(last, self.index.line_count))
        return Span(self.index.line_start(first), self.index.line_end(last - 1))

    def walk(self, tokens: list) -> None:
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
            elif kind == "heading_open":
                self.heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                self.heading_level = 0
            elif kind == "tr_open":
                self.row_line, self.row_cursor, self.row_label = token.map[0], 0, None
            elif kind in ("th_open", "td_open"):
                self.cell_open = True
            elif kind in ("th_close", "td_close"):
                self.cell_open = False
            elif kind == "inline":
                self.inline(token)
            elif kind in ("fence", "code_block") and token.map:
                self.code(token)
            elif kind == "html_block" and token.map:
                self.html(token)

    def inline(self, token) -> None:
        offsets = self.inline_offsets(token)
        prose = align_inline(token.content, offsets, token.children or [])
        self.regions.extend(prose.regions)
        if not prose.chars:
            return
        if self.heading_level:
            kind, level = BlockKind.HEADING, self.heading_level
        elif self.cell_open:
            kind, level = BlockKind.TABLE_CELL, 0
        elif self.list_depth:
            kind, level = BlockKind.LIST_ITEM, self.list_depth
        else:
            kind, level = BlockKind.PARAGRAPH, 0
        self.blocks.append(self.make_block(kind, prose, token, level))

    def inline_offsets(self, token) -> list[int]:
        """Source offset of every character of an inline token's content (call once per token)."""
        if self.cell_open:
            line_texts = self.cell_line(token.content)
        else:
            line_texts = self.lines(token.map[0], token.map[1])
        return content_offsets(token.content, line_texts)

    def make_block(self, kind: BlockKind, prose: InlineText, token, level: int) -> Block:
        text = prose.text
        end_source = min(prose.offsets[-1] + 1, len(self.text))
        source_map = SourceMap.from_offsets(prose.offsets, end_source)
        span = Span(min(min(prose.offsets), end_source), end_source)
        if kind == BlockKind.HEADING:  # the whole heading line, markers included
            span = self.line_span(token.map[0], token.map[1])
        label, label_span = None, None
        if kind == BlockKind.TABLE_CELL:
            if self.row_label is None:
                self.row_label = text.strip()
            else:
                label = self.row_label
        elif kind != BlockKind.HEADING:
            label, label_span = find_label(text, _starts_bold(token))
            if label is None and kind == BlockKind.PARAGRAPH and looks_like_title(text):
                label, label_span = text.strip(), Span(0, len(text))
        return Block(
            kind=kind,
            span=span,
            text=text,
            source_map=source_map,
            section=0,
            code=tuple(prose.code),
            label=label,
            label_span=label_span,
            level=level,
            in_quote=self.quote_depth > 0,
        )

    def cell_line(self, content: str) -> list[tuple[int, str]]:
        """The rest of the table row after the previous cell, so cells are found in order."""
        start = self.index.line_start(self.row_line)
        line = self.index.line_text(self.row_line)
        found = line.find(content, self.row_cursor) if content else -1
        if found < 0:
            found = self.row_cursor
        self.row_cursor = found + len(content)
        return [(start + found, line[found:])]

    def code(self, token) -> None:
        first, last = token.map
        span = self.line_span(first, last)
        if token.type == "fence":  # skip the fence lines themselves
            inner_first, inner_last = first + 1, max(first + 1, last - 1)
            closing = self.index.line_text(last - 1).strip() if last - 1 > first else ""
            if not closing.startswith(token.markup[:1] * 3):
                inner_last = last
            inner = (
                Span(self.index.line_start(inner_first), self.index.line_end(inner_last - 1))
                if inner_last > inner_first
                else Span(span.end, span.end)
            )
        else:
            inner = span
        text = self.text[inner.start : inner.end]
        self.blocks.append(
            Block(
                kind=BlockKind.CODE,
                span=span,
                text=text,
                source_map=SourceMap.identity(inner.start, len(text)),
                section=0,
                in_quote=self.quote_depth > 0,
                info=token.info.strip() if token.type == "fence" else "",
            )
        )

    def html(self, token) -> None:
        span = self.line_span(*token.map)
        raw = self.text[span.start : span.end]
        self.blocks.append(
            Block(
                kind=BlockKind.HTML,
                span=span,
                text=raw,
                source_map=SourceMap.identity(span.start, len(raw)),
                section=0,
            )
        )
        position = raw.find("<!--")
        while position >= 0:
            end = raw.find("-->", position + 4)
            end = len(raw) if end < 0 else end + 3
            comment = raw[position:end]
            self.regions.append(
                SourceRegion("comment", Span(span.start + position, span.start + end), comment)
            )
            position = raw.find("<!--", end)


def _starts_bold(token) -> str | None:
    """The text of a leading ``**strong**`` run of an inline token, if it opens with one."""
    children = [child for child in token.children or [] if child.type != "text" or child.content]
    if len(children) >= 3 and children[0].type == "strong_open":
        parts: list[str] = []
        for child in children[1:]:
            if child.type == "strong_close":
                return "".join(parts)
            if child.type not in ("text", "code_inline"):
                return None
            parts.append(child.content)
    return None
