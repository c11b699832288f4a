"""The composition root: builds the bot's parts from settings. The one place that wires the
layers; tests build their own parts the same way, with other arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.ports import Clock, Deliveries, UnitOfWork
from okrbot.settings import Settings
from storage.deliveries import SqlDeliveries
from storage.migrate import is_current, upgrade
from storage.unit_of_work import SqlUnitOfWork, create_engine_for, session_factory


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class Okrbot:
    """The running bot's parts. `unit_of_work()` gives a fresh one per use case call, so that
    threads never share a session."""

    unit_of_work: Callable[[], UnitOfWork]
    clock: Clock
    close: Callable[[], None]
    deliveries: Deliveries  # cadence schedules, claims and the delivery log


def build(settings: Settings, *, clock: Clock | None = None) -> Okrbot:
    """Connect to the database, bring its schema up to date, and wire the core to it."""
    engine = create_engine_for(settings.database_url)
    if not is_current(engine):
        upgrade(engine)
    sessions = session_factory(engine)
    return Okrbot(
        unit_of_work=lambda: SqlUnitOfWork(sessions),
        clock=clock or SystemClock(),
        close=engine.dispose,
        deliveries=SqlDeliveries(sessions),
    )
