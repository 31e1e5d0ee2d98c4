"""Writing fixed drafts back: same encoding and mode, atomically, never over a newer version.

``api.read_text`` reads UTF-8 (with or without a byte-order mark) and UTF-16 with a BOM;
a fixed draft is written back the way it was read, so ``--fix`` never re-encodes a file
or changes its line endings (offsets include ``\\r``, so replacements keep them).
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError

__all__ = ["FileChangedError", "encoding_of", "write_fixed"]


class FileChangedError(InputError):
    """The file on disk is no longer the text that was linted; it is left alone."""


def encoding_of(data: bytes) -> tuple[str, bytes]:
    """The codec and byte-order mark ``api.read_text`` used for these bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", codecs.BOM_UTF8
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", codecs.BOM_UTF16_LE
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", codecs.BOM_UTF16_BE
    return "utf-8", b""


def write_fixed(path: Path, original: str, fixed: str) -> None:
    """Replace ``path``'s content ``original`` with ``fixed`` (temp file + rename, mode kept).

    Raises ``FileChangedError`` when the file no longer holds ``original`` (someone saved it
    while we were linting), and ``InputError`` when it cannot be read or written.
    """
    target = Path(path).resolve()  # write through a symlink instead of replacing it
    try:
        data = target.read_bytes()
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=str(path)) from None
    codec, bom = encoding_of(data)
    try:
        current = data[len(bom) :].decode(codec)
    except UnicodeDecodeError:
        current = None
    if current != original:
        raise FileChangedError(
            "changed on disk since it was read; not fixed (run again)", path=str(path)
        )
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".prelimlint"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(bom + fixed.encode(codec))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            f"cannot write the fixed file: {error.strerror or error}", path=str(path)
        ) from None
