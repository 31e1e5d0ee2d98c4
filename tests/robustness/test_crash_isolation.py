"""A rule that raises while linting is isolated: one error naming it, the others still run.

No draft makes a built-in rule crash any more (the last one found, a year-9999 timestamp
that overflowed the timeline rule, is fixed and tested below), so the crash is asked for
with the documented debugging variable ``PRELIMLINT_CRASH_RULE`` (``engine.CRASH_RULE_VARIABLE``),
which the language server's tests use too. The processes are real: no monkeypatching.
"""

from __future__ import annotations

import json

import pytest

from prelimlint import Linter
from prelimlint.engine import CRASH_RULE_VARIABLE

from .inputs import EXAMPLE, run_measured

CRASHED = (
    "internal error in rule unsafe.internal-host: RuntimeError: PRELIMLINT_CRASH_RULE asked rule "
    "unsafe.internal-host to crash; the other rules ran. Please report this."
)


def _draft(tmp_path, name="draft.md"):
    path = tmp_path / name
    path.write_text(EXAMPLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_reports_one_error_naming_the_rule_and_exits_2(tmp_path, jobs):
    drafts = [_draft(tmp_path, "a.md"), _draft(tmp_path, "b.md")]
    result = run_measured(
        ["check", "--isolated", "--format", "json", "-j", jobs, *map(str, drafts)],
        timeout=180,
        env={CRASH_RULE_VARIABLE: "unsafe.internal-host"},
    )
    assert result.code == 2
    assert "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if " note: " not in line]
    assert errors == [f"prelimlint: {CRASHED}"] * 2  # once per draft, not once per block
    for entry in json.loads(result.out)["files"]:
        crashed = [d for d in entry["diagnostics"] if d["rule"] == "unsafe.internal-host"]
        assert [(d["severity"], d["message"], d["line"]) for d in crashed] == [
            ("error", CRASHED, 1)
        ]
        others = {d["rule"] for d in entry["diagnostics"]} - {"unsafe.internal-host"}
        assert {
            "speculation.root-cause",
            "commitment.no-recurrence",
        } <= others  # the other rules ran


def test_debug_mode_shows_the_crash_traceback(tmp_path):
    result = run_measured(
        ["check", "--isolated", str(_draft(tmp_path))],
        timeout=120,
        env={CRASH_RULE_VARIABLE: "unsafe.internal-host", "PRELIMLINT_DEBUG": "1"},
    )
    assert result.code == 2
    assert "Traceback" in result.err and "rule unsafe.internal-host raised" in result.err


def test_the_library_keeps_the_crash_in_the_report(monkeypatch):
    monkeypatch.setenv(CRASH_RULE_VARIABLE, "unsafe.internal-host, timing.order")
    report = Linter().lint_text(EXAMPLE, "draft.md")
    assert len(report.internal_errors) == 2
    assert {d.rule for d in report.diagnostics if d.message.startswith("internal error")} == {
        "unsafe.internal-host",
        "timing.order",
    }
    assert any(d.rule == "speculation.root-cause" for d in report.diagnostics)


YEAR_9999 = """---
detected_at: 9999-12-31T23:00:00Z
resolved_at: 9999-12-31T23:30:00+00:00
published_at: 0001-01-01T00:10:00+05:00
---
# Summary

We detected errors at 08:00 JST and resolved them at 08:30 JST.
"""


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github", "junit", "html"])
def test_timestamps_at_the_ends_of_the_calendar_do_not_crash_a_rule(tmp_path, output):
    # these overflowed datetime arithmetic in timing.front-matter-mismatch and the review page
    path = tmp_path / "draft.md"
    path.write_text(YEAR_9999, encoding="utf-8")
    result = run_measured(["check", "--isolated", "--format", output, str(path)], timeout=120)
    assert result.code == 1, result.err
    assert "internal error" not in result.err + result.out and "Traceback" not in result.err
