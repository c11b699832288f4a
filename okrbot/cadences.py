"""Wiring the cadences: the scheduler beside `okrbot serve`, and `okrbot jobs run`."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TextIO

from bot.cadences.pacing import Pacer
from bot.cadences.runner import Cadences, run_cadence
from bot.cadences.settings import Cadence
from bot.context import Chat
from bot.ports import ChatPlatform
from bot.texts import Texts
from okrbot.bootstrap import Okrbot
from okrbot.charts import MatplotlibCharts
from okrbot.serve import PlatformService

# Sends a second to pace a fan-out at (DESIGN.md, "Rate limits"). Slack's 1/s is per channel
# and every DM is its own channel, so its workspace budget (a few hundred a minute) binds: 4/s
# stays inside it, and a 429 pauses every sender for as long as Slack asks. Feishu allows 50/s
# per app.
RATES = {"slack": 4.0, "feishu": 50.0}
WORKERS = 8
BATCH = 100  # targets claimed, and outcomes logged, per database statement


def replica_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def cadences_for(
    bot: Okrbot, platform: ChatPlatform, *, rate: float | None = None, workers: int = WORKERS
) -> Cadences:
    return Cadences(
        chat=Chat(
            bot.unit_of_work,
            bot.clock,
            platform,
            Texts(platform.dialect),
            deliveries=bot.deliveries,
        ),
        charts=MatplotlibCharts(),
        replica=replica_id(),
        pacer=Pacer(rate if rate is not None else RATES.get(platform.name), workers=workers),
        batch=BATCH,
    )


def start_cadences(bot: Okrbot, services: Sequence[PlatformService]) -> Callable[[], None]:
    """Start the replica's scheduler beside the platforms; call the result to stop it."""
    from jobs.scheduler import start_scheduler, tick_all

    platforms = [cadences_for(bot, service.platform) for service in services]
    scheduler = start_scheduler(lambda: tick_all(platforms))
    return lambda: scheduler.shutdown(wait=False)


def parse_at(text: str | None) -> datetime:
    """`--at`: an ISO date-time; without an offset it is UTC."""
    if text is None:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_jobs(
    cadences: Cadences, *, tenant: str, cadence: str, at: datetime, out: TextIO = sys.stdout
) -> int:
    outcomes = run_cadence(cadences, tenant, Cadence(cadence), at)
    summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
    print(f"okrbot: {cadence} at {at.isoformat()}: {summary or 'nothing to do'}", file=out)
    return 0


def address_by_handle(bot: Okrbot, tenant: str, platform: str) -> None:
    """On the console people and team channels are named by their ids in the OKR table."""
    uow = bot.unit_of_work()
    with uow:
        for person in uow.people.list(tenant):
            if platform not in person.platform_ids:
                person.platform_ids[platform] = person.id
                uow.people.save(person)
        for team in uow.teams.list(tenant):
            if platform not in team.channels:
                team.channels[platform] = team.id
                uow.teams.save(team)
        uow.commit()
