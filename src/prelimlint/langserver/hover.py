"""Hover on a finding: the rule's summary, why it matters, and an example of what to write.

Rendered from the rule file (``ruleset.docs.hover_markdown``), like ``prelimlint explain``.
A document-level finding (a missing section, reported at the start of the draft) is found
anywhere on its line.
"""

from __future__ import annotations

from lsprotocol import types

from ..ruleset.docs import hover_markdown
from .linting import LintResult, rule_href

__all__ = ["hover"]


def hover(result: LintResult, position: types.Position, markdown: bool) -> types.Hover | None:
    """The explanation of the findings under ``position``, or None."""
    report, linter, codec = result.report, result.linter, result.codec
    if report is None or linter is None:
        return None
    offset = codec.offset(position)
    line = codec.index.line_of(offset)
    shown = {(d.code, d.range.start.line, d.range.start.character) for d in result.diagnostics}
    parts: list[str] = []
    first_range = None
    for diagnostic in report.diagnostics:
        span = diagnostic.span
        under = (
            span.start <= offset <= span.end
            if len(span)
            else codec.index.line_of(span.start) == line
        )
        start = codec.position(span.start)
        if not under or (diagnostic.rule, start.line, start.character) not in shown:
            continue
        rule = linter.rule(diagnostic.rule)
        if rule is None:  # prelimlint's own notices (an unused suppression, a crashed rule)
            text = f"**{diagnostic.rule}**\n\n{diagnostic.message}"
        else:
            text = hover_markdown(rule, rule_href(linter, rule.id))
        if text not in parts:
            parts.append(text)
        first_range = first_range or codec.range(span)
    if not parts:
        return None
    value = "\n\n---\n\n".join(parts)
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=value), range=first_range)
