"""Every inline suppression form, through the real CLI, and the report of unused ones."""

from __future__ import annotations

import json

import pytest

from .cli_helpers import invoke, write

HOST = "Engineers restarted db-primary.prod.internal."  # unsafe.internal-host
CAUSE = "It was caused by a bad deploy."  # speculation.root-cause
SELECT = "unsafe.internal-host,speculation.root-cause,style.unused-suppression"


def findings(tmp_path, text: str, *extra: str) -> list[tuple[str, int]]:
    draft = write(tmp_path / "draft.md", text)
    result = invoke(
        "check", "--isolated", "--format", "json", "--select", SELECT, *extra, str(draft)
    )
    assert result.code in (0, 1), result.err
    return [(d["rule"], d["line"]) for d in json.loads(result.out)["files"][0]["diagnostics"]]


def lines(*items: str) -> str:
    return "\n".join(items) + "\n"


def test_unsuppressed_baseline(tmp_path):
    assert findings(tmp_path, lines(HOST, "", CAUSE)) == [
        ("unsafe.internal-host", 1),
        ("speculation.root-cause", 3),
    ]


@pytest.mark.parametrize(
    "names", ["unsafe.internal-host", "unsafe", "unsafe.*", "unsafe.internal-*", ""]
)
def test_disable_next_line_forms(tmp_path, names):
    text = lines(f"<!-- prelimlint-disable-next-line {names} -->", HOST, "", HOST)
    assert findings(tmp_path, text) == [("unsafe.internal-host", 4)]


def test_disable_next_line_skips_blank_lines_and_works_at_the_end_of_a_line(tmp_path):
    text = lines("<!-- prelimlint-disable-next-line unsafe.internal-host -->", "", "", HOST, HOST)
    assert findings(tmp_path, text) == [("unsafe.internal-host", 5)]
    text = lines(
        f"{CAUSE} <!-- prelimlint-disable-next-line speculation.root-cause -->", CAUSE, CAUSE
    )
    assert findings(tmp_path, text) == [
        ("speculation.root-cause", 1),
        ("speculation.root-cause", 3),
    ]


def test_several_rules_need_every_one_named(tmp_path):
    text = lines("<!-- prelimlint-disable-next-line unsafe.internal-host -->", f"{HOST} {CAUSE}")
    assert findings(tmp_path, text) == [("speculation.root-cause", 2)]
    text = lines(
        "<!-- prelimlint-disable-next-line unsafe.internal-host,speculation.root-cause -->",
        f"{HOST} {CAUSE}",
    )
    assert findings(tmp_path, text) == []


def test_disable_enable_range(tmp_path):
    text = lines(
        HOST,
        "",
        "<!-- prelimlint-disable unsafe.internal-host -->",
        "",
        HOST,
        "",
        HOST,
        "",
        "<!-- prelimlint-enable unsafe.internal-host -->",
        "",
        HOST,
    )
    assert findings(tmp_path, text) == [("unsafe.internal-host", 1), ("unsafe.internal-host", 11)]


def test_disable_without_enable_runs_to_the_end(tmp_path):
    text = lines(HOST, "", "<!-- prelimlint-disable unsafe -->", "", HOST, "", HOST)
    assert findings(tmp_path, text) == [("unsafe.internal-host", 1)]


def test_enable_ends_only_the_rules_it_names(tmp_path):
    text = lines(
        "<!-- prelimlint-disable unsafe.internal-host, speculation.root-cause -->",
        "",
        HOST,
        "",
        "<!-- prelimlint-enable unsafe.internal-host -->",
        "",
        HOST,
        "",
        CAUSE,
    )
    assert findings(tmp_path, text) == [("unsafe.internal-host", 7)]


def test_enable_after_a_bare_disable_turns_that_rule_back_on(tmp_path):
    text = lines(
        "<!-- prelimlint-disable -->",
        "",
        HOST,
        "",
        "<!-- prelimlint-enable unsafe.internal-host -->",
        "",
        HOST,
        "",
        CAUSE,
        "",
        "<!-- prelimlint-enable -->",
        "",
        CAUSE,
    )
    assert findings(tmp_path, text) == [("unsafe.internal-host", 7), ("speculation.root-cause", 13)]


def test_disable_file_anywhere_in_the_file(tmp_path):
    text = lines(
        HOST, "", CAUSE, "", "<!-- prelimlint-disable-file unsafe.internal-host -->", "", HOST
    )
    assert findings(tmp_path, text) == [("speculation.root-cause", 3)]


def test_a_reason_after_two_dashes_is_not_a_rule_name(tmp_path):
    text = lines(
        "<!-- prelimlint-disable-next-line unsafe.internal-host -- the host name is public -->",
        HOST,
    )
    assert findings(tmp_path, text) == []


def test_multi_line_comment_and_case(tmp_path):
    text = lines(
        "<!--",
        "  PRELIMLINT-DISABLE-NEXT-LINE",
        "  unsafe.internal-host,",
        "  speculation.root-cause",
        "-->",
        f"{HOST} {CAUSE}",
    )
    assert findings(tmp_path, text) == []


