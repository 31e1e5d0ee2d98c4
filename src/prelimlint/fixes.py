"""Applying fixes: pick non-overlapping ones, apply them, lint again, repeat until nothing changes.

Shared by ``prelimlint check --fix`` / ``--diff`` and editors (code actions). Only fixes a
rule marks ``safe`` are applied unless asked otherwise: a safe fix is a mechanical rewrite
that cannot change what the draft says.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import Diagnostic, FileReport, Fix, Span

__all__ = ["MAX_PASSES", "FixResult", "apply_fixes", "choose_fixes", "fix_text", "unified_diff"]

MAX_PASSES = 10  # a rule whose fix re-triggers a rule cannot make --fix loop for ever


@dataclass(frozen=True, slots=True)
class FixResult:
    """The outcome of fixing one text."""

    text: str  # the text after all passes
    first: FileReport  # the lint of the original text
    report: FileReport  # the lint of ``text``: what remains
    applied: int  # fixes applied over all passes
    passes: int  # passes that changed the text
    settled: bool  # False when MAX_PASSES ran out with fixes still pending


def choose_fixes(
    text: str, diagnostics: Iterable[Diagnostic], *, include_unsafe: bool = False
) -> list[Fix]:
    """The largest set of non-overlapping fixes, earliest first; no-op fixes are dropped."""
    candidates: dict[tuple[Span, str], Fix] = {}
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not (fix.safe or include_unsafe):
            continue
        if text[fix.span.start : fix.span.end] == fix.replacement:
            continue
        candidates.setdefault((fix.span, fix.replacement), fix)
    chosen: list[Fix] = []
    # interval scheduling: taking the fix that ends first keeps the most fixes
    for fix in sorted(candidates.values(), key=lambda f: (f.span.end, f.span.start, f.replacement)):
        if not chosen or not chosen[-1].span.overlaps(fix.span):
            chosen.append(fix)
    return chosen


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """Apply non-overlapping fixes (raises ValueError when two overlap)."""
    ordered = sorted(fixes, key=lambda f: (f.span.start, f.span.end))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.span.overlaps(after.span):
            raise ValueError(f"overlapping fixes at {before.span} and {after.span}")
    for fix in reversed(ordered):
        text = text[: fix.span.start] + fix.replacement + text[fix.span.end :]
    return text


def fix_text(
    text: str,
    lint: Callable[[str], FileReport],
    *,
    include_unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FixResult:
    """Fix ``text`` until no applicable fix remains (or ``max_passes`` ran out)."""
    first = report = lint(text)
    applied = passes = 0
    while True:
        chosen = choose_fixes(text, report.diagnostics, include_unsafe=include_unsafe)
        if not chosen:
            return FixResult(text, first, report, applied, passes, settled=True)
        if passes == max_passes:
            return FixResult(text, first, report, applied, passes, settled=False)
        text = apply_fixes(text, chosen)
        applied += len(chosen)
        passes += 1
        report = lint(text)


def unified_diff(path: str, before: str, after: str) -> str:
    """A ``diff -u`` style patch from ``before`` to ``after`` (empty when they are equal)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        f"a/{path.lstrip('/')}",
        f"b/{path.lstrip('/')}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
