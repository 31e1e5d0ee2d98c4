"""Shared helpers for the real-editor tests (Neovim, VS Code via code-server)."""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURES = HERE / "fixtures"
EDITORS_HOME = Path(os.environ.get("PRELIMLINT_EDITORS_HOME", "/tmp/prelimlint-editors"))


def server_command() -> list[str]:
    """The command that starts the language server (env PRELIMLINT_LSP_CMD; default: this
    Python's ``-m prelimlint lsp``, so the tests use the prelimlint they run with)."""
    default = f"{shlex.quote(sys.executable)} -m prelimlint lsp"
    return shlex.split(os.environ.get("PRELIMLINT_LSP_CMD", default))


def missing(what: str, install_hint: str) -> None:
    """Skip outside CI; under CI (env CI set) a missing editor is a failure."""
    message = f"{what} is not installed; run {install_hint}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so this is an error, not a skip)")
    pytest.skip(message)


def require_server() -> list[str]:
    cmd = server_command()
    if not shutil.which(cmd[0]):
        missing(
            f"the language server command {cmd[0]!r} (PRELIMLINT_LSP_CMD)",
            "`pip install -e .` or set PRELIMLINT_LSP_CMD",
        )
    return cmd


@dataclass(frozen=True)
class Anchor:
    """Where `text` first occurs in a file: 0-based line, byte and UTF-16 columns."""

    line: int
    byte_col: int
    utf16_col: int


def locate(path: Path, text: str) -> Anchor:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        index = line.find(text)
        if index >= 0:
            prefix = line[:index]
            return Anchor(number, len(prefix.encode("utf-8")), len(prefix.encode("utf-16-le")) // 2)
    raise AssertionError(f"{text!r} not found in {path}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_workspace(tmp_path: Path) -> Path:
    """A fresh folder with the draft fixtures in it (no config file: server defaults apply)."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    for name in ("draft.md", "draft.txt"):
        shutil.copy(FIXTURES / name, workspace / name)
    return workspace
