"""The Monday check-in marks the KRs already updated since the person's previous check-in, and
keeps numbering every KR, so that answers still name them 1..N."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.check_ins import Reading, record_check_ins, undo_check_ins
from jobs.runner import run_cadence
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.replicas import Replica

WEEK_1 = datetime(2026, 11, 2, 2, 1, tzinfo=UTC)  # Monday 10:01 in Shanghai
WEEK_2 = datetime(2026, 11, 9, 2, 1, tzinfo=UTC)
FRESH = " · 上次更新后已有进展"


def chens_check_ins(bot: Replica) -> list[str]:
    return [s.text for s in bot.platform.sent if s.kind == "dm" and s.to == "ou_chen"]


def kr_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("KR")]


def travel(clock: FixedClock, to: datetime) -> None:
    clock.advance(seconds=(to - clock.now()).total_seconds())


def weekly_check_in(bot: Replica, clock: FixedClock, at: datetime) -> None:
    travel(clock, at)
    run_cadence(bot.runner, "local", WEEKLY_CHECKIN, at)


def test_a_kr_updated_since_the_last_check_in_is_marked_and_keeps_its_number(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    weekly_check_in(bot, clock, WEEK_1)
    clock.advance(days=2)
    record_check_ins(uow, clock, tenant="local", actor="chen", readings=[Reading("kr-c2", 6)])
    weekly_check_in(bot, clock, WEEK_2)
    assert kr_lines(chens_check_ins(bot)[-1]) == [
        "KR1 新流水线上线",
        f"KR2 每周发布次数从 2 次提升到 10 次{FRESH}",
        "KR3 部署时间从 40 分钟降到 20 分钟",
    ]


def test_nothing_is_marked_in_a_first_check_in(bot: Replica, clock: FixedClock) -> None:
    weekly_check_in(bot, clock, WEEK_1)
    assert [FRESH in line for line in kr_lines(chens_check_ins(bot)[-1])] == [False] * 3


def test_an_update_made_before_the_last_check_in_is_not_marked(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    travel(clock, WEEK_1.replace(hour=1))
    record_check_ins(uow, clock, tenant="local", actor="chen", readings=[Reading("kr-c2", 6)])
    weekly_check_in(bot, clock, WEEK_1)
    weekly_check_in(bot, clock, WEEK_2)
    assert [FRESH in line for line in kr_lines(chens_check_ins(bot)[-1])] == [False] * 3


def test_an_undone_update_is_not_marked(
    bot: Replica, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    weekly_check_in(bot, clock, WEEK_1)
    clock.advance(days=2)
    recorded = record_check_ins(
        uow, clock, tenant="local", actor="chen", readings=[Reading("kr-c2", 6)]
    )
    undo_check_ins(
        uow,
        clock,
        tenant="local",
        actor="chen",
        check_in_ids=[c.id for c in recorded.check_ins if c.id is not None],
    )
    weekly_check_in(bot, clock, WEEK_2)
    assert [FRESH in line for line in kr_lines(chens_check_ins(bot)[-1])] == [False] * 3
