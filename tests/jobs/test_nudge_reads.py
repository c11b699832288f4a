"""Reminders and escalations find who still owes this week's check-in in a few statements per
team, whatever its size: the team's prompts and delivery log are read together, not person by
person."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from bot.cadences.registry import CHECKIN_ESCALATION, CHECKIN_REMINDER, WEEKLY_CHECKIN
from bot.table import import_table
from jobs.runner import Runner, run_cadence
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FixedClock
from tests.replicas import MONDAY, sql_replica, statements_building

CHECK_IN = MONDAY + timedelta(hours=10)  # Monday's check-in, in UTC
REMINDER = CHECK_IN + timedelta(days=1)
ESCALATION = CHECK_IN + timedelta(days=2)


def team_of(size: int) -> dict[str, object]:
    """A workspace of one team of `size` people, each with a key result to check in on."""
    ids = [f"p{n:03d}" for n in range(size)]
    return {
        "period": "2026-Q4",
        "timezone": "UTC",
        "people": [
            {"id": pid, "name": f"Person {pid}", "feishu": f"ou_{pid}"}
            | ({"manager": ids[0]} if pid != ids[0] else {})
            for pid in ids
        ],
        "teams": [{"id": "team", "name": "Team", "lead": ids[0], "members": ids}],
        "objectives": [
            {
                "id": f"o-{pid}",
                "title": f"Objective of {pid}",
                "owner": pid,
                "key_results": [{"id": f"kr-{pid}", "title": "Grow it", "start": 0, "target": 10}],
            }
            for pid in ids
        ],
    }


def teams_of_3_and_30_asked_to_check_in(engine: Engine, clock: FixedClock) -> Runner:
    """Two workspaces, a team of 3 and a team of 30, sent Monday's check-in and a reminder."""
    sessions = session_factory(engine)
    for tenant, size in (("small", 3), ("large", 30)):
        import_table(
            SqlUnitOfWork(sessions),
            clock,
            tenant=tenant,
            data=team_of(size),
            platforms=TABLE_COLUMNS,
        )
    cadences = sql_replica(sessions, clock).runner
    for cadence, at in ((WEEKLY_CHECKIN, CHECK_IN), (CHECKIN_REMINDER, REMINDER)):
        clock.advance(seconds=(at - clock.now()).total_seconds())
        for tenant in ("small", "large"):
            run_cadence(cadences, tenant, cadence, at)
    return cadences


def test_reminder_targets_take_as_many_statements_for_a_team_of_3_as_of_30(
    engine: Engine, clock: FixedClock
) -> None:
    cadences = teams_of_3_and_30_asked_to_check_in(engine, clock)

    assert [
        statements_building(engine, cadences, tenant, CHECKIN_REMINDER)
        for tenant in ("small", "large")
    ] == [3, 3]


def test_escalation_targets_take_as_many_statements_for_a_team_of_3_as_of_30(
    engine: Engine, clock: FixedClock
) -> None:
    cadences = teams_of_3_and_30_asked_to_check_in(engine, clock)
    clock.advance(seconds=(ESCALATION - clock.now()).total_seconds())

    assert [
        statements_building(engine, cadences, tenant, CHECKIN_ESCALATION)
        for tenant in ("small", "large")
    ] == [2, 2]
