"""The draft as HTML with highlights: positions match the document model, valid HTML, escaped."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prelimlint.document import parse_document
from prelimlint.document.rendering import Highlight, render_draft
from prelimlint.model import Span
from tests.htmltree import parse


def highlight(start: int, end: int, key: str = "1") -> Highlight:
    return Highlight(
        Span(start, end), f"h{key}", "x", (("k", key),), key, f"n{key}", f"Finding {key}"
    )


def marked(tree, key: str = "1") -> list[str]:
    """The text of every segment of highlight ``key``, in order."""
    return [node.text() for node in tree.find_all("mark", data_k=key)]


def visible(text: str, span: Span, path: str = "d.md") -> str:
    """What the document model says the linter saw in ``span``: prose characters mapped into it."""
    document = parse_document(text, path)
    return "".join(
        char
        for block in document.blocks
        if block.kind.is_prose
        for offset, char in enumerate(block.text)
        if span.start <= block.source_map.to_source(offset) < span.end
    )


def test_highlight_across_emphasis_becomes_valid_segments():
    text = "Customers could **not complete** checkout.\n"
    start, end = text.index("could"), text.index(" complete")
    tree = parse(render_draft(text, [highlight(start, end)]))
    assert marked(tree) == ["could ", "not"]
    first, second = tree.find_all("mark", data_k="1")
    assert first.attrs["id"] == "h1" and "id" not in second.attrs
    assert second.parent.tag == "strong"
    (reference,) = tree.find_all("sup")
    assert reference.find_all("a")[0].attrs == {"href": "#n1", "aria-label": "Finding 1"}
    assert reference.parent is second.parent  # right after the last segment, inside <strong>
    assert second.parent.children.index(reference) == second.parent.children.index(second) + 1


def test_highlight_starting_inside_a_link_and_ending_after_it():
    text = "See [the status page](https://status.example.com/) for more.\n"
    start, end = text.index("status page"), text.index(" more")
    tree = parse(render_draft(text, [highlight(start, end)]))
    # the link target sits inside the span in the source, and is shown, so it is marked too
    assert marked(tree) == ["status page", "https://status.example.com/", " for"]
    (link,) = tree.find_all("a", href="https://status.example.com/")
    assert link.attrs["rel"] == "noopener noreferrer nofollow"
    assert tree.find_all("sup")[0].find_all("a"), "the reference after a link may be a link again"


def test_overlapping_highlights_nest_and_each_keeps_its_own_text():
    text = "The database crashed because of a bad deploy.\n"
    outer = highlight(text.index("database"), text.index(" because"), "1")
    inner = highlight(text.index("crashed"), text.index(" of a"), "2")
    tree = parse(render_draft(text, [outer, inner]))
    assert "".join(marked(tree, "1")) == "database crashed"
    assert "".join(marked(tree, "2")) == "crashed because"
    assert tree.by_id("h1") is not None and tree.by_id("h2") is not None


def test_spans_without_rendered_characters_become_pins():
    text = "# Title\n\nSome **bold** text.\n"
    markup_only = highlight(text.index("**"), text.index("**") + 2, "1")  # just the markers
    empty = highlight(text.index("text"), text.index("text"), "2")
    tree = parse(render_draft(text, [markup_only, empty]))
    for key, before in (("1", "bold"), ("2", "text")):
        (pin,) = tree.find_all("mark", data_k=key)
        assert "pin" in pin.classes() and pin.text() == "" and pin.attrs["id"] == f"h{key}"
        siblings = pin.parent.children
        following = "".join(
            c if isinstance(c, str) else c.text() for c in siblings[siblings.index(pin) + 1 :]
        )
        assert following.lstrip("12").startswith(before)


def test_raw_html_and_scripts_in_a_draft_are_shown_as_text():
    text = (
        "Intro <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n"
        "<script>\ndocument.title = 'pwned'\n</script>\n\n"
        '<div onclick="alert(3)">x</div>\n\n'
        "[click](javascript:alert(4)) and [rel](/admin)\n"
    )
    html = render_draft(text, [highlight(text.index("alert(1)"), text.index("alert(1)") + 8)])
    tree = parse(html)
    tags = {node.tag for node in tree.iter()}
    assert not tags & {"script", "img", "div", "iframe"}
    assert not [node for node in tree.iter() if any(name.startswith("on") for name in node.attrs)]
    assert not [
        node for node in tree.find_all("a") if not node.attrs["href"].startswith(("http", "#"))
    ]
    shown = tree.text()
    for raw in (
        "<script>",
        "</script>",
        "<img src=x onerror=alert(2)>",
        "document.title = 'pwned'",
        '<div onclick="alert(3)">',
        "[click](javascript:alert(4))",
    ):
        assert raw in shown
    assert marked(tree) == ["alert(1)"]
    (relative,) = [n for n in tree.iter() if "link" in n.classes()]
    assert relative.tag == "span" and relative.text() == "rel"


def test_front_matter_code_and_tables_keep_exact_positions():
    text = (
        "---\nresolved_at: 2026-04-12T14:51:00\n---\n# T\n\n"
        "| Field | Value |\n|---|---|\n| Host | db-1.prod.internal |\n\n"
        "```\ntoken = abc123\n```\n\n> quoted *text*\n"
    )
    spans = {
        "1": "2026-04-12T14:51:00",
        "2": "db-1.prod.internal",
        "3": "abc123",
        "4": "quoted *text",
    }
    highlights = [highlight(text.index(s), text.index(s) + len(s), key) for key, s in spans.items()]
    tree = parse(render_draft(text, highlights))
    assert "".join(marked(tree, "1")) == "2026-04-12T14:51:00"
    assert "".join(marked(tree, "2")) == "db-1.prod.internal"
    assert tree.by_id("h2").parent.tag == "td"
    assert "".join(marked(tree, "3")) == "abc123"
    assert "".join(marked(tree, "4")) == "quoted text"
    assert tree.find_all("section", aria_label="Front matter")


def test_plain_text_drafts_keep_their_lines():
    text = "Impact\nCustomers could not pay\nfor an hour.\n\nNext paragraph <b>.\n"
    tree = parse(
        render_draft(text, [highlight(text.index("pay"), text.index("hour"))], syntax="text")
    )
    paragraphs = tree.find_all("p")
    assert [p.text() for p in paragraphs] == [
        "Impact\nCustomers could not pay\nfor an 1hour.",
        "Next paragraph <b>.",
    ]
    assert tree.find_all("sup")[0].text() == "1"
    assert marked(tree) == ["pay\nfor an "]


# -------------------------------------------------------------- property: any draft, any span

_WORD = st.sampled_from(
    ["customers", "could", "not", "pay", "Ünïcode", "café", "日本", "a&b", "x<y", "1*2"]
)
_INLINE = st.one_of(
    _WORD,
    _WORD.map(lambda w: f"**{w}**"),
    _WORD.map(lambda w: f"*{w}*"),
    _WORD.map(lambda w: f"`{w}`"),
    st.sampled_from(["&amp;", "&copy;", "\\*", "\\_", "&#x1F600;"]),
)
_LINE = st.lists(_INLINE, min_size=1, max_size=8).map(" ".join)
_BLOCK = st.one_of(
    _LINE,
    _LINE.map(lambda line: f"## {line}"),
    st.lists(_LINE, min_size=1, max_size=3).map(
        lambda lines: "\n".join(f"- {line}" for line in lines)
    ),
    _LINE.map(lambda line: f"> {line}\n> {line}"),
    st.lists(_LINE, min_size=2, max_size=3).map("\n".join),  # soft line breaks
    _LINE.map(lambda line: f"{line}\\\n{line}"),  # a hard line break
    st.tuples(_WORD, _LINE).map(lambda cells: f"| h | v |\n|---|---|\n| {cells[0]} | {cells[1]} |"),
)
_DRAFT = st.lists(_BLOCK, min_size=1, max_size=6).map(lambda blocks: "\n\n".join(blocks) + "\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    draft=_DRAFT, cuts=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=6)
)
def test_any_highlight_covers_exactly_what_the_linter_saw(draft, cuts):
    spans = [Span(*sorted((int(a * len(draft)), int(b * len(draft))))) for a, b in cuts]
    highlights = [highlight(span.start, span.end, str(number)) for number, span in enumerate(spans)]
    tree = parse(render_draft(draft, highlights))  # parse() fails on tags that do not nest
    for number, span in enumerate(spans):
        expected = visible(draft, span)
        segments = tree.find_all("mark", data_k=str(number))
        assert tree.by_id(f"h{number}") is segments[0]
        if expected:
            assert "".join(s.text() for s in segments) == expected
        else:
            assert len(segments) == 1 and "pin" in segments[0].classes()
