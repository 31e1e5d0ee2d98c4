"""The timing strip of the review page: detected -> resolved -> published, and the 24-hour window.

The strip is drawn in three zones, not to one scale, so that an incident of forty minutes
and a window of a day are both readable: the incident (earliest time to resolution), the
24-hour window (to scale, with 6-hour ticks) and up to 12 hours past the deadline.
Only front-matter times with a zone are placed; the timing rules report the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..document import FrontMatter
from ..kinds.timestamps import parse_timestamp

__all__ = ["Marker", "TimePoint", "TimingStrip", "timing_strip"]

WINDOW_HOURS = 24
_FIELDS = (
    ("started_at", "Started"),
    ("detected_at", "Detected"),
    ("mitigated_at", "Mitigated"),
    ("resolved_at", "Resolved"),
    ("reviewed_at", "Reviewed"),
    ("published_at", "Published"),
)
# the zones of the strip, in percent of its width
_INCIDENT_END, _WINDOW_END, _LATE_HOURS = 16.0, 84.0, 12
_LABEL_WIDTH, _FLIP = (
    15.0,
    70.0,
)  # a label's width in percent of the strip (two short lines), where labels flip


@dataclass(frozen=True, slots=True)
class TimePoint:
    """One front-matter time: as written, and as a moment when it has a zone."""

    key: str
    label: str
    written: str
    moment: datetime | None  # None when unreadable or without a zone

    @property
    def shown(self) -> str:
        return _clock(self.moment) if self.moment else self.written


@dataclass(frozen=True, slots=True)
class Marker:
    """A point on the strip, ``percent`` from the left; its label ``row`` is "above" or "below"."""

    label: str
    time: str
    percent: float
    row: str
    css: str

    @property
    def align(self) -> str:
        """Which way the label extends from the point: "start" (rightwards) or "end"."""
        return "start" if self.percent < _FLIP else "end"


@dataclass(frozen=True, slots=True)
class TimingStrip:
    points: tuple[TimePoint, ...]
    markers: tuple[Marker, ...]
    ticks: tuple[tuple[float, str], ...]  # (percent, "6 h")
    deadline: str  # the end of the window, "" when there is no resolution time
    state: str  # "on-time" | "late" | "open" (unpublished, window open) | "overdue" | "unknown"
    summary: str  # one sentence for the reader
    problems: tuple[str, ...]  # times that could not be placed

    @property
    def has_window(self) -> bool:
        return bool(self.deadline)


def timing_strip(front_matter: FrontMatter | None, now: datetime | None = None) -> TimingStrip:
    """The strip for a draft's front matter; ``now`` places an unpublished draft (default: now)."""
    points, problems = _points(front_matter)
    by_key = {point.key: point for point in points}
    resolved = by_key.get("resolved_at")
    published = by_key.get("published_at")
    if resolved is None or resolved.moment is None:
        reason = (
            "the front matter has no 'resolved_at'"
            if resolved is None
            else ("'resolved_at' needs a date, a time and a zone")
        )
        summary = f"The 24-hour window cannot be drawn: {reason}."
        return TimingStrip(tuple(points), (), (), "", "unknown", summary, tuple(problems))
    start = resolved.moment
    deadline = start + timedelta(hours=WINDOW_HOURS)
    earliest = min((p.moment for p in points if p.moment), default=start)
    markers = []
    for point in points:
        if point.moment is None or point.key == "published_at":
            continue
        row = "above" if point.key in ("detected_at", "resolved_at") else "below"
        markers.append(
            Marker(
                point.label,
                _clock(point.moment),
                _place(point.moment, earliest, start),
                row,
                point.key.removesuffix("_at"),
            )
        )
    if published is not None and published.moment is not None:
        position, label, css = published.moment, "Published", "published"
    else:
        position, label, css = (now or datetime.now(UTC)), "Now (not published)", "now"
    markers.append(Marker(label, _clock(position), _place(position, earliest, start), "below", css))
    markers.append(Marker("24-hour deadline", _clock(deadline), _WINDOW_END, "below", "deadline"))
    markers = _arranged(markers)
    ticks = tuple(
        (_place(start + timedelta(hours=h), earliest, start), f"+{h} h") for h in (6, 12, 18)
    )
    state, summary = _verdict(position - start, css == "published")
    return TimingStrip(
        tuple(points), tuple(markers), ticks, _clock(deadline), state, summary, tuple(problems)
    )


