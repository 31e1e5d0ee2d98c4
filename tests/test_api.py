"""The library API: lint(), Linter, Diagnostic."""

from __future__ import annotations

import dataclasses

import pytest

import prelimlint
from prelimlint import Category, Config, Diagnostic, Linter, Severity, lint


def test_public_api_names():
    assert {"lint", "Linter", "Diagnostic", "Config", "load_config"} <= set(prelimlint.__all__)


def test_lint_returns_frozen_diagnostics_with_exact_spans():
    text = "# Update\n\nThe outage was caused by a bad deploy.\n"
    diagnostics = lint(text, path="draft.md")
    root = [d for d in diagnostics if d.rule == "speculation.root-cause"]
    assert len(root) == 1
    assert text[root[0].span.start : root[0].span.end] == "caused by"
    assert root[0].category is Category.SPECULATION and root[0].severity is Severity.ERROR
    assert "caused by" in root[0].message
    with pytest.raises(dataclasses.FrozenInstanceError):
        root[0].message = "x"  # type: ignore[misc]
    assert isinstance(root[0], Diagnostic)


def test_linter_is_reusable_and_results_are_sorted(linter: Linter):
    first = linter.lint_text("Host db-01.prod.internal and 10.1.2.3 were restarted.", "a.md")
    second = linter.lint_text("Host db-01.prod.internal and 10.1.2.3 were restarted.", "a.md")
    assert first.diagnostics == second.diagnostics
    starts = [d.span.start for d in first.diagnostics]
    assert starts == sorted(starts)
    assert {"unsafe.internal-host", "unsafe.private-ip"} <= {d.rule for d in first.diagnostics}


def test_select_ignore_and_severity_overrides():
    text = "Engineers restarted db-01.prod.internal. The outage was caused by a bad deploy."
    only_unsafe = Linter(Config(select=("unsafe",))).lint_text(text, "d.md")
    assert {d.category for d in only_unsafe.diagnostics} == {Category.UNSAFE}
    ignoring = Linter(Config(ignore=("unsafe.*", "structure"))).lint_text(text, "d.md")
    assert not any(
        d.category in (Category.UNSAFE, Category.STRUCTURE) for d in ignoring.diagnostics
    )
    softer = Linter(Config(severity={"speculation.root-cause": "info"})).lint_text(text, "d.md")
    assert {d.severity for d in softer.diagnostics if d.rule == "speculation.root-cause"} == {
        Severity.INFO
    }


def test_unknown_rule_in_config_names_the_closest():
    with pytest.raises(prelimlint.ConfigError, match="did you mean 'speculation.root-cause'"):
        Linter(Config(ignore=("speculation.root-caus",)))


def test_fix_is_carried_on_the_diagnostic(linter: Linter):
    text = "It seems the cache failed. Customers saw errors."
    report = linter.lint_text(text, "d.md")
    hedged = [d for d in report.diagnostics if d.rule == "speculation.hedged-cause"][0]
    assert hedged.fix is not None
    assert text[hedged.fix.span.start : hedged.fix.span.end] == "It seems the cache failed."
    assert "postmortem" in hedged.fix.replacement


def test_plain_text_drafts(linter: Linter):
    report = linter.lint_text("Impact\n\nThe outage was caused by a bad deploy.\n", "draft.txt")
    assert "speculation.root-cause" in {d.rule for d in report.diagnostics}


@pytest.mark.model
def test_statistical_pipeline_finds_person_names(model_linter: Linter):
    report = model_linter.lint_text("Priya Raman rolled the change back at 14:40 UTC.", "d.md")
    assert "unsafe.person-name" in {d.rule for d in report.diagnostics}
    assert model_linter.pipeline.is_statistical and "ner" in model_linter.pipeline.provides


def test_missing_model_is_a_clear_error():
    with pytest.raises(
        prelimlint.ModelError, match="cannot load the spaCy pipeline 'no_such_model_xyz'"
    ):
        Linter(Config(model="no_such_model_xyz"))
