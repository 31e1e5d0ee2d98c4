"""JSON-RPC as pygls reads it, hardened: every request gets an answer, nothing piles up.

pygls leaves a client waiting, or keeps state, in a few cases a broken or hostile client
can cause; ``HardenedProtocol`` closes them. Framing (the ``Content-Length`` headers) is
``framing.py``'s job; the tests are ``tests/robustness/test_lsp_abuse.py``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import JsonRPCProtocol, LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

__all__ = ["HardenedProtocol"]

log = logging.getLogger(__name__)

# what json.loads raises for a body that is not JSON (bad UTF-8, too deeply nested included)
_UNPARSEABLE = (json.JSONDecodeError, UnicodeDecodeError, RecursionError)


class HardenedProtocol(LanguageServerProtocol):
    """Answers every request, with the LSP error when it cannot serve it, so no client is left
    waiting: unreadable params (InvalidParams), a message that is not a JSON-RPC 2.0 request,
    notification or response (InvalidRequest), a request before ``initialize``
    (ServerNotInitialized) or after ``shutdown`` (InvalidRequest). Notifications before
    ``initialize`` are dropped, as the specification says, and so are unknown ``$/``
    notifications, silently (the specification allows a server to ignore them)."""

    _initialize_seen = False

    @property
    def shut_down(self) -> bool:
        """Did a ``shutdown`` request come (pygls' own flag)? The exit code is then 0, else 1."""
        return self._shutdown

    def answer_parse_error(self, error: Exception) -> None:
        """A body that is not JSON gets a Parse error, with ``"id": null`` (JSON-RPC)."""
        if isinstance(error, _UNPARSEABLE):
            problem = {"code": JsonRpcParseError.CODE, "message": f"Parse error: {error}"}
            self._send_data({"jsonrpc": JsonRPCProtocol.VERSION, "id": None, "error": problem})

    def structure_message(self, data: dict):
        # json.loads calls this for every object; only a message's own has "jsonrpc"
        if "jsonrpc" in data and _malformed(data):
            return data  # left a dict: ``handle_message`` refuses it as an InvalidRequest
        if "jsonrpc" in data and "method" in data and "params" not in data:
            data["params"] = None  # optional in JSON-RPC; pygls' generic request needs the field
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise

    def handle_message(self, message) -> None:
        if getattr(message, "jsonrpc", None) != JsonRPCProtocol.VERSION:
            self._refuse_invalid(message)
            return
        method = getattr(message, "method", None)
        if method == types.INITIALIZE:
            self._initialize_seen = True
        elif method is not None and method != types.EXIT:
            request_id = getattr(message, "id", None)
            refusal: JsonRpcException | None = None
            if not self._initialize_seen:
                refusal = JsonRpcServerNotInitialized()
            elif self._shutdown:
                refusal = JsonRpcInvalidRequest(
                    "the server is shutting down; only 'exit' is accepted"
                )
            if refusal is not None:
                if request_id is not None:
                    self._send_response(request_id, error=refusal.to_response_error())
                log.warning("refused %s: %s", method, refusal.message)
                return
        super().handle_message(message)

    def _refuse_invalid(self, message) -> None:
        """An InvalidRequest error for a message that is no JSON-RPC 2.0 message (unless it
        looks like a response: a client's answer is never answered)."""
        has: Callable[[str], bool]
        if isinstance(message, dict):
            has, request_id = message.__contains__, message.get("id")
        else:  # an attrs message with the wrong "jsonrpc" version, or a JSON array or value
            has, request_id = (lambda name: hasattr(message, name)), getattr(message, "id", None)
        if has("result") or has("error"):
            log.warning("ignored a response that is not JSON-RPC 2.0: %.200r", message)
            return
        if not _valid_id(request_id):
            request_id = None  # JSON-RPC: null when the id cannot be told
        problem = "not a JSON-RPC 2.0 request or notification (an object with a 'method')"
        log.warning("answered an invalid message with InvalidRequest: %.200r", message)
        self._send_data(
            {
                "jsonrpc": JsonRPCProtocol.VERSION,
                "id": request_id,
                "error": {
                    "code": JsonRpcInvalidRequest.CODE,
                    "message": f"Invalid Request: {problem}",
                },
            }
        )

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None) -> None:
        """pygls files the future of every generator or async handler under ``msg_id`` and
        removes it only when it answers a request: each notification (every keystroke's
        ``didChange``) left one behind, about 2 kB, 20 MB per 10,000 edits. Finished ones
        are dropped here, before the next handler runs (not in a done-callback: ``shutdown``
        cancels the pending futures while it iterates over them)."""
        for key, future in list(self._request_futures.items()):
            if future.done():
                self._request_futures.pop(key, None)
        super()._execute_handler(msg_id, handler, callback, args, kwargs)

    def _handle_notification(self, method_name, params) -> None:
        known = method_name in self.fm.builtin_features or method_name in self.fm.features
        if (
            isinstance(method_name, str)
            and method_name.startswith("$/")
            and method_name != types.CANCEL_REQUEST
            and not known
        ):
            return
        super()._handle_notification(method_name, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        """A change to a document that is not open is a client's mistake: log it and go on."""
        if unquote(params.text_document.uri) not in self.workspace.text_documents:
            log.warning("ignored a change to %s, which is not open", params.text_document.uri)
            return
        yield from super().lsp_text_document__did_change(params)


def _valid_id(value: object) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def _malformed(message: dict) -> bool:
    """Neither a request or notification (a string "method") nor a response, or a bad id."""
    if "method" in message:
        shape_ok = isinstance(message["method"], str)
    else:
        shape_ok = "result" in message or "error" in message
    request_id = message.get("id")
    return not shape_ok or not (request_id is None or _valid_id(request_id))
