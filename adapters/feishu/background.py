"""Work that must not hold up Feishu's 3-second answer: run on a small pool of threads."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)


class Background:
    def __init__(self, workers: int = 8) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="feishu")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, work: Callable[[], None]) -> None:
        with self._idle:
            self._pending += 1
        self._pool.submit(self._run, work)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until everything submitted so far has run; False if it took too long."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception:
            log.exception("feishu: background work failed")
        finally:
            with self._idle:
                self._pending -= 1
                self._idle.notify_all()
