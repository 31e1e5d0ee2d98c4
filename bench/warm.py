"""Warm library timings: ``Linter.lint_text`` per stage, in a process of its own.

    python bench/warm.py DRAFT_DIR WORDS RUNS [--model NAME]   # prints one JSON object

Builds one ``Linter``, lints a few drafts to warm it, then lints RUNS drafts of about WORDS
words that it has not seen (so its per-paragraph caches do not answer for it, as for a new
file), timing Markdown parse, NLP, rules and reporting (JSON and text renderers) for each.
Also reports the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import long_draft, render  # noqa: E402


def drafts(words: int, count: int, first: int) -> list[str]:
    if words <= 1500:
        return [render(first + number) for number in range(count)]
    return [long_draft(words, first + 97 * number) for number in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("words", type=int)
    parser.add_argument("runs", type=int)
    parser.add_argument("--model")
    args = parser.parse_args()

    from prelimlint.api import Linter
    from prelimlint.config import Config
    from prelimlint.report import render as render_format

    started = time.perf_counter()
    linter = Linter(Config(model=args.model))
    build = time.perf_counter() - started
    for text in drafts(args.words, 3, 50_000):  # warm-up: first calls compile and fill tables
        render_format("json", [linter.lint_text(text, "warm.md")])
    stages: dict[str, list[float]] = {
        "parse": [],
        "nlp": [],
        "rules": [],
        "report": [],
        "total": [],
    }
    texts = drafts(args.words, args.runs, 60_000)
    for text in texts:
        before = dict(linter.times.as_dict())
        t0 = time.perf_counter()
        report = linter.lint_text(text, "draft.md")
        t1 = time.perf_counter()
        render_format("json", [report])
        render_format("text", [report])
        t2 = time.perf_counter()
        after = linter.times.as_dict()
        for stage in ("parse", "nlp", "rules"):
            stages[stage].append(after[stage] - before[stage])
        stages["report"].append(t2 - t1)
        stages["total"].append(t2 - t0)
    words = sum(len(text.split()) for text in texts) / len(texts)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"words": words, "build_s": build, "stages": stages, "peak_rss_mib": peak_kib / 1024}
        )
    )


if __name__ == "__main__":
    main()
