"""Feishu as one of the platforms `okrbot serve` runs, wired from settings."""

from __future__ import annotations

import io
import json

import pytest

from okrbot.bootstrap import Okrbot
from okrbot.platforms import build_service
from okrbot.serve import wsgi_app
from okrbot.settings import MissingSetting, Settings
from tests.feishu.conftest import ENCRYPT_KEY, TOKEN
from tests.feishu.wire import encrypt


def settings(**overrides: object) -> Settings:
    values: dict[str, object] = dict(
        FEISHU_APP_ID="cli_service", FEISHU_APP_SECRET="secret",
        FEISHU_VERIFICATION_TOKEN=TOKEN, FEISHU_ENCRYPT_KEY=ENCRYPT_KEY,
        FEISHU_DOMAIN="http://127.0.0.1:9")
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def bot(uow, clock) -> Okrbot:
    return Okrbot(unit_of_work=lambda: uow, clock=clock, close=lambda: None)


def test_the_feishu_service_serves_events_and_the_long_connection(bot) -> None:
    service = build_service("feishu", bot, settings())
    assert (service.name, service.platform.name, list(service.routes),
            service.run_socket is not None) == ("feishu", "feishu", ["/feishu/events"], True)


def test_the_feishu_service_answers_the_challenge_through_the_shared_wsgi_app(bot) -> None:
    service = build_service("feishu", bot, settings())
    body = json.dumps({"encrypt": encrypt(json.dumps(
        {"challenge": "c-1", "token": TOKEN, "type": "url_verification"}), ENCRYPT_KEY)}).encode()
    statuses: list[str] = []
    answer = wsgi_app(service.routes)(
        {"REQUEST_METHOD": "POST", "PATH_INFO": "/feishu/events",
         "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)},
        lambda status, headers: statuses.append(status))
    assert (statuses, json.loads(b"".join(answer))) == (["200 OK"], {"challenge": "c-1"})


def test_a_store_app_is_one_setting_away(bot) -> None:
    service = build_service("feishu", bot, settings(FEISHU_MULTI_TENANT="true"))
    assert service.platform._tenancy.multi_tenant is True


def test_feishu_without_app_credentials_is_refused_with_a_clear_message(bot) -> None:
    with pytest.raises(MissingSetting, match="FEISHU_APP_ID and FEISHU_APP_SECRET"):
        build_service("feishu", bot, settings(FEISHU_APP_ID=None))
