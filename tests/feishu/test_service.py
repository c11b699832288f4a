"""Feishu as one of the platforms `okrbot serve` runs, wired from settings."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from adapters.feishu.app import EVENTS_PATH
from bot.messages import Message, Section
from bot.ports import RateLimited
from okrbot.bootstrap import Okrbot
from okrbot.platforms import build_service
from okrbot.serve import wsgi_app
from okrbot.settings import MissingSetting, Settings
from tests.fakes import fake_okrbot
from tests.feishu.cards import shown_text
from tests.feishu.conftest import ENCRYPT_KEY, TOKEN
from tests.feishu.standin import FeishuStandIn
from tests.feishu.wire import FeishuWire, encrypt, text_message
from tests.serving import serving
from tests.workspace import check_in_sent

MIAS_CHECK_IN = datetime(2026, 10, 26, 17, 0, tzinfo=UTC)  # Monday 10:00 in Los Angeles


def settings(**overrides: object) -> Settings:
    values: dict[str, object] = dict(
        FEISHU_APP_ID="cli_service",
        FEISHU_APP_SECRET="secret",
        FEISHU_VERIFICATION_TOKEN=TOKEN,
        FEISHU_ENCRYPT_KEY=ENCRYPT_KEY,
        FEISHU_DOMAIN="http://127.0.0.1:9",
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def bot(uow, clock) -> Okrbot:
    return fake_okrbot(uow, clock)


def test_the_feishu_service_serves_events_and_the_long_connection(bot) -> None:
    service = build_service("feishu", bot, settings())
    assert (
        service.name,
        service.scheduled.name,
        list(service.routes),
        service.run_socket is not None,
    ) == ("feishu", "feishu", ["/feishu/events"], True)


def test_the_feishu_service_answers_the_challenge_through_the_shared_wsgi_app(bot) -> None:
    service = build_service("feishu", bot, settings())
    body = json.dumps(
        {
            "encrypt": encrypt(
                json.dumps({"challenge": "c-1", "token": TOKEN, "type": "url_verification"}),
                ENCRYPT_KEY,
            )
        }
    ).encode()
    statuses: list[str] = []
    answer = wsgi_app(service.routes)(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/feishu/events",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        },
        lambda status, headers: statuses.append(status),
    )
    assert (statuses, json.loads(b"".join(answer))) == (["200 OK"], {"challenge": "c-1"})


def test_a_store_app_is_one_setting_away(bot) -> None:
    service = build_service("feishu", bot, settings(FEISHU_MULTI_TENANT="true"))
    assert service.scheduled._tenancy.multi_tenant is True


def test_the_served_bot_answers_okr_log_with_the_delivery_log_of_the_bot(
    bot, claims, clock, standin: FeishuStandIn
) -> None:
    check_in_sent(claims, "mia", "marketing", MIAS_CHECK_IN)
    standin.apps["cli_service_log"] = "secret"
    service = build_service(
        "feishu", bot, settings(FEISHU_APP_ID="cli_service_log", FEISHU_DOMAIN=standin.url)
    )
    with serving(service.routes) as base:
        FeishuWire(
            base + EVENTS_PATH,
            encrypt_key=ENCRYPT_KEY,
            token=TOKEN,
            app_id="cli_service_log",
            clock=clock,
        ).event("im.message.receive_v1", text_message("ou_mia", "/okr log"))
        assert standin.wait_for(lambda: standin.sent)
    [answer] = standin.sent_to("oc_dm_ou_mia")  # her DM with the bot
    assert "Mon 26 Oct 10:00 · weekly check-in · sent" in shown_text(answer.card)


def test_the_scheduler_sends_through_a_port_that_leaves_rate_limits_to_the_pacer(
    bot, standin: FeishuStandIn
) -> None:
    standin.apps["cli_service_paced"] = "secret"
    standin.limit_next(1, reset_seconds=5)
    service = build_service(
        "feishu", bot, settings(FEISHU_APP_ID="cli_service_paced", FEISHU_DOMAIN=standin.url)
    )
    with pytest.raises(RateLimited):
        service.scheduled.send_dm("local", "ou_mia", Message.of(Section("hello")))


def test_feishu_without_app_credentials_is_refused_with_a_clear_message(bot) -> None:
    with pytest.raises(MissingSetting, match="FEISHU_APP_ID and FEISHU_APP_SECRET"):
        build_service("feishu", bot, settings(FEISHU_APP_ID=None))


@pytest.mark.parametrize("missing", ["FEISHU_ENCRYPT_KEY", "FEISHU_VERIFICATION_TOKEN"])
def test_serving_feishu_over_http_without_a_signing_secret_is_refused_naming_it(
    bot, missing: str
) -> None:
    with pytest.raises(MissingSetting, match=missing):
        build_service("feishu", bot, settings(**{missing: None}))


def test_the_long_connection_needs_no_signing_secrets(bot) -> None:
    service = build_service(
        "feishu",
        bot,
        settings(FEISHU_ENCRYPT_KEY=None, FEISHU_VERIFICATION_TOKEN=None),
        "socket",
    )
    assert (service.routes, service.run_socket is not None) == ({}, True)


def test_the_feishu_secrets_are_never_shown_with_the_settings() -> None:
    configured = settings(FEISHU_APP_SECRET="app-secret-for-tests")
    shown = repr(configured) + str(configured.model_dump())
    assert [s in shown for s in (ENCRYPT_KEY, TOKEN, "app-secret-for-tests")] == [False] * 3
