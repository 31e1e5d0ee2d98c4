"""Human-readable output: ``path:line:col: severity [rule] message``, the line and a caret."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import FileReport, Severity
from .positions import index_for, locate

__all__ = ["format_text", "summary_line"]

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_MAX_SHOWN = 160


def format_text(reports: Sequence[FileReport], *, color: bool = False, **_: object) -> str:
    lines: list[str] = []
    for report in reports:
        index = index_for(report)
        for diagnostic in report.diagnostics:
            where = locate(index, diagnostic.span)
            severity = diagnostic.severity.value
            if color:
                severity = f"{_COLORS[diagnostic.severity]}{severity}{_RESET}"
            rule = f"{_DIM}[{diagnostic.rule}]{_RESET}" if color else f"[{diagnostic.rule}]"
            path = report.path or "<stdin>"
            lines.append(
                f"{path}:{where.line}:{where.column}: {severity} {rule} {diagnostic.message}"
            )
            source = index.line_text(where.line - 1).replace("\t", " ")
            if source.strip():
                start = where.column - 1
                end = where.end_column - 1 if where.end_line == where.line else len(source)
                if start > _MAX_SHOWN:  # long lines: show a window around the span
                    shift = start - 40
                    source, start, end = "…" + source[shift:], start - shift + 1, end - shift + 1
                source = source[:_MAX_SHOWN]
                width = max(1, min(end, len(source)) - start)
                lines.append(f"  {source}")
                caret = " " * start + "^" * width
                lines.append(f"  {_BOLD}{caret}{_RESET}" if color else f"  {caret}")
    lines.append(summary_line(reports))
    return "\n".join(lines)


def summary_line(reports: Sequence[FileReport]) -> str:
    counts = {severity: 0 for severity in Severity}
    for report in reports:
        for diagnostic in report.diagnostics:
            counts[diagnostic.severity] += 1
    total = sum(counts.values())
    files = len(reports)
    noun = "file" if files == 1 else "files"
    if not total:
        return f"No problems found in {files} {noun}."
    parts = [
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    return (
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files} {noun}."
    )
