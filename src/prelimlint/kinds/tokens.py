"""Small helpers between spaCy token ranges and prose spans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["longest_first", "merge_overlapping", "token_spans"]


def token_spans(doc: Doc, ranges: Iterable[tuple[int, int]]) -> list[Span]:
    """Character spans (prose offsets) of token ranges."""
    spans = []
    for start, end in ranges:
        if end <= start:
            continue
        first, last = doc[start], doc[end - 1]
        spans.append(Span(first.idx, last.idx + len(last.text)))
    return spans


def longest_first(spans: Iterable[Span]) -> list[Span]:
    """Drop spans that overlap a longer (or earlier, equally long) one; sorted by start."""
    chosen: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (-(s.end - s.start), s.start)):
        if not any(span.overlaps(other) for other in chosen):
            chosen.append(span)
    return sorted(chosen)


def merge_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Union of overlapping or touching-by-overlap spans, sorted by start."""
    merged: list[Span] = []
    for span in sorted(set(spans)):
        if merged and span.start < merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged
