"""``required-section``: an essential element of the report, found by heading OR by content.

    kind: required-section
    title: Customer impact                  # the element's name (messages, scaffolds, editor)
    prompt: Which services were affected, and what did customers see?
    headings: ['impact', 'what (was|were) affected']   # regexes on headings and lead-in labels
    cues:                                   # content cues (conditions without 'scope')
      - lemmas: [affect, impact, disrupt]
      - regex: '\\b(?:customers?|users?)\\b'
    min-cues: 2                             # distinct cues needed in one unit
    cue-scope: block                        # sentence | block | section | document
    front-matter: [services]                # fields that, when present, count as one cue
    ignore-units: ['\\bshould\\b']           # sentences matching these give no cues

A heading that is there with an empty or placeholder body ("TBD", "N/A") is reported at
the heading; a missing element is reported at line 1, column 1.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from ..document import Block, BlockKind, Document
from ..model import Element, ElementStatus, Span
from .base import Checker, CompileContext, DocumentContext, Finding, Kind, OptionReader
from .context import parse_conditions
from .regexes import compile_regex
from .tokens import token_spans

_KEYS = (
    "title",
    "prompt",
    "headings",
    "cues",
    "min-cues",
    "cue-scope",
    "front-matter",
    "placeholder",
    "ignore-units",
)
_PLACEHOLDER = (
    r"(?:tbd|tba|tbc|n/?a|none|nil|todo|to ?do|fixme|xxx|pending|coming soon|placeholder|"
    r"to be (?:added|confirmed|determined|written|completed)|\?+|-+|\.\.\.|…)"
)
_FILLER = r"[\s*_`>:\-\.\[\]()]*"


@dataclass(frozen=True, slots=True)
class SectionOptions:
    title: str
    prompt: str
    headings: tuple[str, ...]
    cues: list
    min_cues: int
    cue_scope: str
    front_matter: tuple[str, ...]
    placeholder: str
    ignore_units: tuple[str, ...]


class RequiredSectionChecker(Checker):
    def __init__(
        self,
        rule,
        options: SectionOptions,
        headings,
        cue_keys: list,
        cue_regexes: list,
        placeholder,
        ignore_units: list,
    ) -> None:
        super().__init__(rule)
        self.options = options
        self.headings = headings
        self.cue_keys = cue_keys  # (cue number, shared-matcher key)
        self.cue_regexes = cue_regexes  # (cue number, compiled regex)
        self.placeholder = placeholder
        self.ignore_units = ignore_units

    def _is_heading(self, text: str | None) -> bool:
        return bool(text) and self.headings.search(text) is not None

    def _says_something(self, text: str) -> bool:
        stripped = text.strip()
        return bool(stripped) and not self.placeholder.fullmatch(stripped)

    def check_document(self, context: DocumentContext) -> Iterable[Finding | Element]:
        element = self.element(context)
        yield element
        if element.status is ElementStatus.EMPTY and element.span is not None:
            text = context.analysis.document.text
            matched = text[element.span.start : element.span.end]
            yield Finding(element.span, matched, params={"state": "empty"})
        elif element.status is ElementStatus.MISSING:
            yield Finding(Span(0, 0), "", params={"state": "missing"})

    def element(self, context: DocumentContext) -> Element:
        """Whether the element is there and where: the decision ``check_document`` reports."""
        document = context.analysis.document
        title, rule_id = self.options.title, self.rule.id
        heading_hit = self._heading_body(document)
        if heading_hit is not None:
            span, body, found_by = heading_hit
            says_something = any(self._says_something(t) for t in body)
            status = ElementStatus.FOUND if says_something else ElementStatus.EMPTY
            return Element(rule_id, title, status, span, found_by)
        found = self._cues_found_at(context)
        if found is not None:
            return Element(rule_id, title, ElementStatus.FOUND, found[0], found[1])
        return Element(rule_id, title, ElementStatus.MISSING)

    def _heading_body(self, document: Document) -> tuple[Span, list[str], str] | None:
        """The first heading or label naming this element, its body's texts and "heading"/"label"."""
        found: tuple[Span, list[str], str] | None = None
        starts = [
            block.span.start for block in document.blocks
        ]  # sorted: blocks are in source order
        for section in document.sections[1:]:
            if section.heading_span is not None and self._is_heading(section.heading):
                body = [document.blocks[i].text for i in _descendants(document, section, starts)]
                if any(self._says_something(t) for t in body):
                    return section.heading_span, body, "heading"
                found = found or (section.heading_span, body, "heading")
        for index, block in enumerate(document.blocks):
            if block.kind == BlockKind.HEADING or not self._is_heading(block.label):
                continue
            rest = _after_label(block)
            body = [rest] if rest.strip() else _following(document, index)
            span = block.source_map.span_to_source(*_label_range(block))
            if any(self._says_something(t) for t in body):
                return span, body, "label"
            found = found or (span, body, "label")
        return found

    def _cues_found_at(self, context: DocumentContext) -> tuple[Span, str] | None:
        """Where the content cues were met: the sentence completing them, or the front matter."""
        analysis = context.analysis
        front = analysis.document.front_matter
        present = [front.get(name) for name in self.options.front_matter] if front else []
        field = next((found for found in present if found), None)
        bonus = int(field is not None)
        if self.options.min_cues == 0:  # found by heading only
            return None
        if field is not None and bonus >= self.options.min_cues:
            return field.span, "front-matter"
        units: dict[object, set[int]] = {}
        for block_analysis in analysis.blocks:
            block = block_analysis.block
            if block.kind == BlockKind.HEADING:
                continue
            matches = context.block_matches.get(block_analysis.index, {})
            hits = [
                (number, token_spans(block_analysis.doc, matches.get(key, ())))
                for number, key in self.cue_keys
            ]
            for number, sentence in enumerate(block_analysis.sentences):
                text = block.text[sentence.start : sentence.end]
                if any(regex.search(text) for regex in self.ignore_units):
                    continue  # e.g. customer guidance does not show that the impact was described
                unit = {
                    "sentence": ("s", block_analysis.index, number),
                    "block": block_analysis.index,
                    "section": ("section", block.section),
                    "document": 0,
                }[self.options.cue_scope]
                seen = units.setdefault(unit, set())
                for cue, spans in hits:
                    if any(sentence.contains(span) for span in spans):
                        seen.add(cue)
                labelled = row_label(block) + text  # a table cell is read with its row label
                for cue, regex in self.cue_regexes:
                    if cue not in seen and regex.search(labelled):
                        seen.add(cue)
                if len(seen) + bonus >= self.options.min_cues:
                    return block.to_source(_trimmed(text, sentence)), "content"
        return None


