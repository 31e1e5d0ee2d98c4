"""``entity``: named entities from a statistical pipeline (PERSON, ORG...), with allow-lists.

    kind: entity
    labels: [PERSON]
    allow: [Jenkins, Sentry]        # never report these names
    allow-vocabulary: [products]    # nor the names in these company vocabularies
    unless: [...]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Span
from .base import BlockContext, Checker, CompileContext, Finding, Kind, OptionReader
from .context import Condition, compile_conditions, excluded, parse_conditions

_KEYS = ("labels", "allow", "allow-vocabulary", "in-code", "unless")


@dataclass(frozen=True, slots=True)
class EntityOptions:
    labels: tuple[str, ...]
    allow: tuple[str, ...]
    allow_vocabularies: tuple[str, ...]
    in_code: bool
    unless: list


class EntityChecker(Checker):
    def __init__(self, rule, labels: frozenset[str], allow: frozenset[str], in_code: bool,
                 conditions: tuple[Condition, ...]) -> None:
        super().__init__(rule)
        self.labels = labels
        self.allow = allow
        self.in_code = in_code
        self.conditions = conditions
        self.reads_document = any(c.reads_document for c in conditions)

    def check_block(self, context: BlockContext) -> Iterable[Finding]:
        block = context.block.block
        for entity in context.block.doc.ents:
            if entity.label_ not in self.labels:
                continue
            text = entity.text.strip()
            if text.lower() in self.allow or any(part.lower() in self.allow for part in text.split()):
                continue
            span = Span(entity.start_char, entity.end_char)
            if not self.in_code and block.in_code(span):
                continue
            if excluded(self.conditions, context, span):
                continue
            yield Finding(span, text, params={"label": entity.label_})


class EntityKind(Kind):
    name = "entity"

    def parse(self, rule) -> EntityOptions:
        reader = OptionReader(rule, _KEYS)
        return EntityOptions(
            labels=reader.strings("labels", required=True),
            allow=reader.strings("allow"),
            allow_vocabularies=reader.strings("allow-vocabulary"),
            in_code=reader.boolean("in-code", False),
            unless=parse_conditions(reader),
        )

    def needs(self, options: EntityOptions) -> frozenset[str]:
        return frozenset({"ner"})

    def compile(self, rule, options: EntityOptions, context: CompileContext) -> Checker:
        allow = {name.lower() for name in options.allow}
        for vocabulary in options.allow_vocabularies:
            allow.update(name.lower() for name in context.vocabularies.get(vocabulary, ()))
        conditions = compile_conditions(options.unless, rule, context)
        return EntityChecker(rule, frozenset(options.labels), frozenset(allow), options.in_code, conditions)
