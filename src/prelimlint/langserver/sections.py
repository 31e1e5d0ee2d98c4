"""The report's required elements (``required-section`` rules): present, missing or empty.

Code actions, completion and document symbols all need to know which essential elements a
draft has, where each one is, and where a missing one would sensibly go. The engine says
which are there and where (``FileReport.elements``, as the CLI's checklist shows them);
``scaffold.required_sections`` gives their prompts in reading order, as ``prelimlint new``
writes them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..api import Linter
from ..document import Document
from ..model import ElementStatus, FileReport, Span
from ..scaffold import required_sections

__all__ = [
    "RequiredElement",
    "heading_level",
    "planned_insertion",
    "required_elements",
    "section_text",
]

_STATUS = {
    ElementStatus.FOUND: "present",
    ElementStatus.EMPTY: "empty",
    ElementStatus.MISSING: "missing",
}


@dataclass(frozen=True, slots=True)
class RequiredElement:
    rule_id: str
    title: str
    prompt: str
    status: str  # "present" | "missing" | "empty"
    heading: Span | None  # where it was found: heading, lead-in label, passage or front matter
    heading_level: int | None  # its level when it is a real heading
    found_by: str = ""  # "heading" | "label" | "content" | "front-matter" | ""


def required_elements(
    linter: Linter, document: Document, report: FileReport
) -> list[RequiredElement]:
    """The required elements checked on this draft, in reading order."""
    found = {element.rule: element for element in report.elements}
    levels = {s.heading_span: s.level for s in document.sections[1:] if s.heading_span}
    elements = []
    for section in required_sections(linter.ruleset, lambda rule: rule.id in found):
        element = found[section.rule_id]
        heading = element.span if element.found_by == "heading" else None
        level = levels.get(heading) if heading is not None else None
        elements.append(
            RequiredElement(
                section.rule_id,
                element.title or section.title,
                section.prompt,
                _STATUS[element.status],
                element.span,
                level,
                element.found_by,
            )
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
    own = elements.index(missing)  # elements come in reading order
    later = [
        e
        for e in elements[own + 1 :]
        if e.heading is not None and e.status != "missing" and e.found_by in ("heading", "label")
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
