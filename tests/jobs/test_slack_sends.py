"""Scheduled sends through the real Slack adapter (slack_sdk against the Web API stand-in on
loopback): errors no retry changes are permanent failures of the port."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from adapters.slack.platform import SlackPlatform
from bot.chat.messages import Message, Section
from bot.ports import SendFailed
from tests.slack.standin import SlackStandIn


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
    return SlackPlatform(slack.api_url, lambda tenant: "xoxb-test")


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
