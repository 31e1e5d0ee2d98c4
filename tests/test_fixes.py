"""--fix and --diff through the real CLI, and the fix library underneath them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from prelimlint.fileio import write_fixed
from prelimlint.fixes import apply_fixes, choose_fixes, fix_text
from prelimlint.model import Category, Diagnostic, FileReport, Fix, Severity, Span
from prelimlint.runner import Settings, lint_files, write_fixes

from .cli_helpers import CORPUS, invoke, write

SAFE_RULE = """\
id: style.{name}
category: style
severity: warning
kind: regex
summary: A synthetic rule with a safe fix.
message: "'{{match}}' should read '{replace}'."
rationale: Tests need a rule whose mechanical fix is safe, so that --fix has something to apply.
patterns: ['{pattern}']
fix:
  replace: "{replace}"
  safe: true
examples:
  bad: [placeholder]
  good: [nothing]
"""


def rules_folder(tmp_path: Path, **rules: tuple[str, str]) -> Path:
    folder = tmp_path / "rules"
    for name, (pattern, replace) in rules.items():
        write(
            folder / "style" / f"{name}.yml",
            SAFE_RULE.format(name=name, pattern=pattern, replace=replace),
        )
    return folder


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    source = CORPUS / "01-dental-scheduling-reminders.md"
    if not source.is_file():
        pytest.skip("the shared corpus is not next to the project")
    draft = tmp_path / "drafts" / "dental.md"
    draft.parent.mkdir()
    text = source.read_text(encoding="utf-8")
    assert text.count("13:40 UTC") == 1
    draft.write_text(
        text.replace("13:40 UTC", "13:40 Coordinated Universal Time").replace(
            "16:05 UTC", "16:05 Coordinated Universal Time"
        ),
        encoding="utf-8",
    )
    draft.chmod(0o640)
    shutil.copy(source, tmp_path / "drafts" / "untouched.md")
    return draft


def check(tmp_path, *args):
    return invoke(
        "check",
        "--isolated",
        "--select",
        "style.utc",
        "--rules",
        str(rules_folder(tmp_path, utc=(r"\bCoordinated Universal Time\b", "UTC"))),
        *args,
    )


def test_fix_on_a_copy_of_a_corpus_draft(tmp_path, corpus_copy):
    expected = corpus_copy.read_text(encoding="utf-8").replace("Coordinated Universal Time", "UTC")
    fixed_count = corpus_copy.read_text(encoding="utf-8").count("Coordinated Universal Time")
    assert fixed_count == 3
    untouched = tmp_path / "drafts" / "untouched.md"
    before = untouched.stat()
    inode = corpus_copy.stat().st_ino
    result = check(tmp_path, "--fix", str(tmp_path / "drafts"))
    assert result.code == 0, result.err  # nothing remains
    assert "No problems found in 2 files." in result.out
    assert f"fixed {corpus_copy}: {fixed_count} fixes applied" in result.err
    assert corpus_copy.read_text(encoding="utf-8") == expected
    assert oct(corpus_copy.stat().st_mode & 0o777) == oct(0o640)  # mode kept
    assert corpus_copy.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert (
        untouched.stat().st_mtime_ns == before.st_mtime_ns
        and untouched.stat().st_ino == before.st_ino
    )
    assert not [
        p for p in corpus_copy.parent.iterdir() if p.name.startswith(".")
    ]  # no temp files left
    mtime = corpus_copy.stat().st_mtime_ns
    again = check(tmp_path, "--fix", str(tmp_path / "drafts"))
    assert again.code == 0 and "fixed" not in again.err  # a second --fix is a no-op
    assert corpus_copy.stat().st_mtime_ns == mtime


def test_diff_shows_the_fixes_without_writing(tmp_path, corpus_copy):
    original = corpus_copy.read_text(encoding="utf-8")
    result = check(tmp_path, "--diff", str(corpus_copy))
    assert result.code == 1
    assert result.out.startswith(
        f"--- a/{str(corpus_copy).lstrip('/')}\n+++ b/{str(corpus_copy).lstrip('/')}\n"
    )
    assert "-- Detected: around 13:40 Coordinated Universal Time" in result.out
    assert "+- Detected: around 13:40 UTC" in result.out
    assert corpus_copy.read_text(encoding="utf-8") == original
    if shutil.which("patch"):  # the diff is a patch that produces exactly what --fix writes
        subprocess.run(["patch", "-p1", "-s", "-d", "/"], input=result.out, text=True, check=True)
        assert corpus_copy.read_text(encoding="utf-8") == original.replace(
            "Coordinated Universal Time", "UTC"
        )
    clean = check(tmp_path, "--diff", str(tmp_path / "drafts" / "untouched.md"))
    assert clean.code == 0 and clean.out == ""


def test_overlapping_fixes_settle_in_later_passes(tmp_path):
    folder = rules_folder(
        tmp_path, first=("foo bar", "X"), second=("bar baz", "Y"), third=("X baz", "Z")
    )
    draft = write(tmp_path / "d.md", "Say foo bar baz now.\n")
    args = (
        "check",
        "--isolated",
        "--rules",
        str(folder),
        "--select",
        "style.first,style.second,style.third",
    )
    result = invoke(*args, "--fix", str(draft))
    assert draft.read_text(encoding="utf-8") == "Say Z now.\n", result.err
    assert "2 fixes applied" in result.err and result.code == 0
    assert "fixed" not in invoke(*args, "--fix", str(draft)).err


def test_fix_and_diff_refuse_what_they_cannot_do(tmp_path):
    result = invoke("check", "--isolated", "--fix", "-")
    assert result.code == 2 and "--fix cannot write to standard input" in result.err
    result = invoke(
        "check", "--isolated", "--fix", "--diff", str(write(tmp_path / "d.md", "Text.\n"))
    )
    assert result.code == 2 and "not both" in result.err


def test_a_file_changed_on_disk_is_left_alone_with_a_warning(tmp_path):
    folder = rules_folder(tmp_path, utc=(r"\bCoordinated Universal Time\b", "UTC"))
    draft = write(tmp_path / "d.md", "Fixed at 14:00 Coordinated Universal Time.\n")
    settings = Settings(isolated=True, rule_folders=(folder,), select=("style.utc",), fix=True)
    results = lint_files([draft], settings)
    assert results[0].fixed == "Fixed at 14:00 UTC.\n"
    draft.write_text(
        "Someone saved a new version at 14:00 Coordinated Universal Time.\n", encoding="utf-8"
    )
    written, messages = write_fixes(results)
    assert messages == [
        f"warning: {draft}: changed on disk since it was read; not fixed (run again)"
    ]
    assert draft.read_text(encoding="utf-8").startswith("Someone saved")
    assert written[0].report is results[0].first  # the report describes the text that was read


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [
        ("utf-8", b"\xef\xbb\xbf", "\r\n"),
        ("utf-16-le", b"\xff\xfe", "\n"),
        ("utf-16-be", b"\xfe\xff", "\r\n"),
        ("utf-8", b"", "\n"),
    ],
)
def test_fixed_files_keep_their_encoding_bom_and_line_endings(tmp_path, encoding, bom, newline):
    text = f"# Title{newline}Fixed at 14:00 Coordinated Universal Time.{newline}Bye.{newline}"
    draft = tmp_path / "d.md"
    draft.write_bytes(bom + text.encode(encoding))
    assert check(tmp_path, "--fix", str(draft)).code == 0
    assert draft.read_bytes() == bom + text.replace("Coordinated Universal Time", "UTC").encode(
        encoding
    )


def test_write_fixed_writes_through_symlinks(tmp_path):
    real = write(tmp_path / "real.md", "old\n")
    link = tmp_path / "link.md"
    os.symlink(real, link)
    write_fixed(link, "old\n", "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def diagnostic(start: int, end: int, replacement: str, safe: bool = True) -> Diagnostic:
    return Diagnostic(
        "style.x",
        Category.STYLE,
        Severity.WARNING,
        "m",
        Span(start, end),
        Fix(Span(start, end), replacement, "d", safe),
    )


def test_choose_fixes_keeps_the_most_non_overlapping_safe_fixes():
    text = "0123456789"
    chosen = choose_fixes(
        text,
        [
            diagnostic(0, 6, "A"),
            diagnostic(1, 2, "B"),
            diagnostic(3, 4, "C"),
            diagnostic(5, 7, "D"),
            diagnostic(8, 9, "E", safe=False),
            diagnostic(9, 10, "9"),
        ],
    )
    assert [(f.span.start, f.replacement) for f in chosen] == [(1, "B"), (3, "C"), (5, "D")]
    assert apply_fixes(text, chosen) == "0B2C4D789"
    with pytest.raises(ValueError):
        apply_fixes(text, [diagnostic(0, 3, "x").fix, diagnostic(2, 4, "y").fix])


def test_fix_text_stops_at_the_bound_when_fixes_never_settle():
    def lint(text: str) -> FileReport:  # a fix that always re-triggers itself
        return FileReport("d.md", text, (diagnostic(0, len(text), text + "!"),))

    outcome = fix_text("a", lint, max_passes=3)
    assert (outcome.text, outcome.applied, outcome.passes, outcome.settled) == ("a!!!", 3, 3, False)
