"""Offsets (code points) to lines and columns, and to LSP's UTF-16 positions.

Line breaks are ``\\r\\n``, ``\\r`` and ``\\n``, as in the Language Server Protocol, so a
draft with mixed line endings still maps each offset to the line an editor shows.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["LineIndex"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps code-point offsets of one text to 0-based (line, column) pairs and back."""

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 0-based ``line``."""
        return self._starts[line]

    def line_end(self, line: int) -> int:
        """Offset just past the last character of ``line``, before its line break."""
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self._text)
        while end > self._starts[line] and self._text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        return self._text[self._starts[line] : self.line_end(line)]

    def line_of(self, offset: int) -> int:
        """0-based line holding ``offset`` (an offset at a line break belongs to its line)."""
        offset = min(max(offset, 0), len(self._text))
        line = bisect.bisect_right(self._starts, offset) - 1
        # "\r\n": an offset between \r and \n is still on the first line
        return line

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column in code points)."""
        offset = min(max(offset, 0), len(self._text))
        line = self.line_of(offset)
        return line, offset - self._starts[line]

    def utf16_position(self, offset: int) -> tuple[int, int]:
        """0-based (line, column in UTF-16 code units), as LSP expects by default."""
        line, column = self.position(offset)
        start = self._starts[line]
        return line, _utf16_length(self._text[start : start + column])

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based (line, code-point column), clamped into the text."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self._text)
        return min(self._starts[line] + max(column, 0), self.line_end(line))

    def offset_from_utf16(self, line: int, column: int) -> int:
        """Offset of a 0-based (line, UTF-16 column); columns past the line end clamp to it."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self._text)
        start, end = self._starts[line], self.line_end(line)
        units = 0
        for index in range(start, end):
            if units >= column:
                return index
            units += 2 if ord(self._text[index]) > 0xFFFF else 1
        return end


def _utf16_length(text: str) -> int:
    # encoding is C-speed; counting characters above U+FFFF in Python took milliseconds per lint
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
