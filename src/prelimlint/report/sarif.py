"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` carries every rule's metadata (name, summary, rationale,
help rendered from the rule file, default level) so a viewer can explain each alert.
Paths are relative to ``%SRCROOT%`` (the current folder) and columns count code points,
as ``columnKind`` says. ``partialFingerprints`` keep an alert stable when lines move.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from ..model import Diagnostic, FileReport, Fix, Severity
from ..positions import LineIndex
from ..ruleset import Rule
from ..ruleset.docs import explain_rule, rule_markdown
from .positions import index_for, locate

__all__ = ["SARIF_SCHEMA", "format_sarif", "sarif_log"]

SARIF_SCHEMA = (
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
)
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_ROOT = "%SRCROOT%"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("prelimlint")
    except PackageNotFoundError:
        return "0"


def _rule_name(rule_id: str) -> str:
    """'unsafe.internal-host' -> 'UnsafeInternalHost' (SARIF's friendly name)."""
    return "".join(part.capitalize() for part in rule_id.replace(".", "-").split("-"))


def _descriptor(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {"text": explain_rule(rule), "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.severity], "enabled": rule.enabled},
        "properties": {"tags": [rule.category.value], "kind": rule.kind},
    }


def _uri(path: str | None, root: Path) -> str:
    if path is None:
        return "stdin"
    absolute = Path(path).absolute()
    try:
        return quote(absolute.relative_to(root).as_posix())
    except ValueError:
        return absolute.as_uri()


def _region(index: LineIndex, start: int, end: int) -> dict:
    from ..model import Span

    where = locate(index, Span(start, end))
    return {
        "startLine": where.line,
        "startColumn": where.column,
        "endLine": where.end_line,
        "endColumn": where.end_column,
    }


def _fingerprint(report: FileReport, diagnostic: Diagnostic, occurrence: int) -> str:
    """Stable across edits elsewhere in the file: rule, file, matched text and its occurrence."""
    matched = diagnostic.matched or report.text[diagnostic.span.start : diagnostic.span.end]
    key = "\0".join(
        [diagnostic.rule, report.path or "", " ".join(matched.split()), str(occurrence)]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _fix(fix: Fix, location: dict, index: LineIndex) -> dict:
    return {
        "description": {
            "text": fix.description + ("" if fix.safe else " (review before applying)")
        },
        "artifactChanges": [
            {
                "artifactLocation": location,
                "replacements": [
                    {
                        "deletedRegion": _region(index, fix.span.start, fix.span.end),
                        "insertedContent": {"text": fix.replacement},
                    }
                ],
            }
        ],
    }


def _results(report: FileReport, rule_index: dict[str, int], root: Path) -> list[dict]:
    index = index_for(report)
    location = {"uri": _uri(report.path, root), "uriBaseId": _ROOT}
    seen: dict[tuple[str, str], int] = {}
    results = []
    for diagnostic in report.diagnostics:
        region = _region(index, diagnostic.span.start, diagnostic.span.end)
        key = (diagnostic.rule, diagnostic.matched)
        seen[key] = seen.get(key, 0) + 1
        result: dict[str, object] = {
            "ruleId": diagnostic.rule,
            "level": _LEVELS[diagnostic.severity],
            "message": {"text": diagnostic.message},
            "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
            "partialFingerprints": {"prelimlint/v1": _fingerprint(report, diagnostic, seen[key])},
        }
        if diagnostic.rule in rule_index:
            result["ruleIndex"] = rule_index[diagnostic.rule]
        if diagnostic.fix is not None:
            result["fixes"] = [_fix(diagnostic.fix, location, index)]
        results.append(result)
    return results


def sarif_log(
    reports: Sequence[FileReport], rules: Iterable[Rule] = (), root: Path | None = None
) -> dict:
    """The SARIF log as a JSON-ready dict."""
    root = (root or Path.cwd()).absolute()
    rules = list(rules or ())
    rule_index = {rule.id: number for number, rule in enumerate(rules)}
    notices = list(dict.fromkeys(n for r in reports for n in r.notices))
    errors = list(dict.fromkeys(e for r in reports for e in r.internal_errors))
    notifications = [{"level": "warning", "message": {"text": text}} for text in notices]
    notifications += [{"level": "error", "message": {"text": text}} for text in errors]
    invocation: dict = {"executionSuccessful": not errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "prelimlint",
                        "version": _version(),
                        "rules": [_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {_ROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [
                    result for report in reports for result in _results(report, rule_index, root)
                ],
            }
        ],
    }


def format_sarif(
    reports: Sequence[FileReport],
    *,
    rules: Iterable[Rule] = (),
    root: Path | None = None,
    **_: object,
) -> str:
    return json.dumps(sarif_log(reports, rules, root), indent=2, ensure_ascii=False)
