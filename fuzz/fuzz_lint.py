"""Coverage-guided fuzzing of the whole lint path with atheris.

    pip install atheris
    python fuzz/fuzz_lint.py -atheris_runs=20000          # a fixed budget of inputs
    python fuzz/fuzz_lint.py -max_total_time=600 corpus/  # ten minutes, keeping a corpus

Any exception other than prelimlint's own input errors is a crash; so is a diagnostic
whose span falls outside the text.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["prelimlint"]):
    import prelimlint.engine  # noqa: F401 - imported here so that coverage guides the fuzzer
    import prelimlint.kinds  # noqa: F401
    import prelimlint.suppressions  # noqa: F401
    from prelimlint import Linter
    from prelimlint.document import parse_document

LINTER = Linter()
RUNS = [0]


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    syntax = "draft.txt" if provider.ConsumeBool() else "draft.md"
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    RUNS[0] += 1
    parse_document(text, syntax)
    report = LINTER.lint_text(text, syntax)
    if report.internal_errors:
        raise RuntimeError(f"a rule crashed: {report.internal_errors}")
    for diagnostic in report.diagnostics:
        if not 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text):
            raise RuntimeError(f"span outside the text: {diagnostic}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        print(f"fuzz_lint: {RUNS[0]} inputs ran without a failure", file=sys.stderr)


if __name__ == "__main__":
    main()
