"""Configuration: ``.prelimlint.yaml`` or ``[tool.prelimlint]`` in ``pyproject.toml``.

Discovery walks up from each checked file's folder and stops at the repository root
(a folder holding ``.git``); the nearest file wins. Every key is validated; an unknown
key is an error naming the file, the line and the closest valid key.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from .errors import ConfigError, PrelimlintError
from .model import Category, Severity
from .yamlio import LineDict, LineList, load_yaml

__all__ = [
    "CONFIG_FILE_NAMES",
    "DEFAULT_MAX_FILE_SIZE",
    "Config",
    "Override",
    "RuleSelection",
    "check_rule_references",
    "find_config_file",
    "load_config",
    "parse_config",
]

CONFIG_FILE_NAMES = (".prelimlint.yaml", ".prelimlint.yml")
_KEYS = (
    "model",
    "select",
    "ignore",
    "severity",
    "fail-on",
    "extra-rules",
    "vocabularies",
    "exclude",
    "overrides",
    "builtin-rules",
    "max-file-size",
)
_OVERRIDE_KEYS = ("files", "select", "ignore", "severity")
_SEVERITY_VALUES = ("error", "warning", "info", "off")
# Company vocabularies the built-in unsafe rules read; other names are allowed for user rules.
KNOWN_VOCABULARIES = (
    "internal-domains",
    "host-patterns",
    "code-names",
    "staff",
    "customers",
    "public-domains",
)
_VOCABULARY_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
# A Preliminary Analysis is a short recap (the longest draft in the test corpora has 6,200
# characters). Linting costs about 50 s per million characters of prose and up to 250 s when
# every character is a token of its own ("[[[[..."), so drafts 40 times longer than any real
# one are refused with one line (exit 2) instead of keeping an editor or CI busy for minutes.
DEFAULT_MAX_FILE_SIZE = 250_000  # characters; 0: no limit


@dataclass(frozen=True, slots=True)
class Override:
    """Settings for files matching ``files`` globs (relative to the config file's folder)."""

    files: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Config:
    """Validated settings; the defaults lint with every enabled built-in rule."""

    model: str | None = None
    select: tuple[str, ...] = ()  # empty: every rule that is enabled by default
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)  # selector -> severity or "off"
    fail_on: Severity = Severity.ERROR
    extra_rules: tuple[Path, ...] = ()
    vocabularies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    overrides: tuple[Override, ...] = ()
    builtin_rules: bool = True
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # characters of a draft; 0: no limit
    path: Path | None = None  # the file it was read from
    lines: Mapping[str, int] = field(default_factory=dict)  # key -> line, for error messages

    @property
    def root(self) -> Path:
        """The folder that relative paths in the config are relative to."""
        return self.path.parent if self.path else Path.cwd()

    def where(self, key: str) -> tuple[str | None, int | None]:
        return (str(self.path) if self.path else None, self.lines.get(key))

    def merged(self, **changes: Any) -> Config:
        """A copy with command-line settings layered on top."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def is_excluded(self, path: Path) -> bool:
        relative = _relative(path, self.root)
        return any(_glob_match(relative, pattern) for pattern in self.exclude)

    def selection_for(self, path: str | Path | None) -> RuleSelection:
        """Which rules run on ``path`` and at which severity, after per-path overrides."""
        select, ignore, severity = list(self.select), list(self.ignore), dict(self.severity)
        if path is not None:
            relative = _relative(Path(path), self.root)
            for override in self.overrides:
                if any(_glob_match(relative, pattern) for pattern in override.files):
                    select = list(override.select) or select
                    ignore += override.ignore
                    severity.update(override.severity)
        return RuleSelection(tuple(select), tuple(ignore), MappingProxyType(severity))


@dataclass(frozen=True, slots=True)
class RuleSelection:
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: Mapping[str, str]

    def enabled(self, rule_id: str, category: str, default: bool) -> bool:
        """Whether a rule runs: explicitly selected beats disabled-by-default; ignore beats all."""
        if any(_selects(s, rule_id, category) for s in self.ignore):
            return False
        if self.severity_for(rule_id, category) == "off":
            return False
        if self.select:
            return any(_selects(s, rule_id, category, exact=not default) for s in self.select)
        return default

    def severity_for(self, rule_id: str, category: str) -> str | None:
        """The most specific override: an id beats a glob, which beats a category."""
        best, rank = None, -1
        for selector, value in self.severity.items():
            if _selects(selector, rule_id, category):
                specificity = (
                    2 if selector == rule_id else 1 if any(c in selector for c in "*?[") else 0
                )
                if specificity > rank:
                    best, rank = value, specificity
        return best


def _selects(selector: str, rule_id: str, category: str, exact: bool = False) -> bool:
    if selector in ("all", "*"):
        return not exact
    if selector == rule_id:
        return True
    if exact:  # a rule that is off by default runs only when named (or its exact glob) is given
        return False
    return selector == category or fnmatch.fnmatchcase(rule_id, selector)


def _relative(path: Path, root: Path) -> str:
    try:
        return PurePosixPath(path.resolve().relative_to(root.resolve())).as_posix()
    except ValueError:
        return PurePosixPath(path).as_posix()


def _glob_match(relative: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative, pattern + "/*"):
        return True
    if pattern.startswith("**/"):
        return _glob_match(relative, pattern[3:])
    parts = relative.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[: i + 1]), pattern) for i in range(len(parts)))


# ---------------------------------------------------------------------------- reading


def find_config_file(start: Path) -> Path | None:
    """The nearest config file from ``start`` upwards, stopping at the repository root."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILE_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.prelimlint" in text


