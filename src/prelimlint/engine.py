"""Compile rules into checkers and run them over an ``Analysis``; findings become diagnostics.

The engine alone maps spans to the source, formats messages, applies selections,
severity overrides and inline suppressions, isolates a rule that crashes, and sorts.
Block findings are cached by block content, so an editor keystroke re-checks only the
paragraph it changed.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .config import RuleSelection
from .kinds import (
    KINDS,
    BlockContext,
    Checker,
    CompileContext,
    DocumentContext,
    Finding,
    SharedMatchers,
)
from .model import Category, Diagnostic, Element, Fix, Severity, Span
from .nlp import Analysis, BlockAnalysis, Pipeline
from .ruleset import Rule
from .suppressions import Unused, apply_suppressions

__all__ = ["CRASH_RULE_VARIABLE", "Engine", "RunResult", "rule_needs"]

log = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def rule_needs(rule: Rule) -> frozenset[str]:
    """What the pipeline must provide for ``rule`` (validates the rule's options)."""
    kind = KINDS[rule.kind]
    return kind.needs(kind.parse(rule))


@dataclass(frozen=True, slots=True)
class RunResult:
    diagnostics: tuple[Diagnostic, ...]
    internal_errors: tuple[str, ...] = ()
    elements: tuple[Element, ...] = ()  # required elements of the report, where found


@dataclass(slots=True)
class _BlockResult:
    matches: Mapping[str, list[tuple[int, int]]]
    findings: dict[str, list[Finding]] = field(default_factory=dict)


class Engine:
    """Compiled checkers for one rule set and one pipeline; safe to share between threads."""

    def __init__(
        self,
        rules: Iterable[Rule],
        pipeline: Pipeline,
        vocabularies: Mapping[str, tuple[str, ...]],
        cache_size: int = 8192,
        catalogue: Iterable[Rule] | None = None,
        vocabulary_where: object | None = None,
    ) -> None:
        rules = list(rules)
        # every rule prelimlint knows (also disabled ones), so suppressions can tell stale from unknown
        known = list(catalogue) if catalogue is not None else rules
        self.known = {rule.id: rule.category.value for rule in known}
        self.aliases = {alias: rule.id for rule in known for alias in rule.aliases}
        self.pipeline = pipeline
        self.matchers = SharedMatchers(pipeline)
        context = CompileContext(pipeline, self.matchers, vocabularies, vocabulary_where)
        self.checkers: list[Checker] = []
        self.skipped: list[tuple[Rule, frozenset[str]]] = []
        for rule in rules:
            kind = KINDS[rule.kind]
            options = kind.parse(rule)
            missing = kind.needs(options) - pipeline.provides
            if missing:
                self.skipped.append((rule, frozenset(missing)))
                continue
            self.checkers.append(kind.compile(rule, options, context))
        _install_crash_rules(self.checkers)
        self._rules = {c.rule.id: c.rule for c in self.checkers}
        self._cacheable = [c for c in self.checkers if not c.reads_document]
        self._uncached = [c for c in self.checkers if c.reads_document]
        self._cache: OrderedDict[tuple, _BlockResult] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(c.rule.id for c in self.checkers)

    def notices(self) -> list[str]:
        return [
            f"rule {rule.id} needs a statistical spaCy pipeline ({', '.join(sorted(missing))}) and was "
            f"skipped; enable one with --model or 'model:' in the config"
            for rule, missing in self.skipped
        ]

    # ------------------------------------------------------------------ running

    def run(self, analysis: Analysis, selection: RuleSelection) -> RunResult:
        active = {
            c.rule.id
            for c in self.checkers
            if selection.enabled(c.rule.id, c.rule.category, c.rule.enabled)
        }
        diagnostics: list[Diagnostic] = []
        errors: list[str] = []
        block_matches: dict[int, Mapping[str, list[tuple[int, int]]]] = {}
        for block in analysis.blocks:
            heading = analysis.document.sections[block.block.section].heading or ""
            result = self._block_result(analysis, block, heading, errors)
            block_matches[block.index] = result.matches
            for rule_id, found in result.findings.items():  # only the rules that found something
                if rule_id in active:
                    rule = self._rules[rule_id]
                    diagnostics.extend(self._from_block(rule, block, finding) for finding in found)
            if not self._uncached:
                continue
            context = BlockContext(analysis, block, result.matches, heading)
            for checker in self._uncached:
                if checker.rule.id in active:
                    for finding in self._safely(
                        checker, lambda c=checker, at=context: c.check_block(at), errors
                    ):
                        diagnostics.append(self._from_block(checker.rule, block, finding))
        document_context = DocumentContext(analysis, block_matches)
        elements: list[Element] = []
        for checker in self.checkers:
            if checker.rule.id in active:
                for finding in self._safely(
                    checker, lambda c=checker: c.check_document(document_context), errors
                ):
                    if isinstance(finding, Element):
                        elements.append(finding)
                        continue
                    diagnostics.append(
                        self._diagnostic(
                            checker.rule, finding, finding.span, None, analysis.document.text
                        )
                    )
        for message, rule in errors_as_rules(errors, self.checkers):
            diagnostics.append(
                Diagnostic(rule.id, rule.category, Severity.ERROR, message, Span(0, 0))
            )
        diagnostics = self._suppressed(analysis, diagnostics, active)
        diagnostics = [_with_severity(d, selection) for d in diagnostics]
        unique = {(d.rule, d.span, d.message): d for d in diagnostics}
        ordered = sorted(unique.values(), key=lambda d: (d.span.start, d.span.end, d.rule))
        crashed = tuple(message for message, _ in errors_as_rules(errors, self.checkers))
        return RunResult(tuple(ordered), crashed, tuple(elements))

    def _suppressed(
        self, analysis: Analysis, diagnostics: list[Diagnostic], active: set[str]
    ) -> list[Diagnostic]:
        """Apply inline suppressions; rules of kind ``suppression`` report the directives that did nothing."""
        reporters = [
            c.rule for c in self.checkers if c.rule.kind == "suppression" and c.rule.id in active
        ]

        def report_unused(unused: Unused) -> list[Diagnostic]:
            span = unused.directive.span
            matched = analysis.document.text[span.start : span.end]
            finding = Finding(
                span, matched, params={"directive": unused.directive.text, "detail": unused.detail}
            )
            return [
                self._diagnostic(rule, finding, span, None, analysis.document.text)
                for rule in reporters
            ]

        return apply_suppressions(
            analysis.document,
            diagnostics,
            active={c.rule.id: c.rule.category.value for c in self.checkers if c.rule.id in active},
            known=self.known,
            aliases=self.aliases,
            report_unused=report_unused if reporters else None,
        )

    def _block_result(
        self, analysis: Analysis, block: BlockAnalysis, heading: str, errors: list[str]
    ) -> _BlockResult:
        item = block.block
        key = (item.text, item.kind, item.label, item.label_span, item.code, heading)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        result = _BlockResult(self.matchers.run(block.doc))
        context = BlockContext(analysis, block, result.matches, heading)
        for checker in self._cacheable:
            found = self._safely(checker, lambda c=checker: c.check_block(context), errors)
            if found:
                result.findings[checker.rule.id] = found
        if not errors:  # never cache a block whose check crashed
            with self._lock:
                self._cache[key] = result
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return result

    @staticmethod
    def _safely(checker: Checker, run, errors: list[str]) -> list[Finding]:
        """Run one checker; a crash is recorded (never hides the other rules)."""
        try:
            return list(run())
        except Exception as error:  # noqa: BLE001 - a broken rule must not stop the others
            log.exception("rule %s raised", checker.rule.id)
            detail = " ".join(str(error).split())[:300]  # one line, whatever the exception says
            errors.append(
                f"{checker.rule.id}\0internal error in rule {checker.rule.id}: "
                f"{type(error).__name__}: {detail}; the other rules ran. Please report this."
            )
            return []

    def _from_block(self, rule: Rule, block: BlockAnalysis, finding: Finding) -> Diagnostic:
        source = block.block.to_source(finding.span)
        fix_span = None
        if rule.fix is not None:
            prose_fix = finding.fix_span or (
                block.sentence_of(finding.span) if rule.fix.scope == "sentence" else finding.span
            )
            fix_span = block.block.to_source(prose_fix)
        return self._diagnostic(rule, finding, source, fix_span, None, block)

    def _diagnostic(
        self,
        rule: Rule,
        finding: Finding,
        span: Span,
        fix_span: Span | None,
        text: str | None,
        block: BlockAnalysis | None = None,
    ) -> Diagnostic:
        params = {"match": finding.matched, **finding.params}
        if block is not None:
            sentence = block.sentence_of(finding.span)
            params.setdefault("sentence", block.block.text[sentence.start : sentence.end])
        message = _format(rule.message, params)
        fix = None
        if rule.fix is not None:
            replacement = (
                finding.replacement
                if finding.replacement is not None
                else _format(rule.fix.replacement, params)
            )
            fix = Fix(
                fix_span or span, replacement, _format(rule.fix.description, params), rule.fix.safe
            )
        return Diagnostic(
            rule.id, rule.category, rule.severity, message, span, fix, finding.matched
        )


# A debugging aid, documented in the README: the rules named here (comma-separated ids) raise
# whenever they run, so the isolation of a crashing rule can be tested end to end (CLI, pool
# workers, the language server) with real processes. Every built-in rule has been made robust
# against every input the tests and fuzzers found, so no draft triggers it on purpose.
CRASH_RULE_VARIABLE = "PRELIMLINT_CRASH_RULE"


def _install_crash_rules(checkers: list[Checker]) -> None:
    import os

    named = {
        part.strip() for part in os.environ.get(CRASH_RULE_VARIABLE, "").split(",") if part.strip()
    }
    for checker in checkers:
        if checker.rule.id in named:
            log.warning("%s is set: rule %s will raise", CRASH_RULE_VARIABLE, checker.rule.id)

            def crash(*_args, rule_id=checker.rule.id, **_kwargs):
                raise RuntimeError(f"{CRASH_RULE_VARIABLE} asked rule {rule_id} to crash")

            checker.check_block = crash  # type: ignore[method-assign]
            checker.check_document = crash  # type: ignore[method-assign]


def errors_as_rules(errors: list[str], checkers: list[Checker]) -> list[tuple[str, Rule]]:
    """One (message, rule) per rule that crashed: the first crash (it may crash on every block)."""
    by_id = {c.rule.id: c.rule for c in checkers}
    result: dict[str, tuple[str, Rule]] = {}
    for entry in errors:
        rule_id, _, message = entry.partition("\0")
        result.setdefault(rule_id, (message, by_id[rule_id]))
    return list(result.values())


def _with_severity(diagnostic: Diagnostic, selection: RuleSelection) -> Diagnostic:
    override = selection.severity_for(diagnostic.rule, diagnostic.category)
    if override and override != "off" and diagnostic.category is not Category.INTERNAL:
        from dataclasses import replace

        return replace(diagnostic, severity=Severity(override))
    return diagnostic


def _format(template: str, params: Mapping[str, str]) -> str:
    """Fill {name} placeholders that have values; leave anything else as written."""
    return _PLACEHOLDER.sub(
        lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), template
    )
