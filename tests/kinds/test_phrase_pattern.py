"""phrase and pattern kinds, with `unless` contexts, tested on synthetic rules."""

from __future__ import annotations

from tests.helpers import hits, linter_for, write_rule


def test_phrase_matches_case_insensitively_and_on_lemmas(tmp_path):
    write_rule(tmp_path, "style.lower", "kind: phrase\nphrases: [root cause]\n")
    write_rule(tmp_path, "style.lemma", "kind: phrase\nmatch-on: lemma\nphrases: [cause]\n")
    linter = linter_for(tmp_path)
    assert hits(linter, "The Root Cause was a bug.", "style.lower") == ["Root Cause"]
    assert hits(linter, "Several things Caused this.", "style.lemma") == ["Caused"]


def test_phrase_ignores_code_spans_unless_asked(tmp_path):
    write_rule(tmp_path, "style.x", "kind: phrase\nphrases: [likely]\n")
    linter = linter_for(tmp_path)
    assert hits(linter, "Run `likely` now, likely soon.", "style.x") == ["likely"]
    report = linter.lint_text("Run `likely` now, likely soon.", "d.md")
    assert [d.span.start for d in report.diagnostics] == [18]


def test_pattern_with_unless_in_sentence_and_match_scope(tmp_path):
    write_rule(
        tmp_path,
        "speculation.x",
        """\
        kind: pattern
        patterns: [[{LEMMA: cause}, {LOWER: by}]]
        unless:
          - phrases: [under investigation]
            scope: sentence
        """,
    )
    linter = linter_for(tmp_path)
    assert hits(linter, "It was caused by a bad deploy.") == ["caused by"]
    assert hits(linter, "What was caused by what is under investigation.") == []
    assert hits(linter, "It was caused by a bug. It is under investigation.") == ["caused by"]


def test_unless_before_scope_and_headings(tmp_path):
    write_rule(
        tmp_path,
        "style.x",
        """\
        kind: phrase
        phrases: [retry]
        unless:
          - regex: 'please\\s+$'
            scope: before
          - headings: ['what customers can do']
        """,
    )
    linter = linter_for(tmp_path)
    assert hits(linter, "Jobs retry. Customers should please retry.") == ["retry"]
    assert hits(linter, "## What customers can do\nThey retry.\n") == []


def test_vocabularies_feed_phrase_rules(tmp_path):
    write_rule(tmp_path, "unsafe.x", "kind: phrase\nvocabulary: [staff]\n")
    linter = linter_for(tmp_path, vocabularies={"staff": ("Dana Kim",)})
    assert hits(linter, "Thanks to dana kim for the fix.") == ["dana kim"]


def test_model_patterns_are_used_only_with_a_statistical_pipeline(tmp_path):
    write_rule(
        tmp_path,
        "style.x",
        "kind: pattern\npatterns: [[{LOWER: zzz}]]\nmodel-patterns: [[{POS: PROPN, OP: '+'}]]\n",
    )
    linter = linter_for(tmp_path)
    assert hits(linter, "Alice Smith met zzz.") == ["zzz"]


def test_rule_needing_a_model_is_skipped_with_a_notice(tmp_path):
    write_rule(tmp_path, "style.x", "kind: pattern\npatterns: [[{POS: PROPN}]]\n")
    linter = linter_for(tmp_path)
    assert hits(linter, "Alice met Bob.") == []
    assert any("style.x needs a statistical spaCy pipeline (pos)" in n for n in linter.notices)