def load_config(path: Path | None) -> Config:
    """Read and validate a config file; None gives the defaults."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"cannot read config: {getattr(error, 'strerror', None) or error}", path=str(path)
        ) from None
    if path.name == "pyproject.toml":
        raw, lines = _read_pyproject(text, path)
    else:
        try:
            raw = load_yaml(text, str(path))
        except PrelimlintError as error:
            raise ConfigError(error.problem, path=error.path, line=error.line) from None
        if raw is None:
            raw = LineDict()
            raw.line, raw.key_lines = 1, {}
        lines = dict(getattr(raw, "key_lines", {}))
    return parse_config(raw, path, lines)


def _read_pyproject(text: str, path: Path) -> tuple[dict, dict[str, int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+)", str(error))
        raise ConfigError(
            f"invalid TOML: {error}", path=str(path), line=int(where.group(1)) if where else None
        ) from None
    except RecursionError:  # "x = [[[[...]]]]": tomllib recurses per level
        raise ConfigError("invalid TOML: nested too deeply", path=str(path)) from None
    table = data.get("tool", {}).get("prelimlint", {})
    lines: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.startswith("[tool.prelimlint")
            continue
        key = re.match(r"([A-Za-z0-9_\"'-]+)\s*=", stripped)
        if in_table and key:
            lines.setdefault(key.group(1).strip("\"'"), number)
    return table, lines


def parse_config(raw: Any, path: Path | None, lines: Mapping[str, int] | None = None) -> Config:
    """Validate a config mapping (YAML or the ``[tool.prelimlint]`` table)."""
    lines = dict(lines or {})
    shown = str(path) if path else "<config>"

    def error(key: str | None, problem: str, line: int | None = None) -> ConfigError:
        if line is None:
            line = lines.get(key) if key else getattr(raw, "line", None)
        return ConfigError(problem, path=shown, line=line)

    if not isinstance(raw, dict):
        raise error(None, "the configuration must be a mapping of settings")
    for key in raw:
        if key not in _KEYS:
            raise error(
                key,
                f"unknown setting '{key}'{_hint(str(key), _KEYS)}; expected one of: {', '.join(_KEYS)}",
            )
    root = path.parent if path else Path.cwd()
    model = raw.get("model")
    if model is not None and (not isinstance(model, str) or not model.strip()):
        raise error(
            "model", "'model' must be the name of an installed spaCy pipeline, e.g. en_core_web_sm"
        )
    fail_on = raw.get("fail-on", "error")
    if fail_on not in ("error", "warning", "info"):
        raise error("fail-on", f"'fail-on' is {fail_on!r}; expected one of: error, warning, info")
    extra = [root / p for p in _strings(raw, "extra-rules", error)]
    lines.update({key: line for key, line in _item_lines(raw).items() if key not in lines})
    builtin = raw.get("builtin-rules", True)
    if not isinstance(builtin, bool):
        raise error("builtin-rules", "'builtin-rules' must be true or false")
    max_size = raw.get("max-file-size", DEFAULT_MAX_FILE_SIZE)
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 0:
        raise error("max-file-size", "'max-file-size' must be a number of characters (0: no limit)")
    return Config(
        model=model.strip() if isinstance(model, str) else None,
        select=_strings(raw, "select", error),
        ignore=_strings(raw, "ignore", error),
        severity=MappingProxyType(_severities(raw.get("severity"), "severity", error)),
        fail_on=Severity(fail_on),
        extra_rules=tuple(extra),
        vocabularies=MappingProxyType(_vocabularies(raw.get("vocabularies"), error)),
        exclude=_strings(raw, "exclude", error),
        overrides=tuple(_overrides(raw.get("overrides"), error)),
        builtin_rules=builtin,
        max_file_size=max_size,
        path=path,
        lines=MappingProxyType(lines),
    )


def _hint(name: str, choices: Iterable[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _strings(raw: Mapping, key: str, error) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise error(key, f"'{key}' must be a list of strings")
    return tuple(v.strip() for v in value)


def _severities(value: Any, key: str, error) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise error(
            key,
            f"'{key}' maps rule ids, categories or globs to one of: {', '.join(_SEVERITY_VALUES)}",
        )
    for selector, level in value.items():
        if level is False:
            level = "off"
        if level not in _SEVERITY_VALUES:
            raise error(
                key,
                f"severity of '{selector}' is {level!r}; expected one of: {', '.join(_SEVERITY_VALUES)}",
            )
    return {str(s): ("off" if v is False else v) for s, v in value.items()}


def _vocabularies(value: Any, error) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise error(
            "vocabularies", "'vocabularies' maps names (e.g. staff, customers) to lists of terms"
        )
    result = {}
    for name, terms in value.items():
        if not isinstance(name, str) or not _VOCABULARY_NAME.match(name):
            raise error("vocabularies", f"vocabulary name {name!r} must be lower-case kebab-case")
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            raise error("vocabularies", f"vocabulary '{name}' must be a list of non-empty strings")
        result[name] = tuple(t.strip() for t in terms)
    return result


def _overrides(value: Any, error) -> list[Override]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise error(
            "overrides", "'overrides' must be a list of {files: [...], select/ignore/severity}"
        )
    overrides = []
    for item in value:
        if not isinstance(item, dict) or "files" not in item:
            raise error(
                "overrides",
                "each override needs 'files' (a list of globs)",
                getattr(item, "line", None),
            )
        for key in item:
            if key not in _OVERRIDE_KEYS:
                line = item.line_of(key) if isinstance(item, LineDict) else None
                raise error(
                    "overrides",
                    f"unknown key '{key}' in overrides{_hint(str(key), _OVERRIDE_KEYS)}; "
                    f"expected one of: {', '.join(_OVERRIDE_KEYS)}",
                    line,
                )
        overrides.append(
            Override(
                files=_strings(item, "files", error),
                select=_strings(item, "select", error),
                ignore=_strings(item, "ignore", error),
                severity=MappingProxyType(_severities(item.get("severity"), "overrides", error)),
            )
        )
    return overrides


def _item_lines(raw: Mapping) -> dict[str, int]:
    """Lines of list items and mapping keys, so an error can point at the exact entry.

    Keys: ``select:ID``, ``ignore:ID``, ``severity:ID``, ``overrides:ID``, ``vocabularies.NAME``.
    """
    found: dict[str, int] = {}

    def items(value: Any, key: str) -> None:
        if isinstance(value, LineList):
            for index, item in enumerate(value):
                found.setdefault(f"{key}:{item}", value.line_of(index))
        elif isinstance(value, LineDict):
            for name in value:
                found.setdefault(f"{key}:{name}", value.line_of(name))

    items(raw.get("select"), "select")
    items(raw.get("ignore"), "ignore")
    items(raw.get("severity"), "severity")
    vocabularies = raw.get("vocabularies")
    if isinstance(vocabularies, LineDict):
        for name in vocabularies:
            found.setdefault(f"vocabularies.{name}", vocabularies.line_of(name))
    overrides = raw.get("overrides")
    if isinstance(overrides, list):
        for override in overrides:
            if isinstance(override, dict):
                for key in ("select", "ignore", "severity"):
                    items(override.get(key), "overrides")
    return found


def check_rule_references(
    config: Config, rule_ids: Iterable[str], aliases: Iterable[str] = ()
) -> None:
    """Every selector in select/ignore/severity must name a rule, a category or a glob that matches."""
    known = list(rule_ids) + list(aliases)
    categories = [c.value for c in Category if c is not Category.INTERNAL]
    groups: list[tuple[str, Iterable[str]]] = [
        ("select", config.select),
        ("ignore", config.ignore),
        ("severity", config.severity.keys()),
    ]
    for override in config.overrides:
        groups += [
            ("overrides", override.select),
            ("overrides", override.ignore),
            ("overrides", override.severity.keys()),
        ]
    for key, selectors in groups:
        for selector in selectors:
            if selector in ("all", "*") or selector in known or selector in categories:
                continue
            if any(c in selector for c in "*?[") and any(
                fnmatch.fnmatchcase(r, selector) for r in known
            ):
                continue
            path, line = config.where(f"{key}:{selector}")
            if line is None:
                path, line = config.where(key)
            raise ConfigError(
                f"'{key}' names unknown rule '{selector}'{_hint(selector, known + categories)}; "
                f"run 'prelimlint rules' to list them",
                path=path,
                line=line,
            )
