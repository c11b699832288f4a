"""Pacing a fan-out to a platform's limits: a few worker threads share one token bucket, and a
429 from the platform pauses them all for as long as it asks."""

from __future__ import annotations

import collections
import itertools
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from bot.ports import RateLimited

T = TypeVar("T")
R = TypeVar("R")

MAX_RATE_LIMIT_WAITS = 20  # 429s in a row for one message before it counts as a failure
STOP_POLL = 0.25  # seconds: how soon a stream notices it is told to stop


class Pacer:
    """At most `rate` sends a second (None: as fast as the platform answers) over `workers`
    threads. Time is injected so tests never sleep."""

    def __init__(
        self,
        rate: float | None = None,
        *,
        workers: int = 1,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        on_rate_limited: Callable[[], None] = lambda: None,
    ) -> None:
        self.rate = rate
        self._on_rate_limited = on_rate_limited  # told of every 429 waited out
        self.workers = max(1, workers)
        self._monotonic, self._sleep = monotonic, sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0  # when the next send may start
        self._paused_until = 0.0

    def stream(
        self,
        items: Iterable[T],
        work: Callable[[T], R],
        *,
        ahead: int = 1,
        gather: int = 1,
        every: float = 0.5,
        stop: threading.Event | None = None,
        drain: float = 10.0,
    ) -> Iterator[R]:
        """`work` on every item from `workers` sender threads, results as they come.

        The calling thread draws the items, `ahead` at a time (a batch of claims) once the
        senders run low, and is handed the results when `gather` of them wait or `every`
        seconds after it last was. So the senders only send, and the caller wakes once per
        batch rather than once per item: on a 10,000-people fan-out every wake-up costs CPU.
        With one worker, all runs in the calling thread.

        Once `stop` is set nothing more is drawn; the items already handed out still go to
        `work` (which is told by the same event to send no more), and the stream ends when
        the senders are done or `drain` seconds later, whichever comes first: a sender still
        blocked in a send then is left to finish on its own (its thread is a daemon)."""
        if self.workers == 1:
            for item in items:
                yield work(item)
            return
        source = iter(items)
        fan = _FanOut(work, gather, low=self.workers)
        senders = [
            threading.Thread(target=fan.sender, name=f"okrbot-fanout-{n}", daemon=True)
            for n in range(self.workers)
        ]
        for sender in senders:
            sender.start()
        abandoned = False
        try:
            drawing = True
            stopped_at: float | None = None
            while True:
                if stop is not None and stop.is_set() and stopped_at is None:
                    stopped_at = time.monotonic()
                    if drawing:
                        drawing = False
                        fan.hand_out([], last=True)
                if drawing and fan.running_low():
                    drawn = list(itertools.islice(source, max(1, ahead)))
                    drawing = len(drawn) == max(1, ahead)
                    fan.hand_out(drawn, last=not drawing)
                # Watching for `stop`: wake a few times a second rather than once in `every`.
                wait = every if stop is None else min(every, STOP_POLL)
                results, finished = fan.collect(wait, len(senders), refill=drawing)
                yield from results
                if finished:
                    break
                if stopped_at is not None and time.monotonic() - stopped_at >= drain:
                    abandoned = True
                    break
        finally:
            # Leaving early (an error, a crash) finishes the sends under way, starts no more;
            # what was drawn and not sent stays claimed until its lease runs out.
            fan.stop()
            for sender in senders:
                sender.join(0 if abandoned else None)
        if fan.error is not None:
            raise fan.error

    def send(self, attempt: Callable[[], T]) -> T:
        """One paced send; a 429 waits as long as the platform asks and tries again."""
        for _ in range(MAX_RATE_LIMIT_WAITS):
            self._wait_turn()
            try:
                return attempt()
            except RateLimited as limited:
                self._on_rate_limited()
                with self._lock:
                    self._paused_until = max(
                        self._paused_until, self._monotonic() + limited.retry_after
                    )
        self._wait_turn()
        return attempt()

    def _wait_turn(self) -> None:
        with self._lock:
            now = self._monotonic()
            start = max(now, self._paused_until, self._next_slot if self.rate else 0.0)
            if self.rate:
                self._next_slot = start + 1.0 / self.rate
        if start > now:
            self._sleep(start - now)


class _FanOut(Generic[T, R]):
    """What the sender threads of one `Pacer.stream` share with the caller: the items handed
    out, the results left, the first error. One lock, two conditions: senders wait for items,
    the caller for results (or for the items to run low)."""

    def __init__(self, work: Callable[[T], R], gather: int, low: int) -> None:
        self._work, self._gather, self._low = work, max(1, gather), low
        self._lock = threading.Lock()
        self._items_ready = threading.Condition(self._lock)
        self._results_ready = threading.Condition(self._lock)
        self._items: collections.deque[T] = collections.deque()
        self._results: list[R] = []
        self._last_handed_out = False
        self._finished = 0  # senders that are done
        self._stopped = False
        self.error: BaseException | None = None

    def running_low(self) -> bool:
        with self._lock:
            return len(self._items) <= self._low

    def hand_out(self, items: list[T], *, last: bool) -> None:
        with self._lock:
            self._items.extend(items)
            self._last_handed_out = last
            self._items_ready.notify_all()

    def sender(self) -> None:
        try:
            while True:
                with self._lock:
                    self._items_ready.wait_for(
                        lambda: self._items or self._last_handed_out or self._stopped
                    )
                    if self._stopped or not self._items:
                        break
                    item = self._items.popleft()
                    if len(self._items) == self._low:
                        self._results_ready.notify()  # time to draw the next batch
                result = self._work(item)
                with self._lock:
                    self._results.append(result)
                    if len(self._results) >= self._gather:
                        self._results_ready.notify()
        except BaseException as error:  # handed to the caller, which stops the others
            with self._lock:
                self.error = self.error or error
                self._stopped = True
                self._items_ready.notify_all()
        finally:
            with self._lock:
                self._finished += 1
                self._results_ready.notify()

    def collect(self, every: float, senders: int, *, refill: bool) -> tuple[list[R], bool]:
        """The results waiting (after at most `every` seconds, or sooner when the items run
        low and `refill` is wanted), and whether all is done."""
        with self._lock:
            self._results_ready.wait_for(
                lambda: (
                    len(self._results) >= self._gather
                    or self._finished == senders
                    or (refill and len(self._items) <= self._low)
                ),
                timeout=every,
            )
            results, self._results = self._results, []
            return results, self._finished == senders

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._items_ready.notify_all()
