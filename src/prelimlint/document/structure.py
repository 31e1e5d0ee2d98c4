"""Document structure shared by the Markdown and plain-text readers: labels and sections."""

from __future__ import annotations

import re

from ..model import Span
from .model import Block, BlockKind, Section

# "Impact:" / "Customer impact -" lead-ins: a short capitalised phrase before a colon
_LEAD_IN = re.compile(r"\s*([A-Z][^\n:.!?]{0,48}?)\s*:(?:\s|$)")
_MAX_LABEL_WORDS = 6
_MAX_TITLE_WORDS = 8


def find_label(text: str, bold: str | None) -> tuple[str | None, Span | None]:
    """The lead-in label of a paragraph ("**Impact:** ...", "Impact: ..."), if any."""
    if bold is not None:
        label = bold.strip().rstrip(":.").strip()
        start = text.find(bold.strip()[:1]) if bold.strip() else -1
        if label and len(label.split()) <= _MAX_LABEL_WORDS and start >= 0:
            return label, Span(start, start + len(bold.strip()))
    match = _LEAD_IN.match(text)
    if match and len(match.group(1).split()) <= _MAX_LABEL_WORDS:
        return match.group(1), Span(match.start(1), match.end(1))
    return None, None


def looks_like_title(text: str) -> bool:
    """A one-line, short, capitalised paragraph without final punctuation ("What happened")."""
    stripped = text.strip()
    words = stripped.split()
    return (
        0 < len(words) <= _MAX_TITLE_WORDS
        and stripped[0].isupper()
        and stripped[-1] not in ".!?,;:"
        and "\n" not in stripped
    )


def build_sections(
    blocks: list[Block], text_length: int, implicit_levels: bool = False
) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """Group blocks under headings; return blocks with their section index set, and sections."""
    headings = [i for i, block in enumerate(blocks) if block.kind == BlockKind.HEADING]
    sections: list[Section] = []
    owner = [0] * len(blocks)
    preamble_blocks = tuple(range(headings[0] if headings else len(blocks)))
    preamble_end = blocks[headings[0]].span.start if headings else text_length
    sections.append(
        Section(None, 0, Span(0, preamble_end), Span(0, preamble_end), None, preamble_blocks)
    )
    for number, block_index in enumerate(headings):
        heading = blocks[block_index]
        next_any = headings[number + 1] if number + 1 < len(headings) else len(blocks)
        body_end = blocks[next_any].span.start if next_any < len(blocks) else text_length
        extent_end = text_length
        for later in headings[number + 1 :]:
            if blocks[later].level <= heading.level:
                extent_end = blocks[later].span.start
                break
        members = tuple(range(block_index + 1, next_any))
        for member in members:
            owner[member] = len(sections)
        owner[block_index] = len(sections)
        sections.append(
            Section(
                heading=heading.text.strip(),
                level=heading.level,
                span=Span(heading.span.start, max(heading.span.end, extent_end)),
                body=Span(heading.span.end, max(heading.span.end, body_end)),
                heading_span=heading.span,
                blocks=members,
                implicit=implicit_levels,
            )
        )
    placed = tuple(block.in_section(owner[i]) for i, block in enumerate(blocks))
    return placed, tuple(sections)
