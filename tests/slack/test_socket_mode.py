"""Socket Mode: the same app over Slack's WebSocket (no public URL), against a loopback
WebSocket server speaking Slack's envelope protocol."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator

import pytest
from websockets.sync.server import ServerConnection, serve

from adapters.slack.app import build_slack_app
from storage.migrate import upgrade
from tests.databases import postgres_database
from tests.fakes import FakeUnitOfWork, FixedClock, chats
from tests.processes import free_port, get, okrbot, stop, wait_until
from tests.slack.conftest import BOT_TOKEN
from tests.slack.slack import SIGNING_SECRET
from tests.slack.standin import SlackStandIn, text_of


class SocketModeServer:
    """Sends `hello`, then each envelope queued in `outbox`; collects the acks."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[dict[str, object]] = queue.Queue()
        self.acks: queue.Queue[dict[str, object]] = queue.Queue()
        self._server = serve(self._session, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"

    def _session(self, connection: ServerConnection) -> None:
        connection.send(
            json.dumps(
                {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0OKRBOT"}}
            )
        )
        connection.send(json.dumps(self.outbox.get(timeout=10)))
        for message in connection:
            self.acks.put(json.loads(message))

    def __enter__(self) -> SocketModeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()


@pytest.fixture
def socket_server() -> Iterator[SocketModeServer]:
    with SocketModeServer() as server:
        yield server


def test_a_slash_command_over_socket_mode_is_acked_and_answered(
    socket_server: SocketModeServer, standin: SlackStandIn, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    standin.socket_url = socket_server.url
    socket_server.outbox.put(
        {
            "envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {
                "token": "t",
                "team_id": "T0LOCAL",
                "team_domain": "acme",
                "channel_id": "C0MKT",
                "channel_name": "marketing",
                "user_id": "U0MIA",
                "user_name": "mia",
                "command": "/okr",
                "text": "<@U0RAJ|raj>",
                "api_app_id": "A0OKRBOT",
                "response_url": standin.response_url("socket"),
                "trigger_id": "1.2.3",
            },
        }
    )
    slack_app = build_slack_app(
        chat_for=chats(lambda: uow, clock),
        signing_secret=SIGNING_SECRET,
        api_url=standin.api_url,
        bot_token=BOT_TOKEN,
    )
    handler = slack_app.socket_mode("xapp-1-A0OKRBOT-1-secret")
    handler.connect()
    try:
        ack = socket_server.acks.get(timeout=10)
        answered = standin.wait_for("respond")[0]
    finally:
        handler.close()
    opened = standin.ok_calls("apps.connections.open")[0]
    assert (opened.token, ack["envelope_id"], "Raj Patel" in text_of(answered)) == (
        "xapp-1-A0OKRBOT-1-secret",
        "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
        True,
    )


@pytest.mark.postgres
def test_serve_in_socket_mode_needs_no_signing_secret_and_serves_health_on_its_port(
    socket_server: SocketModeServer, standin: SlackStandIn
) -> None:
    standin.socket_url = socket_server.url
    socket_server.outbox.put(
        {
            "envelope_id": "e-1",
            "type": "events_api",
            "accepts_response_payload": False,
            "payload": {
                "type": "event_callback",
                "event_id": "Ev1",
                "team_id": "T0LOCAL",
                "event": {"type": "app_home_opened", "user": "U0MIA", "tab": "home"},
            },
        }
    )
    port = free_port()
    with postgres_database() as url:
        upgrade(url)
        served = okrbot(
            url,
            "serve",
            "--platform",
            "slack",
            "--socket",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            SLACK_API_URL=standin.api_url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_APP_TOKEN="xapp-1-A0OKRBOT-1-secret",
        )
        try:
            wait_until(lambda: get(f"http://127.0.0.1:{port}/healthz")[0] == 200, 60, "healthy")
            ack = socket_server.acks.get(timeout=30)
            events = get(f"http://127.0.0.1:{port}/slack/events")[0]
        finally:
            code, _, err = stop(served)
    assert (ack["envelope_id"], events, code) == ("e-1", 404, 0), err[-2000:]
