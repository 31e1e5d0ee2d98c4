"""A bare JSON-RPC client for ``prelimlint lsp`` over stdio: raw bytes in, messages out.

The typed client of the language-server tests (pytest-lsp) validates what it sends; abuse
needs the wire itself: broken framing, broken JSON, requests for unknown methods, a client
that vanishes mid-request. It also knows the server's process, for its memory and exit code.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

SERVER = [sys.executable, "-m", "prelimlint", "lsp"]


class Wire:
    def __init__(self, *args: str, env: dict | None = None) -> None:
        self.process = subprocess.Popen(
            [*SERVER, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
        self.messages: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        self.stderr: list[bytes] = []
        self._ids = iter(range(1, 10**9))
        self.peak_mb: float | None = None
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(
            target=lambda: self.stderr.extend(self.process.stderr), daemon=True
        ).start()

    # ------------------------------------------------------------ sending

    def write(self, data: bytes) -> None:
        """Bytes as they are: framing (or the lack of it) included."""
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def raw(self, body: bytes) -> None:
        self.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)

    def send(self, message: dict) -> None:
        self.raw(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"method": method, "params": params})

    def request(
        self, method: str, params: Any = None, *, wait: bool = True, timeout: float = 60
    ) -> dict | int:
        number = next(self._ids)
        self.send({"id": number, "method": method, "params": params})
        return self.answer(number, timeout) if wait else number

    # ------------------------------------------------------------ receiving

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length)))

    def _take(self, timeout: float) -> dict | None:
        """The next message (None after ``timeout``); the server's own requests are answered."""
        try:
            message = self.messages.get(timeout=max(timeout, 0))
        except queue.Empty:
            return None
        self.seen.append(message)
        if message.get("method") == "workspace/configuration" and "id" in message:
            self.send({"id": message["id"], "result": [None] * len(message["params"]["items"])})
        elif message.get("method") in (
            "client/registerCapability",
            "window/workDoneProgress/create",
        ):
            self.send({"id": message["id"], "result": None})
        return message

    def wait_for(self, test, timeout: float = 60) -> dict:
        """The first message (seen before or arriving now) for which ``test`` is true."""
        for message in self.seen:
            if test(message):
                return message
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._take(deadline - time.monotonic())
            if message is not None and test(message):
                return message
        raise TimeoutError(f"no such message from the server within {timeout} s")

    def drain(self, quiet: float) -> None:
        """Take messages until none came for ``quiet`` seconds."""
        while self._take(quiet) is not None:
            pass

    def answer(self, number: int, timeout: float = 60) -> dict:
        return self.wait_for(lambda m: m.get("id") == number and "method" not in m, timeout)

    def published(self, uri: str, version: int | None = None, timeout: float = 120) -> dict:
        return self.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and (version is None or m["params"].get("version") == version)
            ),
            timeout,
        )["params"]

    # ------------------------------------------------------------ the session

    def initialize(self, root: Path | None = None) -> dict:
        """The initialize result. Without a ``root`` the server loads no rules until a draft opens."""
        answer = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri() if root else None,
                "capabilities": {
                    "textDocument": {"publishDiagnostics": {"versionSupport": True}},
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        return answer["result"]

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "markdown",
                    "version": version,
                    "text": text,
                }
            },
        )
        return uri

    def change(self, uri: str, version: int, changes: list[dict]) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes},
        )

    def publications(self, uri: str) -> list[dict]:
        """Every publishDiagnostics for ``uri`` taken so far, in order."""
        return [
            m["params"]
            for m in self.seen
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        ]

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def wait(self, timeout: float) -> int:
        """The server's exit code, once it exits by itself; its peak RSS goes to ``peak_mb``."""
        if self.process.returncode is not None:
            return self.process.returncode
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.peak_mb = usage.ru_maxrss / 1024
                self.process.returncode = os.waitstatus_to_exitcode(status)
                return self.process.returncode
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(SERVER, timeout)
            time.sleep(0.02)

    def stop(self) -> int:
        """shutdown + exit; the server's exit code."""
        self.request("shutdown")
        self.notify("exit")
        return self.wait(30)

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            self.wait(30)

    def errors(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")


def edit(line: int, character: int, end_line: int, end_character: int, text: str) -> dict:
    return {
        "range": {
            "start": {"line": line, "character": character},
            "end": {"line": end_line, "character": end_character},
        },
        "text": text,
    }
