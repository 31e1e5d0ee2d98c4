"""The drafts open in the editor: text, version, language, and where they live on disk.

The server keeps its own copy rather than pygls' workspace documents, because those split
lines with ``str.splitlines`` (which also breaks at U+2028, form feeds and more) while LSP
and prelimlint know only ``\\r\\n``, ``\\r`` and ``\\n``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types

from ..document import syntax_for
from .convert import PositionCodec

__all__ = ["DocumentStore", "OpenDocument", "path_of"]

# languageId -> syntax; Neovim sends its filetype ("text"), VS Code "plaintext"
_SYNTAX_BY_LANGUAGE = {"markdown": "markdown", "plaintext": "text", "text": "text"}
_DRAFT_SUFFIXES = (".md", ".markdown", ".txt", ".text")


def path_of(uri: str) -> Path | None:
    """The file system path of a ``file:`` URI, or None (``untitled:`` and other schemes)."""
    from pygls.uris import to_fs_path

    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


@dataclass(slots=True)
class OpenDocument:
    uri: str
    language_id: str
    version: int
    text: str
    path: Path | None = field(init=False)
    _codec: PositionCodec | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.path = path_of(self.uri)

    @property
    def syntax(self) -> str | None:
        """ "markdown" or "text"; None for documents prelimlint does not lint."""
        syntax = _SYNTAX_BY_LANGUAGE.get(self.language_id.lower())
        if syntax is None and self.path is not None and self.path.suffix.lower() in _DRAFT_SUFFIXES:
            syntax = syntax_for(self.path.name)
        return syntax

    def codec(self, encoding: str) -> PositionCodec:
        """Positions of the current text (built once per text version and encoding)."""
        if (
            self._codec is None
            or self._codec.text is not self.text
            or self._codec.encoding != encoding
        ):
            self._codec = PositionCodec(self.text, encoding)
        return self._codec

    def apply(self, change: types.TextDocumentContentChangeEvent, encoding: str) -> None:
        """Apply one full or incremental change (positions in the negotiated encoding)."""
        if isinstance(change, types.TextDocumentContentChangePartial):
            span = self.codec(encoding).span(change.range)
            self.text = self.text[: span.start] + change.text + self.text[span.end :]
        else:
            self.text = change.text


class DocumentStore:
    """Open documents by URI."""

    def __init__(self) -> None:
        self._documents: dict[str, OpenDocument] = {}

    def open(self, item: types.TextDocumentItem) -> OpenDocument:
        document = OpenDocument(item.uri, item.language_id, item.version, item.text)
        self._documents[item.uri] = document
        return document

    def change(
        self, params: types.DidChangeTextDocumentParams, encoding: str
    ) -> OpenDocument | None:
        document = self._documents.get(params.text_document.uri)
        if document is None:
            return None
        for change in params.content_changes:
            document.apply(change, encoding)
        document.version = params.text_document.version
        return document

    def close(self, uri: str) -> OpenDocument | None:
        return self._documents.pop(uri, None)

    def get(self, uri: str) -> OpenDocument | None:
        return self._documents.get(uri)

    def __iter__(self):
        return iter(list(self._documents.values()))
