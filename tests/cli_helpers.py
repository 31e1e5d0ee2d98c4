"""Running the real ``prelimlint`` command in-process (fast) or as a subprocess (exact)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from prelimlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"


@dataclass
class Result:
    code: int
    out: str
    err: str


def invoke(*args: str, cwd: Path | None = None) -> Result:
    """``prelimlint ARGS`` through ``cli.main`` (the entry point), capturing output and exit code."""
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exit_:
                code = (
                    exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                )
    finally:
        os.chdir(previous)
    return Result(code, out.getvalue(), err.getvalue())


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None, env: dict | None = None
) -> Result:
    """``python -m prelimlint ARGS`` in a subprocess."""
    done = subprocess.run(
        [sys.executable, "-m", "prelimlint", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=600,
        env=env,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
