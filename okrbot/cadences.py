"""Wiring the cadences: the scheduler beside `okrbot serve`, and `okrbot jobs run`."""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TextIO

from bot.cadences.registry import cadence_named
from bot.ports import Meter, NoMeter
from jobs.pacing import Pacer
from jobs.runner import Runner, drive_cadence, forget_old_deliveries
from okrbot.bootstrap import Okrbot
from okrbot.serve import PlatformService
from okrbot.settings import Settings

if TYPE_CHECKING:
    from jobs.scheduler import Ticks

log = logging.getLogger(__name__)
HOUSEKEEPING_EVERY = timedelta(hours=1)


def replica_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def runner_for(
    bot: Okrbot,
    service: PlatformService,
    settings: Settings,
    *,
    stopping: threading.Event | None = None,
    meter: Meter | None = None,
) -> Runner:
    """The cadences of one platform, paced at the platform's rate, as the settings say."""
    from storage.unit_of_work import OUTAGE_ERRORS

    meter = meter or NoMeter()
    labels = {"platform": service.name}
    return Runner(
        chat=bot.chat(service.scheduled),
        schedules=bot.schedules,
        claims=bot.claims,
        replica=replica_id(),
        grace=timedelta(minutes=settings.grace_minutes),
        lease=timedelta(seconds=settings.lease_seconds),
        retry_after=timedelta(seconds=settings.retry_seconds),
        pacer=Pacer(
            service.pace,
            workers=settings.send_workers,
            on_rate_limited=lambda: meter.count("okrbot_rate_limited_total", labels),
        ),
        batch=settings.claim_batch,
        stopping=stopping or threading.Event(),
        drain=settings.drain_seconds,
        outage_errors=OUTAGE_ERRORS,
        outage=settings.database_outage_seconds,
        meter=meter,
    )


@dataclass
class Cadences:
    """The replica's scheduler, running: `ticks` says when it last ticked (for `/healthz`)."""

    runners: Sequence[Runner]
    ticks: Ticks
    _stop: Callable[[float], None]

    def stop(self, timeout: float) -> None:
        """Stop ticking; a tick under way drains (the runners' `stopping` is set) for at most
        `timeout` seconds."""
        for runner in self.runners:
            runner.stopping.set()
        self._stop(timeout)


def start_cadences(
    bot: Okrbot,
    services: Sequence[PlatformService],
    settings: Settings,
    *,
    stopping: threading.Event,
    meter: Meter | None = None,
) -> Cadences:
    """Start the replica's scheduler beside the platforms."""
    from jobs.scheduler import Ticks, start_scheduler, tick_all
    from storage.claims import forget_expired_oauth_states

    meter = meter or NoMeter()
    runners = [
        runner_for(bot, service, settings, stopping=stopping, meter=meter) for service in services
    ]
    retention = timedelta(days=settings.delivery_retention_days)
    last_housekeeping: list[datetime] = []

    def housekeeping() -> None:
        now = bot.clock.now()
        if last_housekeeping and now - last_housekeeping[0] < HOUSEKEEPING_EVERY:
            return
        last_housekeeping[:] = [now]
        forget_old_deliveries(runners[0], now - retention)
        if bot.engine is not None:
            forget_expired_oauth_states(bot.engine, now)

    ticks = Ticks(meter)

    def work() -> None:
        tick_all(runners)
        if runners:
            try:
                housekeeping()
            except Exception:
                log.exception("housekeeping failed")

    scheduler = start_scheduler(
        lambda: ticks.run(work),
        every_seconds=settings.tick_seconds,
        jitter_seconds=settings.tick_seconds / 3,
    )

    def stop(timeout: float) -> None:
        scheduler.shutdown(wait=False)
        ticks.wait_idle(timeout)

    return Cadences(runners, ticks, stop)


def parse_at(text: str | None) -> datetime:
    """`--at`: an ISO date-time; without an offset it is UTC."""
    if text is None:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_jobs(
    runner: Runner,
    *,
    tenant: str,
    cadence: str,
    at: datetime,
    wait: float,
    out: TextIO | None = None,
) -> int:
    """The occurrence, until everyone it covers is reached: claims another run holds are
    waited for (and taken over once their lease runs out), retries made when due, for at most
    `wait` seconds. Stopped (SIGTERM), it drains and says what it left to the next run."""
    found = cadence_named(cadence)
    if found is None:
        raise ValueError(f"no cadence '{cadence}'")
    outcomes = drive_cadence(runner, tenant, found, at, wait=timedelta(seconds=wait))
    summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
    print(
        f"okrbot: {cadence} at {at.isoformat()}: {summary or 'nothing to do'}",
        file=out or sys.stdout,
    )
    return 0
