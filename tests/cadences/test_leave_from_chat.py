"""A check-in answer that says the person is away until a day records their leave: the bot
wishes them a good time off in their language and the cadences leave them alone till then."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.context import Request, Speaker
from bot.dispatch import on_message
from bot.messages import Place, Reply
from bot.model import DeliveryStatus
from jobs.runner import run_cadence
from tests.fakes import FixedClock
from tests.replicas import MONDAY, Replica

WEEK_1 = datetime(2026, 11, 2, 2, 1, tzinfo=UTC)  # Monday 10:01 in Shanghai


def travel(clock: FixedClock, to: datetime) -> None:
    clock.advance(seconds=(to - clock.now()).total_seconds())


def check_in_then_answer(bot: Replica, clock: FixedClock, user: str, text: str) -> Reply:
    travel(clock, WEEK_1)
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, WEEK_1)
    clock.advance(hours=1)
    request = Request(Speaker("local", "feishu", user), Place(f"dm:{user}", is_dm=True), text)
    return on_message(bot.chat, request)


def said(reply: Reply) -> list[str]:
    return [m.text for m in reply.messages]


def test_a_chinese_leave_is_wished_well_in_chinese(bot: Replica, clock: FixedClock) -> None:
    reply = check_in_then_answer(bot, clock, "ou_chen", "休假到12月3日")
    assert said(reply) == ["好好休息!12月4日(周五)见。"]


def test_an_english_leave_is_wished_well_in_english(bot: Replica, clock: FixedClock) -> None:
    reply = check_in_then_answer(bot, clock, "ou_mia", "on vacation until Dec 3")
    assert said(reply) == ["Enjoy your time off — back on Friday, Dec 4."]


def test_a_leave_said_in_chat_is_recorded(bot: Replica, clock: FixedClock) -> None:
    check_in_then_answer(bot, clock, "ou_chen", "休假到下周五")
    assert bot.leave_until("chen") == date(2026, 11, 13)


def test_a_person_on_leave_said_in_chat_is_skipped_next_week(
    bot: Replica, clock: FixedClock
) -> None:
    check_in_then_answer(bot, clock, "ou_chen", "休假到下周五")
    next_week = WEEK_1 + timedelta(days=7)
    travel(clock, next_week)
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, next_week)
    logged = [
        d for d in bot.logged("chen", MONDAY) if d.occurrence >= next_week - timedelta(hours=1)
    ]
    assert (
        [s.to for s in bot.platform.sent if s.at and s.at >= next_week].count("ou_chen"),
        [(d.status, d.detail) for d in logged],
    ) == (0, [(DeliveryStatus.SKIPPED, "on_leave")])


def test_a_plain_skip_records_no_leave(bot: Replica, clock: FixedClock) -> None:
    check_in_then_answer(bot, clock, "ou_chen", "本周跳过")
    assert bot.leave_until("chen") is None
