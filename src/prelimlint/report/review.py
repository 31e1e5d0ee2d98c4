"""What the HTML review page shows for one draft, computed from its ``FileReport``.

Numbers findings in reading order, chooses what each highlight and side note says, builds
the checklist of required elements from ``FileReport.elements``, counts, the verdict and
the timing strip. The templates in ``templates/`` only lay this out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from ..document import BlockKind, parse_document
from ..document.rendering import Highlight, render_draft
from ..model import Category, Diagnostic, Element, ElementStatus, FileReport, Severity
from ..positions import LineIndex
from ..ruleset import Rule
from .timing import TimingStrip, timing_strip

__all__ = ["CATEGORIES", "ElementRow", "FindingNote", "Review", "build_review"]

CATEGORIES = tuple(Category)
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
# the order of the essential elements in the guidance; rules not listed follow by id
_ELEMENT_ORDER = (
    "impact",
    "timeline",
    "customer-actions",
    "resolution",
    "monitoring",
    "postmortem",
    "internal-only",
)
_QUOTE_CHARS = 90


@dataclass(frozen=True, slots=True)
class FindingNote:
    """One finding as the page shows it: the highlight's anchor and the side note."""

    number: int
    anchor: str  # id of the highlight (or of the item in the "whole draft" list)
    note_id: str  # id of the side note
    key: str  # data-finding value shared by every highlight segment
    diagnostic: Diagnostic
    line: int
    column: int
    quote: str  # the highlighted source text, shortened
    summary: str  # what the rule catches
    rationale: str
    suggestion: str  # a concrete replacement or what to write; "" when the message says it all
    is_whole_draft: bool  # no place in the text (a missing element): listed above the draft

    @property
    def severity(self) -> str:
        return self.diagnostic.severity.value

    @property
    def category(self) -> str:
        return self.diagnostic.category.value


@dataclass(frozen=True, slots=True)
class ElementRow:
    """One line of the checklist of required elements."""

    element: Element
    anchor: str  # where it was found, "" when missing
    where: str  # "Heading, line 12"; "" when missing
    finding: FindingNote | None  # the finding that reports it missing or empty

    @property
    def is_found(self) -> bool:
        return self.element.status is ElementStatus.FOUND


@dataclass(frozen=True, slots=True)
class Review:
    path: str
    title: str
    prefix: str  # id prefix, so several reviews can share one page
    findings: tuple[FindingNote, ...]
    elements: tuple[ElementRow, ...]
    severity_counts: Mapping[str, int]
    category_counts: tuple[
        tuple[str, Mapping[str, int], int], ...
    ]  # (category, per severity, total)
    timing: TimingStrip
    draft_html: str  # trusted: every draft character is escaped by render_draft
    internal_errors: tuple[str, ...]

    @property
    def is_ready(self) -> bool:
        """Ready to publish: nothing at error level remains and no rule crashed."""
        return not self.severity_counts["error"] and not self.internal_errors

    @property
    def verdict(self) -> str:
        return "Ready to publish" if self.is_ready else "Not ready to publish"

    @property
    def verdict_detail(self) -> str:
        errors, warnings = self.severity_counts["error"], self.severity_counts["warning"]
        if self.internal_errors:
            return "A rule could not run; fix the rule or report it, then lint again."
        if errors:
            return f"{_plural(errors, 'error')} must be fixed first."
        if warnings:
            return f"No errors. {_plural(warnings, 'warning')} to consider before publishing."
        return "No errors and no warnings."

    @property
    def whole_draft_findings(self) -> tuple[FindingNote, ...]:
        return tuple(f for f in self.findings if f.is_whole_draft)

    @property
    def elements_found(self) -> int:
        return sum(row.is_found for row in self.elements)


def build_review(
    report: FileReport, rules: object = None, now: datetime | None = None, prefix: str = ""
) -> Review:
    """The page content for one report; ``rules`` is a ``RuleSet`` or a mapping id -> ``Rule``."""
    document = parse_document(report.text, report.path)
    index = LineIndex(report.text)
    findings = tuple(
        _note(number, d, report.text, index, _rule(rules, d.rule), prefix)
        for number, d in enumerate(report.diagnostics, start=1)
    )
    elements = _element_rows(report, findings, index, prefix)
    highlights = [_finding_highlight(f) for f in findings if not f.is_whole_draft]
    highlights += [
        Highlight(row.element.span, row.anchor, "element", (("element", row.element.rule),))
        for row in elements
        if row.anchor and row.element.span is not None
    ]
    heading = next((b.text.strip() for b in document.blocks if b.kind == BlockKind.HEADING), "")
    return Review(
        path=report.path or "<stdin>",
        title=heading
        or (PurePath(report.path).name if report.path else "Draft from standard input"),
        prefix=prefix,
        findings=findings,
        elements=elements,
        severity_counts={
            s.value: sum(d.severity is s for d in report.diagnostics) for s in SEVERITIES
        },
        category_counts=_category_counts(report.diagnostics),
        timing=timing_strip(document.front_matter, now),
        draft_html=render_draft(report.text, highlights, document.syntax),
        internal_errors=report.internal_errors,
    )


