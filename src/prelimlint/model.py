"""Plain data shared by every layer: spans, severities, categories, fixes, diagnostics.

Offsets are code points into the linted text, end exclusive. Lines and columns exist
only at the edges (reporters, language server), computed with ``positions.LineIndex``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Category",
    "Diagnostic",
    "Element",
    "ElementStatus",
    "FileReport",
    "Fix",
    "Severity",
    "Span",
]


class Severity(StrEnum):
    """How serious a finding is; ``rank`` orders them for thresholds."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Category(StrEnum):
    """The rule families of the output contract."""

    STRUCTURE = "structure"
    SPECULATION = "speculation"
    UNSAFE = "unsafe"
    TIMING = "timing"
    COMMITMENT = "commitment"
    STYLE = "style"
    INTERNAL = "internal"  # prelimlint's own notices (a rule that crashed, a stale suppression)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range of code-point offsets ``[start, end)``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """True when the spans share a character (or one is empty and sits inside the other)."""
        if self.start == self.end or other.start == other.end:
            return other.start <= self.start <= other.end or self.start <= other.start <= self.end
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def shifted(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``span`` with ``replacement``; only ``safe`` fixes are applied by ``--fix``."""

    span: Span
    replacement: str
    description: str
    safe: bool = False


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule at one place of one text."""

    rule: str
    category: Category
    severity: Severity
    message: str
    span: Span
    fix: Fix | None = None
    matched: str = ""  # the source text the rule matched (for messages and reports)


class ElementStatus(StrEnum):
    """Whether a required element of the report (a ``required-section`` rule) is there."""

    FOUND = "found"
    EMPTY = "empty"  # its heading or label is there, with an empty or placeholder body
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Element:
    """Where a required element (impact, timeline, ...) was found, by the rule requiring it."""

    rule: str
    title: str  # the rule's ``title`` ("Impact", "What customers can do")
    status: ElementStatus
    span: Span | None = None  # heading, lead-in label, passage or front-matter value; None: missing
    found_by: str = ""  # "heading" | "label" | "content" | "front-matter" ("" when missing)


@dataclass(frozen=True, slots=True)
class FileReport:
    """Everything one lint of one text produced, with the text the spans point into."""

    path: str | None
    text: str
    diagnostics: tuple[Diagnostic, ...]
    notices: tuple[str, ...] = field(default=())  # run notices (skipped rules, ...)
    internal_errors: tuple[str, ...] = field(default=())  # rules that crashed (exit code 2)
    elements: tuple[Element, ...] = field(default=())  # required elements, in rule order

    def worst(self) -> Severity | None:
        """The highest severity among the diagnostics, or None when clean."""
        return max((d.severity for d in self.diagnostics), key=lambda s: s.rank, default=None)
