"""End-to-end helpers: a real LSP client (pytest-lsp) talking to ``prelimlint lsp`` over stdio."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES

SERVER = [sys.executable, "-m", "prelimlint", "lsp", "--log-level", "debug"]
PUSH_CLIENT = "neovim@v0.7.0"  # pushed diagnostics only
PULL_CLIENT = (
    "visual-studio-code+pull"  # VS Code's capabilities plus pull diagnostics (languageclient 8+)
)
TIMEOUT = 60.0  # generous: the first lint loads spaCy and compiles the rules


@dataclass
class Recorder:
    """What the server sent that the default pytest-lsp client does not keep."""

    published: list[types.PublishDiagnosticsParams] = field(default_factory=list)
    registrations: list[types.Registration] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.recorder = Recorder()  # type: ignore[attr-defined]
    for method, handler in DEFAULT_CLIENT_FEATURES.items():
        if method != types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS:
            client.feature(method)(handler)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.recorder.published.append(params)  # type: ignore[attr-defined]
        client.recorder.arrived.set()  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.recorder.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister(params: types.UnregistrationParams) -> None:
        gone = {u.id for u in params.unregisterations}
        kept = [r for r in client.recorder.registrations if r.id not in gone]  # type: ignore[attr-defined]
        client.recorder.registrations[:] = kept  # type: ignore[attr-defined]

    return client


def server_config(**environment: str) -> ClientServerConfig:
    env = dict(os.environ, **environment)
    return ClientServerConfig(server_command=SERVER, client_factory=make_client, server_env=env)


def capabilities(spec: str, encodings: list[str] | None = None) -> types.ClientCapabilities:
    spec, _, extra = spec.partition("+")
    caps = client_capabilities(spec)
    if extra == "pull":  # pytest-lsp's VS Code 1.65 predates LSP 3.17's pull diagnostics
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
            dynamic_registration=True
        )
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
            refresh_support=True
        )
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    return caps


async def initialize(
    client: LanguageClient,
    spec: str = PUSH_CLIENT,
    *,
    root: Path | None = None,
    options: dict | None = None,
    encodings: list[str] | None = None,
    folders: list[Path] | None = None,
) -> types.InitializeResult:
    params = types.InitializeParams(
        capabilities=capabilities(spec, encodings),
        root_uri=root.as_uri() if root else None,
        workspace_folders=[
            types.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders or []
        ]
        or None,
        initialization_options=options,
    )
    return await client.initialize_session(params)


def open_draft(
    client: LanguageClient, path: Path, text: str, language: str = "markdown", version: int = 1
) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=version, text=text
            )
        )
    )
    return uri


def change(
    client: LanguageClient,
    uri: str,
    version: int,
    start: tuple[int, int],
    end: tuple[int, int],
    text: str,
) -> None:
    """An incremental change: replace (line, character)..(line, character) with ``text``."""
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(*start), types.Position(*end)), text=text
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[edit],
        )
    )


def replace_all(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(
    client: LanguageClient, uri: str, version: int | None = None, timeout: float = TIMEOUT
) -> types.PublishDiagnosticsParams:
    """The first diagnostics published for ``uri`` (at ``version``) not consumed before."""
    recorder: Recorder = client.recorder  # type: ignore[attr-defined]
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for params in recorder.published:
            if params.uri == uri and (version is None or params.version == version):
                return params
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            seen = [(p.uri.rsplit("/", 1)[-1], p.version) for p in recorder.published]
            raise AssertionError(f"no diagnostics for {uri} version {version}; got {seen}")
        recorder.arrived.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(recorder.arrived.wait(), remaining)


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def covered(text: str, diagnostic: types.Diagnostic) -> str:
    """The text a diagnostic's range covers (UTF-16 positions)."""
    return text_of_range(text, diagnostic.range)


def text_of_range(text: str, lsp_range: types.Range) -> str:
    return text[offset_of(text, lsp_range.start) : offset_of(text, lsp_range.end)]


def offset_of(text: str, position: types.Position) -> int:
    """Code-point offset of a UTF-16 position, computed independently of the server's code."""
    lines = text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return offset + index
        units += len(char.encode("utf-16-le")) // 2
    return offset + len(line.rstrip("\r\n"))


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16) the way an editor does: from the last to the first."""
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = offset_of(text, edit.range.start), offset_of(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


RULES = {
    "speculation.root-cause": """\
        severity: error
        kind: phrase
        phrases: [caused by, root cause]
        message: "'{match}' names a cause; say it is under investigation."
        fix:
          replace: The cause is under investigation.
          scope: sentence
          safe: false
          description: Replace the sentence with a pending-investigation statement
        examples:
          bad: [It was caused by a deploy.]
          good: [The cause is under investigation.]
        """,
    "unsafe.internal-host": """\
        severity: warning
        kind: regex
        patterns: ['\\b[a-z0-9-]+\\.prod\\.internal\\b']
        message: "'{match}' is an internal host name."
        examples:
          bad: [We restarted db-1.prod.internal.]
          good: [We restarted the database.]
        """,
    "style.hedge": """\
        severity: info
        kind: phrase
        phrases: [we suspect]
        message: "'{match}' is a guess."
        examples:
          bad: [We suspect the cache.]
          good: [We are investigating.]
        """,
    "structure.impact": """\
        severity: error
        kind: required-section
        title: Impact
        prompt: Which services were affected, and what did customers experience?
        headings: ['\\bimpact\\b', '\\baffected\\b']
        message: Say which services were affected and what customers experienced.
        examples:
          bad: ["# T\\n\\nNothing.\\n"]
          good: ["## Impact\\nCustomers could not pay.\\n"]
        """,
    "structure.timeline": """\
        severity: error
        kind: required-section
        title: Timeline
        prompt: "Detected: about HH:MM UTC. Resolved: about HH:MM UTC."
        headings: ['\\btimeline\\b', '^when$']
        message: Give the approximate detection and resolution times.
        examples:
          bad: ["# T\\n\\nNothing.\\n"]
          good: ["## Timeline\\nDetected 14:00 UTC.\\n"]
        """,
    "structure.monitoring": """\
        severity: error
        kind: required-section
        title: Monitoring
        prompt: What is being watched now, by whom, and for how long?
        headings: ['\\bmonitoring\\b']
        message: Say what is being monitored now.
        examples:
          bad: ["# T\\n\\nNothing.\\n"]
          good: ["## Monitoring\\nWe watch error rates.\\n"]
        """,
}


def write_rule(folder: Path, rule_id: str, body: str) -> Path:
    """A rule file ``<category>/<name>.yml`` with the common keys filled in."""
    import textwrap

    category, name = rule_id.split(".", 1)
    path = folder / category / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"id: {rule_id}\ncategory: {category}\nsummary: Test rule {rule_id}.\n"
        "rationale: A synthetic rule, so that editing the built-in pack never breaks these tests.\n"
    )
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


def make_workspace(root: Path, rules: dict[str, str] | None = None, extra_config: str = "") -> Path:
    """A workspace folder (a git root) whose config uses only the synthetic rules."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)
    for rule_id, body in (RULES if rules is None else rules).items():
        write_rule(root / "rules", rule_id, body)
    (root / ".prelimlint.yaml").write_text(
        f"builtin-rules: false\nextra-rules: [rules]\n{extra_config}", encoding="utf-8"
    )
    return root


DRAFT = """\
# Preliminary Analysis: checkout errors

## Impact
Customers could not complete checkout between 14:05 and 14:50 UTC.

## How service was restored
Engineers restarted db-primary.prod.internal and replayed held payments.

The outage was caused by a bad deploy. We suspect the cache too.
"""
