"""Output formats; each turns file reports into one string."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from ..model import FileReport
from .json import format_json
from .text import format_text

__all__ = ["FORMATTERS", "Formatter"]

Formatter = Callable[..., str]

def format_html(reports: Sequence[FileReport], **options: object) -> str:
    from .html import format_html as html  # Jinja2 is imported only when a page is made

    return html(reports, **options)


FORMATTERS: Mapping[str, Formatter] = MappingProxyType(
    {"text": format_text, "json": format_json, "html": format_html}
)


def render(name: str, reports: Sequence[FileReport], **options: object) -> str:
    return FORMATTERS[name](reports, **options)
