"""The composition root: builds the bot's parts from settings. The one place that wires the
layers; tests build their own parts the same way, with other arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.context import Chat
from bot.dialect import Dialect
from bot.ports import Charts, ChatPlatform, Claims, Clock, Schedules, UnitOfWork
from bot.texts import Texts
from okrbot.charts import MatplotlibCharts
from okrbot.settings import Settings
from storage.claims import SqlClaims, SqlSchedules
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
    schedules: Schedules  # when each team's cadences fire next
    claims: Claims  # the delivery claims of the cadences
    charts: Charts
    engine: Any  # the database engine, for the SDK stores that keep their own tables
    close: Callable[[], None]
    _texts: dict[str, Texts] = field(default_factory=dict)

    def chat(self, platform: ChatPlatform) -> Chat:
        """The bot on one platform: what every adapter, the scheduler and the CLI run."""
        return Chat(
            self.unit_of_work, self.clock, platform, self._texts_in(platform.dialect), self.charts
        )

    def _texts_in(self, dialect: Dialect) -> Texts:
        # One per dialect: its templates are compiled once, whoever renders with them.
        found = self._texts.get(dialect.name)
        if found is None:
            found = self._texts[dialect.name] = Texts(dialect)
        return found


def build(settings: Settings, *, clock: Clock | None = None) -> Okrbot:
    """Connect to the database, bring its schema up to date, and wire the core to it."""
    engine = create_engine_for(settings.database_url)
    if not is_current(engine):
        upgrade(engine)
    sessions = session_factory(engine)
    return Okrbot(
        unit_of_work=lambda: SqlUnitOfWork(sessions),
        clock=clock or SystemClock(),
        schedules=SqlSchedules(sessions),
        claims=SqlClaims(sessions),
        charts=MatplotlibCharts(),
        engine=engine,
        close=engine.dispose,
    )
