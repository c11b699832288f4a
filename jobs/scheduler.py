"""The scheduler each `okrbot serve` replica runs: an in-memory APScheduler whose only job is a
short, jittered tick. Schedules live in the database (`jobs.runner`), never in an
APScheduler job store, which replicas must not share (APScheduler's own FAQ)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.ports import Meter, NoMeter
from jobs.runner import Runner, TickReport, tick

log = logging.getLogger(__name__)

TICK_JOB = "cadence-tick"


def tick_all(runners: Sequence[Runner]) -> list[TickReport]:
    """One tick on every platform; a platform that fails is logged, the others still run."""
    reports = []
    for runner in runners:
        try:
            reports.append(tick(runner))
        except Exception:
            log.exception(
                "cadence tick failed on %s",
                runner.chat.platform.name,
                extra={"platform": runner.chat.platform.name, "replica": runner.replica},
            )
    return reports


class Ticks:
    """When the scheduler last ticked, for `/healthz` and the metrics: `silence()` is the
    seconds since the last tick ended (0 while one runs; None before the first)."""

    def __init__(self, meter: Meter | None = None) -> None:
        self._meter = meter or NoMeter()
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._finished: float | None = None

    def run(self, work: Callable[[], object]) -> None:
        self._idle.clear()
        try:
            work()
        finally:
            with self._lock:
                self._finished = time.monotonic()
            self._meter.gauge("okrbot_scheduler_last_tick_timestamp_seconds", {}, time.time())
            self._idle.set()

    def silence(self) -> float | None:
        if not self._idle.is_set():
            return 0.0
        with self._lock:
            return None if self._finished is None else time.monotonic() - self._finished

    def wait_idle(self, timeout: float) -> bool:
        """Wait for a tick under way to end; False if it still runs after `timeout`."""
        return self._idle.wait(timeout)


def start_scheduler(
    work: Callable[[], object],
    *,
    every_seconds: float = 30.0,
    jitter_seconds: float = 10.0,
    first_run: datetime | None = None,
) -> BackgroundScheduler:
    """Run `work` every `every_seconds` (plus up to `jitter_seconds`, so replicas do not tick
    in step) on a background thread, starting at `first_run` (default: now)."""
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        work,
        IntervalTrigger(seconds=every_seconds, jitter=jitter_seconds, timezone=UTC),
        id=TICK_JOB,
        next_run_time=first_run or datetime.now(UTC),
        misfire_grace_time=max(1, int(every_seconds)),  # never APScheduler's 1 s default
        coalesce=True,  # a late tick runs once, not once per missed interval
        max_instances=1,  # a long fan-out never overlaps the next tick
    )
    scheduler.start()
    return scheduler
