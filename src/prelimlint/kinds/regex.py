"""``regex``: identifiers such as keys, hosts, ticket ids, matched with RE2 (linear time).

kind: regex
patterns:
  - '\\b[a-z0-9-]+\\.(?:internal|corp|local)\\b'
  - {regex: 'token=(\\w{20,})', group: 1}   # report only the capture group
ignore-case: true
scan: [prose, code, links]       # also: comments, front-matter
vocabulary: [internal-domains]   # company terms from the config, as extra patterns
vocabulary-pattern: '\\b[\\w.-]*{terms}\\b'   # how a term becomes a pattern ({terms})
regex-vocabulary: [host-patterns] # company vocabularies whose terms are RE2 regexes, as extra patterns
allow-vocabulary: [public-domains]  # company terms that make a match fine ...
allow-vocabulary-pattern: '(?:[a-z0-9-]+\\.)*{terms}'  # ... when the match fully matches this
not-preceded-by: '[\\w#]'         # a one-character class checked before the match
not-followed-by: '[\\w]'
allow: ['SEV-\\d']               # matches that fully match these are fine
min-entropy: 3.5                  # Shannon entropy (bits/char) the match must reach
unless: [...]                     # for prose matches; see kinds/context.py
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Span
from .base import (
    BlockContext,
    Checker,
    CompileContext,
    DocumentContext,
    Finding,
    Kind,
    OptionReader,
)
from .context import Condition, compile_conditions, excluded, parse_conditions
from .regexes import compile_regex
from .tokens import longest_first

_KEYS = (
    "patterns",
    "ignore-case",
    "scan",
    "vocabulary",
    "vocabulary-pattern",
    "not-preceded-by",
    "not-followed-by",
    "allow",
    "min-entropy",
    "unless",
    "in-code",
    "regex-vocabulary",
    "allow-vocabulary",
    "allow-vocabulary-pattern",
)
SCANS = ("prose", "code", "links", "comments", "front-matter")
_CHAR_CLASS = re.compile(r"^\[\^?(?:[^\]\\]|\\.)+\]$")
_FOUND_LIMIT = 4096  # texts whose matches a checker remembers


@dataclass(frozen=True, slots=True)
class RegexOptions:
    patterns: tuple[tuple[str, int], ...]
    ignore_case: bool
    scan: tuple[str, ...]
    vocabularies: tuple[str, ...]
    vocabulary_pattern: str
    not_preceded_by: str | None
    not_followed_by: str | None
    allow: tuple[str, ...]
    min_entropy: float | None
    in_code: bool
    unless: list
    regex_vocabularies: tuple[str, ...] = ()
    allow_vocabularies: tuple[str, ...] = ()
    allow_vocabulary_pattern: str = "{terms}"


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


class RegexChecker(Checker):
    def __init__(
        self,
        rule,
        options: RegexOptions,
        regexes: list,
        allow: list,
        conditions: tuple[Condition, ...],
        prefilter=None,
    ) -> None:
        super().__init__(rule)
        self.options = options
        self.regexes = regexes  # (compiled, group)
        # the SharedMatchers whose RE2 set says which regexes occur in a text at all
        self.prefilter = prefilter
        self.set_ids = [prefilter.add_regex(regex) for regex, _ in regexes] if prefilter else []
        self.allow = allow
        self.before = re.compile(options.not_preceded_by) if options.not_preceded_by else None
        self.after = re.compile(options.not_followed_by) if options.not_followed_by else None
        self.conditions = conditions
        # spans by text: a checker whose conditions read the document is not cached per block by
        # the engine, but its matches in an unchanged block are the same on every keystroke
        self._found: dict[str, list[Span]] = {}
        self.reads_document = any(c.reads_document for c in conditions)

    def find(self, text: str) -> list[Span]:
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= _FOUND_LIMIT:
                self._found.clear()
            found = self._found[text] = self._search(text)
        return list(found)

    def _search(self, text: str) -> list[Span]:
        spans = []
        present = self.prefilter.regexes_in(text) if self.prefilter is not None else None
        for index, (regex, group) in enumerate(self.regexes):
            if present is not None and self.set_ids[index] not in present:
                continue
            for match in regex.finditer(text):
                start, end = match.span(group)
                if start < 0 or end <= start:
                    continue
                if self.before and start > 0 and self.before.fullmatch(text[start - 1]):
                    continue
                if self.after and end < len(text) and self.after.fullmatch(text[end]):
                    continue
                found = text[start:end]
                if any(allowed.fullmatch(found) for allowed in self.allow):
                    continue
                if (
                    self.options.min_entropy is not None
                    and entropy(found) < self.options.min_entropy
                ):
                    continue
                spans.append(Span(start, end))
        return longest_first(spans)

    def check_block(self, context: BlockContext) -> Iterable[Finding]:
        if "prose" not in self.options.scan:
            return
        block = context.block.block
        for span in self.find(block.text):
            if not self.options.in_code and block.in_code(span):
                continue
            if excluded(self.conditions, context, span):
                continue
            yield Finding(span, block.text[span.start : span.end])

    def check_document(self, context: DocumentContext) -> Iterable[Finding]:
        document = context.analysis.document
        areas: list[Span] = []
        scan = self.options.scan
        if "code" in scan:
            # HTML blocks count as code, but their comments only under "comments": a comment is
            # where suppression directives live, and "unsafe.internal-host" must not match itself
            comments = _Holes([r.span for r in document.comments()])
            for block in document.blocks:
                if not block.kind.is_prose:
                    area = block.source_map.span_to_source(0, len(block.text))
                    areas += _without(area, comments.near(area))
        if "links" in scan:
            areas += [r.span for r in document.links()]
        if "comments" in scan:
            areas += [r.span for r in document.comments()]
        if "front-matter" in scan and document.front_matter:
            areas += [f.span for f in document.front_matter.fields]
        for area in areas:
            text = document.text[area.start : area.end]
            for span in self.find(text):
                source = span.shifted(area.start)
                yield Finding(source, document.text[source.start : source.end])


class _Holes:
    """Spans sorted by start, to find those near an area without scanning them all
    (a draft of thousands of comments has thousands of HTML blocks)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans)
        self.starts = [span.start for span in self.spans]
        self.reach = list(itertools.accumulate((span.end for span in self.spans), max))

    def near(self, area: Span) -> list[Span]:
        """A superset of the spans that overlap ``area``."""
        low = bisect.bisect_left(self.reach, area.start)
        high = bisect.bisect_right(self.starts, area.end)
        return self.spans[low:high]


