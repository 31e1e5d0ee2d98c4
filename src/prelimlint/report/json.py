"""The JSON output contract (see docs/output.md): one object with every file's diagnostics."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..model import FileReport
from .positions import index_for, locate

__all__ = ["format_json", "report_to_dict"]


def report_to_dict(report: FileReport) -> dict:
    index = index_for(report)
    diagnostics = []
    for diagnostic in report.diagnostics:
        where = locate(index, diagnostic.span)
        fix = None
        if diagnostic.fix is not None:
            fix_where = locate(index, diagnostic.fix.span)
            fix = {
                "replacement": diagnostic.fix.replacement,
                "description": diagnostic.fix.description,
                "safe": diagnostic.fix.safe,
                "line": fix_where.line,
                "column": fix_where.column,
                "end_line": fix_where.end_line,
                "end_column": fix_where.end_column,
            }
        diagnostics.append(
            {
                "rule": diagnostic.rule,
                "category": diagnostic.category.value,
                "severity": diagnostic.severity.value,
                "message": diagnostic.message,
                "line": where.line,
                "column": where.column,
                "end_line": where.end_line,
                "end_column": where.end_column,
                "fix": fix,
            }
        )
    return {"path": report.path or "<stdin>", "diagnostics": diagnostics}


def format_json(reports: Sequence[FileReport], **_: object) -> str:
    return json.dumps(
        {"version": 1, "files": [report_to_dict(r) for r in reports]}, indent=2, ensure_ascii=False
    )
