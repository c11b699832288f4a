"""The weekly report (周报) on Friday: each member's own by DM, the team's in its channel (or by
DM to its lead), with the week's check-ins behind the numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.cadences.registry import WEEKLY_REPORT
from bot.check_ins import Reading
from bot.model import DeliveryStatus, Person, Team
from bot.schedules import Where
from jobs.runner import run_cadence
from tests.cadences.test_digest_and_nudges import check_in
from tests.fakes import FixedClock
from tests.replicas import Replica

FRIDAY = datetime(2026, 11, 6, 9, tzinfo=UTC)  # 17:00 in Shanghai


def send_reports(bot: Replica, clock: FixedClock) -> None:
    clock.advance(seconds=(FRIDAY - clock.now()).total_seconds())
    run_cadence(bot.runner, "local", WEEKLY_REPORT, FRIDAY)


def texts_to(bot: Replica, to: str) -> list[str]:
    return [s.text for s in bot.platform.sent if s.to == to]


def test_each_member_with_objectives_gets_their_own_report_by_dm(
    bot: Replica, clock: FixedClock
) -> None:
    send_reports(bot, clock)
    assert sorted(bot.platform.dms()) == ["ou_ceo", "ou_chen", "ou_li", "ou_mia"]


def test_each_team_gets_its_report_in_its_channel(bot: Replica, clock: FixedClock) -> None:
    send_reports(bot, clock)
    assert sorted(p.to for p in bot.platform.posts()) == ["oc_eng", "oc_mkt", "oc_platform"]


def test_someone_without_objectives_is_skipped_and_the_log_says_why(
    bot: Replica, clock: FixedClock
) -> None:
    send_reports(bot, clock)
    [wang] = bot.logged("wang", FRIDAY)
    assert (wang.cadence, wang.status, wang.detail) == (
        WEEKLY_REPORT.name,
        DeliveryStatus.SKIPPED,
        "nothing_to_report",
    )


def test_a_report_shows_the_weeks_check_ins(bot: Replica, clock: FixedClock) -> None:
    clock.advance(days=1)
    check_in(bot.unit_of_work(), clock, "chen", Reading("kr-c2", 6, 0.8))
    send_reports(bot, clock)
    [report] = texts_to(bot, "ou_chen")
    assert ("OKR 周报 · 陈伟 · 2026-11-02 当周" in report, "4 → 6 次" in report) == (True, True)


def test_with_reports_by_dm_the_lead_gets_the_teams_report_too(
    bot: Replica, clock: FixedClock
) -> None:
    uow = bot.unit_of_work()
    with uow:
        team = uow.teams.get("local", "platform")
        assert team is not None
        rule = team.cadences.rule(WEEKLY_REPORT)
        team.cadences = team.cadences.with_rule(WEEKLY_REPORT, replace(rule, where=Where.DM))
        uow.teams.save(team)
        uow.commit()
    send_reports(bot, clock)
    headings = [text.splitlines()[0] for text in texts_to(bot, "ou_chen")]
    assert (sorted(headings), "oc_platform" in [p.to for p in bot.platform.posts()]) == (
        ["OKR 周报 · 平台组 · 2026-11-02 当周", "OKR 周报 · 陈伟 · 2026-11-02 当周"],
        False,
    )


def test_running_the_report_again_sends_nothing_more(bot: Replica, clock: FixedClock) -> None:
    send_reports(bot, clock)
    sent = len(bot.platform.sent)
    run_cadence(bot.runner, "local", WEEKLY_REPORT, FRIDAY)
    assert len(bot.platform.sent) == sent


def test_a_team_without_objectives_posts_no_report(bot: Replica, clock: FixedClock) -> None:
    uow = bot.unit_of_work()
    with uow:
        uow.people.save(Person("local", "zoe", "Zoe", platform_ids={"feishu": "ou_zoe"}))
        uow.teams.save(
            Team(
                "local",
                "design",
                "Design",
                lead="zoe",
                members=["zoe"],
                channels={"feishu": "oc_design"},
            )
        )
        uow.commit()
    send_reports(bot, clock)
    skipped = {(d.target, d.detail) for d in bot.logged("zoe", FRIDAY)}
    assert (
        "oc_design" in [p.to for p in bot.platform.posts()],
        "ou_zoe" in bot.platform.dms(),
        skipped,
    ) == (False, False, {("zoe", "nothing_to_report")})


def test_a_persons_week_runs_in_their_own_time_zone(bot: Replica, clock: FixedClock) -> None:
    uow = bot.unit_of_work()
    with uow:
        li = uow.people.get("local", "li")
        assert li is not None
        li.timezone = "America/Los_Angeles"
        uow.people.save(li)
        uow.commit()
    # Monday 11:00 in Shanghai, her team's week; still Sunday in Los Angeles, hers.
    travel_to = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
    clock.advance(seconds=(travel_to - clock.now()).total_seconds())
    check_in(bot.unit_of_work(), clock, "li", Reading("kr-l1", 86, None))
    check_in(bot.unit_of_work(), clock, "chen", Reading("kr-c2", 6, None))  # in Shanghai
    send_reports(bot, clock)
    [hers], [his] = texts_to(bot, "ou_li"), texts_to(bot, "ou_chen")
    assert ("85 → 86" in hers, "4 → 6" in his) == (False, True)
