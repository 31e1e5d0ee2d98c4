"""Broken rule files fail with one `path:line: problem` error, never a traceback."""

from __future__ import annotations

import pytest

from prelimlint.errors import RuleFileError
from tests.helpers import linter_for, write_rule


def _error(tmp_path, rule_id: str, body: str) -> str:
    write_rule(tmp_path, rule_id, body)
    with pytest.raises(RuleFileError) as raised:
        linter_for(tmp_path)
    return str(raised.value)


def test_unknown_kind_names_the_closest(tmp_path):
    message = _error(tmp_path, "style.x", "kind: phrse\nphrases: [a]\n")
    assert message.endswith(
        "style/x.yml:10: 'kind' is 'phrse' (did you mean 'phrase'?); expected one of: "
        "phrase, pattern, regex, entity, required-section, metric, metadata, timeline, suppression"
    )


def test_unknown_kind_key_lists_the_allowed_ones(tmp_path):
    message = _error(tmp_path, "style.x", "kind: phrase\nphrases: [a]\nphrasse: [b]\n")
    assert ":12: unknown key 'phrasse' for kind 'phrase' (did you mean 'phrases'?)" in message


def test_invalid_yaml_reports_the_line(tmp_path):
    path = tmp_path / "style" / "x.yml"
    path.parent.mkdir()
    path.write_text("id: style.x\ncategory: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        linter_for(tmp_path)
    assert str(raised.value).startswith(f"{path}:3: invalid YAML")


def test_id_must_match_the_file_place(tmp_path):
    path = write_rule(tmp_path, "style.x", "kind: phrase\nphrases: [a]\n")
    path.rename(path.with_name("y.yml"))
    with pytest.raises(RuleFileError, match="expected 'style.y'"):
        linter_for(tmp_path)


def test_wrong_types_and_missing_keys(tmp_path):
    assert "'phrases' must be a list of non-empty strings" in _error(
        tmp_path, "style.x", "kind: phrase\nphrases: 3\n"
    )
    path = tmp_path / "style" / "y.yml"
    path.write_text("id: style.y\ncategory: style\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="y.yml:1: missing required key 'severity'"):
        linter_for(tmp_path)


def test_duplicate_keys_are_errors(tmp_path):
    message = _error(tmp_path, "style.x", "kind: phrase\nphrases: [a]\nphrases: [b]\n")
    assert ":12: invalid YAML: duplicate key 'phrases'" in message


def test_invalid_spacy_pattern_points_at_the_pattern(tmp_path):
    body = "kind: pattern\npatterns:\n  - [{LOWER: ok}]\n  - [{NOT_AN_ATTRIBUTE: x}]\n"
    message = _error(tmp_path, "style.x", body)
    assert ":13: invalid spaCy pattern #2" in message


def test_lookaround_regex_is_refused_with_a_hint(tmp_path):
    message = _error(tmp_path, "style.x", "kind: regex\npatterns: ['(?<!x)y']\n")
    assert "look-around is not supported" in message and "not-preceded-by" in message


def test_yaml_cannot_construct_python_objects(tmp_path):
    body = "kind: phrase\nphrases: !!python/object/apply:os.system ['echo pwned']\n"
    message = _error(tmp_path, "style.x", body)
    assert "invalid YAML" in message


def test_yaml_words_stay_words(tmp_path):
    write_rule(tmp_path, "style.x", "kind: phrase\nphrases: [on, off, yes, no, '1:1']\n")
    linter = linter_for(tmp_path)
    rule = linter.rule("style.x")
    assert rule.options["phrases"] == ["on", "off", "yes", "no", "1:1"]
