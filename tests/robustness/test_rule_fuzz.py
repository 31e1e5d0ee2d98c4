"""Structured fuzzing of rule files: any rule is either refused with one ``path:line`` error
when it is loaded, or it loads, compiles and then never crashes while linting.

Rules are built from the real schema: every kind with its real keys, each key given a
plausible value or junk of any YAML type (and sometimes an unknown key), then written as
YAML and read back the way ``--rules`` reads them.
"""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from prelimlint.config import RuleSelection
from prelimlint.document import parse_document
from prelimlint.engine import Engine
from prelimlint.errors import PrelimlintError
from prelimlint.kinds import KINDS
from prelimlint.nlp import analyze, load_pipeline
from prelimlint.ruleset import load_rule_text

from .inputs import EXAMPLE

JUNK = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 10**6),
        st.floats(allow_nan=True),
        st.text(max_size=8),
        st.sampled_from(["", "(", "{terms}", "*", "a{1000}", "\\", "😀"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_TOKENS = [
    {"LOWER": "the"},
    {"LOWER": {"IN": ["we", "engineers"]}},
    {"LEMMA": "cause"},
    {"TEXT": {"REGEX": "(a+)+$"}},
    {},
    {"IS_ALPHA": True, "OP": "*"},
    {"LOWER": "by", "OP": "?"},
    {"POS": "VERB"},
    {"IS_SENT_START": True},
    {"LOWER": {"REGEX": "^db-"}},
    {"ORTH": "."},
    {"LENGTH": {">=": 3}},
    {"OP": "+"},
]
_SCOPES = st.sampled_from(["match", "before", "after", "sentence", "block", "section", "document"])
_CONDITION = st.one_of(  # exactly one test per condition, in any scope
    st.fixed_dictionaries(
        {"regex": st.sampled_from(["\\bUTC\\b", "(a*)*b", "^$", ""]), "scope": _SCOPES}
    ),
    st.fixed_dictionaries(
        {
            "headings": st.lists(
                st.sampled_from(["impact", "^$", "(a+)+$"]), min_size=1, max_size=2
            ),
            "scope": _SCOPES,
        }
    ),
    st.fixed_dictionaries(
        {
            "phrases": st.lists(
                st.sampled_from(["under investigation", "a", "the"]), min_size=1, max_size=2
            ),
            "scope": st.sampled_from(["match", "before", "after"]),
        }
    ),
    st.fixed_dictionaries(
        {"lemmas": st.lists(st.sampled_from(["cause", "be"]), min_size=1, max_size=2)}
    ),
    st.fixed_dictionaries(
        {
            "patterns": st.lists(
                st.lists(
                    st.sampled_from(
                        [
                            {"LOWER": "the"},
                            {"LOWER": {"IN": ["we", "engineers"]}},
                            {"TEXT": {"REGEX": "(a+)+$"}},
                            {},
                            {"IS_ALPHA": True, "OP": "*"},
                        ]
                    ),
                    min_size=1,
                    max_size=3,
                ),
                min_size=1,
                max_size=2,
            ),
            "scope": st.sampled_from(["match", "sentence", "block"]),
        }
    ),
)
PLAUSIBLE = {
    "patterns": st.one_of(
        st.lists(
            st.sampled_from(["db-\\d+", "(a+)+$", "\\b[A-Z]{2,}-\\d+\\b", "", "x*", "(x)(y)?"]),
            min_size=1,
            max_size=3,
        ),
        st.lists(
            st.fixed_dictionaries(
                {"regex": st.sampled_from(["x(y)?", "(a)|(b)", "db"]), "group": st.integers(0, 3)}
            ),
            min_size=1,
            max_size=2,
        ),
        st.lists(
            st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=4), min_size=1, max_size=3
        ),
    ),
    "model-patterns": st.lists(
        st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=3), max_size=2
    ),
    "phrases": st.lists(
        st.sampled_from(["caused by", "root cause", "a", "db-01", "😀", " "]),
        min_size=1,
        max_size=3,
    ),
    "match-on": st.sampled_from(["lower", "lemma", "exact"]),
    "in-code": st.booleans(),
    "in-headings": st.sampled_from([True, False, "only"]),
    "unless": st.lists(_CONDITION, max_size=2),
    "cues": st.lists(_CONDITION, max_size=3),
    "vocabulary": st.lists(
        st.sampled_from(["staff", "internal-domains", "unknown-vocab"]), max_size=2
    ),
    "regex-vocabulary": st.lists(st.sampled_from(["host-patterns"]), max_size=1),
    "allow-vocabulary": st.lists(st.sampled_from(["public-domains"]), max_size=1),
    "vocabulary-pattern": st.sampled_from(["\\b{terms}\\b", "{terms}", "(?:{terms})+$"]),
    "allow-vocabulary-pattern": st.sampled_from(["{terms}", "x{terms}"]),
    "scan": st.lists(
        st.sampled_from(["prose", "code", "links", "comments", "front-matter"]), max_size=5
    ),
    "allow": st.lists(st.sampled_from(["SEV-\\d", "db", ""]), max_size=2),
    "not-preceded-by": st.sampled_from(["[\\w#]", "[x]", "[^a]"]),
    "not-followed-by": st.sampled_from(["[\\w]", "[.]"]),
    "min-entropy": st.floats(0, 8),
    "ignore-case": st.booleans(),
    "headings": st.lists(
        st.sampled_from(["impact", "what (was|were) affected", "(a+)+$", ""]), max_size=3
    ),
    "min-cues": st.integers(0, 4),
    "cue-scope": st.sampled_from(["sentence", "block", "section", "document"]),
    "front-matter": st.one_of(
        st.lists(st.sampled_from(["services", "resolved_at"]), max_size=2),
        st.fixed_dictionaries(
            {"detected": st.just("detected_at"), "resolved": st.just("resolved_at")}
        ),
    ),
    "placeholder": st.sampled_from(["TBD", "(?:TBD|N/A)", "(a+)+"]),
    "ignore-units": st.lists(st.sampled_from(["\\bshould\\b", "^"]), max_size=2),
    "title": st.text(max_size=10),
    "prompt": st.text(max_size=10),
    "metric": st.sampled_from(["words", "sentences", "sentence-words", "block-words"]),
    "max": st.integers(0, 100),
    "min": st.integers(0, 100),
    "check": st.sampled_from(
        ["present", "date", "has-zone", "order", "max-gap", "readable", "front-matter"]
    ),
    "fields": st.lists(
        st.sampled_from(["resolved_at", "published_at", "detected_at", "x"]), max_size=3
    ),
    "hours": st.integers(0, 48),
    "when": st.lists(st.sampled_from(["resolved_at"]), max_size=1),
    "events": st.dictionaries(
        st.sampled_from(["detected", "resolved", "mitigated"]),
        st.sampled_from(["\\bdetected\\b", "\\bresolved\\b", "(a+)+z", ""]),
        max_size=3,
    ),
    "order": st.lists(st.sampled_from(["detected", "resolved", "mitigated"]), max_size=3),
    "tolerance-minutes": st.integers(0, 200),
    "labels": st.lists(st.sampled_from(["PERSON", "ORG"]), min_size=1, max_size=2),
    "skip-all-caps": st.booleans(),
    "skip-document-names": st.booleans(),
    "contexts": st.fixed_dictionaries(
        {},
        optional={
            "subject-of": st.just(["restore"]),
            "agent": st.booleans(),
            "after": st.just(["thanks to"]),
        },
    ),
}
KEYS_OF_KIND = {
    "phrase": ["phrases", "match-on", "vocabulary", "in-code", "in-headings", "unless"],
    "pattern": ["patterns", "model-patterns", "vocabulary", "in-code", "in-headings", "unless"],
    "regex": [
        "patterns",
        "ignore-case",
        "scan",
        "vocabulary",
        "vocabulary-pattern",
        "not-preceded-by",
        "not-followed-by",
        "allow",
        "min-entropy",
        "unless",
        "in-code",
        "regex-vocabulary",
        "allow-vocabulary",
        "allow-vocabulary-pattern",
    ],
    "required-section": [
        "title",
        "prompt",
        "headings",
        "cues",
        "min-cues",
        "cue-scope",
        "front-matter",
        "placeholder",
        "ignore-units",
    ],
    "metric": ["metric", "max", "min"],
    "metadata": ["check", "fields", "hours", "when"],
    "timeline": ["check", "events", "order", "front-matter", "tolerance-minutes"],
    "entity": [
        "labels",
        "allow",
        "allow-vocabulary",
        "skip-all-caps",
        "skip-document-names",
        "contexts",
        "in-code",
        "unless",
    ],
    "suppression": [],
}


