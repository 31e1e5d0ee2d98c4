"""``phrase``: word and phrase lists, matched on lower-cased tokens or on lemmas.

kind: phrase
phrases: [root cause, the culprit]
match-on: lower          # lower (default) | lemma | exact
vocabulary: [code-names] # also match the company vocabulary of that name (config)
in-code: false           # look inside code spans too (default false)
in-headings: true        # look at headings too (default true; "only": nothing else)
unless: [...]            # see kinds/context.py
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..document import BlockKind
from .base import BlockContext, Checker, CompileContext, Finding, Kind, OptionReader
from .context import Condition, compile_conditions, excluded, parse_conditions
from .tokens import merge_overlapping, token_spans

_KEYS = ("phrases", "match-on", "vocabulary", "in-code", "in-headings", "unless")


@dataclass(frozen=True, slots=True)
class PhraseOptions:
    phrases: tuple[str, ...]
    match_on: str
    vocabularies: tuple[str, ...]
    in_code: bool
    in_headings: bool | str  # True, False or "only"
    unless: list


class SpanChecker(Checker):
    """Findings from shared-matcher hits under one key, filtered by code and ``unless``."""

    def __init__(
        self,
        rule,
        key: str,
        in_code: bool,
        conditions: tuple[Condition, ...],
        in_headings: bool | str = True,
    ) -> None:
        super().__init__(rule)
        self.key = key
        self.in_code = in_code
        self.in_headings = in_headings
        self.conditions = conditions
        self.reads_document = any(c.reads_document for c in conditions)

    def check_block(self, context: BlockContext) -> Iterable[Finding]:
        hits = context.matches.get(self.key)
        if not hits:
            return
        block = context.block.block
        is_heading = block.kind == BlockKind.HEADING
        if (not self.in_headings and is_heading) or (self.in_headings == "only" and not is_heading):
            return
        for span in merge_overlapping(token_spans(context.block.doc, hits)):
            if not self.in_code and block.in_code(span):
                continue
            if excluded(self.conditions, context, span):
                continue
            yield Finding(span, block.text[span.start : span.end])


def _in_headings(reader: OptionReader) -> bool | str:
    value = reader.raw("in-headings", True)
    if value not in (True, False, "only"):
        raise reader.error("in-headings", "'in-headings' is true, false or only")
    return value


class PhraseKind(Kind):
    name = "phrase"

    def parse(self, rule) -> PhraseOptions:
        reader = OptionReader(rule, _KEYS)
        options = PhraseOptions(
            phrases=reader.strings("phrases"),
            match_on=reader.choice("match-on", ("lower", "lemma", "exact"), "lower"),
            vocabularies=reader.strings("vocabulary"),
            in_code=reader.boolean("in-code", False),
            in_headings=_in_headings(reader),
            unless=parse_conditions(reader),
        )
        if not options.phrases and not options.vocabularies:
            raise reader.error(None, "kind 'phrase' needs 'phrases' or 'vocabulary'")
        return options

    def compile(self, rule, options: PhraseOptions, context: CompileContext) -> Checker:
        phrases = list(options.phrases)
        for name in options.vocabularies:
            phrases.extend(context.vocabularies.get(name, ()))
        attr = {"lower": "lower", "lemma": "lemma", "exact": "orth"}[options.match_on]
        if phrases:
            context.matchers.add_phrases(rule.id, phrases, attr)
        conditions = compile_conditions(options.unless, rule, context)
        return SpanChecker(rule, rule.id, options.in_code, conditions, options.in_headings)
