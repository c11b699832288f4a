"""Feishu wired from settings, as one of the platforms `okrbot serve` runs."""

from __future__ import annotations

from adapters.feishu.app import EVENTS_PATH, FeishuConfig, build_feishu
from okrbot.bootstrap import Okrbot
from okrbot.serve import PlatformService
from okrbot.settings import MissingSetting, Settings


def feishu_config(settings: Settings) -> FeishuConfig:
    if not settings.feishu_app_id or not settings.feishu_app_secret:
        raise MissingSetting("Feishu needs FEISHU_APP_ID and FEISHU_APP_SECRET")
    return FeishuConfig(
        app_id=settings.feishu_app_id,
        app_secret=settings.feishu_app_secret,
        verification_token=settings.feishu_verification_token or "",
        encrypt_key=settings.feishu_encrypt_key or "",
        domain=settings.feishu_domain.rstrip("/"),
        multi_tenant=settings.feishu_multi_tenant,
    )


def build_feishu_service(bot: Okrbot, settings: Settings, *, pace: float | None) -> PlatformService:
    feishu = build_feishu(
        feishu_config(settings),
        chat_for=bot.chat,
        clock=bot.clock,
    )
    return PlatformService(
        name="feishu",
        scheduled=feishu.scheduled,
        pace=pace,
        routes={EVENTS_PATH: feishu.events},
        run_socket=feishu.run_socket,
    )
