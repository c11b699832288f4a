"""Scheduled sends through the real Feishu adapter (lark-oapi against the open-platform stand-in
on loopback): each carries its delivery's key as the message `uuid`, so a resend after a crash
is one message; answers that no retry changes are permanent failures; a send still rate-limited
after the adapter's own retries is `RateLimited`, for the pacer."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.cadences.runner import Cadences, run_cadence, tick
from bot.cadences.settings import Cadence
from bot.chat.context import Chat
from bot.chat.dialect import Dialect
from bot.chat.messages import Message, MessageRef, Section
from bot.chat.texts import Texts
from bot.model import DeliveryStatus
from bot.ports import ChatPlatform, Profile, RateLimited, SendFailed
from tests.fakes import FakeCharts, FakeDeliveries, FakeUnitOfWork, FixedClock, SimulatedCrash
from tests.feishu.conftest import Feishu
from tests.feishu.standin import FeishuStandIn

CHECK_IN = datetime(2026, 11, 2, 2, 1, tzinfo=UTC)  # Monday 10:01 in Shanghai
# The KR owners on Feishu in the Shanghai teams (Mia's Monday in Los Angeles is still to come).
SHANGHAI = ["ou_ceo", "ou_chen", "ou_li", "ou_wang"]


class StandIn(FeishuStandIn):
    """The stand-in, answering sends to some receivers with a Feishu error code."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: dict[str, tuple[int, str]] = {}

    def _create(self, query: dict[str, str], body: dict[str, Any],
                token: str) -> tuple[int, dict[str, Any], dict[str, str]]:
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

    def send_dm(self, tenant: str, user_id: str, message: Message,
                key: str | None = None) -> MessageRef:
        ref = self._platform.send_dm(tenant, user_id, message, key=key)
        if self.armed:
            self.armed = False
            raise SimulatedCrash(f"died after sending to {user_id}")
        return ref

    def post(self, tenant: str, channel: str, message: Message, thread: str | None = None,
             key: str | None = None) -> MessageRef:
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


def cadences(feishu: Feishu, uow: FakeUnitOfWork, clock: FixedClock,
             platform: ChatPlatform | None = None,
             deliveries: FakeDeliveries | None = None) -> Cadences:
    platform = platform or feishu.app.platform
    chat = Chat(lambda: uow, clock, platform, Texts(platform.dialect))
    return Cadences(chat, deliveries or FakeDeliveries(uow), FakeCharts())


def receivers(standin: FeishuStandIn) -> list[str]:
    return sorted(s.receive_id for s in standin.sent)


def test_a_check_in_resent_after_a_crash_between_send_and_log_is_one_message(
        feishu: Feishu, standin: StandIn, uow: FakeUnitOfWork) -> None:
    clock = FixedClock(CHECK_IN)
    deliveries = FakeDeliveries(uow)
    dying = cadences(feishu, uow, clock, DiesAfterSending(feishu.app.platform), deliveries)
    with contextlib.suppress(SimulatedCrash):
        run_cadence(dying, "local", Cadence.WEEKLY_CHECKIN, CHECK_IN)
    clock.advance(minutes=11)  # past the dead replica's leases
    tick(cadences(feishu, uow, clock, deliveries=deliveries))
    assert receivers(standin) == SHANGHAI


def test_a_user_outside_the_bots_availability_is_a_permanent_failure(
        feishu: Feishu, standin: StandIn) -> None:
    standin.refuse["ou_li"] = (230013, "Bot has NO availability to this user.")
    with pytest.raises(SendFailed) as failed:
        feishu.app.platform.send_dm("local", "ou_li", Message.of(Section("hello")))
    assert (failed.value.permanent, failed.value.reason) == (
        True, "user outside the bot's availability")


def test_a_group_the_bot_was_removed_from_is_a_permanent_failure(
        feishu: Feishu, standin: StandIn) -> None:
    standin.refuse["oc_eng"] = (230002, "The bot can not be outside the group.")
    with pytest.raises(SendFailed) as failed:
        feishu.app.platform.post("local", "oc_eng", Message.of(Section("hello")))
    assert (failed.value.permanent, failed.value.reason) == (True, "bot not in the chat")


def test_a_send_still_rate_limited_after_the_adapters_retries_is_rate_limited(
        feishu: Feishu, standin: StandIn) -> None:
    standin.limit_next(10, reset_seconds=4)
    with pytest.raises(RateLimited) as limited:
        feishu.app.platform.send_dm("local", "ou_mia", Message.of(Section("hello")))
    assert (limited.value.permanent, limited.value.retry_after, standin.sent) == (
        False, 4.0, [])


def test_a_check_in_to_someone_gone_is_logged_failed_and_not_retried(
        feishu: Feishu, standin: StandIn, uow: FakeUnitOfWork) -> None:
    standin.refuse["ou_li"] = (230013, "Bot has NO availability to this user.")
    clock = FixedClock(CHECK_IN)
    bot = cadences(feishu, uow, clock)
    run_cadence(bot, "local", Cadence.WEEKLY_CHECKIN, CHECK_IN)
    logged = bot.deliveries.of_person("local", "li", CHECK_IN.replace(hour=0))
    assert [(d.status, d.detail) for d in logged] == [
        (DeliveryStatus.FAILED, "user outside the bot's availability")]
