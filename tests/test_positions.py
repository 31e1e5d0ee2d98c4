from prelimlint.positions import LineIndex


def test_lines_and_columns_with_mixed_line_endings():
    text = "ab\r\ncd\ref\ngh"
    index = LineIndex(text)
    assert index.line_count == 4
    assert [index.line_text(n) for n in range(4)] == ["ab", "cd", "ef", "gh"]
    assert index.position(text.index("d")) == (1, 1)
    assert index.position(text.index("f")) == (2, 1)
    assert index.offset(3, 1) == text.index("h")


def test_utf16_columns_count_astral_characters_twice():
    text = "a😀b é\nx"
    index = LineIndex(text)
    offset_b = text.index("b")
    assert index.position(offset_b) == (0, 2)
    assert index.utf16_position(offset_b) == (0, 3)
    assert index.offset_from_utf16(0, 3) == offset_b
    assert index.utf16_position(text.index("é")) == (0, 5)


def test_offsets_are_clamped_into_the_text():
    index = LineIndex("abc\ndef")
    assert index.position(-5) == (0, 0)
    assert index.position(999) == (1, 3)
    assert index.offset(10, 0) == 7
    assert index.offset_from_utf16(0, 99) == 3


def test_empty_text_has_one_line():
    index = LineIndex("")
    assert index.line_count == 1
    assert index.position(0) == (0, 0)
