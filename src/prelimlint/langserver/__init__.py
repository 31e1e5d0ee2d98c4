"""The prelimlint language server (``prelimlint lsp``): diagnostics, quick fixes, hover, completion
and an outline for Markdown and plain-text drafts in any LSP editor.

pygls and lsprotocol are imported only inside this package.
"""

from __future__ import annotations

import logging
import sys

from .framing import ResyncingReader
from .logs import configure_logging
from .server import PrelimlintServer, create_server

__all__ = ["PrelimlintServer", "create_server", "serve"]


def serve(
    tcp: tuple[str, int] | None = None, *, debounce: float = 0.05, log_level: int = logging.INFO
) -> int:
    """Serve on stdio (or on ``tcp`` = (host, port), for debugging) until the client exits or
    goes away. Returns the exit code LSP asks for: 0 after a ``shutdown`` request, else 1."""
    configure_logging(log_level)
    server = create_server(debounce)
    server.log_handler.setLevel(log_level)
    logging.getLogger("prelimlint").addHandler(server.log_handler)
    if tcp is not None:
        server.start_tcp(*tcp)
    else:
        stdin, stdout = ResyncingReader(sys.stdin.buffer), sys.stdout.buffer
        sys.stdout = sys.stderr  # a stray print() must not corrupt the JSON-RPC stream
        server.start_io(stdin, stdout)  # type: ignore[arg-type]  # pygls needs only readline and read
    return 0 if server.protocol.shut_down else 1
