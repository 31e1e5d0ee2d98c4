"""Configuration through the real CLI: discovery across nested folders, settings, and errors."""

from __future__ import annotations

import json
from pathlib import Path

from prelimlint.api import load_rules
from prelimlint.config import KNOWN_VOCABULARIES
from prelimlint.ruleset import vocabularies_read

from .cli_helpers import invoke, write
from .test_cli import CLEAN

DRAFT = CLEAN.replace(
    "replayed held payments.",
    "replayed held payments on db-primary.prod.internal. It was caused by a bad deploy.",
)


def rules_fired(result, name: str | None = None) -> dict[str, set[str]]:
    """file name -> rule ids in a JSON report."""
    data = json.loads(result.out)
    return {
        Path(f["path"]).name: {d["rule"] for d in f["diagnostics"]}
        for f in data["files"]
        if name is None or Path(f["path"]).name == name
    }


def make_repo(tmp_path: Path) -> Path:
    # a config above the repository root must never be read: it would be an error
    write(tmp_path / ".prelimlint.yaml", "not-a-setting: true\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".prelimlint.yaml", "ignore: [unsafe]\n")
    write(repo / "team" / ".prelimlint.yaml", "select: [speculation.root-cause]\n")
    write(
        repo / "py" / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.prelimlint]\nselect = ["unsafe"]\n',
    )
    for folder in ("top", "team/deep/deeper", "py/drafts"):
        write(repo / folder / f"{folder.split('/')[0]}.md", DRAFT)
    return repo


def test_nearest_config_wins_from_each_files_folder_up_to_the_repository_root(tmp_path):
    repo = make_repo(tmp_path)
    result = invoke("check", "--format", "json", str(repo))
    assert result.code == 1, result.err
    fired = rules_fired(result)
    assert fired["team.md"] == {"speculation.root-cause"}  # repo/team/.prelimlint.yaml
    assert fired["py.md"] == {"unsafe.internal-host"}  # [tool.prelimlint] in repo/py/pyproject.toml
    assert "speculation.root-cause" in fired["top.md"]  # repo/.prelimlint.yaml: unsafe ignored
    assert not any(rule.startswith("unsafe.") for rule in fired["top.md"])


def test_config_flag_overrides_discovery_and_isolated_ignores_it(tmp_path):
    repo = make_repo(tmp_path)
    chosen = write(tmp_path / "chosen.yaml", "select: [unsafe.internal-host]\n")
    fired = rules_fired(invoke("check", "--format", "json", "--config", str(chosen), str(repo)))
    assert set(fired) == {"team.md", "py.md", "top.md"}
    assert all(rules == {"unsafe.internal-host"} for rules in fired.values())
    isolated = rules_fired(invoke("check", "--format", "json", "--isolated", str(repo / "team")))
    assert {"speculation.root-cause", "unsafe.internal-host"} <= isolated["team.md"]


def test_severity_fail_on_overrides_and_exclude(tmp_path):
    write(tmp_path / ".git" / "HEAD", "")
    write(
        tmp_path / ".prelimlint.yaml",
        """\
select: [speculation.root-cause, unsafe.internal-host]
severity:
  speculation.root-cause: warning
  unsafe: info
fail-on: warning
exclude: [archive/**]
overrides:
  - files: ["legacy/*.md"]
    ignore: [speculation]
""",
    )
    write(tmp_path / "now.md", DRAFT)
    write(tmp_path / "legacy" / "old.md", DRAFT)
    write(tmp_path / "archive" / "2019" / "gone.md", DRAFT)
    result = invoke("check", "--format", "json", str(tmp_path))
    data = json.loads(result.out)
    by_file = {
        Path(f["path"]).name: {d["rule"]: d["severity"] for d in f["diagnostics"]}
        for f in data["files"]
    }
    assert set(by_file) == {"now.md", "old.md"}  # archive/** is excluded
    assert by_file["now.md"] == {
        "speculation.root-cause": "warning",
        "unsafe.internal-host": "info",
    }
    assert by_file["old.md"] == {"unsafe.internal-host": "info"}
    assert result.code == 1  # a warning fails with fail-on: warning
    write(
        tmp_path / ".prelimlint.yaml", "select: [unsafe.internal-host]\nseverity: {unsafe: info}\n"
    )
    assert invoke("check", str(tmp_path / "now.md")).code == 0  # info does not fail by default


def test_extra_rule_folders_from_config_and_command_line_replace_builtins(tmp_path):
    rule = """\
id: speculation.root-cause
category: speculation
severity: error
kind: phrase
summary: Mentions zebras.
message: "'{match}' is a zebra."
rationale: A user rule with a built-in id replaces the built-in rule, so teams can tune it.
phrases: [zebra]
examples:
  bad: [A zebra.]
  good: [A horse.]
"""
    write(tmp_path / "team-rules" / "speculation" / "root-cause.yml", rule)
    write(tmp_path / ".git" / "HEAD", "")
    write(
        tmp_path / ".prelimlint.yaml",
        "extra-rules: [team-rules]\nselect: [speculation.root-cause]\n",
    )
    draft = write(tmp_path / "d.md", DRAFT.replace("a bad deploy", "a zebra"))
    data = json.loads(invoke("check", "--format", "json", str(draft)).out)
    messages = [d["message"] for d in data["files"][0]["diagnostics"]]
    assert messages == ["'zebra' is a zebra."]
    data = json.loads(
        invoke(
            "check",
            "--isolated",
            "--rules",
            str(tmp_path / "team-rules"),
            "--select",
            "speculation.root-cause",
            "--format",
            "json",
            str(draft),
        ).out
    )
    assert [d["message"] for d in data["files"][0]["diagnostics"]] == ["'zebra' is a zebra."]


