"""The biweekly digest's numbers come from the check-ins; reminders nudge only who has not
answered, no more than the team allows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.cadences.calendar import team_calendars
from bot.cadences.occasion import Occasion, read_workspace
from bot.cadences.registry import (
    BIWEEKLY_DIGEST,
    CHECKIN_ESCALATION,
    CHECKIN_REMINDER,
    WEEKLY_CHECKIN,
)
from bot.check_ins import Reading, record_check_ins
from bot.digest import team_digest
from bot.ports import SendFailed
from bot.table import import_table
from jobs.runner import run_cadence, tick
from okrbot.platforms import TABLE_COLUMNS
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.replicas import MONDAY, Replica, fake_replica

FRIDAY = datetime(2026, 11, 6, 8, tzinfo=UTC)  # 16:00 in Shanghai: a digest Friday


def check_in(uow: FakeUnitOfWork, clock: FixedClock, author: str, *readings: Reading) -> None:
    record_check_ins(uow, clock, tenant="local", actor=author, readings=list(readings))


def test_the_digest_shows_progress_deltas_since_the_last_digest(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    clock.advance(days=1)
    check_in(uow, clock, "chen", Reading("kr-c2", 6, 0.4))  # 2 → 10 a week, was 4
    digest = team_digest(
        uow,
        tenant="local",
        team_id="platform",
        since=FRIDAY - timedelta(days=14),
        until=FRIDAY,
    )
    kr = next(d for d in digest.key_results if d.kr.id == "kr-c2")
    assert (kr.previous_progress, kr.progress, kr.delta, kr.confidence) == (0.25, 0.5, 0.25, 0.4)


def test_the_digest_shows_the_confidence_trend(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    clock.advance(days=1)
    check_in(uow, clock, "chen", Reading("kr-c2", None, 0.4))
    check_in(uow, clock, "chen", Reading("kr-c2", None, 0.9))
    digest = team_digest(
        uow,
        tenant="local",
        team_id="platform",
        since=FRIDAY - timedelta(days=14),
        until=FRIDAY,
    )
    kr = next(d for d in digest.key_results if d.kr.id == "kr-c2")
    assert (kr.previous_confidence, kr.confidence, kr.confidence_trend) == (0.6, 0.9, 1)


def test_the_digest_counts_who_checked_in(uow: FakeUnitOfWork, clock: FixedClock) -> None:
    clock.advance(days=1)
    check_in(uow, clock, "li", Reading("kr-l1", None, 0.8))
    digest = team_digest(
        uow,
        tenant="local",
        team_id="platform",
        since=FRIDAY - timedelta(days=14),
        until=FRIDAY,
    )
    assert (digest.checked_in, digest.not_checked_in) == (("li",), ("chen",))


def test_the_digest_lists_blockers_and_low_confidence_krs_as_at_risk(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    clock.advance(days=1)
    check_in(uow, clock, "chen", Reading("kr-c2", None, 0.3, True, "waiting on ops"))
    digest = team_digest(
        uow,
        tenant="local",
        team_id="platform",
        since=FRIDAY - timedelta(days=14),
        until=FRIDAY,
    )
    assert (
        [(d.kr.id, c) for d, c in digest.blockers],
        "kr-c2" in [d.kr.id for d in digest.at_risk],
    ) == ([("kr-c2", "waiting on ops")], True)


def test_a_check_in_after_the_digest_is_not_counted_in_it(
    uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    clock.advance(days=6)  # Sunday, after Friday's digest
    check_in(uow, clock, "li", Reading("kr-l1", None, 0.8))
    digest = team_digest(
        uow,
        tenant="local",
        team_id="platform",
        since=FRIDAY - timedelta(days=14),
        until=FRIDAY,
    )
    assert digest.checked_in == ()


def test_the_digest_is_posted_in_the_team_channel_with_its_chart(
    bot: Replica, clock: FixedClock
) -> None:
    clock.advance(days=4, hours=8)
    run_cadence(bot.runner, "local", BIWEEKLY_DIGEST, FRIDAY)
    posted = sorted(p.to for p in bot.platform.posts())
    charted = sorted(channel for channel, _, _ in bot.platform.images)
    assert (posted, charted) == (
        ["oc_eng", "oc_mkt", "oc_platform"],
        ["oc_eng", "oc_mkt", "oc_platform"],
    )


def test_the_digest_chart_plots_each_objectives_progress_against_the_pace(
    bot: Replica, clock: FixedClock
) -> None:
    run_cadence(bot.runner, "local", BIWEEKLY_DIGEST, FRIDAY)
    chart = next(c for c in bot.charts.charts if "平台组" in c.title)
    digest = team_digest(
        bot.unit_of_work(),
        tenant="local",
        team_id="platform",
        since=FRIDAY - timedelta(days=14),
        until=FRIDAY,
    )
    assert chart.progress == tuple(o.progress for o in digest.objectives)


def test_the_reminder_nudges_only_who_has_not_answered(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, clock.now())
    with uow:
        prompt = uow.prompts.latest_for("local", "chen")
        assert prompt is not None
        prompt.status = prompt.status.ANSWERED
        uow.prompts.save(prompt)
        uow.commit()
    before = len(bot.platform.dms())
    clock.advance(days=1, hours=2)
    run_cadence(bot.runner, "local", CHECKIN_REMINDER, clock.now())
    reminded = sorted(bot.platform.dms()[before:])
    assert reminded == ["ou_ceo", "ou_li", "ou_wang"]


def test_no_more_nudges_than_the_team_allows(bot: Replica, clock: FixedClock) -> None:
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, clock.now())
    clock.advance(days=1, hours=2)
    run_cadence(bot.runner, "local", CHECKIN_REMINDER, clock.now())
    uow = bot.unit_of_work()
    with uow:
        team = uow.teams.get("local", "platform")
    assert team is not None
    team.cadences = type(team.cadences)(nudges_per_week=1)
    calendar = team_calendars(bot.unit_of_work(), "local", [team])[team.id]
    workspace = read_workspace(bot.unit_of_work(), "local", objectives=False)
    occasion = Occasion(
        bot.chat, CHECKIN_REMINDER, team, clock.now() + timedelta(hours=1), calendar, workspace
    )
    assert {t.key: t.skip for t in CHECKIN_REMINDER.targets(occasion)} == {
        "li": "nudged_enough",
        "chen": "nudged_enough",
    }


def test_a_digest_post_retried_after_a_failure_uploads_its_chart_once(
    bot: Replica, clock: FixedClock
) -> None:
    bot.platform.fail_for["oc_mkt"] = SendFailed("the channel hiccuped", permanent=False)
    run_cadence(bot.runner, "local", BIWEEKLY_DIGEST, FRIDAY)
    del bot.platform.fail_for["oc_mkt"]
    clock.advance(minutes=30)
    tick(bot.runner)
    charted = [channel for channel, _, _ in bot.platform.images if channel == "oc_mkt"]
    assert ([p.to for p in bot.platform.posts()].count("oc_mkt"), charted) == (1, ["oc_mkt"])


def test_a_manager_hears_of_missing_check_ins_in_each_of_their_teams(clock: FixedClock) -> None:
    uow = FakeUnitOfWork()
    import_table(
        uow,
        clock,
        tenant="local",
        data={
            "period": "2026-Q4",
            "timezone": "UTC",
            "people": [
                {"id": "boss", "name": "Boss", "feishu": "ou_boss"},
                {"id": "a", "name": "Alice", "manager": "boss", "feishu": "ou_a"},
                {"id": "b", "name": "Bob", "manager": "boss", "feishu": "ou_b"},
            ],
            "teams": [
                {"id": "t1", "name": "T1", "lead": "a", "members": ["a"]},
                {"id": "t2", "name": "T2", "lead": "b", "members": ["b"]},
            ],
            "objectives": [
                {
                    "id": f"o{n}",
                    "title": f"O{n}",
                    "owner": who,
                    "key_results": [{"id": f"k{n}", "title": f"K{n}", "start": 0, "target": 10}],
                }
                for n, who in ((1, "a"), (2, "b"))
            ],
        },
        platforms=TABLE_COLUMNS,
    )
    cadences = fake_replica(uow, clock)
    run_cadence(cadences.runner, "local", WEEKLY_CHECKIN, MONDAY + timedelta(hours=10))
    clock.advance(days=2, hours=10)
    run_cadence(cadences.runner, "local", CHECKIN_ESCALATION, clock.now())
    told = sorted(s.text for s in cadences.platform.sent if s.to == "ou_boss")
    assert (len(told), "Alice" in told[0] + told[1], "Bob" in told[0] + told[1]) == (2, True, True)
