"""The review page in a real browser (headless Chromium over the DevTools protocol).

Checks what a reviewer sees: highlights and checklist visible, keyboard navigation between
findings, a script in a draft never runs, the content is there without JavaScript and in
print; saves the screenshot the README shows (docs/report-screenshot.png).
Skips without Chromium on a developer machine; under CI (env CI set) a missing browser fails.
"""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from prelimlint.report.html import render_review
from tests.browser.cdp import Browser, find_chromium

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "report-screenshot.png"
NOW = datetime(2026, 4, 13, 3, 0, tzinfo=UTC)  # a fixed clock keeps the screenshot stable
HOSTILE = (ROOT / "tests" / "fixtures" / "review-mixed.md").read_text(encoding="utf-8") + (
    '\nInline <img src=x onerror="window.__pwned = 2"> and'
    ' <svg onload="window.__pwned = 3"></svg> tags, a [link](javascript:window.__pwned=4)'
    ' and <iframe src="javascript:parent.__pwned=5"></iframe>.\n'
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is required under CI: .ci/editors/install-chromium.sh installs it"
            )
        pytest.skip(
            "Chromium is not installed (apt-get install -y chromium, "
            "or run .ci/editors/install-chromium.sh)"
        )
    instance = Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
    yield instance
    instance.close()


