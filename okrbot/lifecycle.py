"""Stopping on SIGTERM and SIGINT, as `okrbot serve` and `okrbot jobs run` do: the signal sets
one event that every part watches (the scheduler's runners drain on it); while the main thread
runs a server loop, the signal also interrupts that loop."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

log = logging.getLogger(__name__)


class Stopping:
    def __init__(self, event: threading.Event | None = None) -> None:
        self.event = event or threading.Event()
        self._interrupt = False

    def is_set(self) -> bool:
        return self.event.is_set()

    @contextmanager
    def handling_signals(self) -> Iterator[None]:
        """Handle SIGTERM and SIGINT inside (from the main thread only, as Python requires):
        also what makes SIGTERM work at all as PID 1 in a container, where a signal without a
        handler is ignored. The handlers before are put back on leaving."""
        before = {s: signal.signal(s, self._handle) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for signum, handler in before.items():
                signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = not self.event.is_set()
        self.event.set()
        if first:
            log.info("%s received: stopping", signal.Signals(signum).name)
        if self._interrupt and first:
            raise KeyboardInterrupt

    @contextmanager
    def interrupting_main(self) -> Iterator[None]:
        """Inside, a signal also raises KeyboardInterrupt in the main thread (once)."""
        self._interrupt = True
        try:
            yield
        except KeyboardInterrupt:
            if not self.event.is_set():
                raise
        finally:
            self._interrupt = False
