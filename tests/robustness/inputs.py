"""Hostile drafts, by input class, and a way to run the real CLI on them with time and memory.

Used by ``test_inputs.py`` (in CI, at sizes that keep the suite short) and by
``measure.py`` (the full-size table: ``python -m tests.robustness.measure``).
"""

from __future__ import annotations

import base64
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "draft.md").read_text(encoding="utf-8")


def _png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


# ---------------------------------------------------------------- readable drafts (findings)

READABLE: dict[str, Callable[[], bytes]] = {
    "empty.md": lambda: b"",
    "whitespace-only.md": lambda: _utf8(" \t\n\n   \r\n\t \n" * 10),
    "mixed-line-endings.md": lambda: _utf8(
        EXAMPLE.replace("\n", "\r\n", 15).replace("\n\n", "\r\r", 4)
    ),
    "crlf.md": lambda: _utf8(EXAMPLE.replace("\n", "\r\n")),
    "cr-only.md": lambda: _utf8(EXAMPLE.replace("\n", "\r")),
    "utf8-bom.md": lambda: b"\xef\xbb\xbf" + _utf8(EXAMPLE),
    "utf16le-bom.md": lambda: b"\xff\xfe" + EXAMPLE.encode("utf-16-le"),
    "utf16be-bom.md": lambda: b"\xfe\xff" + EXAMPLE.encode("utf-16-be"),
    "rtl-and-combining.md": lambda: _utf8(
        "# ملخص\n\nהשרת db-01.prod.internal נפל \u202eevil\u202c ok. e\u0301\u0301\u0301 a"
        + "\u0301" * 3000
        + " 😀👩\u200d👩\u200d👧 caused by العميل. \u200f\u061c\u2067isolate\u2069\n"
    ),
    "control-characters.md": lambda: _utf8(
        "# Summary\n\n"
        + "".join(chr(c) for c in range(1, 32))
        + "\u2028\u2029\x85\ufeff\x7f text\n"
    ),
    "entities.md": lambda: _utf8(
        "# S\n\n&#xD800; &#0; &#x110000; &#99999999; &amp;&lt;&nbsp;&bogus; text\n"
    ),
    "front-matter-unterminated.md": lambda: _utf8(
        "---\nincident: INC-1\ntitle: never closed\n\n# Summary\n\nText.\n"
    ),
    "front-matter-list.md": lambda: _utf8("---\n- a\n- b\n---\n# Summary\n\nText.\n"),
    "front-matter-scalar.md": lambda: _utf8("---\njust a string\n---\n# Summary\n\nText.\n"),
    "front-matter-invalid-yaml.md": lambda: _utf8(
        "---\nresolved_at: [unclosed\n---\n# Summary\n\nText.\n"
    ),
    "front-matter-bad-dates.md": lambda: _utf8(
        "---\ndetected_at: yesterday afternoon\nresolved_at: 2026-03-02 14:05\n"
        "published_at: 2026-13-45T99:99:99Z\nstarted_at: 12\nmitigated_at: [1, 2]\n"
        "reviewed_at: 9999-12-31T23:59:59+14:00\n---\n# Summary\n\nResolved at 23:59 JST.\n"
    ),
    "front-matter-alias-bomb.md": lambda: _utf8(
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
            for p, n in zip("abcdefg", "bcdefgh", strict=True)
        )
        + "? *h\n: complex key\n---\n# Summary\n\nText.\n"
    ),
    "front-matter-deep.md": lambda: _utf8(
        "---\nx: " + "[" * 5000 + "]" * 5000 + "\ny: " + "{a: " * 3000 + "}" * 3000 + "\n---\n# S\n"
    ),
    "front-matter-python-tag.md": lambda: _utf8(
        "---\nx: !!python/object/apply:os.system ['touch prelimlint-was-here']\n---\n# Summary\n"
    ),
    "nested-lists.md": lambda: _utf8(
        "".join("  " * i + "- item caused by a deploy\n" for i in range(400))
    ),
    "nested-quotes.md": lambda: _utf8("> " * 2000 + "deep quote, we suspect a deploy\n"),
    "nested-mixed.md": lambda: _utf8(
        "".join("> " * (i % 40) + "  " * i + "- x\n" for i in range(300))
    ),
    "unclosed-fence-and-comment.md": lambda: _utf8(
        "# S\n\n<!-- prelimlint-disable\n" + "```\ncode\n" * 200
    ),
}

# ---------------------------------------------------------------- unreadable files (exit 2)

UNREADABLE: dict[str, tuple[Callable[[], bytes], str]] = {
    # name: (content, what the one-line error says after "path[:line]: ")
    "image.md": (_png, "binary file, not a text draft"),
    "invalid-utf8.md": (
        lambda: _utf8("# Summary\n\nThe outage ") + b"\xff\xfe\xc3\x28 broke.\n",
        "not UTF-8 text",
    ),
    "invalid-utf16.md": (
        lambda: b"\xff\xfe" + "# S\n".encode("utf-16-le") + b"\x00\xd8A\x00",
        "not valid UTF-16",
    ),
    "nul-byte.md": (
        lambda: _utf8("# Summary\n\n" + "The outage was caused by a deploy. " * 400 + "\x00\n"),
        "NUL byte: a binary file",
    ),
    "too-large.md": (lambda: _utf8(_fill(EXAMPLE + "\n", 20_000_000)), "too large to be a draft"),
}
UNREADABLE_LINES = {"invalid-utf8.md": 3, "nul-byte.md": 3}


