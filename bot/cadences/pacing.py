"""Pacing a fan-out to a platform's limits: a few worker threads share one token bucket, and a
429 from the platform pauses them all for as long as it asks."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from bot.ports import RateLimited

T = TypeVar("T")
R = TypeVar("R")

MAX_RATE_LIMIT_WAITS = 20  # 429s in a row for one message before it counts as a failure


class Pacer:
    """At most `rate` sends a second (None: as fast as the platform answers) over `workers`
    threads. Time is injected so tests never sleep."""

    def __init__(self, rate: float | None = None, *, workers: int = 1,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate = rate
        self.workers = max(1, workers)
        self._monotonic, self._sleep = monotonic, sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0  # when the next send may start
        self._paused_until = 0.0

    def stream(self, items: Iterable[T], work: Callable[[T], R]) -> Iterator[R]:
        """`work` on every item from a pool of sender threads, results as they come. Items are
        drawn only as the senders need them (a few per sender ahead), so a lazy `items` (claims
        made in batches) claims just in time. With one worker, all in the calling thread."""
        if self.workers == 1:
            for item in items:
                yield work(item)
            return
        done: queue.SimpleQueue[Future[R]] = queue.SimpleQueue()
        in_flight = 0
        # Nothing waits in the pool's queue beyond what is in flight, so leaving early (an
        # error, a crash) finishes at most those few sends.
        with ThreadPoolExecutor(self.workers, thread_name_prefix="okrbot-fanout") as pool:
            for item in items:
                pool.submit(work, item).add_done_callback(done.put)
                in_flight += 1
                while in_flight >= self.workers * 2:
                    in_flight -= 1
                    yield done.get().result()
            while in_flight:
                in_flight -= 1
                yield done.get().result()

    def send(self, attempt: Callable[[], T]) -> T:
        """One paced send; a 429 waits as long as the platform asks and tries again."""
        for _ in range(MAX_RATE_LIMIT_WAITS):
            self._wait_turn()
            try:
                return attempt()
            except RateLimited as limited:
                with self._lock:
                    self._paused_until = max(self._paused_until,
                                             self._monotonic() + limited.retry_after)
        self._wait_turn()
        return attempt()

    def _wait_turn(self) -> None:
        with self._lock:
            now = self._monotonic()
            start = max(now, self._paused_until,
                        self._next_slot if self.rate else 0.0)
            if self.rate:
                self._next_slot = start + 1.0 / self.rate
        if start > now:
            self._sleep(start - now)
