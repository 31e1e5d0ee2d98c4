"""The wheel ships the built-in rules, and the installed package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from prelimlint.ruleset import builtin_rules_dir

ROOT = Path(__file__).resolve().parents[1]


def test_checkout_finds_the_builtin_pack():
    folder = builtin_rules_dir()
    assert (folder / "speculation" / "root-cause.yml").is_file()


@pytest.mark.slow
def test_wheel_contains_the_rules(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("prelimlint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n for n in names if n.startswith("prelimlint/rules/") and n.endswith(".yml")}
    in_repo = {
        f"prelimlint/rules/{p.relative_to(ROOT / 'rules').as_posix()}"
        for p in (ROOT / "rules").rglob("*.yml")
    }
    assert shipped == in_repo
    assert "prelimlint/cli.py" in names and "prelimlint/py.typed" in names
    templates = {
        "page.html.j2",
        "_review.html.j2",
        "_drafts_table.html.j2",
        "index.html.j2",
        "review.css",
        "review.js",
    }
    assert {f"prelimlint/report/templates/{name}" for name in templates} <= set(names)
