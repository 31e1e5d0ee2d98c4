"""Load YAML rule files into a validated, immutable ``RuleSet``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import PrelimlintError, RuleFileError
from ..yamlio import LineDict, LineList, load_yaml, read_yaml_documents
from .discovery import builtin_rules_dir, expected_id, rule_files
from .schema import Example, FixSpec, Rule, Where, closest, parse_rule, vocabularies_read

__all__ = [
    "Example",
    "FixSpec",
    "LineDict",
    "LineList",
    "Rule",
    "RuleSet",
    "Where",
    "builtin_rules_dir",
    "closest",
    "load_rule_text",
    "load_ruleset",
    "load_yaml",
    "read_yaml_documents",
    "vocabularies_read",
]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules by id, in a stable order (built-in first, then user folders)."""

    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        """A rule by id or alias."""
        for rule in self.rules:
            if rule.id == rule_id or rule_id in rule.aliases:
                return rule
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


def load_rule_text(
    text: str, path: str, kind_names: tuple[str, ...], expect: str | None = None
) -> Rule:
    """Parse one rule from YAML text."""
    return parse_rule(load_yaml(text, path), path, expect, kind_names)


def load_ruleset(
    folders: Iterable[Path], kind_names: tuple[str, ...], *, include_builtin: bool = True
) -> RuleSet:
    """Load the built-in pack and then each folder; a later rule replaces one with its id."""
    roots = ([builtin_rules_dir()] if include_builtin else []) + [Path(f) for f in folders]
    by_id: dict[str, Rule] = {}
    for root in roots:
        if not root.is_dir():
            raise RuleFileError("rule folder does not exist", path=str(root))
        seen_here: dict[str, str] = {}
        for path in rule_files(root):
            shown = str(path)
            try:
                raw = read_yaml_documents(path)
            except PrelimlintError as error:
                raise RuleFileError(error.problem, path=error.path, line=error.line) from None
            rule = parse_rule(raw, shown, expected_id(path, root), kind_names)
            if rule.id in seen_here:
                raise RuleFileError(
                    f"duplicate rule id '{rule.id}' (also in {seen_here[rule.id]})",
                    path=shown,
                    line=rule.line,
                )
            seen_here[rule.id] = shown
            by_id[rule.id] = rule  # a user rule replaces the built-in one with its id
    return RuleSet(tuple(by_id.values()))
