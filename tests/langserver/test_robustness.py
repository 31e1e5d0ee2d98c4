"""The server stays up: a crashing rule, malformed requests, other position encodings."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pytest_lsp import LanguageClient

from prelimlint.engine import CRASH_RULE_VARIABLE

from .conftest import (
    DRAFT,
    change,
    codes,
    initialize,
    make_workspace,
    open_draft,
    published,
    server_config,
)


@pytest_lsp.fixture(config=server_config(**{CRASH_RULE_VARIABLE: "unsafe.internal-host"}))
async def crashing(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_crashing_rule_is_one_error_and_one_message_and_the_rest_still_runs(
    crashing: LanguageClient, tmp_path: Path
):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(crashing, root=workspace)
    uri = open_draft(crashing, workspace / "draft.md", DRAFT)
    params = await published(crashing, uri, 1)
    crashed = [d for d in params.diagnostics if d.code == "unsafe.internal-host"]
    assert len(crashed) == 1
    assert crashed[0].severity == types.DiagnosticSeverity.Error
    assert crashed[0].message.startswith(
        "internal error in rule unsafe.internal-host: RuntimeError"
    )
    assert "speculation.root-cause" in codes(params.diagnostics)  # the other rules ran
    change(crashing, uri, 2, (0, 0), (0, 0), "x")
    await published(crashing, uri, 2)
    shown = [m for m in crashing.messages if "unsafe.internal-host" in m.message]
    assert len(shown) == 1 and shown[0].type == types.MessageType.Error  # once, not per keystroke
    logged = [m for m in crashing.log_messages if m.type == types.MessageType.Error]
    assert any("rule unsafe.internal-host raised" in m.message for m in logged)
    hover = await crashing.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(8, 20)
        )
    )
    assert hover is not None  # still serving


def send_raw(client: LanguageClient, message: dict) -> None:
    """Bytes on the wire, bypassing the client's typed (and validating) serialisation."""
    body = json.dumps(message).encode("utf-8")
    client.protocol.writer.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)


@pytest.mark.asyncio
async def test_malformed_requests_get_an_error_and_the_server_keeps_serving(
    client: LanguageClient, tmp_path: Path
):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(client, root=workspace)
    uri = open_draft(client, workspace / "draft.md", DRAFT)
    await published(client, uri, 1)
    answered = asyncio.get_running_loop().create_future()
    client.protocol._request_futures["bad-hover"] = answered  # noqa: SLF001 - await the raw request's answer
    send_raw(
        client,
        {
            "jsonrpc": "2.0",
            "id": "bad-hover",
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}},
        },
    )  # no position
    send_raw(
        client,
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri}},
        },
    )
    send_raw(
        client,
        {
            "jsonrpc": "2.0",
            "id": 9002,
            "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": uri}, "range": "everything", "context": {}},
        },
    )
    send_raw(
        client, {"jsonrpc": "2.0", "method": "prelimlint/unknownNotification", "params": {"x": 1}}
    )
    client.protocol.writer.write(b"Content-Length: 9\r\n\r\n{not json")
    change(client, uri, 2, (0, 0), (0, 0), "x")
    params = await published(client, uri, 2)
    assert "unsafe.internal-host" in codes(params.diagnostics)
    with pytest.raises(JsonRpcInvalidParams):  # the client is not left waiting
        await asyncio.wait_for(answered, 10)
    shown = [m.message for m in client.messages]
    assert len(shown) == len(set(shown)) and shown  # explained, once per kind of error
    assert all(m.startswith("prelimlint ignored a message it could not handle") for m in shown)
    await asyncio.sleep(0)


@pytest.mark.asyncio
@pytest.mark.parametrize(("encoding", "column"), [("utf-8", 22), ("utf-32", 18)])
async def test_negotiated_position_encodings(
    client: LanguageClient, tmp_path: Path, encoding: str, column: int
):
    workspace = make_workspace(tmp_path / "ws")
    result = await initialize(client, root=workspace, encodings=[encoding, "utf-16"])
    assert result.capabilities.position_encoding == encoding
    text = "## Impact\nKunden 😀 café saw db-1.prod.internal.\n"
    uri = open_draft(client, workspace / "draft.md", text)
    host = [
        d for d in (await published(client, uri, 1)).diagnostics if d.code == "unsafe.internal-host"
    ][0]
    # "Kunden 😀 café saw " is 22 UTF-8 bytes and 18 code points (and 19 UTF-16 units)
    assert host.range == types.Range(types.Position(1, column), types.Position(1, column + 18))
    change(client, uri, 2, (1, column), (1, column), "x")  # an edit in the same encoding
    moved = [
        d for d in (await published(client, uri, 2)).diagnostics if d.code == "unsafe.internal-host"
    ][0]
    assert moved.range == types.Range(types.Position(1, column), types.Position(1, column + 19))
