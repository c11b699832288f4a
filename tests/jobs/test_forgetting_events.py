"""Each tick forgets the platform events handled longer ago than a platform redelivers them,
so the record of handled events stays small; recent ones are still recognised."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.redelivery import EVENTS_REMEMBERED, first_delivery
from jobs.runner import tick
from tests.fakes import FixedClock
from tests.replicas import sql_replica


def test_a_tick_forgets_events_older_than_a_platform_redelivers(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    bot = sql_replica(sessions, clock)
    handled = clock.now()
    first_delivery(bot.chat, "local", "Ev-old")
    clock.advance(days=1)
    first_delivery(bot.chat, "local", "Ev-recent")
    just_past = handled + EVENTS_REMEMBERED + timedelta(seconds=1)
    clock.advance(seconds=(just_past - clock.now()).total_seconds())
    tick(bot.runner)
    assert [first_delivery(bot.chat, "local", event) for event in ("Ev-old", "Ev-recent")] == [
        True,
        False,
    ]
