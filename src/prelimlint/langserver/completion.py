"""Completion at the start of a line: the required sections the draft is still missing.

Offered when the text before the cursor is empty or only heading markers and a few words
(``##``, ``## Imp``) or one word, so typing in the middle of a sentence is never interrupted.
Each item
inserts the heading and the rule's prompt, as a snippet with the prompt selected when the
client supports snippets.
"""

from __future__ import annotations

import re

from lsprotocol import types

from ..document import Document
from ..model import Span
from .linting import LintResult
from .sections import heading_level, required_elements

__all__ = ["TRIGGER_CHARACTERS", "completions"]

TRIGGER_CHARACTERS = ["#"]
# nothing, heading markers and a few words ("## Impa"), or the start of one word ("Impa")
_LINE_START = re.compile(r"[ \t]*(?:(#{1,6})[ \t]*(?:[A-Za-z][A-Za-z ]{0,40})?|[A-Za-z]{0,20})")


def completions(
    result: LintResult, document: Document, position: types.Position, snippets: bool
) -> list[types.CompletionItem]:
    """Items for the missing required sections, when ``position`` is at the start of a line."""
    if result.report is None or result.linter is None:
        return []
    codec = result.codec
    offset = codec.offset(position)
    line = codec.index.line_of(offset)
    line_start = codec.index.line_start(line)
    typed = codec.text[line_start:offset]
    match = _LINE_START.fullmatch(typed)
    if match is None:
        return []
    hashes = match.group(1) or ""
    level = len(hashes) if hashes else heading_level(document)
    replace = codec.range(Span(line_start, offset))
    items = []
    for number, element in enumerate(required_elements(result.linter, document, result.report)):
        if element.status != "missing":
            continue
        heading = element.title if document.syntax == "text" else f"{'#' * level} {element.title}"
        if snippets:
            body = (
                f"{_escape(heading)}\n\n${{1:{_escape(element.prompt)}}}"
                if element.prompt
                else _escape(heading)
            )
            insert_format = types.InsertTextFormat.Snippet
        else:
            body = f"{heading}\n\n{element.prompt}" if element.prompt else heading
            insert_format = types.InsertTextFormat.PlainText
        items.append(
            types.CompletionItem(
                label=element.title,
                kind=types.CompletionItemKind.Snippet,
                detail=f"missing required section ({element.rule_id})",
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.Markdown,
                    value=f"Adds the heading **{element.title}** and the prompt:\n\n> "
                    f"{element.prompt}",
                ),
                filter_text=f"{hashes} {element.title}" if hashes else element.title,
                sort_text=f"{number:03d}",
                insert_text_format=insert_format,
                text_edit=types.TextEdit(range=replace, new_text=body),
            )
        )
    return items


def _escape(text: str) -> str:
    """Text as a literal inside a snippet (``$``, ``}`` and ``\\`` are snippet syntax)."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
