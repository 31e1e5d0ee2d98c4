"""Errors prelimlint raises on purpose; each renders as one ``path:line: problem`` line."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InputError",
    "ModelError",
    "PrelimlintError",
    "RuleFileError",
]


class PrelimlintError(Exception):
    """Base class: a problem the user can fix, reported in one line with exit code 2."""

    def __init__(self, problem: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path
        self.line = line

    def __reduce__(self):
        # keep path and line when the error crosses a process boundary (``check -j N``)
        return (type(self), (self.problem,), {"path": self.path, "line": self.line})

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.problem}"


class RuleFileError(PrelimlintError):
    """A rule file is not valid YAML or does not follow the rule schema."""


class ConfigError(PrelimlintError):
    """A configuration file or option is invalid."""


class ModelError(PrelimlintError):
    """The requested spaCy pipeline cannot be loaded."""


class InputError(PrelimlintError):
    """A file to lint cannot be read as text."""
