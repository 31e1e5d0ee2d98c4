"""The real command line: exit codes, formats, stdin, errors as one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import shared_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = (shared_corpus() or ROOT / "missing-corpus") / "dev" / "docs"
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "output.schema.json").read_text())
CLEAN = """---
resolved_at: 2026-04-12T14:51:00Z
published_at: 2026-04-13T09:30:00Z
---
# Preliminary Analysis

Internal only: do not forward this document to customers.

## Impact
Customers in the EU could not complete checkout between 14:00 and 14:50 UTC.

## Timeline
Detected around 14:02 UTC; resolved around 14:51 UTC.

## What customers can do
If a customer still sees a failed payment, they should retry and contact Support.

## How service was restored
Engineers moved checkout traffic to standby capacity and replayed held payments.

## Monitoring
The on-call team is watching checkout error rates around the clock this week.

## What comes next
The investigation continues; the postmortem will follow.
"""


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "prelimlint", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=300,
    )


def test_clean_draft_exits_0(tmp_path):
    draft = tmp_path / "clean.md"
    draft.write_text(CLEAN, encoding="utf-8")
    result = run("check", "--isolated", str(draft))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found in 1 file." in result.stdout


def test_findings_exit_1_with_text_format_and_caret(tmp_path):
    draft = tmp_path / "bad.md"
    draft.write_text(
        CLEAN.replace(
            "replayed held payments.", "replayed held payments. It was caused by a bad deploy."
        ),
        encoding="utf-8",
    )
    result = run("check", "--isolated", str(draft))
    assert result.returncode == 1
    line = [row for row in result.stdout.splitlines() if "[speculation.root-cause]" in row][0]
    assert line.startswith(f"{draft}:19:")
    assert ": error [speculation.root-cause] " in line
    assert "^^^^^^^^^" in result.stdout
    assert "\x1b[" not in result.stdout  # no colours when not a terminal


def test_fail_on_threshold(tmp_path):
    draft = tmp_path / "warn.md"
    draft.write_text(
        CLEAN.replace("around the clock", "around the clock; see OPS-1234"), encoding="utf-8"
    )
    assert run("check", "--isolated", str(draft)).returncode == 0  # a warning only
    assert run("check", "--isolated", "--fail-on", "warning", str(draft)).returncode == 1


def test_stdin(tmp_path):
    result = run(
        "check",
        "--isolated",
        "--format",
        "json",
        "-",
        stdin="The outage was caused by a bad deploy.\n",
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "<stdin>"


def test_usage_config_and_input_errors_exit_2_with_one_line(tmp_path):
    missing = run("check", str(tmp_path / "nope.md"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("check", "--isolated", str(binary))
    assert result.returncode == 2
    assert f"prelimlint: {binary}: binary file, not a text draft" in result.stderr.splitlines()
    config = tmp_path / ".prelimlint.yaml"
    config.write_text("selct: [unsafe]\n", encoding="utf-8")
    draft = tmp_path / "d.md"
    draft.write_text("Text.\n", encoding="utf-8")
    result = run("check", str(draft))
    assert result.returncode == 2
    assert f"{config}:1: unknown setting 'selct' (did you mean 'select'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_rule_folder_exits_2(tmp_path):
    rules = tmp_path / "rules" / "style"
    rules.mkdir(parents=True)
    (rules / "x.yml").write_text("id: style.x\nkind: [\n", encoding="utf-8")
    draft = tmp_path / "d.md"
    draft.write_text("Text.\n", encoding="utf-8")
    result = run("check", "--isolated", "--rules", str(tmp_path / "rules"), str(draft))
    assert result.returncode == 2
    assert f"{rules / 'x.yml'}:3: invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not next to the project")
def test_json_output_on_the_corpus_follows_the_contract():
    result = run("check", "--isolated", "--format", "json", str(CORPUS))
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert len(data["files"]) == len(list(CORPUS.glob("*.md")))
    assert all(d["line"] >= 1 for f in data["files"] for d in f["diagnostics"])


def test_folders_are_walked_for_drafts(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "a" / "two.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "a" / "skip.py").write_text("x = 1\n", encoding="utf-8")
    result = run("check", "--isolated", "--format", "json", str(tmp_path))
    paths = sorted(Path(f["path"]).name for f in json.loads(result.stdout)["files"])
    assert paths == ["one.md", "two.txt"]


def test_rules_and_explain_do_not_import_spacy():
    code = (
        "import sys; from prelimlint.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('SPACY' if 'spacy' in sys.modules else 'NOSPACY', file=sys.stderr)\n"
    )
    for args in (["--help"], ["rules"], ["explain", "speculation.root-cause"]):
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert result.stderr.strip().endswith("NOSPACY"), (args, result.stderr)


def test_rules_table_and_explain():
    table = run("rules")
    assert table.returncode == 0
    assert any(
        row.startswith("unsafe.person-name") and row.rstrip().endswith("ner")
        for row in table.stdout.splitlines()
    )
    explained = run("explain", "speculation.root-cause")
    assert "Why:" in explained.stdout and "Bad:" in explained.stdout and "Good:" in explained.stdout
    unknown = run("explain", "speculation.root-caus")
    assert unknown.returncode == 2 and "did you mean 'speculation.root-cause'" in unknown.stderr
