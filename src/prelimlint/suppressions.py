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

import bisect
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
    # no "\s*" before "-->": with the lazy ".*?" it made a long run of spaces quadratic
    r"<!--\s*prelimlint-(disable-next-line|disable-file|disable|enable)\b(.*?)-->",
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
            names = _REASON.sub("", match.group(2).rstrip()).strip()
            selectors = tuple(s for s in re.split(r"[\s,]+", names) if s)
            span = Span(comment.span.start + match.start(), comment.span.start + match.end())
            text = f"prelimlint-{match.group(1).lower()}" + (
                f" {', '.join(selectors)}" if selectors else ""
            )
            directives.append(Directive(match.group(1).lower(), selectors, span, text))
    _resolve_areas(directives, LineIndex(document.text), len(document.text))
    return directives


def _resolve_areas(directives: list[Directive], index: LineIndex, length: int) -> None:
    # Walking backwards, the next enable of each kind is known at once: a draft with
    # thousands of directives costs linear time, not one scan of the rest per directive.
    next_bare = length  # start of the next enable without rule names
    next_named: dict[str, int] = {}  # selector -> start of the next enable naming it
    next_lines: dict[int, Span | None] = {}
    for directive in reversed(directives):
        if directive.action == "enable":
            if directive.selectors:
                next_named.update(
                    (selector, directive.span.start) for selector in directive.selectors
                )
            else:
                next_bare = directive.span.start
            continue
        if directive.action == "disable":
            for selector in directive.targets:
                end = (
                    next_bare
                    if selector == _EVERY_RULE
                    else min(next_bare, next_named.get(selector, length))
                )
                directive.areas[selector] = [Span(directive.span.end, end)]
            continue
        if directive.action == "disable-file":
            area: Span | None = Span(0, length)
        else:  # disable-next-line
            line = index.line_of(directive.span.end) + 1
            if line not in next_lines:
                next_lines[line] = _next_line(line, index)
            area = next_lines[line]
        for selector in directive.targets:
            directive.areas[selector] = [area] if area is not None else []


def _next_line(line: int, index: LineIndex) -> Span | None:
    """The first non-blank line from ``line`` on (the comment before it may end mid-line)."""
    while line < index.line_count and not index.line_text(line).strip():
        line += 1
    if line >= index.line_count:
        return None
    return Span(index.line_start(line), index.line_end(line))


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
    parsed = parse_directives(document)
    directives = [d for d in parsed if d.action != "enable"]
    if not directives:
        return list(diagnostics)
    suppressor = _Suppressor(directives, parsed, aliases or {})
    kept = suppressor.unsuppressed(diagnostics)
    if report_unused is None:
        return kept
    reports = [
        d
        for unused in _unused(
            directives, active or {}, known or {}, aliases or {}, suppressor.matches
        )
        for d in report_unused(unused)
    ]
    # a report of a stale directive can itself be silenced ("disable-file style.unused-suppression")
    return kept + suppressor.unsuppressed(reports)


def _matches(selector: str, rule: str, category: str, aliases: Mapping[str, str]) -> bool:
    if selector == _EVERY_RULE:
        return True
    selector = aliases.get(selector, selector)
    return selector in (rule, category) or fnmatch.fnmatchcase(rule, selector)


class _Suppressor:
    """Which diagnostics the directives cover; marks every directive selector that covered one.

    Diagnostics are handled per rule with sorted offsets, so the cost grows with
    directives x rules, not directives x diagnostics (thousands of stale directives each
    produce a report that must itself be checked).
    """

    def __init__(
        self, directives: list[Directive], parsed: list[Directive], aliases: Mapping[str, str]
    ) -> None:
        self.aliases = aliases
        self.by_selector: dict[str, list[Directive]] = {}
        for directive in directives:
            for selector in directive.areas:
                self.by_selector.setdefault(selector, []).append(directive)
        # "enable RULE" after a bare "disable" turns RULE back on from there
        self.named_enables = [
            (d.span.start, d.selectors) for d in parsed if d.action == "enable" and d.selectors
        ]
        self._memo: dict[tuple[str, str, str], bool] = {}

    def matches(self, selector: str, rule: str, category: str) -> bool:
        key = (selector, rule, category)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = _matches(selector, rule, category, self.aliases)
        return found

    def unsuppressed(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        diagnostics = list(diagnostics)
        starts: dict[tuple[str, str], list[int]] = {}
        for diagnostic in diagnostics:
            starts.setdefault((diagnostic.rule, diagnostic.category.value), []).append(
                diagnostic.span.start
            )
        covered = {
            group: self._covered(*group, sorted(set(offsets))) for group, offsets in starts.items()
        }
        return [d for d in diagnostics if d.span.start not in covered[(d.rule, d.category.value)]]

    def _covered(self, rule: str, category: str, starts: list[int]) -> set[int]:
        """The offsets in ``starts`` that a directive covers for this rule."""
        reenables = [
            position
            for position, names in self.named_enables
            if any(self.matches(name, rule, category) for name in names)
        ]
        intervals: list[tuple[int, int]] = []  # inclusive
        for selector, directives in self.by_selector.items():
            if not self.matches(selector, rule, category):
                continue
            for directive in directives:
                limit = None
                if directive.action == "disable" and not directive.selectors and reenables:
                    after = bisect.bisect_right(reenables, directive.span.start)
                    if after < len(reenables):
                        limit = reenables[after] - 1  # on again from the enable on
                for area in directive.areas[selector]:
                    low, high = area.start, area.end if limit is None else min(area.end, limit)
                    first = bisect.bisect_left(starts, low)
                    if first < len(starts) and starts[first] <= high:
                        directive.used.add(selector)
                        intervals.append((low, high))
        covered: set[int] = set()
        reached = -1  # intervals merged on the way: each offset is added once
        for low, high in sorted(intervals):
            if high <= reached:
                continue
            first = bisect.bisect_left(starts, max(low, reached + 1))
            last = bisect.bisect_right(starts, high)
            covered.update(starts[first:last])
            reached = high
        return covered


def _unused(
    directives: list[Directive],
    active: Mapping[str, str],
    known: Mapping[str, str],
    aliases: Mapping[str, str],
    matches: Callable[[str, str, str], bool],
) -> list[Unused]:
    details: dict[str, str | None] = {}  # selector -> what to say when it suppressed nothing
    found = []
    for directive in directives:
        for selector in directive.targets:
            if selector in directive.used:
                continue
            if selector not in details:
                details[selector] = _idle_detail(selector, active, known, aliases, matches)
            detail = details[selector]
            if detail is not None:
                found.append(Unused(directive, selector, detail))
    return found


def _idle_detail(
    selector: str,
    active: Mapping[str, str],
    known: Mapping[str, str],
    aliases: Mapping[str, str],
    matches: Callable[[str, str, str], bool],
) -> str | None:
    """Why a selector that suppressed nothing is stale (None: a known rule that did not run)."""
    if selector == _EVERY_RULE:
        return "nothing here"
    if any(matches(selector, rule, category) for rule, category in active.items()):
        return f"nothing for '{selector}' here"
    if any(matches(selector, rule, category) for rule, category in known.items()):
        return None
    names = list(known) + sorted(set(known.values())) + list(aliases)
    match = difflib.get_close_matches(selector, names, n=1, cutoff=0.6)
    hint = f" (did you mean '{match[0]}'?)" if match else ""
    return f"nothing: no rule is called '{selector}'{hint}"
