"""A check-in answered anywhere settles that week's check-in: a reply in the thread of another
team's channel check-in (a parent team's, whose post did not ask the person) counts for the
check-in their home team sent them, so the reminder and the escalation leave them alone."""

from __future__ import annotations

from datetime import UTC, datetime, time

from bot.cadences.calendar import team_calendars
from bot.cadences.occasion import Occasion, read_workspace
from bot.cadences.registry import CHECKIN_ESCALATION, CHECKIN_REMINDER, WEEKLY_CHECKIN
from bot.check_ins import checkin_prompt_id
from bot.context import Request, Speaker
from bot.dispatch import on_message
from bot.messages import Place
from bot.model import DeliveryStatus, PromptStatus
from bot.schedules import CadenceRule, Where
from jobs.runner import run_cadence, tick
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.replicas import MONDAY, Replica

PLATFORM_CHECK_IN = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai
ENGINEERING_POST = datetime(2026, 11, 2, 2, 30, tzinfo=UTC)  # 10:30, in the channel
TUESDAY = datetime(2026, 11, 3, 2, 1, tzinfo=UTC)  # the reminder, Tuesday 10:01
WEDNESDAY = datetime(2026, 11, 4, 2, 1, tzinfo=UTC)  # the escalation
EARLY_MONDAY = datetime(2026, 11, 1, 16, 30, tzinfo=UTC)  # Monday 00:30 in Shanghai
LAST_SUNDAY = datetime(2026, 11, 1, 15, 30, tzinfo=UTC)  # Sunday 23:30 in Shanghai


def travel(clock: FixedClock, to: datetime) -> None:
    clock.advance(seconds=(to - clock.now()).total_seconds())


