"""Inline suppressions written as HTML comments in the draft.

    <!-- prelimlint-disable-next-line unsafe.internal-host, speculation -->
    <!-- prelimlint-disable unsafe.staff-name -->  ...  <!-- prelimlint-enable unsafe.staff-name -->
    <!-- prelimlint-disable-file style.long-sentence -->

A directive without rule names applies to every rule. Rules are named by id, category or
glob. A directive that suppresses nothing is reported (info) so stale ones get removed.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .document import Document
from .model import Category, Diagnostic, Severity, Span
from .positions import LineIndex

__all__ = ["UNUSED_SUPPRESSION", "apply_suppressions", "parse_directives"]

UNUSED_SUPPRESSION = "style.unused-suppression"
_DIRECTIVE = re.compile(
    r"<!--\s*prelimlint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)\s*-->", re.IGNORECASE
)


@dataclass
class Directive:
    action: str
    selectors: tuple[str, ...]  # empty: every rule
    span: Span
    applies: list[Span] = field(default_factory=list)  # offset ranges it covers
    used: set[str] = field(default_factory=set)  # selectors that suppressed something

    def matches(self, rule: str, category: str) -> str | None:
        """The selector that covers ``rule`` ('*' for a bare directive), or None."""
        if not self.selectors:
            return "*"
        for selector in self.selectors:
            if selector in (rule, category) or fnmatch.fnmatchcase(rule, selector):
                return selector
        return None


def parse_directives(document: Document) -> list[Directive]:
    """Directives in order, with the source ranges they cover."""
    index = LineIndex(document.text)
    directives: list[Directive] = []
    for comment in document.comments():
        for match in _DIRECTIVE.finditer(comment.text):
            action = match.group(1).lower()
            selectors = tuple(s for s in re.split(r"[\s,]+", match.group(2).strip()) if s)
            span = Span(comment.span.start + match.start(), comment.span.start + match.end())
            directives.append(Directive(action, selectors, span))
    _resolve_ranges(directives, index, len(document.text))
    return directives


def _resolve_ranges(directives: list[Directive], index: LineIndex, length: int) -> None:
    for directive in directives:
        if directive.action == "disable-file":
            directive.applies.append(Span(0, length))
        elif directive.action == "disable-next-line":
            line = index.line_of(directive.span.end) + 1
            while line < index.line_count and not index.line_text(line).strip():
                line += 1
            if line < index.line_count:
                directive.applies.append(Span(index.line_start(line), index.line_end(line)))
    # disable ... enable: each disable runs until an enable that names the same rules (or any enable
    # without rules), or to the end of the file
    for position, directive in enumerate(directives):
        if directive.action != "disable":
            continue
        end = length
        for later in directives[position + 1 :]:
            if later.action == "enable" and (not later.selectors or set(directive.selectors) & set(later.selectors)
                                             or not directive.selectors):
                end = later.span.start
                break
        directive.applies.append(Span(directive.span.end, end))


def apply_suppressions(document: Document, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Drop suppressed diagnostics; add an info diagnostic for each unused directive."""
    directives = [d for d in parse_directives(document) if d.action != "enable"]
    if not directives:
        return list(diagnostics)
    kept = []
    for diagnostic in diagnostics:
        if not _suppressed(diagnostic, directives):
            kept.append(diagnostic)
    for directive in directives:
        unused = [s for s in (directive.selectors or ("*",)) if s not in directive.used]
        for selector in unused:
            what = "any rule" if selector == "*" else f"'{selector}'"
            kept.append(
                Diagnostic(
                    UNUSED_SUPPRESSION,
                    Category.STYLE,
                    Severity.INFO,
                    f"This prelimlint-{directive.action} comment for {what} suppresses nothing here; remove it.",
                    directive.span,
                )
            )
    return kept


def _suppressed(diagnostic: Diagnostic, directives: list[Directive]) -> bool:
    for directive in directives:
        selector = directive.matches(diagnostic.rule, diagnostic.category.value)
        if selector is None:
            continue
        start = diagnostic.span.start
        if any(area.start <= start <= area.end for area in directive.applies):
            directive.used.add(selector)
            return True
    return False
