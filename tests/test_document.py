"""The document model: blocks, sections, front matter and exact source positions."""

from __future__ import annotations

import pytest

from prelimlint.document import BlockKind, parse_document


def _prose(document):
    return [b for b in document.blocks if b.kind.is_prose]


def _check_map(document):
    """Every prose character maps back to the same character in the source (spaces may be synthetic)."""
    for block in document.blocks:
        for offset, char in enumerate(block.text):
            source = block.source_map.to_source(offset)
            if char != " ":
                assert document.text[source] == char, (block.text, offset)


def test_sections_headings_and_blocks():
    text = "# Title\n\nIntro.\n\n## Impact\nCustomers saw errors.\n\n### Detail\nMore.\n\n## Timeline\n- 14:00 UTC\n"
    doc = parse_document(text)
    assert [s.heading for s in doc.sections] == [None, "Title", "Impact", "Detail", "Timeline"]
    impact = doc.sections[2]
    assert text[impact.heading_span.start : impact.heading_span.end] == "## Impact"
    # the extent of "Impact" includes its subsection; its body stops at the next heading
    assert text[impact.span.start : impact.span.end].rstrip().endswith("More.")
    assert "More." not in text[impact.body.start : impact.body.end]
    items = [b for b in doc.blocks if b.kind == BlockKind.LIST_ITEM]
    assert [b.text for b in items] == ["14:00 UTC"]
    _check_map(doc)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_survive_line_endings(newline):
    text = newline.join(
        ["# Impact", "", "Some **bold** text and a `db-01` code span.", "Second line."]
    )
    doc = parse_document(text)
    block = _prose(doc)[1]
    assert block.text == "Some bold text and a db-01 code span. Second line."
    start = block.text.index("db-01")
    source = block.to_source(type(block.code[0])(start, start + 5))
    assert text[source.start : source.end] == "db-01"
    assert block.in_code(block.code[0])
    _check_map(doc)


def test_emoji_tabs_and_non_ascii_keep_exact_offsets():
    text = "# Zeitplan 🚀\n\nIntro\t— naïve café 😀 text with *emphasis* here.\n\n\tindented code\n"
    doc = parse_document(text)
    block = _prose(doc)[1]
    assert doc.blocks[-1].kind == BlockKind.CODE  # a tab-indented line is an indented code block
    offset = block.text.index("emphasis")
    source = block.source_map.to_source(offset)
    assert text[source : source + len("emphasis")] == "emphasis"
    _check_map(doc)


def test_bom_is_not_part_of_positions():
    import tempfile
    from pathlib import Path

    from prelimlint.api import read_text

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bom.md"
        path.write_bytes("\ufeff# Impact\n\nCustomers saw errors.\n".encode())
        text = read_text(path)
    assert not text.startswith("\ufeff")
    doc = parse_document(text)
    assert text[doc.blocks[1].span.start :].startswith("Customers")


def test_front_matter_fields_with_spans():
    text = (
        "---\nincident: INC-1\nresolved_at: 2026-01-02T03:04:05Z\nservices: [A, B]\n---\n# Title\n"
    )
    doc = parse_document(text)
    front = doc.front_matter
    assert front is not None and front.error is None
    field = front.get("resolved_at")
    assert field.value == "2026-01-02T03:04:05Z"  # kept as written, never a datetime
    assert text[field.span.start : field.span.end] == "2026-01-02T03:04:05Z"
    assert front.get("services").value == ("A", "B")
    assert doc.sections[1].heading == "Title"
    assert doc.blocks[0].span.start == text.index("# Title")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\nkey: value\n# never closed\n", "never closed"),
        ("---\n- a\n- b\n---\nBody\n", "not a mapping"),
        ("---\nkey: [unclosed\n---\nBody\n", "not valid YAML"),
    ],
)
def test_front_matter_problems_are_reported_not_raised(text, problem):
    doc = parse_document(text)
    assert problem in doc.front_matter.error


def test_code_blocks_links_and_comments_are_marked():
    text = (
        "See [the wiki](https://wiki.example.corp/x) now.\n\n"
        "```\nhost db-01.prod.internal\n```\n\n"
        "<!-- prelimlint-disable-next-line unsafe -->\nText <!-- inline note --> after.\n"
    )
    doc = parse_document(text)
    code = [b for b in doc.blocks if b.kind == BlockKind.CODE]
    assert code[0].text == "host db-01.prod.internal"
    assert text[code[0].source_map.to_source(5)] == "d"
    links = list(doc.links())
    assert links[0].text == "https://wiki.example.corp/x"
    assert text[links[0].span.start : links[0].span.end] == "https://wiki.example.corp/x"
    comments = [c.text for c in doc.comments()]
    assert "<!-- prelimlint-disable-next-line unsafe -->" in comments[0]
    assert comments[1] == "<!-- inline note -->"
    paragraph = [b for b in doc.blocks if b.text.startswith("See")][0]
    assert paragraph.text == "See the wiki now."
    assert "inline note" not in [b.text for b in doc.blocks if b.text.startswith("Text")][0]


def test_escapes_and_entities_map_to_their_source():
    text = "Costs &amp; fees \\*not\\* bold.\n"
    doc = parse_document(text)
    block = doc.blocks[0]
    assert block.text == "Costs & fees *not* bold."
    assert text[block.source_map.to_source(block.text.index("*not"))] == "*"
    assert text[block.source_map.to_source(block.text.index("&"))] == "&"


def test_table_cells_get_row_labels():
    text = "| Element | Details |\n|---|---|\n| Impact | Customers saw errors |\n| Timeline | 14:00 UTC |\n"
    doc = parse_document(text)
    cells = [b for b in doc.blocks if b.kind == BlockKind.TABLE_CELL]
    details = [b for b in cells if b.text == "Customers saw errors"][0]
    assert details.label == "Impact"
    start = text.index("Customers saw errors")
    assert details.span.start == start
    _check_map(doc)


def test_lead_in_labels_and_title_like_paragraphs():
    text = (
        "What happened\n\n**Impact:** customers saw errors.\n\nTimeline: detected at 14:00 UTC.\n"
    )
    doc = parse_document(text)
    labels = [b.label for b in doc.blocks]
    assert labels == ["What happened", "Impact", "Timeline"]


def test_plain_text_paragraphs_lists_and_headings():
    text = "Impact\n\nCustomers could not log in\nfor an hour.\n\n- retry the export\n- contact Support\n"
    doc = parse_document(text, "draft.txt")
    assert doc.syntax == "text"
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds == [
        (BlockKind.HEADING, "Impact"),
        (BlockKind.PARAGRAPH, "Customers could not log in for an hour."),
        (BlockKind.LIST_ITEM, "retry the export"),
        (BlockKind.LIST_ITEM, "contact Support"),
    ]
    assert doc.sections[1].heading == "Impact"
    _check_map(doc)


def test_nested_quotes_and_lists():
    text = "> - quoted item with `code`\n>   > deeper **text**\n"
    doc = parse_document(text)
    item = [b for b in doc.blocks if b.kind == BlockKind.LIST_ITEM]
    assert item and item[0].in_quote
    _check_map(doc)
