"""Batch runs: -j N gives the same report as -j 1, in the same order; the progress bar."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys

import pytest

from .cli_helpers import CORPUS, ROOT, run, write


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not next to the project")
def test_two_workers_give_the_same_report_as_one(tmp_path):
    drafts = tmp_path / "drafts"
    shutil.copytree(CORPUS, drafts)
    # per-folder configuration must reach the workers too
    write(drafts / "nested" / ".prelimlint.yaml", "ignore: [structure]\n")
    shutil.copy(CORPUS / "02-concert-ticketing-queue.md", drafts / "nested" / "copy.md")
    (tmp_path / ".git").mkdir()
    one = run("check", "-j", "1", "--format", "json", str(drafts), cwd=tmp_path)
    two = run("check", "-j", "2", "--format", "json", str(drafts), cwd=tmp_path)
    assert one.code == two.code == 1, one.err + two.err
    assert one.out == two.out
    assert one.err == two.err
    assert '"structure.' not in one.out.split("nested/copy.md")[1].split('"path"')[0]


def test_worker_errors_are_one_line_with_exit_2(tmp_path):
    draft = write(tmp_path / "a.md", "Text.\n")
    write(tmp_path / "b.md", "Text.\n")
    result = run("check", "--isolated", "-j", "2", "--model", "no_such_pipeline_xyz", str(tmp_path))
    assert result.code == 2
    assert "Traceback" not in result.err and "no_such_pipeline_xyz" in result.err
    binary = tmp_path / "c.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    result = run("check", "--isolated", "-j", "2", "--format", "json", str(tmp_path))
    assert result.code == 2 and f"prelimlint: {binary}: binary file, not a text draft" in result.err
    assert str(draft) in result.out


def _run_with_tty_stderr(*args: str) -> str:
    """Run the CLI with stderr on a pseudo-terminal; return what the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "prelimlint", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not next to the project")
def test_progress_bar_on_a_terminal_only(tmp_path):
    for source in sorted(CORPUS.glob("*.md"))[:3]:
        shutil.copy(source, tmp_path)
    # loading the pipeline alone takes longer than the bar's delay, so even 3 files show it
    shown = _run_with_tty_stderr("check", "--isolated", str(tmp_path))
    assert "prelimlint [" in shown and "3/3 files" in shown
    assert "3/3 files\r\x1b[K" in shown  # erased at the end, before any later message
    piped = run("check", "--isolated", str(tmp_path))
    assert "prelimlint [" not in piped.err
    quiet = _run_with_tty_stderr("check", "--isolated", "--no-progress", str(tmp_path))
    assert "prelimlint [" not in quiet
