"""The cadences of one replica, sending through a recording platform on a clock that moves only
when told to: over a real database (SQLite and PostgreSQL, for the engine's tests in
tests/jobs) or over the in-memory fakes (for what cadences send, in tests/cadences)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.cadences.cadence import Cadence
from bot.cadences.calendar import team_calendars
from bot.cadences.occasion import Occasion, read_workspace
from bot.context import Chat
from bot.model import Delivery
from bot.ports import Claims, UnitOfWork
from bot.texts import Texts
from jobs.pacing import Pacer
from jobs.runner import Runner
from storage.claims import SqlClaims, SqlSchedules
from storage.unit_of_work import SqlUnitOfWork
from tests.databases import statements_run
from tests.fakes import (
    FakeCharts,
    FakeClaims,
    FakeSchedules,
    FakeUnitOfWork,
    FixedClock,
    RecordingPlatform,
)

# Monday 2 November 2026, the week after the US clocks went back.
MONDAY = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


@dataclass
class Replica:
    runner: Runner
    platform: RecordingPlatform
    charts: FakeCharts
    clock: FixedClock
    unit_of_work: Callable[[], UnitOfWork]

    @property
    def chat(self) -> Chat:
        return self.runner.chat

    @property
    def claims(self) -> Claims:
        return self.runner.claims

    def logged(self, person: str, since: datetime, tenant: str = "local") -> list[Delivery]:
        """The person's delivery log since then, as `/okr log` reads it."""
        uow = self.unit_of_work()
        with uow:
            return list(uow.delivery_log.of_person(tenant, person, since))

    def leave_until(self, person: str, tenant: str = "local") -> date | None:
        uow = self.unit_of_work()
        with uow:
            return uow.leaves.until(tenant, person)

    def set_leave(self, person: str, until: date | None, tenant: str = "local") -> None:
        uow = self.unit_of_work()
        with uow:
            uow.leaves.set(tenant, person, until)
            uow.commit()


def _replica(
    unit_of_work: Callable[[], UnitOfWork],
    runner: Callable[[Chat], Runner],
    clock: FixedClock,
    platform: RecordingPlatform | None,
) -> Replica:
    platform = platform or RecordingPlatform("feishu", clock)
    charts = FakeCharts()
    chat = Chat(unit_of_work, clock, platform, Texts(platform.dialect), charts)
    return Replica(runner(chat), platform, charts, clock, unit_of_work)


def sql_replica(
    sessions: sessionmaker[Session],
    clock: FixedClock,
    name: str = "a",
    platform: RecordingPlatform | None = None,
) -> Replica:
    return _replica(
        lambda: SqlUnitOfWork(sessions),
        lambda chat: Runner(chat, SqlSchedules(sessions), SqlClaims(sessions), replica=name),
        clock,
        platform,
    )


def fake_replica(
    uow: FakeUnitOfWork, clock: FixedClock, platform: RecordingPlatform | None = None
) -> Replica:
    return _replica(
        lambda: uow,
        lambda chat: Runner(chat, FakeSchedules(), FakeClaims(uow), replica="a"),
        clock,
        platform,
    )


def fake_runner(chat: Chat, uow: FakeUnitOfWork, pacer: Pacer | None = None) -> Runner:
    """The cadences of `chat` over the in-memory fakes."""
    return Runner(chat, FakeSchedules(), FakeClaims(uow), pacer=pacer or Pacer())


def statements_building(
    engine: Engine, runner: Runner, tenant: str, cadence: Cadence, *, content: bool = False
) -> int:
    """The statements building the workspace's one team's targets of `cadence` take (and,
    with `content`, what they say), given the workspace as the runner reads it once for a
    whole fan-out."""
    workspace = read_workspace(runner.chat.unit_of_work(), tenant, objectives=False)
    [team] = workspace.teams
    calendar = team_calendars(runner.chat.unit_of_work(), tenant, [team])[team.id]
    occurrence = calendar.containing(cadence, runner.chat.clock.now())
    assert occurrence is not None
    occasion = Occasion(runner.chat, cadence, team, occurrence, calendar, workspace)
    with statements_run(engine) as statements:
        targets = cadence.targets(occasion)
        if content:
            for target in targets:
                target.content()
    return len(statements)


def at_once(work: Callable[[Replica], object], *replicas: Replica) -> None:
    """`work` on every replica, started together on threads of their own; returns when all
    are done."""
    start = threading.Barrier(len(replicas))

    def run(one: Replica) -> None:
        start.wait()
        work(one)

    threads = [threading.Thread(target=run, args=(one,)) for one in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
