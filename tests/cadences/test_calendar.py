"""When cadences fire: working days by the team's country, local times by its time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.cadences.calendar import TeamCalendar
from bot.cadences.registry import BIWEEKLY_DIGEST, DAILY_STANDUP, QUARTER_END, WEEKLY_CHECKIN
from bot.model import Period
from bot.schedules import CadenceRule, TeamCadences, Where

Q4 = Period.named("2026-Q4")


def china() -> TeamCalendar:
    return TeamCalendar(TeamCadences(country="CN"), "Asia/Shanghai", Q4)


def new_york() -> TeamCalendar:
    return TeamCalendar(TeamCadences(country="US"), "America/New_York", Q4)


def test_national_day_has_no_standup_in_china() -> None:
    assert china().fires_on(DAILY_STANDUP, date(2026, 10, 1)) is False


def test_an_adjusted_sunday_working_day_in_china_has_a_standup() -> None:
    assert china().fires_on(DAILY_STANDUP, date(2026, 9, 20)) is True


def test_an_ordinary_sunday_has_no_standup() -> None:
    assert china().fires_on(DAILY_STANDUP, date(2026, 9, 27)) is False


def test_thanksgiving_has_no_standup_in_the_us() -> None:
    assert new_york().fires_on(DAILY_STANDUP, date(2026, 11, 26)) is False


def test_a_us_team_keeps_its_local_0930_across_the_dst_change() -> None:
    calendar = new_york()
    standups = calendar.between(
        DAILY_STANDUP, datetime(2026, 10, 29, tzinfo=UTC), datetime(2026, 11, 4, tzinfo=UTC)
    )
    local = [s.astimezone(ZoneInfo("America/New_York")).time() for s in standups]
    assert ([s.hour for s in standups], local) == ([13, 13, 14, 14], [time(9, 30)] * 4)


def test_the_standup_times_agree_with_apschedulers_cron_trigger_across_dst() -> None:
    calendar = new_york()
    trigger = CronTrigger(
        day_of_week="mon-fri", hour=9, minute=30, timezone=ZoneInfo("America/New_York")
    )
    start = datetime(2026, 10, 29, tzinfo=UTC)
    cron = []
    fire = trigger.get_next_fire_time(None, start)
    while fire is not None and fire < datetime(2026, 11, 6, tzinfo=UTC):
        cron.append(fire.astimezone(UTC))
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    assert calendar.between(DAILY_STANDUP, start, datetime(2026, 11, 6, tzinfo=UTC)) == cron


def test_the_digest_runs_every_other_friday_counted_from_the_period_start() -> None:
    digests = new_york().between(
        BIWEEKLY_DIGEST,
        datetime(2026, 10, 1, tzinfo=UTC),
        datetime(2026, 11, 30, tzinfo=UTC),
    )
    assert [d.date() for d in digests] == [
        date(2026, 10, 9),
        date(2026, 10, 23),
        date(2026, 11, 6),
        date(2026, 11, 20),
    ]


def test_the_quarter_end_runs_on_the_periods_last_working_day() -> None:
    calendar = TeamCalendar(
        TeamCadences(country="CN"),
        "Asia/Shanghai",
        Period.custom("autumn", date(2026, 9, 1), date(2026, 10, 4)),
    )
    assert calendar.containing(QUARTER_END, datetime(2026, 9, 15, tzinfo=UTC)) == datetime(
        2026, 9, 30, 8, 0, tzinfo=UTC
    )


def test_the_check_in_of_a_week_is_its_monday_whatever_the_day_asked() -> None:
    assert new_york().containing(WEEKLY_CHECKIN, datetime(2026, 11, 5, 3, tzinfo=UTC)) == datetime(
        2026, 11, 2, 15, 0, tzinfo=UTC
    )


def test_a_week_runs_from_local_monday_midnight_across_the_dst_change() -> None:
    # New York leaves summer time on Sunday 1 November, inside the week of Wednesday 28 October.
    start, end = new_york().week(date(2026, 10, 28))
    assert (start, end) == (
        datetime(2026, 10, 26, 4, tzinfo=UTC),
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    )


def test_a_team_setting_moves_the_standup() -> None:
    settings = TeamCadences().with_rule(
        DAILY_STANDUP, CadenceRule(("mon", "wed"), time(8, 0), Where.CHANNEL)
    )
    calendar = TeamCalendar(settings, "UTC", Q4)
    assert calendar.between(
        DAILY_STANDUP, datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC)
    ) == [datetime(2026, 11, 2, 8, tzinfo=UTC), datetime(2026, 11, 4, 8, tzinfo=UTC)]
