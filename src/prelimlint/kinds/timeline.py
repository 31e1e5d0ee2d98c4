"""``timeline``: the times a draft gives for its events must agree with each other and with
the front matter.

    kind: timeline
    check: order                  # order | front-matter
    events:                       # event name -> regex of words that announce it
      detected: '\\b(?:detected|alerted|noticed)\\b'
      resolved: '\\b(?:resolved|restored|recovered)\\b'
    order: [detected, resolved]   # order: each event's time is not before the previous one's
    front-matter: {detected: detected_at, resolved: resolved_at}   # front-matter check
    tolerance-minutes: 90         # front-matter: how far an approximate body time may be off

An event's time is the clock time closest after its cue in the same sentence (or list item,
or labelled line such as "Detected: 14:30 UTC"), else the closest before it. The first
occurrence of each event counts. Times are compared only when they can be: the same day
(or both without a date), and zones that convert to UTC for the front-matter check.
Messages can use {event}, {other}, {value} and {expected}.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..model import Span
from .base import Checker, DocumentContext, Finding, Kind, OptionReader
from .regexes import compile_regex
from .required_section import row_label
from .timestamps import as_utc, parse_timestamp

_KEYS = ("check", "events", "order", "front-matter", "tolerance-minutes")
_CHECKS = ("order", "front-matter")

# zone abbreviation -> UTC offsets in hours (two for the ambiguous US "ET"-style names)
_ZONES: dict[str, tuple[float, ...]] = {
    "UTC": (0,),
    "GMT": (0,),
    "Z": (0,),
    "WET": (0,),
    "BST": (1,),
    "WEST": (1,),
    "CET": (1,),
    "CEST": (2,),
    "EET": (2,),
    "EEST": (3,),
    "MSK": (3,),
    "IST": (5.5, 1),
    "SGT": (8,),
    "HKT": (8,),
    "JST": (9,),
    "KST": (9,),
    "AEST": (10,),
    "AEDT": (11,),
    "NZST": (12,),
    "NZDT": (13,),
    "EST": (-5,),
    "EDT": (-4,),
    "ET": (-5, -4),
    "CST": (-6,),
    "CDT": (-5,),
    "CT": (-6, -5),
    "MST": (-7,),
    "MDT": (-6,),
    "MT": (-7, -6),
    "PST": (-8,),
    "PDT": (-7,),
    "PT": (-8, -7),
    "AKST": (-9,),
    "AKDT": (-8,),
    "HST": (-10,),
}
_TIME = re.compile(
    r"(?<![\w:./-])(?P<hour>[01]?\d|2[0-3])(?:[:.h](?P<minute>[0-5]\d))?\s?"
    r"(?P<ampm>[ap]\.?m\.?)?(?:\s?(?P<zone>"
    + "|".join(sorted(_ZONES, key=len, reverse=True))
    + r")\b)?",
    re.IGNORECASE,
)
_MIDNIGHT_GAP = 12 * 60  # "detected 23:50, resolved 00:40" crosses midnight, it is not out of order
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE = re.compile(
    r"\b(?:(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})|(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[A-Z][a-z]+)"
    r"(?:\s+(?P<y1>\d{4}))?|(?P<m2>[A-Z][a-z]+)\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?)\b"
)


@dataclass(frozen=True, slots=True)
class ClockTime:
    minutes: int  # minutes after midnight, local to ``zone``
    zone: str | None
    date: tuple[int | None, int, int] | None  # (year, month, day) when the text gives one
    span: Span  # prose offsets in the block
    block: int  # index into Analysis.blocks
    text: str


@dataclass(frozen=True, slots=True)
class TimelineOptions:
    check: str
    events: tuple[tuple[str, str], ...]
    order: tuple[str, ...]
    front_matter: tuple[tuple[str, str], ...]
    tolerance: int


def _clock(match: re.Match) -> int | None:
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    ampm = (match.group("ampm") or "").lower().replace(".", "")
    if not match.group("minute") and not ampm:
        return None  # a bare number is not a time
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    return hour * 60 + minute


def _date_in(text: str) -> tuple[int | None, int, int] | None:
    for match in _DATE.finditer(text):
        if match.group("year"):
            return int(match.group("year")), int(match.group("month")), int(match.group("day"))
        month_name = (match.group("m1") or match.group("m2") or "").lower()
        if month_name in _MONTHS:
            day = int(match.group("d1") or match.group("d2"))
            year = match.group("y1") or match.group("y2")
            return (int(year) if year else None), _MONTHS.index(month_name) + 1, day
    return None


class TimelineChecker(Checker):
    def __init__(self, rule, options: TimelineOptions, cues: dict) -> None:
        super().__init__(rule)
        self.options = options
        self.cues = cues
        self._timed_by_text: dict[str, list] = {}

    def _timed(self, analysed) -> list:
        """(sentence, its text, its clock times, its date) for the block's sentences with a time.

        Kept by block text: the other blocks of a draft are unchanged from one keystroke to the next.
        """
        text = analysed.block.text
        timed = self._timed_by_text.get(text)
        if timed is None:
            timed = []
            for sentence in analysed.sentences:
                part = text[sentence.start : sentence.end]
                times = [(m, _clock(m)) for m in _TIME.finditer(part)]
                times = [(m, minutes) for m, minutes in times if minutes is not None]
                if times:
                    timed.append((sentence, part, times, _date_in(part)))
            if len(self._timed_by_text) >= 4096:
                self._timed_by_text.clear()
            self._timed_by_text[text] = timed
        return timed

    def _events(self, context: DocumentContext) -> dict[str, ClockTime]:
        found: dict[str, ClockTime] = {}
        for number, analysed in enumerate(context.analysis.blocks):
            for sentence, part, times, date in self._timed(analysed):
                label = row_label(analysed.block)  # "Detected | 06:40 UTC" in a table row
                for event, cue in self.cues.items():
                    if event in found:
                        continue
                    hit = cue.search(label + part)
                    if not hit:
                        continue
                    cue_end = hit.end() - len(label)
                    after = [t for t in times if t[0].start() >= cue_end]
                    match, minutes = after[0] if after else times[-1]
                    zone = (match.group("zone") or "").upper() or None
                    span = Span(sentence.start + match.start(), sentence.start + match.end())
                    found[event] = ClockTime(
                        minutes, zone, date, span, number, match.group().strip()
                    )
        return found

    def check_document(self, context: DocumentContext) -> Iterable[Finding]:
        events = self._events(context)
        blocks = context.analysis.blocks
        if self.options.check == "order":
            present = [(name, events[name]) for name in self.options.order if name in events]
            for (first, early), (second, late) in zip(present, present[1:], strict=False):
                if early.date and late.date and early.date != late.date:
                    continue  # different days: not comparable by clock time alone
                if early.zone != late.zone and early.zone and late.zone:
                    continue
                if late.minutes < early.minutes and early.minutes - late.minutes < _MIDNIGHT_GAP:
                    block = blocks[early.block].block
                    yield Finding(
                        block.to_source(early.span),
                        early.text,
                        params={
                            "event": first,
                            "other": second,
                            "value": early.text,
                            "expected": late.text,
                        },
                    )
            return
        front = context.analysis.document.front_matter
        if front is None or not self._front_matter_in_order(front):
            return  # an inconsistent front matter is timing.order's finding; comparing to it is noise
        for event, field_name in self.options.front_matter:
            said = events.get(event)
            field = front.get(field_name)
            if said is None or field is None or not said.zone or not isinstance(field.value, str):
                continue
            moment, zoned = parse_timestamp(field.value)
            if moment is None or not zoned:
                continue
            if not self._agrees(said, as_utc(moment)):
                block = blocks[said.block].block
                yield Finding(
                    block.to_source(said.span),
                    said.text,
                    params={
                        "event": event,
                        "other": field_name,
                        "value": said.text,
                        "expected": field.value,
                    },
                )

    def _front_matter_in_order(self, front) -> bool:
        moments = []
        for _, field_name in self.options.front_matter:
            field = front.get(field_name)
            moment, zoned = (
                parse_timestamp(field.value)
                if field and isinstance(field.value, str)
                else (None, False)
            )
            if moment is not None and zoned:
                moments.append(moment)
        return all(a <= b for a, b in zip(moments, moments[1:], strict=False))

    def _agrees(self, said: ClockTime, truth: datetime) -> bool:
        tolerance = timedelta(minutes=self.options.tolerance)
        for offset in _ZONES.get(said.zone or "", ()):
            local = truth + timedelta(hours=offset)
            if said.date and (said.date[1], said.date[2]) != (local.month, local.day):
                continue
            if said.date and said.date[0] and said.date[0] != local.year:
                continue
            base = local.replace(hour=0, minute=0, second=0, microsecond=0)
            claimed = base + timedelta(minutes=said.minutes)
            # without a date the time may refer to the day before or after (around midnight)
            candidates = (
                [claimed]
                if said.date
                else [claimed, claimed - timedelta(days=1), claimed + timedelta(days=1)]
            )
            if any(abs(candidate - local) <= tolerance for candidate in candidates):
                return True
        return False


class TimelineKind(Kind):
    name = "timeline"
    scope = "document"

    def parse(self, rule) -> TimelineOptions:
        reader = OptionReader(rule, _KEYS)
        check = reader.choice("check", _CHECKS, "order")
        events = reader.raw("events")
        if (
            not isinstance(events, dict)
            or not events
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in events.items())
        ):
            raise reader.error(
                "events", "'events' maps event names to regexes of the words that announce them"
            )
        order = reader.strings("order")
        front = reader.raw("front-matter", {})
        if not isinstance(front, dict) or not all(isinstance(v, str) for v in front.values()):
            raise reader.error(
                "front-matter", "'front-matter' maps event names to front-matter fields"
            )
        for name in list(order) + list(front):
            if name not in events:
                raise reader.error("events", f"event '{name}' is used but not defined in 'events'")
        if check == "order" and len(order) < 2:
            raise reader.error("order", "'order' lists at least two events")
        if check == "front-matter" and not front:
            raise reader.error("front-matter", "the front-matter check needs 'front-matter'")
        return TimelineOptions(
            check=check,
            events=tuple(events.items()),
            order=order,
            front_matter=tuple(front.items()),
            tolerance=int(reader.number("tolerance-minutes", 90) or 0),
        )

    def compile(self, rule, options: TimelineOptions, context) -> Checker:
        cues = {
            name: compile_regex(regex, rule.where("events"), ignore_case=True)
            for name, regex in options.events
        }
        return TimelineChecker(rule, options, cues)
