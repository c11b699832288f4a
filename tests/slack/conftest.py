"""The real Bolt app behind our real WSGI app, served by waitress on loopback, talking to the
Slack stand-in; the OKRs in the in-memory workspace of `tests/workspace.py` unless a test
says otherwise."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from adapters.slack.app import OAuth, SlackApp, build_slack_app
from bot.ports import UnitOfWork
from okrbot.serve import wsgi_app
from tests.fakes import FakeUnitOfWork, FixedClock
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


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(slack_app: SlackApp) -> Iterator[str]:
    """Our WSGI app (as `okrbot serve` builds it) on a threaded server on loopback."""
    server = make_server("127.0.0.1", 0, wsgi_app(slack_app.routes()),
                         server_class=ThreadingServer, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def start(standin: SlackStandIn, unit_of_work: Callable[[], UnitOfWork], clock: FixedClock, *,
          oauth: OAuth | None = None) -> Iterator[Served]:
    executor = ThreadPoolExecutor(max_workers=8)
    slack_app = build_slack_app(unit_of_work=unit_of_work, clock=clock,
                                signing_secret=SIGNING_SECRET, api_url=standin.api_url,
                                bot_token=None if oauth else BOT_TOKEN, oauth=oauth,
                                executor=executor)
    for base in serve(slack_app):
        yield Served(slack_app, f"{base}/slack/events", executor)
    executor.shutdown(wait=True)


@pytest.fixture
def served(standin: SlackStandIn, uow: FakeUnitOfWork, clock: FixedClock) -> Iterator[Served]:
    yield from start(standin, lambda: uow, clock)


@pytest.fixture
def slack(served: Served, standin: SlackStandIn) -> Slack:
    return Slack(served.url, standin)
