"""Output formats through the real CLI: SARIF (schema-valid), GitHub annotations, JUnit, --output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

from prelimlint.model import Category, Diagnostic, FileReport, Severity, Span
from prelimlint.report.github import format_github

from .cli_helpers import CORPUS, invoke, write
from .test_cli import CLEAN

SCHEMAS = Path(__file__).parent / "schemas"
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BAD = CLEAN.replace(
    "replayed held payments.",
    "replayed held payments on db-primary.prod.internal. It was caused by a bad deploy.",
)


def sarif_validator():
    return jsonschema.Draft7Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not next to the project")
def test_sarif_on_the_corpus_is_valid_sarif_2_1_0(tmp_path):
    out = tmp_path / "report.sarif"
    result = invoke("check", "--isolated", "--format", "sarif", "--output", str(out), str(CORPUS))
    assert (
        result.code == 1 and result.out == ""
    )  # findings: exit 1 even when the report goes to a file
    log = json.loads(out.read_text(encoding="utf-8"))
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[:3]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"speculation.root-cause", "style.unused-suppression"}
    assert len(run["results"]) > 40
    for result_ in run["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
        location = result_["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1


def test_sarif_rule_metadata_and_positions(tmp_path):
    draft = write(tmp_path / "d.md", BAD)
    result = invoke("check", "--isolated", "--format", "sarif", "d.md", cwd=tmp_path)
    log = json.loads(result.out)
    assert not list(sarif_validator().iter_errors(log))
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "unsafe.internal-host")
    assert rule["name"] == "UnsafeInternalHost"
    assert rule["shortDescription"]["text"].startswith("Internal host names")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert "Why:" in rule["help"]["text"] and rule["help"]["markdown"].startswith(
        "### `unsafe.internal-host`"
    )
    host = next(r for r in run["results"] if r["ruleId"] == "unsafe.internal-host")
    region = host["locations"][0]["physicalLocation"]["region"]
    line = draft.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "db-primary.prod.internal"
    assert host["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "d.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert host["level"] == "error" and host["partialFingerprints"]["prelimlint/v1"]
    cause = next(r for r in run["results"] if r["ruleId"] == "speculation.root-cause")
    assert cause["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"][
        "text"
    ].startswith("The cause is under investigation")


def test_sarif_of_a_clean_run_is_valid_and_empty(tmp_path):
    write(tmp_path / "clean.md", CLEAN)
    result = invoke("check", "--isolated", "--format", "sarif", "clean.md", cwd=tmp_path)
    assert result.code == 0
    log = json.loads(result.out)
    assert not list(sarif_validator().iter_errors(log)) and log["runs"][0]["results"] == []


def test_github_annotations(tmp_path):
    write(tmp_path / "d.md", BAD)
    result = invoke("check", "--isolated", "--format", "github", "d.md", cwd=tmp_path)
    assert result.code == 1
    lines = result.out.splitlines()
    host = next(line for line in lines if "unsafe.internal-host" in line)
    assert host.startswith("::error file=d.md,line=19,col=")
    assert ",endLine=19,endColumn=" in host and ",title=prelimlint unsafe.internal-host::" in host
    assert host.endswith(
        "is an internal host name. Remove it; name the affected service as customers know it."
    )
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_github_escaping_and_multi_line_spans():
    text = "line one\nline two\n"
    diagnostic = Diagnostic(
        "style.x", Category.STYLE, Severity.INFO, "50% done,\nsee: here", Span(5, 13)
    )
    out = format_github([FileReport("dir,a:b%.md", text, (diagnostic,))])
    assert out == (
        "::notice file=dir%2Ca%3Ab%25.md,line=1,endLine=2,title=prelimlint style.x"
        "::50%25 done,%0Asee: here"
    )


def test_junit_one_test_case_per_file(tmp_path):
    write(tmp_path / "bad.md", BAD)
    write(tmp_path / "clean.md", CLEAN)
    write(
        tmp_path / "warn.md",
        CLEAN.replace("around the clock", "around the clock; see OPS-1234\x0b"),
    )
    result = invoke("check", "--isolated", "--format", "junit", ".", cwd=tmp_path)
    assert result.code == 1
    root = ElementTree.fromstring(result.out.encode("utf-8"))
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "1"
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert set(cases) == {"bad.md", "clean.md", "warn.md"}
    failure = cases["bad.md"].find("failure")
    assert failure is not None and "[unsafe.internal-host]" in failure.text
    assert (
        cases["clean.md"].find("failure") is None and cases["clean.md"].find("system-out") is None
    )
    assert cases["warn.md"].find("failure") is None  # a warning is below the default threshold
    assert "[unsafe.ticket-id]" in cases["warn.md"].find("system-out").text
    strict = ElementTree.fromstring(
        invoke(
            "check", "--isolated", "--format", "junit", "--fail-on", "warning", ".", cwd=tmp_path
        ).out.encode("utf-8")
    )
    assert strict.get("failures") == "2"


def test_output_file_keeps_the_exit_code_and_every_format_writes(tmp_path):
    write(tmp_path / "d.md", BAD)
    for name in ("text", "json", "sarif", "github", "junit"):
        out = tmp_path / f"report.{name}"
        result = invoke(
            "check", "--isolated", "--format", name, "--output", str(out), "d.md", cwd=tmp_path
        )
        assert result.code == 1 and result.out == "", name
        assert "internal-host" in out.read_text(encoding="utf-8"), name
    result = invoke(
        "check", "--isolated", "--output", str(tmp_path / "missing" / "r.txt"), "d.md", cwd=tmp_path
    )
    assert result.code == 2 and "cannot write the report" in result.err
