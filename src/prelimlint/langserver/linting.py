"""Lint one snapshot of a draft (in the lint thread) and turn the report into LSP diagnostics.

Nothing here raises: a config that cannot be loaded, a rule that crashed or a bug becomes a
single diagnostic at the top of the draft and a ``problem`` the server shows once.
"""

from __future__ import annotations

import functools
import logging
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from ..api import Linter
from ..errors import PrelimlintError
from ..model import FileReport, Span
from ..ruleset import builtin_rules_dir
from ..ruleset.docs import rule_anchor
from .convert import ENCODINGS, SOURCE, PositionCodec, to_lsp_diagnostic
from .scheduler import Snapshot
from .settings import Settings
from .workspace import LinterChoice, LinterPool

__all__ = ["LintResult", "lint_snapshot", "rule_href"]

log = logging.getLogger(__name__)
PROBLEM_CODE = (
    "prelimlint"  # the code of a diagnostic that is about prelimlint itself, not the draft
)


@dataclass(frozen=True, slots=True)
class LintResult:
    snapshot: Snapshot
    codec: PositionCodec
    diagnostics: tuple[
        types.Diagnostic, ...
    ]  # what the editor shows (after the severity threshold)
    report: FileReport | None = None
    linter: Linter | None = None
    problem: str | None = None  # why linting failed or a rule crashed: shown once in the editor


def lint_snapshot(
    snapshot: Snapshot, pool: LinterPool, settings: Settings, encoding: str
) -> LintResult:
    """Lint ``snapshot`` with the linter its configuration selects."""
    started, cpu = time.perf_counter(), time.thread_time()
    try:
        return _lint(snapshot, pool, settings, encoding)
    finally:
        log.debug(
            "linted %s version %s in %.1f ms (%.1f ms CPU)",
            snapshot.uri,
            snapshot.version,
            (time.perf_counter() - started) * 1000,
            (time.thread_time() - cpu) * 1000,
        )


def _lint(snapshot: Snapshot, pool: LinterPool, settings: Settings, encoding: str) -> LintResult:
    codec = PositionCodec(snapshot.text, encoding if encoding in ENCODINGS else "utf-16")
    try:
        choice = pool.choose(snapshot.path, settings)
        if choice.linter is None:
            return _failed(snapshot, codec, choice.error or "cannot lint", choice)
        linter = choice.linter
        report = linter.lint_text(
            snapshot.text, str(snapshot.path) if snapshot.path else None, snapshot.syntax
        )
        href = functools.partial(rule_href, linter)
        shown = tuple(
            to_lsp_diagnostic(d, codec, href)
            for d in report.diagnostics
            if settings.shows(d.severity)
        )
        problem = "; ".join(report.internal_errors) or None
        return LintResult(snapshot, codec, shown, report, linter, problem)
    except PrelimlintError as error:
        return _failed(snapshot, codec, str(error), None)
    except Exception as error:  # a bug: report it in the editor and keep serving
        log.exception("internal error while linting %s", snapshot.uri)
        return _failed(snapshot, codec, f"internal error: {type(error).__name__}: {error}", None)


_HREFS: weakref.WeakKeyDictionary[Linter, dict[str, str | None]] = weakref.WeakKeyDictionary()


def rule_href(linter: Linter, rule_id: str) -> str | None:
    """Where a rule is documented: docs/rules.md for the built-in pack, else the rule's own file."""
    known = _HREFS.setdefault(
        linter, {}
    )  # resolving paths for every diagnostic of every lint is slow
    if rule_id not in known:
        known[rule_id] = _find_href(linter, rule_id)
    return known[rule_id]


def _find_href(linter: Linter, rule_id: str) -> str | None:
    rule = linter.rule(rule_id)
    if rule is None or not rule.path:
        return None
    path = Path(rule.path).resolve()
    if path.is_relative_to(builtin_rules_dir().resolve()):
        return f"{_docs_url()}#{rule_anchor(rule.id)}"
    return path.as_uri()


@functools.cache
def _docs_url() -> str:
    from importlib.metadata import PackageNotFoundError, metadata

    homepage = "https://example.invalid/prelimlint"
    try:
        for entry in metadata("prelimlint").get_all("Project-URL") or ():
            name, _, url = entry.partition(",")
            if name.strip().lower() == "homepage" and url.strip():
                homepage = url.strip().rstrip("/")
    except PackageNotFoundError:
        pass
    return f"{homepage}/blob/main/docs/rules.md"


def _failed(
    snapshot: Snapshot, codec: PositionCodec, message: str, choice: LinterChoice | None
) -> LintResult:
    first_line = Span(0, codec.index.line_end(0))
    related = None
    if choice is not None and choice.error_path is not None:
        line = max((choice.error_line or 1) - 1, 0)
        where = types.Location(
            uri=choice.error_path.resolve().as_uri(),
            range=types.Range(types.Position(line, 0), types.Position(line, 0)),
        )
        related = [
            types.DiagnosticRelatedInformation(location=where, message="the problem is here")
        ]
    diagnostic = types.Diagnostic(
        range=codec.range(first_line),
        message=f"prelimlint cannot check this draft: {message}",
        severity=types.DiagnosticSeverity.Error,
        code=PROBLEM_CODE,
        source=SOURCE,
        related_information=related,
    )
    return LintResult(snapshot, codec, (diagnostic,), problem=message)
