"""The rule schema: a YAML mapping becomes a frozen ``Rule`` or a ``path:line`` error.

Common keys are checked here; the keys of each kind are checked by that kind (see
``kinds``), so ``Rule.options`` holds the remaining keys untouched.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import RuleFileError
from ..model import Category, Severity
from ..yamlio import LineDict, LineList

__all__ = [
    "COMMON_KEYS",
    "VOCABULARY_KEYS",
    "Example",
    "FixSpec",
    "Rule",
    "Where",
    "parse_rule",
    "vocabularies_read",
]

COMMON_KEYS = (
    "id",
    "category",
    "severity",
    "kind",
    "summary",
    "message",
    "rationale",
    "fix",
    "examples",
    "enabled",
    "aliases",
)
_REQUIRED = ("id", "category", "severity", "kind", "summary", "message", "rationale", "examples")
_ID = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIX_KEYS = ("replace", "scope", "safe", "description")
_EXAMPLE_KEYS = (
    "text",
    "match",
    "count",
    "fixed",
    "path",
    "needs-model",
    "vocabularies",
    "repeat",
    "note",
)
_RULE_CATEGORIES = [c.value for c in Category if c is not Category.INTERNAL]


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a YAML file, for error messages."""

    path: str
    line: int

    def error(self, problem: str) -> RuleFileError:
        return RuleFileError(problem, path=self.path, line=self.line)

    def at(self, mapping: Any, key: str | int) -> Where:
        if isinstance(mapping, LineDict):
            return Where(self.path, mapping.line_of(str(key)))
        if isinstance(mapping, LineList) and isinstance(key, int):
            return Where(self.path, mapping.line_of(key))
        return self


@dataclass(frozen=True, slots=True)
class Example:
    """A text that must (bad) or must not (good) make its rule fire."""

    text: str
    line: int
    match: str | None = None  # the matched source text of at least one finding
    count: int | None = None  # exact number of findings
    fixed: str | None = None  # the text after applying the rule's fixes
    path: str | None = None  # a pretend file name, e.g. "draft.txt" for plain text
    needs_model: bool = False  # only checked with a statistical pipeline
    vocabularies: tuple[
        tuple[str, tuple[str, ...]], ...
    ] = ()  # company vocabularies for this example


@dataclass(frozen=True, slots=True)
class FixSpec:
    """How a rule proposes to rewrite what it found."""

    replacement: str  # may use {match}
    scope: str  # "match" or "sentence"
    safe: bool
    description: str


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    id: str
    category: Category
    severity: Severity
    kind: str
    summary: str
    message: str
    rationale: str
    options: Mapping[str, Any]
    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    fix: FixSpec | None = None
    enabled: bool = True
    aliases: tuple[str, ...] = ()
    path: str = ""
    line: int = 1
    option_lines: Mapping[str, int] = field(default_factory=dict)

    def where(self, key: str | None = None) -> Where:
        return Where(self.path, self.option_lines.get(key, self.line) if key else self.line)


# Kind keys (in any kind) whose values name company vocabularies from the config.
VOCABULARY_KEYS = ("vocabulary", "allow-vocabulary", "regex-vocabulary")


