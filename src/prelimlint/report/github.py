"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

The runner turns each line into an annotation on the pull request's diff. Values are
escaped as the Actions toolkit does: ``%``, CR and LF everywhere, ``:`` and ``,`` in
properties. Columns are sent only for single-line spans, which is all GitHub accepts.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import FileReport, Severity
from .positions import index_for, locate

__all__ = ["escape_data", "escape_property", "format_github"]

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(reports: Sequence[FileReport], **_: object) -> str:
    lines = []
    for report in reports:
        index = index_for(report)
        for diagnostic in report.diagnostics:
            where = locate(index, diagnostic.span)
            properties = [f"file={escape_property(report.path or '<stdin>')}", f"line={where.line}"]
            if where.line == where.end_line:
                properties += [
                    f"col={where.column}",
                    f"endLine={where.end_line}",
                    f"endColumn={where.end_column}",
                ]
            else:
                properties.append(f"endLine={where.end_line}")
            properties.append(f"title={escape_property(f'prelimlint {diagnostic.rule}')}")
            lines.append(
                f"::{_COMMANDS[diagnostic.severity]} {','.join(properties)}"
                f"::{escape_data(diagnostic.message)}"
            )
    return "\n".join(lines)
