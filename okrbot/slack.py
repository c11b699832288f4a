"""Slack, wired from settings: single-workspace with `SLACK_BOT_TOKEN`, else multi-workspace
with `SLACK_CLIENT_ID` / `SLACK_CLIENT_SECRET` (installs stored in our database). HTTP mode
serves the routes and refuses to start without `SLACK_SIGNING_SECRET`; Socket Mode needs
`SLACK_APP_TOKEN` instead; sending alone (`okrbot jobs run`) needs neither."""

from __future__ import annotations

from adapters.slack.app import OAuth, build_slack_app
from bot.ports import Meter
from okrbot.bootstrap import Okrbot
from okrbot.serve import Mode, PlatformService
from okrbot.settings import MissingSetting, Settings, secret


def build_slack_service(
    bot: Okrbot,
    settings: Settings,
    *,
    pace: float | None,
    mode: Mode = "http",
    meter: Meter | None = None,
) -> PlatformService:
    signing_secret = secret(settings.slack_signing_secret)
    app_token = secret(settings.slack_app_token)
    if mode == "http" and not signing_secret:
        raise MissingSetting(
            "set SLACK_SIGNING_SECRET (the app's Basic Information page): without it "
            "nobody's requests can be told from Slack's"
        )
    if mode == "socket" and not app_token:
        raise MissingSetting("Socket Mode needs SLACK_APP_TOKEN (an xapp- app-level token)")
    bot_token = secret(settings.slack_bot_token)
    client_secret = secret(settings.slack_client_secret)
    oauth = None
    if not bot_token:
        if not (settings.slack_client_id and client_secret):
            raise MissingSetting(
                "set SLACK_BOT_TOKEN (one workspace), or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (installs into many workspaces)"
            )
        oauth = OAuth(
            settings.slack_client_id,
            client_secret,
            engine=bot.engine,  # installs live in our own database
        )
    slack = build_slack_app(
        chat_for=bot.chat,
        signing_secret=signing_secret or "",
        api_url=settings.slack_api_url,
        bot_token=bot_token,
        oauth=oauth,
        verify_requests=mode == "http",
        meter=meter,
    )
    return PlatformService(
        name="slack",
        scheduled=slack.scheduled,
        pace=pace,
        routes=slack.routes() if mode == "http" else {},
        run_socket=slack.socket_mode(app_token).start if app_token else None,
    )
