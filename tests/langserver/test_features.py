"""Pull diagnostics, code actions (applied and re-linted), hover, completion and document symbols.

The client has VS Code's capabilities, so diagnostics are pulled, never pushed.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import (
    DRAFT,
    PULL_CLIENT,
    apply_edits,
    change,
    codes,
    covered,
    initialize,
    make_workspace,
    open_draft,
    replace_all,
    server_config,
    text_of_range,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("features") / "ws")


@pytest_lsp.fixture(scope="module", config=server_config())
async def client(lsp_client: LanguageClient, workspace: Path):
    result = await initialize(lsp_client, PULL_CLIENT, root=workspace)
    assert result.capabilities.diagnostic_provider is not None
    yield
    await lsp_client.shutdown_session()


async def pull(client: LanguageClient, uri: str, previous: str | None = None):
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=previous
        )
    )


async def actions_at(
    client: LanguageClient, uri: str, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    return list(found or [])


def edits_of(action: types.CodeAction, uri: str, version: int) -> list[types.TextEdit]:
    (document_edit,) = action.edit.document_changes
    assert document_edit.text_document.uri == uri
    assert (
        document_edit.text_document.version == version
    )  # the client rejects it if the draft moved on
    return list(document_edit.edits)


async def test_pull_diagnostics_with_result_ids_and_no_push(
    client: LanguageClient, workspace: Path
):
    uri = open_draft(client, workspace / "pull.md", DRAFT)
    report = await pull(client, uri)
    assert report.kind == "full"
    assert ("unsafe.internal-host", "db-primary.prod.internal") in [
        (d.code, covered(DRAFT, d)) for d in report.items
    ]
    unchanged = await pull(client, uri, report.result_id)
    assert unchanged.kind == "unchanged" and unchanged.result_id == report.result_id
    change(client, uri, 2, (6, 20), (6, 44), "the database")
    updated = await pull(client, uri, report.result_id)
    assert updated.kind == "full" and updated.result_id != report.result_id
    assert "unsafe.internal-host" not in codes(updated.items)
    assert (
        not client.recorder.published
    )  # a pulling client gets no pushed diagnostics (no duplicates)


async def test_apply_fix_action_rewrites_the_sentence(client: LanguageClient, workspace: Path):
    uri = open_draft(client, workspace / "fix.md", DRAFT)
    report = await pull(client, uri)
    cause = [d for d in report.items if d.code == "speculation.root-cause"][0]
    actions = await actions_at(client, uri, cause)
    titles = [a.title for a in actions]
    assert titles == [
        "Apply fix: Replace the sentence with a pending-investigation statement",
        "Disable speculation.root-cause for this line",
    ]
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix and list(fix.diagnostics) == [cause]
    fixed = apply_edits(DRAFT, edits_of(fix, uri, 1))
    assert "The cause is under investigation. We suspect the cache too." in fixed
    replace_all(client, uri, 2, fixed)
    assert "speculation.root-cause" not in codes((await pull(client, uri)).items)


async def test_disable_for_this_line_inserts_a_comment_line_above(
    client: LanguageClient, workspace: Path
):
    text = DRAFT.replace("Engineers restarted", "  - Engineers restarted")
    uri = open_draft(client, workspace / "disable.md", text)
    host = [d for d in (await pull(client, uri)).items if d.code == "unsafe.internal-host"][0]
    action = [a for a in await actions_at(client, uri, host) if a.title.startswith("Disable")][0]
    assert action.title == "Disable unsafe.internal-host for this line"
    disabled = apply_edits(text, edits_of(action, uri, 1))
    assert (
        "\n  <!-- prelimlint-disable-next-line unsafe.internal-host -->\n  - Engineers restarted"
        in disabled
    )
    replace_all(client, uri, 2, disabled)
    after = await pull(client, uri)
    assert "unsafe.internal-host" not in codes(after.items)
    assert "style.unused-suppression" not in codes(after.items)


async def test_disable_on_a_wrapped_line_puts_the_comment_on_its_own_line(
    client: LanguageClient, workspace: Path
):
    text = "## Impact\nCustomers could not pay\nafter db-1.prod.internal failed.\n"
    uri = open_draft(client, workspace / "wrapped.md", text)
    host = [d for d in (await pull(client, uri)).items if d.code == "unsafe.internal-host"][0]
    action = [a for a in await actions_at(client, uri, host) if a.title.startswith("Disable")][0]
    disabled = apply_edits(text, edits_of(action, uri, 1))
    assert disabled == (
        "## Impact\nCustomers could not pay\n"
        "<!-- prelimlint-disable-next-line unsafe.internal-host -->\n"
        "after db-1.prod.internal failed.\n"
    )
    replace_all(client, uri, 2, disabled)
    assert "unsafe.internal-host" not in codes((await pull(client, uri)).items)


async def test_insert_missing_section_adds_heading_and_prompt_in_order(
    client: LanguageClient, workspace: Path
):
    text = (
        "# Checkout errors\n\n## Impact\nCustomers could not pay.\n\n"
        "## Monitoring\nWe watch error rates.\n"
    )
    uri = open_draft(client, workspace / "insert.md", text)
    missing = [d for d in (await pull(client, uri)).items if d.code == "structure.timeline"][0]
    actions = await actions_at(client, uri, missing)
    titles = [a.title for a in actions]
    assert titles == [
        "Insert missing section: Timeline",
        "Disable structure.timeline for this file",
    ]
    inserted = apply_edits(text, edits_of(actions[0], uri, 1))
    # after Impact and before Monitoring, as the guidance orders them (synthetic rules keep the ids)
    assert inserted == (
        "# Checkout errors\n\n## Impact\nCustomers could not pay.\n\n## Timeline\n\n"
        "Detected: about HH:MM UTC. Resolved: about HH:MM UTC.\n\n"
        "## Monitoring\nWe watch error rates.\n"
    )
    replace_all(client, uri, 2, inserted)
    assert "structure.timeline" not in codes((await pull(client, uri)).items)


async def test_disable_for_the_file_silences_a_document_level_finding(
    client: LanguageClient, workspace: Path
):
    text = "---\nincident: X-1\n---\n# Checkout errors\n\n## Impact\nCustomers could not pay.\n"
    uri = open_draft(client, workspace / "file.md", text)
    missing = [d for d in (await pull(client, uri)).items if d.code == "structure.monitoring"][0]
    action = [a for a in await actions_at(client, uri, missing) if a.title.startswith("Disable")][0]
    disabled = apply_edits(text, edits_of(action, uri, 1))
    assert disabled.startswith(
        "---\nincident: X-1\n---\n<!-- prelimlint-disable-file structure.monitoring -->\n\n#"
    )
    replace_all(client, uri, 2, disabled)
    assert "structure.monitoring" not in codes((await pull(client, uri)).items)


async def test_hover_explains_the_rule_with_a_good_example(client: LanguageClient, workspace: Path):
    uri = open_draft(client, workspace / "hover.md", DRAFT)
    await pull(client, uri)
    line = DRAFT.splitlines()[8]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(8, line.index("caused") + 2),
        )
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    assert value.startswith("**speculation.root-cause** · speculation · error")
    assert "A synthetic rule, so that editing the built-in pack never breaks these tests." in value
    assert "````text\nThe cause is under investigation.\n````" in value
    assert text_of_range(DRAFT, hover.range) == "caused by"
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 2)
        )
    )
    assert nothing is None


async def test_completion_at_a_line_start_offers_the_missing_sections(
    client: LanguageClient, workspace: Path
):
    text = "# Checkout errors\n\n## Impact\nCustomers could not pay.\n\n## \n"
    uri = open_draft(client, workspace / "complete.md", text)
    await pull(client, uri)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(5, 3)
        )
    )
    items = {item.label: item for item in result.items}
    assert sorted(items) == ["Monitoring", "Timeline"]
    timeline = items["Timeline"]
    assert timeline.insert_text_format == types.InsertTextFormat.Snippet
    assert (
        timeline.text_edit.new_text
        == "## Timeline\n\n${1:Detected: about HH:MM UTC. Resolved: about HH:MM UTC.}"
    )
    assert timeline.text_edit.range == types.Range(types.Position(5, 0), types.Position(5, 3))
    inside = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(3, 10)
        )
    )
    assert inside is None or not inside.items  # not in the middle of a sentence


async def test_document_symbols_outline_sections_and_required_elements(
    client: LanguageClient, workspace: Path
):
    text = (
        "# Checkout errors\n\n## Impact\nCustomers could not pay.\n\n"
        "### Detail\nMore.\n\n## Monitoring\nTBD\n"
    )
    uri = open_draft(client, workspace / "symbols.md", text)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    required, title = symbols
    assert required.name == "Required elements" and required.detail == "1 of 3 present"
    assert [c.name for c in required.children] == [
        "✓ Impact",  # in reading order, as `prelimlint new` writes them
        "✗ Timeline (missing)",
        "✗ Monitoring (empty)",
    ]
    assert text_of_range(text, required.children[0].range) == "## Impact"
    assert title.name == "Checkout errors"
    impact, monitoring = title.children
    assert (impact.name, impact.detail) == ("Impact", "required: Impact ✓")
    assert [c.name for c in impact.children] == ["Detail"]
    assert (monitoring.name, monitoring.detail) == ("Monitoring", "required: Monitoring ✗")
    assert text_of_range(text, impact.selection_range) == "## Impact"


async def test_requests_for_unknown_or_foreign_documents_return_nothing(
    client: LanguageClient, workspace: Path
):
    unknown = (workspace / "never-opened.md").as_uri()
    assert list((await pull(client, unknown)).items) == []
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=unknown), position=types.Position(0, 0)
        )
    )
    assert hover is None
    # positions far outside the draft are clamped, not an error
    uri = open_draft(client, workspace / "short.md", "Short.\n")
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(900, 5), types.Position(901, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert found is None or isinstance(found, list)
    await asyncio.sleep(0)