def test_directives_in_code_are_not_directives(tmp_path):
    text = lines(
        "`<!-- prelimlint-disable-file unsafe -->`",
        "",
        "```",
        "<!-- prelimlint-disable-file -->",
        "```",
        "",
        HOST,
    )
    assert findings(tmp_path, text) == [("unsafe.internal-host", 7)]


def test_unused_suppressions_are_reported_as_info(tmp_path):
    text = lines(
        "<!-- prelimlint-disable-next-line unsafe.internal-host -->",
        "All good here.",
        "",
        "<!-- prelimlint-disable-file speculation.root-cause -->",
        "",
        "<!-- prelimlint-disable-next-line unsafe.internal-host, speculation.root-cause -->",
        HOST,
    )
    draft = write(tmp_path / "draft.md", text)
    result = invoke("check", "--isolated", "--format", "json", "--select", SELECT, str(draft))
    diagnostics = json.loads(result.out)["files"][0]["diagnostics"]
    assert [(d["rule"], d["severity"], d["line"]) for d in diagnostics] == [
        ("style.unused-suppression", "info", 1),
        ("style.unused-suppression", "info", 4),
        ("style.unused-suppression", "info", 6),
    ]
    assert diagnostics[0]["message"] == (
        "'prelimlint-disable-next-line unsafe.internal-host' suppresses nothing for 'unsafe.internal-host' here. "
        "Remove the comment, or correct the rule name."
    )
    assert (
        "'speculation.root-cause'" in diagnostics[2]["message"]
    )  # only the selector that did nothing
    comment = "<!-- prelimlint-disable-next-line unsafe.internal-host -->"
    assert (diagnostics[0]["column"], diagnostics[0]["end_column"]) == (1, len(comment) + 1)
    assert result.code == 0  # info does not fail the run


def test_unknown_rule_names_get_a_hint(tmp_path):
    text = lines("<!-- prelimlint-disable-next-line unsafe.internal-hots -->", HOST)
    draft = write(tmp_path / "draft.md", text)
    diagnostics = json.loads(invoke("check", "--isolated", "--format", "json", str(draft)).out)[
        "files"
    ][0]["diagnostics"]
    messages = [d["message"] for d in diagnostics if d["rule"] == "style.unused-suppression"]
    assert messages == [
        "'prelimlint-disable-next-line unsafe.internal-hots' suppresses nothing: no rule is called "
        "'unsafe.internal-hots' (did you mean 'unsafe.internal-host'?). Remove the comment, or correct "
        "the rule name."
    ]


def test_rules_that_did_not_run_are_not_called_stale(tmp_path):
    # not selected here, and unsafe.person-name is skipped without a statistical model
    text = lines(
        "<!-- prelimlint-disable-next-line commitment.guarantee, unsafe.person-name -->", "Fine."
    )
    assert findings(tmp_path, text) == []


def test_unused_reports_can_be_turned_off_or_suppressed(tmp_path):
    stale = lines("<!-- prelimlint-disable-next-line unsafe.internal-host -->", "Fine.")
    assert findings(tmp_path, stale) == [("style.unused-suppression", 1)]
    assert findings(tmp_path, stale, "--ignore", "style.unused-suppression") == []
    silenced = stale + lines("", "<!-- prelimlint-disable-file style.unused-suppression -->")
    assert findings(tmp_path, silenced) == []


def test_an_old_alias_names_the_renamed_rule(tmp_path):
    write(
        tmp_path / "rules" / "style" / "zebra.yml",
        """\
id: style.zebra
category: style
severity: warning
kind: phrase
aliases: [style.old-zebra]
summary: Mentions zebras.
message: "'{match}' is a zebra."
rationale: Renamed rules keep their old ids as aliases so existing suppressions keep working.
phrases: [zebra]
examples:
  bad: [A zebra.]
  good: [A horse.]
""",
    )
    text = lines("<!-- prelimlint-disable-next-line style.old-zebra -->", "A zebra.", "A zebra.")
    draft = write(tmp_path / "draft.md", text)
    result = invoke(
        "check",
        "--isolated",
        "--rules",
        str(tmp_path / "rules"),
        "--select",
        "style",
        "--format",
        "json",
        str(draft),
    )
    assert [(d["rule"], d["line"]) for d in json.loads(result.out)["files"][0]["diagnostics"]] == [
        ("style.zebra", 3)
    ]


def test_explain_and_rules_know_the_unused_suppression_rule():
    explained = invoke("explain", "style.unused-suppression")
    assert explained.code == 0, explained.err
    assert "suppresses nothing" in explained.out and "Why:" in explained.out
    table = invoke("rules")
    row = [line for line in table.out.splitlines() if line.startswith("style.unused-suppression")]
    assert row and row[0].split()[1:4] == ["style", "info", "yes"]
