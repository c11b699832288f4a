"""Standup answers written in the standup thread or by DM are recorded and summarised into the
team channel once, at the end of the answer window; replies in a channel check-in's thread are
read like DM answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.cadences.cadence import Cadence
from bot.cadences.daily_standup import StandupReading, read_standup
from bot.cadences.registry import CHECKIN_REMINDER, DAILY_STANDUP, STANDUP_SUMMARY, WEEKLY_CHECKIN
from bot.context import Request, Speaker
from bot.dispatch import on_message
from bot.messages import Place, Reply
from bot.model import StandupAnswer
from bot.schedules import CadenceRule, Where
from jobs.runner import run_cadence
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.replicas import Replica
from tests.workspace import stored_key_result

STANDUP = datetime(2026, 11, 3, 1, 31, tzinfo=UTC)  # Tuesday 09:31 in Shanghai
SUMMARY = datetime(2026, 11, 3, 4, 1, tzinfo=UTC)  # 12:01
TUESDAY = date(2026, 11, 3)


def travel(clock: FixedClock, to: datetime) -> None:
    clock.advance(seconds=(to - clock.now()).total_seconds())


def standup(bot: Replica, clock: FixedClock) -> str:
    """Run Tuesday's standup; the id of the post in the engineering channel."""
    travel(clock, STANDUP)
    run_cadence(bot.runner, "local", DAILY_STANDUP, STANDUP)
    return next(
        str(n)
        for n, s in enumerate(bot.platform.sent, start=1)
        if s.kind == "post" and s.to == "oc_eng"
    )


def channel_check_in(bot: Replica, uow: FakeUnitOfWork, clock: FixedClock) -> str:
    """Run Monday's check-in as a post in the platform team's channel; the post's id."""
    set_rule(uow, "platform", WEEKLY_CHECKIN, Where.CHANNEL)
    monday = datetime(2026, 11, 2, 2, 1, tzinfo=UTC)
    travel(clock, monday)
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, monday)
    return next(
        str(n)
        for n, s in enumerate(bot.platform.sent, start=1)
        if s.kind == "post" and s.to == "oc_platform"
    )


def say(bot: Replica, user: str, text: str, place: Place) -> Reply:
    return on_message(bot.chat, Request(Speaker("local", "feishu", user), place, text))


def answers(uow: FakeUnitOfWork, team: str) -> list[StandupAnswer]:
    with uow:
        return list(uow.standup_answers.of_day("local", team, TUESDAY))


def set_rule(uow: FakeUnitOfWork, team_id: str, cadence: Cadence, where: Where) -> None:
    with uow:
        team = uow.teams.get("local", team_id)
        assert team is not None
        rule = team.cadences.rule(cadence)
        team.cadences = team.cadences.with_rule(cadence, CadenceRule(rule.days, rule.at, where))
        uow.teams.save(team)
        uow.commit()


def test_an_answer_is_split_into_yesterday_today_and_blockers() -> None:
    assert read_standup(
        "Yesterday: fixed the deploy script. Today: ship KR2. Blockers: waiting on legal"
    ) == StandupReading("fixed the deploy script.", "ship KR2.", "waiting on legal", 2)


def test_a_chinese_answer_is_split_too() -> None:
    reading = read_standup("昨天:修复发布脚本;今天:上线新流水线;阻塞:无")
    assert (reading.yesterday, reading.today, reading.blockers) == (
        "修复发布脚本",
        "上线新流水线",
        "",
    )


def test_an_answer_without_labels_is_todays() -> None:
    reading = read_standup("pairing with Li on the pipeline")
    assert (reading.yesterday, reading.today, reading.blockers, reading.kr_number) == (
        "",
        "pairing with Li on the pipeline",
        "",
        None,
    )


