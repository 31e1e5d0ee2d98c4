"""Client settings: ``{"prelimlint": {"enable": true, "model": "…", "severityThreshold": "info"}}``.

They arrive as ``initializationOptions``, in ``workspace/didChangeConfiguration`` or as the
answer to ``workspace/configuration``. A bad value is reported and ignored; the rest apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..model import Severity

__all__ = ["SECTION", "Settings", "parse_settings"]

SECTION = "prelimlint"
_KEYS = ("enable", "model", "severityThreshold")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the editor asked for; ``model`` (when set) overrides the config file's ``model``."""

    enable: bool = True
    model: str | None = None
    severity_threshold: Severity = Severity.INFO

    def shows(self, severity: Severity) -> bool:
        return severity.rank >= self.severity_threshold.rank


def parse_settings(raw: Any, base: Settings | None = None) -> tuple[Settings, list[str]]:
    """Settings from the client's value (wrapped in ``{"prelimlint": ...}`` or not), and problems.

    Keys that are absent keep their value from ``base``; ``null`` resets a key to its default.
    """
    settings = base or Settings()
    problems: list[str] = []
    if raw is None:
        return settings, problems
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        raw = raw[SECTION]
    elif isinstance(raw, Mapping) and SECTION in raw and raw[SECTION] is None:
        return settings, problems
    if not isinstance(raw, Mapping):
        return settings, [f'settings must be an object such as {{"{SECTION}": {{"enable": true}}}}']
    for key in raw:
        if key not in _KEYS:
            problems.append(
                f"unknown setting '{SECTION}.{key}'; expected one of: {', '.join(_KEYS)}"
            )
    defaults = Settings()
    if "enable" in raw:
        value = raw["enable"]
        if value is None:
            settings = replace(settings, enable=defaults.enable)
        elif isinstance(value, bool):
            settings = replace(settings, enable=value)
        else:
            problems.append(f"'{SECTION}.enable' must be true or false, not {value!r}")
    if "model" in raw:
        value = raw["model"]
        if value is None or (isinstance(value, str) and not value.strip()):
            settings = replace(settings, model=None)
        elif isinstance(value, str):
            settings = replace(settings, model=value.strip())
        else:
            problems.append(
                f"'{SECTION}.model' must be the name of an installed spaCy pipeline, not {value!r}"
            )
    if "severityThreshold" in raw:
        value = raw["severityThreshold"]
        if value is None:
            settings = replace(settings, severity_threshold=defaults.severity_threshold)
        elif isinstance(value, str) and value.lower() in {s.value for s in Severity}:
            settings = replace(settings, severity_threshold=Severity(value.lower()))
        else:
            problems.append(
                f"'{SECTION}.severityThreshold' is {value!r}; expected one of: error, warning, info"
            )
    return settings, problems
