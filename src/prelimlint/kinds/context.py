"""``unless:`` conditions: context that turns a match into a non-finding.

Shared by the phrase, pattern and regex kinds. A condition is phrases, spaCy patterns, a
regex or heading names, looked for in a scope around the match::

    unless:
      - phrases: [under investigation, in the postmortem]
        scope: sentence            # match | sentence | block | section | document
      - regex: '\\b(?:UTC|GMT)\\b'
        scope: sentence
      - regex: '(?i)\\bsection\\s+$'      # 'before' / 'after': the sentence before or after the match
        scope: before
      - headings: ['what customers (should|can) do']   # the section's heading or the lead-in label
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import Any

from ..model import Span
from .base import BlockContext, CompileContext, OptionReader
from .regexes import compile_regex
from .tokens import token_spans

SCOPES = ("match", "before", "after", "sentence", "block", "section", "document")
_KEYS = ("phrases", "lemmas", "patterns", "regex", "headings", "scope", "ignore-case")
_TOKEN_SCOPES = ("match", "before", "after", "sentence", "block")


@dataclass(frozen=True, slots=True)
class Condition:
    scope: str
    key: str | None = None  # shared-matcher key for phrases / lemmas / patterns
    regex: Any = None  # compiled RE2 regex searched in the scope's text
    headings: tuple = ()  # compiled RE2 patterns

    @property
    def reads_document(self) -> bool:
        return self.scope in ("section", "document")


def parse_conditions(reader: OptionReader, key: str = "unless") -> list[dict]:
    """Validate the raw ``unless`` list (without compiling anything)."""
    raw = reader.raw(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise reader.error(key, f"'{key}' must be a list of conditions")
    parsed = []
    for item in raw:
        if not isinstance(item, dict):
            raise reader.error(
                key, f"each '{key}' entry is a mapping such as {{phrases: [...], scope: sentence}}"
            )
        unknown = [k for k in item if k not in _KEYS]
        if unknown:
            raise reader.error(
                key, f"unknown key '{unknown[0]}' in '{key}'; expected one of: {', '.join(_KEYS)}"
            )
        what = [k for k in ("phrases", "lemmas", "patterns", "regex", "headings") if k in item]
        if len(what) != 1:
            raise reader.error(
                key,
                f"each '{key}' entry needs exactly one of phrases, lemmas, patterns, regex, headings",
            )
        scope = item.get("scope", "sentence")
        if scope not in SCOPES:
            raise reader.error(key, f"'scope' is {scope!r}; expected one of: {', '.join(SCOPES)}")
        if what[0] in ("phrases", "lemmas", "patterns") and scope not in _TOKEN_SCOPES:
            raise reader.error(
                key, f"{what[0]} conditions work in scopes {', '.join(_TOKEN_SCOPES)}"
            )
        if what[0] in ("phrases", "lemmas", "headings"):
            values = item[what[0]]
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                raise reader.error(key, f"'{what[0]}' in '{key}' must be a list of strings")
        if what[0] == "regex" and not isinstance(item["regex"], str):
            raise reader.error(key, "'regex' in '{key}' must be a string")
        if what[0] == "patterns" and not isinstance(item["patterns"], list):
            raise reader.error(key, "'patterns' in '{key}' must be a list of token patterns")
        parsed.append(dict(item, scope=scope))
    return parsed


def pattern_needs(patterns: list) -> frozenset[str]:
    """Pipeline needs of spaCy token patterns (POS, DEP, ENT_TYPE...)."""
    needs: set[str] = set()
    attributes = {
        "POS": "pos",
        "TAG": "tag",
        "DEP": "dep",
        "ENT_TYPE": "ner",
        "ENT_IOB": "ner",
        "ENT_ID": "ner",
        "MORPH": "morph",
        "LEMMA": "lemma",
    }
    for pattern in patterns:
        for token in pattern if isinstance(pattern, list) else []:
            if isinstance(token, dict):
                for attribute in token:
                    need = attributes.get(str(attribute).upper())
                    if need:
                        needs.add(need)
    return frozenset(needs)


def compile_conditions(
    raw: list[dict], rule, context: CompileContext, prefix: str = "unless"
) -> tuple[Condition, ...]:
    conditions = []
    for number, item in enumerate(raw):
        scope = item["scope"]
        key = f"{rule.id}!{prefix}{number}"
        where = rule.where(prefix)
        if "phrases" in item:
            context.matchers.add_phrases(key, item["phrases"], "lower")
            conditions.append(Condition(scope, key=key))
        elif "lemmas" in item:
            context.matchers.add_phrases(key, item["lemmas"], "lemma")
            conditions.append(Condition(scope, key=key))
        elif "patterns" in item:
            context.matchers.add_patterns(key, item["patterns"], where)
            conditions.append(Condition(scope, key=key))
        elif "regex" in item:
            regex = compile_regex(item["regex"], where, ignore_case=item.get("ignore-case", True))
            conditions.append(Condition(scope, regex=regex))
        else:
            headings = tuple(compile_regex(h, where, ignore_case=True) for h in item["headings"])
            conditions.append(Condition(scope, headings=headings))
    return tuple(conditions)


def excluded(conditions: tuple[Condition, ...], context: BlockContext, span: Span) -> bool:
    """True when any condition holds around ``span`` (prose offsets of the context's block)."""
    return any(_holds(condition, context, span) for condition in conditions)


def _scope_span(scope: str, context: BlockContext, span: Span) -> Span:
    if scope == "match":
        return span
    if scope in ("sentence", "before", "after"):
        sentence = context.block.sentence_of(span)
        if scope == "before":
            return Span(sentence.start, max(sentence.start, span.start))
        if scope == "after":
            return Span(min(span.end, sentence.end), sentence.end)
        return sentence
    return Span(0, len(context.block.block.text))


def _holds(condition: Condition, context: BlockContext, span: Span) -> bool:
    if condition.headings:
        label = context.block.block.label or ""
        return any(h.search(context.heading) or h.search(label) for h in condition.headings)
    if condition.key is not None:
        area = _scope_span(condition.scope, context, span)
        return any_hit(*_hits(context, condition.key), area, overlap=condition.scope == "match")
    text = _scope_text(condition.scope, context, span)
    return condition.regex.search(text) is not None


def any_hit(
    hits: list[Span], starts: list[int], reach: list[int], area: Span, *, overlap: bool
) -> bool:
    """Whether a hit overlaps ``area`` (``overlap``) or lies inside it.

    ``hits`` are non-empty spans sorted by start, ``starts`` their starts and ``reach`` the
    running maximum of their ends. Bisection instead of a test of every hit for every match:
    a long paragraph has thousands of each.
    """
    if overlap:
        if area.start == area.end:
            return any(hit.overlaps(area) for hit in hits)
        before_end = bisect.bisect_left(
            starts, area.end
        )  # the hits that start before the area ends
        return before_end > 0 and reach[before_end - 1] > area.start
    for index in range(bisect.bisect_left(starts, area.start), len(hits)):
        if hits[index].start > area.end:
            break
        if hits[index].end <= area.end:
            return True
    return False


def _hits(context: BlockContext, key: str) -> tuple[list[Span], list[int], list[int]]:
    """The condition's hits in the block sorted by start, their starts and the running
    maximum of their ends; computed once per block and key."""
    found = context.memo.get(key)
    if found is None:
        hits = sorted(token_spans(context.block.doc, context.matches.get(key, ())))
        found = context.memo[key] = (
            hits,
            [hit.start for hit in hits],
            list(itertools.accumulate((hit.end for hit in hits), max)),
        )
    return found


def _scope_text(scope: str, context: BlockContext, span: Span) -> str:
    block = context.block.block
    if scope in ("match", "before", "after", "sentence", "block"):
        area = _scope_span(scope, context, span)
        return block.text[area.start : area.end]
    document = context.analysis.document
    if scope == "document":
        return document.text
    section = document.sections[block.section]
    return document.text[section.span.start : section.span.end]
