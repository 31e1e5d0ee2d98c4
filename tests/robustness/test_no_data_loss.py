"""No data loss: ``--fix`` changes only the spans its fixes report, a second ``--fix`` is a
no-op, and nothing but ``--fix`` ever writes a draft.

The built-in rules have no safe fixes (a rewrite of what a report says is the writer's call),
so the property tests use synthetic rules whose fixes are safe: a replacement of the match,
a replacement of the whole sentence, one that overlaps another, one that deletes.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prelimlint import Linter
from prelimlint.config import Config
from prelimlint.fixes import fix_text

from .inputs import EXAMPLE, run_measured

RULE = """id: style.{name}
category: style
severity: warning
kind: regex
summary: A synthetic rule with a safe fix.
message: "'{{match}}' should change."
rationale: The no-data-loss tests need safe fixes.
patterns: ['{pattern}']
fix:
  replace: "{replace}"
  scope: {scope}
  safe: true
examples:
  bad: [x]
  good: [y]
"""
RULES = {  # name: (RE2 pattern, replacement, scope)
    "utc": (r"\bCoordinated Universal Time\b", "UTC", "match"),
    "first": ("foo bar", "X", "match"),
    "second": ("bar baz", "Y", "match"),  # overlaps 'first'
    "third": ("X baz", "Z", "match"),  # only after 'first' was applied
    "drop": (r" +very\b", "", "match"),  # deletes
    "tbd": (r"\bTBD\b", "To be confirmed.", "sentence"),  # replaces the sentence around it
}
_FOLDER = Path(tempfile.mkdtemp(prefix="prelimlint-fix-rules-"))
for _name, (_pattern, _replace, _scope) in RULES.items():
    (_FOLDER / "style").mkdir(exist_ok=True)
    (_FOLDER / "style" / f"{_name}.yml").write_text(
        RULE.format(name=_name, pattern=_pattern, replace=_replace, scope=_scope), encoding="utf-8"
    )
SELECT = ",".join(f"style.{name}" for name in RULES)
_LINTERS: list[Linter] = []


def _linter() -> Linter:
    if not _LINTERS:
        _LINTERS.append(Linter(Config(extra_rules=(_FOLDER,), select=tuple(SELECT.split(",")))))
    return _LINTERS[0]


PIECES = st.sampled_from(
    [
        "Coordinated Universal Time",
        "foo bar baz",
        "foo bar",
        "bar baz",
        " very",
        "very",
        "TBD",
        "TBD.",
        "X baz",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        ". ",
        "# ",
        "- ",
        "> ",
        "**",
        "`",
        "<!-- prelimlint-disable -->",
        "<!-- prelimlint-disable-next-line style.utc -->\n",
        "😀",
        "é",
        "\u0301",
        "\u05d0",
        "\t",
        "14:05",
    ]
)
DRAFTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outside(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The pieces of ``text`` around the union of ``spans`` (one more piece than intervals)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return pieces


@given(DRAFTS)
@SETTINGS
def test_one_fix_pass_changes_nothing_outside_the_reported_fix_spans(text):
    linter = _linter()
    first = linter.lint_text(text, "draft.md")
    spans = [(d.fix.span.start, d.fix.span.end) for d in first.diagnostics if d.fix and d.fix.safe]
    fixed = fix_text(text, lambda current: linter.lint_text(current, "draft.md"), max_passes=1).text
    if not spans:
        assert fixed == text
        return
    # the text outside the fix spans must survive, in order, with anything in between
    pattern = "(?s)" + "(.*?)".join(re.escape(piece) for piece in _outside(text, spans))
    assert re.fullmatch(pattern, fixed), (text, spans, fixed)


@given(DRAFTS)
@SETTINGS
def test_fixing_a_fixed_text_changes_nothing(text):
    linter = _linter()
    lint = lambda current: linter.lint_text(current, "draft.md")  # noqa: E731
    once = fix_text(text, lint)
    if not once.settled:
        return  # fixes still pending after MAX_PASSES: a second run is expected to continue
    twice = fix_text(once.text, lint)
    assert twice.text == once.text and twice.applied == 0


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int, int]]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[str(path.relative_to(folder))] = (
                path.read_bytes(),
                stat.st_mtime_ns,
                stat.st_ino,
                stat.st_mode,
            )
    return found


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "text"],
        ["--format", "json"],
        ["--format", "sarif"],
        ["--format", "github"],
        ["--format", "junit"],
        ["--format", "html"],
        ["--diff"],
        ["-j", "2"],
    ],
)
def test_checking_never_writes_a_draft(tmp_path, extra):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.md").write_text(
        EXAMPLE.replace("UTC", "Coordinated Universal Time"), encoding="utf-8"
    )
    (drafts / "b.txt").write_bytes(
        b"\xff\xfe" + "Fixed at TBD. foo bar baz\r\n".encode("utf-16-le")
    )
    for path in drafts.iterdir():
        path.chmod(0o444)
    before = _snapshot(drafts)
    result = run_measured(
        ["check", "--isolated", "--rules", str(_FOLDER), *extra, str(drafts)], timeout=180
    )
    assert result.code in (0, 1), result.err
    assert _snapshot(drafts) == before  # same bytes, same mtime, same inode, still read-only


def test_fix_writes_atomically_keeps_the_mode_and_a_second_run_is_a_no_op(tmp_path):
    draft = tmp_path / "draft.md"
    original = (
        EXAMPLE.replace("UTC", "Coordinated Universal Time")
        + "\nIt was foo bar baz and very TBD here.\n"
    )
    draft.write_text(original, encoding="utf-8", newline="\r\n")
    draft.chmod(0o640)
    inode = draft.stat().st_ino
    untouched = tmp_path / "clean.md"
    untouched.write_text("Nothing to fix here.\n", encoding="utf-8")
    clean_before = _snapshot(tmp_path)["clean.md"]
    args = [
        "check",
        "--isolated",
        "--rules",
        str(_FOLDER),
        "--select",
        SELECT,
        "--fix",
        str(draft),
        str(untouched),
    ]
    first = run_measured(args, timeout=180)
    assert first.code == 0, first.err
    fixed = draft.read_bytes()
    assert b"Coordinated Universal Time" not in fixed and b"UTC" in fixed and b"\r\n" in fixed
    assert draft.stat().st_ino != inode  # replaced by rename: never a half-written file
    assert oct(draft.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "clean.md",
        "draft.md",
    ]  # no temporary file left
    assert _snapshot(tmp_path)["clean.md"] == clean_before
    stamp = draft.stat().st_mtime_ns
    second = run_measured(args, timeout=180)
    assert second.code == 0 and "fixed" not in second.err, second.err
    assert draft.read_bytes() == fixed and draft.stat().st_mtime_ns == stamp
