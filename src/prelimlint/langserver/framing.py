"""The server's standard input as pygls reads it, hardened against broken framing.

pygls reads a header line with ``readline`` and a body with ``read(Content-Length)``. Two
ways a broken client could stop it for good:

* A ``Content-Length`` shorter than the body leaves the rest of that body in the stream,
  with no line break after it. The next header then comes in on the same line, and pygls
  only finds a header at the start of a line, so every later message was lost.
  ``readline`` here returns the leftovers and the header as two lines, so the server
  picks up the stream again at the next message. (A ``Content-Length`` longer than the
  body eats into the next message, which is lost; the one after it is read again.)
* An absurd ``Content-Length`` (say 10**12) made ``read`` allocate that much and end the
  server with a MemoryError. A body over ``MAX_BODY`` is refused instead: pygls gets bytes
  that are not JSON, so the client gets a Parse error, and whatever the client did send is
  skipped as junk, line by line, until the next header.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

__all__ = ["MAX_BODY", "ResyncingReader"]

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024 * 1024  # bytes; 256 times the default max-file-size of a draft
_MAX_LINE = 64 * 1024  # junk between messages is skipped in pieces of at most this size
_HEADER = b"Content-Length:"
_REFUSED = b"<refused: the message is longer than the server accepts>"


class ResyncingReader:
    """``readline`` and ``read`` over a binary stream, for pygls' message loop."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._rest = b""  # the part of the last line that pygls has not seen yet

    def readline(self) -> bytes:
        if self._rest:
            line, self._rest = self._rest, b""
        else:
            line = self._stream.readline(_MAX_LINE)
        start = line.find(_HEADER, 1)
        if start > 0:  # leftovers of a broken message, then the next header
            line, self._rest = line[:start], line[start:]
        return line

    def read(self, size: int) -> bytes:
        if size > MAX_BODY:
            log.error(
                "refused a message of %s bytes (at most %s are accepted)",
                f"{size:,}",
                f"{MAX_BODY:,}",
            )
            return _REFUSED
        head, self._rest = self._rest[:size], self._rest[size:]
        return head + self._stream.read(size - len(head)) if size > len(head) else head
