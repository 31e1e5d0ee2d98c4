"""Document symbols: the report's sections as an outline, and which required elements are there.

The outline starts with a "Required elements" entry whose children are the essential
elements (present, empty or missing; present ones point at the heading that names them),
followed by the sections nested by heading level. A section that names a required element
says so in its detail.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from ..document import Document
from ..model import Span
from .linting import LintResult
from .sections import RequiredElement, required_elements

__all__ = ["document_symbols"]

_MARK = {"present": "✓", "empty": "✗", "missing": "✗"}
_STATE = {"present": "", "empty": " (empty)", "missing": " (missing)"}


def document_symbols(result: LintResult, document: Document, hierarchical: bool):
    """``DocumentSymbol``s (or flat ``SymbolInformation``s for clients without hierarchy)."""
    codec = result.codec
    elements = (
        required_elements(result.linter, document, result.report)
        if result.report and result.linter
        else []
    )
    named = {e.heading: e for e in elements if e.heading is not None}
    roots: list[types.DocumentSymbol] = []
    if elements:
        roots.append(_elements_symbol(elements, codec, len(document.text)))
    stack: list[tuple[int, types.DocumentSymbol]] = []
    for section in document.sections[1:]:
        if not section.heading or section.heading_span is None:
            continue
        element = named.get(section.heading_span)
        symbol = types.DocumentSymbol(
            name=section.heading,
            detail=f"required: {element.title} {_MARK[element.status]}" if element else None,
            kind=types.SymbolKind.String,
            range=codec.range(section.span),
            selection_range=codec.range(section.heading_span),
            children=[],
        )
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(symbol)  # type: ignore[union-attr]
        stack.append((section.level, symbol))
    if hierarchical:
        return roots
    return _flatten(roots, result.snapshot.uri, None)


def _elements_symbol(elements: list[RequiredElement], codec, length: int) -> types.DocumentSymbol:
    present = sum(e.status == "present" for e in elements)
    children = []
    for element in elements:
        span = element.heading or Span(0, 0)
        children.append(
            types.DocumentSymbol(
                name=f"{_MARK[element.status]} {element.title}{_STATE[element.status]}",
                detail=element.rule_id,
                kind=types.SymbolKind.Property,
                range=codec.range(span),
                selection_range=codec.range(span),
            )
        )
    return types.DocumentSymbol(
        name="Required elements",
        detail=f"{present} of {len(elements)} present",
        kind=types.SymbolKind.Namespace,
        range=codec.range(Span(0, length)),
        selection_range=codec.range(Span(0, 0)),
        children=children,
    )


def _flatten(
    symbols: Sequence[types.DocumentSymbol], uri: str, container: str | None
) -> list[types.SymbolInformation]:
    flat = []
    for symbol in symbols:
        flat.append(
            types.SymbolInformation(
                name=symbol.name,
                kind=symbol.kind,
                location=types.Location(uri=uri, range=symbol.selection_range),
                container_name=container,
            )
        )
        flat.extend(_flatten(symbol.children or [], uri, symbol.name))
    return flat
