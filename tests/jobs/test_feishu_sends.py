"""Scheduled sends through the real Feishu adapter (lark-oapi against the open-platform stand-in
on loopback), as the scheduler's paced platform makes them: each carries its delivery's key as
the message `uuid`, so a resend after a crash is one message; answers that no retry changes are
permanent failures; "too many requests" is the port's `RateLimited` at once, for the reset
Feishu names, left to the fan-out's pacer (the adapter does not wait it out in the sender
thread), and a fan-out through a rate-limited Feishu still sends each DM once."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.dialect import Dialect
from bot.messages import Message, MessageRef, Section
from bot.model import DeliveryStatus, Person, Team
from bot.ports import ChatPlatform, Profile, RateLimited, SendFailed
from jobs.pacing import Pacer
from jobs.runner import Runner, run_cadence, tick
from tests.fakes import (
    FakeTime,
    FakeUnitOfWork,
    FixedClock,
    SimulatedCrash,
    chats,
)
from tests.feishu.conftest import Feishu
from tests.feishu.standin import FeishuStandIn
from tests.replicas import fake_runner

CHECK_IN = datetime(2026, 11, 2, 2, 1, tzinfo=UTC)  # Monday 10:01 in Shanghai
# The KR owners on Feishu in the Shanghai teams (Mia's Monday in Los Angeles is still to come).
SHANGHAI = ["ou_ceo", "ou_chen", "ou_li", "ou_wang"]
# Everyone on Feishu the week's check-in asks (Raj has no Feishu account).
CHECKED_IN = ["ou_ceo", "ou_chen", "ou_li", "ou_mia", "ou_wang"]


class StandIn(FeishuStandIn):
    """The stand-in, answering sends to some receivers with a Feishu error code."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: dict[str, tuple[int, str]] = {}

    def _create(
        self, query: dict[str, str], body: dict[str, Any], token: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if body.get("receive_id") in self.refuse:
            code, msg = self.refuse[body["receive_id"]]
            return 400, {"code": code, "msg": msg, "error": {"log_id": "log-1"}}, {}
        return super()._create(query, body, token)


class DiesAfterSending:
    """The Feishu platform in a replica that dies right after its first send went through,
    before it could log it."""

    def __init__(self, platform: ChatPlatform) -> None:
        self._platform = platform
        self.armed = True

    @property
    def name(self) -> str:
        return self._platform.name

    @property
    def dialect(self) -> Dialect:
        return self._platform.dialect

    def address(self, person: Person) -> str | None:
        return self._platform.address(person)

    def channel_of(self, team: Team) -> str | None:
        return self._platform.channel_of(team)

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        ref = self._platform.send_dm(tenant, user_id, message, key=key)
        if self.armed:
            self.armed = False
            raise SimulatedCrash(f"died after sending to {user_id}")
        return ref

    def post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        thread: str | None = None,
        key: str | None = None,
    ) -> MessageRef:
        return self._platform.post(tenant, channel, message, thread, key=key)

    def update(self, tenant: str, ref: MessageRef, message: Message) -> None:
        self._platform.update(tenant, ref, message)

    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
        self._platform.upload_image(tenant, channel, png, title)

    def lookup_user(self, tenant: str, user_id: str) -> Profile | None:
        return self._platform.lookup_user(tenant, user_id)


@pytest.fixture
def standin() -> Iterator[StandIn]:
    server = StandIn()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def feishu(standin: StandIn, uow: FakeUnitOfWork) -> Iterator[Feishu]:
    app = Feishu(standin, lambda: uow, FixedClock(CHECK_IN))
    yield app
    app.close()


def cadences(
    feishu: Feishu,
    uow: FakeUnitOfWork,
    clock: FixedClock,
    platform: ChatPlatform | None = None,
    pacer: Pacer | None = None,
) -> Runner:
    """The cadences as `okrbot serve` runs them: sending through the app's scheduled port.
    Runners over one unit of work share its claims, as replicas share the database."""
    return fake_runner(chats(lambda: uow, clock)(platform or feishu.app.scheduled), uow, pacer)


def receivers(standin: FeishuStandIn) -> list[str]:
    return sorted(s.receive_id for s in standin.sent)


def test_a_check_in_resent_after_a_crash_between_send_and_log_is_one_message(
    feishu: Feishu, standin: StandIn, uow: FakeUnitOfWork
) -> None:
    clock = FixedClock(CHECK_IN)
    dying = cadences(feishu, uow, clock, DiesAfterSending(feishu.app.scheduled))
    with contextlib.suppress(SimulatedCrash):
        run_cadence(dying, "local", WEEKLY_CHECKIN, CHECK_IN)
    clock.advance(minutes=11)  # past the dead replica's leases
    tick(cadences(feishu, uow, clock))
    assert receivers(standin) == SHANGHAI


