"""Lint many files: each with its own configuration, optionally fixed, in one process or a pool.

``check -j N`` hands files to N worker processes; each worker builds one ``Linter`` per
configuration the first time it needs it and keeps it. Results come back in the order of
the input whatever the number of workers, so reports are stable.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, find_config_file, load_config
from .errors import InputError
from .model import FileReport, Severity
from .ruleset import Rule, RuleSet

__all__ = [
    "ConfigResolver",
    "FileResult",
    "Settings",
    "collect_targets",
    "lint_files",
    "write_fixes",
]

DRAFT_SUFFIXES = (".md", ".markdown", ".txt")
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}


@dataclass(frozen=True, slots=True)
class Settings:
    """What the command line asked for; small and picklable, so workers can rebuild everything."""

    config_path: Path | None = None  # --config: use this file for every target
    isolated: bool = False  # --isolated: no config file at all
    rule_folders: tuple[Path, ...] = ()  # --rules
    model: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: Severity | None = None
    fix: bool = False  # compute fixes (for --fix and --diff)


@dataclass(frozen=True, slots=True)
class FileResult:
    """One target's outcome, in input order."""

    path: str | None  # None: standard input
    report: FileReport | None  # what remains (after fixes, when fixing); None on an input error
    fail_on: Severity = Severity.ERROR
    original: str | None = None  # the text as read (when fixing)
    fixed: str | None = None  # the text after fixes, when it differs
    first: FileReport | None = None  # the lint of the original text (when fixing)
    applied: int = 0
    settled: bool = True
    error: str | None = None  # an input error, one line

    @property
    def failing(self) -> bool:
        return self.report is not None and any(
            d.severity.rank >= self.fail_on.rank for d in self.report.diagnostics
        )


def collect_targets(paths: Iterable[str]) -> list[Path | None]:
    """Files to lint in a stable order (folders walked for drafts); None stands for stdin."""
    targets: list[Path | None] = []
    for raw in paths:
        if raw == "-":
            targets.append(None)
            continue
        path = Path(raw)
        if path.is_dir():
            targets.extend(_walk(path))
        elif path.exists():
            targets.append(path)
        else:
            raise InputError("no such file or folder", path=raw)
    return targets


def _walk(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part in _SKIP_DIRS for part in relative[:-1]):
            continue
        if path.suffix.lower() in DRAFT_SUFFIXES and path.is_file():
            found.append(path)
    return found


@dataclass
class ConfigResolver:
    """The configuration of each target: discovered (nearest file wins) and layered with flags."""

    settings: Settings
    _configs: dict[Path | None, Config] = field(default_factory=dict)

    def config_file_for(self, target: Path | None) -> Path | None:
        if self.settings.config_path is not None:
            return self.settings.config_path
        if self.settings.isolated:
            return None
        return find_config_file((target or Path.cwd()).absolute())

    def config_for(self, target: Path | None) -> Config:
        found = self.config_file_for(target)
        if found not in self._configs:
            base = load_config(found)
            settings = self.settings
            self._configs[found] = base.merged(
                extra_rules=tuple(base.extra_rules) + tuple(settings.rule_folders),
                model=settings.model,
                select=settings.select,
                ignore=settings.ignore,
                fail_on=settings.fail_on,
            )
        return self._configs[found]

    def rules(self) -> RuleSet:
        """Every rule of every configuration resolved so far (first definition of an id wins)."""
        from .api import load_rules

        by_id: dict[str, Rule] = {}
        for config in self._configs.values():
            for rule in load_rules(config):
                by_id.setdefault(rule.id, rule)
        return RuleSet(tuple(by_id.values()))


