"""Nobody lost, nobody twice, whoever stops or dies: a stopping replica releases what it claimed
and did not send, so the next one takes it at once; a fan-out is done only once every target is
settled, whoever claimed it; claims a dead replica stranded are driven again by any replica."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.messages import Message, MessageRef
from bot.model import Delivery, DeliveryStatus
from jobs.pacing import Pacer
from jobs.runner import FANOUT, run_cadence, tick
from tests.fakes import FixedClock, RecordingPlatform, SimulatedCrash
from tests.replicas import MONDAY, Replica, sql_replica

CHECKED_IN = ["ou_ceo", "ou_chen", "ou_li", "ou_mia", "ou_wang"]
CHECK_IN_MONDAY = datetime(2026, 11, 2, 10, tzinfo=UTC)


def check_in(one: Replica) -> None:
    run_cadence(one.runner, "local", WEEKLY_CHECKIN, CHECK_IN_MONDAY)


def batched(one: Replica) -> Replica:
    one.runner = replace(one.runner, batch=50, pacer=Pacer(workers=2))
    return one


def rows(one: Replica) -> list[Delivery]:
    """Every delivery of the week's check-in: each team's occurrence, its fan-out and targets."""
    occurrences = {
        d.occurrence for p in ("ceo", "chen", "li", "mia", "wang") for d in one.logged(p, MONDAY)
    }
    return [
        d
        for occurrence in sorted(occurrences)
        for d in one.claims.of_occurrence("local", "weekly-checkin", occurrence)
    ]


class Hook(RecordingPlatform):
    """Runs `before_send` (once) just before its `nth` DM is sent."""

    def __init__(self, clock: FixedClock, nth: int) -> None:
        super().__init__("feishu", clock)
        self.nth = nth
        self.before_send: list[object] = []

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        if len(self.dms()) == self.nth - 1 and self.before_send:
            hook = self.before_send.pop()
            assert callable(hook)
            hook()
        return super().send_dm(tenant, user_id, message, key)


def stopped_at_the_second_dm(sessions: sessionmaker[Session], clock: FixedClock) -> Replica:
    """A batched replica that is told to stop (SIGTERM) as its second DM goes out, and has
    run the week's check-in to its end."""
    platform = Hook(clock, nth=2)
    one = batched(sql_replica(sessions, clock, platform=platform))
    platform.before_send.append(one.runner.stopping.set)
    check_in(one)
    return one


