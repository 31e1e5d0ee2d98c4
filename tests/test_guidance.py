"""Quoting the guidance itself must not trip the content rules."""

from __future__ import annotations

import pytest

from prelimlint import Linter
from tests.conftest import shared_corpus

CORPUS = shared_corpus()


@pytest.mark.skipif(CORPUS is None, reason="the team's shared folder is not available")
def test_the_guidance_text_raises_no_content_findings(linter: Linter):
    seed = CORPUS.parent / "seed" / "after-an-incident.md"
    report = linter.lint_text(seed.read_text(encoding="utf-8"), str(seed))
    content = [
        (d.rule, d.matched)
        for d in report.diagnostics
        if d.category.value in ("speculation", "unsafe", "commitment")
    ]
    assert content == []


@pytest.mark.parametrize(
    "sentence",
    [
        "This summary is a recap of known events, pending further investigation.",
        "The cause is still under investigation and will be covered in the postmortem.",
        "Due to the holiday the postmortem publishes Monday.",
        "The postmortem is due by Friday.",
        "Customers may see errors because their requests time out; they should retry.",
        "The report should avoid zeroing in on contributing factors or making assertions about systems failures.",
        "We will not speculate about the cause here.",
        "Engineers failed over to the standby database and rolled back a recent change.",
    ],
)
def test_safe_phrasing_is_quiet(linter: Linter, sentence: str):
    report = linter.lint_text(sentence + "\n", "draft.md")
    assert [d.rule for d in report.diagnostics if d.category.value == "speculation"] == []
