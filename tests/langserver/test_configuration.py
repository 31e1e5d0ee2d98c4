"""Settings from the editor, config files found as the CLI finds them, re-linting on changes."""

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
    RULES,
    change,
    codes,
    initialize,
    make_workspace,
    open_draft,
    published,
    server_config,
)


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def pull(client: LanguageClient, uri: str):
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def configure(client: LanguageClient, settings: dict) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"prelimlint": settings})
    )


def files_changed(client: LanguageClient, *paths: Path) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)
                for path in paths
            ]
        )
    )


async def until(predicate, timeout: float = 30.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.mark.asyncio
async def test_threshold_and_enable_settings_apply_at_once(client: LanguageClient, tmp_path: Path):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(
        client, root=workspace, options={"prelimlint": {"severityThreshold": "warning"}}
    )
    uri = open_draft(client, workspace / "draft.md", DRAFT)
    first = await published(client, uri, 1)
    assert "style.hedge" not in codes(first.diagnostics)  # info is below the threshold
    assert "unsafe.internal-host" in codes(first.diagnostics)
    count = len(client.recorder.published)
    configure(client, {"severityThreshold": "info"})
    await until(lambda: len(client.recorder.published) > count)
    assert "style.hedge" in codes(client.recorder.published[-1].diagnostics)
    count = len(client.recorder.published)
    configure(client, {"enable": False})
    await until(lambda: len(client.recorder.published) > count)
    assert list(client.recorder.published[-1].diagnostics) == []
    change(client, uri, 2, (0, 0), (0, 0), "x")  # disabled: edits are not linted
    await asyncio.sleep(0.5)
    assert list(client.recorder.published[-1].diagnostics) == []
    configure(client, {"enable": True})
    params = await published(client, uri, 2)
    assert "unsafe.internal-host" in codes(params.diagnostics)


@pytest.mark.asyncio
async def test_a_broken_then_fixed_config_file_is_reported_once_and_recovers(
    client: LanguageClient, tmp_path: Path
):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(client, PULL_CLIENT, root=workspace)
    uri = open_draft(client, workspace / "draft.md", DRAFT)
    assert "style.hedge" in codes((await pull(client, uri)).items)
    await until(lambda: client.recorder.registrations)  # file watchers registered dynamically
    watchers = client.recorder.registrations[-1].register_options["watchers"]
    patterns = [w["globPattern"] for w in watchers]
    assert "**/.prelimlint.yaml" in patterns and "**/pyproject.toml" in patterns
    assert f"{(workspace / 'rules').resolve().as_posix()}/**/*.{{yml,yaml}}" in patterns

    config = workspace / ".prelimlint.yaml"
    config.write_text(
        "builtin-rules: false\nextra-rules: [rules]\nignor: [style.hedge]\n", encoding="utf-8"
    )
    files_changed(client, config)
    report = await pull(client, uri)
    (problem,) = report.items
    assert problem.severity == types.DiagnosticSeverity.Error
    assert "unknown setting 'ignor' (did you mean 'ignore'?)" in problem.message
    assert problem.related_information[0].location.uri == config.resolve().as_uri()
    assert problem.related_information[0].location.range.start.line == 2
    await until(lambda: client.messages)
    assert client.diagnostic_refresh_count >= 1  # the client is told to pull again
    change(client, uri, 2, (0, 0), (0, 0), "x")
    assert len((await pull(client, uri)).items) == 1
    shown = [m for m in client.messages if "ignor" in m.message]
    assert len(shown) == 1 and shown[0].type == types.MessageType.Error  # once, not per keystroke

    config.write_text(
        "builtin-rules: false\nextra-rules: [rules]\nignore: [style.hedge]\n", encoding="utf-8"
    )
    files_changed(client, config)
    fixed = codes((await pull(client, uri)).items)
    assert "unsafe.internal-host" in fixed and "style.hedge" not in fixed


@pytest.mark.asyncio
async def test_an_edited_rule_file_is_picked_up(client: LanguageClient, tmp_path: Path):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(client, PULL_CLIENT, root=workspace)
    uri = open_draft(client, workspace / "draft.md", DRAFT)
    host = [d for d in (await pull(client, uri)).items if d.code == "unsafe.internal-host"][0]
    assert host.message == "'db-primary.prod.internal' is an internal host name."
    rule = workspace / "rules" / "unsafe" / "internal-host.yml"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("is an internal host name", "names a server"),
        encoding="utf-8",
    )
    files_changed(client, rule, workspace / "unrelated.yml")
    await until(lambda: client.diagnostic_refresh_count >= 1)
    host = [d for d in (await pull(client, uri)).items if d.code == "unsafe.internal-host"][0]
    assert host.message == "'db-primary.prod.internal' names a server."