def test_a_stopping_replica_sends_nothing_more_than_what_was_under_way(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    one = stopped_at_the_second_dm(sessions, clock)
    assert len(one.platform.dms()) <= 3  # the DM under way in each of the two senders, at most


def test_a_stopping_replica_releases_its_unsent_claims_for_the_next_one_at_once(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    one = stopped_at_the_second_dm(sessions, clock)
    unsent = [d for d in rows(one) if d.status is DeliveryStatus.CLAIMED]
    assert [(d.lease_until, d.attempts) for d in unsent] == [(clock.now(), 0)] * len(unsent)


def test_what_a_stopping_replica_left_is_sent_by_the_next_one_once_without_waiting(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    one = stopped_at_the_second_dm(sessions, clock)
    check_in(sql_replica(sessions, clock, name="b", platform=one.platform))
    assert sorted(one.platform.dms()) == CHECKED_IN


def test_a_stopping_replica_leaves_its_fan_outs_open_for_any_replica(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    one = stopped_at_the_second_dm(sessions, clock)
    fanouts = [d for d in rows(one) if d.target.startswith(FANOUT)]
    assert {(d.status, d.lease_until) for d in fanouts} == {(DeliveryStatus.OPEN, clock.now())}


def dies_while_the_owner_sends(
    sessions: sessionmaker[Session], clock: FixedClock
) -> tuple[Replica, Replica]:
    """The owner of the fan-outs starts sending; meanwhile a rival run claims targets one by
    one, sends one and dies holding the next."""
    owner_platform = Hook(clock, nth=1)
    owner = sql_replica(sessions, clock, platform=owner_platform)
    rival = sql_replica(sessions, clock, name="n")
    rival.platform.crash_after = 1

    def rival_run() -> None:
        with contextlib.suppress(SimulatedCrash):
            check_in(rival)

    owner_platform.before_send.append(rival_run)
    check_in(owner)
    return owner, rival


def test_a_fan_out_is_not_done_while_a_dead_rivals_claim_is_unsent(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    owner, _ = dies_while_the_owner_sends(sessions, clock)
    fanouts = {d.status for d in rows(owner) if d.target.startswith(FANOUT)}
    assert DeliveryStatus.OPEN in fanouts


def test_a_claim_stranded_by_a_dead_rival_is_sent_once_by_the_next_tick_past_its_lease(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    owner, rival = dies_while_the_owner_sends(sessions, clock)
    clock.advance(minutes=1)  # past the dead rival's lease (45 s)
    tick(owner.runner)
    assert sorted(owner.platform.dms() + rival.platform.dms()) == CHECKED_IN


def test_once_every_target_is_settled_the_fan_outs_are_done(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    owner, _ = dies_while_the_owner_sends(sessions, clock)
    clock.advance(minutes=1)
    tick(owner.runner)
    fanouts = {d.status for d in rows(owner) if d.target.startswith(FANOUT)}
    assert fanouts == {DeliveryStatus.DONE}


def test_a_stranded_claim_is_driven_again_even_where_its_fan_out_was_closed(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    owner, rival = dies_while_the_owner_sends(sessions, clock)
    # What the previous release left: the owner closed the fan-outs whatever its rivals held.
    for fanout in [d for d in rows(owner) if d.target.startswith(FANOUT)]:
        owner.claims.finish(replace(fanout, status=DeliveryStatus.DONE))
    clock.advance(minutes=1)
    tick(owner.runner)
    assert sorted(owner.platform.dms() + rival.platform.dms()) == CHECKED_IN


def test_a_replica_helps_with_a_fan_out_another_one_holds(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    owner_platform = Hook(clock, nth=1)
    owner = sql_replica(sessions, clock, platform=owner_platform)
    helper = sql_replica(sessions, clock, name="b")
    tick(owner.runner)
    clock.advance(hours=2, minutes=1)  # 10:01 in Shanghai
    reports = []
    owner_platform.before_send.append(lambda: reports.append(tick(helper.runner)))
    tick(owner.runner)
    both = owner.platform.dms() + helper.platform.dms()
    assert ([r.joined > 0 for r in reports], len(helper.platform.dms()) > 0, len(both)) == (
        [True],
        True,
        len(set(both)),
    )


def test_a_fan_out_that_only_waits_for_a_retry_is_left_alone_until_its_time(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    one = sql_replica(sessions, clock)
    one.platform.fail_for["ou_li"] = ConnectionError("network down")
    check_in(one)
    clock.advance(seconds=30)  # the retry is a minute away
    report = tick(sql_replica(sessions, clock, name="b").runner)
    assert (report.joined, report.redriven) == (0, 0)


class HangsAtFirstDm(RecordingPlatform):
    """Its first DM never answers (until `free` is set); as it hangs, the replica is stopped."""

    def __init__(self, clock: FixedClock, stopping: threading.Event) -> None:
        super().__init__("feishu", clock)
        self.stopping = stopping
        self.free = threading.Event()
        self.hung: str | None = None

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        if self.hung is None:
            self.hung = user_id
            self.stopping.set()
            self.free.wait(30)
        return super().send_dm(tenant, user_id, message, key)


def test_a_send_still_under_way_after_the_drain_keeps_its_lease(
    sessions: sessionmaker[Session], clock: FixedClock
) -> None:
    stopping = threading.Event()
    platform = HangsAtFirstDm(clock, stopping)
    one = sql_replica(sessions, clock, platform=platform)
    one.runner = replace(one.runner, batch=50, pacer=Pacer(workers=2), stopping=stopping, drain=0.2)
    try:
        check_in(one)
        hung = [d for d in rows(one) if d.target == (platform.hung or "")[3:]]
    finally:
        platform.free.set()
    assert [(d.status, d.lease_until, d.attempts) for d in hung] == [
        (DeliveryStatus.CLAIMED, clock.now() + one.runner.lease, 1)
    ]
