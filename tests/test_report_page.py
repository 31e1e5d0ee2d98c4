"""The HTML review page: a highlight per finding at its span, checklist, verdict, escaping."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from prelimlint.model import Span
from prelimlint.report.html import format_html, render_review
from tests.htmltree import parse
from tests.test_cli import CLEAN
from tests.test_rendering import visible

ROOT = Path(__file__).resolve().parents[1]
MIXED = (ROOT / "tests" / "fixtures" / "review-mixed.md").read_text(encoding="utf-8")
EXAMPLE = (ROOT / "examples" / "draft.md").read_text(encoding="utf-8")
NOW = datetime(2026, 4, 13, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def mixed(linter):
    report = linter.lint_text(MIXED, "review-mixed.md")
    return report, parse(render_review(report, linter.ruleset, NOW))


def shown(text: str, span: Span) -> str:
    """What the page must mark for ``span``: the prose the linter saw, or the verbatim source
    (front matter, code blocks and link targets are shown as written)."""
    return visible(text, span) or text[span.start : span.end]


def test_every_finding_has_one_highlight_covering_its_span(mixed):
    report, tree = mixed
    assert len(report.diagnostics) == 11
    rules = set()
    for number, diagnostic in enumerate(report.diagnostics, start=1):
        anchor = tree.by_id(f"f{number}")
        assert anchor is not None, diagnostic.rule
        segments = [
            n for n in tree.iter() if n.tag == "mark" and n.attrs.get("data-finding") == str(number)
        ]
        if diagnostic.span == Span(0, 0):  # a missing element: listed above the draft
            assert anchor.tag == "li" and not segments
            assert "whole-draft" in anchor.parent.parent.classes()
            continue
        assert segments[0] is anchor and anchor.attrs["data-rule"] == diagnostic.rule
        assert {
            "finding",
            f"cat-{diagnostic.category}",
            f"sev-{diagnostic.severity}",
        } <= anchor.classes()
        assert "".join(s.text() for s in segments) == shown(MIXED, diagnostic.span), diagnostic.rule
        rules.add(diagnostic.rule)
    # the hard cases are all there: markup in the span, front matter, a link target, code
    assert {
        "speculation.system-failure",
        "timing.timestamp-zone",
        "unsafe.internal-url",
        "unsafe.secret",
    } <= rules


def test_a_highlight_across_bold_markup_is_split_at_the_tag(mixed):
    report, tree = mixed
    (number,) = [
        n for n, d in enumerate(report.diagnostics, 1) if d.rule == "speculation.system-failure"
    ]
    segments = [
        n for n in tree.iter() if n.tag == "mark" and n.attrs.get("data-finding") == str(number)
    ]
    assert [s.text() for s in segments] == ["a bad", " deploy"]
    assert segments[0].parent.tag == "strong" and segments[1].parent.tag == "p"


def test_side_notes_explain_each_finding(mixed, linter):
    report, tree = mixed
    for number, diagnostic in enumerate(report.diagnostics, start=1):
        note = tree.by_id(f"n{number}")
        assert note.attrs["data-target"] == f"f{number}"
        assert note.find_all("p", **{"class": "message"})[0].text() == diagnostic.message
        rationale = " ".join(linter.ruleset.get(diagnostic.rule).rationale.split())
        assert note.find_all("p", **{"class": "why-text"})[0].text() == rationale
        references = [a for a in tree.find_all("a") if a.attrs.get("href") == f"#n{number}"]
        assert references, "every highlight links to its note"
    root_cause = tree.by_id(
        f"n{[d.rule for d in report.diagnostics].index('speculation.root-cause') + 1}"
    )
    assert "Suggested fix:" in root_cause.text() and "under investigation" in root_cause.text()
    missing = tree.by_id(
        f"n{[d.rule for d in report.diagnostics].index('structure.monitoring') + 1}"
    )
    assert "Add “Monitoring”: What is being watched now" in missing.text()


def test_draft_text_is_escaped_and_only_our_script_can_run(mixed):
    _, tree = mixed
    scripts = tree.find_all("script")
    assert len(scripts) == 1
    assert "<script>window.__pwned = 1</script>" in tree.by_id("draft").text()
    (policy,) = [m.attrs["content"] for m in tree.find_all("meta") if m.attrs.get("http-equiv")]
    digest = base64.b64encode(hashlib.sha256(scripts[0].text().encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_checklist_ticks_found_elements_and_links_to_where_they_are(linter):
    report = linter.lint_text(EXAMPLE, "draft.md")
    tree = parse(render_review(report, linter.ruleset, NOW))
    rows = tree.find_all("li", **{"class": "element found"})
    titles = [row.find_all(None, **{"class": "name"})[0].text() for row in rows]
    assert titles == [
        "Impact",
        "Timeline",
        "What customers can do",
        "Actions that restored service",
        "Monitoring",
        "Postmortem",
        "Internal only",
    ]
    for row in rows:
        link = row.find_all("a")[0]
        target = tree.by_id(link.attrs["href"][1:])
        assert target.attrs["data-element"] == link.attrs["data-element-link"]
    assert (
        tree.by_id("el-impact").text() == "## Impact" or tree.by_id("el-impact").text() == "Impact"
    )
    assert tree.by_id("el-internal-only").text() == "Internal only."


def test_missing_elements_are_ticked_off_as_missing_with_their_finding(mixed):
    report, tree = mixed
    missing = tree.find_all("li", **{"class": "element missing"})
    assert [r.find_all(None, **{"class": "name"})[0].text() for r in missing] == [
        "What customers can do",
        "Monitoring",
        "Postmortem",
        "Internal only",
    ]
    for row in missing:
        (link,) = row.find_all("a")
        note = tree.by_id(link.attrs["href"][1:])
        assert "note" in note.classes()
    found = tree.find_all("li", **{"class": "element found"})
    assert len(found) == 3


def test_verdict_is_ready_only_when_no_error_remains(linter):
    def verdict(text: str) -> str:
        tree = parse(render_review(linter.lint_text(text, "d.md"), linter.ruleset, NOW))
        (box,) = [n for n in tree.iter() if "verdict" in n.classes()]
        return box.find_all("strong")[0].text()

    assert verdict(CLEAN) == "Ready to publish"
    with_warning = CLEAN + "\nPayments were retried at 15:10.\n"
    assert [d.severity.value for d in linter.lint_text(with_warning, "d.md").diagnostics] == [
        "warning"
    ]
    assert verdict(with_warning) == "Ready to publish"
    assert verdict(EXAMPLE) == "Not ready to publish"


def test_summary_counts_match_the_findings(mixed):
    report, tree = mixed
    totals = {
        li.attrs["class"]: li.find_all("b")[0].text()
        for li in tree.find_all("ul", **{"class": "totals"})[0].find_all("li")
    }
    assert totals == {"sev-error": "9", "sev-warning": "1", "sev-info": "1"}
    table = tree.find_all("table", **{"class": "counts"})[0]
    cells = {
        row.find_all("th")[0].text(): [td.text() for td in row.find_all("td")]
        for row in table.find_all("tbody")[0].find_all("tr")
    }
    assert cells["structure"] == ["4", "–", "–", "4"]
    assert cells["timing"] == ["1", "1", "1", "3"]
    assert cells["unsafe"] == ["2", "–", "–", "2"]


def test_page_loads_nothing_from_anywhere(mixed):
    _, tree = mixed
    for node in tree.iter():
        assert node.tag not in ("link", "iframe", "img", "object", "embed")
        for name in ("src", "srcset", "action", "data"):
            assert name not in node.attrs, node.tag
        assert node.tag != "a" or node.attrs["href"].startswith(("#", "https://"))
    assert tree.find_all("style")


def test_several_drafts_on_one_page_keep_their_ids_apart(linter):
    reports = [linter.lint_text(EXAMPLE, "a.md"), linter.lint_text(MIXED, "b.md")]
    tree = parse(
        format_html(reports, rules=linter.ruleset, now=NOW)
    )  # by_id asserts ids are unique
    assert tree.by_id("d1-f1") is not None and tree.by_id("d2-f11") is not None
    rows = tree.find_all("table", **{"class": "drafts"})[0].find_all("tbody")[0].find_all("tr")
    assert [r.find_all("a")[0].attrs["href"] for r in rows] == ["#d1-top", "#d2-top"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "prelimlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_report_command_writes_one_page(tmp_path):
    draft = tmp_path / "checkout.md"
    draft.write_text(EXAMPLE, encoding="utf-8")
    result = run("report", "--isolated", str(draft), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == "Wrote checkout-review.html: not ready to publish (5 errors, 0 other findings)."
    )
    tree = parse((tmp_path / "checkout-review.html").read_text(encoding="utf-8"))
    assert len(tree.find_all("li", **{"class": "note cat-unsafe"})) == 1
    chosen = run(
        "report", "--isolated", str(draft), "-o", str(tmp_path / "out" / "page.html"), cwd=tmp_path
    )
    assert chosen.returncode == 0 and (tmp_path / "out" / "page.html").is_file()  # folders are made
    blocked = run("report", "--isolated", str(draft), "-o", str(draft / "page.html"), cwd=tmp_path)
    assert blocked.returncode == 2
    assert (
        blocked.stderr.startswith("prelimlint: cannot write ") and "Traceback" not in blocked.stderr
    )
    assert len(blocked.stderr.strip().splitlines()) == 1


def test_report_command_on_a_folder_writes_a_site_with_an_index(tmp_path):
    drafts = tmp_path / "reports"
    (drafts / "eu").mkdir(parents=True)
    (drafts / "clean.md").write_text(CLEAN, encoding="utf-8")
    (drafts / "eu" / "checkout.md").write_text(EXAMPLE, encoding="utf-8")
    (drafts / "eu" / "notes.txt").write_text(
        "Impact\nCustomers could not pay at 14:30.\n", encoding="utf-8"
    )
    result = run("report", "--isolated", "reports", "-o", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == "Wrote site/index.html and 3 draft pages (1 ready to publish, 2 not ready)."
    )
    site = tmp_path / "site"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) == [
        "clean.html",
        "eu/checkout.html",
        "eu/notes.html",
        "index.html",
    ]
    index = parse((site / "index.html").read_text(encoding="utf-8"))
    rows = index.find_all("table", **{"class": "drafts"})[0].find_all("tbody")[0].find_all("tr")
    summary = [
        (
            r.find_all("a")[0].attrs["href"],
            r.find_all(None, **{"class": "pill ready"}) != [],
            [td.text() for td in r.find_all("td", **{"class": "num"})],
        )
        for r in rows
    ]
    assert summary == [
        ("clean.html", True, ["0", "0", "0"]),
        ("eu/checkout.html", False, ["5", "0", "0"]),
        ("eu/notes.html", False, summary[2][2]),
    ]
    page = parse((site / "eu" / "checkout.html").read_text(encoding="utf-8"))
    assert [a.attrs["href"] for a in page.find_all("a") if "All drafts" in a.text()] == [
        "../index.html"
    ]


def test_check_format_html_writes_the_review_page(tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text(EXAMPLE, encoding="utf-8")
    result = run(
        "check", "--isolated", "--format", "html", "-o", "page.html", str(draft), cwd=tmp_path
    )
    assert result.returncode == 1  # findings, as with every format
    html = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert re.search(r"<strong>Not ready to publish</strong>", html)
    assert "Why it matters" in html  # the rules were passed to the page
