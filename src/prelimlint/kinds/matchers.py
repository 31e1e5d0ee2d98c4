"""One pass of spaCy's matchers per block for every pattern and phrase a rule declares.

Patterns are grouped by the words they cannot match without (their anchors): a block runs
only the groups whose anchors it contains, so a rule pack of hundreds of patterns costs a
set lookup per group for most blocks instead of a Matcher step per token and pattern.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..nlp import Pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["SharedMatchers"]


class SharedMatchers:
    """spaCy Matchers and one PhraseMatcher per attribute, shared by all rules.

    Running every pattern and phrase rule in one pass per block is what keeps the rule
    count from multiplying the cost. spaCy's Matcher calls a Python predicate for every
    token and every ``IN`` list, so patterns are also grouped by their anchors: a key's
    anchored patterns share one Matcher that runs only on blocks holding one of its anchor
    words; patterns without an anchor share one Matcher that runs on every block.
    """

    def __init__(self, pipeline: Pipeline) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.pipeline = pipeline
        vocab = pipeline.nlp.vocab
        self._new_matcher = lambda: Matcher(vocab, validate=True)
        self._always = self._new_matcher()  # patterns without an anchor
        self._groups: dict[tuple, Any] = {}  # (key, attribute, anchor values) -> Matcher
        self._index: dict[str, dict[str, list[Any]]] = {}  # attribute -> anchor value -> Matchers
        self._phrase_lower = PhraseMatcher(vocab, attr="LOWER")
        self._phrase_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._phrase_orth = PhraseMatcher(vocab, attr="ORTH")
        self._keys: dict[int, str] = {}
        self._used = {"always": False, "lower": False, "lemma": False, "orth": False}

    def _key(self, key: str) -> str:
        self._keys[self.pipeline.nlp.vocab.strings.add(key)] = key
        return key

    def add_patterns(self, key: str, patterns: list, where: Any) -> None:
        """Add spaCy Matcher patterns; a malformed pattern is a rule-file error."""
        patterns = _with_re2(patterns, where)
        # validate them all together first, so errors name the pattern's index and line
        try:
            self._new_matcher().add(key, patterns)
        except (ValueError, KeyError, TypeError) as error:
            raise _pattern_error(str(error), patterns, where) from None
        loose = []
        for pattern in patterns:
            anchor = pattern_anchor(pattern)
            if anchor is None:
                loose.append(pattern)
                continue
            attribute, values = anchor
            matcher = self._groups.get((key, *anchor))
            if matcher is None:
                matcher = self._groups[(key, *anchor)] = self._new_matcher()
                for value in values:
                    self._index.setdefault(attribute, {}).setdefault(value, []).append(matcher)
            matcher.add(self._key(key), [pattern])
        if loose:
            self._always.add(self._key(key), loose)
            self._used["always"] = True

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
        """All matches in ``doc``, as token ranges per key (sorted)."""
        matchers = [matcher for name, matcher in (
            ("always", self._always),
            ("lower", self._phrase_lower),
            ("lemma", self._phrase_lemma),
            ("orth", self._phrase_orth),
        ) if self._used[name]]
        anchored: dict[int, Any] = {}  # by id, in the order of first sight (stable output)
        for attribute, index in self._index.items():
            for word in _words(doc, attribute):
                for matcher in index.get(word, ()):
                    anchored.setdefault(id(matcher), matcher)
        matchers.extend(anchored.values())
        found: dict[str, list[tuple[int, int]]] = {}
        for matcher in matchers:
            for match_id, start, end in matcher(doc):
                found.setdefault(self._keys[match_id], []).append((start, end))
        for spans in found.values():
            spans.sort()
        return found


# Attributes whose exact values a token can be tested against with a set lookup.
_ANCHOR_ATTRIBUTES = {"LOWER": "lower_", "ORTH": "orth_", "TEXT": "orth_", "LEMMA": "lemma_", "NORM": "norm_"}


def _words(doc: Doc, attribute: str) -> set[str]:
    field = _ANCHOR_ATTRIBUTES[attribute]
    return {getattr(token, field) for token in doc}


def pattern_anchor(pattern: Any) -> tuple[str, frozenset[str]] | None:
    """The attribute and values one of which a block must contain for ``pattern`` to match.

    Taken from a token the pattern cannot skip (no ``OP`` that allows zero) whose exact
    value is given (``LOWER: x`` or ``LOWER: {IN: [...]}``); the smallest such set is
    the most selective. None: the pattern has no such token and must always run.
    """
    if not isinstance(pattern, list):
        return None
    best: tuple[str, frozenset[str]] | None = None
    for token in pattern:
        if not isinstance(token, dict) or not _required(token.get("OP")):
            continue
        for name, value in token.items():
            attribute = "ORTH" if str(name).upper() == "TEXT" else str(name).upper()
            if attribute not in _ANCHOR_ATTRIBUTES:
                continue
            if isinstance(value, dict):
                value = value.get("IN")
                if not isinstance(value, list):
                    continue
            elif isinstance(value, str):
                value = [value]
            else:
                continue
            if not value or not all(isinstance(item, str) for item in value):
                continue
            candidate = (attribute, frozenset(value))
            if best is None or _commonness(candidate) < _commonness(best):
                best = candidate
    return best


def _commonness(anchor: tuple[str, frozenset[str]]) -> tuple[int, int]:
    """Sort key: sets without function words first ("by" is in every block), then smaller."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return (sum(1 for value in anchor[1] if value.lower() in STOP_WORDS or not value.isalpha()),
            len(anchor[1]))


