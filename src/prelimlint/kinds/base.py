"""What every rule kind shares: options validation, findings, shared matchers, checkers.

A kind parses its YAML options once (``parse``), says what the pipeline must provide
(``needs``) and compiles a rule into a ``Checker`` (``compile``) that does the expensive
work up front. Checkers yield ``Finding``s; the engine alone turns them into diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import RuleFileError
from ..model import Element, Span
from ..nlp import Analysis, BlockAnalysis, Pipeline
from ..ruleset import Rule, closest

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "BlockContext",
    "Checker",
    "CompileContext",
    "DocumentContext",
    "Finding",
    "Kind",
    "OptionReader",
    "SharedMatchers",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """A hit: prose offsets of the block (block checkers) or source offsets (document checkers)."""

    span: Span
    matched: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    fix_span: Span | None = None  # overrides the span the rule's fix replaces
    replacement: str | None = None  # overrides the rule's fix text


class OptionReader:
    """Typed access to a rule's kind-specific keys, with ``path:line`` errors."""

    def __init__(self, rule: Rule, allowed: Sequence[str]) -> None:
        self.rule = rule
        for key in rule.options:
            if key not in allowed:
                raise self.error(
                    key,
                    f"unknown key '{key}' for kind '{rule.kind}'{closest(str(key), allowed)}; "
                    f"expected one of: {', '.join(sorted(allowed))}",
                )

    def error(self, key: str | None, problem: str) -> RuleFileError:
        return self.rule.where(key).error(problem)

    def raw(self, key: str, default: Any = None) -> Any:
        return self.rule.options.get(key, default)

    def has(self, key: str) -> bool:
        return key in self.rule.options

    def string(self, key: str, default: str | None = None) -> str | None:
        value = self.raw(key, default)
        if value is not None and not isinstance(value, str):
            raise self.error(key, f"'{key}' must be a string")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str) -> str:
        value = self.raw(key, default)
        if value not in choices:
            raise self.error(
                key,
                f"'{key}' is {value!r}{closest(str(value), choices)}; expected one of: {', '.join(choices)}",
            )
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"'{key}' must be true or false")
        return value

    def number(self, key: str, default: float | None = None, minimum: float = 0) -> float | None:
        value = self.raw(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.error(key, f"'{key}' must be a number >= {minimum}")
        return value

    def strings(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.raw(key)
        if value is None:
            if required:
                raise self.error(None, f"kind '{self.rule.kind}' needs '{key}'")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise self.error(key, f"'{key}' must be a list of non-empty strings")
        if required and not value:
            raise self.error(key, f"'{key}' must not be empty")
        return tuple(value)


class SharedMatchers:
    """One spaCy Matcher and one PhraseMatcher per attribute, shared by all rules.

    Running every pattern and phrase rule in one pass per block is what keeps the rule
    count from multiplying the cost (issue: one NLP pass per document).
    """

    def __init__(self, pipeline: Pipeline) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.pipeline = pipeline
        vocab = pipeline.nlp.vocab
        self._matcher = Matcher(vocab, validate=True)
        self._phrase_lower = PhraseMatcher(vocab, attr="LOWER")
        self._phrase_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._phrase_orth = PhraseMatcher(vocab, attr="ORTH")
        self._keys: dict[int, str] = {}
        self._used = {"matcher": False, "lower": False, "lemma": False, "orth": False}

    def _key(self, key: str) -> str:
        self._keys[self.pipeline.nlp.vocab.strings.add(key)] = key
        return key

    def add_patterns(self, key: str, patterns: list, where: Any) -> None:
        """Add spaCy Matcher patterns; a malformed pattern is a rule-file error."""
        try:
            self._matcher.add(self._key(key), patterns)
        except (ValueError, KeyError, TypeError) as error:
            raise _pattern_error(str(error), patterns, where) from None
        self._used["matcher"] = True

    def add_phrases(self, key: str, phrases: Iterable[str], attr: str) -> None:
        """Add phrases matched on 'lower' (case-insensitive), 'orth' (exact) or 'lemma'."""
        nlp = self.pipeline.nlp
        phrases = list(dict.fromkeys(phrases))
        if attr == "lemma":
            docs = list(nlp.pipe(phrases))
        else:
            docs = [nlp.make_doc(phrase) for phrase in phrases]
        target = {"lower": self._phrase_lower, "lemma": self._phrase_lemma, "orth": self._phrase_orth}[attr]
        target.add(self._key(key), [doc for doc in docs if len(doc)])
        self._used[attr] = True

    def run(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """All matches in ``doc``, as token ranges per key."""
        found: dict[str, list[tuple[int, int]]] = {}
        matchers = (
            ("matcher", self._matcher),
            ("lower", self._phrase_lower),
            ("lemma", self._phrase_lemma),
            ("orth", self._phrase_orth),
        )
        for name, matcher in matchers:
            if not self._used[name]:
                continue
            for match_id, start, end in matcher(doc):
                found.setdefault(self._keys[match_id], []).append((start, end))
        return found


def _pattern_error(detail: str, patterns: list, where: Any):
    """A rule-file error pointing at the first invalid pattern, with spaCy's reason."""
    import re

    detail = " ".join(detail.split())
    bad = re.search(r"Pattern (\d+): - \[?pattern -> (.*?)(?= Pattern \d+:|$)", detail)
    if bad:
        index = int(bad.group(1))
        line_of = getattr(patterns, "line_of", None)
        if line_of is not None:
            where = type(where)(where.path, line_of(index))
        return where.error(f"invalid spaCy pattern #{index + 1}: {bad.group(2)[:240]}")
    return where.error(f"invalid spaCy pattern: {detail[:300]}")


@dataclass(frozen=True, slots=True)
class CompileContext:
    pipeline: Pipeline
    matchers: SharedMatchers
    vocabularies: Mapping[str, tuple[str, ...]]  # company vocabularies from the config
    # where the vocabularies were configured (has ``.error(problem)``), for errors in their terms
    vocabulary_where: Any = None


@dataclass(frozen=True, slots=True)
class BlockContext:
    """What a block checker sees: the analysed block, its section and the shared matches."""

    analysis: Analysis
    block: BlockAnalysis
    matches: Mapping[str, list[tuple[int, int]]]
    heading: str  # heading of the block's section ("" for the preamble)


@dataclass(frozen=True, slots=True)
class DocumentContext:
    analysis: Analysis
    block_matches: Mapping[int, Mapping[str, list[tuple[int, int]]]]  # block index -> matches


class Checker:
    """A compiled rule. Block checkers implement ``check_block``, document ones ``check_document``."""

    scope: ClassVar[str] = "block"

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    #: True when a block's findings depend on text outside the block (not cacheable per block)
    reads_document: bool = False

    def check_block(self, context: BlockContext) -> Iterable[Finding]:
        return ()

    def check_document(self, context: DocumentContext) -> Iterable[Finding | Element]:
        """Findings about the whole document; a required-element rule also yields its ``Element``."""
        return ()


class Kind:
    """A rule kind: parses options, declares needs, compiles rules into checkers."""

    name: ClassVar[str]
    scope: ClassVar[str] = "block"

    def parse(self, rule: Rule) -> Any:
        raise NotImplementedError

    def needs(self, options: Any) -> frozenset[str]:
        return frozenset()

    def compile(self, rule: Rule, options: Any, context: CompileContext) -> Checker:
        raise NotImplementedError