def _without(area: Span, holes: list[Span]) -> list[Span]:
    """``area`` minus the parts covered by ``holes``."""
    pieces, start = [], area.start
    for hole in sorted(h for h in holes if h.overlaps(area)):
        if hole.start > start:
            pieces.append(Span(start, hole.start))
        start = max(start, hole.end)
    if start < area.end:
        pieces.append(Span(start, area.end))
    return pieces


class _TermWhere:
    """A regex term of a company vocabulary is the config's mistake, not the rule file's."""

    def __init__(self, context: CompileContext, name: str, rule) -> None:
        self.context, self.name, self.rule = context, name, rule

    def error(self, problem: str):
        problem = f"vocabulary '{self.name}' (read by {self.rule.id}): {problem}"
        if self.context.vocabulary_where is None:
            return self.rule.where("regex-vocabulary").error(problem)
        return self.context.vocabulary_where.error(problem, self.name)


class RegexKind(Kind):
    name = "regex"

    def parse(self, rule) -> RegexOptions:
        reader = OptionReader(rule, _KEYS)
        patterns = []
        raw = reader.raw("patterns", [])
        if not isinstance(raw, list):
            raise reader.error("patterns", "'patterns' must be a list of regexes")
        for item in raw:
            if isinstance(item, str):
                patterns.append((item, 0))
            elif (
                isinstance(item, dict)
                and isinstance(item.get("regex"), str)
                and set(item) <= {"regex", "group"}
            ):
                group = item.get("group", 0)
                if not isinstance(group, int) or group < 0:
                    raise reader.error("patterns", "'group' must be a capture group number")
                patterns.append((item["regex"], group))
            else:
                raise reader.error(
                    "patterns", "each pattern is a regex string or {regex: ..., group: N}"
                )
        scan = reader.strings("scan") or ("prose", "code", "links")
        for name in scan:
            if name not in SCANS:
                raise reader.error(
                    "scan", f"unknown scan target '{name}'; expected: {', '.join(SCANS)}"
                )
        for key in ("not-preceded-by", "not-followed-by"):
            value = reader.string(key)
            if value is not None and not _CHAR_CLASS.match(value):
                raise reader.error(key, f"'{key}' must be one character class such as '[\\w#]'")
        options = RegexOptions(
            patterns=tuple(patterns),
            ignore_case=reader.boolean("ignore-case", False),
            scan=tuple(scan),
            vocabularies=reader.strings("vocabulary"),
            vocabulary_pattern=reader.string("vocabulary-pattern", r"\b(?:{terms})\b"),
            not_preceded_by=reader.string("not-preceded-by"),
            not_followed_by=reader.string("not-followed-by"),
            allow=reader.strings("allow"),
            min_entropy=reader.number("min-entropy"),
            in_code=reader.boolean("in-code", True),
            unless=parse_conditions(reader),
            regex_vocabularies=reader.strings("regex-vocabulary"),
            allow_vocabularies=reader.strings("allow-vocabulary"),
            allow_vocabulary_pattern=reader.string("allow-vocabulary-pattern", "{terms}"),
        )
        if not options.patterns and not options.vocabularies and not options.regex_vocabularies:
            raise reader.error(
                None, "kind 'regex' needs 'patterns', 'vocabulary' or 'regex-vocabulary'"
            )
        for key, value in (
            ("vocabulary-pattern", options.vocabulary_pattern),
            ("allow-vocabulary-pattern", options.allow_vocabulary_pattern),
        ):
            if "{terms}" not in value:
                raise reader.error(key, f"'{key}' must contain {{terms}}")
        return options

    def compile(self, rule, options: RegexOptions, context: CompileContext) -> Checker:
        where = rule.where("patterns")
        regexes = [
            (compile_regex(p, where, ignore_case=options.ignore_case), g)
            for p, g in options.patterns
        ]
        terms = [t for name in options.vocabularies for t in context.vocabularies.get(name, ())]
        if terms:
            alternation = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
            pattern = options.vocabulary_pattern.replace("{terms}", f"(?:{alternation})")
            regexes.append((compile_regex(pattern, rule.where("vocabulary"), ignore_case=True), 0))
        for name in options.regex_vocabularies:
            for term in context.vocabularies.get(name, ()):
                regexes.append(
                    (compile_regex(term, _TermWhere(context, name, rule), ignore_case=True), 0)
                )
        allow = [
            compile_regex(a, rule.where("allow"), ignore_case=options.ignore_case)
            for a in options.allow
        ]
        allowed_terms = [
            t for name in options.allow_vocabularies for t in context.vocabularies.get(name, ())
        ]
        if allowed_terms:
            alternation = "|".join(
                re.escape(t) for t in sorted(set(allowed_terms), key=len, reverse=True)
            )
            pattern = options.allow_vocabulary_pattern.replace("{terms}", f"(?:{alternation})")
            allow.append(compile_regex(pattern, rule.where("allow-vocabulary"), ignore_case=True))
        for (regex, group), (source, _) in zip(regexes, options.patterns, strict=False):
            if group > regex.groups:
                raise where.error(f"pattern {source!r} has no capture group {group}")
        conditions = compile_conditions(options.unless, rule, context)
        return RegexChecker(rule, options, regexes, allow, conditions, prefilter=context.matchers)
