"""End to end over stdio with a client that cannot pull: diagnostics are pushed, per version."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from prelimlint import Linter
from prelimlint.config import load_config

from .conftest import (
    DRAFT,
    change,
    codes,
    covered,
    initialize,
    make_workspace,
    open_draft,
    published,
    replace_all,
    server_config,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "draft.md"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("push") / "ws")


@pytest_lsp.fixture(scope="module", config=server_config())
async def client(lsp_client: LanguageClient, workspace: Path):
    await initialize(lsp_client, root=workspace)
    yield
    await lsp_client.shutdown_session()


async def test_open_pushes_the_expected_diagnostics(client: LanguageClient, workspace: Path):
    uri = open_draft(client, workspace / "open.md", DRAFT)
    params = await published(client, uri, 1)
    found = {(d.code, covered(DRAFT, d)): d for d in params.diagnostics}
    assert sorted(found) == [
        ("speculation.root-cause", "caused by"),
        ("structure.monitoring", ""),
        ("structure.timeline", ""),
        ("style.hedge", "We suspect"),
        ("unsafe.internal-host", "db-primary.prod.internal"),
    ]
    host = found[("unsafe.internal-host", "db-primary.prod.internal")]
    assert host.range == types.Range(types.Position(6, 20), types.Position(6, 44))
    assert host.severity == types.DiagnosticSeverity.Warning
    assert host.source == "prelimlint"
    assert host.message == "'db-primary.prod.internal' is an internal host name."
    assert found[("speculation.root-cause", "caused by")].severity == types.DiagnosticSeverity.Error
    assert found[("style.hedge", "We suspect")].severity == types.DiagnosticSeverity.Information
    missing = found[("structure.timeline", "")]
    assert missing.range == types.Range(types.Position(0, 0), types.Position(0, 0))
    # a user rule is documented in its own file
    rule_file = (workspace / "rules" / "unsafe" / "internal-host.yml").resolve()
    assert host.code_description.href == rule_file.as_uri()


async def test_edits_update_the_diagnostics(client: LanguageClient, workspace: Path):
    uri = open_draft(client, workspace / "edit.md", DRAFT)
    await published(client, uri, 1)
    line = DRAFT.splitlines()[8]
    start = line.index("caused by")
    change(
        client, uri, 2, (8, start), (8, start + len("caused by")), "followed by"
    )  # the cause is gone
    params = await published(client, uri, 2)
    assert "speculation.root-cause" not in codes(params.diagnostics)
    change(
        client, uri, 3, (2, 0), (2, 0), "## Timeline\nDetected 14:05 UTC.\n\n"
    )  # a section is added
    params = await published(client, uri, 3)
    assert "structure.timeline" not in codes(params.diagnostics)
    host = [d for d in params.diagnostics if d.code == "unsafe.internal-host"][0]
    assert host.range.start == types.Position(9, 20)  # moved down by the three inserted lines


async def test_the_built_in_pack_gives_the_same_findings_as_the_library(
    client: LanguageClient, tmp_path: Path
):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / ".git").mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    uri = open_draft(client, folder / "draft.md", text)
    params = await published(client, uri, 1)
    expected = Linter(load_config(None)).lint_text(text, str(folder / "draft.md"))
    assert sorted((str(d.code), covered(text, d)) for d in params.diagnostics) == sorted(
        (d.rule, text[d.span.start : d.span.end]) for d in expected.diagnostics
    )
    assert expected.diagnostics, "the example draft has planted problems"
    links = {d.code: d.code_description.href for d in params.diagnostics}
    assert links["speculation.root-cause"].endswith("/docs/rules.md#speculationroot-cause")


async def test_emoji_and_non_ascii_text_get_utf16_ranges(client: LanguageClient, workspace: Path):
    text = "# Über 🚀 naïve\n\n## Impact 😀\nKunden 😀😀 saw db-1.prod.internal fail — café.\n"
    uri = open_draft(client, workspace / "emoji.md", text)
    params = await published(client, uri, 1)
    host = [d for d in params.diagnostics if d.code == "unsafe.internal-host"][0]
    # "Kunden " is 7 units, each emoji two, then " saw ": the host starts at UTF-16 column 16
    assert host.range == types.Range(types.Position(3, 16), types.Position(3, 34))
    assert covered(text, host) == "db-1.prod.internal"
    # an incremental edit after the emoji, in UTF-16 columns, lands where the editor meant it
    change(client, uri, 2, (3, 16), (3, 16), "🚀")
    params = await published(client, uri, 2)
    host = [d for d in params.diagnostics if d.code == "unsafe.internal-host"][0]
    assert host.range.start == types.Position(3, 18)


async def test_plain_text_drafts_are_linted(client: LanguageClient, workspace: Path):
    text = "Checkout errors\n\nImpact\n\nCustomers could not pay. It was caused by a deploy.\n"
    uri = open_draft(client, workspace / "notes.txt", text, language="plaintext")
    params = await published(client, uri, 1)
    assert ("speculation.root-cause", "caused by") in [
        (d.code, covered(text, d)) for d in params.diagnostics
    ]
    assert "structure.impact" not in codes(params.diagnostics)


async def test_other_languages_are_ignored(client: LanguageClient, workspace: Path):
    uri = open_draft(client, workspace / "script.py", "# caused by\n", language="python")
    other = open_draft(client, workspace / "after.md", "It was caused by a deploy.\n")
    await published(client, other, 1)
    assert not [p for p in client.recorder.published if p.uri == uri]


async def test_stale_versions_are_never_published(client: LanguageClient, workspace: Path):
    # a long draft makes the first lint slow (every paragraph is new to the NLP cache), so the
    # edits below arrive while version 1 is still being linted: its result must be dropped
    paragraphs = [
        f"Paragraph {n} says customers saw slow pages on host-{n}.prod.internal."
        for n in range(400)
    ]
    text = "# Big draft\n\n" + "\n\n".join(paragraphs) + "\n"
    uri = open_draft(client, workspace / "stale.md", text)
    for version in range(2, 12):
        change(client, uri, version, (0, 0), (0, 0), "x")
    final = await published(client, uri, 11)
    await asyncio.sleep(0.5)
    versions = [p.version for p in client.recorder.published if p.uri == uri]
    assert versions == sorted(versions), versions
    assert versions[-1] == 11 and 1 not in versions, versions
    hosts = [d for d in final.diagnostics if d.code == "unsafe.internal-host"]
    assert len(hosts) == 400
    assert covered("x" * 10 + text, hosts[0]) == "host-0.prod.internal"


async def test_a_full_text_change_and_a_save_republish(client: LanguageClient, workspace: Path):
    uri = open_draft(client, workspace / "save.md", DRAFT)
    await published(client, uri, 1)
    replace_all(
        client,
        uri,
        2,
        "## Impact\nCustomers could not pay.\n## Timeline\n14:00 UTC\n## Monitoring\nWatching.\n",
    )
    params = await published(client, uri, 2)
    assert list(params.diagnostics) == []
    count = len(client.recorder.published)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    for _ in range(200):
        if len(client.recorder.published) > count:
            break
        await asyncio.sleep(0.05)
    again = [p for p in client.recorder.published[count:] if p.uri == uri]
    assert again and again[0].version == 2 and list(again[0].diagnostics) == []


async def test_closing_a_draft_clears_its_diagnostics(client: LanguageClient, workspace: Path):
    uri = open_draft(client, workspace / "close.md", DRAFT)
    await published(client, uri, 1)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    for _ in range(200):
        if (
            client.recorder.published[-1].uri == uri
            and not client.recorder.published[-1].diagnostics
        ):
            break
        await asyncio.sleep(0.05)
    assert list(client.diagnostics[uri]) == []


@pytest_lsp.fixture(scope="module", config=server_config())
async def pulling_without_refresh(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_a_client_that_cannot_be_asked_to_pull_again_gets_pushes(
    pulling_without_refresh: LanguageClient, workspace: Path
):
    client = pulling_without_refresh
    await initialize(client, "neovim@v0.10.0", root=workspace)  # pulls, but no diagnostic refresh
    uri = open_draft(client, workspace / "neovim.md", DRAFT)
    params = await published(client, uri, 1)
    assert "unsafe.internal-host" in codes(params.diagnostics)
