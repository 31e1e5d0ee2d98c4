"""Property tests (hypothesis): the document model's positions and the whole lint path.

For any text: every prose character maps into the source, positions round-trip in code
points and in UTF-16 units, and linting never raises and never reports a span outside
the text.
"""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prelimlint import Linter
from prelimlint import nlp as nlp_module
from prelimlint.document import parse_document
from prelimlint.document.plaintext import paragraphs
from prelimlint.kinds.context import any_hit
from prelimlint.kinds.tokens import longest_first
from prelimlint.model import Span
from prelimlint.nlp import _LONG_RUN, _tokenizable, load_pipeline
from prelimlint.positions import LineIndex

# Markdown-ish building blocks, mixed with arbitrary characters (astral, combining, RTL, NUL)
_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "- ",
        "1. ",
        "> ",
        "**",
        "*",
        "_",
        "`",
        "```\n",
        "[",
        "](",
        ")",
        "<!-- ",
        " -->",
        "|",
        "---\n",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "  ",
        "&amp;",
        "\\*",
        "😀",
        "é",
        "\u0301",
        "\u202e",
        "\u05d0",
        "caused by",
        "db-01.prod.internal",
        "14:05 UTC",
        "we suspect",
        "Impact",
        "\x00",
    ]
)
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
        assert back == offset or text[back:offset] in ("\r", "\n", "\r\n", "")
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


# ---------------------------------------------------------------- fast paths agree with the plain ones

_SPANS = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 8)).map(lambda p: Span(p[0], p[0] + p[1])),
    max_size=25,
)
_AREA = st.tuples(st.integers(0, 70), st.integers(0, 10)).map(lambda p: Span(p[0], p[0] + p[1]))


@given(_SPANS, _AREA, st.booleans())
@settings(max_examples=500, deadline=None)
def test_any_hit_by_bisection_agrees_with_testing_every_hit(hits, area, overlap):
    hits = sorted(hits)
    reach = list(itertools.accumulate((hit.end for hit in hits), max))
    expected = any(hit.overlaps(area) if overlap else area.contains(hit) for hit in hits)
    assert any_hit(hits, [hit.start for hit in hits], reach, area, overlap=overlap) == expected


@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 6)).map(lambda p: Span(p[0], p[0] + p[1])),
        max_size=20,
    )
)
@settings(max_examples=500, deadline=None)
def test_longest_first_keeps_what_the_pairwise_version_keeps(spans):
    chosen: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (-(s.end - s.start), s.start)):
        if not any(span.overlaps(other) for other in chosen):
            chosen.append(span)
    assert longest_first(spans) == sorted(chosen)


_PLAIN = st.lists(
    st.sampled_from(
        [
            "a",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "\x0b",
            "\x0c",
            "\x85",
            "\u2028",
            "- x",
            "1. y",
            "Impact:",
            "Title line",
        ]
    ),
    max_size=30,
).map("".join)
_OLD_PARAGRAPH = re.compile(r"(?:[^\r\n]*\S[^\r\n]*(?:\r\n|\r|\n|$))+")  # the backtracking original


@given(_PLAIN, st.integers(0, 5))
@settings(max_examples=500, deadline=None)
def test_plain_text_paragraphs_are_those_of_the_original_regex(text, start):
    start = min(start, len(text))
    expected = [(m.start(), m.group()) for m in _OLD_PARAGRAPH.finditer(text, start)]
    assert list(paragraphs(text, start)) == expected


_RUNS = st.lists(
    st.sampled_from(
        [
            "a",
            "b",
            " ",
            "  ",
            "\n",
            "[",
            "(",
            ".",
            "😀",
            "\u0301",
            '"',
            "-",
            "x" * 70,
            "[" * 80,
            "\t",
            "db-01.prod",
        ]
    ),
    max_size=40,
).map("".join)


@given(_RUNS)
@settings(max_examples=300, deadline=None)
def test_pieces_for_the_tokenizer_keep_every_character_and_the_usual_tokens(text):
    nlp = load_pipeline(None).nlp
    saved, nlp_module._MAX_PIECE = (
        nlp_module._MAX_PIECE,
        16,
    )  # small pieces: the long-block path too
    try:
        prepared = _tokenizable(nlp, text)
    finally:
        nlp_module._MAX_PIECE = saved
    if isinstance(prepared, str):
        assert prepared == text
        return
    assert prepared.text == text
    if not _LONG_RUN.search(text):  # only the long-block path: the tokens are spaCy's own
        assert [t.text for t in prepared] == [t.text for t in nlp.make_doc(text)]
