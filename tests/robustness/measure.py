"""Time and peak memory of ``prelimlint check`` per input class, at full size.

    python -m tests.robustness.measure            # every class, one process each (~10 min)
    python -m tests.robustness.measure headings   # the classes whose name contains a word

The large classes are measured just under the default size limit; ``BEYOND_LIMIT`` runs
larger drafts with ``max-file-size: 0`` (no limit), to show that time stays linear.

Prints one Markdown table row per class: exit code, seconds, peak RSS, findings and the
first line of stderr. CI runs the same classes smaller (``test_inputs.py``).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from .inputs import BEYOND_LIMIT, LARGE, READABLE, UNREADABLE, run_measured


def _findings(out: str) -> str:
    try:
        return str(sum(len(f["diagnostics"]) for f in json.loads(out)["files"]))
    except (ValueError, KeyError):
        return "-"


def main(words: list[str]) -> None:
    cases: list[tuple[str, bytes, bool]] = [
        (name, make(), False) for name, make in READABLE.items()
    ]
    cases += [(name, make(), False) for name, (make, _) in UNREADABLE.items()]
    cases += [(large.name, large.make(large.full).encode("utf-8"), False) for large in LARGE]
    cases += [(large.name, large.make(large.full).encode("utf-8"), True) for large in BEYOND_LIMIT]
    print("| input | size | exit | seconds | peak RSS | findings | stderr (first line) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as folder:
        unlimited = Path(folder) / "unlimited.yaml"
        unlimited.write_text("max-file-size: 0\n", encoding="utf-8")
        for name, data, beyond in cases:
            if words and not any(word in name for word in words):
                continue
            path = Path(folder) / name
            path.write_bytes(data)
            config = ["--config", str(unlimited)] if beyond else ["--isolated"]
            result = run_measured(["check", *config, "--format", "json", str(path)], timeout=900)
            if beyond:
                name += " (no limit)"
            first = next((line for line in result.err.splitlines() if "note:" not in line), "")
            first = first.replace(folder + "/", "").replace("|", "\\|")[:110]
            print(
                f"| {name} | {len(data):,} B | {result.code} | {result.seconds:.1f} | {result.peak_mb:.0f} MB | "
                f"{_findings(result.out)} | {first} |",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
