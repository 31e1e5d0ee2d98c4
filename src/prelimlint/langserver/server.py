"""The prelimlint language server: state, and thin LSP handlers that delegate to the other modules.

``create_server()`` builds a fresh server; nothing is created at import time. Linting runs
in one worker thread (``scheduler``); handlers only update state, wait for the result of the
current version and convert. Diagnostics are pulled (``textDocument/diagnostic``) when the
client can pull, and pushed (``textDocument/publishDiagnostics``) otherwise, so no editor
shows them twice. A client that can pull but cannot be asked to pull again
(``workspace/diagnostic/refresh``) gets pushed diagnostics, so a config change shows at once.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path

from lsprotocol import types
from pygls.exceptions import FeatureRequestError
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..document import Document, parse_document
from .actions import code_actions
from .completion import TRIGGER_CHARACTERS, completions
from .documents import DocumentStore, path_of
from .hover import hover
from .linting import LintResult, lint_snapshot
from .logs import ClientLogHandler
from .protocol import HardenedProtocol
from .scheduler import LintScheduler, Snapshot
from .settings import SECTION, Settings, parse_settings
from .symbols import document_symbols
from .workspace import LinterPool, watchers_for

__all__ = ["PrelimlintServer", "create_server"]

log = logging.getLogger(__name__)


class PrelimlintServer(LanguageServer):
    protocol: HardenedProtocol

    """Open drafts, settings, linters and the lint scheduler of one editor session."""

    def __init__(self, debounce: float = 0.05) -> None:
        super().__init__(
            "prelimlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=HardenedProtocol,
        )
        self.documents = DocumentStore()
        self.settings = Settings()
        self.generation = 0
        self.encoding = "utf-16"
        self.pull_mode = False
        self.pool = LinterPool(self._workspace_folders)
        self.scheduler = LintScheduler(self._snapshot, self._lint, self._deliver, debounce)
        self.log_handler = ClientLogHandler(self.window_log_message)
        self._shown_problems: set[str] = set()
        self._pending_messages: list[str] = []
        self._watching: tuple[str, frozenset] | None = None  # (registration id, watched patterns)

    def report_server_error(self, error: Exception, source) -> None:
        """A message pygls could not read or handle: log it; tell the user once per kind."""
        if (
            source is FeatureRequestError
        ):  # the request got an error response; the log has the traceback
            return
        self.protocol.answer_parse_error(error)
        cause = error.__cause__ or error
        detail = f"{type(error).__name__}: {error}" + (
            f" ({type(cause).__name__})" if cause is not error else ""
        )
        log.error("ignored a message from the editor that could not be handled: %s", detail)
        message = f"prelimlint ignored a message it could not handle ({error}); see its log"
        kind = f"ignored {type(error).__name__}"  # one message per kind, not per broken message
        if kind not in self._shown_problems:
            self._shown_problems.add(kind)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=message)
            )

    # ------------------------------------------------------------------ state

    def _workspace_folders(self) -> list[Path]:
        try:
            folders = [path_of(f.uri) for f in self.workspace.folders.values()]
            root = path_of(self.workspace.root_uri) if self.workspace.root_uri else None
        except RuntimeError:  # not initialized yet
            return []
        return [p for p in [*folders, root] if p is not None]

    def _snapshot(self, uri: str) -> Snapshot | None:
        document = self.documents.get(uri)
        if document is None or document.syntax is None or not self.settings.enable:
            return None
        return Snapshot(
            uri, document.version, document.text, document.path, document.syntax, self.generation
        )

    def _lint(self, snapshot: Snapshot) -> LintResult:
        return lint_snapshot(snapshot, self.pool, self.settings, self.encoding)

    def _deliver(self, result: LintResult) -> None:
        if result.problem and result.problem not in self._shown_problems:
            self._shown_problems.add(result.problem)
            log.error("%s: %s", result.snapshot.uri, result.problem)
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"prelimlint: {result.problem}"
                )
            )
        if not self.pull_mode:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=result.snapshot.uri,
                    version=result.snapshot.version,
                    diagnostics=list(result.diagnostics),
                )
            )
        self._update_watchers()

    def document_of(self, result: LintResult) -> Document:
        """The parsed draft a result was computed from (cheap: the linter's parse cache)."""
        snapshot = result.snapshot
        cache = result.linter.parse_cache if result.linter else None
        return parse_document(
            snapshot.text, str(snapshot.path) if snapshot.path else None, snapshot.syntax, cache
        )

    def relint_all(self) -> None:
        """Settings or configuration changed: every open draft is linted again."""
        self.generation += 1
        self._shown_problems.clear()
        for document in self.documents:
            if document.syntax is None:
                continue
            if self.settings.enable:
                self.scheduler.touch(document.uri)
            elif not self.pull_mode:
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(
                        uri=document.uri, version=document.version, diagnostics=[]
                    )
                )
        if self.pull_mode and _supports(
            self.client_capabilities, "workspace.diagnostics.refresh_support"
        ):
            self.workspace_diagnostic_refresh(None)

    def apply_settings(self, raw, *, initial: bool = False) -> None:
        settings, problems = parse_settings(raw, self.settings)
        for problem in problems:
            log.warning("%s", problem)
            if initial:
                self._pending_messages.append(problem)
            else:
                self.window_show_message(
                    types.ShowMessageParams(
                        type=types.MessageType.Warning, message=f"prelimlint: {problem}"
                    )
                )
        if settings != self.settings:
            log.info("settings: %s", settings)
            self.settings = settings
            if not initial:
                self.relint_all()

    async def fetch_settings(self) -> None:
        """Ask the client for the ``prelimlint`` section (for clients that send no values)."""
        try:
            values = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
        except Exception:  # noqa: BLE001 - an old client may not answer; keep the settings we have
            log.warning("the client did not answer workspace/configuration", exc_info=True)
            return
        if values and values[0] is not None:
            self.apply_settings(values[0])

    def _update_watchers(self) -> None:
        if not _supports(
            self.client_capabilities, "workspace.did_change_watched_files.dynamic_registration"
        ):
            return
        relative = bool(
            _supports(
                self.client_capabilities,
                "workspace.did_change_watched_files.relative_pattern_support",
            )
        )
        watchers = watchers_for(self.pool.config_paths(), self.pool.rule_folders(), relative)
        patterns = frozenset(repr(w.glob_pattern) for w in watchers)
        if self._watching is not None and self._watching[1] == patterns:
            return
        previous = self._watching[0] if self._watching else None
        registration = str(uuid.uuid4())
        self._watching = (registration, patterns)
        asyncio.get_running_loop().create_task(
            self._register_watchers(previous, registration, watchers)
        )

    async def _register_watchers(self, previous: str | None, registration: str, watchers) -> None:
        method = types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        try:
            if previous is not None:
                await self.client_unregister_capability_async(
                    types.UnregistrationParams(
                        unregisterations=[types.Unregistration(id=previous, method=method)]
                    )
                )
            await self.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id=registration,
                            method=method,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=watchers
                            ),
                        )
                    ]
                )
            )
        except Exception:  # noqa: BLE001 - without watchers the config is still re-read when it changes
            log.warning("could not register file watchers", exc_info=True)


