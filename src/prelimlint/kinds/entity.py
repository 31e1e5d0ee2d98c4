"""``entity``: named entities from a statistical pipeline (PERSON, ORG...), with allow-lists.

kind: entity
labels: [PERSON]
allow: [Jenkins, Sentry]        # never report these names
allow-vocabulary: [products]    # nor the names in these company vocabularies
skip-all-caps: true             # "CST", "RSVP": abbreviations, not names
skip-document-names: true       # names in the title, headings or front matter (products)
contexts:                       # report only entities in one of these roles (parser needed)
  subject-of: [restore, roll]   #   subject of these verbs
  object-of: [ask, contact]     #   object of these verbs
  agent: true                   #   "approved by <name>"
  appositive-of: [engineer]     #   "our engineer, <name>"
  after: [thanks to]            #   right after these words
unless: [...]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..document import BlockKind
from ..model import Span
from .base import BlockContext, Checker, CompileContext, Finding, Kind, OptionReader
from .context import Condition, compile_conditions, excluded, parse_conditions

_KEYS = (
    "labels",
    "allow",
    "allow-vocabulary",
    "skip-all-caps",
    "skip-document-names",
    "contexts",
    "in-code",
    "unless",
)
_CONTEXT_KEYS = ("subject-of", "object-of", "agent", "appositive-of", "after")


@dataclass(frozen=True, slots=True)
class EntityOptions:
    labels: tuple[str, ...]
    allow: tuple[str, ...]
    allow_vocabularies: tuple[str, ...]
    skip_all_caps: bool
    skip_document_names: bool
    contexts: dict | None
    in_code: bool
    unless: list


def _in_context(entity, contexts: dict) -> bool:
    """Whether the entity plays one of the configured roles in its sentence."""
    root = entity.root
    dep, head = root.dep_, root.head
    if dep in ("nsubj", "nsubjpass") and head.lemma_.lower() in contexts.get("subject-of", ()):
        return True
    if dep in ("dobj", "ROOT") and (
        head.lemma_.lower() in contexts.get("object-of", ())
        or (
            dep == "ROOT"
            and len(entity) > 1
            and entity.start > 0
            and entity.doc[entity.start - 1].lemma_.lower() in contexts.get("object-of", ())
        )
    ):
        return True
    if contexts.get("agent") and dep == "pobj" and head.dep_ == "agent":
        return True
    if dep == "appos" and head.lemma_.lower() in contexts.get("appositive-of", ()):
        return True
    before = entity.doc[max(0, entity.start - 3) : entity.start].text.lower()
    return any(before.endswith(words) for words in contexts.get("after", ()))


class EntityChecker(Checker):
    def __init__(
        self, rule, options: EntityOptions, allow: frozenset[str], conditions: tuple[Condition, ...]
    ) -> None:
        super().__init__(rule)
        self.options = options
        self.labels = frozenset(options.labels)
        self.allow = allow
        self.in_code = options.in_code
        self.conditions = conditions
        # names used in headings and front matter are the company's own products and places
        self.reads_document = options.skip_document_names or any(
            c.reads_document for c in conditions
        )
        self._names: tuple[object, set[str]] | None = None

    def _document_names(self, context: BlockContext) -> set[str]:
        document = context.analysis.document
        last = self._names  # one document's names, not recomputed for each of its blocks
        if last is not None and last[0] is document:
            return last[1]
        words: set[str] = set()
        for block in document.blocks:
            if block.kind == BlockKind.HEADING:
                words.update(w.lower() for w in re.findall(r"[\w'-]+", block.text))
        if document.front_matter:
            for field in document.front_matter.fields:
                words.update(w.lower() for w in re.findall(r"[\w'-]+", str(field.value)))
        self._names = (document, words)
        return words

    def check_block(self, context: BlockContext) -> Iterable[Finding]:
        block = context.block.block
        if block.kind == BlockKind.HEADING:
            return
        document_names: set[str] | None = None
        for entity in context.block.doc.ents:
            if entity.label_ not in self.labels:
                continue
            if document_names is None:  # most blocks have no entity of these labels
                document_names = (
                    self._document_names(context) if self.options.skip_document_names else set()
                )
            text = entity.text.strip()
            tokens = [t for t in entity if t.is_alpha]
            if self.options.skip_all_caps and any(t.is_upper and len(t) > 1 for t in tokens):
                continue
            if tokens and not any(t.text[:1].isupper() for t in tokens):
                continue  # names are capitalised; "marinas" is not one
            if any(t.lower_ in document_names for t in tokens):
                continue
            if self.options.contexts is not None and not _in_context(entity, self.options.contexts):
                continue
            if text.lower() in self.allow or any(
                part.lower() in self.allow for part in text.split()
            ):
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
        contexts = reader.raw("contexts")
        if contexts is not None:
            if not isinstance(contexts, dict) or any(k not in _CONTEXT_KEYS for k in contexts):
                raise reader.error(
                    "contexts", f"'contexts' is a mapping with keys: {', '.join(_CONTEXT_KEYS)}"
                )
            for key, value in contexts.items():
                if key == "agent":
                    if not isinstance(value, bool):
                        raise reader.error("contexts", "'contexts.agent' must be true or false")
                elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise reader.error("contexts", f"'contexts.{key}' must be a list of words")
            contexts = {
                k: (v if k == "agent" else tuple(w.lower() for w in v)) for k, v in contexts.items()
            }
        return EntityOptions(
            labels=reader.strings("labels", required=True),
            allow=reader.strings("allow"),
            allow_vocabularies=reader.strings("allow-vocabulary"),
            skip_all_caps=reader.boolean("skip-all-caps", False),
            skip_document_names=reader.boolean("skip-document-names", False),
            contexts=contexts,
            in_code=reader.boolean("in-code", False),
            unless=parse_conditions(reader),
        )

    def needs(self, options: EntityOptions) -> frozenset[str]:
        return frozenset({"ner", "dep"}) if options.contexts is not None else frozenset({"ner"})

    def compile(self, rule, options: EntityOptions, context: CompileContext) -> Checker:
        allow = {name.lower() for name in options.allow}
        for vocabulary in options.allow_vocabularies:
            allow.update(name.lower() for name in context.vocabularies.get(vocabulary, ()))
        conditions = compile_conditions(options.unless, rule, context)
        return EntityChecker(rule, options, frozenset(allow), conditions)
