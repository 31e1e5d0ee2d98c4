"""Where a required element was found: ``FileReport.elements`` from required-section rules."""

from __future__ import annotations

from prelimlint.model import ElementStatus
from tests.helpers import linter_for, write_rule

SECTION = """\
kind: required-section
title: Customer impact
headings: ['\\bimpact\\b']
cues:
  - regex: '\\bcustomers?\\b'
  - regex: '\\b(?:could not|errors?)\\b'
min-cues: 2
cue-scope: sentence
front-matter: [impact]
"""


def element_of(tmp_path, text: str):
    write_rule(tmp_path, "structure.impact", SECTION)
    report = linter_for(tmp_path).lint_text(text, "d.md")
    (element,) = report.elements
    where = text[element.span.start : element.span.end] if element.span else None
    return element, where, [d.rule for d in report.diagnostics]


def test_found_by_heading_points_at_the_heading_line(tmp_path):
    element, where, rules = element_of(tmp_path, "# T\n\n## Impact\nSome pages were slow.\n")
    assert (element.rule, element.title, element.status, element.found_by) == (
        "structure.impact",
        "Customer impact",
        ElementStatus.FOUND,
        "heading",
    )
    assert where == "## Impact"
    assert rules == []


def test_found_by_lead_in_label_points_at_the_label(tmp_path):
    element, where, _ = element_of(tmp_path, "# T\n\nIntro.\n\n**Impact:** some pages were slow.\n")
    assert (element.status, element.found_by, where) == (ElementStatus.FOUND, "label", "Impact:")


def test_found_by_content_points_at_the_sentence_that_met_the_cues(tmp_path):
    text = "# T\n\nWe looked into it. Customers could not *log in* for an hour. Then it was fine.\n"
    element, where, rules = element_of(tmp_path, text)
    assert (element.status, element.found_by) == (ElementStatus.FOUND, "content")
    assert where == "Customers could not *log in* for an hour."
    assert rules == []


def test_found_by_front_matter_points_at_the_field_value(tmp_path):
    write_rule(
        tmp_path,
        "structure.internal-only",
        "kind: required-section\n"
        "cues: [{regex: '\\binternal only\\b'}]\n"
        "front-matter: [audience]\n",
    )
    text = "---\naudience: internal\n---\n# T\n\nNothing here.\n"
    (element,) = linter_for(tmp_path).lint_text(text, "d.md").elements
    assert (element.status, element.found_by) == (ElementStatus.FOUND, "front-matter")
    assert text[element.span.start : element.span.end] == "internal"


def test_front_matter_cue_plus_one_in_the_text_points_at_the_sentence(tmp_path):
    element, where, _ = element_of(
        tmp_path, "---\nimpact: yes\n---\n# T\n\nAll good. Errors were seen.\n"
    )
    assert (element.status, element.found_by, where) == (
        ElementStatus.FOUND,
        "content",
        "Errors were seen.",
    )


def test_empty_section_is_reported_at_its_heading_and_marked_empty(tmp_path):
    element, where, rules = element_of(tmp_path, "# T\n\n## Impact\nTBD\n")
    assert (element.status, where) == (ElementStatus.EMPTY, "## Impact")
    assert rules == ["structure.impact"]


def test_missing_element_has_no_place(tmp_path):
    element, where, rules = element_of(tmp_path, "# T\n\nNothing useful here.\n")
    assert (element.status, element.span, element.found_by) == (ElementStatus.MISSING, None, "")
    assert rules == ["structure.impact"]


def test_disabled_rule_reports_no_element(tmp_path):
    write_rule(tmp_path, "structure.impact", SECTION)
    report = linter_for(tmp_path, ignore=("structure",)).lint_text("# T\n", "d.md")
    assert report.elements == ()


def test_builtin_pack_reports_all_seven_elements_of_the_example(linter):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "examples" / "draft.md").read_text(
        encoding="utf-8"
    )
    report = linter.lint_text(text, "draft.md")
    found = {
        e.rule: text[e.span.start : e.span.end]
        for e in report.elements
        if e.status is ElementStatus.FOUND
    }
    assert found == {
        "structure.impact": "## Impact",
        "structure.timeline": "## Timeline",
        "structure.customer-actions": "## What customers can do",
        "structure.resolution": "## How service was restored",
        "structure.monitoring": "## Monitoring",
        "structure.postmortem": "## What comes next",
        "structure.internal-only": "Internal only.",
    }
