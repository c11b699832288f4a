"""The pacer's fan-out: sender threads send what the caller draws, a batch ahead at a time, and
hand back every result once; an error on either side reaches the caller."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from bot.ports import RateLimited
from jobs.pacing import Pacer
from tests.fakes import FakeTime


class Drawn:
    """Items 0..n-1, counting how many were drawn."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.count = 0

    def __iter__(self) -> Iterator[int]:
        for item in range(self.n):
            self.count += 1
            yield item


def test_every_item_is_worked_on_once_and_its_result_handed_back() -> None:
    results = list(Pacer(workers=4).stream(range(100), lambda n: n * 2, ahead=10, gather=10))
    assert sorted(results) == [n * 2 for n in range(100)]


def test_items_are_drawn_no_more_than_a_batch_ahead_of_the_sends() -> None:
    items = Drawn(100)
    sent = 0
    furthest_ahead = 0
    lock = threading.Lock()

    def send(item: int) -> int:
        nonlocal sent, furthest_ahead
        with lock:
            sent += 1
            furthest_ahead = max(furthest_ahead, items.count - sent)
        return item

    list(Pacer(workers=4).stream(items, send, ahead=10, gather=5))
    assert furthest_ahead <= 10 + 4


def test_a_failed_send_reaches_the_caller_and_no_more_are_started() -> None:
    started: list[int] = []

    def send(item: int) -> int:
        started.append(item)
        if item == 3:
            raise RuntimeError("boom")
        return item

    with pytest.raises(RuntimeError, match="boom"):
        list(Pacer(workers=2).stream(range(1000), send, ahead=5, gather=1))
    assert len(started) < 1000


def test_a_failure_drawing_the_items_reaches_the_caller() -> None:
    def claims() -> Iterator[int]:
        yield from range(5)
        raise ConnectionError("database gone")

    with pytest.raises(ConnectionError, match="database gone"):
        list(Pacer(workers=3).stream(claims(), lambda n: n, ahead=2, gather=1))


def test_a_caller_leaving_early_leaves_no_sender_running() -> None:
    stream = Pacer(workers=3).stream(range(1000), lambda n: n, ahead=10, gather=1)
    next(stream)
    stream.close()
    assert [t for t in threading.enumerate() if t.name.startswith("okrbot-fanout")] == []


def test_sends_are_spaced_at_the_rate() -> None:
    time = FakeTime()
    pacer = Pacer(10.0, monotonic=time.monotonic, sleep=time.sleep)
    sent_at = [pacer.send(time.monotonic) for _ in range(3)]
    assert sent_at == [0.0, 0.1, 0.2]


def test_a_rate_limit_pauses_the_sends_for_as_long_as_the_platform_asks() -> None:
    time = FakeTime()
    pacer = Pacer(monotonic=time.monotonic, sleep=time.sleep)
    answers = iter([RateLimited(7.0), None])

    def attempt() -> float:
        limited = next(answers)
        if limited is not None:
            raise limited
        return time.monotonic()

    assert pacer.send(attempt) == 7.0


def test_every_429_waited_out_is_told_to_whoever_counts_them() -> None:
    time = FakeTime()
    told: list[None] = []
    pacer = Pacer(
        monotonic=time.monotonic, sleep=time.sleep, on_rate_limited=lambda: told.append(None)
    )
    answers = iter([RateLimited(2.0), RateLimited(1.0), "sent"])

    def attempt() -> str:
        answer = next(answers)
        if isinstance(answer, RateLimited):
            raise answer
        return answer

    assert (pacer.send(attempt), len(told)) == ("sent", 2)


def test_once_stopped_nothing_more_is_drawn() -> None:
    items = Drawn(100)
    stop = threading.Event()

    def send(item: int) -> int:
        stop.set()
        return item

    list(Pacer(workers=2).stream(items, send, ahead=10, gather=10, stop=stop))
    assert items.count == 10


def test_once_stopped_the_stream_ends_within_the_drain_even_while_a_send_hangs() -> None:
    stop = threading.Event()
    hung = threading.Event()

    def send(item: int) -> int:
        stop.set()
        hung.wait(30)
        return item

    try:
        started = time.monotonic()
        results = list(
            Pacer(workers=2).stream(range(4), send, ahead=4, gather=4, stop=stop, drain=0.2)
        )
        took = time.monotonic() - started
    finally:
        hung.set()
    assert (results, took < 5) == ([], True)