def _arranged(markers: list[Marker]) -> list[Marker]:
    """Put each label in the first row (above, below the bar) where it does not cover another.

    Labels left of ``_FLIP`` extend to the right of their point, the others to the left.
    """
    taken: dict[str, list[tuple[float, float]]] = {"above": [], "below": []}
    placed = []
    for marker in sorted(markers, key=lambda m: m.percent):
        left, right = (
            (marker.percent, marker.percent + _LABEL_WIDTH)
            if marker.percent < _FLIP
            else (marker.percent - _LABEL_WIDTH, marker.percent)
        )
        rows = [marker.row] + [row for row in taken if row != marker.row]
        row = next(
            (r for r in rows if all(right <= a or left >= b for a, b in taken[r])), marker.row
        )
        taken[row].append((left, right))
        placed.append(Marker(marker.label, marker.time, marker.percent, row, marker.css))
    return placed


def _points(front_matter: FrontMatter | None) -> tuple[list[TimePoint], list[str]]:
    points, problems = [], []
    for key, label in _FIELDS:
        found = front_matter.get(key) if front_matter else None
        if found is None or not isinstance(found.value, str) or not found.value.strip():
            continue
        moment, zoned = parse_timestamp(found.value)
        if moment is None:
            problems.append(f"'{key}: {found.value}' is not a date and time")
        elif not zoned:
            problems.append(f"'{key}: {found.value}' has no time zone")
        points.append(
            TimePoint(
                key,
                label,
                found.value.strip(),
                moment.astimezone(UTC) if moment and zoned else None,
            )
        )
    return points, problems


def _place(moment: datetime, earliest: datetime, resolved: datetime) -> float:
    """Percent from the left edge of the strip for ``moment``."""
    hours = (moment - resolved).total_seconds() / 3600
    if hours < 0:  # the incident zone, scaled from the earliest time to resolution
        span = (resolved - earliest).total_seconds() / 3600
        fraction = 1 - min(1.0, -hours / span) if span > 0 else 0.0
        return round(2 + fraction * (_INCIDENT_END - 2), 2)
    if hours <= WINDOW_HOURS:
        return round(_INCIDENT_END + (_WINDOW_END - _INCIDENT_END) * hours / WINDOW_HOURS, 2)
    late = min(1.0, (hours - WINDOW_HOURS) / _LATE_HOURS)
    return round(_WINDOW_END + (100 - _WINDOW_END - 2) * late, 2)


def _verdict(gap: timedelta, is_published: bool) -> tuple[str, str]:
    hours = gap.total_seconds() / 3600
    window = timedelta(hours=WINDOW_HOURS)
    if is_published:
        if hours < 0:
            return "unknown", "Published before the recorded resolution time: check the times."
        if gap <= window:
            return "on-time", (
                f"Published {_duration(gap)} after resolution, within the 24-hour window "
                f"({_duration(window - gap)} to spare)."
            )
        late = _duration(gap - window)
        return (
            "late",
            f"Published {_duration(gap)} after resolution: {late} past the 24-hour window.",
        )
    if hours < 0:
        return "open", "Not published yet; the incident is not resolved by the recorded time."
    if gap <= window:
        return "open", (
            f"Not published yet: {_duration(gap)} since resolution, "
            f"{_duration(window - gap)} left in the 24-hour window."
        )
    return "overdue", f"Not published yet: {_duration(gap - window)} past the 24-hour window."


def _duration(delta: timedelta) -> str:
    minutes = int(round(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours >= 72:  # hours are the unit of the window; days only when the draft is far past it
        return f"{hours // 24} d {hours % 24} h"
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _clock(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC").lstrip("0")
