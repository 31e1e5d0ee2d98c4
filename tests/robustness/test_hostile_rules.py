"""Hostile or broken rule files and configurations.

Each broken file is one ``prelimlint: path:line: problem`` line and exit code 2 before any
draft is linted (a broken rule pack would otherwise lint less without saying so). YAML is
read safely: tags cannot build Python objects or run code, aliases cannot blow up, nesting
cannot crash. Every regex a rule or a config can give runs with RE2, so catastrophic
backtracking patterns finish at once on the inputs that would hang Python's ``re``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from prelimlint import Linter
from prelimlint.config import Config, load_config

from ..cli_helpers import invoke
from .inputs import run_measured

HEAD = """id: style.probe
category: style
severity: warning
summary: A probe rule.
message: "probe {match}"
rationale: For the robustness tests.
examples:
  bad:
    - text: aaa
  good:
    - text: bbb
"""
HEAD_LINES = HEAD.count("\n")
DRAFT = "# Summary\n\nThe outage was caused by a bad deploy of db-01.prod.internal.\n"


def _rule_folder(
    tmp_path: Path, body: str, head: str = HEAD, name: str = "style/probe.yml"
) -> Path:
    folder = tmp_path / "rules"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(head + body, encoding="utf-8")
    return folder


def _check(tmp_path: Path, *args: str) -> tuple[int, list[str]]:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = invoke("check", *args, str(draft), cwd=tmp_path)
    lines = [line for line in result.err.splitlines() if " note: " not in line]
    return result.code, lines


BROKEN_RULES = [
    # (kind-specific body, line of the problem counted from the body's first line (None: line 1), message)
    ("kind: magic\n", 0, "'kind' is 'magic'; expected one of: phrase, pattern, regex"),
    ("kind: regex\npatterns: abc\n", 1, "'patterns' must be a list of regexes"),
    ("kind: regex\npatterns: [abc\n", 2, "invalid YAML"),
    ("kind: regex\n\tpatterns: [a]\n", 1, "invalid YAML"),
    ("kind: regex\npatterns: [a]\npatterns: [b]\n", 2, "invalid YAML: duplicate key 'patterns'"),
    ("kind: regex\npatterns: ['(?=a)b']\n", 1, "look-around is not supported"),
    ("kind: regex\npatterns: ['(a)\\1']\n", 1, "back-references are not supported"),
    ("kind: regex\npatterns: ['a{1001}']\n", 1, "invalid regex"),
    ("kind: regex\npatterns: [{regex: 'a', group: 2}]\n", 1, "has no capture group 2"),
    (
        "kind: regex\npatterns: [a]\nunless: [{regex: '(?<=a)b'}]\n",
        2,
        "look-around is not supported",
    ),
    ("kind: regex\npatterns: [a]\nallow: ['[unclosed']\n", 2, "invalid regex"),
    ("kind: regex\npatterns: [a]\nscan: [everywhere]\n", 2, "unknown scan target 'everywhere'"),
    ("kind: regex\npatterns: [a]\nmin-entropy: high\n", 2, "'min-entropy' must be a number"),
    ("kind: pattern\npatterns: [[{FOO: bar}]]\n", 1, "invalid spaCy pattern #1"),
    (
        "kind: pattern\npatterns: [[{_: {no_such_extension: true}}]]\n",
        1,
        "unknown extension attribute",
    ),
    ("kind: pattern\npatterns: [[{TEXT: {REGEX: '(?!x)'}}]]\n", 1, "look-around is not supported"),
    ("kind: pattern\npatterns: [[{NOPE: {REGEX: 'a'}}]]\n", 1, "REGEX on unknown attribute"),
    ("kind: phrase\nphrases: [a]\nunless: [{headings: ['(']}]\n", 2, "invalid regex"),
    ("kind: required-section\nheadings: ['(a']\n", 1, "invalid regex"),
    (
        "kind: timeline\nevents: {detected: '(?=x)', resolved: 'y'}\norder: [detected, resolved]\n",
        1,
        "look-around is not supported",
    ),
    (
        "kind: metric\n",
        None,
        "kind 'metric' needs 'max' or 'min'",
    ),  # a missing key: the rule's first line
    (
        "kind: regex\npatterns: !!python/object/apply:os.system ['touch hacked']\n",
        1,
        "could not determine a constructor for the tag",
    ),
]


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    BROKEN_RULES,
    ids=[b.split("\n")[1][:40] or b[:20] for b, _, _ in BROKEN_RULES],
)
def test_a_broken_rule_is_one_line_naming_file_and_line(tmp_path, body, line, problem):
    folder = _rule_folder(tmp_path, body)
    code, errors = _check(tmp_path, "--isolated", "--rules", str(folder))
    assert code == 2
    assert len(errors) == 1, errors
    where = f"prelimlint: {folder / 'style' / 'probe.yml'}:{1 if line is None else HEAD_LINES + 1 + line}: "
    assert errors[0].startswith(where) and problem in errors[0], errors[0]
    assert not (tmp_path / "hacked").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "a rule file must hold one mapping of keys"),
        ("- a\n- b\n", "a rule file must hold one mapping of keys"),
        ("just text\n", "a rule file must hold one mapping of keys"),
        ("id: [unclosed\n", "invalid YAML"),
        ("\xff\xfe binary".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_rule_file_that_is_no_rule_is_one_line(tmp_path, content, problem):
    path = tmp_path / "rules" / "style" / "probe.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, errors = _check(tmp_path, "--isolated", "--rules", str(tmp_path / "rules"))
    assert code == 2 and len(errors) == 1 and errors[0].startswith(f"prelimlint: {path}:"), errors
    assert problem in errors[0], errors[0]


def test_wrong_common_types_and_duplicate_ids(tmp_path):
    folder = _rule_folder(
        tmp_path, "kind: regex\npatterns: [a]\n", HEAD.replace("severity: warning", "severity: 5")
    )
    code, errors = _check(tmp_path, "--isolated", "--rules", str(folder))
    assert code == 2 and errors == [
        f"prelimlint: {folder / 'style' / 'probe.yml'}:3: 'severity' is 5; "
        "expected one of: info, warning, error"
    ]
    folder = _rule_folder(tmp_path, "kind: regex\npatterns: [a]\n")
    _rule_folder(tmp_path, "kind: regex\npatterns: [b]\n", name="more/nested/probe.yml")
    code, errors = _check(tmp_path, "--isolated", "--rules", str(folder))
    assert code == 2 and len(errors) == 1 and "duplicate rule id 'style.probe'" in errors[0], errors


def _bomb(levels: int = 9) -> str:
    """A billion-laughs list: each level repeats the previous one nine times."""
    lines = ["  - &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"  - &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("select:\n" + _bomb(), "its aliases expand to more than 100,000 values"),
        ("x: " + "[" * 20_000 + "]" * 20_000 + "\n", "invalid YAML"),
        (
            "select: !!python/object/apply:os.system ['touch hacked']\n",
            "could not determine a constructor",
        ),
        ("select: 5\n", "'select' must be a list of strings"),
        ("selekt: [style]\n", "unknown setting 'selekt' (did you mean 'select'?)"),
        ("- a\n", "the configuration must be a mapping of settings"),
        ("max-file-size: lots\n", "'max-file-size' must be a number of characters"),
        ("vocabularies: {Staff: [a]}\n", "must be lower-case kebab-case"),
        ("vocabularies:\n  host-patterns: ['(a+']\n", "invalid regex"),
    ],
)
def test_a_broken_config_is_one_line_in_bounded_time(tmp_path, text, problem):
    config = tmp_path / ".prelimlint.yaml"
    config.write_text(text, encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run_measured(["check", "--config", str(config), str(draft)], timeout=60, cwd=tmp_path)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if " note: " not in line]
    assert (
        len(errors) == 1 and errors[0].startswith(f"prelimlint: {config}:") and problem in errors[0]
    ), errors
    assert result.peak_mb < 400 and not (tmp_path / "hacked").exists()


def test_deeply_nested_toml_is_one_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.prelimlint]\nselect = " + "[" * 50_000 + "]" * 50_000 + "\n"
    )
    code, errors = _check(tmp_path)
    assert code == 2 and errors == [
        f"prelimlint: {tmp_path / 'pyproject.toml'}: invalid TOML: nested too deeply"
    ]


def test_a_config_that_selects_nothing_says_so(tmp_path):
    config = tmp_path / ".prelimlint.yaml"
    config.write_text("select: [style.long-report]\nignore: [style]\n", encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = invoke("check", "--config", str(config), str(draft))
    assert result.code == 0
    assert (
        f"prelimlint: note: no rule is enabled: the 'select', 'ignore' and 'severity' settings in {config} "
        "turn every rule off, so nothing was checked"
    ) in result.err.splitlines()
    assert "no rule is enabled" not in invoke("check", "--isolated", str(draft)).err


# ---------------------------------------------------------------- catastrophic backtracking

EVIL = "(a+)+$"  # exponential in Python's re on "aaaa...a!"
CATASTROPHIC_RULES = {
    "style/evil-regex.yml": f"""kind: regex
