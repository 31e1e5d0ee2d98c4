"""prelimlint values as LSP values: code-point offsets <-> positions in the negotiated encoding.

prelimlint counts code points; LSP counts UTF-16 code units unless the client and server
agree on UTF-8 or UTF-32 at ``initialize``. An emoji is one code point, two UTF-16 units
and four UTF-8 bytes, so every position that crosses the wire goes through ``PositionCodec``.
Line breaks are ``\\r\\n``, ``\\r`` and ``\\n``, as in LSP (``positions.LineIndex``).
"""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from ..model import Diagnostic, Severity, Span
from ..positions import LineIndex
from ..suppressions import UNUSED_SUPPRESSION

__all__ = ["ENCODINGS", "SEVERITIES", "SOURCE", "PositionCodec", "to_lsp_diagnostic"]

SOURCE = "prelimlint"
ENCODINGS = ("utf-8", "utf-16", "utf-32")
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class PositionCodec:
    """Offsets of one text <-> LSP ``Position``s in one encoding ("utf-8", "utf-16" or "utf-32")."""

    __slots__ = ("text", "encoding", "index")

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        if encoding not in ENCODINGS:
            raise ValueError(
                f"unknown position encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}"
            )
        self.text = text
        self.encoding = encoding
        self.index = LineIndex(text)

    def position(self, offset: int) -> types.Position:
        """The LSP position of a code-point offset (clamped into the text)."""
        if self.encoding == "utf-16":
            line, column = self.index.utf16_position(offset)
        else:
            line, column = self.index.position(offset)
            if self.encoding == "utf-8":
                start = self.index.line_start(line)
                column = _utf8_length(self.text[start : start + column])
        return types.Position(line=line, character=column)

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an LSP position.

        A line past the end maps to the end of the text, a column past the end of its line to
        the line's end (as LSP asks); a column inside a character moves to the character's end.
        """
        line, column = position.line, position.character
        if self.encoding == "utf-16":
            return self.index.offset_from_utf16(line, column)
        if self.encoding == "utf-32" or line < 0 or line >= self.index.line_count:
            return self.index.offset(line, column)
        start, end = self.index.line_start(line), self.index.line_end(line)
        units = 0
        for offset in range(start, end):
            if units >= column:
                return offset
            units += _utf8_length(self.text[offset])
        return end

    def range(self, span: Span) -> types.Range:
        return types.Range(start=self.position(span.start), end=self.position(span.end))

    def span(self, lsp_range: types.Range) -> Span:
        """The code-point span of an LSP range (a reversed range is put in order)."""
        start, end = self.offset(lsp_range.start), self.offset(lsp_range.end)
        return Span(min(start, end), max(start, end))

    def text_edit(self, span: Span, new_text: str) -> types.TextEdit:
        return types.TextEdit(range=self.range(span), new_text=new_text)


def to_lsp_diagnostic(
    diagnostic: Diagnostic, codec: PositionCodec, href: Callable[[str], str | None]
) -> types.Diagnostic:
    """One prelimlint diagnostic as an LSP diagnostic; ``href`` gives a rule's documentation URL."""
    link = href(diagnostic.rule)
    tags = [types.DiagnosticTag.Unnecessary] if diagnostic.rule == UNUSED_SUPPRESSION else None
    return types.Diagnostic(
        range=codec.range(diagnostic.span),
        message=diagnostic.message,
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=SOURCE,
        tags=tags,
    )


def _utf8_length(text: str) -> int:
    # surrogatepass: a lone surrogate (JSON allows one) counts as the 3 bytes it encodes to
    return len(text.encode("utf-8", "surrogatepass"))
