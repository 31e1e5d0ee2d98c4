"""Test helpers: linters built from inline synthetic rules (never the shipped pack)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from prelimlint import Linter
from prelimlint.config import Config


def write_rule(folder: Path, rule_id: str, body: str) -> Path:
    """Write ``rules/<category>/<name>.yml`` with the common keys filled in."""
    category, name = rule_id.split(".", 1)
    path = folder / category / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = textwrap.dedent(
        f"""\
        id: {rule_id}
        category: {category}
        severity: warning
        summary: A synthetic rule for tests.
        message: "found '{{match}}'"
        rationale: Tests need a rule that does exactly one thing.
        examples:
          bad: [placeholder]
          good: [placeholder]
        """
    )
    body = textwrap.dedent(body)
    if "\nmessage:" in "\n" + body:  # the rule sets its own message
        header = (
            "\n".join(line for line in header.splitlines() if not line.startswith("message:"))
            + "\n"
        )
    path.write_text(header + body, encoding="utf-8")
    return path


def linter_for(folder: Path, model: str | None = None, **config) -> Linter:
    return Linter(Config(extra_rules=(folder,), builtin_rules=False, model=model, **config))


def hits(
    linter: Linter, text: str, rule_id: str | None = None, path: str = "draft.md"
) -> list[str]:
    report = linter.lint_text(text, path)
    return [
        report.text[d.span.start : d.span.end]
        for d in report.diagnostics
        if rule_id in (None, d.rule)
    ]