patterns: ['{EVIL}', '(a|aa)+!']
allow: ['(a|a)+b']
unless: [{{regex: '(a*)*c', scope: sentence}}, {{headings: ['(a+)+z']}}]
vocabulary: [evil-terms]
vocabulary-pattern: '(?:{{terms}})+$'
regex-vocabulary: [evil-patterns]
allow-vocabulary: [evil-terms]
allow-vocabulary-pattern: '(x+x+)+{{terms}}'
""",
    "style/evil-pattern.yml": f"""kind: pattern
patterns: [[{{TEXT: {{REGEX: '{EVIL}'}}}}], [{{LOWER: {{REGEX: '^(a|aa)+$'}}}}, {{LOWER: "!"}}]]
unless: [{{regex: '(a|a)*c'}}]
""",
    "style/evil-section.yml": """kind: required-section
headings: ['(a+)+$', '(b|bb)+c']
cues: [{regex: '(a|aa)+!'}]
placeholder: '(a+)+'
ignore-units: ['(x+x+)+y']
""",
    "style/evil-timeline.yml": """kind: timeline
check: order
events: {detected: '(a+)+z', resolved: '(a|aa)+y'}
order: [detected, resolved]
""",
}


def test_catastrophic_patterns_finish_at_once_in_every_regex_path(tmp_path):
    folder = tmp_path / "rules"
    for name, body in CATASTROPHIC_RULES.items():
        rule_id = "style." + Path(name).stem
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(HEAD.replace("style.probe", rule_id) + body, encoding="utf-8")
    config = Config(
        extra_rules=(folder,),
        select=tuple("style." + Path(n).stem for n in CATASTROPHIC_RULES),
        vocabularies={"evil-terms": ("a", "aa"), "evil-patterns": ("(a|aa)+$",)},
    )
    linter = Linter(config)
    line = "a" * 30 + "!"  # Python's re needs 2**30 steps for (a+)+$ here
    token = "a" * 30 + "b"  # one token: the same for spaCy's REGEX predicates
    text = (
        f"# {line}\n\n"
        + "\n\n".join(f"{line} {token} {'a' * 5000}! detected at 14:05 UTC" for _ in range(20))
        + "\n"
    )
    started = time.perf_counter()
    report = linter.lint_text(text, "draft.md")
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert report.internal_errors == ()
    found = {d.rule for d in report.diagnostics}
    assert {"style.evil-regex", "style.evil-pattern"} <= found, found


def test_a_rule_that_matches_every_token_stays_bounded(tmp_path):
    folder = _rule_folder(tmp_path, "kind: pattern\npatterns: [[{}]]\n")
    linter = Linter(Config(extra_rules=(folder,), select=("style.probe",)))
    text = "word, " * 20_000  # 40,000 tokens, one finding each
    started = time.perf_counter()
    report = linter.lint_text(text, "draft.md")
    assert time.perf_counter() - started < 60
    assert len(report.diagnostics) == 40_000


def test_config_files_load_without_running_code(tmp_path):
    config = tmp_path / ".prelimlint.yaml"
    config.write_text("select: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(Exception, match="could not determine a constructor"):
        load_config(config)
