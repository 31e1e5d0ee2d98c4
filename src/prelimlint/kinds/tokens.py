"""Small helpers between spaCy token ranges and prose spans."""

from __future__ import annotations

import bisect
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
    chosen: list[Span] = []  # sorted, pairwise apart: only the neighbours of a span can overlap it
    for span in sorted(set(spans), key=lambda s: (-(s.end - s.start), s.start)):
        at = bisect.bisect_left(chosen, span)
        if not any(span.overlaps(other) for other in chosen[max(at - 1, 0) : at + 2]):
            chosen.insert(at, span)  # a long line of matches (thousands) stays fast
    return chosen


def merge_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Union of overlapping or touching-by-overlap spans, sorted by start."""
    merged: list[Span] = []
    for span in sorted(set(spans)):
        if merged and span.start < merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged
