"""Contract positions: 1-based lines and columns in code points, end exclusive."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import FileReport, Span
from ..positions import LineIndex

__all__ = ["Location", "locate"]


@dataclass(frozen=True, slots=True)
class Location:
    line: int
    column: int
    end_line: int
    end_column: int


def locate(index: LineIndex, span: Span) -> Location:
    line, column = index.position(span.start)
    end_line, end_column = index.position(span.end)
    return Location(line + 1, column + 1, end_line + 1, end_column + 1)


def index_for(report: FileReport) -> LineIndex:
    return LineIndex(report.text)
