"""Output formats; each turns file reports into one string.

Options a formatter may use (others ignore them): ``color`` (text), ``rules`` (a ``RuleSet``: SARIF rule
metadata, HTML explanations), ``thresholds`` (per report, the severity that fails it: JUnit), ``root`` (SARIF).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from ..model import FileReport
from .github import format_github
from .json import format_json
from .junit import format_junit
from .sarif import format_sarif
from .text import format_text

__all__ = ["FORMATTERS", "Formatter", "render"]

Formatter = Callable[..., str]


def format_html(reports: Sequence[FileReport], **options: Any) -> str:
    from .html import format_html as html  # Jinja2 is imported only when a page is made

    return html(reports, **options)


FORMATTERS: Mapping[str, Formatter] = MappingProxyType(
    {
        "text": format_text,
        "json": format_json,
        "sarif": format_sarif,
        "github": format_github,
        "junit": format_junit,
        "html": format_html,
    }
)


def render(name: str, reports: Sequence[FileReport], **options: object) -> str:
    return FORMATTERS[name](reports, **options)
