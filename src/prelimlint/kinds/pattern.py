"""``pattern``: spaCy token patterns (Matcher syntax), with optional model-only patterns.

kind: pattern
patterns:                        # always used; a rule whose patterns need POS/DEP/NER
  - [{LEMMA: cause}, {LOWER: by}] #   is skipped (with a notice) on the default pipeline
model-patterns:                  # used in addition when the pipeline can run them
  - [{DEP: nsubjpass}, {LEMMA: be}, {LEMMA: cause, TAG: VBN}]
vocabulary: [staff]              # also match the company vocabulary of that name (config)
in-code: false                   # also look inside code spans
in-headings: true                # also look at headings (or "only" headings)
unless: [...]
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Checker, CompileContext, Kind, OptionReader
from .context import compile_conditions, parse_conditions, pattern_needs
from .phrase import SpanChecker, _in_headings

_KEYS = ("patterns", "model-patterns", "vocabulary", "in-code", "in-headings", "unless")


@dataclass(frozen=True, slots=True)
class PatternOptions:
    patterns: list
    model_patterns: list
    vocabularies: tuple[str, ...]
    in_code: bool
    in_headings: bool | str  # True, False or "only"
    unless: list


def _patterns(reader: OptionReader, key: str, required: bool) -> list:
    value = reader.raw(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not value:
        raise reader.error(key, f"'{key}' must be a non-empty list of token patterns")
    for pattern in value:
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(t, dict) for t in pattern)
        ):
            raise reader.error(
                key,
                f"each entry of '{key}' is a list of token mappings, e.g. [{{LOWER: root}}, {{LOWER: cause}}]",
            )
    return value


class PatternKind(Kind):
    name = "pattern"

    def parse(self, rule) -> PatternOptions:
        reader = OptionReader(rule, _KEYS)
        return PatternOptions(
            patterns=_patterns(reader, "patterns", required=True),
            model_patterns=_patterns(reader, "model-patterns", required=False),
            vocabularies=reader.strings("vocabulary"),
            in_code=reader.boolean("in-code", False),
            in_headings=_in_headings(reader),
            unless=parse_conditions(reader),
        )

    def needs(self, options: PatternOptions) -> frozenset[str]:
        needs = set(pattern_needs(options.patterns))
        for condition in options.unless:
            needs |= pattern_needs(condition.get("patterns", []))
        return frozenset(needs)

    def compile(self, rule, options: PatternOptions, context: CompileContext) -> Checker:
        where = rule.where("patterns")
        context.matchers.add_patterns(rule.id, options.patterns, where)
        usable = [p for p in options.model_patterns if context.pipeline.can(pattern_needs([p]))]
        if usable:
            context.matchers.add_patterns(rule.id, usable, rule.where("model-patterns"))
        terms = [
            term for name in options.vocabularies for term in context.vocabularies.get(name, ())
        ]
        if terms:
            context.matchers.add_phrases(rule.id, terms, "lower")
        conditions = compile_conditions(options.unless, rule, context)
        return SpanChecker(rule, rule.id, options.in_code, conditions, options.in_headings)
