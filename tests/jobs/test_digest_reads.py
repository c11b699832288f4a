"""The biweekly digest reads its team in as many statements for ten people as for a hundred:
objectives, key results and the fortnight's check-ins are read for the whole team at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from bot.cadences.registry import BIWEEKLY_DIGEST
from bot.check_ins import Reading, record_check_ins
from bot.table import import_table
from jobs.runner import Runner
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FixedClock
from tests.replicas import sql_replica, statements_building
from tests.workspace import team_table

DIGEST = datetime(2026, 11, 6, 8, tzinfo=UTC)  # Friday 16:00 in Shanghai, a digest Friday


def teams_of_10_and_100_checked_in(engine: Engine) -> Runner:
    """Two workspaces, a team of 10 and a team of 100, whose people all checked in on one KR
    during the fortnight, a third of them blocked."""
    sessions = session_factory(engine)
    clock = FixedClock(DIGEST - timedelta(days=3))
    for tenant, size in (("small", 10), ("large", 100)):
        import_table(
            SqlUnitOfWork(sessions),
            clock,
            tenant=tenant,
            data=team_table(size),
            platforms=TABLE_COLUMNS,
        )
        for n in range(size):
            pid = f"p{n:04d}"
            reading = Reading(f"kr-{pid}-0-0", 50, 0.4, blocked=n % 3 == 0, comment="legal")
            record_check_ins(
                SqlUnitOfWork(sessions), clock, tenant=tenant, actor=pid, readings=[reading]
            )
    clock.advance(days=3)
    return sql_replica(sessions, clock).runner


def test_the_digest_of_a_team_of_100_takes_as_many_statements_as_of_a_team_of_10(
    engine: Engine,
) -> None:
    runner = teams_of_10_and_100_checked_in(engine)

    small, large = (
        statements_building(engine, runner, tenant, BIWEEKLY_DIGEST, content=True)
        for tenant in ("small", "large")
    )
    assert [small, large] == [11, 11]
