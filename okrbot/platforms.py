"""Which chat platforms `okrbot serve` can run, and how each is wired from settings."""

from __future__ import annotations

from okrbot.bootstrap import Okrbot
from okrbot.serve import PlatformService
from okrbot.settings import Settings

PLATFORMS = ("slack", "feishu")


class UnknownPlatform(Exception):
    pass


def build_service(name: str, bot: Okrbot, settings: Settings) -> PlatformService:
    """The platform's service; each platform's wiring is imported only when asked for."""
    if name == "slack":
        from okrbot.slack import build_slack_service

        return build_slack_service(bot, settings)
    if name == "feishu":
        from okrbot.feishu import build_feishu_service

        return build_feishu_service(bot, settings)
    raise UnknownPlatform(f"unknown platform '{name}': use {' or '.join(PLATFORMS)}")
