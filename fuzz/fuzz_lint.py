"""Coverage-guided fuzzing of the whole lint path with atheris (installed by '.[test]').

    python fuzz/fuzz_lint.py -atheris_runs=20000          # a fixed budget of inputs
    python fuzz/fuzz_lint.py -max_total_time=600 corpus/  # ten minutes, keeping a corpus in corpus/

Each input is the bytes of a file: read as a draft the way ``prelimlint check`` reads one
(encodings, BOMs, binary detection, the size limit), linted as Markdown or plain text,
fixed with its unsafe fixes too, and rendered as the HTML review page. Any exception other
than prelimlint's own input errors is a crash; so is a rule that crashed (an internal error)
and a finding or fix whose span falls outside the text. Without a corpus folder on the
command line, the example draft and the test corpora seed a temporary one.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["prelimlint"]):
    import prelimlint.engine  # noqa: F401 - imported here so that coverage guides the fuzzer
    import prelimlint.kinds  # noqa: F401
    import prelimlint.suppressions  # noqa: F401
    from prelimlint import Linter
    from prelimlint.api import read_text
    from prelimlint.config import Config
    from prelimlint.errors import InputError
    from prelimlint.fixes import fix_text
    from prelimlint.report.html import render_review

ROOT = Path(__file__).resolve().parents[1]
LINTER = Linter(Config(max_file_size=20_000))
RUNS = [0]
FAILED = [False]
_FILE = Path(tempfile.mkdtemp(prefix="prelimlint-fuzz-")) / "input"


def check_report(report, text: str) -> None:
    if report.internal_errors:
        raise RuntimeError(f"a rule crashed: {report.internal_errors}")
    for diagnostic in report.diagnostics:
        spans = [diagnostic.span] + ([diagnostic.fix.span] if diagnostic.fix else [])
        if not all(0 <= span.start <= span.end <= len(text) for span in spans):
            raise RuntimeError(f"span outside the text: {diagnostic}")


def test_one_input(data: bytes) -> None:
    RUNS[0] += 1
    FAILED[0] = True  # until this input is through
    _lint_one(data)
    FAILED[0] = False


def _lint_one(data: bytes) -> None:
    path = _FILE.with_suffix(".txt" if data[-1:] == b"\x01" else ".md")
    path.write_bytes(data)
    try:
        text = read_text(path, LINTER.config.max_file_size)
    except InputError:
        return  # not a text draft: a one-line error in the CLI
    report = LINTER.lint_text(text, path.name)
    check_report(report, text)
    fixed = fix_text(
        text,
        lambda current: LINTER.lint_text(current, path.name),
        include_unsafe=True,
        max_passes=2,
    )
    check_report(fixed.report, fixed.text)
    render_review(report, LINTER.ruleset)


def _seeded(argv: list[str]) -> list[str]:
    """``argv`` with a temporary seed corpus when it names no corpus folder."""
    if any(not arg.startswith("-") for arg in argv[1:]):
        return argv
    seeds = _FILE.parent / "seeds"
    seeds.mkdir()
    for number, source in enumerate(
        [ROOT / "examples" / "draft.md", *sorted(ROOT.glob("tests/corpus/*/docs/*.md"))]
    ):
        if source.is_file():
            shutil.copy(source, seeds / f"seed-{number}")
    flags = [] if any(arg.startswith("-max_len=") for arg in argv) else ["-max_len=8192"]
    return [*argv, *flags, str(seeds)]


def main() -> None:
    atheris.Setup(_seeded(sys.argv), test_one_input)
    try:
        atheris.Fuzz()
    finally:
        shutil.rmtree(_FILE.parent, ignore_errors=True)
        outcome = "and the last one failed (see above)" if FAILED[0] else "without a failure"
        print(f"fuzz_lint: {RUNS[0]} inputs ran {outcome}", file=sys.stderr)


if __name__ == "__main__":
    main()
