"""The long connection (`okrbot serve --platform feishu --socket`): lark-oapi's websocket client
wired to our dispatcher. No connection is opened: the client is inspected, and a frame's
payload is handed to the dispatcher the way the client hands it over."""

from __future__ import annotations

import json
import threading

import lark_oapi as lark

from tests.feishu.cards import shown_text
from tests.feishu.wire import menu, text_message


def test_the_long_connection_hands_events_to_our_dispatcher(feishu) -> None:
    client = feishu.app.connect()
    assert (client._event_handler is feishu.app.dispatcher, client._domain, client._app_id) == (
        True,
        feishu.standin.url,
        feishu.app_id,
    )


def test_an_event_from_the_long_connection_is_answered(feishu) -> None:
    client = feishu.app.connect()
    envelope = feishu.wire.envelope("application.bot.menu_v6", menu("ou_chen", "my_okrs"))
    client._event_handler._do_without_validation(json.dumps(envelope).encode())
    feishu.settle()
    [sent] = feishu.sent_to("ou_chen")
    assert "新流水线上线" in shown_text(sent.card)


def test_an_event_redelivered_over_the_long_connection_is_applied_once(feishu) -> None:
    client = feishu.app.connect()
    feishu.event("application.bot.menu_v6", menu("ou_mia", "check_in"))
    envelope = feishu.wire.envelope(
        "im.message.receive_v1", text_message("ou_mia", "KR2 3 more"), event_id="ev_ws"
    )
    for _ in range(2):
        client._event_handler._do_without_validation(json.dumps(envelope).encode())
    feishu.settle()
    assert feishu.values("kr-e2") == [5]


def test_run_socket_starts_the_client_on_the_calling_thread(feishu, monkeypatch) -> None:
    started: list[tuple[object, str]] = []
    monkeypatch.setattr(
        lark.ws.Client,
        "start",
        lambda self: started.append((self._event_handler, threading.current_thread().name)),
    )
    worker = threading.Thread(target=feishu.app.run_socket, name="feishu-socket")
    worker.start()
    worker.join(timeout=5)
    assert started == [(feishu.app.dispatcher, "feishu-socket")]
