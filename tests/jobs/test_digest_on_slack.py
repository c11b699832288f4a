"""The biweekly digest of a team of 100 through the real Slack adapter (slack_sdk against the
Web API stand-in on loopback): one post within Block Kit's 50 blocks that ends with its last
section (nothing cut off), then its chart, well under a megabyte."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from adapters.slack.platform import SlackPlatform
from bot.cadences.registry import BIWEEKLY_DIGEST
from bot.context import Chat
from bot.texts import Texts
from jobs.runner import run_cadence
from okrbot.charts import MatplotlibCharts
from tests.fakes import FixedClock
from tests.replicas import fake_runner
from tests.slack.standin import SlackStandIn, blocks_of
from tests.workspace import checked_in_team

DIGEST = datetime(2026, 11, 6, 8, tzinfo=UTC)  # Friday 16:00 in Shanghai, a digest Friday


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackStandIn]:
    """The stand-in, once the digest was posted through it."""
    with SlackStandIn() as standin:
        uow = checked_in_team(100)
        clock = FixedClock(DIGEST)
        port = SlackPlatform(standin.api_url, lambda tenant: "xoxb-test", paced=True)
        chat = Chat(lambda: uow, clock, port, Texts(port.dialect), MatplotlibCharts())
        run_cadence(fake_runner(chat, uow), "local", BIWEEKLY_DIGEST, DIGEST)
        yield standin


def test_the_digest_of_a_team_of_100_is_one_post_within_block_kits_limit(
    slack: SlackStandIn,
) -> None:
    [post] = slack.ok_calls("chat.postMessage")
    assert (post.args["channel"], len(blocks_of(post)) <= 50) == ("C0BIG", True)


def test_the_digest_of_a_team_of_100_reaches_slack_down_to_its_last_section(
    slack: SlackStandIn,
) -> None:
    [post] = slack.ok_calls("chat.postMessage")
    last = json.dumps(blocks_of(post)[-1])
    assert "Next fortnight: bring your top priorities" in last


def test_the_chart_of_a_team_of_100_is_uploaded_under_a_megabyte(slack: SlackStandIn) -> None:
    [upload] = slack.ok_calls("upload")
    assert 0 < upload.args["body_bytes"] < 1_000_000
