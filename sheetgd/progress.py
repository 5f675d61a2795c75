"""A status line for a command that takes a while (``sheetgd build``).

Shown on standard error, and only when that is a terminal: a log or a pipe
gets no progress noise (as git, pip and curl do), and the command's own
output -- on standard output -- stays what scripts read.  A step that ends
within :data:`DELAY` seconds shows nothing (no flicker when a build finds
every file unchanged); past it one line says what is being done and for
how long, rewritten in place about twice a second, and is erased when the
command ends, before anything else is printed (the results, an error, or
"interrupted").
"""

from __future__ import annotations

import sys
import threading
import time

#: Seconds before the line appears.
DELAY = 1.0
#: Seconds between two refreshes of the elapsed time.
REFRESH = 0.5


class Progress:
    """``with Progress("build") as progress: progress("making graddesc.xlsx")``.

    ``stream`` (default standard error) is written only if it is a terminal,
    or if ``force`` (for tests).  Thread-safe: a daemon thread shows and
    refreshes the line while the caller works.
    """

    def __init__(self, command: str, stream=None, *, delay: float = DELAY, force: bool = False):
        self.command, self.delay = command, delay
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = force or bool(isatty and isatty())
        self.step, self.shown = "", False
        self._start = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self) -> "Progress":
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="progress", daemon=True)
            self._thread.start()
        return self

    def __call__(self, step: str) -> None:
        """Say what the command does now."""
        with self._lock:
            self.step = step
            if self.shown:
                self._draw()

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self.shown:
                self._write("\r\033[K")
                self.shown = False

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while True:
            with self._lock:
                if self._stop.is_set():
                    return
                self.shown = True
                self._draw()
            if self._stop.wait(REFRESH):
                return

    def _draw(self) -> None:
        elapsed = time.monotonic() - self._start
        self._write(f"\r\033[K{self.command}: {self.step} ({elapsed:.0f} s)")

    def _write(self, text: str) -> None:
        if not self.enabled:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal: the command goes on
            self.enabled = False
