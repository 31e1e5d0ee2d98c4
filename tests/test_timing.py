"""The timing strip of the review page: where detection, resolution and publication fall."""

from __future__ import annotations

from datetime import UTC, datetime

from prelimlint.document import parse_document
from prelimlint.report.timing import timing_strip

NOW = datetime(2026, 4, 13, 3, 0, tzinfo=UTC)


def strip(front: str, now: datetime = NOW):
    return timing_strip(parse_document(f"---\n{front}---\n# T\n").front_matter, now)


def markers(result) -> dict[str, float]:
    return {m.css: m.percent for m in result.markers}


def test_published_inside_the_window():
    result = strip(
        "detected_at: 2026-04-12T14:02:00Z\nresolved_at: 2026-04-12T14:51:00Z\n"
        "published_at: 2026-04-13T09:30:00Z\n"
    )
    assert result.state == "on-time"
    assert result.summary == (
        "Published 18 h 39 min after resolution, within the 24-hour window (5 h 21 min to spare)."
    )
    placed = markers(result)
    assert placed["resolved"] == 16.0 and placed["deadline"] == 84.0
    assert placed["published"] == round(16 + 68 * (18 + 39 / 60) / 24, 2)
    assert placed["detected"] < placed["resolved"]
    assert result.deadline == "13 Apr 2026, 14:51 UTC"


def test_offsets_are_applied_before_comparing():
    result = strip(
        "resolved_at: 2026-03-02T23:00:00+02:00\npublished_at: 2026-03-03T20:50:00+00:00\n"
    )
    assert result.state == "on-time"
    assert "23 h 50 min after resolution" in result.summary


def test_published_late_is_past_the_deadline():
    result = strip("resolved_at: 2026-03-02T10:00:00Z\npublished_at: 2026-03-03T11:30:00Z\n")
    assert result.state == "late"
    assert (
        result.summary
        == "Published 25 h 30 min after resolution: 1 h 30 min past the 24-hour window."
    )
    assert 84 < markers(result)["published"] < 100


def test_unpublished_draft_is_placed_at_now():
    result = strip("resolved_at: 2026-04-12T14:51:00Z\n")
    assert result.state == "open"
    assert result.summary == (
        "Not published yet: 12 h 09 min since resolution, 11 h 51 min left in the 24-hour window."
    )
    assert "now" in markers(result)
    overdue = strip("resolved_at: 2026-04-10T14:51:00Z\n")
    assert (
        overdue.state == "overdue" and markers(overdue)["now"] == 98.0
    )  # clamped at the right edge


def test_without_a_zoned_resolution_time_there_is_no_window():
    missing = strip("detected_at: 2026-04-12T14:02:00Z\n")
    assert (missing.state, missing.has_window, missing.markers) == ("unknown", False, ())
    assert "no 'resolved_at'" in missing.summary
    zoneless = strip("resolved_at: 2026-04-12T14:51:00\npublished_at: sometime\n")
    assert not zoneless.has_window
    assert zoneless.problems == (
        "'resolved_at: 2026-04-12T14:51:00' has no time zone",
        "'published_at: sometime' is not a date and time",
    )


def test_labels_that_would_collide_go_to_the_other_row():
    result = strip(
        "detected_at: 2026-04-12T14:02:00Z\nresolved_at: 2026-04-12T14:51:00Z\n"
        "published_at: 2026-04-12T15:30:00Z\n"
    )
    rows = {m.css: m.row for m in result.markers}
    assert (
        rows["detected"] != rows["resolved"]
        or abs(markers(result)["detected"] - markers(result)["resolved"]) > 15
    )
    assert rows["resolved"] != rows["published"]