def _supports(capabilities: types.ClientCapabilities | None, dotted: str) -> object:
    value: object = capabilities
    for name in dotted.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def create_server(debounce: float = 0.05) -> PrelimlintServer:
    """A new language server; ``debounce``: the quiet time (seconds) that separates edit bursts."""
    server = PrelimlintServer(debounce)
    _register_lifecycle(server)
    _register_documents(server)
    _register_features(server)
    return server


def _register_lifecycle(server: PrelimlintServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        encoding = server.workspace.position_encoding or "utf-16"
        server.encoding = str(getattr(encoding, "value", encoding))
        # pull only when the client can also be told to pull again (after a config change);
        # otherwise push, so that no client shows stale diagnostics, or both kinds twice
        server.pull_mode = bool(
            _supports(params.capabilities, "text_document.diagnostic")
            and _supports(params.capabilities, "workspace.diagnostics.refresh_support")
        )
        server.apply_settings(params.initialization_options, initial=True)
        log.info(
            "prelimlint %s: %s diagnostics, %s positions",
            __version__,
            "pull" if server.pull_mode else "push",
            server.encoding,
        )

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        server.log_handler.loop = asyncio.get_running_loop()
        server.scheduler.start()
        for message in server._pending_messages:
            server.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Warning, message=f"prelimlint: {message}"
                )
            )
        server._pending_messages.clear()
        server._update_watchers()
        folders = server._workspace_folders()
        if (
            server.settings.enable and folders
        ):  # load the rules while the editor opens its first draft
            server.scheduler.prepare(
                lambda: server.pool.choose(folders[0] / "untitled.md", server.settings)
            )

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.scheduler.stop()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if (
            isinstance(raw, dict)
            and SECTION in raw
            or not _supports(server.client_capabilities, "workspace.configuration")
        ):
            server.apply_settings(raw)
        else:  # "something changed": ask for the values
            await server.fetch_settings()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        paths = [path_of(change.uri) for change in params.changes]
        relevant = [p for p in paths if p is not None and server.pool.is_relevant(p)]
        if relevant:
            log.info(
                "configuration changed (%s): linting open drafts again",
                ", ".join(map(str, relevant)),
            )
            server.pool.forget()
            server.relint_all()


