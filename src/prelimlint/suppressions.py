"""Inline suppressions written as HTML comments in the draft.

    <!-- prelimlint-disable-next-line unsafe.internal-host, speculation -->
    <!-- prelimlint-disable unsafe.staff-name -->  ...  <!-- prelimlint-enable unsafe.staff-name -->
    <!-- prelimlint-disable-file style.long-sentence -- the quote is verbatim -->

A directive without rule names applies to every rule. Rules are named by id (or an old
alias), category or glob; text after `` -- `` is a reason and is ignored. A ``disable``
runs until an ``enable`` that names the same selector, a bare ``enable``, or the end of
the file; ``enable RULE`` after a bare ``disable`` turns that rule back on.

A directive that suppresses nothing is handed back as ``Unused`` so that the engine can
report it (rule ``style.unused-suppression``): stale suppressions would otherwise
silently hide the next real problem on that line.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .document import Document
from .model import Diagnostic, Span
from .positions import LineIndex

__all__ = ["UNUSED_SUPPRESSION", "Directive", "Unused", "apply_suppressions", "parse_directives"]

UNUSED_SUPPRESSION = "style.unused-suppression"
_DIRECTIVE = re.compile(
    r"<!--\s*prelimlint-(disable-next-line|disable-file|disable|enable)\b(.*?)\s*-->",
    re.IGNORECASE | re.DOTALL,
)
_REASON = re.compile(r"\s--\s.*$|\s--$", re.DOTALL)
_EVERY_RULE = "*"


@dataclass
class Directive:
    """One ``prelimlint-*`` comment: what it does, to which rules, and where it applies."""

    action: str
    selectors: tuple[str, ...]  # empty: every rule
    span: Span
    text: str  # the directive as written, without the comment markers
    areas: dict[str, list[Span]] = field(
        default_factory=dict
    )  # selector -> offset ranges it covers
    reenabled: list[tuple[int, tuple[str, ...]]] = field(
        default_factory=list
    )  # bare disable: later named enables
    used: set[str] = field(default_factory=set)  # selectors that suppressed something

    @property
    def targets(self) -> tuple[str, ...]:
        return self.selectors or (_EVERY_RULE,)


@dataclass(frozen=True, slots=True)
class Unused:
    """A selector of a directive that suppressed nothing."""

    directive: Directive
    selector: str  # "*" for a directive without rule names
    detail: str  # what to tell the writer, e.g. "nothing for 'unsafe.internal-host'"


def parse_directives(document: Document) -> list[Directive]:
    """Directives in source order, with the source ranges they cover."""
    directives: list[Directive] = []
    for comment in document.comments():
        for match in _DIRECTIVE.finditer(comment.text):
            names = _REASON.sub("", match.group(2)).strip()
            selectors = tuple(s for s in re.split(r"[\s,]+", names) if s)
            span = Span(comment.span.start + match.start(), comment.span.start + match.end())
            text = f"prelimlint-{match.group(1).lower()}" + (
                f" {', '.join(selectors)}" if selectors else ""
            )
            directives.append(Directive(match.group(1).lower(), selectors, span, text))
    _resolve_areas(directives, LineIndex(document.text), len(document.text))
    return directives


def _resolve_areas(directives: list[Directive], index: LineIndex, length: int) -> None:
    for position, directive in enumerate(directives):
        if directive.action == "disable-file":
            area = Span(0, length)
        elif directive.action == "disable-next-line":
            area = _next_line(directive, index)
        elif directive.action == "disable":
            for selector in directive.targets:
                end = _closing_enable(directives[position + 1 :], selector, length)
                directive.areas[selector] = [Span(directive.span.end, end)]
            if not directive.selectors:
                end = directive.areas[_EVERY_RULE][0].end
                directive.reenabled = [
                    (later.span.start, later.selectors)
                    for later in directives[position + 1 :]
                    if later.action == "enable" and later.selectors and later.span.start < end
                ]
            continue
        else:
            continue
        for selector in directive.targets:
            directive.areas[selector] = [area] if area is not None else []


def _next_line(directive: Directive, index: LineIndex) -> Span | None:
    """The first non-blank line after the comment (the comment may end mid-line)."""
    line = index.line_of(directive.span.end) + 1
    while line < index.line_count and not index.line_text(line).strip():
        line += 1
    if line >= index.line_count:
        return None
    return Span(index.line_start(line), index.line_end(line))


def _closing_enable(later: list[Directive], selector: str, length: int) -> int:
    for directive in later:
        if directive.action != "enable":
            continue
        if not directive.selectors or (selector != _EVERY_RULE and selector in directive.selectors):
            return directive.span.start
    return length


def apply_suppressions(
    document: Document,
    diagnostics: Iterable[Diagnostic],
    *,
    active: Mapping[str, str] | None = None,
    known: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
    report_unused: Callable[[Unused], Iterable[Diagnostic]] | None = None,
) -> list[Diagnostic]:
    """Drop suppressed diagnostics; with ``report_unused``, add its reports of idle selectors.

    ``active`` and ``known`` map rule ids to categories: the rules that ran, and every rule
    prelimlint knows. A selector for a known rule that did not run (disabled, or skipped for
    want of a model) is not reported: nobody can tell whether it is stale.
    """
    directives = [d for d in parse_directives(document) if d.action != "enable"]
    if not directives:
        return list(diagnostics)
    aliases = aliases or {}
    kept = [d for d in diagnostics if not _suppressed(d, directives, aliases)]
    if report_unused is None:
        return kept
    reports = [
        d
        for unused in _unused(directives, active or {}, known or {}, aliases)
        for d in report_unused(unused)
    ]
    # a report of a stale directive can itself be silenced ("disable-file style.unused-suppression")
    kept += [report for report in reports if not _suppressed(report, directives, aliases)]
    return kept


def _matches(selector: str, rule: str, category: str, aliases: Mapping[str, str]) -> bool:
    if selector == _EVERY_RULE:
        return True
    selector = aliases.get(selector, selector)
    return selector in (rule, category) or fnmatch.fnmatchcase(rule, selector)


def _suppressed(
    diagnostic: Diagnostic, directives: list[Directive], aliases: Mapping[str, str]
) -> bool:
    """Whether any directive covers the diagnostic; every directive that does is marked used."""
    rule, category, start = diagnostic.rule, diagnostic.category.value, diagnostic.span.start
    suppressed = False
    for directive in directives:
        for selector, areas in directive.areas.items():
            if not _matches(selector, rule, category, aliases):
                continue
            if not any(area.start <= start <= area.end for area in areas):
                continue
            if any(
                position <= start and any(_matches(s, rule, category, aliases) for s in names)
                for position, names in directive.reenabled
            ):
                continue
            directive.used.add(selector)
            suppressed = True
    return suppressed


def _unused(
    directives: list[Directive],
    active: Mapping[str, str],
    known: Mapping[str, str],
    aliases: Mapping[str, str],
) -> list[Unused]:
    found = []
    for directive in directives:
        for selector in directive.targets:
            if selector in directive.used:
                continue
            if selector == _EVERY_RULE:
                found.append(Unused(directive, selector, "nothing here"))
            elif any(
                _matches(selector, rule, category, aliases) for rule, category in active.items()
            ):
                found.append(Unused(directive, selector, f"nothing for '{selector}' here"))
            elif not any(
                _matches(selector, rule, category, aliases) for rule, category in known.items()
            ):
                names = list(known) + sorted(set(known.values())) + list(aliases)
                match = difflib.get_close_matches(selector, names, n=1, cutoff=0.6)
                hint = f" (did you mean '{match[0]}'?)" if match else ""
                found.append(
                    Unused(directive, selector, f"nothing: no rule is called '{selector}'{hint}")
                )
    return found