def _rule(rules: object, rule_id: str) -> Rule | None:
    getter = getattr(rules, "get", None)
    return getter(rule_id) if getter is not None else None


def _note(
    number: int, diagnostic: Diagnostic, text: str, index: LineIndex, rule: Rule | None, prefix: str
) -> FindingNote:
    span = diagnostic.span
    line, column = index.position(span.start)
    quote = " ".join(text[span.start : span.end].split())
    if len(quote) > _QUOTE_CHARS:
        quote = quote[: _QUOTE_CHARS - 1].rstrip() + "…"
    return FindingNote(
        number=number,
        anchor=f"{prefix}f{number}",
        note_id=f"{prefix}n{number}",
        key=f"{prefix}{number}",
        diagnostic=diagnostic,
        line=line + 1,
        column=column + 1,
        quote=quote,
        summary=rule.summary if rule else "",
        rationale=" ".join(rule.rationale.split()) if rule else "",
        suggestion=_suggestion(diagnostic, rule),
        is_whole_draft=span.start == span.end == 0,
    )


def _suggestion(diagnostic: Diagnostic, rule: Rule | None) -> str:
    """A concrete suggestion beyond the message: the rule's fix, or a missing element's prompt."""
    if diagnostic.fix is not None:
        if diagnostic.fix.replacement:
            return f"{diagnostic.fix.description or 'Replace with'}: “{diagnostic.fix.replacement}”"
        return diagnostic.fix.description
    prompt = (
        rule.options.get("prompt") if rule is not None and rule.kind == "required-section" else None
    )
    if rule is not None and isinstance(prompt, str) and prompt:
        title = rule.options.get("title") or ""
        return f"Add “{title}”: {prompt}" if title else prompt
    return ""


def _finding_highlight(note: FindingNote) -> Highlight:
    d = note.diagnostic
    return Highlight(
        span=d.span,
        anchor=note.anchor,
        classes=f"finding cat-{note.category} sev-{note.severity}",
        data=(("finding", note.key), ("rule", d.rule), ("severity", note.severity)),
        note=str(note.number),
        note_target=note.note_id,
        label=f"Finding {note.number}: {note.severity}, {d.rule}",
    )


def _element_rows(
    report: FileReport, findings: tuple[FindingNote, ...], index: LineIndex, prefix: str
) -> tuple[ElementRow, ...]:
    def order(element: Element) -> tuple[int, str]:
        name = element.rule.split(".", 1)[-1]
        return (
            _ELEMENT_ORDER.index(name) if name in _ELEMENT_ORDER else len(_ELEMENT_ORDER),
            element.rule,
        )

    rows = []
    for element in sorted(report.elements, key=order):
        finding = next((f for f in findings if f.diagnostic.rule == element.rule), None)
        anchor, where = "", ""
        if element.span is not None:
            anchor = f"{prefix}el-{element.rule.split('.', 1)[-1]}"
            line = index.position(element.span.start)[0] + 1
            where = f"{_FOUND_BY.get(element.found_by, 'Found')}, line {line}"
        rows.append(ElementRow(element, anchor, where, finding))
    return tuple(rows)


_FOUND_BY = {
    "heading": "Heading",
    "label": "Lead-in",
    "content": "In the text",
    "front-matter": "Front matter",
}


def _category_counts(
    diagnostics: tuple[Diagnostic, ...],
) -> tuple[tuple[str, Mapping[str, int], int], ...]:
    rows = []
    for category in CATEGORIES:
        mine = [d for d in diagnostics if d.category is category]
        if category is Category.INTERNAL and not mine:
            continue
        per_severity = {s.value: sum(d.severity is s for d in mine) for s in SEVERITIES}
        rows.append((category.value, per_severity, len(mine)))
    return tuple(rows)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
