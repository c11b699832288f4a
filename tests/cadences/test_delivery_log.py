"""A person's delivery log: every cadence delivery meant for them, and what became of it. A
check-in (and its reminder) shows answered once its prompt is answered, or skipped by them; a
standup DM shows answered once they answered it; what was not sent says why."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.cadences.cadence import Cadence
from bot.cadences.delivery_log import BY_PERSON, DeliveryLog, LogStatus, delivery_log
from bot.cadences.registry import CHECKIN_REMINDER, DAILY_STANDUP, WEEKLY_CHECKIN
from bot.context import Request, Speaker
from bot.dispatch import on_message
from bot.errors import OkrError
from bot.messages import Place
from bot.ports import SendFailed
from bot.schedules import CadenceRule, Where
from jobs.runner import run_cadence
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.replicas import Replica

CHECK_IN = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
REMINDER = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # Tuesday 10:00
STANDUP = datetime(2026, 11, 3, 1, 30, tzinfo=UTC)  # Tuesday 09:30
SINCE = date(2026, 11, 1)


def travel(clock: FixedClock, to: datetime) -> None:
    clock.advance(seconds=(to - clock.now()).total_seconds())


def run(bot: Replica, cadence: Cadence, at: datetime) -> None:
    travel(bot.clock, at + timedelta(minutes=1))
    run_cadence(bot.runner, "local", cadence, at)


def say(bot: Replica, user: str, text: str) -> None:
    bot.clock.advance(minutes=5)
    on_message(
        bot.chat,
        Request(Speaker("local", "feishu", user), Place(f"dm:{user}", is_dm=True), text),
    )


def log_of(bot: Replica, person: str, since: date = SINCE) -> DeliveryLog:
    return delivery_log(bot.unit_of_work(), tenant="local", person_id=person, since=since)


def entries(bot: Replica, person: str, since: date = SINCE) -> list[tuple[str, str, str]]:
    return [(e.cadence, e.status.value, e.reason) for e in log_of(bot, person, since).entries]


def standups_by_dm(uow: FakeUnitOfWork, team_id: str) -> None:
    with uow:
        team = uow.teams.get("local", team_id)
        assert team is not None
        rule = team.cadences.rule(DAILY_STANDUP)
        team.cadences = team.cadences.with_rule(
            DAILY_STANDUP, CadenceRule(rule.days, rule.at, Where.DM)
        )
        uow.teams.save(team)
        uow.commit()


def test_a_check_in_nobody_answered_shows_as_sent(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    assert entries(bot, "chen") == [("weekly-checkin", "sent", "")]


def test_a_check_in_the_person_answered_shows_as_answered(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    say(bot, "ou_chen", "KR2 6")
    assert entries(bot, "chen") == [("weekly-checkin", "answered", "")]


def test_a_check_in_the_person_skipped_shows_as_skipped_by_them(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    say(bot, "ou_chen", "本周跳过")
    assert entries(bot, "chen") == [("weekly-checkin", "skipped", BY_PERSON)]


def test_a_reminder_shows_as_answered_once_the_check_in_is_answered(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    run(bot, CHECKIN_REMINDER, REMINDER)
    say(bot, "ou_li", "KR1 88%")
    assert entries(bot, "li") == [
        ("weekly-checkin", "answered", ""),
        ("checkin-reminder", "answered", ""),
    ]


def test_a_check_in_settled_by_a_later_one_shows_as_answered(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    say(bot, "ou_chen", "/okr checkin")  # a check-in of his own, answered instead
    say(bot, "ou_chen", "KR2 6")
    assert entries(bot, "chen")[0] == ("weekly-checkin", "answered", "")


def test_a_check_in_answered_only_the_week_after_stays_sent(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    travel(bot.clock, CHECK_IN + timedelta(days=8))
    say(bot, "ou_chen", "/okr checkin")
    say(bot, "ou_chen", "KR2 6")
    assert entries(bot, "chen")[0] == ("weekly-checkin", "sent", "")


def test_a_standup_dm_the_person_answered_shows_as_answered(
    bot: Replica, uow: FakeUnitOfWork
) -> None:
    standups_by_dm(uow, "platform")
    run(bot, DAILY_STANDUP, STANDUP)
    say(bot, "ou_li", "today: customer calls")
    assert entries(bot, "li") == [("daily-standup", "answered", "")]


def test_a_standup_a_teammate_answered_stays_sent_for_the_person(
    bot: Replica, uow: FakeUnitOfWork
) -> None:
    standups_by_dm(uow, "platform")
    run(bot, DAILY_STANDUP, STANDUP)
    say(bot, "ou_li", "today: customer calls")
    assert entries(bot, "chen") == [("daily-standup", "sent", "")]


def test_a_person_on_leave_shows_as_skipped_with_the_reason(bot: Replica) -> None:
    bot.set_leave("chen", date(2026, 11, 6))
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    assert entries(bot, "chen") == [("weekly-checkin", "skipped", "on_leave")]


def test_a_delivery_that_failed_for_good_shows_the_platforms_reason(bot: Replica) -> None:
    bot.platform.fail_for["ou_li"] = SendFailed("the user left the workspace", permanent=True)
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    assert entries(bot, "li") == [("weekly-checkin", "failed", "the user left the workspace")]


def test_a_delivery_waiting_for_a_retry_shows_as_sending(bot: Replica) -> None:
    bot.platform.fail_for["ou_li"] = SendFailed("rate limited", permanent=False)
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    assert entries(bot, "li") == [("weekly-checkin", "sending", "rate limited")]


def test_the_log_starts_on_the_day_given(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    run(bot, WEEKLY_CHECKIN, CHECK_IN + timedelta(days=7))
    assert [e.at.date() for e in log_of(bot, "chen", date(2026, 11, 9)).entries] == [
        date(2026, 11, 9)
    ]


def test_times_are_the_persons_local_time(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    at = log_of(bot, "chen").entries[0].at
    assert (at.date(), at.hour, at.minute) == (date(2026, 11, 2), 10, 0)


def test_the_summary_counts_each_status(bot: Replica) -> None:
    run(bot, WEEKLY_CHECKIN, CHECK_IN)
    run(bot, CHECKIN_REMINDER, REMINDER)
    assert log_of(bot, "li").counts() == [(LogStatus.SENT, 2)]


def test_a_person_not_in_the_table_is_refused(bot: Replica) -> None:
    with pytest.raises(OkrError) as refused:
        log_of(bot, "ghost")
    assert refused.value.code == "unknown_person"
