"""regex kind: RE2 (linear time), scans, character guards, allow lists, entropy."""

from __future__ import annotations

import time

from tests.helpers import hits, linter_for, write_rule


def test_regex_scans_prose_code_blocks_and_links(tmp_path):
    write_rule(tmp_path, "unsafe.x", "kind: regex\npatterns: ['[a-z0-9-]+\\.internal']\n")
    linter = linter_for(tmp_path)
    text = "Host a.internal failed.\n\n```\nb.internal\n```\n\n[x](https://c.internal/y)\n"
    assert hits(linter, text) == ["a.internal", "b.internal", "c.internal"]


def test_front_matter_is_scanned_only_on_request(tmp_path):
    write_rule(tmp_path, "unsafe.x", "kind: regex\npatterns: ['OPS-\\d+']\n")
    write_rule(tmp_path, "unsafe.y", "kind: regex\npatterns: ['OPS-\\d+']\nscan: [front-matter]\n")
    linter = linter_for(tmp_path)
    text = "---\nticket: OPS-12\n---\nBody OPS-13.\n"
    assert hits(linter, text, "unsafe.x") == ["OPS-13"]
    assert hits(linter, text, "unsafe.y") == ["OPS-12"]


def test_guards_allow_and_groups(tmp_path):
    write_rule(
        tmp_path,
        "unsafe.x",
        """\
        kind: regex
        patterns:
          - '[A-Z]+-\\d+'
          - {regex: 'token=(\\w+)', group: 1}
        not-preceded-by: '[\\w-]'
        allow: ['SEV-\\d']
        """,
    )
    linter = linter_for(tmp_path)
    assert hits(linter, "See OPS-1, x-ABC-2, SEV-1 and token=abc123.") == ["OPS-1", "abc123"]


def test_entropy_threshold(tmp_path):
    write_rule(
        tmp_path, "unsafe.x", "kind: regex\npatterns: ['\\b\\w{20,}\\b']\nmin-entropy: 3.5\n"
    )
    linter = linter_for(tmp_path)
    assert hits(linter, "aaaaaaaaaaaaaaaaaaaaaaaa and Zq8Lm2Xv9Tp4Rw7Ks1Nb") == [
        "Zq8Lm2Xv9Tp4Rw7Ks1Nb"
    ]


def test_catastrophic_pattern_finishes_quickly(tmp_path):
    write_rule(tmp_path, "style.x", "kind: regex\npatterns: ['(a+)+$']\n")
    linter = linter_for(tmp_path)
    text = "a" * 50_000 + "!"
    started = time.perf_counter()
    assert hits(linter, text) == []
    # RE2 is linear: Python's re would take longer than the age of the universe here
    assert time.perf_counter() - started < 10
