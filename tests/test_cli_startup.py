"""Commands that need no linting never import spaCy, so they start fast."""

from __future__ import annotations

import subprocess
import sys

from .cli_helpers import ROOT

CODE = (
    "import sys; from prelimlint.cli import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    "print('SPACY' if 'spacy' in sys.modules else 'NOSPACY', file=sys.stderr)\n"
)


def test_help_rules_explain_and_new_do_not_import_spacy():
    for args in (
        ["--help"],
        ["check", "--help"],
        ["rules"],
        ["rules", "--format", "markdown"],
        ["explain", "style.unused-suppression"],
        ["new"],
        ["new", "--help"],
    ):
        result = subprocess.run(
            [sys.executable, "-c", CODE, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert result.stderr.strip().endswith("NOSPACY"), (args, result.stderr)
