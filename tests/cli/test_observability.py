"""What an operator sees of a running bot: `/healthz` (the database answers, the scheduler
ticks), `/metrics` (Prometheus text), and the logs (text or one JSON object a line, never a
secret)."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterable
from typing import Any

import pytest

from okrbot.logs import configure_logging
from okrbot.metrics import PrometheusMeter
from okrbot.serve import Health, WsgiApp, wsgi_app


def get(app: WsgiApp, path: str) -> tuple[str, str]:
    statuses: list[str] = []
    body = app(
        {"REQUEST_METHOD": "GET", "PATH_INFO": path},
        lambda status, headers: statuses.append(status),
    )
    return statuses[0], b"".join(body).decode()


def answers_ok(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def database_gone() -> None:
    raise ConnectionRefusedError("no database")


def test_health_is_200_while_the_database_answers_and_the_scheduler_ticked() -> None:
    app = wsgi_app({}, health=Health(lambda: None, lambda: 3.0))
    assert get(app, "/healthz") == ("200 OK", "ok\n")


def test_health_is_503_naming_the_database_when_it_does_not_answer() -> None:
    app = wsgi_app({}, health=Health(database_gone, lambda: 3.0))
    assert get(app, "/healthz") == (
        "503 Service Unavailable",
        "unhealthy: database: ConnectionRefusedError\n",
    )


def test_health_is_503_when_the_database_takes_longer_than_the_timeout() -> None:
    hung = threading.Event()
    app = wsgi_app({}, health=Health(hung.wait, lambda: 3.0, timeout=0.05))
    try:
        assert get(app, "/healthz") == (
            "503 Service Unavailable",
            "unhealthy: database: no answer within 0.05s\n",
        )
    finally:
        hung.set()


@pytest.mark.parametrize(
    ("silence", "reason"),
    [(None, "the scheduler has not ticked yet"), (500.0, "the scheduler last ticked 500s ago")],
)
def test_health_is_503_when_the_scheduler_has_not_ticked_recently(
    silence: float | None, reason: str
) -> None:
    app = wsgi_app({}, health=Health(lambda: None, lambda: silence, max_silence=120))
    assert get(app, "/healthz") == ("503 Service Unavailable", f"unhealthy: {reason}\n")


def test_metrics_count_the_requests_handled_by_kind_and_outcome() -> None:
    meter = PrometheusMeter()
    app = wsgi_app({"/slack/events": answers_ok}, metrics=meter.exposition, meter=meter)
    get(app, "/slack/events")
    get(app, "/slack/events")
    _, shown = get(app, "/metrics")
    assert 'okrbot_requests_total{kind="slack_events",outcome="2xx"} 2.0' in shown


def test_metrics_time_each_requests_answer() -> None:
    meter = PrometheusMeter()
    app = wsgi_app({"/feishu/events": answers_ok}, metrics=meter.exposition, meter=meter)
    get(app, "/feishu/events")
    _, shown = get(app, "/metrics")
    assert 'okrbot_ack_seconds_count{kind="feishu_events"} 1.0' in shown


def test_without_platform_routes_only_health_and_metrics_are_served() -> None:
    meter = PrometheusMeter()
    app = wsgi_app({}, health=Health(lambda: None), metrics=meter.exposition, meter=meter)
    assert [get(app, path)[0] for path in ("/healthz", "/metrics", "/slack/events")] == [
        "200 OK",
        "200 OK",
        "404 Not Found",
    ]


@pytest.fixture
def json_log() -> Iterable[io.StringIO]:
    stream = io.StringIO()
    configure_logging("INFO", "json", secrets=["signing-secret-123"], stream=stream)
    yield stream
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_okrbot_handler", False):
            logging.getLogger().removeHandler(handler)


def test_json_logs_are_one_object_a_line_with_time_level_logger_message_and_context(
    json_log: io.StringIO,
) -> None:
    logging.getLogger("okrbot.test").info(
        "sent %d", 3, extra={"tenant": "T1", "platform": "slack", "cadence": "weekly-checkin"}
    )
    [line] = json_log.getvalue().splitlines()
    entry = json.loads(line)
    assert {k: v for k, v in entry.items() if k != "time"} == {
        "level": "INFO",
        "logger": "okrbot.test",
        "message": "sent 3",
        "tenant": "T1",
        "platform": "slack",
        "cadence": "weekly-checkin",
    }


def test_logs_never_show_a_configured_secret_or_a_slack_token(json_log: io.StringIO) -> None:
    logging.getLogger("okrbot.test").warning("secret signing-secret-123, token xoxb-1-2-abc")
    assert json.loads(json_log.getvalue())["message"] == "secret ***, token ***"


def test_logs_never_show_the_query_of_lark_oapis_connection_url(
    json_log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    lark = logging.getLogger("Lark")
    monkeypatch.setattr(lark, "level", logging.INFO)  # as its long connection sets it
    lark.info(
        "[Lark] connected to wss://msg-frontier.feishu.cn/ws/v2?device_id=1&access_key=K&ticket=T"
    )
    assert json.loads(json_log.getvalue())["message"] == (
        "[Lark] connected to wss://msg-frontier.feishu.cn/ws/v2?***"
    )


def test_text_logs_carry_a_timestamp_the_level_and_the_logger() -> None:
    stream = io.StringIO()
    configure_logging("INFO", "text", stream=stream)
    try:
        logging.getLogger("okrbot.test").info("hello")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_okrbot_handler", False):
                logging.getLogger().removeHandler(handler)
    assert stream.getvalue().split(" ", 2)[2] == "INFO okrbot.test: hello\n"


def test_what_is_logged_while_answering_a_request_carries_its_request_id(
    json_log: io.StringIO,
) -> None:
    def logs(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        logging.getLogger("okrbot.test").warning("answering")
        return answers_ok(environ, start_response)

    app = wsgi_app({"/slack/events": logs})
    app(
        {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "HTTP_X_REQUEST_ID": "req-7"},
        lambda status, headers: None,
    )
    assert json.loads(json_log.getvalue())["request_id"] == "req-7"
