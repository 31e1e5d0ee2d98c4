"""With the statistical pipeline set in the editor, the server finds what the library finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import LanguageClient

from prelimlint import Linter
from prelimlint.config import Config
from prelimlint.engine import rule_needs

from ..conftest import STATISTICAL_MODEL, model_installed
from .conftest import change, covered, initialize, open_draft, published, server_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "draft.md"
pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.skipif(not model_installed(), reason=f"{STATISTICAL_MODEL} is not installed"),
]


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def _model_only_example() -> tuple[str, str]:
    """A rule that runs only with a statistical pipeline, and a bad example from its rule file."""
    library = Linter(Config())
    for rule in library.ruleset:
        if rule_needs(rule) - {"lemma"} and rule.enabled:
            for example in rule.bad:
                if example.needs_model and not example.path and "\n" not in example.text.strip():
                    return rule.id, example.text.strip()
    pytest.skip("no built-in rule needs the statistical pipeline")


@pytest.mark.asyncio
async def test_model_setting_runs_the_rules_that_need_it(client: LanguageClient, tmp_path: Path):
    (tmp_path / ".git").mkdir()
    await initialize(client, root=tmp_path, options={"prelimlint": {"model": STATISTICAL_MODEL}})
    rule_id, example = _model_only_example()
    text = EXAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + example + "\n"
    uri = open_draft(client, tmp_path / "draft.md", text)
    params = await published(client, uri, 1)
    library = Linter(Config(model=STATISTICAL_MODEL))
    expected = library.lint_text(text, str(tmp_path / "draft.md"))
    found = sorted((str(d.code), covered(text, d)) for d in params.diagnostics)
    assert found == sorted((d.rule, text[d.span.start : d.span.end]) for d in expected.diagnostics)
    assert rule_id in [code for code, _ in found]  # the rule that needs the model ran
    # an edit re-parses one paragraph with the statistical pipeline; still as the library says
    line = len(text.splitlines()) - 1
    change(client, uri, 2, (line, 0), (line, 0), "Yesterday, ")
    edited = text[: text.rindex(example)] + "Yesterday, " + example + "\n"
    params = await published(client, uri, 2)
    expected = library.lint_text(edited, str(tmp_path / "draft.md"))
    assert sorted((str(d.code), covered(edited, d)) for d in params.diagnostics) == sorted(
        (d.rule, edited[d.span.start : d.span.end]) for d in expected.diagnostics
    )
