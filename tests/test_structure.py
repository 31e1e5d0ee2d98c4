"""Required elements are judged by content, not only by headings."""

from __future__ import annotations

from prelimlint import Linter

HEADINGLESS = """Preliminary Analysis: invoice exports, 3 March

Internal only: use as talking points, do not forward.

Between about 14:05 and 14:50 UTC, customers using Invoice Export could not download PDF invoices; \
the dashboard and payments kept working.

We were alerted at 14:05 UTC and exports were working again at 14:50 UTC.

Responders moved export jobs to standby workers and re-ran the jobs that had failed.

If an invoice from that window is still missing, customers should re-run the export from the \
dashboard and contact Support with the invoice number.

The on-call team is watching export error rates closely through Friday.

Details are pending further investigation; the postmortem will follow.
"""


def _structure(linter: Linter, text: str, path: str = "draft.md") -> set[str]:
    return {
        d.rule for d in linter.lint_text(text, path).diagnostics if d.category.value == "structure"
    }


def test_a_headingless_report_with_the_content_passes(linter: Linter):
    assert _structure(linter, HEADINGLESS) == set()
    assert _structure(linter, HEADINGLESS, "draft.txt") == set()


def test_each_missing_element_is_reported_by_its_own_rule(linter: Linter):
    without_monitoring = HEADINGLESS.replace(
        "The on-call team is watching export error rates closely through Friday.\n", ""
    )
    assert _structure(linter, without_monitoring) == {"structure.monitoring"}
    without_times = HEADINGLESS.replace("Between about 14:05 and 14:50 UTC, ", "").replace(
        "We were alerted at 14:05 UTC and exports were working again at 14:50 UTC.\n", ""
    )
    assert _structure(linter, without_times) == {"structure.timeline"}


def test_a_heading_with_an_empty_or_placeholder_body_fails(linter: Linter):
    text = HEADINGLESS.replace(
        "The on-call team is watching export error rates closely through Friday.\n", ""
    )
    text += "\n## Monitoring\nTBD\n"
    report = linter.lint_text(text, "draft.md")
    monitoring = [d for d in report.diagnostics if d.rule == "structure.monitoring"]
    assert len(monitoring) == 1
    assert text[monitoring[0].span.start : monitoring[0].span.end] == "## Monitoring"


def test_missing_elements_point_at_the_start(linter: Linter):
    report = linter.lint_text("# Title\n\nSomething happened.\n", "draft.md")
    structure = [d for d in report.diagnostics if d.category.value == "structure"]
    assert len(structure) == 7
    assert {d.span.start for d in structure} == {0}
