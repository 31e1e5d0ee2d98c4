"""Markdown parsed piece by piece (with a cache) gives exactly the whole-document parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prelimlint.document import ParseCache, parse_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

TRICKY = [
    # a fence whose body has blank lines and column-0 lines
    "# T\n\n```\ncode\n\nnot a heading\n\n# still code\n```\n\nAfter the fence.\n",
    # an unclosed fence swallows the rest of the draft
    "Intro.\n\n~~~text\nunclosed\n\nParagraph?\n\n## Heading?\n",
    # an HTML comment spanning blank lines, then a directive
    "Intro.\n\n<!-- a comment\n\nstill the comment\n-->\n\n"
    "Text after.\n<!-- prelimlint-disable-next-line x -->\nLine.\n",
    # HTML blocks of type 6 end at a blank line
    "<div>\nblock\n\n</div>\n\nAfter.\n",
    "<pre>\nkeep\n\nkeep too\n</pre>\n\nAfter.\n",
    # lists continued after a blank line, nested, and ordered lists restarting
    "- one\n\n- two\n\n  continued\n\n- three\n\n1. a\n\n2. b\n\n10) c\n",
    # block quotes separated by a blank line, a fence inside a quote
    "> first\n\n> second\n> ```\n> code\n\n> third\n",
    # a table, setext headings, thematic breaks, indented code
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n\nTitle\n=====\n\n---\n\n"
    "    indented\n\n    more\n\nEnd.\n",
    # a reference definition is global: parsed whole
    "See [the page][p].\n\nMore text.\n\n[p]: https://example.invalid/page\n",
    # front matter, CRLF and CR line breaks, emoji and tabs
    "---\nincident: X-1\n---\r\n# Title 🚀\r\n\r\nIntro\t— naïve café 😀.\r\n\r\n"
    "## Impact\rCustomers saw errors.\r\r- a\r",
    # blank lines holding spaces and tabs, trailing text without a newline
    "Para one.\n \t\nPara two.\n\n\n\nPara three",
]


def _cached(text: str, cache: ParseCache, path: str = "draft.md"):
    return parse_document(text, path, cache=cache)


@pytest.mark.parametrize("text", TRICKY)
def test_piecewise_parse_equals_whole_parse(text):
    cache = ParseCache()
    assert _cached(text, cache) == parse_document(text, "draft.md")
    assert _cached(text, cache) == parse_document(text, "draft.md")  # second time from the cache


def test_example_draft_and_every_single_character_insertion_match():
    text = (EXAMPLES / "draft.md").read_text(encoding="utf-8")
    cache = ParseCache()
    assert _cached(text, cache) == parse_document(text, "draft.md")
    for position in range(0, len(text), 7):
        for char in ("x", "\n", "`", "<"):
            edited = text[:position] + char + text[position:]
            assert _cached(edited, cache) == parse_document(edited, "draft.md"), (position, char)


def test_pieces_move_when_text_above_them_grows():
    cache = ParseCache()
    text = "# Title\n\nFirst paragraph.\n\n## Impact\n\nCustomers saw **errors**.\n"
    before = _cached(text, cache)
    edited = "Inserted line.\n\n" + text
    after = _cached(edited, cache)
    assert after == parse_document(edited, "draft.md")
    moved = [b for b in after.blocks if "Customers" in b.text][0]
    original = [b for b in before.blocks if "Customers" in b.text][0]
    assert moved.span.start == original.span.start + len("Inserted line.\n\n")
    source = moved.source_map.to_source(moved.text.index("errors"))
    assert edited[source : source + 6] == "errors"


_PIECES = st.sampled_from(
    [
        "Plain words here.",
        "Customers saw *errors* at 14:05 UTC.",
        "# Heading",
        "## Impact",
        "- item",
        "  - nested",
        "1. first",
        "> quoted",
        "```",
        "~~~",
        "    indented",
        "<!-- note",
        "-->",
        "<div>",
        "</div>",
        "| a | b |",
        "| --- | --- |",
        "Title",
        "=====",
        "---",
        "`code` and [link](https://example.invalid/x)",
        "\t",
        "",
        "",
        "",
        "**Impact:** users could not log in",
        "<pre>",
        "</pre>",
        "😀 naïve",
        "a\\*b &amp; c",
        "nul\x00 char",
        "form\x0cfeed",
        "line\u2028separator",
        "\x00",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_generated_markdown_parses_the_same_piecewise(lines, newline):
    text = newline.join(lines)
    cache = ParseCache()
    assert _cached(text, cache) == parse_document(text, "draft.md")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_PIECES, min_size=1, max_size=25),
    st.lists(st.tuples(st.integers(0, 10_000), _PIECES), max_size=6),
)
def test_generated_edit_sequences_match_a_fresh_parse(lines, edits):
    cache = ParseCache()
    text = "\n".join(lines)
    _cached(text, cache)
    for position, insert in edits:
        position %= len(text) + 1
        text = text[:position] + insert + "\n" + text[position:]
        assert _cached(text, cache) == parse_document(text, "draft.md")
