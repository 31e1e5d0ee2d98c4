"""Output formats; each turns file reports into one string."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from ..model import FileReport
from .json import format_json
from .text import format_text

__all__ = ["FORMATTERS", "Formatter"]

Formatter = Callable[..., str]

FORMATTERS: Mapping[str, Formatter] = MappingProxyType({"text": format_text, "json": format_json})


def render(name: str, reports: Sequence[FileReport], **options: object) -> str:
    return FORMATTERS[name](reports, **options)
