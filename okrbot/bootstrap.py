"""The composition root: builds the bot's parts from settings. The one place that wires the
layers; tests build their own parts the same way, with other arguments."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.context import Chat
from bot.dialect import Dialect
from bot.ports import Charts, ChatPlatform, Claims, Clock, ProgressChart, Schedules, UnitOfWork
from bot.texts import Texts
from okrbot.charts import MatplotlibCharts
from okrbot.settings import Settings

log = logging.getLogger(__name__)


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


class SchemaBehind(Exception):
    """The database's schema is older than this code's: only `okrbot db upgrade` moves it on."""


def build(settings: Settings, *, clock: Clock | None = None) -> Okrbot:
    """Connect to the database and wire the core to it. An empty database is given its schema
    on first use; one whose schema is behind is refused (`SchemaBehind`) and left as it is:
    migrating is `okrbot db upgrade`'s alone, so that a rolling deploy never has old code
    find a newer schema it did not expect from a command it did not mean to migrate with."""
    from storage.claims import SqlClaims, SqlSchedules
    from storage.migrate import schema_state, upgrade
    from storage.unit_of_work import SqlUnitOfWork, create_engine_for, session_factory

    engine = create_engine_for(settings.database_url)
    try:
        state = schema_state(engine)
        if state.state == "empty":
            upgrade(engine)
        elif state.state == "behind":
            current = ", ".join(state.current) or "none"
            raise SchemaBehind(
                f"the database schema is at revision {current}, this okrbot needs "
                f"{', '.join(state.head)}: run `okrbot db upgrade` first"
            )
        elif state.state == "ahead":
            log.info(
                "the database schema (%s) is newer than this okrbot's (%s): running on it",
                ", ".join(state.current),
                ", ".join(state.head),
            )
    except BaseException:
        engine.dispose()
        raise
    sessions = session_factory(engine)
    return Okrbot(
        unit_of_work=lambda: SqlUnitOfWork(sessions),
        clock=clock or SystemClock(),
        schedules=SqlSchedules(sessions),
        claims=SqlClaims(sessions),
        charts=charts(),
        engine=engine,
        close=engine.dispose,
    )


class NoCharts:
    """Where matplotlib is not installed (the `charts` extra): digests go without a chart."""

    def progress_png(self, chart: ProgressChart) -> bytes | None:
        return None


def charts() -> Charts:
    if importlib.util.find_spec("matplotlib") is None:
        return NoCharts()
    return MatplotlibCharts()
