"""prelimlint new: a skeleton that check passes except for the prompts the writer must fill in."""

from __future__ import annotations

import json
import re

from prelimlint.api import load_rules
from prelimlint.scaffold import required_sections

from .cli_helpers import invoke, write

FILLED = {
    "Internal only": "Internal only: use these as talking points; do not forward this document to customers.",
    "Impact": "Customers in the EU could not complete checkout between 14:00 and 14:50 UTC.",
    "Timeline": "Detected around 14:02 UTC; resolved around 14:51 UTC.",
    "What customers can do": "If a customer still sees a failed payment, they should retry and contact Support.",
    "Actions that restored service": "Engineers moved checkout traffic to standby capacity and replayed held payments.",
    "Monitoring": "The on-call team is watching checkout error rates around the clock this week.",
    "Postmortem": "Details are pending further investigation; the postmortem will follow.",
}


def test_every_required_section_comes_with_its_title_and_prompt():
    sections = required_sections(load_rules())
    assert [s.title for s in sections] == list(FILLED)
    out = invoke("new").out
    for section in sections:
        assert f"## {section.title}\n\n<!-- {section.prompt} -->\n\nTBD\n" in out


def test_check_reports_exactly_the_prompts_left_to_fill(tmp_path):
    draft = tmp_path / "incident.md"
    made = invoke("new", str(draft), cwd=tmp_path)
    assert made.code == 0 and f"Wrote {draft}" in made.err
    result = invoke("check", "--isolated", "--format", "json", str(draft))
    assert result.code == 1
    lines = draft.read_text(encoding="utf-8").splitlines()
    found = [
        (d["rule"], lines[d["line"] - 1]) for d in json.loads(result.out)["files"][0]["diagnostics"]
    ]
    sections = {s.rule_id: s.title for s in required_sections(load_rules())}
    expected = [
        ("timing.timestamp-format", line) for line in lines[:6] if re.match(r"\w+_at: TBD", line)
    ]
    expected += [(rule_id, f"## {title}") for rule_id, title in sections.items()]
    assert sorted(found) == sorted(expected)


def test_a_filled_in_skeleton_passes(tmp_path):
    draft = tmp_path / "incident.md"
    result = invoke(
        "new",
        str(draft),
        "--incident",
        "INC-2026-0142",
        "--title",
        "Checkout unavailable in the EU",
        "--service",
        "Checkout",
        "--service",
        "Payments",
        "--detected",
        "2026-03-02T14:02:00Z",
        "--resolved",
        "2026-03-02T14:51:00Z",
        "--published",
        "2026-03-03T09:30:00+01:00",
    )
    assert result.code == 0, result.err
    text = draft.read_text(encoding="utf-8")
    assert 'incident: "INC-2026-0142"\n' in text and '  - "Payments"\n' in text
    for title, sentence in FILLED.items():
        head, rest = text.split(f"## {title}\n", 1)
        text = head + f"## {title}\n" + rest.replace("TBD", sentence, 1)
    draft.write_text(text, encoding="utf-8")
    result = invoke("check", "--isolated", str(draft))
    assert result.code == 0 and "No problems found" in result.out, result.out


def test_new_refuses_to_overwrite_and_checks_timestamps(tmp_path):
    draft = write(tmp_path / "d.md", "mine\n")
    result = invoke("new", str(draft))
    assert (
        result.code == 2
        and "already exists" in result.err
        and draft.read_text(encoding="utf-8") == "mine\n"
    )
    assert invoke("new", "--force", str(draft)).code == 0 and "## Impact" in draft.read_text(
        encoding="utf-8"
    )
    result = invoke("new", "--detected", "2026-03-02 14:00")
    assert result.code == 2 and "--detected '2026-03-02 14:00' has no time zone" in result.err
    result = invoke("new", "--resolved", "yesterday")
    assert result.code == 2 and "is not a timestamp" in result.err


def test_sections_follow_the_configuration(tmp_path):
    write(tmp_path / ".git" / "HEAD", "")
    write(
        tmp_path / "rules" / "structure" / "security.yml",
        """\
id: structure.security
category: structure
severity: error
kind: required-section
title: Security review
prompt: Has the security team reviewed this report?
summary: A team-specific required section.
message: Add a 'Security review' section.
rationale: This team's reports are reviewed by security before they go out, and the report says so.
headings: ['security review']
examples:
  bad: ["# X"]
  good: ["# X\\n## Security review\\nDone."]
""",
    )
    write(tmp_path / ".prelimlint.yaml", "extra-rules: [rules]\nignore: [structure.monitoring]\n")
    out = invoke("new", cwd=tmp_path).out
    assert "## Security review\n\n<!-- Has the security team reviewed this report? -->" in out
    assert "## Monitoring" not in out and "## Impact" in out
