"""The real Bolt app behind our real WSGI app, served on loopback, talking to the
Slack stand-in; the OKRs in the in-memory workspace of `tests/workspace.py` unless a test
says otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from adapters.slack.app import OAuth, SlackApp, build_slack_app
from bot.ports import UnitOfWork
from tests.fakes import FakeUnitOfWork, FixedClock, chats
from tests.serving import serving
from tests.slack.slack import SIGNING_SECRET, Slack
from tests.slack.standin import SlackStandIn

BOT_TOKEN = "xoxb-local-token"


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as running:
        yield running


@dataclass
class Served:
    """The bot, served. `settle()` waits until every listener has finished its work."""

    slack_app: SlackApp
    url: str
    executor: ThreadPoolExecutor

    def settle(self) -> None:
        self.executor.shutdown(wait=True)


def start(
    standin: SlackStandIn,
    unit_of_work: Callable[[], UnitOfWork],
    clock: FixedClock,
    *,
    oauth: OAuth | None = None,
) -> Iterator[Served]:
    executor = ThreadPoolExecutor(max_workers=8)
    slack_app = build_slack_app(
        chat_for=chats(unit_of_work, clock),
        signing_secret=SIGNING_SECRET,
        api_url=standin.api_url,
        bot_token=None if oauth else BOT_TOKEN,
        oauth=oauth,
        executor=executor,
    )
    with serving(slack_app.routes()) as base:
        yield Served(slack_app, f"{base}/slack/events", executor)
    executor.shutdown(wait=True)


@pytest.fixture
def served(standin: SlackStandIn, uow: FakeUnitOfWork, clock: FixedClock) -> Iterator[Served]:
    yield from start(standin, lambda: uow, clock)


@pytest.fixture
def slack(served: Served, standin: SlackStandIn) -> Slack:
    return Slack(served.url, standin)
