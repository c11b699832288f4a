"""Slack, wired from settings: single-workspace with `SLACK_BOT_TOKEN`, else multi-workspace
with `SLACK_CLIENT_ID` / `SLACK_CLIENT_SECRET` (installs stored in our database); HTTP routes
always, and Socket Mode when `SLACK_APP_TOKEN` is set."""

from __future__ import annotations

from adapters.slack.app import OAuth, build_slack_app
from okrbot.bootstrap import Okrbot
from okrbot.serve import PlatformService
from okrbot.settings import MissingSetting, Settings


def build_slack_service(bot: Okrbot, settings: Settings, *, pace: float | None) -> PlatformService:
    if not settings.slack_signing_secret:
        raise MissingSetting("set SLACK_SIGNING_SECRET (the app's Basic Information page)")
    oauth = None
    if not settings.slack_bot_token:
        if not (settings.slack_client_id and settings.slack_client_secret):
            raise MissingSetting(
                "set SLACK_BOT_TOKEN (one workspace), or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (installs into many workspaces)"
            )
        oauth = OAuth(
            settings.slack_client_id,
            settings.slack_client_secret,
            engine=bot.engine,  # installs live in our own database
        )
    slack = build_slack_app(
        chat_for=bot.chat,
        signing_secret=settings.slack_signing_secret,
        api_url=settings.slack_api_url,
        bot_token=settings.slack_bot_token,
        oauth=oauth,
    )
    app_token = settings.slack_app_token
    return PlatformService(
        name="slack",
        scheduled=slack.scheduled,
        pace=pace,
        routes=slack.routes(),
        run_socket=slack.socket_mode(app_token).start if app_token else None,
    )
