"""The library facade: ``Linter`` loads rules and the pipeline once and lints many texts.

from prelimlint import Linter, lint
diagnostics = lint("The outage was caused by a bad deploy.")
linter = Linter()                      # or Linter(load_config(path))
report = linter.lint_text(text, path="draft.md")
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, RuleSelection, check_rule_references
from .document import ParseCache, parse_document
from .errors import ConfigError, InputError
from .model import Diagnostic, FileReport
from .ruleset import Rule, RuleSet, load_ruleset, vocabularies_read

__all__ = ["Linter", "StageTimes", "lint", "load_rules", "read_text", "validate_config"]

log = logging.getLogger(__name__)


def _kind_names() -> tuple[str, ...]:
    from .kinds import KINDS

    return tuple(KINDS)


def load_rules(config: Config | None = None) -> RuleSet:
    """The built-in pack plus the config's extra folders, every rule fully validated.

    Does not import spaCy, so listing and explaining rules stays fast.
    """
    from .kinds import KINDS

    config = config or Config()
    ruleset = load_ruleset(config.extra_rules, tuple(KINDS), include_builtin=config.builtin_rules)
    for rule in ruleset:
        KINDS[rule.kind].parse(rule)  # kind-specific keys: fail at load time, not mid-lint
    return ruleset


def validate_config(config: Config, ruleset: RuleSet) -> None:
    """Fail early on selectors that name no rule and vocabularies that no rule reads."""
    import difflib

    check_rule_references(config, ruleset.ids, [a for r in ruleset for a in r.aliases])
    read = sorted({name for rule in ruleset for name in vocabularies_read(rule)})
    for name in config.vocabularies:
        if name in read:
            continue
        path, line = config.where(f"vocabularies.{name}")
        if line is None:
            path, line = config.where("vocabularies")
        match = difflib.get_close_matches(name, read, n=1, cutoff=0.6)
        hint = f" (did you mean '{match[0]}'?)" if match else ""
        raise ConfigError(
            f"no rule reads the vocabulary '{name}'{hint}; the rules read: {', '.join(read)}",
            path=path,
            line=line,
        )


_BINARY_SIGNATURES = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF")


def read_text(path: Path, max_size: int = 0) -> str:
    """Read a draft as text: UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is an InputError.

    ``max_size`` (characters, 0: no limit) refuses longer drafts, and without reading them
    when the file has more bytes than any encoding needs for that many characters.
    """
    try:
        if max_size and path.stat().st_size > 4 * max_size:
            raise InputError(_too_long(path.stat().st_size, max_size, "bytes"), path=str(path))
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=str(path)) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                "not valid UTF-16 text despite its byte-order mark", path=str(path)
            ) from None
    if data.startswith(_BINARY_SIGNATURES):
        raise InputError("binary file, not a text draft", path=str(path))
    nul = data.find(b"\x00")  # anywhere, not only near the start: text drafts have none
    if nul >= 0:
        raise InputError(
            "NUL byte: a binary file, not a text draft",
            path=str(path),
            line=data.count(b"\n", 0, nul) + 1,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not UTF-8 text (invalid byte 0x{data[error.start]:02x})", path=str(path), line=line
        ) from None
    check_size(text, max_size, str(path))
    return text


def check_size(text: str, max_size: int, path: str | None) -> None:
    """Refuse a draft longer than ``max_size`` characters (0: no limit) with an InputError."""
    if max_size and len(text) > max_size:
        raise InputError(_too_long(len(text), max_size, "characters"), path=path or "<stdin>")


def _too_long(size: int, limit: int, unit: str) -> str:
    return (
        f"too large to be a draft ({size:,} {unit}; the limit is {limit:,} characters): "
        "raise 'max-file-size' in the configuration (0: no limit) if this really is one"
    )


@dataclass
class StageTimes:
    """Seconds spent per stage, summed over calls (for benchmarks)."""

    parse: float = 0.0
    nlp: float = 0.0
    rules: float = 0.0
    calls: int = 0

    def as_dict(self) -> dict[str, float]:
        return {"parse": self.parse, "nlp": self.nlp, "rules": self.rules}


@dataclass(eq=False)
class Linter:
    """Rules, pipeline and compiled checkers for one configuration; reusable and thread-safe."""

    config: Config = field(default_factory=Config)

    def __post_init__(self) -> None:
        from .engine import Engine
        from .kinds import KINDS
        from .nlp import DocCache, load_pipeline

        self.ruleset = load_rules(self.config)
        validate_config(self.config, self.ruleset)
        candidates = [rule for rule in self.ruleset if self._may_run(rule)]
        needs: set[str] = set()
        for rule in candidates:
            needs |= KINDS[rule.kind].needs(KINDS[rule.kind].parse(rule))
        self.pipeline = load_pipeline(self.config.model, needs)
        self.engine = Engine(
            candidates,
            self.pipeline,
            self.config.vocabularies,
            catalogue=self.ruleset,
            vocabulary_where=_VocabularyWhere(self.config),
        )
        self.doc_cache = DocCache()
        self.parse_cache = (
            ParseCache()
        )  # Markdown pieces: an edit re-parses only the piece it touched
        self.times = StageTimes()
        self._enabled_any: dict[tuple, bool] = {}
        self._times_lock = threading.Lock()
        base = self.config.selection_for(None)
        self.notices = tuple(
            notice
            for (rule, _), notice in zip(self.engine.skipped, self.engine.notices(), strict=True)
            if base.enabled(rule.id, rule.category, rule.enabled)
        )

    @classmethod
    def from_config(cls, config: Config | None = None) -> Linter:
        return cls(config or Config())

    def _may_run(self, rule: Rule) -> bool:
        selections = [self.config.selection_for(None)]
        for override in self.config.overrides:
            selections.append(
                RuleSelection(override.select or self.config.select, (), override.severity)
            )
        return any(s.enabled(rule.id, rule.category, rule.enabled) for s in selections)

    def rule(self, rule_id: str) -> Rule | None:
        return self.ruleset.get(rule_id)

    def lint_text(
        self, text: str, path: str | None = None, syntax: str | None = None
    ) -> FileReport:
        """Lint one draft's text; ``path`` chooses the syntax and per-path config.

        Raises ``InputError`` when the text is longer than the configuration's ``max_file_size``.
        """
        from .nlp import analyze

        check_size(text, self.config.max_file_size, path)
        started = time.perf_counter()
        document = parse_document(text, path, syntax, self.parse_cache)
        parsed = time.perf_counter()
        analysis = analyze(document, self.pipeline, self.doc_cache)
        analysed = time.perf_counter()
        selection = self.config.selection_for(path)
        result = self.engine.run(analysis, selection)
        finished = time.perf_counter()
        with self._times_lock:
            self.times.parse += parsed - started
            self.times.nlp += analysed - parsed
            self.times.rules += finished - analysed
            self.times.calls += 1
        notices = (
            self.notices
            if self._checks_something(selection)
            else (*self.notices, self._nothing_enabled())
        )
        return FileReport(
            path, text, result.diagnostics, notices, result.internal_errors, result.elements
        )

    def _checks_something(self, selection: RuleSelection) -> bool:
        key = (selection.select, selection.ignore, tuple(selection.severity.items()))
        found = self._enabled_any.get(key)
        if found is None:
            found = self._enabled_any[key] = any(
                selection.enabled(rule.id, rule.category, rule.enabled) for rule in self.ruleset
            )
        return found

    def _nothing_enabled(self) -> str:
        source = f" in {self.config.path}" if self.config.path else ""
        return (
            f"no rule is enabled: the 'select', 'ignore' and 'severity' settings{source} turn "
            "every rule off, so nothing was checked"
        )

    def lint_path(self, path: str | Path) -> FileReport:
        """Read and lint one file (raises ``InputError`` when it is not text or too large)."""
        path = Path(path)
        return self.lint_text(read_text(path, self.config.max_file_size), str(path))

    def lint_paths(self, paths: Iterable[str | Path]) -> list[FileReport]:
        return [self.lint_path(p) for p in paths]


class _VocabularyWhere:
    """Errors in a company vocabulary's terms point at the config file that set them."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def error(self, problem: str, name: str | None = None) -> ConfigError:
        path, line = self.config.where(f"vocabularies.{name}" if name else "vocabularies")
        if line is None:
            path, line = self.config.where("vocabularies")
        return ConfigError(problem, path=path, line=line)


_DEFAULT: Linter | None = None
_DEFAULT_LOCK = threading.Lock()


def lint(text: str, *, path: str | None = None, config: Config | None = None) -> list[Diagnostic]:
    """Lint ``text`` and return its diagnostics (the default linter is built once and reused)."""
    global _DEFAULT
    if config is not None:
        return list(Linter(config).lint_text(text, path).diagnostics)
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Linter()
    return list(_DEFAULT.lint_text(text, path).diagnostics)
