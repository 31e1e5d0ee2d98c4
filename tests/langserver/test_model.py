"""With the statistical pipeline chosen in the editor settings, the server finds what the library finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

from prelimlint import Linter
from prelimlint.config import Config

from ..conftest import STATISTICAL_MODEL, model_installed
from .conftest import change, covered, initialize, open_draft, published, server_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "draft.md"
pytestmark = [pytest.mark.model, pytest.mark.slow,
              pytest.mark.skipif(not model_installed(), reason=f"{STATISTICAL_MODEL} is not installed")]


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_model_setting_runs_the_rules_that_need_it(client: LanguageClient, tmp_path: Path):
    (tmp_path / ".git").mkdir()
    await initialize(client, root=tmp_path, options={"prelimlint": {"model": STATISTICAL_MODEL}})
    text = EXAMPLE.read_text(encoding="utf-8").replace("Engineers moved", "Priya Raman moved")
    uri = open_draft(client, tmp_path / "draft.md", text)
    params = await published(client, uri, 1)
    library = Linter(Config(model=STATISTICAL_MODEL))
    expected = library.lint_text(text, str(tmp_path / "draft.md"))
    found = sorted((str(d.code), covered(text, d)) for d in params.diagnostics)
    assert found == sorted((d.rule, text[d.span.start : d.span.end]) for d in expected.diagnostics)
    assert ("unsafe.person-name", "Priya Raman") in found
    # an edit re-parses one paragraph with the statistical pipeline and still agrees with the library
    line = text.splitlines().index(next(x for x in text.splitlines() if "Priya Raman" in x))
    change(client, uri, 2, (line, 0), (line, len("Priya Raman")), "Our responders")
    edited = text.replace("Priya Raman moved", "Our responders moved")
    params = await published(client, uri, 2)
    expected = library.lint_text(edited, str(tmp_path / "draft.md"))
    assert sorted((str(d.code), covered(edited, d)) for d in params.diagnostics) == sorted(
        (d.rule, edited[d.span.start : d.span.end]) for d in expected.diagnostics)
