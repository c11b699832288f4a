"""The biweekly digest's dates are the team's own days: its heading names the first and last
local day of the fortnight, and the pace it expects is the one due by the end of the local day
it is posted on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from bot.cadences.registry import BIWEEKLY_DIGEST
from bot.digest import team_digest
from bot.model import Period
from bot.schedules import CadenceRule, Where
from jobs.runner import run_cadence
from tests.fakes import FakeUnitOfWork
from tests.replicas import Replica

DIGEST_FRIDAY = datetime(2026, 11, 6, 8, tzinfo=UTC)  # a digest Friday, anywhere on Earth
# Friday 16:00 in Los Angeles (Marketing's time zone) is already Saturday in UTC.
LOS_ANGELES_DIGEST = datetime(2026, 11, 7, 0, 0, tzinfo=UTC)


def heading(bot: Replica, channel: str) -> str:
    run_cadence(bot.runner, "local", BIWEEKLY_DIGEST, DIGEST_FRIDAY)
    return next(p.text for p in bot.platform.posts() if p.to == channel).splitlines()[0]


def test_the_heading_names_the_local_day_of_a_team_west_of_utc(bot: Replica) -> None:
    assert heading(bot, "oc_mkt") == (
        "Biweekly wrap-up · Marketing · 2026-Q4 · 2026-10-23 → 2026-11-06"
    )


def test_the_heading_names_the_local_days_of_a_team_east_of_utc(
    bot: Replica, uow: FakeUnitOfWork
) -> None:
    with uow:
        team = uow.teams.get("local", "engineering")
        assert team is not None
        team.cadences = team.cadences.with_rule(
            BIWEEKLY_DIGEST, CadenceRule(("fri",), time(7, 0), Where.CHANNEL)
        )  # Friday 07:00 in Shanghai: Thursday in UTC
        uow.teams.save(team)
        uow.commit()
    assert heading(bot, "oc_eng") == "双周总结 · 研发部 · 2026-Q4 · 2026-10-23 → 2026-11-06"


def test_the_expected_pace_is_the_one_due_by_the_end_of_the_teams_day(
    uow: FakeUnitOfWork,
) -> None:
    digest = team_digest(
        uow,
        tenant="local",
        team_id="marketing",
        since=datetime(2026, 10, 23, 23, tzinfo=UTC),
        until=LOS_ANGELES_DIGEST,
        timezone="America/Los_Angeles",
    )
    assert digest.expected == Period.named("2026-Q4").elapsed(date(2026, 11, 6))
