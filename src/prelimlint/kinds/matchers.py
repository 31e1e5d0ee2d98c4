"""One pass of spaCy's matchers per block for every pattern and phrase a rule declares.

Patterns are grouped by the words they cannot match without (their anchors): a block runs
only the groups whose anchors it contains, so a rule pack of hundreds of patterns costs a
set lookup per group for most blocks instead of a Matcher step per token and pattern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
        self._vocab = vocab
        self._matcher_class = Matcher
        # group 0 holds the patterns without an anchor and runs on every block
        self._groups: list[list[tuple[str, list]]] = [[]]  # group -> [(key, patterns)]
        self._group_of: dict[tuple, int] = {}  # (key, attribute, anchor values) -> group
        self._index: dict[int, dict[int, list[int]]] = {}  # attribute id -> value hash -> groups
        self._regex_index: dict[
            int, list[tuple[Callable[[str], bool], int]]
        ] = {}  # -> (test, group)
        self._combined: dict[tuple[int, ...], Any] = {}  # groups that run together -> one Matcher
        self._phrase_lower = PhraseMatcher(vocab, attr="LOWER")
        self._phrase_lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._phrase_orth = PhraseMatcher(vocab, attr="ORTH")
        self._keys: dict[int, str] = {}
        self._used = {"lower": False, "lemma": False, "orth": False}
        self._regexes: list[str] = []  # every regex rule's patterns, for one RE2 set per text
        self._regex_set: Any = None
        self._regex_last: tuple[str | None, frozenset[int] | None] = (None, None)

    def _key(self, key: str) -> str:
        self._keys[self.pipeline.nlp.vocab.strings.add(key)] = key
        return key

    def add_patterns(self, key: str, patterns: list, where: Any) -> None:
        """Add spaCy Matcher patterns; a malformed pattern is a rule-file error."""
        patterns = _with_re2(patterns, where)
        try:  # validated all together, so errors name the pattern's index and line
            self._matcher_class(self._vocab, validate=True).add(key, patterns)
        except (ValueError, KeyError, TypeError) as error:
            raise _pattern_error(str(error), patterns, where) from None
        self._key(key)
        self._combined.clear()
        for pattern in patterns:
            for copy in _split_first(pattern):  # each copy anchored on its own first word
                self._groups[self._group_for(key, pattern_anchor(copy))].append(
                    (key, [_with_flags(copy, self._vocab)])
                )

    def _group_for(self, key: str, anchor: tuple[str, frozenset[str]] | None) -> int:
        """The group of ``key``'s patterns with this anchor, indexed by it when new."""
        from spacy.attrs import IDS

        if anchor is None:
            return 0
        group = self._group_of.get((key, *anchor))
        if group is not None:
            return group
        group = self._group_of[(key, *anchor)] = len(self._groups)
        self._groups.append([])
        attribute, values = anchor
        if attribute.startswith("REGEX "):  # tested on each distinct word of a block
            attribute = attribute.split()[1]
            self._index.setdefault(IDS[attribute], {})
            for name in values:
                self._regex_index.setdefault(IDS[attribute], []).append(
                    (_RE2_TESTS[name][1], group)
                )
        else:
            index = self._index.setdefault(IDS[attribute], {})
            for value in values:
                index.setdefault(self._vocab.strings.add(value), []).append(group)
        return group

    def add_phrases(self, key: str, phrases: Iterable[str], attr: str) -> None:
        """Add phrases matched on 'lower' (case-insensitive), 'orth' (exact) or 'lemma'."""
        nlp = self.pipeline.nlp
        phrases = list(dict.fromkeys(phrases))
        if attr == "lemma":
            docs = list(nlp.pipe(phrases))
        else:
            docs = [nlp.make_doc(phrase) for phrase in phrases]
        target = {
            "lower": self._phrase_lower,
            "lemma": self._phrase_lemma,
            "orth": self._phrase_orth,
        }[attr]
        docs = [doc for doc in docs if len(doc)]
        if docs:  # a Matcher without patterns warns on every call
            target.add(self._key(key), docs)
            self._used[attr] = True

    def add_regex(self, regex: Any) -> int:
        """Register a compiled RE2 regex; ``regexes_in`` then tells whether it occurs in a text."""
        flags = "" if regex.options.case_sensitive else "(?i)"
        self._regexes.append(flags + regex.pattern)
        self._regex_set = None
        self._regex_last = (None, None)
        return len(self._regexes) - 1

    def regexes_in(self, text: str) -> frozenset[int] | None:
        """The registered regexes that match somewhere in ``text``; None when unknown.

        One pass of an RE2 set over a block replaces a search per regex per rule: most
        blocks hold no secret, host or ticket at all, and then no rule searches it again.
        """
        last, found = self._regex_last
        if last == text:
            return found
        if self._regex_set is None and self._regexes:
            self._regex_set = _regex_set(self._regexes)
        if not self._regex_set:
            return None
        matched = self._regex_set.Match(text)
        found = frozenset(matched) if matched else frozenset()
        self._regex_last = (text, found)
        return found

    def run(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """All matches in ``doc``, as token ranges per key (sorted)."""
        matchers = [
            matcher
            for name, matcher in (
                ("lower", self._phrase_lower),
                ("lemma", self._phrase_lemma),
                ("orth", self._phrase_orth),
            )
            if self._used[name]
        ]
        selected = {0} if self._groups[0] else set()
        if self._index and len(doc):
            attributes: list[int | str] = list(self._index)
            array = doc.to_array(attributes).reshape(len(doc), len(attributes))
            columns: list[list[int]] = array.T.tolist()  # type: ignore[assignment]  # uint64 hashes
            strings = self._vocab.strings
            for (attribute, index), column in zip(self._index.items(), columns, strict=True):
                values = set(column)
                for value in values:
                    selected.update(index.get(value, ()))
                for test, group in self._regex_index.get(attribute, ()):
                    if group not in selected and any(test(strings[value]) for value in values):
                        selected.add(group)
        if selected:
            matchers.append(self._matcher_for(tuple(sorted(selected))))
        found: dict[str, list[tuple[int, int]]] = {}
        for matcher in matchers:
            for match_id, start, end in matcher(doc):
                found.setdefault(self._keys[match_id], []).append((start, end))
        for spans in found.values():
            spans.sort()
        return found

    def _matcher_for(self, groups: tuple[int, ...]) -> Any:
        """One Matcher for the patterns of ``groups`` (spaCy's Matcher costs per call and token)."""
        matcher = self._combined.get(groups)
        if matcher is None:
            if len(self._combined) >= 4096:  # blocks with unusual word mixes: start again
                self._combined.clear()
            matcher = self._matcher_class(self._vocab, validate=False)
            for group in groups:
                for key, patterns in self._groups[group]:
                    matcher.add(key, patterns)
            self._combined[groups] = matcher
        return matcher


# (id of a vocab, RE2 extension) -> (the vocab, kept so its id is never reused; its lexeme flag)
_FLAGS: dict[tuple[int, str], tuple[Any, int | None]] = {}


def _with_flags(pattern: Any, vocab: Any) -> Any:
    """``pattern`` with its RE2 tests on a word's text turned into lexeme flags where possible.

    spaCy evaluates a ``_`` extension through Python for every token it tries; a lexeme flag
    is computed once per distinct word and tested in C. Flags are few (64 per vocabulary, a
    third of them spaCy's own), so a test without a free flag stays an extension.
    """
    if not isinstance(pattern, list):
        return pattern
    converted = []
    for token in pattern:
        custom = token.get("_") if isinstance(token, dict) else None
        if not isinstance(custom, dict):
            converted.append(token)
            continue
        token, custom = dict(token), dict(custom)
        for name in [n for n, wanted in custom.items() if wanted is True and n in _RE2_TESTS]:
            flag = _flag(vocab, name)
            if flag is not None:
                del custom[name]
                token[flag] = True
        if custom:
            token["_"] = custom
        else:
            del token["_"]
        converted.append(token)
    return converted


_SPLIT_ATTRIBUTES = frozenset({"LOWER", "ORTH", "TEXT", "NORM", "LEMMA"})
_MAX_SPLIT = 64


def _split_first(pattern: Any) -> list:
    """``pattern`` as one pattern per value of its first token's ``IN`` list, when it has one.

    Each copy is anchored on its own word, so a block runs only the copies whose word it
    holds instead of the whole list's pattern (and spaCy compares ``{LOWER: value}`` in C
    where an ``IN`` test is a Python call). A token has exactly one value, so the copies
    find the same matches as the original, each exactly once.
    """
    if not isinstance(pattern, list) or not pattern or not isinstance(pattern[0], dict):
        return [pattern]
    first = pattern[0]
    if first.get("OP") not in (None, "1"):  # "+" would need every repeat to be the same word
        return [pattern]
    for attribute, value in first.items():
        if str(attribute).upper() not in _SPLIT_ATTRIBUTES or not isinstance(value, dict):
            continue
        values = value.get("IN")
        if (
            list(value) != ["IN"]
            or not isinstance(values, list)
            or not 0 < len(values) <= _MAX_SPLIT
        ):
            continue
        if not all(isinstance(item, str) for item in values):
            continue
        return [[{**first, attribute: item}, *pattern[1:]] for item in dict.fromkeys(values)]
    return [pattern]


def _flag(vocab: Any, name: str) -> int | None:
    key = (id(vocab), name)
    if key not in _FLAGS:
        attribute, test = _RE2_TESTS[name]
        getters = {"ORTH": test, "LOWER": lambda text: test(text.lower())}
        flag = None
        if attribute in getters:
            try:
                flag = vocab.add_flag(getters[attribute])
            except ValueError:  # no flag left
                flag = None
        _FLAGS[key] = (vocab, flag)
    return _FLAGS[key][1]


def _regex_set(patterns: list[str]) -> Any:
    """An RE2 set of ``patterns``; False when RE2 refuses it (each regex then runs alone)."""
    import re2

    options = re2.Options()
    options.max_mem = 256 << 20
    options.log_errors = False
    try:
        regex_set = re2.Set.SearchSet(options)
        for pattern in patterns:
            regex_set.Add(pattern)
        regex_set.Compile()
    except Exception:  # noqa: BLE001 - too large or odd: searching regex by regex still works
        return False
    return regex_set


# Attributes whose exact values a token can be tested against with a set lookup.
_ANCHOR_ATTRIBUTES = frozenset({"LOWER", "ORTH", "LEMMA", "NORM"})


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
    return best or _regex_anchor(pattern)


def _regex_anchor(pattern: list) -> tuple[str, frozenset[str]] | None:
    """("REGEX <attribute>", {extension}) for a required token tested by an RE2 extension."""
    for token in pattern:
        if not isinstance(token, dict) or not _required(token.get("OP")):
            continue
        custom = token.get("_")
        for name, wanted in custom.items() if isinstance(custom, dict) else ():
            if wanted is True and name in _RE2_TESTS and _RE2_TESTS[name][0] in _ANCHOR_ATTRIBUTES:
                return (f"REGEX {_RE2_TESTS[name][0]}", frozenset([name]))
    return None


def _commonness(anchor: tuple[str, frozenset[str]]) -> tuple[int, int]:
    """Sort key: sets without function words first ("by" is in every block), then smaller."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return (
        sum(1 for value in anchor[1] if value.lower() in STOP_WORDS or not value.isalpha()),
        len(anchor[1]),
    )


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
_TOKEN_TEXT = {
    "TEXT": "text",
    "ORTH": "text",
    "LOWER": "lower_",
    "NORM": "norm_",
    "LEMMA": "lemma_",
    "SHAPE": "shape_",
    "PREFIX": "prefix_",
    "SUFFIX": "suffix_",
    "POS": "pos_",
    "TAG": "tag_",
    "DEP": "dep_",
    "ENT_TYPE": "ent_type_",
    "ENT_IOB": "ent_iob_",
    "ENT_ID": "ent_id_",
    "MORPH": "morph",
}


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
        at = (
            type(where)(where.path, line_of(index))
            if line_of is not None and hasattr(where, "path")
            else where
        )
        rewritten.append([_token_with_re2(token, at) for token in pattern])
    if hasattr(patterns, "line_of"):  # keep the lines for spaCy's own errors
        from ..yamlio import LineList

        kept = LineList(rewritten)
        kept.line, kept.item_lines = patterns.line, patterns.item_lines  # type: ignore[attr-defined]
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

        unknown = (
            [name for name in custom if not Token.has_extension(str(name))]
            if isinstance(custom, dict)
            else []
        )
        if unknown:
            raise where.error(
                f"invalid spaCy pattern: unknown extension attribute '_.{unknown[0]}' "
                "(rule patterns can use the built-in token attributes only)"
            )
    for attribute, value in token.items():
        if not (isinstance(value, dict) and "REGEX" in value):
            result[attribute] = value
            continue
        name = str(attribute).upper()
        if name not in _TOKEN_TEXT:
            raise where.error(
                f"invalid spaCy pattern: REGEX on unknown attribute {attribute!r}; "
                f"expected one of: {', '.join(_TOKEN_TEXT)}"
            )
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

        def test(value: str, regex=regex, known=known) -> bool:
            found = known.get(value)
            if found is None:
                if len(known) > 50_000:
                    known.clear()
                found = known[value] = regex.search(value) is not None
            return found

        Token.set_extension(name, getter=lambda token: test(str(getattr(token, field))))
        _RE2_TESTS[name] = ("ORTH" if attribute == "TEXT" else attribute, test)
    return name


# RE2 token extensions by name: (the attribute they read, a test of its text)
_RE2_TESTS: dict[str, tuple[str, Callable[[str], bool]]] = {}


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
