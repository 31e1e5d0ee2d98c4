"""A progress bar for long batch runs, on a terminal's stderr only.

It stays silent for the first moment (``delay``), so quick runs and pipes print nothing,
and it erases itself when the run ends so the report starts on a clean line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """``update(done, total)`` after each file; ``close()`` at the end."""

    def __init__(
        self,
        stream: TextIO,
        *,
        delay: float = 0.5,
        width: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.delay = delay
        self.width = width
        self.clock = clock
        self.started = clock()
        self.last_drawn = -1.0
        self.shown = False

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.delay or (now - self.last_drawn < 0.1 and done < total):
            return
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\rprelimlint [{bar}] {done}/{total} files")
        self.stream.flush()
        self.last_drawn = now
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