def vocabularies_read(rule: Rule) -> tuple[str, ...]:
    """The company vocabularies a rule reads, in the order its keys name them."""
    names: list[str] = []
    for key in VOCABULARY_KEYS:
        value = rule.options.get(key, ())
        names += [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
    return tuple(dict.fromkeys(names))


def closest(name: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint, or ''."""
    match = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def parse_rule(raw: Any, path: str, expected_id: str | None, kind_names: tuple[str, ...]) -> Rule:
    """Validate the common keys of one rule mapping and build the ``Rule``."""
    where = Where(path, getattr(raw, "line", 1) or 1)
    if not isinstance(raw, dict):
        raise where.error("a rule file must hold one mapping of keys (id, category, kind, ...)")
    for key in _REQUIRED:
        if key not in raw:
            raise where.error(f"missing required key '{key}'")
    rule_id = _string(raw, "id", where)
    if not _ID.match(rule_id):
        raise where.at(raw, "id").error(
            f"invalid id '{rule_id}': use 'category.kebab-name', e.g. 'speculation.root-cause'"
        )
    if expected_id and rule_id != expected_id:
        raise where.at(raw, "id").error(
            f"id '{rule_id}' does not match the file's place; expected '{expected_id}'"
        )
    category = _choice(raw, "category", _RULE_CATEGORIES, where)
    if not rule_id.startswith(category + "."):
        raise where.at(raw, "id").error(
            f"id '{rule_id}' must start with its category '{category}.'"
        )
    kind = _choice(raw, "kind", list(kind_names), where)
    options = {key: value for key, value in raw.items() if key not in COMMON_KEYS}
    return Rule(
        id=rule_id,
        category=Category(category),
        severity=Severity(_choice(raw, "severity", [s.value for s in Severity], where)),
        kind=kind,
        summary=_string(raw, "summary", where),
        message=_string(raw, "message", where),
        rationale=_string(raw, "rationale", where),
        options=MappingProxyType(options),
        bad=_examples(raw, "bad", where),
        good=_examples(raw, "good", where),
        fix=_fix(raw, where),
        enabled=_boolean(raw, "enabled", where, default=True),
        aliases=tuple(_string_list(raw, "aliases", where)),
        path=path,
        line=where.line,
        option_lines=MappingProxyType(dict(getattr(raw, "key_lines", {}))),
    )


def _string(raw: Mapping, key: str, where: Where) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.at(raw, key).error(f"'{key}' must be a non-empty string")
    return value.strip()


def _choice(raw: Mapping, key: str, choices: list[str], where: Where) -> str:
    value = raw.get(key)
    if value not in choices:
        hint = closest(str(value), choices) if isinstance(value, str) else ""
        raise where.at(raw, key).error(
            f"'{key}' is {value!r}{hint}; expected one of: {', '.join(choices)}"
        )
    return value


def _boolean(raw: Mapping, key: str, where: Where, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise where.at(raw, key).error(f"'{key}' must be true or false")
    return value


def _string_list(raw: Mapping, key: str, where: Where) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise where.at(raw, key).error(f"'{key}' must be a list of strings")
    return value


def _fix(raw: Mapping, where: Where) -> FixSpec | None:
    value = raw.get("fix")
    if value is None:
        return None
    here = where.at(raw, "fix")
    if isinstance(value, str):
        value = {"replace": value}
    if not isinstance(value, dict):
        raise here.error("'fix' must be a string or a mapping with 'replace'")
    for key in value:
        if key not in _FIX_KEYS:
            raise here.at(value, key).error(
                f"unknown key '{key}' in fix{closest(str(key), _FIX_KEYS)}; "
                f"expected one of: {', '.join(_FIX_KEYS)}"
            )
    if not isinstance(value.get("replace"), str):
        raise here.error("'fix.replace' must be a string (it may use {match})")
    scope = value.get("scope", "match")
    if scope not in ("match", "sentence"):
        raise here.at(value, "scope").error("'fix.scope' must be 'match' or 'sentence'")
    safe = value.get("safe", False)
    if not isinstance(safe, bool):
        raise here.at(value, "safe").error("'fix.safe' must be true or false")
    description = value.get("description") or (
        f"Replace with '{value['replace']}'" if value["replace"] else "Remove"
    )
    return FixSpec(value["replace"], scope, safe, str(description))


def _examples(raw: Mapping, which: str, where: Where) -> tuple[Example, ...]:
    examples = raw.get("examples")
    here = where.at(raw, "examples")
    if not isinstance(examples, dict):
        raise here.error("'examples' must be a mapping with 'bad' and 'good' lists")
    for key in examples:
        if key not in ("bad", "good"):
            raise here.at(examples, key).error(
                f"unknown key '{key}' in examples; use 'bad' and 'good'"
            )
    items = examples.get(which)
    if not isinstance(items, list) or not items:
        raise here.at(examples, which).error(f"'examples.{which}' must be a non-empty list")
    return tuple(_example(item, here.at(items, n)) for n, item in enumerate(items))


def _example(item: Any, where: Where) -> Example:
    if isinstance(item, str):
        return Example(text=item, line=where.line)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise where.error("an example is a string or a mapping with 'text'")
    for key in item:
        if key not in _EXAMPLE_KEYS:
            raise where.at(item, key).error(
                f"unknown key '{key}' in example{closest(str(key), _EXAMPLE_KEYS)}; "
                f"expected one of: {', '.join(_EXAMPLE_KEYS)}"
            )
    count = item.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        raise where.at(item, "count").error("'count' must be a whole number")
    for key in ("match", "fixed", "path"):
        if item.get(key) is not None and not isinstance(item.get(key), str):
            raise where.at(item, key).error(f"'{key}' must be a string")
    needs_model = item.get("needs-model", False)
    if not isinstance(needs_model, bool):
        raise where.at(item, "needs-model").error("'needs-model' must be true or false")
    repeat = item.get("repeat", 1)
    if not isinstance(repeat, int) or isinstance(repeat, bool) or not 1 <= repeat <= 10_000:
        raise where.at(item, "repeat").error("'repeat' must be a whole number from 1 to 10000")
    vocabularies = item.get("vocabularies", {})
    if not isinstance(vocabularies, dict) or not all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in vocabularies.values()
    ):
        raise where.at(item, "vocabularies").error("'vocabularies' maps names to lists of terms")
    return Example(
        text=item["text"] * repeat,
        vocabularies=tuple((str(k), tuple(v)) for k, v in sorted(vocabularies.items())),
        line=where.line,
        match=item.get("match"),
        count=count,
        fixed=item.get("fixed"),
        path=item.get("path"),
        needs_model=needs_model,
    )
