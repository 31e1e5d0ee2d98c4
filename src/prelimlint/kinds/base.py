"""What every rule kind shares: options validation, findings, shared matchers, checkers.

A kind parses its YAML options once (``parse``), says what the pipeline must provide
(``needs``) and compiles a rule into a ``Checker`` (``compile``) that does the expensive
work up front. Checkers yield ``Finding``s; the engine alone turns them into diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, overload

from ..errors import RuleFileError
from ..model import Element, Span
from ..nlp import Analysis, BlockAnalysis, Pipeline
from ..ruleset import Rule, closest
from .matchers import SharedMatchers

if TYPE_CHECKING:
    pass

__all__ = [
    "BlockContext",
    "Checker",
    "CompileContext",
    "DocumentContext",
    "Finding",
    "Kind",
    "OptionReader",
    "SharedMatchers",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """A hit: prose offsets of the block (block checkers) or source offsets (document checkers)."""

    span: Span
    matched: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    fix_span: Span | None = None  # overrides the span the rule's fix replaces
    replacement: str | None = None  # overrides the rule's fix text


class OptionReader:
    """Typed access to a rule's kind-specific keys, with ``path:line`` errors."""

    def __init__(self, rule: Rule, allowed: Sequence[str]) -> None:
        self.rule = rule
        for key in rule.options:
            if key not in allowed:
                raise self.error(
                    key,
                    f"unknown key '{key}' for kind '{rule.kind}'{closest(str(key), allowed)}; "
                    f"expected one of: {', '.join(sorted(allowed))}",
                )

    def error(self, key: str | None, problem: str) -> RuleFileError:
        return self.rule.where(key).error(problem)

    def raw(self, key: str, default: Any = None) -> Any:
        return self.rule.options.get(key, default)

    def has(self, key: str) -> bool:
        return key in self.rule.options

    @overload
    def string(self, key: str) -> str | None: ...
    @overload
    def string(self, key: str, default: str) -> str: ...
    @overload
    def string(self, key: str, default: None) -> str | None: ...

    def string(self, key: str, default: str | None = None) -> str | None:
        value = self.raw(key, default)
        if value is not None and not isinstance(value, str):
            raise self.error(key, f"'{key}' must be a string")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str) -> str:
        value = self.raw(key, default)
        if value not in choices:
            raise self.error(
                key,
                f"'{key}' is {value!r}{closest(str(value), choices)}; expected one of: {', '.join(choices)}",
            )
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"'{key}' must be true or false")
        return value

    @overload
    def number(self, key: str, default: float, minimum: float = 0) -> float: ...
    @overload
    def number(self, key: str, default: None = None, minimum: float = 0) -> float | None: ...

    def number(self, key: str, default: float | None = None, minimum: float = 0) -> float | None:
        value = self.raw(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.error(key, f"'{key}' must be a number >= {minimum}")
        return value

    def strings(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.raw(key)
        if value is None:
            if required:
                raise self.error(None, f"kind '{self.rule.kind}' needs '{key}'")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise self.error(key, f"'{key}' must be a list of non-empty strings")
        if required and not value:
            raise self.error(key, f"'{key}' must not be empty")
        return tuple(value)


@dataclass(frozen=True, slots=True)
class CompileContext:
    pipeline: Pipeline
    matchers: SharedMatchers
    vocabularies: Mapping[str, tuple[str, ...]]  # company vocabularies from the config
    # where the vocabularies were configured (has ``.error(problem)``), for errors in their terms
    vocabulary_where: Any = None


@dataclass(frozen=True, slots=True)
class BlockContext:
    """What a block checker sees: the analysed block, its section and the shared matches."""

    analysis: Analysis
    block: BlockAnalysis
    matches: Mapping[str, list[tuple[int, int]]]
    heading: str  # heading of the block's section ("" for the preamble)
    # work shared by the checks of this block (e.g. an 'unless' condition's hits as sorted spans)
    memo: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class DocumentContext:
    analysis: Analysis
    block_matches: Mapping[int, Mapping[str, list[tuple[int, int]]]]  # block index -> matches


class Checker:
    """A compiled rule. Block checkers implement ``check_block``, document ones ``check_document``."""

    scope: ClassVar[str] = "block"

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    #: True when a block's findings depend on text outside the block (not cacheable per block)
    reads_document: bool = False

    def check_block(self, context: BlockContext) -> Iterable[Finding]:
        return ()

    def check_document(self, context: DocumentContext) -> Iterable[Finding | Element]:
        """Findings about the whole document; a required-element rule also yields its ``Element``."""
        return ()


class Kind:
    """A rule kind: parses options, declares needs, compiles rules into checkers."""

    name: ClassVar[str]
    scope: ClassVar[str] = "block"

    def parse(self, rule: Rule) -> Any:
        raise NotImplementedError

    def needs(self, options: Any) -> frozenset[str]:
        return frozenset()

    def compile(self, rule: Rule, options: Any, context: CompileContext) -> Checker:
        raise NotImplementedError
