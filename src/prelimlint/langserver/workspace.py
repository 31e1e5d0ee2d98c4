"""Which ``Linter`` lints a draft: config discovery as in the CLI, one linter per configuration.

Discovery walks up from the draft's folder (``config.find_config_file``); an untitled draft
uses the first workspace folder. Linters are cached by (config file, its size and mtime,
the editor's ``model`` setting), so two workspace folders with their own configs coexist
and an edited config file is picked up on the next lint even without file watching. A
config, rule file or model that cannot be loaded becomes a ``LinterChoice`` with an error
instead of a linter, cached like a linter so a broken config is not re-read per keystroke.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from ..api import Linter
from ..config import CONFIG_FILE_NAMES, find_config_file, load_config
from ..errors import PrelimlintError
from .settings import Settings

__all__ = ["LinterChoice", "LinterPool", "watchers_for"]

log = logging.getLogger(__name__)

_CONFIG_NAMES = frozenset(CONFIG_FILE_NAMES) | {"pyproject.toml"}
_RULE_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True, slots=True)
class LinterChoice:
    """The linter for a draft, or why there is none (``error``: one line naming file and line)."""

    linter: Linter | None
    config_path: Path | None
    error: str | None = None
    error_path: Path | None = None
    error_line: int | None = None  # 1-based


class LinterPool:
    """Config discovery and linters, shared by all open drafts (used from the lint thread)."""

    def __init__(self, fallback_folders: Callable[[], Iterable[Path]]) -> None:
        self._fallback_folders = fallback_folders
        self._discovered: dict[Path, Path | None] = {}
        self._choices: dict[tuple, LinterChoice] = {}
        self._lock = threading.Lock()

    def choose(self, path: Path | None, settings: Settings) -> LinterChoice:
        """The linter for a draft at ``path`` (None: an untitled draft)."""
        config_path = self._config_path(path)
        key = (config_path, _fingerprint(config_path), settings.model)
        with self._lock:
            choice = self._choices.get(key)
        if choice is not None:
            return choice
        choice = _build(config_path, settings)  # slow (rules, pipeline): not under the lock
        with self._lock:
            for old in [k for k in self._choices if k[0] == config_path and k[2] == settings.model]:
                del self._choices[old]  # the same config file, edited: drop the old linter
            self._choices[key] = choice
        return choice

    def forget(self) -> None:
        """Drop discovered config paths and linters (after config or rule files changed)."""
        with self._lock:
            self._discovered.clear()
            self._choices.clear()

    def rule_folders(self) -> set[Path]:
        """Extra rule folders of the configurations in use (to watch them)."""
        with self._lock:
            choices = list(self._choices.values())
        return {folder for c in choices if c.linter for folder in c.linter.config.extra_rules}

    def config_paths(self) -> set[Path]:
        """Config files in use (to watch them even when they sit outside the workspace)."""
        with self._lock:
            return {path for path in self._discovered.values() if path is not None}

    def is_relevant(self, path: Path) -> bool:
        """True when a change to ``path`` may change how drafts are linted."""
        if path.name in _CONFIG_NAMES:
            return True
        if path.suffix.lower() not in _RULE_SUFFIXES:
            return False
        resolved = path.resolve()
        return any(resolved.is_relative_to(folder.resolve()) for folder in self.rule_folders())

    def _config_path(self, path: Path | None) -> Path | None:
        folder = (
            path.parent if path is not None else next(iter(self._fallback_folders()), Path.cwd())
        )
        with self._lock:
            if folder in self._discovered:
                return self._discovered[folder]
        found = find_config_file(folder)
        with self._lock:
            self._discovered[folder] = found
        return found


def watchers_for(
    config_paths: set[Path], rule_folders: set[Path], relative: bool
) -> list[types.FileSystemWatcher]:
    """Watchers for config files anywhere in the workspace, the configs in use and rule folders."""
    patterns: list[str | types.RelativePattern] = [
        "**/.prelimlint.yaml",
        "**/.prelimlint.yml",
        "**/pyproject.toml",
    ]
    places = [(path.parent, path.name) for path in sorted(config_paths)]
    places += [(folder, "**/*.{yml,yaml}") for folder in sorted(rule_folders)]
    for folder, pattern in places:
        folder = folder.resolve()
        if relative:
            patterns.append(types.RelativePattern(base_uri=folder.as_uri(), pattern=pattern))
        else:
            patterns.append(f"{folder.as_posix()}/{pattern}")
    return [types.FileSystemWatcher(glob_pattern=pattern) for pattern in patterns]


def _fingerprint(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _build(config_path: Path | None, settings: Settings) -> LinterChoice:
    where = str(config_path) if config_path else "the built-in defaults"
    log.info(
        "loading rules for %s%s", where, f" with model {settings.model}" if settings.model else ""
    )
    try:
        config = load_config(config_path)
        if settings.model:
            config = config.merged(model=settings.model)
        linter = Linter(config)
    except PrelimlintError as error:
        log.error("cannot lint with %s: %s", where, error)
        return LinterChoice(
            None,
            config_path,
            str(error),
            Path(error.path) if error.path else config_path,
            error.line,
        )
    except Exception as error:  # a bug, but one draft's config must not take the server down
        log.exception("unexpected error while loading %s", where)
        return LinterChoice(
            None,
            config_path,
            f"internal error while loading {where}: {type(error).__name__}: {error}",
            config_path,
        )
    for notice in linter.notices:
        log.info("%s", notice)
    return LinterChoice(linter, config_path)