# keys whose plausible values differ by kind
BY_KIND = {
    ("regex", "patterns"): st.one_of(
        st.lists(
            st.sampled_from(
                [
                    "db-\\d+",
                    "(a+)+$",
                    "\\b[A-Z]{2,}-\\d+\\b",
                    "",
                    "x*",
                    "(x)(y)?",
                    "[a-z]+\\.internal",
                ]
            ),
            min_size=1,
            max_size=3,
        ),
        st.lists(
            st.fixed_dictionaries(
                {"regex": st.sampled_from(["x(y)?", "(a)|(b)", "db"]), "group": st.integers(0, 3)}
            ),
            min_size=1,
            max_size=2,
        ),
    ),
    ("pattern", "patterns"): st.lists(
        st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=4), min_size=1, max_size=3
    ),
    ("metadata", "check"): st.sampled_from(
        ["present", "date", "has-zone", "order", "max-gap", "readable"]
    ),
    ("metadata", "fields"): st.lists(
        st.sampled_from(["resolved_at", "published_at", "detected_at", "x"]), min_size=2, max_size=2
    ),
    ("timeline", "check"): st.sampled_from(["order", "front-matter"]),
    ("timeline", "front-matter"): st.fixed_dictionaries(
        {"detected": st.just("detected_at"), "resolved": st.just("resolved_at")}
    ),
    ("timeline", "events"): st.fixed_dictionaries(
        {
            "detected": st.sampled_from(["\\bdetected\\b", "(a+)+z", "d"]),
            "resolved": st.sampled_from(["\\bresolved\\b", "\\bat\\b"]),
        }
    ),
    ("timeline", "order"): st.just(["detected", "resolved"]),
    ("required-section", "front-matter"): st.lists(
        st.sampled_from(["services", "resolved_at"]), max_size=2
    ),
}


