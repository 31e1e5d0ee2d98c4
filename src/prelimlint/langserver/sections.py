"""The report's required elements (``required-section`` rules): present, missing or empty.

Code actions, completion and document symbols all need to know which essential elements a
draft has, which heading names each one, and where a missing one would sensibly go.
The lint report says which are missing or empty; the rules' own ``headings`` patterns say
which heading or lead-in label names a present one.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

from ..api import Linter
from ..document import BlockKind, Document
from ..kinds import KINDS
from ..kinds.regexes import compile_regex
from ..model import FileReport, Span
from ..ruleset import Rule

__all__ = [
    "PREFERRED_ORDER",
    "RequiredElement",
    "heading_level",
    "planned_insertion",
    "required_elements",
    "section_text",
]

_KIND = "required-section"
# The order in which the after-incident guidance lists the essential elements; a missing one
# is inserted before the first present element that comes after it (others go at the end).
PREFERRED_ORDER = (
    "structure.internal-only",
    "structure.impact",
    "structure.timeline",
    "structure.customer-actions",
    "structure.resolution",
    "structure.monitoring",
    "structure.postmortem",
)


@dataclass(frozen=True, slots=True)
class RequiredElement:
    rule_id: str
    title: str
    prompt: str
    status: str  # "present" | "missing" | "empty"
    heading: Span | None  # source span of the heading or lead-in label that names it
    heading_level: int | None  # its level when it is a real heading


def required_elements(
    linter: Linter, document: Document, report: FileReport
) -> list[RequiredElement]:
    """The required elements that run on this draft, in rule order."""
    selection = linter.config.selection_for(document.path)
    elements = []
    for checker in linter.engine.checkers:
        rule = checker.rule
        if rule.kind != _KIND or not selection.enabled(rule.id, rule.category, rule.enabled):
            continue
        options = KINDS[_KIND].parse(rule)
        findings = [d for d in report.diagnostics if d.rule == rule.id]
        if any(len(d.span) == 0 and not d.matched for d in findings):
            status = "missing"
        else:
            status = "empty" if findings else "present"
        heading, level = _naming_heading(rule, options.headings, document)
        elements.append(
            RequiredElement(rule.id, options.title, options.prompt, status, heading, level)
        )
    return elements


def heading_level(document: Document) -> int:
    """The level the draft uses for its sections (2 when it has none or only a title)."""
    levels = Counter(s.level for s in document.sections[1:] if s.level >= 2)
    return levels.most_common(1)[0][0] if levels else 2


def section_text(document: Document, title: str, prompt: str, level: int | None = None) -> str:
    """A new section: a heading (a title line in plain text) and the prompt as its body."""
    heading = (
        title
        if document.syntax == "text"
        else f"{'#' * (level or heading_level(document))} {title}"
    )
    return f"{heading}\n\n{prompt}\n" if prompt else f"{heading}\n"


def planned_insertion(
    document: Document, elements: list[RequiredElement], missing: RequiredElement
) -> tuple[int, str]:
    """Where (offset) and what to insert so that ``missing`` appears in a sensible place."""
    rank = {rule_id: number for number, rule_id in enumerate(PREFERRED_ORDER)}
    own = rank.get(missing.rule_id, len(PREFERRED_ORDER))
    later = [
        e
        for e in elements
        if e.heading is not None
        and e.status != "missing"
        and rank.get(e.rule_id, len(PREFERRED_ORDER)) > own
    ]
    text = document.text
    if later:
        target = min(later, key=lambda e: e.heading.start)  # type: ignore[union-attr]
        offset = _line_start(text, target.heading.start)  # type: ignore[union-attr]
        body = section_text(document, missing.title, missing.prompt, target.heading_level)
        before = "" if offset == 0 or text[:offset].endswith(("\n\n", "\r\n\r\n")) else "\n"
        return offset, before + body + "\n"
    body = section_text(document, missing.title, missing.prompt)
    if not text.strip():
        return len(text), body
    stripped = text.rstrip()
    return len(stripped), "\n\n" + body.rstrip("\n") + ("\n" if len(stripped) == len(text) else "")


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _naming_heading(
    rule: Rule, patterns: tuple[str, ...], document: Document
) -> tuple[Span | None, int | None]:
    regexes = _compiled(rule, patterns)
    if not regexes:
        return None, None
    for section in document.sections[1:]:
        if (
            section.heading
            and section.heading_span
            and any(r.search(section.heading) for r in regexes)
        ):
            return section.heading_span, section.level
    for block in document.blocks:
        if (
            block.kind != BlockKind.HEADING
            and block.label
            and block.label_span
            and any(r.search(block.label) for r in regexes)
        ):
            return block.to_source(block.label_span), None
    return None, None


@functools.lru_cache(maxsize=256)
def _compiled(rule: Rule, patterns: tuple[str, ...]) -> tuple:
    return tuple(compile_regex(p, rule.where("headings"), ignore_case=True) for p in patterns)