# The codes and messages as the error tables of im-v1/message/create and reply give them.
@pytest.mark.parametrize(
    ("code", "msg", "reason"),
    [
        (230013, "Bot has NO availability to this user.", "user outside the bot's availability"),
        (230029, "User has resigned.", "user has resigned"),
        (230034, "The receive_id is invalid.", "no such receiver"),
        (
            230053,
            "The user has stopped the bot from sending messages.",
            "user stopped the bot's messages",
        ),
    ],
)
def test_a_dm_to_someone_the_bot_cannot_reach_is_a_permanent_failure(
    feishu: Feishu, standin: StandIn, code: int, msg: str, reason: str
) -> None:
    standin.refuse["ou_li"] = (code, msg)
    with pytest.raises(SendFailed) as failed:
        feishu.app.scheduled.send_dm("local", "ou_li", Message.of(Section("hello")))
    assert (failed.value.permanent, failed.value.reason) == (True, reason)


@pytest.mark.parametrize(
    ("code", "msg", "reason"),
    [
        (230002, "The bot can not be outside the group.", "bot not in the chat"),
        (
            232009,
            "Your request specifies a chat which has already been dissolved.",
            "chat disbanded",
        ),
    ],
)
def test_a_post_to_a_group_the_bot_cannot_reach_is_a_permanent_failure(
    feishu: Feishu, standin: StandIn, code: int, msg: str, reason: str
) -> None:
    standin.refuse["oc_eng"] = (code, msg)
    with pytest.raises(SendFailed) as failed:
        feishu.app.scheduled.post("local", "oc_eng", Message.of(Section("hello")))
    assert (failed.value.permanent, failed.value.reason) == (True, reason)


def test_another_feishu_error_is_not_a_failure_of_the_port(
    feishu: Feishu, standin: StandIn
) -> None:
    standin.refuse["oc_eng"] = (230099, "Failed to create card content.")
    with pytest.raises(Exception) as failed:
        feishu.app.scheduled.post("local", "oc_eng", Message.of(Section("hello")))
    assert isinstance(failed.value, SendFailed) is False


# "Too many requests": 429 / 99991400 (400 from older APIs), and the message APIs' 230020.
TOO_MANY = [(429, 99991400), (400, 99991400), (400, 230020)]


@pytest.mark.parametrize(("status", "code"), TOO_MANY)
def test_a_rate_limited_send_is_rate_limited_for_the_reset_feishu_names(
    feishu: Feishu, standin: StandIn, status: int, code: int
) -> None:
    standin.limit_next(1, reset_seconds=4, status=status, code=code)
    with pytest.raises(RateLimited) as limited:
        feishu.app.scheduled.send_dm("local", "ou_mia", Message.of(Section("hello")))
    assert (limited.value.permanent, limited.value.retry_after) == (False, 4.0)


def test_a_scheduled_send_leaves_a_rate_limit_to_the_pacer_instead_of_retrying_it(
    feishu: Feishu, standin: StandIn
) -> None:
    standin.limit_next(3, reset_seconds=7)
    with pytest.raises(RateLimited):
        feishu.app.scheduled.post("local", "oc_eng", Message.of(Section("hello")))
    assert (standin.rate_limited_answers, feishu.waits, standin.sent) == (1, [], [])


def test_the_pacer_waits_out_feishus_reset_and_sends_the_dm_once(
    feishu: Feishu, standin: StandIn
) -> None:
    standin.limit_next(1, reset_seconds=7)
    time = FakeTime()
    pacer = Pacer(monotonic=time.monotonic, sleep=time.sleep)
    pacer.send(lambda: feishu.app.scheduled.send_dm("local", "ou_mia", Message.of(Section("hi"))))
    assert (time.waits, receivers(standin)) == ([7.0], ["ou_mia"])


def test_a_check_in_fan_out_through_a_rate_limited_feishu_sends_each_dm_once(
    feishu: Feishu, standin: StandIn, uow: FakeUnitOfWork
) -> None:
    standin.limit_next(6, reset_seconds=30)
    time = FakeTime()
    bot = cadences(
        feishu,
        uow,
        FixedClock(CHECK_IN),
        pacer=Pacer(workers=4, monotonic=time.monotonic, sleep=time.sleep),
    )
    run_cadence(bot, "local", WEEKLY_CHECKIN, CHECK_IN)
    assert (standin.rate_limited_answers, receivers(standin)) == (6, CHECKED_IN)


def test_a_check_in_to_someone_gone_is_logged_failed_and_not_retried(
    feishu: Feishu, standin: StandIn, uow: FakeUnitOfWork
) -> None:
    standin.refuse["ou_li"] = (230013, "Bot has NO availability to this user.")
    clock = FixedClock(CHECK_IN)
    bot = cadences(feishu, uow, clock)
    run_cadence(bot, "local", WEEKLY_CHECKIN, CHECK_IN)
    with uow:
        logged = uow.delivery_log.of_person("local", "li", CHECK_IN.replace(hour=0))
    assert [(d.status, d.detail) for d in logged] == [
        (DeliveryStatus.FAILED, "user outside the bot's availability")
    ]
