"""Regular expressions from rule files, compiled with RE2 so no pattern can hang the linter.

RE2 matches in linear time: a pattern such as ``(a+)+$`` that backtracks for ages in
Python's ``re`` finishes at once. RE2 has no look-around or back-references; a rule that
uses them gets a clear error that names the alternative (``not-preceded-by`` and friends).
"""

from __future__ import annotations

import functools

__all__ = ["compile_regex"]

_MAX_PATTERN = 20_000


@functools.cache
def _re2():
    import re2

    return re2


def compile_regex(pattern: str, where, *, ignore_case: bool = False):
    """Compile ``pattern`` with RE2; raise a rule-file error that explains what RE2 refused."""
    if len(pattern) > _MAX_PATTERN:
        raise where.error(f"regex is longer than {_MAX_PATTERN} characters")
    re2 = _re2()
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.max_mem = 64 << 20
    options.log_errors = False  # the error below says it in one line; RE2 would also log to stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        detail = error.args[0] if error.args else str(error)
        detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        hint = ""
        if "(?<" in pattern or "(?=" in pattern or "(?!" in pattern:
            hint = (
                "; look-around is not supported (RE2 keeps matching linear-time): "
                "use the rule keys 'not-preceded-by' / 'not-followed-by' or an 'unless' condition"
            )
        elif "\\1" in pattern or "(?P=" in pattern:
            hint = "; back-references are not supported (RE2 keeps matching linear-time)"
        raise where.error(f"invalid regex {pattern!r}: {detail}{hint}") from None
