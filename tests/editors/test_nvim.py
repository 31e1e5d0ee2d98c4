"""Neovim + the plugin in lsp/nvim/ against the language server, in a real headless Neovim.

Runs against every Neovim found: Debian's 0.7 (start_client path), a current one from
.ci/editors/install-neovim.sh (vim.lsp.start path, and vim.lsp.enable("prelimlint") on 0.11+).
The server command comes from PRELIMLINT_LSP_CMD (default "prelimlint lsp").
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from editors_support import (
    EDITORS_HOME,
    FIXTURES,
    HERE,
    REPO,
    locate,
    make_workspace,
    missing,
    require_server,
)

pytestmark = [pytest.mark.editors, pytest.mark.slow]

# --- Expectations: adjust these to the real rule pack -----------------------------------
# Every code here must be among the diagnostics of fixtures/draft.md.
EXPECTED_CODES = {"unsafe.internal-host", "speculation.root-cause"}
# (code, text the diagnostic's range starts at): line and byte column come from the draft.
# The second host sits after an emoji and an 'ë', so its byte, UTF-16 and code-point
# columns all differ: Neovim must have converted the server's UTF-16 column to bytes.
EXPECTED_AT = [
    ("unsafe.internal-host", "db-primary.prod.internal"),
    ("unsafe.internal-host", "cache-01.corp.internal"),
]
EXPECTED_SEVERITY = {"unsafe.internal-host": 1}  # vim.diagnostic.severity: 1 error, 2 warn, 3 info
HOVER_AT = "db-primary.prod.internal"  # hover here must return some Markdown mentioning the code
ACTION_CODE = "unsafe.internal-host"
ACTION_AT = "db-primary.prod.internal"
ACTION_TITLE = f"Disable {ACTION_CODE} for this line"
ACTION_INSERTS = f"<!-- prelimlint-disable-next-line {ACTION_CODE} -->"
TEXT_EXPECTED_CODES = {"unsafe.internal-host"}  # for fixtures/draft.txt (filetype "text")
SETTINGS: dict[str, object] = {}  # sent to the server as {"prelimlint": SETTINGS}
TIMEOUT_MS = int(os.environ.get("PRELIMLINT_EDITOR_TIMEOUT_MS", "30000"))
SETTLE_MS = 300
# ------------------------------------------------------------------------------------------

PLUGIN_DIR = REPO / "lsp" / "nvim"
DRIVER = HERE / "nvim" / "driver.lua"
INSTALL_HINT = "`bash .ci/editors/install-neovim.sh` (or set PRELIMLINT_NVIM_BINS)"


def _nvim_binaries() -> list[str]:
    listed = os.environ.get("PRELIMLINT_NVIM_BINS")
    if listed:
        return [b for b in listed.split(os.pathsep) if b]
    found = [shutil.which("nvim"), str(EDITORS_HOME / "nvim-new" / "bin" / "nvim")]
    unique: list[str] = []
    for binary in found:
        if (
            binary
            and os.access(binary, os.X_OK)
            and os.path.realpath(binary) not in map(os.path.realpath, unique)
        ):
            unique.append(binary)
    return unique


def _version(binary: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [binary, "--version"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"NVIM v(\d+)\.(\d+)", out)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _cases() -> list:
    cases = []
    for binary in _nvim_binaries():
        version = _version(binary)
        if version is None:
            continue
        label = f"nvim{version[0]}.{version[1]}"
        cases.append(pytest.param(binary, "setup", id=f"{label}-setup"))
        if version >= (0, 11):
            cases.append(pytest.param(binary, "enable", id=f"{label}-lsp.enable"))
    return cases or [pytest.param(None, "setup", id="nvim-missing")]


def _run_nvim(binary: str, mode: str, tmp_path: Path, workspace: Path, cmd: list[str]) -> dict:
    out = tmp_path / "result.json"
    params = {
        "mode": mode,
        "cmd": cmd,
        "settings": SETTINGS,
        "plugin_dir": str(PLUGIN_DIR),
        "file": str(workspace / "draft.md"),
        "text_file": str(workspace / "draft.txt"),
        "expect_codes": sorted(EXPECTED_CODES),
        "text_expect_codes": sorted(TEXT_EXPECTED_CODES),
        "hover_anchor": HOVER_AT,
        "action_anchor": ACTION_AT,
        "action_title": ACTION_TITLE,
        "action_code": ACTION_CODE,
        "timeout_ms": TIMEOUT_MS,
        "settle_ms": SETTLE_MS,
        "out": str(out),
    }
    env = dict(os.environ, PRELIMLINT_NVIM_TEST=json.dumps(params))
    for xdg in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{xdg}_HOME"] = str(tmp_path / "xdg" / xdg.lower())
    env.pop("NVIM", None)
    env.pop("VIMINIT", None)
    argv = [
        binary,
        "--headless",
        "-n",
        "-i",
        "NONE",
        "--noplugin",
        "-u",
        "NONE",
        "-c",
        f"luafile {DRIVER}",
    ]
    proc = subprocess.run(
        argv,
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_MS / 1000 * 4 + 30,
    )
    result = json.loads(out.read_text()) if out.exists() else {}
    result["_exit"] = proc.returncode
    result["_stderr"] = proc.stderr[-4000:]
    logs = sorted((tmp_path / "xdg").rglob("lsp.log"))
    result["_lsp_log"] = logs[0].read_text(errors="replace")[-6000:] if logs else ""
    return result


@pytest.mark.parametrize(("binary", "mode"), _cases())
def test_neovim_client(binary: str | None, mode: str, tmp_path: Path) -> None:
    if binary is None:
        missing("Neovim (nvim)", INSTALL_HINT)
    cmd = require_server()
    workspace = make_workspace(tmp_path)
    draft = FIXTURES / "draft.md"
    result = _run_nvim(binary, mode, tmp_path, workspace, cmd)
    context = (
        f"\nexit={result['_exit']} error={result.get('error')}\nstderr:\n{result['_stderr']}"
        f"\nlsp.log (tail):\n{result['_lsp_log']}"
    )
    assert result.get("done"), f"the Neovim driver did not finish{context}"
    steps = result["steps"]

    opened = steps["open"]
    assert opened["filetype"] == "markdown"
    assert "prelimlint" in opened["clients"], f"client not attached: {opened['clients']}{context}"
    for field in ("init_options", "settings"):  # must be {"prelimlint": {...}}, never [] for {}
        sent = json.loads(opened["sent"][field])
        assert isinstance(sent, dict) and isinstance(sent.get("prelimlint"), dict), (field, sent)
        assert sent["prelimlint"] == SETTINGS, (field, sent)
    diagnostics = opened["diagnostics"]
    codes = {d["code"] for d in diagnostics}
    assert codes >= EXPECTED_CODES, f"expected codes {EXPECTED_CODES}, got {codes}{context}"
    assert {d["source"] for d in diagnostics} == {"prelimlint"}
    for code, text in EXPECTED_AT:
        at = locate(draft, text)
        starts = {(d["lnum"], d["col"]) for d in diagnostics if d["code"] == code}
        assert (at.line, at.byte_col) in starts, (
            f"{code} expected at line {at.line} byte column {at.byte_col} ({text!r}); "
            f"{code} found at {sorted(starts)}"
        )
    for code, severity in EXPECTED_SEVERITY.items():
        assert {d["severity"] for d in diagnostics if d["code"] == code} == {severity}

    contents = steps["hover"].get("contents")
    assert contents, f"no hover at {HOVER_AT!r}: {steps['hover']}{context}"
    hover_text = contents["value"] if isinstance(contents, dict) else json.dumps(contents)
    assert ACTION_CODE in hover_text or HOVER_AT in hover_text, hover_text

    action = steps["code_action"]
    assert action["offered"] and ACTION_TITLE in action["offered"], (
        f"{ACTION_TITLE!r} not offered; offered: {action['offered']}{context}"
    )
    assert action["chosen"] == ACTION_TITLE
    assert action["buffer_changed"], "applying the code action did not change the buffer"
    lines = action["lines"]
    at = locate(draft, ACTION_AT)
    assert lines[at.line].strip() == ACTION_INSERTS, lines[at.line - 1 : at.line + 2]
    assert ACTION_AT in lines[at.line + 1]
    assert action["diagnostic_gone"], (
        f"{ACTION_CODE} still reported on the disabled line: "
        f"{[d for d in action['diagnostics'] if d['code'] == ACTION_CODE]}"
    )

    text = steps["text"]
    assert text["filetype"] == "text"
    assert "prelimlint" in text["clients"], f"client not attached to a text buffer{context}"
    text_codes = {d["code"] for d in text["diagnostics"]}
    assert text_codes >= TEXT_EXPECTED_CODES, f"text buffer: got {text_codes}{context}"
