"""The shared matchers' shortcuts (anchor groups, lexeme flags, one RE2 set per text) find
exactly what running every pattern and every regex everywhere finds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from prelimlint.api import Linter
from prelimlint.config import Config
from prelimlint.document import parse_document
from prelimlint.kinds import matchers as matchers_module
from prelimlint.kinds.matchers import SharedMatchers, pattern_anchor
from prelimlint.nlp import analyze

ROOT = Path(__file__).resolve().parents[2]
DRAFTS = sorted((ROOT / "tests" / "corpus").glob("*/docs/*.md")) + [ROOT / "examples" / "draft.md"]


def bench_drafts() -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import render
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return [render(number) for number in range(3)]


@pytest.fixture(scope="module")
def recorded():
    """A linter built while recording every pattern the rules hand to the shared matchers."""
    patterns: dict[str, list] = {}
    original = SharedMatchers.add_patterns

    def record(self, key, given, where):
        patterns.setdefault(key, []).extend(matchers_module._with_re2(given, where))
        return original(self, key, given, where)

    SharedMatchers.add_patterns = record
    try:
        linter = Linter(Config())
    finally:
        SharedMatchers.add_patterns = original
    return linter, patterns


def blocks(linter: Linter):
    texts = [path.read_text(encoding="utf-8") for path in DRAFTS] + bench_drafts()
    assert len(texts) > 10
    for text in texts:
        yield from analyze(parse_document(text, "draft.md"), linter.pipeline, None).blocks


def test_anchored_groups_find_what_every_pattern_finds(recorded):
    from spacy.matcher import Matcher

    linter, patterns = recorded
    shared = linter.engine.matchers
    plain = Matcher(linter.pipeline.nlp.vocab)  # every pattern, RE2 tests as token extensions
    for key, given in patterns.items():
        plain.add(key, given)
    strings = linter.pipeline.nlp.vocab.strings
    compared = found = 0
    for block in blocks(linter):
        expected: dict[str, list] = {}
        for match_id, start, end in plain(block.doc):
            expected.setdefault(strings[match_id], []).append((start, end))
        got = {key: spans for key, spans in shared.run(block.doc).items() if key in patterns}
        assert got == {key: sorted(spans) for key, spans in expected.items()}, block.block.text
        compared += 1
        found += len(expected)
    assert compared > 200 and found > 20  # the drafts do trigger patterns


def test_regex_set_names_exactly_the_regexes_that_match(recorded):
    linter, _ = recorded
    shared = linter.engine.matchers
    checkers = [c for c in linter.engine.checkers if getattr(c, "set_ids", None)]
    assert len(checkers) >= 8
    texts = [block.block.text for block in blocks(linter)]
    texts += ["token ghp_" + "a1B2" * 9 + " on db-01.corp.internal, see JIRA-1234 in #incident-42"]
    hits = 0
    for text in texts:
        present = shared.regexes_in(text)
        for checker in checkers:
            for (regex, _), number in zip(checker.regexes, checker.set_ids, strict=True):
                assert (number in present) == (regex.search(text) is not None), (
                    checker.rule.id,
                    text,
                )
                hits += number in present
    assert hits > 5


@pytest.mark.parametrize(
    "pattern, anchor",
    [
        ([{"LOWER": "root"}, {"LOWER": "cause"}], ("LOWER", frozenset({"root"}))),
        (
            [{"LOWER": {"IN": ["by", "from"]}}, {"LEMMA": {"IN": ["outage", "crash"]}}],
            ("LEMMA", frozenset({"outage", "crash"})),
        ),
        ([{"LOWER": "cause", "OP": "?"}, {"IS_ALPHA": True}], None),  # nothing it cannot do without
        ([{"LOWER": "the", "OP": "{0,2}"}, {"TEXT": "API"}], ("ORTH", frozenset({"API"}))),
        ([{"LOWER": {"NOT_IN": ["a"]}}], None),
    ],
)
def test_pattern_anchor(pattern, anchor):
    assert pattern_anchor(pattern) == anchor


@pytest.mark.parametrize(
    "pattern, split",
    [
        (
            [{"LOWER": {"IN": ["was", "is", "was"]}}, {"LOWER": "down"}],
            [[{"LOWER": "was"}, {"LOWER": "down"}], [{"LOWER": "is"}, {"LOWER": "down"}]],
        ),
        ([{"LEMMA": {"IN": ["fail"]}, "IS_ALPHA": True}], [[{"LEMMA": "fail", "IS_ALPHA": True}]]),
        # left whole: repeats may differ ("+"), may be absent ("?"), or the test is more than IN
        ([{"LOWER": {"IN": ["a", "b"]}, "OP": "+"}], None),
        ([{"LOWER": {"IN": ["a", "b"]}, "OP": "?"}, {"LOWER": "c"}], None),
        ([{"LOWER": {"IN": ["a", "b"], "NOT_IN": ["b"]}}], None),
        ([{"IS_ALPHA": True}, {"LOWER": {"IN": ["a", "b"]}}], None),
    ],
)
def test_split_first_makes_one_pattern_per_value_only_where_that_finds_the_same(pattern, split):
    assert matchers_module._split_first(pattern) == (split or [pattern])


def test_a_pattern_anchored_on_a_regex_matches_from_the_first_one_on(recorded):
    from prelimlint.ruleset.schema import Where

    linter, _ = recorded
    shared = SharedMatchers(linter.pipeline)
    where = Where("rule.yml", 3)
    shared.add_patterns("first", [[{"TEXT": {"REGEX": r"^ZX-\d+$"}}]], where)
    shared.add_patterns("second", [[{"LOWER": "see"}, {"TEXT": {"REGEX": r"^ZX-\d+$"}}]], where)
    doc = linter.pipeline.nlp.make_doc("Please see ZX-42 and ZX-7.")
    assert shared.run(doc) == {"first": [(2, 3), (4, 5)], "second": [(1, 3)]}
