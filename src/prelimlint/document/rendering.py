"""A draft as HTML with highlighted source ranges, for the review page.

Rendered from the same markdown-it tokens and the same inline alignment as the document
model (``markdown_tokens``, ``align_inline``), so a highlight covers exactly the rendered
characters whose source offsets lie inside its span: the characters the linter saw.
Rendering happens in two steps: the tokens become a flat list of trusted tags and text
runs with one source offset per character; then highlights are laid over the text runs.
A ``<mark>`` never crosses a tag, so a highlight that spans inline markup (``**bold**``,
a link) becomes several segments and the HTML stays valid.

Every character of the draft is escaped. Raw HTML in a draft is shown as text (it would
otherwise run inside the reviewer's browser); link targets are shown next to the link
text, because unsafe rules point at them.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Span
from ..positions import LineIndex
from .frontmatter import split_front_matter
from .inline import ChildTrace, align_inline, content_offsets
from .markdown import _Walker, markdown_tokens  # the walker keeps table-cell positions exact
from .plaintext import _PARAGRAPH

__all__ = ["Highlight", "render_draft"]

_SAFE_LINK = re.compile(r"(?:https?:|mailto:)", re.IGNORECASE)
_BLOCK_TAGS = {
    "paragraph_open": "<p>",
    "paragraph_close": "</p>",
    "bullet_list_open": "<ul>",
    "bullet_list_close": "</ul>",
    "ordered_list_close": "</ol>",
    "list_item_open": "<li>",
    "list_item_close": "</li>",
    "blockquote_open": "<blockquote>",
    "blockquote_close": "</blockquote>",
    "hr": "<hr>",
    "table_open": '<div class="table-wrap"><table>',
    "table_close": "</table></div>",
    "thead_open": "<thead>",
    "thead_close": "</thead>",
    "tbody_open": "<tbody>",
    "tbody_close": "</tbody>",
    "tr_open": "<tr>",
    "tr_close": "</tr>",
    "th_close": "</th>",
    "td_close": "</td>",
}
_INLINE_TAGS = {
    "em_open": "<em>",
    "em_close": "</em>",
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "s_open": "<s>",
    "s_close": "</s>",
}


@dataclass(frozen=True, slots=True)
class Highlight:
    """A source range to mark in the rendered draft."""

    span: Span
    anchor: str  # id of the first segment (or of the pin, when no rendered character is inside)
    classes: str = ""  # CSS classes of every segment
    data: tuple[tuple[str, str], ...] = ()  # data-* attributes of every segment, without the prefix
    note: str = ""  # footnote reference shown after the last segment ("3")
    note_target: str = ""  # id the reference links to
    label: str = ""  # accessible name of the reference ("Finding 3: error")


def render_draft(text: str, highlights: Sequence[Highlight], syntax: str = "markdown") -> str:
    """The draft (front matter, then body) as an HTML fragment with ``highlights`` marked."""
    out = _Items()
    front, body_start = split_front_matter(text)
    if front is not None and front.span.end > 0:
        _front_matter_items(text, front.span.end, out)
    if syntax == "text":
        _plain_items(text, body_start, out)
    else:
        _markdown_items(text, body_start, out)
    return _Layout(out.items, highlights).html()


# ---------------------------------------------------------------- tokens to items


@dataclass(slots=True)
class _Text:
    chars: str
    offsets: list[int]
    in_link: bool


@dataclass(slots=True)
class _Items:
    items: list[str | _Text] = field(default_factory=list)
    open_links: list[str] = field(default_factory=list)  # closing tag of each open link

    def tag(self, markup: str) -> None:
        self.items.append(markup)

    def text(self, chars: str, offsets: Sequence[int]) -> None:
        if chars:
            self.items.append(_Text(chars, list(offsets), bool(self.open_links)))

    def verbatim(self, text: str, start: int, end: int) -> None:
        """Source characters ``[start, end)`` as they are."""
        self.text(text[start:end], range(start, end))


def _front_matter_items(text: str, end: int, out: _Items) -> None:
    """The front matter's fields, as written (its ``---`` fences left out)."""
    first_line_end = text.find("\n") + 1
    content_end = _closing_fence_start(text, end)
    out.tag(
        '<section class="front-matter" aria-label="Front matter"><h2 class="front-matter-title">'
        "Front matter</h2><pre>"
    )
    out.verbatim(text, first_line_end, max(first_line_end, content_end))
    out.tag("</pre></section>")


def _closing_fence_start(text: str, end: int) -> int:
    """Where the closing ``---`` line of front matter ending at ``end`` starts."""
    line_end = end
    while line_end > 0 and text[line_end - 1] in "\r\n":
        line_end -= 1
    return max(text.rfind("\n", 0, line_end), text.rfind("\r", 0, line_end)) + 1


