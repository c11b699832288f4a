"""Feishu wired from settings, as one of the platforms `okrbot serve` runs. HTTP mode refuses
to start without `FEISHU_ENCRYPT_KEY` and `FEISHU_VERIFICATION_TOKEN`: without them anybody
could post events as anyone. The long connection and sending alone need the app's id and
secret only."""

from __future__ import annotations

from adapters.feishu.app import EVENTS_PATH, FeishuConfig, build_feishu
from bot.ports import Meter
from okrbot.bootstrap import Okrbot
from okrbot.serve import Mode, PlatformService
from okrbot.settings import MissingSetting, Settings, secret


def feishu_config(settings: Settings, mode: Mode = "http") -> FeishuConfig:
    app_secret = secret(settings.feishu_app_secret)
    if not settings.feishu_app_id or not app_secret:
        raise MissingSetting("Feishu needs FEISHU_APP_ID and FEISHU_APP_SECRET")
    verification_token = secret(settings.feishu_verification_token)
    encrypt_key = secret(settings.feishu_encrypt_key)
    if mode == "http":
        missing = [
            name
            for name, value in (
                ("FEISHU_ENCRYPT_KEY", encrypt_key),
                ("FEISHU_VERIFICATION_TOKEN", verification_token),
            )
            if not value
        ]
        if missing:
            raise MissingSetting(
                f"set {' and '.join(missing)} (Events & Callbacks in the developer console): "
                "without them nobody's events can be told from Feishu's"
            )
    return FeishuConfig(
        app_id=settings.feishu_app_id,
        app_secret=app_secret,
        verification_token=verification_token or "",
        encrypt_key=encrypt_key or "",
        domain=settings.feishu_domain.rstrip("/"),
        multi_tenant=settings.feishu_multi_tenant,
    )


def build_feishu_service(
    bot: Okrbot,
    settings: Settings,
    *,
    pace: float | None,
    mode: Mode = "http",
    meter: Meter | None = None,
) -> PlatformService:
    feishu = build_feishu(
        feishu_config(settings, mode),
        chat_for=bot.chat,
        clock=bot.clock,
        meter=meter,
    )
    return PlatformService(
        name="feishu",
        scheduled=feishu.scheduled,
        pace=pace,
        routes={EVENTS_PATH: feishu.events} if mode == "http" else {},
        run_socket=feishu.run_socket,
    )
