"""``metadata``: checks on front-matter fields, such as the 24-hour publishing window.

    kind: metadata
    check: max-gap          # present | date | has-zone | order | max-gap | readable
    fields: [resolved_at, published_at]
    hours: 24               # max-gap: the largest allowed gap from the first field to the second
    when: [resolved_at]     # only check when these fields are present

order and max-gap compare only fields that are present with a zone; check their presence
and zones with separate 'present' and 'has-zone' rules.

Findings point at the field's value (or at line 1 when the field is missing). Messages can
use {field}, {value}, {gap} (hours, one decimal) and {hours}. 'readable' (no 'fields') reports
front matter that cannot be read (invalid YAML, not a mapping, never closed) at the line
of the problem; its message can use {problem}.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..document import Field
from ..model import Span
from ..positions import LineIndex
from .base import Checker, DocumentContext, Finding, Kind, OptionReader
from .timestamps import parse_timestamp

_KEYS = ("check", "fields", "hours", "when")
_CHECKS = ("present", "date", "has-zone", "order", "max-gap", "readable")


@dataclass(frozen=True, slots=True)
class MetadataOptions:
    check: str
    fields: tuple[str, ...]
    hours: float
    when: tuple[str, ...]


class MetadataChecker(Checker):
    def __init__(self, rule, options: MetadataOptions) -> None:
        super().__init__(rule)
        self.options = options

    def check_document(self, context: DocumentContext) -> Iterable[Finding]:
        document = context.analysis.document
        front = document.front_matter
        if self.options.check == "readable":
            if front is not None and front.error:
                yield _unreadable(front.error, front.error_line or 1, document.text)
            return
        if self.options.when and not (front and all(front.get(name) for name in self.options.when)):
            return
        fields = {name: front.get(name) if front else None for name in self.options.fields}
        check = self.options.check
        if check == "present":
            for name, found in fields.items():
                if found is None or not str(found.value).strip():
                    yield _missing(name)
            return
        if check in ("date", "has-zone"):
            for found in fields.values():
                if found is None or not isinstance(found.value, str):
                    continue
                moment, zoned = parse_timestamp(found.value)
                if moment is None and check == "date":
                    yield _at(found, document.text, state="not-a-date")
                elif moment is not None and not zoned and check == "has-zone":
                    yield _at(found, document.text, state="no-zone")
            return
        yield from self._ordered(fields, document.text)

    def _ordered(self, fields: dict, text: str) -> Iterable[Finding]:
        """order / max-gap: compare consecutive zoned timestamps."""
        moments = []
        for found in fields.values():
            moment, zoned = (
                parse_timestamp(found.value)
                if found and isinstance(found.value, str)
                else (None, False)
            )
            moments.append((found, moment) if moment is not None and zoned else None)
        if self.options.check == "max-gap":  # exactly two fields: [from, to]
            pairs = [(moments[0], moments[1])]
        else:  # consecutive fields that are present
            present = [moment for moment in moments if moment is not None]
            pairs = list(zip(present, present[1:], strict=False))
        for earlier, later in pairs:
            if earlier is None or later is None:
                continue
            gap_hours = (later[1] - earlier[1]).total_seconds() / 3600
            if (
                self.options.check == "order" and gap_hours < 0
            ):  # the earlier event is recorded too late
                yield _at(earlier[0], text, state="order", other=later[0].key)
            elif self.options.check == "max-gap" and gap_hours > self.options.hours:
                yield _at(later[0], text, gap=f"{gap_hours:.1f}", other=earlier[0].key)


def _at(found: Field, text: str, **params: str) -> Finding:
    span = found.span if found.span.end > found.span.start else found.key_span
    return Finding(
        span,
        text[span.start : span.end],
        params={"field": found.key, "value": str(found.value), **params},
    )


def _unreadable(problem: str, line: int, text: str) -> Finding:
    index = LineIndex(text)
    line = min(max(line - 1, 0), index.line_count - 1)
    span = Span(index.line_start(line), index.line_end(line))
    return Finding(span, text[span.start : span.end], params={"problem": problem})


def _missing(name: str) -> Finding:
    return Finding(Span(0, 0), "", params={"field": name, "value": "", "state": "missing"})


class MetadataKind(Kind):
    name = "metadata"
    scope = "document"

    def parse(self, rule) -> MetadataOptions:
        reader = OptionReader(rule, _KEYS)
        check = reader.choice("check", _CHECKS, "present")
        if not reader.has("check"):
            raise reader.error(
                None, f"kind 'metadata' needs 'check' (one of: {', '.join(_CHECKS)})"
            )
        fields = reader.strings("fields", required=check != "readable")
        if check == "max-gap" and len(fields) != 2:
            raise reader.error("fields", "'max-gap' compares exactly two fields: [from, to]")
        twice = next((name for n, name in enumerate(fields) if name in fields[:n]), None)
        if twice is not None:  # max-gap would compare a field with itself (and crash doing so)
            raise reader.error("fields", f"'fields' lists '{twice}' twice")
        return MetadataOptions(
            check=check,
            fields=fields,
            hours=float(reader.number("hours", 24) or 0),
            when=reader.strings("when"),
        )

    def compile(self, rule, options: MetadataOptions, context) -> Checker:
        return MetadataChecker(rule, options)
