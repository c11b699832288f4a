"""The standup may be answered the evening before: from the team's `standup-opens` time (18:00
by default) on the working day before, a DM with standup labels is the next working day's
standup of the person's home team, counted in that day's summary. Plain DMs keep going to the
check-in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.cadences.calendar import TeamCalendar
from bot.cadences.registry import DAILY_STANDUP, STANDUP_SUMMARY, WEEKLY_CHECKIN
from bot.cadences.standup_summary import answered_ahead
from bot.context import Request, Speaker
from bot.dispatch import on_message
from bot.messages import Place, Reply
from bot.model import DeliveryStatus, Period, StandupAnswer
from bot.schedules import CadenceRule, TeamCadences, Where
from bot.table import export_table, import_table
from bot.table.reader import TableError
from jobs.runner import run_cadence
from okrbot.platforms import TABLE_COLUMNS
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.replicas import Replica
from tests.workspace import example_table, stored_key_result

SHANGHAI = "Asia/Shanghai"
TUESDAY_EVENING = datetime(2026, 11, 3, 11, 0, tzinfo=UTC)  # Tuesday 19:00 in Shanghai
WEDNESDAY = date(2026, 11, 4)


def travel(clock: FixedClock, to: datetime) -> None:
    clock.advance(seconds=(to - clock.now()).total_seconds())


def shanghai(day: date, hour: int, minute: int = 0) -> datetime:
    """A local time in Shanghai (the example teams' time zone), in UTC."""
    return datetime.combine(day, time(hour, minute), ZoneInfo(SHANGHAI)).astimezone(UTC)


def dm(bot: Replica, user: str, text: str) -> Reply:
    return on_message(
        bot.chat,
        Request(Speaker("local", "feishu", user), Place(f"dm:{user}", is_dm=True), text),
    )


def answers(uow: FakeUnitOfWork, team: str, day: date) -> list[StandupAnswer]:
    with uow:
        return list(uow.standup_answers.of_day("local", team, day))


def set_cadences(uow: FakeUnitOfWork, team_id: str, **changes: object) -> None:
    with uow:
        team = uow.teams.get("local", team_id)
        assert team is not None
        team.cadences = replace(team.cadences, **changes)  # type: ignore[arg-type]
        uow.teams.save(team)
        uow.commit()


def calendar(**settings: object) -> TeamCalendar:
    return TeamCalendar(
        replace(TeamCadences(), **settings),  # type: ignore[arg-type]
        SHANGHAI,
        Period.named("2026-Q4"),
    )


# When answers to the next standup are open.


def test_answers_to_the_next_standup_open_at_18_00_the_working_day_before() -> None:
    assert answered_ahead(calendar(), shanghai(date(2026, 11, 3), 18)) == WEDNESDAY


def test_before_18_00_answers_to_the_next_standup_are_not_open_yet() -> None:
    assert answered_ahead(calendar(), shanghai(date(2026, 11, 3), 17, 59)) is None


def test_answers_stay_open_overnight_until_the_standup_is_posted() -> None:
    assert answered_ahead(calendar(), shanghai(WEDNESDAY, 9, 29)) == WEDNESDAY


def test_on_friday_evening_answers_are_for_monday() -> None:
    assert answered_ahead(calendar(), shanghai(date(2026, 11, 6), 19)) == date(2026, 11, 9)


def test_on_the_eve_of_a_public_holiday_answers_are_for_the_working_day_after_it() -> None:
    thanksgiving_eve = shanghai(date(2026, 11, 25), 19)
    assert answered_ahead(calendar(country="US"), thanksgiving_eve) == date(2026, 11, 27)


def test_answers_never_open_before_the_days_standup_summary() -> None:
    early = calendar(standup_opens=time(8, 0))
    assert (
        answered_ahead(early, shanghai(date(2026, 11, 3), 11, 59)),
        answered_ahead(early, shanghai(date(2026, 11, 3), 12, 0)),
    ) == (None, WEDNESDAY)


def test_a_team_may_turn_answering_ahead_off() -> None:
    assert answered_ahead(calendar(standup_opens=None), TUESDAY_EVENING) is None


def test_a_team_without_a_standup_takes_no_answers_ahead() -> None:
    off = TeamCadences().with_rule(
        DAILY_STANDUP, replace(TeamCadences().rule(DAILY_STANDUP), enabled=False)
    )
    assert (
        answered_ahead(TeamCalendar(off, SHANGHAI, Period.named("2026-Q4")), TUESDAY_EVENING)
        is None
    )


# A DM the evening before.


def test_a_standup_dm_the_evening_before_is_the_next_working_days_standup(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    travel(clock, TUESDAY_EVENING)
    dm(bot, "ou_li", "昨天:客户拜访 今天:写方案 阻塞:无")
    assert [
        (a.person, a.yesterday, a.today, a.blockers) for a in answers(uow, "platform", WEDNESDAY)
    ] == [("li", "客户拜访", "写方案", "")]


def test_the_answer_ahead_goes_to_the_persons_home_team(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    travel(clock, TUESDAY_EVENING)
    dm(bot, "ou_chen", "Yesterday: release notes. Today: pipeline")
    assert (
        [a.person for a in answers(uow, "platform", WEDNESDAY)],
        answers(uow, "engineering", WEDNESDAY),
    ) == (["chen"], [])


def test_the_reply_names_the_day_in_chinese(bot: Replica, clock: FixedClock) -> None:
    travel(clock, TUESDAY_EVENING)
    reply = dm(bot, "ou_li", "今天:写方案 阻塞:等法务")
    assert [m.text for m in reply.messages] == [
        "收到,已提前记入 11月4日(周三)的晨会;你的阻塞会告知团队。如有变化,再发一次即可。"
    ]


def test_the_reply_names_the_day_in_english_in_the_teams_time_zone(
    bot: Replica, clock: FixedClock
) -> None:
    travel(clock, datetime(2026, 11, 3, 3, 0, tzinfo=UTC))  # Monday 19:00 in Los Angeles
    reply = dm(bot, "ou_mia", "Yesterday: launch review. Today: pricing page")
    assert [m.text for m in reply.messages] == [
        "Thanks, noted for Tuesday's standup (2026-11-03). Send it again to change it."
    ]


def test_a_second_answer_the_same_evening_replaces_the_first(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    travel(clock, TUESDAY_EVENING)
    dm(bot, "ou_li", "今天:写方案")
    clock.advance(hours=2)
    dm(bot, "ou_li", "今天:写方案和测试")
    assert [a.today for a in answers(uow, "platform", WEDNESDAY)] == ["写方案和测试"]


def test_the_next_days_summary_counts_the_answer_given_ahead(
    bot: Replica, clock: FixedClock
) -> None:
    travel(clock, TUESDAY_EVENING)
    dm(bot, "ou_li", "昨天:客户拜访 今天:写方案")
    summary_at = shanghai(WEDNESDAY, 12, 1)
    travel(clock, summary_at)
    run_cadence(bot.runner, "local", STANDUP_SUMMARY, summary_at)
    assert [s.text for s in bot.platform.posts() if s.to == "oc_platform"] == [
        "晨会总结 · 平台组 · 2026-11-04:2 人中 1 人已回复(未回复:陈伟)。\n"
        "李娜\n昨天:客户拜访\n今天:写方案"
    ]


def test_someone_who_answered_ahead_is_not_sent_the_standup_dm(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    set_cadences(
        uow,
        "platform",
        rules={
            DAILY_STANDUP.name: CadenceRule(
                ("mon", "tue", "wed", "thu", "fri"), time(9, 30), Where.DM
            )
        },
    )
    travel(clock, TUESDAY_EVENING)
    dm(bot, "ou_li", "今天:写方案")
    standup_at = shanghai(WEDNESDAY, 9, 31)
    travel(clock, standup_at)
    run_cadence(bot.runner, "local", DAILY_STANDUP, standup_at)
    assert (
        sorted(bot.platform.dms()),
        [(d.status, d.detail) for d in bot.logged("li", standup_at - timedelta(days=1))],
    ) == (["ou_chen"], [(DeliveryStatus.SKIPPED, "answered_ahead")])


def test_before_answers_open_a_standup_dm_is_not_taken_for_the_next_standup(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    travel(clock, shanghai(date(2026, 11, 3), 17))
    dm(bot, "ou_li", "昨天:客户拜访 今天:写方案")
    assert answers(uow, "platform", WEDNESDAY) == []


def test_with_answering_ahead_off_an_evening_dm_is_not_a_standup(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    set_cadences(uow, "platform", standup_opens=None)
    travel(clock, TUESDAY_EVENING)
    dm(bot, "ou_li", "昨天:客户拜访 今天:写方案")
    assert answers(uow, "platform", WEDNESDAY) == []


def test_a_plain_dm_in_the_evening_still_answers_the_open_check_in(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, shanghai(date(2026, 11, 2), 10))
    travel(clock, shanghai(date(2026, 11, 2), 19))
    dm(bot, "ou_li", "KR1 88%")
    assert (
        answers(uow, "platform", date(2026, 11, 3)),
        stored_key_result(uow, "kr-l1").current,
    ) == ([], 88)


def test_a_blocker_alone_in_the_evening_answers_the_open_check_in(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, shanghai(date(2026, 11, 2), 10))
    travel(clock, shanghai(date(2026, 11, 2), 19))
    dm(bot, "ou_chen", "KR2 blocked: waiting on ops")
    with uow:
        blocked = [c.blocked for c in uow.check_ins.of_key_result("local", "kr-c2")]
    assert (answers(uow, "platform", date(2026, 11, 3)), blocked) == ([], [True])


# The setting in the OKR table.


def team_cadences(cadences: object) -> TeamCadences:
    table = example_table()
    teams = table["teams"]
    assert isinstance(teams, list)
    teams[2] = {**teams[2], "cadences": cadences}
    uow = FakeUnitOfWork()
    import_table(uow, FixedClock(), tenant="local", data=table, platforms=TABLE_COLUMNS)
    with uow:
        team = uow.teams.get("local", "engineering")
    assert team is not None
    return team.cadences


def test_answers_open_at_18_00_the_working_day_before_by_default() -> None:
    assert team_cadences(None).standup_opens == time(18, 0)


@pytest.mark.parametrize(
    ("written", "read"),
    [("19:30", time(19, 30)), ("off", None), (False, None), (1170, time(19, 30))],
)
def test_the_table_sets_when_answers_open_or_turns_it_off(
    written: object, read: time | None
) -> None:
    assert team_cadences({"standup-opens": written}).standup_opens == read


def test_export_writes_when_answers_open_back_as_imported() -> None:
    table = example_table()
    teams = table["teams"]
    assert isinstance(teams, list)
    teams[2] = {**teams[2], "cadences": {"standup-opens": "off"}}
    teams[3] = {**teams[3], "cadences": {"standup-opens": "19:30"}}
    uow = FakeUnitOfWork()
    import_table(uow, FixedClock(), tenant="local", data=table, platforms=TABLE_COLUMNS)
    exported = export_table(uow, tenant="local", platforms=TABLE_COLUMNS).table["teams"]
    assert isinstance(exported, list)
    assert {t["id"]: t.get("cadences") for t in exported} == {
        "company": None,
        "marketing": None,
        "engineering": {"standup-opens": "off"},
        "platform": {"standup-opens": "19:30"},
    }


def test_an_unreadable_opening_time_names_the_team_and_the_problem() -> None:
    with pytest.raises(TableError) as refused:
        team_cadences({"standup-opens": "evening"})
    assert str(refused.value) == (
        "team 'engineering': standup-opens is off or a time like "
        "18:00 (the working day before the standup), not 'evening'"
    )