def _plain_items(text: str, body_start: int, out: _Items) -> None:
    for match in _PARAGRAPH.finditer(text, body_start):
        chunk = match.group().rstrip("\r\n")
        out.tag('<p class="plain">')
        out.verbatim(text, match.start(), match.start() + len(chunk))
        out.tag("</p>")


def _markdown_items(text: str, body_start: int, out: _Items) -> None:
    walker = _Walker(text, LineIndex(text))
    for token in markdown_tokens(text, body_start):
        if token.type == "inline":
            _inline_items(token, walker.inline_offsets(token), text, out)
            continue
        walker.walk([token])  # only for its table-row state, which inline_offsets reads
        _block_items(token, walker, out)


def _block_items(token, walker: _Walker, out: _Items) -> None:
    kind = token.type
    if kind in ("paragraph_open", "paragraph_close") and token.hidden:
        return  # tight list items
    if kind in _BLOCK_TAGS:
        out.tag(_BLOCK_TAGS[kind])
    elif kind in ("heading_open", "heading_close"):
        level = int(token.tag[1:])  # the page owns <h1>: draft headings move one level down
        tag = f"h{min(level + 1, 6)}"
        out.tag(
            f'<{tag} class="md-heading md-h{level}">' if kind == "heading_open" else f"</{tag}>"
        )
    elif kind == "ordered_list_open":
        start = token.attrs.get("start")
        out.tag(f'<ol start="{int(start)}">' if start is not None else "<ol>")
    elif kind in ("th_open", "td_open"):
        style = str(token.attrs.get("style", ""))
        align = style.rsplit(":", 1)[-1] if style.startswith("text-align:") else ""
        css = f' class="align-{align}"' if align in ("left", "center", "right") else ""
        out.tag(f"<{token.tag}{css}>")
    elif kind in ("fence", "code_block", "html_block") and token.map:
        _literal_block_items(token, walker, out)


def _literal_block_items(token, walker: _Walker, out: _Items) -> None:
    """Code and raw HTML blocks, shown as text at their exact source positions."""
    first, last = token.map
    if token.type == "fence":
        first += 1  # the content starts after the opening fence line
    offsets = content_offsets(token.content, walker.lines(first, last))
    content = token.content.removesuffix("\n")
    if token.type == "html_block":
        is_comment = content.lstrip().startswith("<!--")
        css = "comment" if is_comment else "raw-html"
        label = (
            "HTML comment in the draft" if is_comment else "Raw HTML in the draft, shown as text"
        )
        out.tag(f'<pre class="{css}" aria-label="{label}"><code>')
    else:
        out.tag('<pre class="code"><code>')
    out.text(content, offsets[: len(content)])
    out.tag("</code></pre>")


def _inline_items(token, offsets: list[int], text: str, out: _Items) -> None:
    children = token.children or []
    trace: list[ChildTrace] = []
    prose = align_inline(token.content, offsets, children, trace)
    links: list[str] = []
    for child, step in zip(children, trace, strict=True):
        kind = child.type
        chars = "".join(prose.chars[step.prose_start : step.prose_end])
        char_offsets = prose.offsets[step.prose_start : step.prose_end]
        if kind in _INLINE_TAGS:
            out.tag(_INLINE_TAGS[kind])
        elif kind == "code_inline":
            out.tag("<code>")
            out.text(chars, char_offsets)
            out.tag("</code>")
        elif kind == "hardbreak":  # keep its prose character, so highlights match the prose exactly
            out.text(chars, char_offsets)
            out.tag("<br>")
        elif kind == "link_open":
            links.append(child.markup)
            href = str(child.attrs.get("href", ""))
            if _SAFE_LINK.match(href):
                out.tag(f'<a href="{html.escape(href)}" rel="noopener noreferrer nofollow">')
                out.open_links.append("</a>")
            else:  # relative or unknown scheme: nothing a reviewer's click should follow
                out.tag('<span class="link">')
                out.open_links.append("</span>")
        elif kind == "link_close":
            out.tag(out.open_links.pop() if out.open_links else "")
            if (links.pop() if links else "") != "autolink":
                _link_target_items(prose.regions[step.regions_start : step.regions_end], text, out)
        elif kind in ("html_inline", "image"):
            _raw_inline_items(child, step, token.content, offsets, out)
        else:  # text, softbreak and anything that became prose
            out.text(chars, char_offsets)


def _link_target_items(regions, text: str, out: _Items) -> None:
    for region in regions:
        if region.kind == "link":
            out.tag('<span class="link-target" aria-label="link target">')
            out.verbatim(text, region.span.start, region.span.end)
            out.tag("</span>")


