"""``prelimlint lsp --tcp HOST:PORT`` serves one client over a socket (for debugging)."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.asyncio
async def test_tcp_server_lints_and_exits_cleanly():
    port = _free_port()
    command = [sys.executable, "-m", "prelimlint", "lsp", "--tcp", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.1)
        else:
            pytest.fail("the server did not listen")

        def send(message: dict) -> None:
            body = json.dumps(message).encode()
            writer.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)

        async def receive() -> dict:
            header = await reader.readuntil(b"\r\n\r\n")
            length = int(header.split(b":", 1)[1].split(b"\r\n", 1)[0])
            return json.loads(await reader.readexactly(length))

        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        initialized = await asyncio.wait_for(receive(), 60)
        assert initialized["result"]["serverInfo"]["name"] == "prelimlint"
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        text = "It was caused by a deploy.\n"
        item = {"uri": "untitled:draft", "languageId": "markdown", "version": 1, "text": text}
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}})
        while True:
            message = await asyncio.wait_for(receive(), 120)
            if message.get("method") == "textDocument/publishDiagnostics":
                break
        assert "speculation.root-cause" in [d["code"] for d in message["params"]["diagnostics"]]
        send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        while (await asyncio.wait_for(receive(), 30)).get("id") != 2:
            pass
        send({"jsonrpc": "2.0", "method": "exit"})
        assert server.wait(timeout=30) == 0
        assert server.stdout.read() == b""  # the socket carries the protocol; stdout stays empty
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