def test_a_reply_in_the_standup_thread_is_recorded(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = standup(bot, clock)
    say(
        bot,
        "ou_chen",
        "昨天:修复发布脚本 今天:KR2 每周发布 阻塞:无",
        Place("oc_eng", is_dm=False, thread=post),
    )
    assert [
        (a.person, a.yesterday, a.today, a.blockers, a.kr_id) for a in answers(uow, "engineering")
    ] == [("chen", "修复发布脚本", "KR2 每周发布", "", "kr-c2")]


def test_the_person_is_thanked_in_their_language(bot: Replica, clock: FixedClock) -> None:
    post = standup(bot, clock)
    reply = say(bot, "ou_chen", "今天:写测试", Place("oc_eng", is_dm=False, thread=post))
    assert [m.text for m in reply.messages] == ["收到,已记入今天的晨会总结。"]


def test_a_second_answer_the_same_day_replaces_the_first(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = standup(bot, clock)
    thread = Place("oc_eng", is_dm=False, thread=post)
    say(bot, "ou_chen", "今天:写测试", thread)
    say(bot, "ou_chen", "今天:写文档", thread)
    assert [a.today for a in answers(uow, "engineering")] == ["写文档"]


def test_the_summary_goes_to_the_team_channel_once_at_the_end_of_the_window(
    bot: Replica, clock: FixedClock
) -> None:
    post = standup(bot, clock)
    say(
        bot,
        "ou_chen",
        "昨天:修复发布脚本 今天:写测试 阻塞:等待审批",
        Place("oc_eng", is_dm=False, thread=post),
    )
    travel(clock, SUMMARY)
    for _ in range(2):
        run_cadence(bot.runner, "local", STANDUP_SUMMARY, SUMMARY)
    summaries = [
        s.text for s in bot.platform.posts() if s.to == "oc_eng" and s.text.startswith("晨会总结")
    ]
    assert summaries == [
        "晨会总结 · 研发部 · 2026-11-03:3 人中 1 人已回复(未回复:王芳、李娜)。\n"
        "陈伟\n昨天:修复发布脚本\n今天:写测试\n阻塞:等待审批"
    ]


def test_a_dm_answer_to_a_standup_dm_is_recorded(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    set_rule(uow, "platform", DAILY_STANDUP, Where.DM)
    travel(clock, STANDUP)
    run_cadence(bot.runner, "local", DAILY_STANDUP, STANDUP)
    say(bot, "ou_li", "today: customer calls", Place("dm:ou_li", is_dm=True))
    assert [(a.person, a.today) for a in answers(uow, "platform")] == [("li", "customer calls")]


def test_a_dm_after_the_standup_is_answered_goes_to_the_check_in(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    set_rule(uow, "platform", DAILY_STANDUP, Where.DM)
    travel(clock, STANDUP)
    run_cadence(bot.runner, "local", DAILY_STANDUP, STANDUP)
    say(bot, "ou_li", "today: customer calls", Place("dm:ou_li", is_dm=True))
    say(bot, "ou_li", "today: more calls", Place("dm:ou_li", is_dm=True))
    assert [a.today for a in answers(uow, "platform")] == ["customer calls"]


def test_a_reply_in_a_channel_check_ins_thread_updates_the_kr(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = channel_check_in(bot, uow, clock)
    say(bot, "ou_chen", "KR2 6", Place("oc_platform", is_dm=False, thread=post))
    assert stored_key_result(uow, "kr-c2").current == 6


def test_no_summary_is_posted_on_a_day_nobody_answered(bot: Replica, clock: FixedClock) -> None:
    standup(bot, clock)
    travel(clock, SUMMARY)
    run_cadence(bot.runner, "local", STANDUP_SUMMARY, SUMMARY)
    assert [s.text for s in bot.platform.posts() if s.text.startswith("晨会总结")] == []


def test_after_a_channel_check_in_only_who_did_not_answer_in_its_thread_is_reminded(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    post = channel_check_in(bot, uow, clock)
    say(bot, "ou_chen", "KR2 6", Place("oc_platform", is_dm=False, thread=post))
    tuesday = datetime(2026, 11, 3, 2, 1, tzinfo=UTC)
    travel(clock, tuesday)
    run_cadence(bot.runner, "local", CHECKIN_REMINDER, tuesday)
    reminded = [s.to for s in bot.platform.sent if s.kind == "dm" and s.at == tuesday]
    assert [to for to in reminded if to in {"ou_chen", "ou_li"}] == ["ou_li"]


def test_a_kr_update_to_the_open_check_in_is_not_taken_for_the_standup(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    set_rule(uow, "platform", DAILY_STANDUP, Where.DM)
    run_cadence(
        bot.runner, "local", WEEKLY_CHECKIN, datetime(2026, 11, 2, 2, 1, tzinfo=UTC)
    )  # Monday 10:01 in Shanghai
    travel(clock, STANDUP)
    run_cadence(bot.runner, "local", DAILY_STANDUP, STANDUP)
    say(bot, "ou_li", "KR1 88%", Place("dm:ou_li", is_dm=True))
    assert (
        answers(uow, "platform"),
        stored_key_result(uow, "kr-l1").current,
    ) == ([], 88)
