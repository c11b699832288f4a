"""Every occurrence reaches each person once: re-runs, rival replicas, crashes, late ticks."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.model import DeliveryStatus
from bot.ports import SendFailed
from jobs.runner import run_cadence, tick
from storage.unit_of_work import create_engine_for, session_factory
from tests.fakes import FixedClock, SimulatedCrash
from tests.replicas import MONDAY, Replica, at_once, sql_replica

# The weekly check-in on Feishu: the KR owners the platform reaches (raj and hana are on
# Slack only).
CHECKED_IN = ["ceo", "chen", "li", "mia", "wang"]
CHECK_IN_MONDAY = datetime(2026, 11, 2, 10, tzinfo=UTC)  # mid-morning in Shanghai


def check_in(bot: Replica) -> Counter[str]:
    return run_cadence(bot.runner, "local", WEEKLY_CHECKIN, CHECK_IN_MONDAY)


def test_the_weekly_check_in_reaches_each_kr_owner_once(bot: Replica) -> None:
    check_in(bot)
    assert sorted(bot.platform.dms()) == sorted(f"ou_{p}" for p in CHECKED_IN)


def test_running_the_same_occurrence_again_sends_nothing(bot: Replica) -> None:
    check_in(bot)
    again = check_in(bot)
    assert (len(bot.platform.dms()), again["sent"]) == (len(CHECKED_IN), 0)


def test_a_check_in_is_remembered_under_the_occurrence_so_answers_find_it(bot: Replica) -> None:
    check_in(bot)
    delivered = bot.logged("mia", MONDAY)
    assert [(d.cadence, d.status) for d in delivered] == [("weekly-checkin", DeliveryStatus.SENT)]


def test_two_replicas_with_their_own_engines_give_each_person_one_dm(
    bot: Replica, database_url: str, clock: FixedClock
) -> None:
    engine = create_engine_for(database_url)
    try:
        rival = sql_replica(session_factory(engine), clock, name="b", platform=bot.platform)
        at_once(check_in, bot, rival)
    finally:
        engine.dispose()
    assert sorted(bot.platform.dms()) == sorted(f"ou_{p}" for p in CHECKED_IN)


def test_a_crash_in_the_middle_of_a_fan_out_resumes_and_sends_the_rest_once(
    bot: Replica, sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    tick(bot.runner)
    clock.advance(hours=2, minutes=1)  # 10:01 in Shanghai
    bot.platform.crash_after = 2
    with contextlib.suppress(SimulatedCrash):
        tick(bot.runner)
    survivor = sql_replica(sessions, clock, name="b", platform=bot.platform)
    bot.platform.crash_after = None
    clock.advance(minutes=11)  # past the dead replica's lease
    tick(survivor.runner)
    assert sorted(bot.platform.dms()) == ["ou_ceo", "ou_chen", "ou_li", "ou_wang"]


def test_a_fan_out_is_not_taken_over_while_its_lease_holds(
    bot: Replica, sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    tick(bot.runner)
    clock.advance(hours=2, minutes=1)
    bot.platform.crash_after = 2
    with contextlib.suppress(SimulatedCrash):
        tick(bot.runner)
    bot.platform.crash_after = None
    in_flight = [
        d.person
        for p in CHECKED_IN
        for d in bot.logged(p, MONDAY)
        if d.status is DeliveryStatus.CLAIMED
    ]
    clock.advance(seconds=20)  # within the dead replica's lease (45 s)
    tick(sql_replica(sessions, clock, name="b", platform=bot.platform).runner)
    assert [f"ou_{p}" in bot.platform.dms() for p in in_flight] == [False]


def test_a_person_on_leave_is_skipped_and_the_skip_is_logged(bot: Replica) -> None:
    bot.set_leave("li", date(2026, 11, 6))
    check_in(bot)
    logged = bot.logged("li", MONDAY)
    assert ("ou_li" in bot.platform.dms(), [(d.status, d.detail) for d in logged]) == (
        False,
        [(DeliveryStatus.SKIPPED, "on_leave")],
    )


def test_a_person_back_from_leave_is_asked_again(bot: Replica) -> None:
    bot.set_leave("li", date(2026, 11, 1))
    check_in(bot)
    assert "ou_li" in bot.platform.dms()


def test_the_scheduler_sends_the_check_in_when_its_time_comes(
    bot: Replica, clock: FixedClock
) -> None:
    tick(bot.runner)  # Monday 00:00 UTC: schedules made, nothing due yet
    clock.advance(hours=2, minutes=1)  # 10:01 in Shanghai
    tick(bot.runner)
    assert sorted(set(bot.platform.dms()) & {"ou_chen", "ou_li", "ou_wang", "ou_ceo"}) == [
        "ou_ceo",
        "ou_chen",
        "ou_li",
        "ou_wang",
    ]


def test_two_replicas_ticking_at_once_open_each_occurrence_once(
    bot: Replica, sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    rival = sql_replica(sessions, clock, name="b", platform=bot.platform)
    tick(bot.runner)
    clock.advance(hours=2, minutes=1)
    reports = [tick(bot.runner), tick(rival.runner)]
    opened = [key for report in reports for key in report.opened]
    assert (len(opened), len(bot.platform.dms())) == (
        len(set(opened)),
        len(set(bot.platform.dms())),
    )


def test_an_occurrence_found_past_the_grace_window_is_recorded_as_missed(
    bot: Replica, clock: FixedClock
) -> None:
    tick(bot.runner)
    clock.advance(hours=6)  # the replicas were all down at 10:00 in Shanghai
    report = tick(bot.runner)
    missed = {(team, cadence) for _, team, cadence, _ in report.missed}
    assert (("engineering", "weekly-checkin") in missed, "ou_wang" in bot.platform.dms()) == (
        True,
        False,
    )


def test_a_failed_send_is_retried_with_backoff_and_sent_once(
    bot: Replica, clock: FixedClock
) -> None:
    bot.platform.fail_for["ou_li"] = ConnectionError("network down")
    check_in(bot)
    del bot.platform.fail_for["ou_li"]
    clock.advance(seconds=30)
    tick(bot.runner)  # too early: the retry waits a minute
    early = bot.platform.dms().count("ou_li")
    clock.advance(minutes=1)
    tick(bot.runner)
    assert (early, bot.platform.dms().count("ou_li")) == (0, 1)


def test_a_permanent_failure_is_logged_and_reported_to_the_team_lead(bot: Replica) -> None:
    bot.platform.fail_for["ou_li"] = SendFailed("user not found", permanent=True)
    check_in(bot)
    logged = bot.logged("li", MONDAY)
    to_lead = [s.text for s in bot.platform.sent if s.to == "ou_chen"]
    assert (
        [(d.status, d.detail) for d in logged],
        "无法向 李娜 发送每周打卡:user not found。" in to_lead,
    ) == ([(DeliveryStatus.FAILED, "user not found")], True)


def test_the_tick_after_the_check_in_opens_nothing_more(bot: Replica, clock: FixedClock) -> None:
    tick(bot.runner)
    clock.advance(hours=2, minutes=1)
    tick(bot.runner)
    sent = len(bot.platform.sent)
    clock.advance(minutes=1)
    tick(bot.runner)
    assert len(bot.platform.sent) == sent
