"""``suppression``: reports inline ``prelimlint-disable`` comments that suppress nothing.

    kind: suppression                 # no options

Whether a suppression comment hid anything is known only after every other rule has run,
so the engine does this check itself (``suppressions.py``) and reports what it finds under
each enabled rule of this kind. The rule file carries the id, severity, message and docs,
so the check is listed, explained, configured and suppressed like any other rule. The
message can use ``{directive}`` (the comment's directive) and ``{detail}`` (what it missed).
"""

from __future__ import annotations

from .base import Checker, CompileContext, Kind, OptionReader


class SuppressionKind(Kind):
    name = "suppression"
    scope = "document"

    def parse(self, rule) -> None:
        OptionReader(rule, ())  # no options: any key is an error naming the rule file and line

    def compile(self, rule, options: None, context: CompileContext) -> Checker:
        return Checker(rule)  # finds nothing itself; see the module docstring