def _required(op: Any) -> bool:
    """Must a token with this ``OP`` match at least once?"""
    if op is None or op in ("+", "1"):
        return True
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        low = op[1:-1].split(",")[0].strip()
        return low.isdigit() and int(low) >= 1
    return False


# spaCy runs a pattern's {"REGEX": ...} with Python's backtracking ``re`` on every token: a
# rule with "(a+)+$" hangs on a token of 30 a's. Such predicates become token extensions
# that match with RE2 (linear time), like every other regex from a rule file.
_TOKEN_TEXT = {"TEXT": "text", "ORTH": "text", "LOWER": "lower_", "NORM": "norm_", "LEMMA": "lemma_",
               "SHAPE": "shape_", "PREFIX": "prefix_", "SUFFIX": "suffix_", "POS": "pos_", "TAG": "tag_",
               "DEP": "dep_", "ENT_TYPE": "ent_type_", "ENT_IOB": "ent_iob_", "ENT_ID": "ent_id_",
               "MORPH": "morph"}


def _with_re2(patterns: Any, where: Any) -> Any:
    """``patterns`` with each REGEX predicate replaced by an RE2-backed token extension."""
    if not isinstance(patterns, list):
        return patterns
    rewritten = []
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, list):
            rewritten.append(pattern)
            continue
        line_of = getattr(patterns, "line_of", None)
        at = type(where)(where.path, line_of(index)) if line_of is not None and hasattr(where, "path") else where
        rewritten.append([_token_with_re2(token, at) for token in pattern])
    if hasattr(patterns, "line_of"):  # keep the lines for spaCy's own errors
        from ..yamlio import LineList

        kept = LineList(rewritten)
        kept.line, kept.item_lines = patterns.line, patterns.item_lines
        return kept
    return rewritten


def _token_with_re2(token: Any, where: Any) -> Any:
    if not isinstance(token, dict):
        return token
    result: dict = {}
    extensions: dict = {}
    custom = token.get("_")
    if custom is not None:  # spaCy would only fail on an unknown extension while linting
        from spacy.tokens import Token

        unknown = [name for name in custom if not Token.has_extension(str(name))] if isinstance(custom, dict) else []
        if unknown:
            raise where.error(f"invalid spaCy pattern: unknown extension attribute '_.{unknown[0]}' "
                              "(rule patterns can use the built-in token attributes only)")
    for attribute, value in token.items():
        if not (isinstance(value, dict) and "REGEX" in value):
            result[attribute] = value
            continue
        name = str(attribute).upper()
        if name not in _TOKEN_TEXT:
            raise where.error(f"invalid spaCy pattern: REGEX on unknown attribute {attribute!r}; "
                              f"expected one of: {', '.join(_TOKEN_TEXT)}")
        if not isinstance(value["REGEX"], str):
            raise where.error("invalid spaCy pattern: REGEX must be a string")
        extensions[_re2_extension(name, value["REGEX"], where)] = True
        rest = {k: v for k, v in value.items() if k != "REGEX"}
        if rest:
            result[attribute] = rest
    if extensions:
        result["_"] = {**(result.get("_") or {}), **extensions}
    return result


def _re2_extension(attribute: str, pattern: str, where: Any) -> str:
    """A boolean token extension: does RE2 find ``pattern`` in the token's ``attribute``?"""
    import hashlib

    from spacy.tokens import Token

    from .regexes import compile_regex

    regex = compile_regex(pattern, where)
    name = "prelimlint_re2_" + hashlib.sha1(f"{attribute}\0{pattern}".encode()).hexdigest()[:16]
    if not Token.has_extension(name):
        field = _TOKEN_TEXT[attribute]
        known: dict[str, bool] = {}  # by token text: most tokens are common words seen before

        def matches(token, regex=regex, field=field, known=known) -> bool:
            value = str(getattr(token, field))
            found = known.get(value)
            if found is None:
                if len(known) > 50_000:
                    known.clear()
                found = known[value] = regex.search(value) is not None
            return found

        Token.set_extension(name, getter=matches)
    return name


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
