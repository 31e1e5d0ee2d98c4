"""Every example in every rule file is a test: bad examples fire their rule, good ones do not.

Examples run through the whole product path (Document -> NLP -> engine) with the default
pipeline; examples marked ``needs-model`` run with the statistical pipeline.
"""

from __future__ import annotations

import pytest

from prelimlint.api import Linter, load_rules
from prelimlint.config import Config
from prelimlint.model import FileReport

RULES = list(load_rules())


def _cases():
    for rule in RULES:
        for which, examples in (("bad", rule.bad), ("good", rule.good)):
            for number, example in enumerate(examples):
                yield pytest.param(rule, which, example, id=f"{rule.id}::{which}[{number}]")


_VOCABULARY_LINTERS: dict = {}


def _lint(linter, model_linter_factory, rule, example) -> FileReport:
    chosen = model_linter_factory() if example.needs_model else linter
    if example.vocabularies:
        key = (example.needs_model, example.vocabularies)
        if key not in _VOCABULARY_LINTERS:
            config = Config(model=chosen.config.model, vocabularies=dict(example.vocabularies))
            _VOCABULARY_LINTERS[key] = Linter(config)
        chosen = _VOCABULARY_LINTERS[key]
    return chosen.lint_text(example.text, example.path or "example.md")


def _apply_fixes(report: FileReport, rule_id: str) -> str:
    text = report.text
    fixes = sorted(
        {d.fix.span: d.fix for d in report.diagnostics if d.rule == rule_id and d.fix}.values(),
        key=lambda f: f.span.start,
        reverse=True,
    )
    for fix in fixes:
        text = text[: fix.span.start] + fix.replacement + text[fix.span.end :]
    return text


@pytest.mark.parametrize(("rule", "which", "example"), list(_cases()))
def test_rule_example(rule, which, example, linter, request):
    report = _lint(linter, lambda: request.getfixturevalue("model_linter"), rule, example)
    hits = [d for d in report.diagnostics if d.rule == rule.id]
    where = f"{rule.path}:{example.line}"
    if which == "good":
        assert not hits, f"{where}: good example fired: {[(h.matched, h.message) for h in hits]}"
        return
    assert hits, f"{where}: bad example did not fire {rule.id}: {example.text!r}"
    if example.match is not None:
        matched = [report.text[h.span.start : h.span.end] for h in hits]
        assert example.match in matched, (
            f"{where}: expected a match on {example.match!r}, got {matched}"
        )
    if example.count is not None:
        assert len(hits) == example.count, (
            f"{where}: expected {example.count} findings, got {len(hits)}"
        )
    if example.fixed is not None:
        assert _apply_fixes(report, rule.id) == example.fixed
