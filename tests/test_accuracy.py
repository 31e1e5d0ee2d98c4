"""The rule pack's judgment, measured with the team's scorer on the labeled corpus.

Targets (issue 3): precision and recall >= 0.90 for speculation, unsafe, commitment and
timing on the dev drafts; structure decisions right on >= 95% of (document, element)
pairs; no error-level finding on a clean draft; on the real incident text, >= 90% of the
lines labeled as root-cause statements flagged and no finding on a line labeled safe.
The same must hold with the statistical pipeline.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import STATISTICAL_MODEL, shared_corpus

CORPUS = shared_corpus()
pytestmark = pytest.mark.skipif(
    CORPUS is None, reason="the team corpus (../shared/corpus) is not available"
)
TARGETED = ("speculation", "unsafe", "commitment", "timing")
ROOT = Path(__file__).resolve().parents[1]


def _command(model: str | None) -> str:
    command = f"{sys.executable} -m prelimlint check --isolated --format json"
    return command + (f" --model {model}" if model else "")


def _score(model: str | None, corpus_set: str) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            str(CORPUS / "score.py"),
            "--cmd",
            _command(model),
            "--set",
            corpus_set,
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _lint(model: str | None, paths: list[Path]) -> dict:
    args = _command(model).split() + [str(p) for p in paths]
    result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert result.returncode in (0, 1), result.stderr
    return {Path(f["path"]).name: f["diagnostics"] for f in json.loads(result.stdout)["files"]}


@pytest.fixture(
    scope="module",
    params=[None, pytest.param(STATISTICAL_MODEL, marks=pytest.mark.model)],
    ids=["default", "statistical"],
)
def model(request):
    if request.param:
        request.getfixturevalue(
            "model_linter"
        )  # skips (or fails under CI) when the model is missing
    return request.param


def test_dev_drafts_meet_the_targets(model):
    report = _score(model, "dev")
    summary = report["combined"]
    for category in TARGETED:
        row = summary[category]
        assert row["precision"] >= 0.90, (category, row)
        assert row["recall"] >= 0.90, (category, row)
    structure = summary["structure"]
    pairs = 7 * report["files"]
    wrong = structure["fp"] + structure["fn"]
    assert (pairs - wrong) / pairs >= 0.95, structure


def _score_extra(model: str | None, name: str) -> dict:
    """Score one of the extra labeled sets in tests/corpus with the team's scorer."""
    folder = Path(__file__).parent / "corpus" / name
    wrapper = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('score', {str(CORPUS / 'score.py')!r})\n"
        "score = importlib.util.module_from_spec(spec); spec.loader.exec_module(score)\n"
        f"score.DEV_DOCS_DIR = {str(folder / 'docs')!r}; score.DEV_LABELS_DIR = {str(folder / 'labels')!r}\n"
        "sys.exit(score.main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, "--cmd", _command(model), "--set", "dev", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", ["team-a", "team-b"])
def test_extra_labeled_sets_hold(model, name):
    report = _score_extra(model, name)
    for category in TARGETED:
        row = report["combined"][category]
        assert row["precision"] >= 0.90 and row["recall"] >= 0.90, (name, category, row)
    assert report["clean_docs"]["findings"] == 0, report["clean_docs"]


def test_no_error_on_clean_drafts(model):
    clean = []
    for label in sorted((CORPUS / "dev" / "labels").glob("*.yaml")):
        if "clean: true" in label.read_text(encoding="utf-8"):
            clean.append(CORPUS / "dev" / "docs" / f"{label.stem}.md")
    assert clean
    found = _lint(model, clean)
    errors = {
        name: [d["rule"] for d in diags if d["severity"] == "error"]
        for name, diags in found.items()
    }
    assert not any(errors.values()), errors


def test_real_incident_text(model):
    labels = [
        json.loads(line)
        for line in (CORPUS / "real" / "labels.dev.jsonl").read_text().splitlines()
        if line
    ]
    files = sorted({row["file"] for row in labels})
    found = _lint(model, [CORPUS / "real" / name for name in files])
    # structure is not labelled for these excerpts (document-level findings sit on line 1)
    flagged = {
        (name, d["line"], d["category"])
        for name, diags in found.items()
        for d in diags
        if d["category"] != "structure"
    }
    flagged_lines = {(name, line) for name, line, _ in flagged}
    causal = [r for r in labels if any(label["category"] == "speculation" for label in r["labels"])]
    hit = [r for r in causal if (r["file"], r["line"], "speculation") in flagged]
    assert len(hit) / len(causal) >= 0.90, [r["text"][:80] for r in causal if r not in hit]
    safe_flagged = [
        r["text"][:80]
        for r in labels
        if not r["labels"] and (r["file"], r["line"]) in flagged_lines
    ]
    assert not safe_flagged
