"""A short, fixed budget of the atheris fuzzer on every CI run (README: "Robustness and fuzzing").

The fuzz target raises on any crash, rule crash or out-of-text span, and libFuzzer then
stops with a non-zero exit code and the failing input; a clean run says how many ran.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 400


def test_the_fuzzer_runs_its_budget_without_a_failure(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_lint.py"), f"-atheris_runs={RUNS}", "-seed=7"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"fuzz_lint: {RUNS} inputs ran without a failure" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no crash file, no leftovers
