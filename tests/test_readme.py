"""The README's examples are run: configuration, suppressions, commands, pre-commit, GitHub Actions."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest
import yaml

from prelimlint.api import load_rules
from prelimlint.config import KNOWN_VOCABULARIES, load_config
from prelimlint.ruleset import vocabularies_read
from prelimlint.yamlio import load_yaml

from .cli_helpers import ROOT, invoke, write
from .test_cli import CLEAN

README = (ROOT / "README.md").read_text(encoding="utf-8")
SCHEMAS = Path(__file__).parent / "schemas"


def block(name: str) -> str:
    """The fenced block (or table) right after ``<!-- readme:NAME -->``."""
    match = re.search(rf"<!-- readme:{name} -->\n```[a-z]*\n(.*?)\n```\n", README, re.DOTALL)
    if match is None:
        match = re.search(rf"<!-- readme:{name} -->\n((?:\|.*\n)+)", README)
    assert match, f"README has no block marked readme:{name}"
    return match.group(1)


def commands(name: str) -> list[list[str]]:
    """The prelimlint command lines of a sh block, as argument lists."""
    found = []
    for line in block(name).splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "prelimlint":
            found.append(words[1:])
    assert found, name
    return found


def test_config_example_works_as_documented(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".prelimlint.yaml", block("config"))
    (tmp_path / "lint-rules").mkdir()
    body = (
        "replayed held payments on pay-eu-12 and ledger.acme.net through Bluebird (see OPS-1234). "
        "Dana Okoye confirmed it; updates are on status.acme.net."
    )
    write(tmp_path / "now.md", CLEAN.replace("replayed held payments.", body))
    write(tmp_path / "templates" / "t.md", "# Template\n")
    write(tmp_path / "archive" / "old.md", "Engineers restarted db-1.prod.internal.\n")
    result = invoke("check", "--format", "json", ".", cwd=tmp_path)
    assert result.code == 1, result.err
    files = {f["path"]: f["diagnostics"] for f in json.loads(result.out)["files"]}
    assert set(files) == {"now.md", "templates/t.md"}  # archive/** is excluded
    assert not any(
        d["rule"].startswith("structure.") for d in files["templates/t.md"]
    )  # per-path override
    text = (tmp_path / "now.md").read_text(encoding="utf-8").splitlines()
    found = {
        (d["rule"], d["severity"], text[d["line"] - 1][d["column"] - 1 : d["end_column"] - 1])
        for d in files["now.md"]
    }
    assert found >= {
        ("unsafe.internal-host", "error", "pay-eu-12"),
        ("unsafe.internal-host", "error", "ledger.acme.net"),
        ("unsafe.code-name", "warning", "Bluebird"),
        ("unsafe.ticket-id", "error", "OPS-1234"),  # severity raised by the config
    }
    assert not any(match == "status.acme.net" for _, _, match in found)  # a public domain
    assert any(rule == "unsafe.staff-name" for rule, _, _ in found)


def test_pyproject_example_reads_like_the_yaml(tmp_path):
    pyproject = write(tmp_path / "pyproject.toml", block("pyproject"))
    config = load_config(pyproject)
    assert config.select == ("structure", "speculation", "unsafe") and config.ignore == (
        "style.long-report",
    )
    assert config.fail_on.value == "warning"
    assert dict(config.vocabularies) == {
        "internal-domains": ("acme.net",),
        "staff": ("Dana Okoye",),
    }
    write(tmp_path / "d.md", CLEAN)
    assert invoke("check", str(tmp_path / "d.md")).code == 0


def test_vocabulary_table_matches_the_rules():
    documented = {}
    for row in block("vocabularies").splitlines()[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        documented[cells[0].strip("`")] = set(re.findall(r"`([a-z]+\.[a-z-]+)`", cells[1]))
    rules = list(load_rules())
    actual = {name: {r.id for r in rules if name in vocabularies_read(r)} for name in documented}
    assert documented == actual
    assert set(KNOWN_VOCABULARIES) <= set(documented)


def test_suppression_example_silences_exactly_its_findings(tmp_path):
    example = block("suppressions")
    draft = write(tmp_path / "d.md", example)
    result = invoke("check", "--isolated", "--ignore", "structure", str(draft))
    assert result.code == 0 and "No problems found" in result.out, result.out
    unsuppressed = write(tmp_path / "u.md", example.replace("prelimlint-", "x-"))
    data = json.loads(
        invoke(
            "check", "--isolated", "--ignore", "structure", "--format", "json", str(unsuppressed)
        ).out
    )
    assert {d["rule"] for d in data["files"][0]["diagnostics"]} == {
        "unsafe.internal-host",
        "unsafe.staff-name",
        "unsafe.customer-name",
        "unsafe.ticket-id",
    }


def test_documented_commands_run(tmp_path):
    drafts = tmp_path / "drafts"
    write(drafts / "clean.md", CLEAN)
    write(
        drafts / "bad.md",
        CLEAN.replace(
            "replayed held payments.", "replayed held payments. It was caused by a bad deploy."
        ),
    )
    for name in ("formats", "fix", "docs", "new"):
        for args in commands(name):
            result = invoke(*args, cwd=tmp_path)
            assert result.code in (0, 1), (args, result.err)
            assert "Traceback" not in result.err
    sarif = json.loads((tmp_path / "prelimlint.sarif").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    assert ElementTree.parse(tmp_path / "prelimlint.xml").getroot().tag == "testsuites"
    assert "## Impact" in (drafts / "2026-03-02-checkout.md").read_text(encoding="utf-8")


def test_pre_commit_hooks_follow_the_schema_and_run_as_pre_commit_runs_them(tmp_path):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS / "pre-commit-hooks.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(hooks, schema)
    config = yaml.safe_load(block("pre-commit"))
    used = config["repos"][0]["hooks"][0]
    assert used["id"] in {hook["id"] for hook in hooks}
    script = Path(sys.executable).parent / "prelimlint"
    if not script.exists():
        pytest.skip("the prelimlint script is not installed next to this Python")
    clean = write(tmp_path / "clean.md", CLEAN)
    warning = write(
        tmp_path / "warn.md", CLEAN.replace("around the clock", "around the clock (OPS-1234)")
    )
    for hook in hooks:
        entry = shlex.split(hook["entry"])
        command = [str(script), *entry[1:], *used.get("args", [])]
        passed = subprocess.run(
            [*command, str(clean)], capture_output=True, text=True, cwd=tmp_path, timeout=600
        )
        assert passed.returncode == 0, passed.stdout + passed.stderr
        failed = subprocess.run(
            [*command, str(clean), str(warning)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=600,
        )
        assert failed.returncode == 1 and "unsafe.ticket-id" in failed.stdout


def test_github_actions_job_is_a_valid_workflow_that_uploads_what_prelimlint_writes(tmp_path):
    workflow = load_yaml(block("github-actions"), "README.md")  # YAML 1.2: 'on' is a key, not True
    schema = json.loads((SCHEMAS / "github-workflow.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(workflow, schema)
    job = workflow["jobs"]["lint-drafts"]
    assert job["permissions"]["security-events"] == "write"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    lint = next(shlex.split(run, comments=True) for run in runs if run.startswith("prelimlint "))
    upload = next(
        step
        for step in job["steps"]
        if step.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert upload["if"] == "always()"  # prelimlint exits 1 on findings; upload them anyway
    assert lint[lint.index("--output") + 1] == upload["with"]["sarif_file"]
    write(
        tmp_path / "drafts" / "d.md",
        CLEAN.replace("around the clock", "around the clock (OPS-1234)"),
    )
    result = invoke(*lint[1:], cwd=tmp_path)
    assert result.code == 0, result.err
    sarif = json.loads((tmp_path / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["unsafe.ticket-id"]


def test_python_m_prelimlint_works_like_the_script(tmp_path):
    draft = write(
        tmp_path / "d.md", CLEAN.replace("around the clock", "around the clock (OPS-1234)")
    )
    module = subprocess.run(
        [sys.executable, "-m", "prelimlint", "check", "--isolated", "--format", "json", str(draft)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    script = shutil.which("prelimlint", path=str(Path(sys.executable).parent))
    assert module.returncode == 0 and json.loads(module.stdout)["files"][0]["diagnostics"]
    if script:
        direct = subprocess.run(
            [script, "check", "--isolated", "--format", "json", str(draft)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert (direct.returncode, direct.stdout) == (module.returncode, module.stdout)
