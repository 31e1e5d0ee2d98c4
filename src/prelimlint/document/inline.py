"""Turn one markdown-it inline token into prose text with a per-character source map.

markdown-it-py gives block tokens line maps but no positions for inline children, and
the child tokens hold decoded text (escapes and entities resolved). We therefore walk the
inline token's ``content`` (the block's source text minus container prefixes) with a
cursor and align each child to it, which yields exact source offsets for every prose
character and records code spans, link targets and HTML comments on the way.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..model import Span
from .model import SourceRegion

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass
class InlineText:
    """Prose characters with their source offsets, plus what was found beside them."""

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    code: list[Span] = field(default_factory=list)  # prose offsets
    regions: list[SourceRegion] = field(default_factory=list)

    def add(self, text: str, source: int, *, verbatim: bool) -> None:
        self.chars.extend(text)
        self.offsets.extend(range(source, source + len(text)) if verbatim else [source] * len(text))

    def add_mapped(self, text: str, offsets: list[int]) -> None:
        """Characters whose source offsets are already known (one per character)."""
        self.chars.extend(text)
        self.offsets.extend(offsets)

    @property
    def text(self) -> str:
        return "".join(self.chars)


def content_offsets(content: str, line_texts: list[tuple[int, str]]) -> list[int]:
    """Source offset of every character of an inline token's ``content``.

    ``line_texts`` holds (source offset of line start, line text) for the token's lines;
    content line *i* is found inside source line *i* (container prefixes are skipped).
    """
    offsets: list[int] = []
    lines = content.split("\n")
    for index, line in enumerate(lines):
        if index < len(line_texts):
            line_start, source_line = line_texts[index]
            normalized = source_line.replace("\x00", "\ufffd")  # as markdown-it reads NUL
            found = normalized.find(line) if line else 0
            if found < 0:
                found = len(normalized) - len(normalized.lstrip(" \t"))
            base = line_start + found
            last = line_start + max(len(source_line) - 1, 0)
            end = line_start + len(source_line)
        else:  # more content lines than source lines: should not happen; degrade gracefully
            base = last = end = offsets[-1] if offsets else 0
        if base + len(line) - 1 <= last:
            offsets.extend(range(base, base + len(line)))
        else:
            offsets.extend(min(base + column, last) for column in range(len(line)))
        if index < len(lines) - 1:
            offsets.append(end)  # the "\n" between content lines sits at the line end
    return offsets


class _Aligner:
    def __init__(self, content: str, offsets: list[int], out: InlineText) -> None:
        self.content = content
        self.offsets = offsets
        self.out = out
        self.cursor = 0

    def source(self, index: int) -> int:
        if index < len(self.offsets):
            return self.offsets[index]
        return self.offsets[-1] + 1 if self.offsets else 0

    def text(self, decoded: str, *, into_prose: bool = True) -> None:
        """Align decoded text, skipping markup characters, escapes and entities."""
        content, position = self.content, self.cursor
        end = position + len(decoded)
        if (
            "&" not in decoded
            and content.startswith(decoded, position)
            and end <= len(self.offsets)
        ):
            # the usual case: the text stands in the source as it is (no escape, no entity)
            if into_prose:
                self.out.add_mapped(decoded, self.offsets[position:end])
            self.cursor = end
            return
        pending = ""  # rest of a multi-character entity decode
        for char in decoded:
            if pending:
                if pending[0] == char:
                    pending = pending[1:]
                    if into_prose:
                        self.out.add(char, self.source(position - 1), verbatim=False)
                    continue
                pending = ""
            matched = False
            while position < len(content):
                current = content[position]
                if current == char and not (char == "&" and _ENTITY.match(content, position)):
                    if into_prose:
                        self.out.add(char, self.source(position), verbatim=True)
                    position += 1
                    matched = True
                    break
                if (
                    current == "\\"
                    and position + 1 < len(content)
                    and content[position + 1] == char
                ):
                    if into_prose:
                        self.out.add(char, self.source(position + 1), verbatim=True)
                    position += 2
                    matched = True
                    break
                entity = _ENTITY.match(content, position) if current == "&" else None
                if entity and html.unescape(entity.group()).startswith(char):
                    if into_prose:
                        self.out.add(char, self.source(position), verbatim=False)
                    pending = html.unescape(entity.group())[1:]
                    position = entity.end()
                    matched = True
                    break
                position += 1  # markup (emphasis markers, brackets): not prose
            if not matched and into_prose:  # could not align: attach to the last known place
                self.out.add(char, self.source(len(content)), verbatim=False)
        self.cursor = position

    def skip_to(self, needle: str) -> int:
        """Move the cursor to ``needle`` (at or after it); return its index or -1."""
        found = self.content.find(needle, self.cursor)
        if found >= 0:
            self.cursor = found
        return found

    def line_break(self) -> None:
        newline = self.content.find("\n", self.cursor)
        if newline < 0:
            return
        self.out.add(" ", self.source(newline), verbatim=False)
        self.cursor = newline + 1

    def code_span(self, markup: str) -> None:
        start = self.skip_to(markup)
        if start < 0:
            return
        inner_start = start + len(markup)
        inner_end = self.content.find(markup, inner_start)
        if inner_end < 0:
            inner_end = len(self.content)
        prose_start = len(self.out.chars)
        for index in range(inner_start, inner_end):
            char = self.content[index]
            self.out.add(" " if char == "\n" else char, self.source(index), verbatim=char != "\n")
        self.out.code.append(Span(prose_start, len(self.out.chars)))
        self.cursor = inner_end + len(markup)

    def raw_html(self, raw: str) -> None:
        start = self.skip_to(raw[:1] or "<")
        if start < 0:
            return
        if raw.startswith("<!--"):
            end = start + len(raw)
            self.out.regions.append(
                SourceRegion("comment", Span(self.source(start), self.source(end - 1) + 1), raw)
            )
        self.cursor = start + len(raw)

    def link_destination(self) -> None:
        """After a link's text: skip ``](destination "title")`` or ``][ref]``, keep the target."""
        content = self.content
        if self.cursor >= len(content) or content[self.cursor] != "]":
            return
        position = self.cursor + 1
        if position < len(content) and content[position] == "[":
            close = content.find("]", position)
            self.cursor = close + 1 if close >= 0 else position
            return
        if position >= len(content) or content[position] != "(":
            self.cursor = position
            return
        position += 1
        while position < len(content) and content[position] in " \t\n":
            position += 1
        start = position
        if position < len(content) and content[position] == "<":
            end = content.find(">", position)
            end = len(content) if end < 0 else end + 1
        else:
            depth, end = 0, position
            while end < len(content) and content[end] not in " \t\n":
                if content[end] == "\\":
                    end += 2
                    continue
                if content[end] == "(":
                    depth += 1
                elif content[end] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                end += 1
        if end > start:
            target = content[start:end].strip("<>")
            source = Span(self.source(start), self.source(end - 1) + 1)
            self.out.regions.append(SourceRegion("link", source, target))
        close = _closing_paren(content, end)
        self.cursor = close + 1 if close >= 0 else end