@pytest.mark.asyncio
async def test_a_config_edited_without_a_watcher_event_applies_on_the_next_edit(
    client: LanguageClient, tmp_path: Path
):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(client, root=workspace)  # Neovim 0.7: no file watching
    uri = open_draft(client, workspace / "draft.md", DRAFT)
    assert "style.hedge" in codes((await published(client, uri, 1)).diagnostics)
    config = workspace / ".prelimlint.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "ignore: [style.hedge, unsafe]\n", encoding="utf-8"
    )
    change(client, uri, 2, (0, 0), (0, 0), "x")
    found = codes((await published(client, uri, 2)).diagnostics)
    assert "style.hedge" not in found and "unsafe.internal-host" not in found
    assert "speculation.root-cause" in found


@pytest.mark.asyncio
async def test_each_workspace_folder_uses_its_own_config(client: LanguageClient, tmp_path: Path):
    first = make_workspace(tmp_path / "first", extra_config="ignore: [style.hedge]\n")
    second = make_workspace(
        tmp_path / "second", rules={"unsafe.internal-host": RULES["unsafe.internal-host"]}
    )
    await initialize(client, folders=[first, second])
    one = open_draft(client, first / "draft.md", DRAFT)
    two = open_draft(client, second / "notes" / "draft.md", DRAFT)
    assert codes((await published(client, one, 1)).diagnostics) == [
        "speculation.root-cause",
        "structure.monitoring",
        "structure.timeline",
        "unsafe.internal-host",
    ]
    assert codes((await published(client, two, 1)).diagnostics) == ["unsafe.internal-host"]


@pytest.mark.asyncio
async def test_a_model_that_cannot_load_is_one_diagnostic_and_one_message(
    client: LanguageClient, tmp_path: Path
):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(
        client, root=workspace, options={"prelimlint": {"model": "no_such_spacy_pipeline"}}
    )
    uri = open_draft(client, workspace / "draft.md", DRAFT)
    (problem,) = (await published(client, uri, 1)).diagnostics
    assert "cannot load the spaCy pipeline 'no_such_spacy_pipeline'" in problem.message
    await until(lambda: client.messages)
    assert "no_such_spacy_pipeline" in client.messages[0].message
    configure(client, {"model": None})  # back to the default pipeline
    await until(
        lambda: (
            client.recorder.published[-1].diagnostics
            and client.recorder.published[-1].diagnostics[0].code != "prelimlint"
        )
    )
    assert "unsafe.internal-host" in codes(client.recorder.published[-1].diagnostics)


@pytest.mark.asyncio
async def test_bad_setting_values_are_reported_and_ignored(client: LanguageClient, tmp_path: Path):
    workspace = make_workspace(tmp_path / "ws")
    await initialize(
        client,
        root=workspace,
        options={"prelimlint": {"severityThreshold": "loud", "enable": "yes", "colour": 1}},
    )
    uri = open_draft(client, workspace / "draft.md", DRAFT)
    assert "style.hedge" in codes((await published(client, uri, 1)).diagnostics)  # defaults kept
    text = " | ".join(m.message for m in client.messages)
    assert "'prelimlint.severityThreshold' is 'loud'" in text
    assert "'prelimlint.enable' must be true or false" in text
    assert "unknown setting 'prelimlint.colour'" in text
