"""Bad input through the real CLI: findings or one line naming the file, never a traceback,
and bounded time and memory.

The full-size numbers come from ``python -m tests.robustness.measure`` (README, "Robustness
and fuzzing"); CI runs the large classes at the smaller ``ci`` sizes of ``inputs.LARGE``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prelimlint import Linter
from prelimlint.config import DEFAULT_MAX_FILE_SIZE, Config, parse_config
from prelimlint.errors import ConfigError, InputError
from prelimlint.positions import LineIndex

from .inputs import LARGE, READABLE, UNREADABLE, UNREADABLE_LINES, run_measured

# Generous bounds for a loaded 2-core machine at the CI sizes; measured values are in the README.
MAX_SECONDS = 90
MAX_PEAK_MB = 600


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err
    for line in err.splitlines():
        assert line.startswith("prelimlint: "), f"not a one-line message: {line!r}"


def test_readable_drafts_get_findings_and_no_traceback(tmp_path):
    paths = []
    for name, make in READABLE.items():
        path = tmp_path / name
        path.write_bytes(make())
        paths.append(path)
    result = run_measured(
        ["check", "--isolated", "--format", "json", *map(str, paths)], timeout=300, cwd=tmp_path
    )
    assert result.code == 1, result.err  # every draft misses required sections
    _no_traceback(result.err)
    assert all(" note: " in line for line in result.err.splitlines()), result.err
    files = {
        Path(entry["path"]).name: entry["diagnostics"] for entry in json.loads(result.out)["files"]
    }
    assert set(files) == set(READABLE)
    for path in paths:
        raw = path.read_bytes()
        text = (
            raw.decode("utf-16")
            if raw.startswith((b"\xff\xfe", b"\xfe\xff"))
            else raw.decode("utf-8-sig")
        )
        lines = LineIndex(text).line_count
        for diagnostic in files[path.name]:
            assert 1 <= diagnostic["line"] <= diagnostic["end_line"] <= lines, (
                path.name,
                diagnostic,
            )
    unreadable_front = {
        name
        for name, found in files.items()
        if any(d["rule"] == "timing.front-matter-unreadable" for d in found)
    }
    assert unreadable_front == {
        "front-matter-unterminated.md",
        "front-matter-list.md",
        "front-matter-scalar.md",
        "front-matter-invalid-yaml.md",
        "front-matter-deep.md",
    }
    bad_dates = {d["rule"] for d in files["front-matter-bad-dates.md"]}
    assert {"timing.timestamp-format", "timing.timestamp-zone"} <= bad_dates
    assert not (tmp_path / "prelimlint-was-here").exists()  # YAML tags never run code


def test_unreadable_files_are_one_line_each_and_exit_2(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(READABLE["crlf.md"]().decode("utf-8"), encoding="utf-8", newline="")
    paths = [good]
    for name, (make, _) in UNREADABLE.items():
        (tmp_path / name).write_bytes(make())
        paths.append(tmp_path / name)
    result = run_measured(["check", "--isolated", *map(str, paths)], timeout=120)
    assert result.code == 2
    _no_traceback(result.err)
    errors = [line for line in result.err.splitlines() if " note: " not in line]
    assert len(errors) == len(UNREADABLE), result.err
    for name, (_, problem) in UNREADABLE.items():
        where = f"prelimlint: {tmp_path / name}:" + (
            f"{UNREADABLE_LINES[name]}:" if name in UNREADABLE_LINES else ""
        )
        assert any(line.startswith(where) and problem in line for line in errors), (name, errors)
    assert f"{good}:" in result.out  # the readable draft was still linted


@pytest.mark.parametrize("large", LARGE, ids=[large.name for large in LARGE])
def test_large_drafts_finish_in_bounded_time_and_memory(tmp_path, large):
    path = tmp_path / large.name
    path.write_text(large.make(large.ci), encoding="utf-8")
    result = run_measured(
        ["check", "--isolated", "--format", "json", str(path)], timeout=MAX_SECONDS * 2
    )
    assert result.code in (0, 1), result.err
    _no_traceback(result.err)
    assert json.loads(result.out)["files"][0]["path"] == str(path)
    assert result.seconds < MAX_SECONDS, f"{large.name}: {result.seconds:.1f} s"
    assert result.peak_mb < MAX_PEAK_MB, f"{large.name}: {result.peak_mb:.0f} MB"


def test_a_draft_past_the_size_limit_is_refused_fast(tmp_path):
    path = tmp_path / "huge.md"
    path.write_bytes(UNREADABLE["too-large.md"][0]())
    result = run_measured(["check", "--isolated", str(path)], timeout=60)
    assert result.code == 2
    assert (
        result.err.strip()
        .splitlines()[-1]
        .startswith(f"prelimlint: {path}: too large to be a draft (")
    )
    assert result.seconds < 30 and result.peak_mb < 300, (result.seconds, result.peak_mb)
    config = tmp_path / ".prelimlint.yaml"
    config.write_text("max-file-size: 30000000\nselect: [style.long-report]\n", encoding="utf-8")
    allowed = run_measured(["check", "--config", str(config), str(path)], timeout=300)
    assert allowed.code in (0, 1), allowed.err  # raised limit: read and linted (one cheap rule)


def test_the_library_refuses_text_past_the_limit_and_honours_zero(linter):
    assert linter.config.max_file_size == DEFAULT_MAX_FILE_SIZE
    with pytest.raises(
        InputError, match=r"^draft\.md: too large to be a draft \(250,001 characters"
    ):
        linter.lint_text("x" * (DEFAULT_MAX_FILE_SIZE + 1), "draft.md")
    small = Linter(Config(max_file_size=10, select=("style.long-report",)))
    with pytest.raises(InputError, match="<stdin>: too large"):
        small.lint_text("eleven char")
    unlimited = Linter(Config(max_file_size=0, select=("style.long-report",)))
    assert unlimited.lint_text("word " * 300_000).diagnostics is not None


@pytest.mark.parametrize("value", [-1, "1MB", True, 1.5])
def test_max_file_size_must_be_a_count_of_characters(value):
    with pytest.raises(ConfigError, match="'max-file-size' must be a number of characters"):
        parse_config({"max-file-size": value}, Path("cfg.yaml"))