class _Worker:
    """Lints targets with one ``Linter`` per configuration, built on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.resolver = ConfigResolver(settings)
        self.linters: dict[Path | None, object] = {}

    def linter_for(self, config: Config):
        from .api import Linter

        linter = self.linters.get(config.path)
        if linter is None:
            linter = self.linters[config.path] = Linter(config)
        return linter

    def run(self, target: Path | None, stdin_text: str | None) -> FileResult:
        from .api import read_text
        from .fixes import fix_text

        config = self.resolver.config_for(target)
        linter = self.linter_for(config)
        path = None if target is None else str(target)
        try:
            text = (stdin_text or "") if target is None else read_text(target, config.max_file_size)
            if not self.settings.fix:
                return FileResult(path, linter.lint_text(text, path), config.fail_on)
            outcome = fix_text(text, lambda current: linter.lint_text(current, path))
        except InputError as error:  # not text, or too large
            return FileResult(path, None, config.fail_on, error=str(error))
        return FileResult(
            path,
            outcome.report,
            config.fail_on,
            original=text,
            fixed=outcome.text if outcome.text != text else None,
            first=outcome.first,
            applied=outcome.applied,
            settled=outcome.settled,
        )


_WORKER: _Worker | None = None  # set in each pool process by _start_worker, never in the parent


def _start_worker(settings: Settings) -> None:
    global _WORKER
    if os.environ.get("PRELIMLINT_DEBUG", "") not in ("", "0"):  # as cli.main does in the parent
        import logging

        logging.basicConfig(
            level=logging.DEBUG, format="prelimlint: %(levelname)s %(name)s: %(message)s"
        )
    _WORKER = _Worker(settings)


def _run_in_worker(job: tuple[str | None, str | None]) -> FileResult:
    assert _WORKER is not None, "the pool initializer did not run"
    target, stdin_text = job
    return _WORKER.run(None if target is None else Path(target), stdin_text)


def _pool_context():
    """Workers forked from a fresh server process that has imported spaCy once.

    Not plain fork: a forked child of a threaded parent (an editor, a test runner) can
    deadlock. Not spawn: every worker would import spaCy again (seconds each).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["prelimlint.spacy_loader", "prelimlint.api", "prelimlint.engine", "prelimlint.nlp"]
    )
    return context


def lint_files(
    targets: list[Path | None],
    settings: Settings,
    *,
    jobs: int = 1,
    stdin_text: str | None = None,
    resolver: ConfigResolver | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Lint (and with ``settings.fix``, fix) every target that its configuration does not exclude.

    Configuration problems are raised before any work starts. ``progress(done, total)`` is
    called after each file. ``jobs`` > 1 uses that many worker processes.
    """
    from .api import load_rules, validate_config
    from .config import check_rule_references

    resolver = resolver or ConfigResolver(settings)
    kept: list[Path | None] = []
    checked: set[Path | None] = set()
    for target in targets:
        config = resolver.config_for(target)
        if not checked and (settings.select or settings.ignore):
            # flags first, so that a bad --select is never blamed on a config file's line
            ruleset = load_rules(config)
            flags = Config(select=settings.select or (), ignore=settings.ignore or ())
            check_rule_references(flags, ruleset.ids, [a for rule in ruleset for a in rule.aliases])
        if config.path not in checked:  # fail fast, in the parent, with the serial run's message
            validate_config(config, load_rules(config))
            checked.add(config.path)
        if target is None or not config.is_excluded(target):
            kept.append(target)
    results: list[FileResult] = []
    for result in _results(kept, settings, jobs, stdin_text):
        results.append(result)
        if progress is not None:
            progress(len(results), len(kept))
    return results


def _results(
    targets: list[Path | None], settings: Settings, jobs: int, stdin_text: str | None
) -> Iterator[FileResult]:
    jobs = min(jobs if jobs > 0 else (os.cpu_count() or 1), max(1, len(targets)))
    if jobs <= 1:
        worker = _Worker(settings)
        for target in targets:
            yield worker.run(target, stdin_text if target is None else None)
        return
    work = [(None if t is None else str(t), stdin_text if t is None else None) for t in targets]
    context = _pool_context()
    chunk = max(1, min(8, len(work) // (jobs * 4)))
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(settings,)
    ) as pool:
        yield from pool.map(_run_in_worker, work, chunksize=chunk)


def write_fixes(results: list[FileResult]) -> tuple[list[FileResult], list[str]]:
    """Write each fixed text back; a file changed on disk meanwhile keeps its text and its report.

    Returns the results as they now stand (the original report where nothing was written)
    and one message per file: what was fixed, or why it was left alone.
    """
    from dataclasses import replace

    from .fileio import write_fixed

    written: list[FileResult] = []
    messages: list[str] = []
    for result in results:
        if result.fixed is None or result.path is None:
            written.append(result)
            continue
        try:
            write_fixed(Path(result.path), result.original or "", result.fixed)
        except InputError as error:
            messages.append(f"warning: {error}")
            written.append(replace(result, report=result.first, fixed=None, applied=0))
            continue
        noun = "fix" if result.applied == 1 else "fixes"
        note = "" if result.settled else " (more fixes pending: run --fix again)"
        messages.append(f"fixed {result.path}: {result.applied} {noun} applied{note}")
        written.append(result)
    return written, messages