def _trimmed(text: str, area: Span) -> Span:
    """``area`` without the surrounding whitespace (``text`` is the area's text)."""
    start = area.start + len(text) - len(text.lstrip())
    return Span(start, max(start, area.start + len(text.rstrip())))


def row_label(block: Block) -> str:
    """'Detected: ' for a table cell in the row labelled 'Detected', else ''."""
    return f"{block.label}: " if block.kind == BlockKind.TABLE_CELL and block.label else ""


def _descendants(document: Document, section, starts: list[int]) -> list[int]:
    """Blocks in the section and its subsections (``starts``: the blocks' start offsets)."""
    # bisect, not a scan of every block: a draft of thousands of "Impact" headings stays linear
    first = bisect.bisect_left(starts, max(section.span.start, section.body.start))
    last = bisect.bisect_left(starts, section.span.end)
    return [
        i
        for i in range(first, last)
        if document.blocks[i].kind.is_prose and document.blocks[i].kind != BlockKind.HEADING
    ]


def _label_range(block: Block) -> tuple[int, int]:
    return (
        (block.label_span.start, block.label_span.end) if block.label_span else (0, len(block.text))
    )


def _after_label(block: Block) -> str:
    start, end = _label_range(block)
    return block.text[end:].lstrip(" :*.-–—")


def _following(document: Document, index: int) -> list[str]:
    """Texts after a title-like paragraph, up to the next heading or title-like block."""
    texts = []
    for block in document.blocks[index + 1 :]:
        if block.kind == BlockKind.HEADING or (
            block.label_span
            and block.label_span.start == 0
            and block.label_span.end == len(block.text)
        ):
            break
        if block.kind.is_prose:
            texts.append(block.text)
    return texts


class RequiredSectionKind(Kind):
    name = "required-section"
    scope = "document"

    def parse(self, rule) -> SectionOptions:
        reader = OptionReader(rule, _KEYS)
        cues = parse_conditions(reader, "cues")  # a cue's own 'scope' is unused: see cue-scope
        headings = reader.strings("headings")
        if not headings and not cues:
            raise reader.error(None, "kind 'required-section' needs 'headings' or 'cues'")
        min_cues = reader.number("min-cues", 1 if cues else 0, minimum=0)
        return SectionOptions(
            title=reader.string("title") or rule.id.split(".", 1)[1].replace("-", " ").capitalize(),
            prompt=reader.string("prompt") or "",
            headings=headings,
            cues=cues,
            min_cues=int(min_cues),
            cue_scope=reader.choice(
                "cue-scope", ("sentence", "block", "section", "document"), "block"
            ),
            front_matter=reader.strings("front-matter"),
            placeholder=reader.string("placeholder", _PLACEHOLDER),
            ignore_units=reader.strings("ignore-units"),
        )

    def needs(self, options: SectionOptions) -> frozenset[str]:
        from .context import pattern_needs

        return frozenset().union(*(pattern_needs(c.get("patterns", [])) for c in options.cues))

    def compile(self, rule, options: SectionOptions, context: CompileContext) -> Checker:
        where = rule.where("headings")
        for heading in options.headings:  # each on its own first, for a precise error
            compile_regex(heading, where, ignore_case=True)
        # one alternation: every section heading and label is tried against every rule
        headings = compile_regex(
            "|".join(f"(?:{h})" for h in options.headings) or "[^\\s\\S]", where, ignore_case=True
        )
        cue_keys, cue_regexes = [], []
        for number, cue in enumerate(options.cues):
            key = f"{rule.id}!cue{number}"
            if "phrases" in cue:
                context.matchers.add_phrases(key, cue["phrases"], "lower")
            elif "lemmas" in cue:
                context.matchers.add_phrases(key, cue["lemmas"], "lemma")
            elif "patterns" in cue:
                context.matchers.add_patterns(key, cue["patterns"], rule.where("cues"))
            elif "regex" in cue:
                cue_regexes.append(
                    (number, compile_regex(cue["regex"], rule.where("cues"), ignore_case=True))
                )
                continue
            else:
                raise rule.where("cues").error("cues are phrases, lemmas, patterns or regex")
            cue_keys.append((number, key))
        placeholder = compile_regex(
            _FILLER + options.placeholder + _FILLER, rule.where("placeholder"), ignore_case=True
        )
        ignore_units = [
            compile_regex(r, rule.where("ignore-units"), ignore_case=True)
            for r in options.ignore_units
        ]
        return RequiredSectionChecker(
            rule, options, headings, cue_keys, cue_regexes, placeholder, ignore_units
        )
