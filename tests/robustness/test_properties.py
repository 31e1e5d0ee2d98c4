"""Property tests (hypothesis): the document model's positions and the whole lint path.

For any text: every prose character maps into the source, positions round-trip in code
points and in UTF-16 units, and linting never raises and never reports a span outside
the text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prelimlint import Linter
from prelimlint.document import parse_document
from prelimlint.positions import LineIndex

# Markdown-ish building blocks, mixed with arbitrary characters (astral, combining, RTL, NUL)
_PIECES = st.sampled_from([
    "# ", "## ", "- ", "1. ", "> ", "**", "*", "_", "`", "```\n", "[", "](", ")", "<!-- ", " -->", "|",
    "---\n", "\n", "\r\n", "\r", "\t", "  ", "&amp;", "\\*", "😀", "é", "\u0301", "\u202e", "\u05d0",
    "caused by", "db-01.prod.internal", "14:05 UTC", "we suspect", "Impact", "\x00",
])
MARKDOWN = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(MARKDOWN, st.sampled_from(["draft.md", "draft.txt"]))
@SETTINGS
def test_blocks_map_back_into_the_source(text, path):
    document = parse_document(text, path)
    for block in document.blocks:
        assert 0 <= block.span.start <= block.span.end <= len(text)
        for offset, char in enumerate(block.text):
            source = block.source_map.to_source(offset)
            assert 0 <= source < len(text) or (source == len(text) and char == " ")
            if source < len(text) and char.isalnum():
                # letters and digits come from the same character, or from an entity ("&#65;");
                # markdown-it reads NUL as U+FFFD
                assert text[source] in (char, "&") or (char == "\ufffd" and text[source] == "\x00")
    for region in document.regions:
        assert 0 <= region.span.start <= region.span.end <= len(text)


@given(MARKDOWN)
@SETTINGS
def test_positions_round_trip_in_code_points_and_utf16(text):
    index = LineIndex(text)
    for offset in range(0, len(text) + 1, max(1, len(text) // 25)):
        line, column = index.position(offset)
        back = index.offset(line, column)
        # an offset inside a "\r\n" pair maps to the end of its line
        assert back == offset or text[back : offset] in ("\r", "\n", "\r\n", "")
        line16, column16 = index.utf16_position(offset)
        assert line16 == line
        if offset < len(text) and not ("\udc00" <= text[offset] <= "\udfff"):
            assert index.offset_from_utf16(line16, column16) == back


_LINTER: list[Linter] = []


@given(MARKDOWN, st.sampled_from(["draft.md", "draft.txt"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_lint_never_raises_and_spans_stay_in_the_text(text, path):
    if not _LINTER:
        _LINTER.append(Linter())
    report = _LINTER[0].lint_text(text, path)
    assert report.internal_errors == ()
    for diagnostic in report.diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)
        if diagnostic.fix:
            assert 0 <= diagnostic.fix.span.start <= diagnostic.fix.span.end <= len(text)