def write_page(linter, text: str, path: str, folder: Path) -> Path:
    report = linter.lint_text(text, path)
    page = folder / (Path(path).stem + ".html")
    page.write_text(render_review(report, linter.ruleset, NOW), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def example_page(linter, tmp_path_factory) -> Path:
    text = (ROOT / "examples" / "draft.md").read_text(encoding="utf-8")
    return write_page(linter, text, "examples/draft.md", tmp_path_factory.mktemp("pages"))


VISIBLE = """(selector) => [...document.querySelectorAll(selector)].map((element) => {
  element.scrollIntoView({block: 'center'});
  const box = element.getClientRects()[0];
  const hit = box && document.elementFromPoint(box.left + Math.min(4, box.width / 2),
                                               box.top + box.height / 2);
  const style = getComputedStyle(element);
  return {id: element.id, text: element.textContent,
          width: box ? box.width : 0, height: box ? box.height : 0,
          shown: !!hit && (hit === element || element.contains(hit)),
          background: style.backgroundColor, visibility: style.visibility};
})"""


def visible(page, selector: str) -> list[dict]:
    return page.evaluate(f"({VISIBLE})({selector!r})")


def test_highlights_checklist_and_verdict_are_visible(browser, example_page, linter):
    page = browser.open_page()
    page.goto(example_page.as_uri())
    marks = visible(page, "mark.finding[id]")
    assert [m["id"] for m in marks] == ["f1", "f2", "f3", "f4", "f5"]
    assert [m["text"] for m in marks] == [
        "db-primary.prod.internal",
        "caused by",
        "a bad deploy",
        "A fix has been deployed",
        "will never happen again",
    ]
    for mark in marks:
        assert mark["shown"] and mark["width"] > 0 and mark["height"] > 0, mark
        assert mark["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), mark
    rows = visible(page, ".checklist li")
    assert len(rows) == 7 and all(row["shown"] for row in rows)
    assert all(row["text"].strip().startswith("✓") for row in rows)
    verdict = visible(page, ".verdict strong")
    assert verdict[0]["text"] == "Not ready to publish" and verdict[0]["shown"]
    assert page.evaluate("document.querySelector('.timing .strip') !== null")


def test_keyboard_moves_between_findings(browser, example_page):
    page = browser.open_page()
    page.goto(example_page.as_uri())
    state = """(() => {
      const active = document.activeElement;
      const box = active.getBoundingClientRect();
      const tip = document.getElementById('tip');
      return {active: active.id,
              current: [...document.querySelectorAll('.note.current')].map(n => n.id),
              inView: box.top >= 0 && box.bottom <= innerHeight,
              tip: tip.hidden ? null : tip.textContent,
              position: document.getElementById('nav-position').textContent,
              live: document.getElementById('live').textContent};
    })()"""
    assert page.evaluate(state)["current"] == []
    page.press("k")  # backwards from no selection: the last finding
    assert page.evaluate(state)["active"] == "f5"
    page.press("Escape")
    page.goto(example_page.as_uri())
    page.press("j")
    first = page.evaluate(state)
    assert (first["active"], first["current"], first["inView"], first["position"]) == (
        "f1",
        ["n1"],
        True,
        "1 / 5",
    )
    assert "'db-primary.prod.internal' is an internal host name" in first["tip"]
    assert first["live"].startswith("Finding 1 of 5: error.")
    page.press("n")
    assert page.evaluate(state)["active"] == "f2"
    page.press("j")
    assert page.evaluate(state)["active"] == "f3"
    page.press("k")
    assert page.evaluate(state)["active"] == "f2"
    page.press("p")
    page.press("p")  # wraps around to the last finding
    last = page.evaluate(state)
    assert (last["active"], last["position"]) == ("f5", "5 / 5")
    page.press("Escape")
    assert page.evaluate(state)["tip"] is None


def test_script_in_a_draft_never_runs(browser, linter, tmp_path):
    page_file = write_page(linter, HOSTILE, "hostile.md", tmp_path)
    page = browser.open_page()
    page.goto(page_file.as_uri())
    outcome = page.evaluate("""(() => ({
      pwned: typeof window.__pwned,
      scripts: document.scripts.length,
      ourScriptRan: !document.querySelector('.finding-nav').hidden,
      raw: [...document.querySelectorAll('.markdown pre.raw-html, .markdown code.raw-html')]
        .map(e => e.textContent),
      frames: document.querySelectorAll('iframe, img, svg').length,
    }))()""")
    assert outcome["pwned"] == "undefined"
    assert outcome["scripts"] == 1 and outcome["ourScriptRan"]
    assert outcome["frames"] == 0
    assert "<script>window.__pwned = 1</script>" in outcome["raw"]
    assert '<img src=x onerror="window.__pwned = 2">' in outcome["raw"]
    shown = visible(page, ".markdown pre.raw-html")
    assert shown and shown[0]["shown"]


def test_content_is_there_without_javascript_and_in_print(browser, example_page):
    page = browser.open_page()
    page.send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.goto(example_page.as_uri())
    assert len([m for m in visible(page, "mark.finding[id]") if m["shown"]]) == 5
    assert len([n for n in visible(page, ".note") if n["shown"]]) == 5
    assert page.evaluate(
        "document.querySelector('.finding-nav').hidden"
    )  # no dead buttons without JS
    page.send("Emulation.setScriptExecutionDisabled", {"value": False})
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    printed = page.evaluate("""(() => ({
      topbar: getComputedStyle(document.querySelector('.topbar')).display,
      notes: getComputedStyle(document.querySelector('.notes')).position,
      columns: getComputedStyle(document.querySelector('.workspace')).display,
    }))()""")
    assert printed == {"topbar": "none", "notes": "static", "columns": "block"}
    pdf = base64.b64decode(
        page.send("Page.printToPDF", {"printBackground": True}, timeout=60)["data"]
    )
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_screenshot_for_the_readme(browser, example_page):
    page = browser.open_page(width=1280, height=900)
    page.goto(example_page.as_uri())
    page.press("k")  # the last finding selected, with its tooltip below the other highlights
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(SCREENSHOT, full_page=True)
    assert SCREENSHOT.stat().st_size > 50_000


CONTRAST = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("draft", ["examples/draft.md", "tests/fixtures/review-mixed.md"])
def test_text_contrast_meets_wcag_aa(browser, linter, tmp_path, draft):
    page_file = write_page(linter, (ROOT / draft).read_text(encoding="utf-8"), draft, tmp_path)
    page = browser.open_page()
    page.goto(page_file.as_uri())
    assert page.evaluate(CONTRAST) == []
    page.press("j")  # the tooltip too
    assert page.evaluate(CONTRAST) == []


def test_index_page_contrast_and_links(browser, linter, tmp_path):
    from pathlib import PurePosixPath

    from prelimlint.report.html import site_pages, write_site

    texts = {
        name: (ROOT / name).read_text(encoding="utf-8")
        for name in ("examples/draft.md", "tests/fixtures/review-mixed.md")
    }
    reports = [linter.lint_text(text, name) for name, text in texts.items()]
    names = [PurePosixPath("draft.html"), PurePosixPath("fixtures/mixed.html")]
    write_site(site_pages(reports, names, linter.ruleset, NOW), tmp_path)
    page = browser.open_page()
    page.goto((tmp_path / "index.html").as_uri())
    assert page.evaluate(CONTRAST) == []
    links = page.evaluate("[...document.querySelectorAll('table.drafts a')].map(a => a.href)")
    assert links == [
        (tmp_path / "draft.html").as_uri(),
        (tmp_path / "fixtures" / "mixed.html").as_uri(),
    ]
