"""A workspace on a real database (SQLite and PostgreSQL) with the example OKR table, and the
cadences of one replica sending through a recording platform, on a clock that moves only when
told to."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.cadences.runner import Cadences
from bot.context import Chat
from bot.table import import_table
from bot.texts import Texts
from storage.deliveries import SqlDeliveries
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FakeCharts, FixedClock, RecordingPlatform
from tests.workspace import example_table

# Monday 2 November 2026, the week after the US clocks went back.
MONDAY = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


@dataclass
class Replica:
    cadences: Cadences
    platform: RecordingPlatform
    charts: FakeCharts
    clock: FixedClock
    sessions: sessionmaker[Session]

    @property
    def deliveries(self) -> SqlDeliveries:
        assert isinstance(self.cadences.deliveries, SqlDeliveries)
        return self.cadences.deliveries


def replica(
    sessions: sessionmaker[Session],
    clock: FixedClock,
    name: str = "a",
    platform: RecordingPlatform | None = None,
) -> Replica:
    platform = platform or RecordingPlatform("feishu", clock)
    charts = FakeCharts()
    deliveries = SqlDeliveries(sessions)
    chat = Chat(
        lambda: SqlUnitOfWork(sessions), clock, platform, Texts(platform.dialect), deliveries
    )
    return Replica(Cadences(chat, charts, replica=name), platform, charts, clock, sessions)


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


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
def sessions(engine: Engine, clock: FixedClock) -> sessionmaker[Session]:
    made = session_factory(engine)
    import_table(SqlUnitOfWork(made), clock, tenant="local", data=example_table())
    return made


@pytest.fixture
def bot(sessions: sessionmaker[Session], clock: FixedClock) -> Replica:
    return replica(sessions, clock)