def _raw_inline_items(
    child, step: ChildTrace, content: str, offsets: list[int], out: _Items
) -> None:
    """Inline HTML or an image, shown as its source text."""
    raw = child.content if child.type == "html_inline" else "!["
    start = content.find(
        raw, step.content_start, max(step.content_end, step.content_start + len(raw))
    )
    if start < 0:
        return
    end = start + len(child.content) if child.type == "html_inline" else step.content_end
    if child.type == "image":
        css = "image-source"
    else:
        css = "comment" if raw.startswith("<!--") else "raw-html"
    out.tag(f'<code class="{css}">')
    out.text(content[start:end], offsets[start:end])
    out.tag("</code>")


# ---------------------------------------------------------------- highlights over items


class _Layout:
    """Lays highlights over the text runs: which characters each one covers, then the HTML."""

    def __init__(self, items: list[str | _Text], highlights: Sequence[Highlight]) -> None:
        self.items = items
        self.highlights = list(highlights)
        offsets = [offset for item in items if isinstance(item, _Text) for offset in item.offsets]
        self.active = self._active_sets(offsets)
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        for position, active in enumerate(self.active):
            for number in active:
                self.first.setdefault(number, position)
                self.last[number] = position
        self.pins: dict[
            int, list[int]
        ] = {}  # position -> highlights with no character of their own
        for number, highlight in enumerate(self.highlights):
            if number not in self.first:
                at = next(
                    (p for p, o in enumerate(offsets) if o >= highlight.span.start), len(offsets)
                )
                self.pins.setdefault(at, []).append(number)

    def _active_sets(self, offsets: list[int]) -> list[tuple[int, ...]]:
        """Per rendered character, the highlights covering it, outermost first."""
        spans = [h.span for h in self.highlights]
        order = sorted(range(len(spans)), key=lambda n: (spans[n].start, -spans[n].end, n))
        bounds = sorted({s.start for s in spans} | {s.end for s in spans})
        # membership is constant between consecutive boundaries; bounds[k - 1] stands for segment k
        segments = [()] + [
            tuple(n for n in order if spans[n].start <= bound < spans[n].end) for bound in bounds
        ]
        return [segments[bisect.bisect_right(bounds, offset)] for offset in offsets]

    def html(self) -> str:
        parts: list[str] = []
        position = 0
        for item in self.items:
            if isinstance(item, str):
                parts.append(item)
                continue
            self._text(item, position, parts)
            position += len(item.chars)
        for number in self.pins.get(position, ()):
            parts.append(self._pin(number, in_link=False))
        return "".join(parts)

    def _text(self, item: _Text, start: int, parts: list[str]) -> None:
        index, size = 0, len(item.chars)
        while index < size:
            for number in self.pins.get(start + index, ()):
                parts.append(self._pin(number, item.in_link))
            active = self.active[start + index]
            end = index + 1
            while (
                end < size
                and self.active[start + end] == active
                and (start + end) not in self.pins
                and not any(self.last[n] == start + end - 1 for n in active)
            ):
                end += 1
            chunk = html.escape(item.chars[index:end], quote=False)
            opening = "".join(self._open(n, first=self.first[n] == start + index) for n in active)
            parts.append(opening + chunk + "</mark>" * len(active))
            for number in active:
                if self.last[number] == start + end - 1:
                    parts.append(self._reference(number, item.in_link))
            index = end

    def _open(self, number: int, first: bool, pin: bool = False) -> str:
        highlight = self.highlights[number]
        classes = " ".join(c for c in ("hl", "pin" if pin else "", highlight.classes) if c)
        attributes = [f'class="{html.escape(classes)}"']
        if first:
            attributes.append(f'id="{html.escape(highlight.anchor)}" tabindex="-1"')
        attributes.extend(
            f'data-{html.escape(key)}="{html.escape(value)}"' for key, value in highlight.data
        )
        return f"<mark {' '.join(attributes)}>"

    def _pin(self, number: int, in_link: bool) -> str:
        return (
            self._open(number, first=True, pin=True) + "</mark>" + self._reference(number, in_link)
        )

    def _reference(self, number: int, in_link: bool) -> str:
        highlight = self.highlights[number]
        if not highlight.note:
            return ""
        note = html.escape(highlight.note)
        classes = html.escape(" ".join(c for c in ("ref", highlight.classes) if c))
        if in_link or not highlight.note_target:  # no link inside a link
            return f'<sup class="{classes}" aria-hidden="true">{note}</sup>'
        label = f' aria-label="{html.escape(highlight.label)}"' if highlight.label else ""
        target = html.escape(highlight.note_target)
        return f'<sup class="{classes}"><a href="#{target}"{label}>{note}</a></sup>'
