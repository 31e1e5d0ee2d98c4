"""Generated documentation stays in sync with the rule files."""

from __future__ import annotations

from pathlib import Path

from prelimlint.api import load_rules
from prelimlint.config import Config
from prelimlint.ruleset.docs import rules_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_docs_rules_md_is_current():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    expected = rules_markdown(load_rules(Config()))
    assert current == expected, (
        "docs/rules.md is stale: run `prelimlint rules --isolated --format markdown > docs/rules.md`"
    )


def test_every_rule_is_documented_and_self_consistent():
    for rule in load_rules(Config()):
        assert rule.path.endswith(f"{rule.category.value}/{rule.id.split('.', 1)[1]}.yml")
        assert len(rule.rationale.split()) >= 15, (
            f"{rule.id}: the rationale should explain why in a few sentences"
        )
        assert rule.summary and rule.message and rule.bad and rule.good
