"""Rule kinds: the single, explicit table of what a rule's ``kind:`` can be."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .base import (
    BlockContext,
    Checker,
    CompileContext,
    DocumentContext,
    Finding,
    Kind,
    SharedMatchers,
)
from .entity import EntityKind
from .metadata import MetadataKind
from .metric import MetricKind
from .pattern import PatternKind
from .phrase import PhraseKind
from .regex import RegexKind
from .required_section import RequiredSectionKind
from .suppression import SuppressionKind
from .timeline import TimelineKind

__all__ = [
    "KINDS",
    "BlockContext",
    "Checker",
    "CompileContext",
    "DocumentContext",
    "Finding",
    "Kind",
    "SharedMatchers",
]

KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        kind.name: kind
        for kind in (
            PhraseKind(),
            PatternKind(),
            RegexKind(),
            EntityKind(),
            RequiredSectionKind(),
            MetricKind(),
            MetadataKind(),
            TimelineKind(),
            SuppressionKind(),
        )
    }
)
