"""Scheduled sends through the real Slack adapter (slack_sdk against the Web API stand-in on
loopback): errors no retry changes are permanent failures of the port; a 429 is the port's
`RateLimited` with Slack's `Retry-After`, left to the fan-out's pacer (the adapter does not
sleep it out in the sender thread), and a fan-out through a rate-limited Slack still posts
each DM once. A post whose fate is unknown (a 500 or a timeout after Slack posted it, a crash
before it was logged) is found by its key in the channel's history, never posted twice."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.slack.platform import SlackPlatform
from bot.cadences.registry import WEEKLY_CHECKIN
from bot.messages import Message, MessageRef, Section
from bot.ports import RateLimited, SendFailed, SendUnknown
from jobs.pacing import Pacer
from jobs.runner import run_cadence, tick
from tests.fakes import FakeTime, FakeUnitOfWork, FixedClock, SimulatedCrash, chats
from tests.replicas import fake_runner
from tests.slack.standin import SlackStandIn

CHECK_IN = datetime(2026, 11, 2, 2, 1, tzinfo=UTC)  # Monday 10:01 in Shanghai
# The DM channels of the KR owners on Slack (the stand-in opens `D<user>` for a user).
CHECKED_IN = ["DU0CEO", "DU0MIA", "DU0RAJ", "DU0WANG"]


class StandIn(SlackStandIn):
    """The stand-in, answering some calls with a Slack error (HTTP 200, `ok: false`)."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: dict[tuple[str, str], str] = {}  # (method, user or channel) → error

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        target = str(args.get("users") or args.get("channel") or "")
        if (method, target) in self.refuse:
            return {"ok": False, "error": self.refuse[(method, target)]}
        return super()._answer(method, args, token)


@pytest.fixture
def slack() -> Iterator[StandIn]:
    with StandIn() as standin:
        yield standin


def platform(slack: StandIn) -> SlackPlatform:
    """The port the scheduler sends through, as `okrbot serve` wires it."""
    return SlackPlatform(slack.api_url, lambda tenant: "xoxb-test", paced=True)


def posted_channels(slack: StandIn) -> list[str]:
    return sorted(str(call.args["channel"]) for call in slack.ok_calls("chat.postMessage"))


@pytest.mark.parametrize("error", ["user_not_found", "account_inactive"])
def test_a_dm_to_someone_gone_is_a_permanent_failure(slack: StandIn, error: str) -> None:
    slack.refuse[("conversations.open", "U0GONE")] = error
    with pytest.raises(SendFailed) as failed:
        platform(slack).send_dm("local", "U0GONE", Message.of(Section("hello")))
    assert (failed.value.permanent, failed.value.reason) == (True, error)


@pytest.mark.parametrize("error", ["channel_not_found", "is_archived"])
def test_a_post_to_a_channel_gone_is_a_permanent_failure(slack: StandIn, error: str) -> None:
    slack.refuse[("chat.postMessage", "C0OLD")] = error
    with pytest.raises(SendFailed) as failed:
        platform(slack).post("local", "C0OLD", Message.of(Section("hello")))
    assert (failed.value.permanent, failed.value.reason) == (True, error)


def test_another_slack_error_is_not_a_failure_of_the_port(slack: StandIn) -> None:
    slack.refuse[("chat.postMessage", "C0ENG")] = "invalid_blocks"
    with pytest.raises(Exception) as failed:
        platform(slack).post("local", "C0ENG", Message.of(Section("hello")))
    assert isinstance(failed.value, SendFailed) is False


def test_a_rate_limited_send_is_rate_limited_for_slacks_retry_after(slack: StandIn) -> None:
    slack.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(RateLimited) as limited:
        platform(slack).send_dm("local", "U0MIA", Message.of(Section("hello")))
    assert (limited.value.permanent, limited.value.retry_after) == (False, 7.0)


def test_a_scheduled_send_leaves_a_429_to_the_pacer_instead_of_retrying_it(slack: StandIn) -> None:
    slack.rate_limit("chat.postMessage", times=3, retry_after=7)
    with pytest.raises(RateLimited):
        platform(slack).post("local", "C0ENG", Message.of(Section("hello")))
    assert (len(slack.limited_calls("chat.postMessage")), slack.ok_calls("chat.postMessage")) == (
        1,
        [],
    )


def test_the_pacer_waits_out_slacks_retry_after_and_posts_the_dm_once(slack: StandIn) -> None:
    slack.rate_limit("chat.postMessage", retry_after=7)
    time = FakeTime()
    pacer = Pacer(monotonic=time.monotonic, sleep=time.sleep)
    pacer.send(lambda: platform(slack).send_dm("local", "U0MIA", Message.of(Section("hi"))))
    assert (time.waits, posted_channels(slack)) == ([7.0], ["DU0MIA"])


