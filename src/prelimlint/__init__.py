"""prelimlint: a content linter for draft Preliminary Analysis incident reports."""

from __future__ import annotations

import logging

from .api import Linter, lint, load_rules, read_text
from .config import Config, load_config
from .errors import ConfigError, InputError, ModelError, PrelimlintError, RuleFileError
from .model import Category, Diagnostic, FileReport, Fix, Severity, Span

__all__ = [
    "Category",
    "Config",
    "ConfigError",
    "Diagnostic",
    "FileReport",
    "Fix",
    "InputError",
    "Linter",
    "ModelError",
    "PrelimlintError",
    "RuleFileError",
    "Severity",
    "Span",
    "lint",
    "load_config",
    "load_rules",
    "read_text",
]

__version__ = "0.1.0"

# A library logs, the application decides where to: without this, Python's last-resort
# handler would print the traceback of a crashing rule (already reported as one line) to stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())
