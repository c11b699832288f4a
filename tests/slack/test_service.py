"""`okrbot serve --platform slack`: what the settings choose."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.slack.app import EVENTS_PATH
from okrbot.bootstrap import Okrbot
from okrbot.settings import MissingSetting, Settings
from okrbot.slack import build_slack_service
from tests.fakes import FakeClaims, FakeUnitOfWork, FixedClock, fake_okrbot
from tests.serving import serving
from tests.slack.slack import Slack
from tests.slack.standin import SlackStandIn, text_of
from tests.workspace import check_in_sent

MIAS_CHECK_IN = datetime(2026, 10, 26, 17, 0, tzinfo=UTC)  # Monday 10:00 in Los Angeles


def settings(standin: SlackStandIn, **values: str) -> Settings:
    return Settings(
        _env_file=None,
        SLACK_SIGNING_SECRET="secret",  # type: ignore[call-arg]
        SLACK_API_URL=standin.api_url,
        **values,
    )


def bot() -> Okrbot:
    return fake_okrbot(FakeUnitOfWork(), FixedClock())


def test_a_bot_token_serves_one_workspace_over_http(standin: SlackStandIn) -> None:
    service = build_slack_service(bot(), settings(standin, SLACK_BOT_TOKEN="xoxb-1"), pace=4.0)
    assert (service.name, sorted(service.routes), service.run_socket) == (
        "slack",
        ["/slack/events"],
        None,
    )


def test_an_app_token_adds_socket_mode(standin: SlackStandIn) -> None:
    service = build_slack_service(
        bot(), settings(standin, SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1"), pace=4.0
    )
    assert service.run_socket is not None


def test_oauth_settings_serve_many_workspaces_with_the_install_pages(
    standin: SlackStandIn, database_url: str
) -> None:
    service = build_slack_service(
        bot(),
        settings(
            standin,
            OKRBOT_DATABASE_URL=database_url,
            SLACK_CLIENT_ID="1.2",
            SLACK_CLIENT_SECRET="s",
        ),
        pace=4.0,
    )
    assert sorted(service.routes) == ["/slack/events", "/slack/install", "/slack/oauth_redirect"]


def test_the_served_bot_answers_okr_log_with_the_delivery_log_of_the_bot(
    standin: SlackStandIn, uow: FakeUnitOfWork, clock: FixedClock, claims: FakeClaims
) -> None:
    check_in_sent(claims, "mia", "marketing", MIAS_CHECK_IN)
    served = fake_okrbot(uow, clock)
    service = build_slack_service(served, settings(standin, SLACK_BOT_TOKEN="xoxb-1"), pace=4.0)
    with serving(service.routes) as base:
        Slack(base + EVENTS_PATH, standin, secret="secret").command("U0MIA", "log")
        shown = text_of(standin.wait_for("respond")[0])
    assert "• Mon 26 Oct 10:00 · weekly check-in · sent" in shown


def test_missing_credentials_are_named(standin: SlackStandIn) -> None:
    with pytest.raises(MissingSetting, match="SLACK_BOT_TOKEN"):
        build_slack_service(bot(), settings(standin), pace=4.0)


def test_serving_slack_over_http_without_the_signing_secret_is_refused_naming_it(
    standin: SlackStandIn,
) -> None:
    unsigned = Settings(
        _env_file=None,
        SLACK_BOT_TOKEN="xoxb-1",  # type: ignore[call-arg]
        SLACK_API_URL=standin.api_url,
    )
    with pytest.raises(MissingSetting, match="SLACK_SIGNING_SECRET"):
        build_slack_service(bot(), unsigned, pace=4.0, mode="http")


def test_socket_mode_needs_the_app_token_but_not_the_signing_secret(
    standin: SlackStandIn,
) -> None:
    unsigned = Settings(
        _env_file=None,
        SLACK_BOT_TOKEN="xoxb-1",  # type: ignore[call-arg]
        SLACK_APP_TOKEN="xapp-1",
        SLACK_API_URL=standin.api_url,
    )
    service = build_slack_service(bot(), unsigned, pace=4.0, mode="socket")
    assert (service.routes, service.run_socket is not None) == ({}, True)


def test_socket_mode_without_the_app_token_is_refused_naming_it(standin: SlackStandIn) -> None:
    with pytest.raises(MissingSetting, match="SLACK_APP_TOKEN"):
        build_slack_service(
            bot(), settings(standin, SLACK_BOT_TOKEN="xoxb-1"), pace=4.0, mode="socket"
        )


def test_the_manifest_asks_for_the_scopes_the_app_uses() -> None:
    from pathlib import Path

    import yaml

    from adapters.slack.app import BOT_SCOPES

    manifest = yaml.safe_load(
        (Path(__file__).parents[2] / "adapters" / "slack" / "manifest.yaml").read_text(
            encoding="utf-8"
        )
    )
    assert (
        sorted(manifest["oauth_config"]["scopes"]["bot"]),
        manifest["features"]["slash_commands"][0]["command"],
    ) == (sorted(BOT_SCOPES), "/okr")


def test_the_served_bot_counts_each_event_it_handled_by_kind_and_outcome(
    standin: SlackStandIn, uow: FakeUnitOfWork, clock: FixedClock
) -> None:
    from okrbot.metrics import PrometheusMeter
    from tests.processes import wait_until

    meter = PrometheusMeter()
    service = build_slack_service(
        fake_okrbot(uow, clock), settings(standin, SLACK_BOT_TOKEN="xoxb-1"), pace=4.0, meter=meter
    )
    counted = 'okrbot_events_total{kind="slash_command",outcome="handled",platform="slack"} 1.0'
    with serving(service.routes) as base:
        Slack(base + EVENTS_PATH, standin, secret="secret").command("U0MIA", "")
        wait_until(lambda: counted in meter.exposition()[1].decode(), 10, "the event counted")
    assert counted in meter.exposition()[1].decode()
