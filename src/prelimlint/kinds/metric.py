"""``metric``: counts with thresholds: words, sentences, words per sentence or paragraph.

    kind: metric
    metric: sentence-words     # words | sentences | sentence-words | block-words
    max: 60
    min: 0

``words`` and ``sentences`` count the whole draft (reported at line 1); ``sentence-words``
reports each long sentence; ``block-words`` reports a long paragraph as a whole.
Messages can use {count} and {limit}.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..document import BlockKind
from ..model import Span
from .base import BlockContext, Checker, DocumentContext, Finding, Kind, OptionReader

_KEYS = ("metric", "max", "min")
_METRICS = ("words", "sentences", "sentence-words", "block-words")


@dataclass(frozen=True, slots=True)
class MetricOptions:
    metric: str
    maximum: float | None
    minimum: float | None


_WORDS = (
    "prelimlint.words"  # Doc.user_data key: a block's Doc is cached and counted again every lint
)


def _words(doc, start: int = 0, end: int | None = None) -> int:
    """Tokens that are neither punctuation nor white space, counted from one array."""
    if _WORDS not in doc.user_data:
        from spacy.attrs import IS_PUNCT, IS_SPACE

        flags = doc.to_array([IS_PUNCT, IS_SPACE]).reshape(len(doc), 2)
        doc.user_data[_WORDS] = (flags.sum(axis=1) == 0).cumsum().tolist()
    counts = doc.user_data[_WORDS]  # words up to and including each token
    end = len(counts) if end is None else end
    if end <= start:
        return 0
    return counts[end - 1] - (counts[start - 1] if start else 0)


class MetricChecker(Checker):
    def __init__(self, rule, options: MetricOptions) -> None:
        super().__init__(rule)
        self.options = options

    def _violates(self, count: int) -> str | None:
        if self.options.maximum is not None and count > self.options.maximum:
            return str(int(self.options.maximum))
        if self.options.minimum is not None and count < self.options.minimum:
            return str(int(self.options.minimum))
        return None

    def check_block(self, context: BlockContext) -> Iterable[Finding]:
        metric = self.options.metric
        block = context.block.block
        if metric not in ("sentence-words", "block-words") or block.kind == BlockKind.HEADING:
            return
        doc = context.block.doc
        if metric == "block-words":
            count = _words(doc)
            limit = self._violates(count)
            if limit:
                span = Span(0, len(block.text))
                yield Finding(span, block.text[:80], params={"count": str(count), "limit": limit})
            return
        for sentence in doc.sents:
            count = _words(doc, sentence.start, sentence.end)
            limit = self._violates(count)
            if limit:
                span = Span(sentence.start_char, sentence.end_char)
                yield Finding(span, sentence.text, params={"count": str(count), "limit": limit})

    def check_document(self, context: DocumentContext) -> Iterable[Finding]:
        metric = self.options.metric
        if metric not in ("words", "sentences"):
            return
        blocks = [b for b in context.analysis.blocks if b.block.kind != BlockKind.HEADING]
        if metric == "words":
            count = sum(_words(b.doc) for b in blocks)
        else:
            count = sum(len(b.sentences) for b in blocks)
        limit = self._violates(count)
        if limit:
            yield Finding(Span(0, 0), "", params={"count": str(count), "limit": limit})


class MetricKind(Kind):
    name = "metric"

    def parse(self, rule) -> MetricOptions:
        reader = OptionReader(rule, _KEYS)
        options = MetricOptions(
            metric=reader.choice("metric", _METRICS, "words"),
            maximum=reader.number("max"),
            minimum=reader.number("min"),
        )
        if options.maximum is None and options.minimum is None:
            raise reader.error(None, "kind 'metric' needs 'max' or 'min'")
        if not reader.has("metric"):
            raise reader.error(
                None, f"kind 'metric' needs 'metric' (one of: {', '.join(_METRICS)})"
            )
        return options

    def compile(self, rule, options: MetricOptions, context) -> Checker:
        return MetricChecker(rule, options)
