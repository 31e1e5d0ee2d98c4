"""``prelimlint new``: a skeleton draft built from the rule pack's required sections.

Every enabled ``required-section`` rule contributes a heading (its ``title``) with its
one-line ``prompt`` in an HTML comment and ``TBD`` as the body. The rules read "TBD" as a
placeholder, so ``prelimlint check`` reports each section, at its heading and with the
rule's own advice, until the writer replaces the TBD; front-matter times left as TBD are
reported as not being timestamps. Nothing else in a fresh skeleton is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from .errors import PrelimlintError
from .ruleset import Rule

__all__ = [
    "DraftDetails",
    "PLACEHOLDER",
    "Section",
    "parse_timestamp",
    "required_sections",
    "skeleton",
]

PLACEHOLDER = "TBD"
# The reading order of the essential elements (docs/output.md), with the internal-only marking
# first, where a reader sees it before anything else. Rules not listed follow in pack order.
_ORDER = (
    "structure.internal-only",
    "structure.impact",
    "structure.timeline",
    "structure.customer-actions",
    "structure.resolution",
    "structure.monitoring",
    "structure.postmortem",
)


@dataclass(frozen=True, slots=True)
class Section:
    rule_id: str
    title: str
    prompt: str


@dataclass(frozen=True, slots=True)
class DraftDetails:
    """What the writer already knows; anything missing becomes a TBD placeholder."""

    incident: str | None = None
    title: str | None = None
    detected_at: str | None = None
    resolved_at: str | None = None
    published_at: str | None = None
    services: tuple[str, ...] = ()


def parse_timestamp(value: str, option: str) -> str:
    """Check an RFC 3339 timestamp with a zone (as the timing rules want); return it unchanged."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise PrelimlintError(
            f"{option} {value!r} is not a timestamp; use RFC 3339, e.g. 2026-03-02T14:05:00Z"
        ) from None
    if parsed.tzinfo is None:
        raise PrelimlintError(
            f"{option} {value!r} has no time zone; add Z or an offset such as +01:00"
        )
    return value


def required_sections(
    rules: Iterable[Rule], enabled: Callable[[Rule], bool] | None = None
) -> list[Section]:
    """Title and prompt of each enabled required-section rule, in reading order."""
    from .kinds import KINDS

    sections = []
    for rule in rules:
        if rule.kind != "required-section" or not (enabled(rule) if enabled else rule.enabled):
            continue
        options = KINDS[rule.kind].parse(rule)
        sections.append(Section(rule.id, options.title, options.prompt))
    rank = {rule_id: number for number, rule_id in enumerate(_ORDER)}
    return sorted(
        sections, key=lambda s: rank.get(s.rule_id, len(rank))
    )  # stable: pack order after


def _comment(text: str) -> str:
    return "<!-- " + text.replace("--", "–").strip() + " -->"


def _yaml_string(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON strings are YAML)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _front_matter(details: DraftDetails) -> list[str]:
    def field(key: str, value: str | None, hint: str) -> str:
        if value:
            return f"{key}: {_yaml_string(value)}"
        return f"{key}: {PLACEHOLDER}  # {hint}"

    when = "RFC 3339 with a zone, e.g. 2026-03-02T14:05:00Z"
    lines = [
        "---",
        field("incident", details.incident, "the incident id"),
        field("detected_at", details.detected_at, f"when it was detected: {when}"),
        field("resolved_at", details.resolved_at, f"when service was restored: {when}"),
        field("published_at", details.published_at, f"when this report goes out: {when}"),
        "services:",
    ]
    services: Sequence[str] = details.services or ()
    lines += [f"  - {_yaml_string(s)}" for s in services] or [
        f"  - {PLACEHOLDER}  # the affected business services, as customers know them"
    ]
    return lines + ["---"]


def skeleton(sections: Sequence[Section], details: DraftDetails = DraftDetails()) -> str:
    """The skeleton draft as Markdown with front matter."""
    title = details.title or PLACEHOLDER
    lines = _front_matter(details)
    lines += [
        f"# Preliminary Analysis: {title}",
        "",
        _comment(
            "Write for customer-facing staff: what customers saw and what to tell them. "
            "Replace every TBD; prelimlint check lists the ones left."
        ),
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", ""]
        if section.prompt:
            lines += [_comment(section.prompt), ""]
        lines += [PLACEHOLDER, ""]
    return "\n".join(lines)
