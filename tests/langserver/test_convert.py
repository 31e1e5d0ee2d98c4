"""Position conversion and diagnostic conversion, apart from the server."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from prelimlint.langserver.convert import PositionCodec, to_lsp_diagnostic
from prelimlint.model import Category, Diagnostic, Fix, Severity, Span

TEXT = "# Zeitplan 🚀\r\nnaïve café 😀 at 14:05\n\n\tTabbed 𝔘 line\rlast"


def _position(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        # "😀": one code point, two UTF-16 units, four UTF-8 bytes; "ï" and "é": two UTF-8 bytes
        ("utf-16", (1, 14)),
        ("utf-8", (1, 18)),
        ("utf-32", (1, 13)),
    ],
)
def test_position_after_emoji_and_accents(encoding, expected):
    codec = PositionCodec(TEXT, encoding)
    offset = TEXT.index("at 14:05")
    position = codec.position(offset)
    assert (position.line, position.character) == expected
    assert codec.offset(position) == offset


def test_crlf_cr_and_lf_line_breaks_all_start_lines():
    codec = PositionCodec(TEXT)
    assert codec.position(TEXT.index("naïve")) == _position(1, 0)
    assert codec.position(TEXT.index("\tTabbed")) == _position(3, 0)
    assert codec.position(TEXT.index("last")) == _position(4, 0)


def test_astral_character_beyond_the_basic_plane_counts_twice_in_utf16():
    codec = PositionCodec(TEXT)
    after = TEXT.index("𝔘") + 1
    assert codec.position(after).character == len("\tTabbed ") + 2


def test_column_inside_a_surrogate_pair_moves_past_the_character():
    codec = PositionCodec("a😀b", "utf-16")
    assert codec.offset(_position(0, 2)) == 2  # between the two units of the emoji: after it
    utf8 = PositionCodec("a😀b", "utf-8")
    assert utf8.offset(_position(0, 3)) == 2  # inside the four bytes of the emoji: after it


def test_out_of_range_positions_clamp():
    codec = PositionCodec("one\ntwo")
    assert codec.offset(_position(0, 99)) == 3  # past the line end: the line end
    assert codec.offset(_position(9, 0)) == len("one\ntwo")  # past the last line: the end
    for encoding in ("utf-8", "utf-32"):
        assert PositionCodec("one\ntwo", encoding).offset(_position(1, 99)) == len("one\ntwo")


def test_reversed_range_becomes_an_ordered_span():
    codec = PositionCodec("hello world")
    assert codec.span(types.Range(_position(0, 8), _position(0, 2))) == Span(2, 8)


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError, match="utf-7"):
        PositionCodec("x", "utf-7")


@given(st.text(alphabet=st.sampled_from(list("ab é😀\r\n𝔘\t")), max_size=40), st.data())
def test_every_offset_round_trips_in_every_encoding(text, data):
    offset = data.draw(st.integers(0, len(text)))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1  # between "\r" and "\n" is not a position an editor can express
    for encoding in ("utf-8", "utf-16", "utf-32"):
        codec = PositionCodec(text, encoding)
        assert codec.offset(codec.position(offset)) == offset, encoding


def test_diagnostic_becomes_an_lsp_diagnostic_with_code_link_and_severity():
    text = "Intro 😀 was caused by a bad deploy."
    span = Span(text.index("caused by"), text.index("caused by") + len("caused by"))
    diagnostic = Diagnostic(
        "speculation.root-cause",
        Category.SPECULATION,
        Severity.WARNING,
        "msg",
        span,
        Fix(span, "x", "Replace", False),
        "caused by",
    )
    lsp = to_lsp_diagnostic(
        diagnostic, PositionCodec(text), lambda rule: f"https://docs.invalid/#{rule}"
    )
    assert lsp.range == types.Range(_position(0, 13), _position(0, 22))
    assert lsp.severity == types.DiagnosticSeverity.Warning
    assert lsp.code == "speculation.root-cause"
    assert lsp.source == "prelimlint"
    assert lsp.code_description.href == "https://docs.invalid/#speculation.root-cause"
    assert lsp.message == "msg"
    assert lsp.tags is None


@pytest.mark.parametrize(
    ("severity", "expected"),
    [(Severity.ERROR, 1), (Severity.WARNING, 2), (Severity.INFO, 3)],
)
def test_severities_map_to_lsp_numbers(severity, expected):
    diagnostic = Diagnostic("style.x", Category.STYLE, severity, "m", Span(0, 1))
    assert to_lsp_diagnostic(diagnostic, PositionCodec("ab"), lambda _: None).severity == expected


def test_unused_suppression_is_tagged_unnecessary_and_has_no_link():
    diagnostic = Diagnostic(
        "style.unused-suppression", Category.STYLE, Severity.INFO, "m", Span(0, 1)
    )
    lsp = to_lsp_diagnostic(diagnostic, PositionCodec("ab"), lambda _: None)
    assert lsp.tags == [types.DiagnosticTag.Unnecessary]
    assert lsp.code_description is None