def test_company_vocabularies_feed_the_unsafe_rules(tmp_path):
    write(tmp_path / ".git" / "HEAD", "")
    write(
        tmp_path / ".prelimlint.yaml",
        """\
select: [unsafe]
vocabularies:
  internal-domains: [acme.net]
  public-domains: [status.acme.net]
  host-patterns: ['pay-[a-z]+-\\d+']
  code-names: [Bluebird]
  staff: [Dana Okoye]
  customers: [Northwind Traders]
""",
    )
    draft = write(
        tmp_path / "d.md",
        CLEAN.replace(
            "replayed held payments.",
            "replayed held payments on pay-eu-12 and ledger.acme.net through Bluebird. Dana Okoye confirmed it; "
            "Northwind Traders saw the longest delays. Updates are on status.acme.net.",
        ),
    )
    result = invoke("check", "--format", "json", str(draft))
    found = {
        (d["rule"], DRAFT_TEXT_AT(draft, d))
        for d in json.loads(result.out)["files"][0]["diagnostics"]
    }
    assert found == {
        ("unsafe.internal-host", "pay-eu-12"),
        ("unsafe.internal-host", "ledger.acme.net"),
        ("unsafe.code-name", "Bluebird"),
        ("unsafe.staff-name", "Dana Okoye"),
        ("unsafe.customer-name", "Northwind Traders"),
    }


def DRAFT_TEXT_AT(path: Path, diagnostic: dict) -> str:  # noqa: N802 - reads like the text it returns
    lines = path.read_text(encoding="utf-8").splitlines()
    assert diagnostic["line"] == diagnostic["end_line"]
    return lines[diagnostic["line"] - 1][diagnostic["column"] - 1 : diagnostic["end_column"] - 1]


def test_every_documented_vocabulary_feeds_a_builtin_rule():
    read = {name for rule in load_rules() for name in vocabularies_read(rule)}
    assert set(KNOWN_VOCABULARIES) <= read


def test_errors_name_the_file_the_line_and_the_closest_valid_name(tmp_path):
    write(tmp_path / ".git" / "HEAD", "")
    draft = write(tmp_path / "d.md", DRAFT)
    config = tmp_path / ".prelimlint.yaml"
    cases = [
        (
            "select:\n  - speculation\n  - unsafe.internal-hots\n",
            3,
            "'select' names unknown rule 'unsafe.internal-hots' (did you mean 'unsafe.internal-host'?)",
        ),
        (
            "severity:\n  speculation.root-cause: warning\n  speculaton: info\n",
            3,
            "'severity' names unknown rule 'speculaton' (did you mean 'speculation'?)",
        ),
        (
            "overrides:\n  - files: [a.md]\n    ignor: [unsafe]\n",
            3,
            "unknown key 'ignor' in overrides (did you mean 'ignore'?)",
        ),
        (
            "vocabularies:\n  staff: [Dana]\n  stafff: [Kim]\n",
            3,
            "no rule reads the vocabulary 'stafff' (did you mean 'staff'?)",
        ),
        (
            "vocabularies:\n  host-patterns: ['pay-(']\n",
            2,
            "vocabulary 'host-patterns' (read by unsafe.internal-host): invalid regex",
        ),
        ("fail-on: warn\n", 1, "'fail-on' is 'warn'; expected one of: error, warning, info"),
        (
            "model: en_core_web_sm\nexlude: [x]\n",
            2,
            "unknown setting 'exlude' (did you mean 'exclude'?)",
        ),
    ]
    for text, line, message in cases:
        config.write_text(text, encoding="utf-8")
        result = invoke("check", str(draft))
        assert result.code == 2, (text, result.out, result.err)
        assert f"prelimlint: {config}:{line}: {message}" in result.err, (text, result.err)
        assert "Traceback" not in result.err
    config.write_text("select: [unsafe]\n", encoding="utf-8")
    result = invoke("check", "--select", "unsafe.internal-hots", str(draft))
    assert result.code == 2 and "did you mean 'unsafe.internal-host'" in result.err
    assert str(config) not in result.err  # a flag's mistake is not the config file's


def test_pyproject_errors_point_at_the_key(tmp_path):
    write(tmp_path / ".git" / "HEAD", "")
    pyproject = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.prelimlint]\nselct = ["unsafe"]\n',
    )
    result = invoke("check", str(write(tmp_path / "d.md", DRAFT)))
    assert result.code == 2
    assert f"{pyproject}:5: unknown setting 'selct' (did you mean 'select'?)" in result.err
