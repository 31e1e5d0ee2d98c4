"""JUnit XML: one test case per file, failed when a finding reaches the file's fail threshold.

CI systems (GitLab, Jenkins, Azure) show each draft as a test. Findings below the
threshold are listed in the test case's ``system-out``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence

from ..model import FileReport, Severity
from .positions import index_for, locate

__all__ = ["format_junit"]

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters, even escaped."""
    return _NOT_XML.sub("\ufffd", text)


def _line(report: FileReport, index, diagnostic) -> str:
    where = locate(index, diagnostic.span)
    path = report.path or "<stdin>"
    severity, rule = diagnostic.severity.value, diagnostic.rule
    return f"{path}:{where.line}:{where.column}: {severity} [{rule}] {diagnostic.message}"


def format_junit(
    reports: Sequence[FileReport], *, thresholds: Sequence[Severity] | None = None, **_: object
) -> str:
    thresholds = thresholds or [Severity.ERROR] * len(reports)
    suites = ElementTree.Element("testsuites", name="prelimlint")
    suite = ElementTree.SubElement(suites, "testsuite", name="prelimlint")
    failures = 0
    for report, threshold in zip(reports, thresholds, strict=True):
        index = index_for(report)
        path = _clean(report.path or "<stdin>")
        case = ElementTree.SubElement(
            suite, "testcase", classname="prelimlint", name=path, file=path, time="0"
        )
        failing = [d for d in report.diagnostics if d.severity.rank >= threshold.rank]
        others = [d for d in report.diagnostics if d.severity.rank < threshold.rank]
        if failing:
            failures += 1
            noun = "problem" if len(failing) == 1 else "problems"
            failure = ElementTree.SubElement(
                case,
                "failure",
                type="prelimlint",
                message=f"{len(failing)} {noun} at or above {threshold.value}",
            )
            failure.text = _clean("\n".join(_line(report, index, d) for d in failing))
        if others:
            ElementTree.SubElement(case, "system-out").text = _clean(
                "\n".join(_line(report, index, d) for d in others)
            )
    for element in (suites, suite):
        element.set("tests", str(len(reports)))
        element.set("failures", str(failures))
        element.set("errors", "0")
    suite.set("skipped", "0")
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(
        suites, encoding="unicode"
    )
