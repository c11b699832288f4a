"""The fan-out in batches, as `okrbot serve` runs it: targets claimed many per statement, sent
from a pool of sender threads, logged many per statement. Exactly once still holds."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.messages import Message, MessageRef
from bot.model import DeliveryStatus
from jobs.pacing import Pacer
from jobs.runner import TickReport, delivery_key, run_cadence, tick
from storage.unit_of_work import SqlUnitOfWork, create_engine_for, session_factory
from tests.fakes import FixedClock, RecordingPlatform, SimulatedCrash
from tests.replicas import MONDAY, Replica, at_once, sql_replica

CHECKED_IN = ["ceo", "chen", "li", "mia", "wang"]
CHECK_IN_MONDAY = datetime(2026, 11, 2, 10, tzinfo=UTC)


def batched(one: Replica, workers: int = 4) -> Replica:
    one.runner = replace(one.runner, batch=50, pacer=Pacer(workers=workers))
    return one


def with_lease(one: Replica, minutes: int) -> Replica:
    one.runner = replace(one.runner, lease=timedelta(minutes=minutes))
    return one


def check_in(one: Replica) -> None:
    run_cadence(one.runner, "local", WEEKLY_CHECKIN, CHECK_IN_MONDAY)


def keys_by_person(platform: RecordingPlatform) -> dict[str, set[str | None]]:
    keys: dict[str, set[str | None]] = defaultdict(set)
    for sent in platform.sent:
        if sent.kind == "dm":
            keys[sent.to].add(sent.key)
    return dict(keys)


def test_a_batched_fan_out_reaches_each_kr_owner_once(bot: Replica) -> None:
    check_in(batched(bot))
    assert sorted(bot.platform.dms()) == sorted(f"ou_{p}" for p in CHECKED_IN)


def test_a_batched_fan_out_logs_every_send(bot: Replica) -> None:
    check_in(batched(bot))
    logged = [d.status for p in CHECKED_IN for d in bot.logged(p, MONDAY)]
    assert logged == [DeliveryStatus.SENT] * len(CHECKED_IN)


def test_a_batched_fan_out_remembers_each_check_in_for_the_answers(
    bot: Replica, sessions: sessionmaker[Session]
) -> None:
    check_in(batched(bot))
    uow = SqlUnitOfWork(sessions)
    with uow:
        prompts = {p: uow.prompts.latest_for("local", p) for p in CHECKED_IN}
    assert {
        p: (prompt.message_id is not None) for p, prompt in prompts.items() if prompt is not None
    } == dict.fromkeys(CHECKED_IN, True)


def test_two_batched_replicas_with_their_own_engines_give_each_person_one_dm(
    bot: Replica, database_url: str, clock: FixedClock
) -> None:
    engine = create_engine_for(database_url)
    try:
        rival = batched(
            sql_replica(session_factory(engine), clock, name="b", platform=bot.platform)
        )
        at_once(check_in, batched(bot), rival)
    finally:
        engine.dispose()
    assert sorted(bot.platform.dms()) == sorted(f"ou_{p}" for p in CHECKED_IN)


def test_each_send_carries_its_deliverys_key(bot: Replica) -> None:
    check_in(bot)
    [mia] = bot.logged("mia", MONDAY)
    assert keys_by_person(bot.platform)["ou_mia"] == {delivery_key(mia)}


def test_a_crash_in_a_batched_fan_out_resends_only_under_the_same_key(
    bot: Replica, sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    tick(bot.runner)
    clock.advance(hours=2, minutes=1)  # 10:01 in Shanghai
    bot.platform.crash_after = 2
    with contextlib.suppress(SimulatedCrash):
        tick(batched(bot, workers=1).runner)
    bot.platform.crash_after = None
    clock.advance(minutes=11)  # past the dead replica's leases
    tick(batched(sql_replica(sessions, clock, name="b", platform=bot.platform)).runner)
    keys = keys_by_person(bot.platform)
    assert (sorted(keys), [len(k) for k in keys.values()]) == (
        ["ou_ceo", "ou_chen", "ou_li", "ou_wang"],
        [1, 1, 1, 1],
    )


def test_a_retried_send_carries_the_same_key(bot: Replica, clock: FixedClock) -> None:
    bot.platform.fail_for["ou_li"] = ConnectionError("network down")
    check_in(bot)
    key = delivery_key(bot.logged("li", MONDAY)[0])
    del bot.platform.fail_for["ou_li"]
    clock.advance(minutes=2)
    tick(bot.runner)
    assert keys_by_person(bot.platform)["ou_li"] == {key}


class SlowPlatform(RecordingPlatform):
    """Each DM takes four minutes; at the third, a rival replica ticks (once)."""

    def __init__(self, clock: FixedClock) -> None:
        super().__init__("feishu", clock)
        self.clock = clock
        self.rival_tick: Callable[[], object] | None = None

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        self.clock.advance(minutes=4)
        if len(self.dms()) == 2 and self.rival_tick is not None:
            rival_tick, self.rival_tick = self.rival_tick, None
            rival_tick()
        return super().send_dm(tenant, user_id, message, key)


def test_a_fan_out_longer_than_its_lease_is_not_taken_over_while_it_runs(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    platform = SlowPlatform(clock)
    slow = with_lease(sql_replica(sessions, clock, platform=platform), minutes=10)
    rival = with_lease(sql_replica(sessions, clock, name="b", platform=platform), minutes=10)
    tick(slow.runner)
    clock.advance(hours=2, minutes=1)  # 10:01 in Shanghai
    reports: list[TickReport] = []
    platform.rival_tick = lambda: reports.append(tick(rival.runner))
    tick(slow.runner)
    assert ([r.redriven for r in reports], sorted(platform.dms())) == (
        [0],
        ["ou_ceo", "ou_chen", "ou_li", "ou_wang"],
    )