def _register_documents(server: PrelimlintServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        document = server.documents.open(params.text_document)
        if document.syntax is not None:
            server.scheduler.touch(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        document = server.documents.change(params, server.encoding)
        if document is not None and document.syntax is not None:
            server.scheduler.touch(document.uri, edited=True)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        document = server.documents.get(params.text_document.uri)
        if document is not None and document.syntax is not None:
            server.scheduler.touch(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if server.documents.close(uri) is None:
            log.warning("ignored closing %s, which is not open", uri)
            return
        server.scheduler.forget(uri)
        if not server.pull_mode:
            server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )


def _register_features(server: PrelimlintServer) -> None:
    capabilities = lambda dotted: _supports(server.client_capabilities, dotted)  # noqa: E731

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="prelimlint", inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    async def diagnostic(params: types.DocumentDiagnosticParams):
        uri = params.text_document.uri
        result = await server.scheduler.current(uri) if server._snapshot(uri) else None
        if result is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = f"{result.snapshot.generation}:{result.snapshot.version}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=list(result.diagnostics), result_id=result_id
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    async def code_action(params: types.CodeActionParams):
        only = params.context.only
        if only and not any(
            str(types.CodeActionKind.QuickFix).startswith(str(kind)) for kind in only
        ):
            return None
        if not capabilities("text_document.code_action.code_action_literal_support"):
            return None
        result = await _current(server, params.text_document.uri)
        if result is None:
            return None
        versioned = bool(capabilities("workspace.workspace_edit.document_changes"))
        return code_actions(result, server.document_of(result), params.range, versioned) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(params: types.HoverParams):
        result = await _current(server, params.text_document.uri)
        if result is None:
            return None
        formats = list(capabilities("text_document.hover.content_format") or [])  # type: ignore[call-overload]
        return hover(result, params.position, types.MarkupKind.Markdown in formats or not formats)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS),
    )
    async def completion(params: types.CompletionParams):
        result = await _current(server, params.text_document.uri)
        if result is None:
            return None
        snippets = bool(capabilities("text_document.completion.completion_item.snippet_support"))
        items = completions(result, server.document_of(result), params.position, snippets)
        return types.CompletionList(is_incomplete=False, items=items) if items else None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def symbols(params: types.DocumentSymbolParams):
        result = await _current(server, params.text_document.uri)
        if result is None:
            return None
        hierarchical = bool(
            capabilities("text_document.document_symbol.hierarchical_document_symbol_support")
        )
        return document_symbols(result, server.document_of(result), hierarchical)


async def _current(server: PrelimlintServer, uri: str) -> LintResult | None:
    """The lint result for the draft's current version (None when it is not a draft we lint)."""
    if server._snapshot(uri) is None:
        return None
    return await server.scheduler.current(uri)