REQUIRED = {  # keys each kind needs, so that most plausible rules load
    "phrase": ("phrases",),
    "pattern": ("patterns",),
    "regex": ("patterns",),
    "required-section": ("headings",),
    "metric": ("metric", "max"),
    "metadata": ("check", "fields"),
    "timeline": ("check", "events", "order"),
    "entity": ("labels",),
}


@st.composite
def rules(draw):
    kind = draw(st.sampled_from(sorted(KEYS_OF_KIND)))
    rule = {
        "id": "style.fuzz",
        "category": "style",
        "severity": draw(st.sampled_from(["error", "warning", "info"])),
        "kind": kind,
        "summary": "s",
        "message": draw(st.sampled_from(["m {match}", "{sentence} {count} {x}", "m"])),
        "rationale": "r",
        "examples": {"bad": ["x"], "good": ["y"]},
    }
    junk = draw(st.sampled_from([0, 0, 1]))  # two rules in three are plausible throughout
    if draw(st.booleans()):
        rule["fix"] = draw(
            st.one_of(
                st.just("X"),
                st.fixed_dictionaries(
                    {
                        "replace": st.sampled_from(["", "{match}!", "UTC"]),
                        "scope": st.sampled_from(["match", "sentence"]),
                        "safe": st.booleans(),
                    }
                ),
            )
            if not junk
            else JUNK
        )
    for key in KEYS_OF_KIND[kind]:
        choice = draw(st.integers(0, 9))
        if choice < 6 or key in REQUIRED.get(kind, ()):
            rule[key] = draw(BY_KIND.get((kind, key), PLAUSIBLE[key]))
        elif junk and choice < 8:
            rule[key] = draw(JUNK)
    if junk and draw(st.integers(0, 9)) == 0:
        rule[draw(st.sampled_from(["bogus", "pattern", "phrase"]))] = draw(JUNK)
    return rule


DRAFTS = [
    EXAMPLE,
    "---\ndetected_at: 2026-03-02T14:00:00Z\nresolved_at: 9999-12-31T23:59:59+14:00\n---\n# Impact\n\nTBD\n\n"
    "We detected it at 14:05 UTC and resolved it at 13:00 UTC. db-01.prod.internal failed; aaaa!\n",
    "<!-- prelimlint-disable style.fuzz -->\n| Detected | 14:00 PST |\n|---|---|\n"
    "| a | `code` [x](http://db-1.corp) |\n",
    "",
    "\n\n",
    "😀 \u0301 \x00 \u202e",
]
VOCABULARIES = {
    "staff": ("Dana Okoye",),
    "internal-domains": ("acme.net",),
    "host-patterns": ("pay-[a-z]+-\\d+",),
    "public-domains": ("status.acme.net",),
}
_PIPELINE = []


@given(rules())
@settings(
    max_examples=int(os.environ.get("PRELIMLINT_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_a_rule_is_refused_at_load_time_or_never_crashes_while_linting(rule):
    if not _PIPELINE:
        _PIPELINE.append(load_pipeline(None))
    text = yaml.safe_dump(rule, allow_unicode=True)
    try:
        loaded = load_rule_text(text, "rules/style/fuzz.yml", tuple(KINDS), "style.fuzz")
        KINDS[loaded.kind].parse(loaded)
        engine = Engine([loaded], _PIPELINE[0], VOCABULARIES)
    except PrelimlintError as error:
        event(f"refused: {loaded.kind if 'loaded' in locals() else rule['kind']}")
        message = str(error)
        assert message.startswith("rules/style/fuzz.yml:") and "\n" not in message, message
        return
    event(f"linted: {loaded.kind}")
    selection = RuleSelection(("style.fuzz",), (), {})
    for draft in DRAFTS:
        analysis = analyze(parse_document(draft, "draft.md"), _PIPELINE[0])
        result = engine.run(analysis, selection)
        assert result.internal_errors == (), (text, result.internal_errors)
        for diagnostic in result.diagnostics:
            assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(draft)
