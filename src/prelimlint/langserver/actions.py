"""Quick fixes as ``WorkspaceEdit``s: apply a rule's fix, silence a rule for a line, add a section.

* ``Apply fix: <description>`` replaces the fix span with the rule's replacement.
* ``Disable <rule> for this line`` puts ``<!-- prelimlint-disable-next-line <rule> -->`` on its
  own line above, with the line's indentation (and ``>`` markers inside a block quote), as
  the editor plugins expect, also on a wrapped line inside a paragraph (the comment line then
  starts a new paragraph; rendered HTML hides it). A comment line inside a table ends the
  table, so a finding in a later row gets ``Disable <rule> for this table`` (a disable/enable
  pair around it). A document-level finding has no line of its own: it gets ``Disable <rule>
  for this file``. Plain text has no comments: no disabling.
* ``Insert missing section: <Title>`` adds the heading and prompt of a missing required
  element at the place ``sections.planned_insertion`` picks.
The server never writes files: the client applies the edit (versioned when it can).
"""

from __future__ import annotations

import re

from lsprotocol import types

from ..document import BlockKind, Document
from ..model import Diagnostic, Span
from .convert import PositionCodec
from .linting import LintResult
from .sections import planned_insertion, required_elements

__all__ = ["code_actions"]

_PREFIX = re.compile(r"[ \t>]*")


def code_actions(
    result: LintResult, document: Document, wanted: types.Range, versioned: bool
) -> list[types.CodeAction]:
    """Actions for the diagnostics of ``result`` that touch ``wanted``."""
    report, codec = result.report, result.codec
    if report is None:
        return []
    area = codec.span(wanted)
    shown = {
        (d.range.start.line, d.range.start.character, d.code, d.message): d
        for d in result.diagnostics
    }
    actions: list[types.CodeAction] = []
    elements = None
    for diagnostic in report.diagnostics:
        if not _touches(diagnostic.span, area, codec):
            continue
        start = codec.position(diagnostic.span.start)
        lsp = shown.get((start.line, start.character, diagnostic.rule, diagnostic.message))
        if lsp is None:  # below the severity threshold: not shown, so no actions either
            continue
        edits: list[tuple[str, list[types.TextEdit], bool]] = []
        if diagnostic.fix is not None:
            fix = diagnostic.fix
            edits.append(
                (
                    f"Apply fix: {fix.description}",
                    [codec.text_edit(fix.span, fix.replacement)],
                    fix.safe,
                )
            )
        if diagnostic.rule.startswith("structure.") and len(diagnostic.span) == 0:
            if elements is None:
                elements = required_elements(result.linter, document, report)  # type: ignore[arg-type]
            for element in elements:
                if element.rule_id == diagnostic.rule and element.status == "missing":
                    offset, text = planned_insertion(document, elements, element)
                    edits.append(
                        (
                            f"Insert missing section: {element.title}",
                            [codec.text_edit(Span(offset, offset), text)],
                            True,
                        )
                    )
        disable = _disable(diagnostic, document, codec)
        if disable is not None:
            edits.append(disable)
        for title, text_edits, preferred in edits:
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    is_preferred=preferred or None,
                    edit=_workspace_edit(result, text_edits, versioned),
                )
            )
    return actions


def _touches(span: Span, area: Span, codec: PositionCodec) -> bool:
    if len(span) == 0:  # a document-level finding: offered anywhere on its line
        line = codec.index.line_of(span.start)
        return codec.index.line_of(area.start) <= line <= codec.index.line_of(area.end)
    return span.overlaps(area) or area.start == span.end


def _disable(
    diagnostic: Diagnostic, document: Document, codec: PositionCodec
) -> tuple[str, list, bool] | None:
    if document.syntax == "text":  # plain text has no comments, so no inline suppressions
        return None
    rule, index = diagnostic.rule, codec.index
    front = document.front_matter.span if document.front_matter else Span(0, 0)
    in_front_matter = diagnostic.span.start < front.end  # no HTML comments inside YAML front matter
    if in_front_matter or (len(diagnostic.span) == 0 and not diagnostic.matched):  # document-level
        offset = front.end
        comment = f"<!-- prelimlint-disable-file {rule} -->\n\n"
        return (
            f"Disable {rule} for this file",
            [codec.text_edit(Span(offset, offset), comment)],
            False,
        )
    line = index.line_of(diagnostic.span.start)
    if _is_table_row(document, index, line):
        first, last = _table_lines(index, line)
        if (
            first != line
        ):  # a comment line inside a table would end the table: fence the whole table
            return (
                f"Disable {rule} for this table",
                [
                    _own_line(codec, first, f"<!-- prelimlint-disable {rule} -->"),
                    _line_after(codec, last, f"<!-- prelimlint-enable {rule} -->"),
                ],
                False,
            )
    comment = f"<!-- prelimlint-disable-next-line {rule} -->"
    return f"Disable {rule} for this line", [_own_line(codec, line, comment)], False


def _own_line(codec: PositionCodec, line: int, comment: str) -> types.TextEdit:
    """``comment`` on a new line above ``line``, with that line's indentation and quote markers."""
    start = codec.index.line_start(line)
    prefix = _PREFIX.match(codec.index.line_text(line)).group()  # type: ignore[union-attr]
    return codec.text_edit(
        Span(start, start), prefix + comment + _line_break(codec.text, line, codec.index)
    )


def _line_after(codec: PositionCodec, line: int, comment: str) -> types.TextEdit:
    end = codec.index.line_end(line)
    return codec.text_edit(Span(end, end), _line_break(codec.text, line, codec.index) + comment)


def _is_table_row(document: Document, index, line: int) -> bool:
    start, end = index.line_start(line), index.line_end(line)
    return any(
        b.kind == BlockKind.TABLE_CELL and start <= b.span.start < end for b in document.blocks
    )


def _table_lines(index, line: int) -> tuple[int, int]:
    """The first and last line of the table holding ``line`` (adjacent lines with a ``|``)."""
    first = last = line
    while first > 0 and "|" in index.line_text(first - 1):
        first -= 1
    while last + 1 < index.line_count and "|" in index.line_text(last + 1):
        last += 1
    return first, last


def _line_break(text: str, line: int, index) -> str:
    end = index.line_end(line)
    if text.startswith("\r\n", end):
        return "\r\n"
    return "\r" if text.startswith("\r", end) else "\n"


def _workspace_edit(
    result: LintResult, edits: list[types.TextEdit], versioned: bool
) -> types.WorkspaceEdit:
    uri = result.snapshot.uri
    if versioned:
        document = types.OptionalVersionedTextDocumentIdentifier(
            uri=uri, version=result.snapshot.version
        )
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)]
        )
    return types.WorkspaceEdit(changes={uri: edits})
