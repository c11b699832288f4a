"""Wiring the cadences: the scheduler beside `okrbot serve`, and `okrbot jobs run`."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TextIO

from bot.cadences.registry import cadence_named
from jobs.pacing import Pacer
from jobs.runner import Runner, run_cadence
from okrbot.bootstrap import Okrbot
from okrbot.serve import PlatformService

WORKERS = 8
BATCH = 100  # targets claimed, and outcomes logged, per database statement


def replica_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def runner_for(bot: Okrbot, service: PlatformService, *, workers: int = WORKERS) -> Runner:
    """The cadences of one platform, paced at the platform's rate."""
    return Runner(
        chat=bot.chat(service.scheduled),
        schedules=bot.schedules,
        claims=bot.claims,
        replica=replica_id(),
        pacer=Pacer(service.pace, workers=workers),
        batch=BATCH,
    )


def start_cadences(bot: Okrbot, services: Sequence[PlatformService]) -> Callable[[], None]:
    """Start the replica's scheduler beside the platforms; call the result to stop it."""
    from jobs.scheduler import start_scheduler, tick_all

    runners = [runner_for(bot, service) for service in services]
    scheduler = start_scheduler(lambda: tick_all(runners))
    return lambda: scheduler.shutdown(wait=False)


def parse_at(text: str | None) -> datetime:
    """`--at`: an ISO date-time; without an offset it is UTC."""
    if text is None:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_jobs(
    runner: Runner, *, tenant: str, cadence: str, at: datetime, out: TextIO = sys.stdout
) -> int:
    found = cadence_named(cadence)
    if found is None:
        raise ValueError(f"no cadence '{cadence}'")
    outcomes = run_cadence(runner, tenant, found, at)
    summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
    print(f"okrbot: {cadence} at {at.isoformat()}: {summary or 'nothing to do'}", file=out)
    return 0
