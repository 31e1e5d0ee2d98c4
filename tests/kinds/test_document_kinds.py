"""required-section, metric and metadata kinds."""

from __future__ import annotations

from tests.helpers import hits, linter_for, write_rule

SECTION = """\
kind: required-section
headings: ['\\bimpact\\b']
cues:
  - regex: '\\bcustomers?\\b'
  - regex: '\\b(?:could not|errors?)\\b'
min-cues: 2
cue-scope: sentence
"""


def test_required_section_by_heading_or_by_content(tmp_path):
    write_rule(tmp_path, "structure.impact", SECTION)
    linter = linter_for(tmp_path)
    report = linter.lint_text("# T\n\nNothing useful here.\n", "d.md")
    assert [(d.rule, d.span.start) for d in report.diagnostics] == [("structure.impact", 0)]
    assert hits(linter, "# T\n## Impact\nSome text.\n") == []
    assert hits(linter, "Customers could not log in for an hour.\n") == []
    assert hits(linter, "Customers were told. Errors were seen.\n") == [
        ""
    ]  # cues must share a sentence


def test_heading_with_a_placeholder_body_fails_at_the_heading(tmp_path):
    write_rule(tmp_path, "structure.impact", SECTION)
    linter = linter_for(tmp_path)
    for body in ("TBD", "N/A", "", "- TODO"):
        text = f"# T\n\n## Impact\n{body}\n\n## Next\nCustomers saw errors.\n"
        report = linter.lint_text(text, "d.md")
        spans = [text[d.span.start : d.span.end] for d in report.diagnostics]
        assert spans == ["## Impact"], body


def test_lead_in_label_counts_as_heading(tmp_path):
    write_rule(tmp_path, "structure.impact", SECTION)
    linter = linter_for(tmp_path)
    assert hits(linter, "**Impact:** some pages were slow.\n") == []


def test_metric_sentence_and_document_counts(tmp_path):
    write_rule(
        tmp_path,
        "style.long",
        "kind: metric\nmetric: sentence-words\nmax: 5\nmessage: '{count} > {limit}'\n",
    )
    write_rule(tmp_path, "style.words", "kind: metric\nmetric: words\nmax: 8\n")
    linter = linter_for(tmp_path)
    report = linter.lint_text("One two three. One two three four five six seven.\n", "d.md")
    messages = {d.rule: d.message for d in report.diagnostics}
    assert messages["style.long"] == "7 > 5"
    assert "style.words" in messages


def test_metadata_gap_order_zone_and_presence(tmp_path):
    write_rule(
        tmp_path,
        "timing.gap",
        "kind: metadata\ncheck: max-gap\nfields: [resolved_at, published_at]\nhours: 24\n",
    )
    write_rule(
        tmp_path,
        "timing.order",
        "kind: metadata\ncheck: order\nfields: [detected_at, resolved_at]\n",
    )
    write_rule(tmp_path, "timing.zone", "kind: metadata\ncheck: has-zone\nfields: [detected_at]\n")
    write_rule(
        tmp_path,
        "timing.present",
        "kind: metadata\ncheck: present\nfields: [published_at]\nwhen: [resolved_at]\n",
    )
    linter = linter_for(tmp_path)

    def rules(front: str) -> set[str]:
        report = linter.lint_text(f"---\n{front}---\nBody.\n", "d.md")
        return {d.rule for d in report.diagnostics}

    assert rules(
        "resolved_at: 2026-01-01T10:00:00+02:00\npublished_at: 2026-01-02T08:01:00Z\n"
    ) == {"timing.gap"}
    assert (
        rules("resolved_at: 2026-01-01T10:00:00+02:00\npublished_at: 2026-01-02T07:50:00Z\n")
        == set()
    )
    assert rules("detected_at: 2026-01-01T10:00:00Z\nresolved_at: 2026-01-01T09:00:00Z\n") == {
        "timing.order",
        "timing.present",
    }
    assert rules("detected_at: 2026-01-01T10:00:00\n") == {"timing.zone"}
    assert rules("title: x\n") == set()
