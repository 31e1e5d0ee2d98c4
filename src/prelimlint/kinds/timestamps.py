"""Reading timestamps as writers put them in front matter: ISO 8601, with or without a zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime

__all__ = ["parse_timestamp"]

_ZONE_WORD = re.compile(r"\s*(?:UTC|GMT|Z)$", re.IGNORECASE)
_YEARS = (2, 9998)  # a timestamp prelimlint can shift by days and zones without overflowing
_OFFSET_WORD = re.compile(r"\s*(?:UTC|GMT)\s*([+-]\d{1,2}(?::?\d{2})?)$", re.IGNORECASE)


def parse_timestamp(text: str) -> tuple[datetime | None, bool]:
    """``(datetime or None, has_zone)``; a zone-less time is returned naive."""
    value = text.strip().strip("'\"")
    if not value or len(value) > 64:
        return None, False
    offset = _OFFSET_WORD.search(value)
    if offset:
        sign_hours = offset.group(1)
        hours, _, minutes = sign_hours[1:].partition(":")
        if not minutes and len(hours) > 2:
            hours, minutes = hours[:-2], hours[-2:]
        value = value[: offset.start()] + f"{sign_hours[0]}{int(hours):02d}:{int(minutes or 0):02d}"
    elif _ZONE_WORD.search(value):
        value = _ZONE_WORD.sub("", value) + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, False
    if not _YEARS[0] <= moment.year <= _YEARS[1]:
        # year 1 or 9999: converting to UTC or adding a day would overflow the datetime range
        return None, False
    return moment, moment.tzinfo is not None


def as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
