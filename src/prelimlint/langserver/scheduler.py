"""When to lint which draft: debounced, newest edit first, off the event loop, never stale.

One worker thread lints (spaCy is CPU-bound and a pipeline must not run in two threads at
once). A draft marked dirty gets a due time: at once when it was quiet for ``debounce``
seconds (the keystroke after a pause is linted immediately), otherwise ``debounce`` after
its latest edit (a burst of edits is linted once). Among due drafts the most recently
edited goes first. An edit that arrives while its draft is being linted makes that lint
stale: its result is dropped, never published, and the newer text is linted next. Results
are kept per draft for code actions, hover and pull diagnostics.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["LintScheduler", "Snapshot"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of one draft, as handed to the lint thread."""

    uri: str
    version: int
    text: str
    path: Path | None
    syntax: str
    generation: int  # bumped when settings or config change: older results are stale too

    @property
    def stamp(self) -> tuple[int, int]:
        return self.version, self.generation


class LintScheduler:
    """Runs ``lint(snapshot)`` in a worker thread and hands fresh results to ``deliver``."""

    def __init__(
        self,
        snapshot_of: Callable[[str], Snapshot | None],
        lint: Callable[[Snapshot], Any],
        deliver: Callable[[Any], None],
        debounce: float = 0.05,
    ) -> None:
        self._snapshot_of = snapshot_of
        self._lint = lint
        self._deliver = deliver
        self.debounce = debounce
        self._due: dict[str, float] = {}
        self._last_change: dict[str, float] = {}
        self._results: dict[str, Any] = {}  # uri -> result whose .snapshot is the linted Snapshot
        self._running: str | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prelimlint-lint")
        self._wake: asyncio.Event | None = None
        self._delivered: asyncio.Condition | None = None
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        """Start the lint loop on the running event loop."""
        if self._task is None:
            self._wake = asyncio.Event()
            self._delivered = asyncio.Condition()
            self._task = asyncio.get_running_loop().create_task(
                self._loop(), name="prelimlint-lint-loop"
            )

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def prepare(self, work: Callable[[], object]) -> None:
        """Run ``work`` (e.g. loading rules) in the lint thread before the first draft arrives."""
        self.start()
        future = asyncio.get_running_loop().run_in_executor(self._executor, work)
        future.add_done_callback(_log_failure)

    def touch(self, uri: str, *, edited: bool = False) -> None:
        """Mark a draft dirty; ``edited`` drafts are debounced, others are due now."""
        self.start()
        now = asyncio.get_running_loop().time()
        due = now
        if edited:
            last = self._last_change.get(uri)
            if last is not None and now - last < self.debounce:
                due = now + self.debounce
        self._last_change[uri] = now if edited else self._last_change.get(uri, now)
        self._due[uri] = due
        if self._wake is not None:
            self._wake.set()

    def forget(self, uri: str) -> None:
        """A draft was closed: drop its work and results, and wake whoever waits for them."""
        self._due.pop(uri, None)
        self._last_change.pop(uri, None)
        self._results.pop(uri, None)
        if self._task is not None:
            asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        assert self._delivered is not None
        async with self._delivered:
            self._delivered.notify_all()

    def result(self, uri: str) -> Any | None:
        """The latest result for the draft's current text and settings, or None."""
        result = self._results.get(uri)
        snapshot = self._snapshot_of(uri)
        if result is None or snapshot is None or result.snapshot.stamp != snapshot.stamp:
            return None
        return result

    async def current(self, uri: str, timeout: float = 10.0) -> Any | None:
        """Wait (up to ``timeout``) for the result of the draft's current version."""
        if self.result(uri) is None and uri not in self._due and self._running != uri:
            self.touch(uri)
        assert self._delivered is not None
        try:
            async with self._delivered:
                await asyncio.wait_for(
                    self._delivered.wait_for(lambda: self._settled(uri)), timeout
                )
        except TimeoutError:
            log.warning("no lint result for %s within %.0f s", uri, timeout)
        return self.result(uri)

    def _settled(self, uri: str) -> bool:
        return self.result(uri) is not None or self._snapshot_of(uri) is None

    async def _loop(self) -> None:
        assert self._wake is not None
        while True:
            uri = self._next_due()
            if uri is None:
                await self._sleep()
                continue
            try:
                await self._run(uri)
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must survive anything a lint or a delivery throws
                log.exception("linting %s failed", uri)

    def _next_due(self) -> str | None:
        now = asyncio.get_running_loop().time()
        ready = [uri for uri, due in self._due.items() if due <= now]
        if not ready:
            return None
        uri = max(ready, key=lambda u: self._last_change.get(u, 0.0))
        del self._due[uri]
        return uri

    async def _sleep(self) -> None:
        assert self._wake is not None
        self._wake.clear()
        timeout = None
        if self._due:
            timeout = max(0.0, min(self._due.values()) - asyncio.get_running_loop().time())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def _run(self, uri: str) -> None:
        snapshot = self._snapshot_of(uri)
        if snapshot is None:
            return
        self._running = uri
        try:
            result = await asyncio.get_running_loop().run_in_executor(
                self._executor, self._lint, snapshot
            )
        finally:
            self._running = None
        latest = self._snapshot_of(uri)
        if latest is None or latest.stamp != snapshot.stamp:
            log.debug("dropped a stale result for %s version %s", uri, snapshot.version)
            return
        self._results[uri] = result
        self._deliver(result)
        await self._notify()


def _log_failure(done: asyncio.Future) -> None:
    if not done.cancelled() and done.exception() is not None:
        log.error("preparing the linter failed: %s", done.exception())