def test_a_check_in_fan_out_through_a_rate_limited_slack_posts_each_dm_once(
    slack: StandIn, uow: FakeUnitOfWork
) -> None:
    slack.rate_limit("chat.postMessage", times=6, retry_after=30)
    time = FakeTime()
    clock = FixedClock(CHECK_IN)
    port = platform(slack)
    bot = fake_runner(
        chats(lambda: uow, clock)(port),
        uow,
        pacer=Pacer(workers=4, monotonic=time.monotonic, sleep=time.sleep),
    )
    run_cadence(bot, "local", WEEKLY_CHECKIN, CHECK_IN)
    assert (len(slack.limited_calls("chat.postMessage")), posted_channels(slack)) == (6, CHECKED_IN)


def dm_posts(slack: StandIn) -> dict[str, int]:
    """How many messages each DM channel holds, whatever Slack answered when posting them."""
    return {c: n for c, n in slack.posted().items() if c.startswith("D")}


def test_every_post_carries_its_key_in_the_messages_metadata(slack: StandIn) -> None:
    platform(slack).post("local", "C0ENG", Message.of(Section("hello")), key="k-1")
    [call] = slack.ok_calls("chat.postMessage")
    assert call.args["metadata"] == {
        "event_type": "okrbot_delivery",
        "event_payload": {"key": "k-1"},
    }


def test_a_post_answered_500_after_it_was_posted_is_found_and_not_posted_again(
    slack: StandIn,
) -> None:
    slack.fail_after_posting(every=1)
    ref = platform(slack).send_dm("local", "U0MIA", Message.of(Section("hi")), key="k-2")
    assert (ref.channel, dm_posts(slack)) == ("DU0MIA", {"DU0MIA": 1})


def test_a_post_that_timed_out_after_it_was_posted_is_found_and_not_posted_again(
    slack: StandIn,
) -> None:
    slack.hang_after_posting(seconds=2)
    impatient = SlackPlatform(slack.api_url, lambda tenant: "xoxb-test", paced=True, timeout=1)
    ref = impatient.send_dm("local", "U0MIA", Message.of(Section("hi")), key="k-3")
    assert (ref.channel, dm_posts(slack)) == ("DU0MIA", {"DU0MIA": 1})


def test_a_post_answered_500_that_never_posted_is_a_send_whose_fate_is_unknown(
    slack: StandIn,
) -> None:
    slack.fail("chat.postMessage", 500)
    with pytest.raises(SendUnknown):
        platform(slack).send_dm("local", "U0MIA", Message.of(Section("hi")), key="k-4")
    assert dm_posts(slack) == {}


def test_a_post_is_never_retried_by_the_sdk_after_a_server_error(slack: StandIn) -> None:
    slack.fail_after_posting(every=1)
    platform(slack).post("local", "C0ENG", Message.of(Section("hello")), key="k-5")
    assert [c.status for c in slack.calls if c.method == "chat.postMessage"] == [500]


def test_a_check_in_fan_out_through_a_slack_failing_after_posting_posts_each_dm_once(
    slack: StandIn, uow: FakeUnitOfWork
) -> None:
    slack.fail_after_posting(every=2)
    clock = FixedClock(CHECK_IN)
    bot = fake_runner(chats(lambda: uow, clock)(platform(slack)), uow, pacer=Pacer(workers=4))
    run_cadence(bot, "local", WEEKLY_CHECKIN, CHECK_IN)
    assert dm_posts(slack) == dict.fromkeys(CHECKED_IN, 1)


class DiesAfterPosting(SlackPlatform):
    """The scheduled Slack port of a replica that dies right after its first post went out,
    before it could log it."""

    armed = True

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        ref = super().send_dm(tenant, user_id, message, key)
        if self.armed:
            DiesAfterPosting.armed = False
            raise SimulatedCrash(f"died after posting to {user_id}")
        return ref


def test_a_dm_posted_just_before_a_crash_is_found_by_the_next_replica_not_posted_again(
    slack: StandIn, uow: FakeUnitOfWork
) -> None:
    clock = FixedClock(CHECK_IN)
    dying = DiesAfterPosting(slack.api_url, lambda tenant: "xoxb-test", paced=True)
    with contextlib.suppress(SimulatedCrash):
        run_cadence(
            fake_runner(chats(lambda: uow, clock)(dying), uow), "local", WEEKLY_CHECKIN, CHECK_IN
        )
    clock.advance(minutes=1)  # past the dead replica's leases
    report = tick(fake_runner(chats(lambda: uow, clock)(platform(slack)), uow))
    # The Shanghai teams' occurrence (Marketing's, in Los Angeles, was last week's: past grace).
    assert (report.outcomes["found"], dm_posts(slack)) == (1, {"DU0CEO": 1, "DU0WANG": 1})