def engineering_checks_in_later_in_its_channel(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> str:
    """Chen's home team (platform) DMs him his check-in at 10:00; engineering, the team above,
    posts its own at 10:30 in its channel. The engineering post's id."""
    with uow:
        team = uow.teams.get("local", "engineering")
        assert team is not None
        rule = team.cadences.rule(WEEKLY_CHECKIN)
        team.cadences = team.cadences.with_rule(
            WEEKLY_CHECKIN, CadenceRule(rule.days, time(10, 30), Where.CHANNEL)
        )
        uow.teams.save(team)
        uow.commit()
    tick(bot.runner, MONDAY)  # the schedules, from Monday morning on
    for moment in (PLATFORM_CHECK_IN, ENGINEERING_POST):
        travel(clock, moment)
        tick(bot.runner)
    return next(
        str(n)
        for n, s in enumerate(bot.platform.sent, start=1)
        if s.kind == "post" and s.to == "oc_eng" and s.at == ENGINEERING_POST
    )


def reply_in_thread(bot: Replica, user: str, text: str, post: str) -> None:
    on_message(
        bot.chat,
        Request(Speaker("local", "feishu", user), Place("oc_eng", is_dm=False, thread=post), text),
    )


def test_a_reply_in_a_parent_teams_check_in_thread_spares_the_person_the_reminder(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = engineering_checks_in_later_in_its_channel(bot, uow, clock)
    reply_in_thread(bot, "ou_chen", "KR2 6", post)
    travel(clock, TUESDAY)
    run_cadence(bot.runner, "local", CHECKIN_REMINDER, TUESDAY)
    reminded = [s.to for s in bot.platform.sent if s.kind == "dm" and s.at == TUESDAY]
    assert "ou_chen" not in reminded and "ou_li" in reminded


def test_a_reply_in_a_parent_teams_check_in_thread_answers_the_home_teams_check_in(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = engineering_checks_in_later_in_its_channel(bot, uow, clock)
    reply_in_thread(bot, "ou_chen", "KR2 6", post)
    with uow:
        prompt = uow.prompts.get("local", checkin_prompt_id("chen", PLATFORM_CHECK_IN))
    assert prompt is not None and prompt.status is PromptStatus.ANSWERED


def test_the_manager_hears_nothing_of_a_check_in_answered_in_another_teams_thread(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = engineering_checks_in_later_in_its_channel(bot, uow, clock)
    reply_in_thread(bot, "ou_chen", "KR2 6", post)
    travel(clock, WEDNESDAY)
    run_cadence(bot.runner, "local", CHECKIN_ESCALATION, WEDNESDAY)
    to_wang = [s.text for s in bot.platform.sent if s.to == "ou_wang" and s.at == WEDNESDAY]
    assert any("李娜" in text for text in to_wang) and not any("陈伟" in text for text in to_wang)


def dm(bot: Replica, user: str, text: str) -> None:
    on_message(
        bot.chat,
        Request(Speaker("local", "feishu", user), Place(f"dm:{user}", is_dm=True), text),
    )


def test_answering_a_check_in_asked_for_later_spares_the_person_the_reminder(
    bot: Replica, clock: FixedClock
) -> None:
    travel(clock, PLATFORM_CHECK_IN)
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, PLATFORM_CHECK_IN)
    clock.advance(hours=1)
    dm(bot, "ou_chen", "/okr checkin")  # a check-in of his own, after the team's
    dm(bot, "ou_chen", "KR2 6")
    travel(clock, TUESDAY)
    run_cadence(bot.runner, "local", CHECKIN_REMINDER, TUESDAY)
    reminded = [s.to for s in bot.platform.sent if s.kind == "dm" and s.at == TUESDAY]
    assert "ou_chen" not in reminded and "ou_li" in reminded


def checked_in_early_then_the_weekly_check_in(
    bot: Replica, clock: FixedClock, answered_at: datetime
) -> None:
    """Chen checks in on his own at `answered_at`; the team's check-in goes out at 10:00."""
    travel(clock, answered_at)
    dm(bot, "ou_chen", "/okr checkin")
    dm(bot, "ou_chen", "KR2 6")
    travel(clock, PLATFORM_CHECK_IN)
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, PLATFORM_CHECK_IN)


def test_someone_who_checked_in_earlier_that_week_is_not_asked_again(
    bot: Replica, clock: FixedClock
) -> None:
    checked_in_early_then_the_weekly_check_in(bot, clock, EARLY_MONDAY)
    asked = [s.to for s in bot.platform.sent if s.kind == "dm" and s.at == PLATFORM_CHECK_IN]
    logged = [
        (d.status, d.detail) for d in bot.logged("chen", MONDAY) if d.cadence == WEEKLY_CHECKIN.name
    ]
    assert ("ou_chen" in asked, "ou_li" in asked, logged) == (
        False,
        True,
        [(DeliveryStatus.SKIPPED, "checked_in_already")],
    )


def test_someone_who_checked_in_earlier_that_week_is_only_a_skip_among_the_targets(
    bot: Replica, clock: FixedClock
) -> None:
    travel(clock, EARLY_MONDAY)
    dm(bot, "ou_chen", "/okr checkin")
    dm(bot, "ou_chen", "KR2 6")
    travel(clock, PLATFORM_CHECK_IN)
    uow = bot.unit_of_work()
    with uow:
        team = uow.teams.get("local", "platform")
    assert team is not None
    calendar = team_calendars(bot.unit_of_work(), "local", [team])[team.id]
    workspace = read_workspace(bot.unit_of_work(), "local", objectives=True)
    occasion = Occasion(bot.chat, WEEKLY_CHECKIN, team, PLATFORM_CHECK_IN, calendar, workspace)
    chens = [t.skip for t in WEEKLY_CHECKIN.targets(occasion) if t.person == "chen"]
    assert chens == ["checked_in_already"]


def test_the_run_reports_someone_who_checked_in_earlier_as_skipped_not_as_already_sent(
    bot: Replica, clock: FixedClock
) -> None:
    travel(clock, EARLY_MONDAY)
    dm(bot, "ou_chen", "/okr checkin")
    dm(bot, "ou_chen", "KR2 6")
    travel(clock, PLATFORM_CHECK_IN)
    outcomes = run_cadence(bot.runner, "local", WEEKLY_CHECKIN, PLATFORM_CHECK_IN)
    assert ("already" in outcomes, outcomes["skipped"] >= 1) == (False, True)


def test_someone_who_checked_in_earlier_that_week_is_not_reminded(
    bot: Replica, clock: FixedClock
) -> None:
    checked_in_early_then_the_weekly_check_in(bot, clock, EARLY_MONDAY)
    travel(clock, TUESDAY)
    run_cadence(bot.runner, "local", CHECKIN_REMINDER, TUESDAY)
    reminded = [s.to for s in bot.platform.sent if s.kind == "dm" and s.at == TUESDAY]
    assert ("ou_chen" in reminded, "ou_li" in reminded) == (False, True)


def test_a_check_in_answered_the_week_before_does_not_settle_this_weeks(
    bot: Replica, clock: FixedClock
) -> None:
    checked_in_early_then_the_weekly_check_in(bot, clock, LAST_SUNDAY)
    asked = [s.to for s in bot.platform.sent if s.kind == "dm" and s.at == PLATFORM_CHECK_IN]
    assert "ou_chen" in asked