def _closing_paren(content: str, position: int) -> int:
    quote = None
    while position < len(content):
        char = content[position]
        if quote:
            if char == "\\":
                position += 2
                continue
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "(":
            quote = ")"
        elif char == ")":
            return position
        position += 1
    return -1


@dataclass(frozen=True, slots=True)
class ChildTrace:
    """What aligning one inline child consumed: prose ``[prose_start, prose_end)``, content
    ``[content_start, content_end)`` and regions ``[regions_start, regions_end)``."""

    prose_start: int
    prose_end: int
    content_start: int
    content_end: int
    regions_start: int
    regions_end: int


def align_inline(
    content: str, offsets: list[int], children: list, trace: list[ChildTrace] | None = None
) -> InlineText:
    """Walk markdown-it inline ``children`` against ``content`` and build prose text.

    With ``trace``, one ``ChildTrace`` per child is appended (the HTML review page renders
    each child at the source positions the linter used).
    """
    out = InlineText()
    aligner = _Aligner(content, offsets, out)
    link_stack: list[str] = []
    for token in children:
        before = (len(out.chars), aligner.cursor, len(out.regions))
        _align_child(token, aligner, link_stack)
        if trace is not None:
            trace.append(
                ChildTrace(
                    before[0],
                    len(out.chars),
                    before[1],
                    aligner.cursor,
                    before[2],
                    len(out.regions),
                )
            )
    return out


def _align_child(token, aligner: _Aligner, link_stack: list[str]) -> None:
    """Align one inline child token: its prose, code span, link target or comment."""
    content, out = aligner.content, aligner.out
    kind = token.type
    if kind == "text":
        aligner.text(token.content)
    elif kind == "code_inline":
        aligner.code_span(token.markup or "`")
    elif kind in ("softbreak", "hardbreak"):
        aligner.line_break()
    elif kind == "html_inline":
        aligner.raw_html(token.content)
    elif kind == "link_open":
        link_stack.append(token.markup)
        if token.markup == "autolink":
            href = str(token.attrs.get("href", ""))
            start = aligner.skip_to("<")
            if start >= 0:
                end = content.find(">", start)
                end = len(content) if end < 0 else end
                span = Span(aligner.source(start + 1), aligner.source(end - 1) + 1)
                out.regions.append(SourceRegion("link", span, href))
    elif kind == "link_close":
        markup = link_stack.pop() if link_stack else ""
        if markup != "autolink":
            aligner.link_destination()
    elif kind == "image":
        start = aligner.skip_to("![")
        if start >= 0:
            aligner.cursor = start + 2
            aligner.text(token.content, into_prose=False)
            aligner.link_destination()
