"""Logging for the language server: the client's log (``window/logMessage``) and stderr.

stdout carries the JSON-RPC stream, so anything printed there would corrupt it: the
server command sends stray ``print``s to stderr as well (see ``__init__.serve``).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable

from lsprotocol import types

__all__ = ["ClientLogHandler", "configure_logging"]

_LEVELS = {
    logging.ERROR: types.MessageType.Error,
    logging.WARNING: types.MessageType.Warning,
    logging.INFO: types.MessageType.Info,
    logging.DEBUG: types.MessageType.Log,
}


class ClientLogHandler(logging.Handler):
    """Forwards records to the client's log; safe to use from the lint thread."""

    def __init__(
        self, send: Callable[[types.LogMessageParams], None], level: int = logging.INFO
    ) -> None:
        super().__init__(level)
        self._send = send
        self.loop: asyncio.AbstractEventLoop | None = None  # set once the server runs

    def emit(self, record: logging.LogRecord) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            message = self.format(record)
        except Exception:  # noqa: BLE001 - logging must never raise into the caller
            self.handleError(record)
            return
        kind = next(
            (kind for level, kind in _LEVELS.items() if record.levelno >= level),
            types.MessageType.Log,
        )
        params = types.LogMessageParams(type=kind, message=message)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._send(params)
        else:
            loop.call_soon_threadsafe(self._send, params)


def configure_logging(level: int) -> None:
    """prelimlint's records at ``level`` and everyone's warnings to stderr."""
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(stderr)
    root.setLevel(logging.WARNING)
    logging.getLogger("prelimlint").setLevel(level)