# ---------------------------------------------------------------- large drafts (time and memory)


def _unique_prose(size: int) -> str:
    """Realistic drafts from the labeled corpora, every paragraph made unique (no cache hits)."""
    docs = sorted((ROOT / "tests" / "corpus").glob("*/docs/*.md"))
    texts = [path.read_text(encoding="utf-8") for path in docs] or [EXAMPLE]
    parts, total, number = [], 0, 0
    while total < size:
        text = texts[number % len(texts)]
        if number and text.startswith("---"):
            text = text.split("\n---\n", 1)[-1]
        text = text.replace(".\n", f". Ref {number}.\n")
        parts.append(text + "\n")
        total += len(text) + 1
        number += 1
    return "".join(parts)[:size]


def _headings(count: int) -> str:
    return "".join(f"## Heading {n}\n\nSome text {n}.\n\n" for n in range(count))


def _one_line(size: int) -> str:
    words = [
        "the",
        "database",
        "failed",
        "after",
        "a",
        "deploy",
        "and",
        "we",
        "suspect",
        "it",
        "was",
        "caused",
        "by",
        "db-01.prod.internal",
        "at",
        "14:05",
        "UTC",
        "customers",
        "saw",
        "errors",
    ]
    rng = random.Random(7)
    return " ".join(rng.choice(words) for _ in range(size // 4))[:size] + "\n"


@dataclass(frozen=True)
class Large:
    name: str
    make: Callable[[int], str]
    full: (
        int  # the size measured for the report: just under the default limit of 250,000 characters
    )
    ci: int  # the size CI runs


LARGE = [
    Large("realistic-prose.md", _unique_prose, 249_000, 100_000),
    Large("one-long-line.md", _one_line, 249_000, 100_000),
    Large("headings.md", _headings, 7_400, 3_000),  # a heading and a paragraph each
    Large("bare-headings.md", lambda n: "".join(f"# H{i}\n" for i in range(n)), 10_000, 10_000),
    Large("brackets-run.md", lambda n: "[" * n + "\n", 249_000, 40_000),
    Large("emoji-run.md", lambda n: "😀" * n + "\n", 249_000, 40_000),
    Large("emphasis.md", lambda n: _fill("*a ", n), 249_000, 40_000),
    Large("whitespace-line.txt", lambda n: " " * n + "\n", 249_000, 249_000),
    Large(
        "suppression-comments.md",
        lambda n: "<!-- prelimlint-disable -->\n" * n + "# S\n\nText.\n",
        8_800,
        3_000,
    ),
    Large(
        "impact-headings.md",
        lambda n: "".join(f"{'#' * (1 + i % 6)} Impact\n\nTBD\n\n" for i in range(n)),
        14_000,
        3_000,
    ),
    Large("sentences.md", lambda n: "We suspect a bad deploy. " * n, 9_900, 3_000),
    Large(
        "table-rows.md",
        lambda n: (
            "| a | b |\n|---|---|\n"
            + "".join(f"| Impact {i} | caused by db-{i}.prod.internal |\n" for i in range(n))
        ),
        5_000,
        1_500,
    ),
    Large(
        "base64-blob.md",
        lambda n: "token=" + base64.b64encode(random.Random(3).randbytes(n)).decode()[:n],
        249_000,
        100_000,
    ),
    Large(
        "nested-list-lines.md",
        lambda n: "".join("  " * (i % 300) + "- item\n" for i in range(n)),
        820,
        820,
    ),
]
# the lead's three slow cases before this work (10,000 headings took 62 s, a 1 MB line 29 s)
BEYOND_LIMIT = [
    Large("10000-headings.md", _headings, 10_000, 0),
    Large("one-long-line-1mb.md", _one_line, 999_000, 0),
    Large("realistic-prose-1mb.md", _unique_prose, 999_000, 0),
    Large("brackets-run-1mb.md", lambda n: "[" * n + "\n", 999_000, 0),
]


# ---------------------------------------------------------------- running the CLI, measured


@dataclass
class Measured:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # peak resident memory of the prelimlint process


def run_measured(
    args: list[str], *, timeout: float, cwd: Path | None = None, env: dict | None = None
) -> Measured:
    """``python -m prelimlint ARGS`` with its wall time and peak RSS (from ``wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "prelimlint", *args],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.send_signal(signal.SIGKILL)
                os.wait4(process.pid, 0)
                raise TimeoutError(f"prelimlint {' '.join(args)} ran for more than {timeout:.0f} s")
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss / 1024,
        )
