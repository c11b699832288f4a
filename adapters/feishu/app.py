"""The Feishu adapter wired from plain settings: the platform port, the events endpoint and the
long connection, sharing one dispatcher and one background pool."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import lark_oapi as lark

from adapters.feishu.background import Background
from adapters.feishu.events import FeishuHandlers, build_dispatcher
from adapters.feishu.http import WsgiApp, events_app
from adapters.feishu.platform import FeishuPlatform
from adapters.feishu.socket import long_connection
from adapters.feishu.tenancy import Tenancy
from bot.context import Chat
from bot.ports import ChatPlatform, Clock, Meter

EVENTS_PATH = "/feishu/events"


@dataclass(frozen=True)
class FeishuConfig:
    app_id: str
    app_secret: str
    verification_token: str = ""
    encrypt_key: str = ""
    domain: str = lark.FEISHU_DOMAIN
    multi_tenant: bool = False


@dataclass(frozen=True)
class FeishuApp:
    """`platform` answers people; `scheduled` is the port the scheduler sends through (its
    sends leave a rate limit to the fan-out's pacer: see `adapters.feishu.platform`)."""

    platform: FeishuPlatform
    scheduled: FeishuPlatform
    chat: Chat
    dispatcher: lark.EventDispatcherHandler
    events: WsgiApp  # POST /feishu/events
    connect: Callable[[], lark.ws.Client]  # the long connection, not yet started
    background: Background

    def run_socket(self) -> None:
        """Blocks: open the long connection and serve events from it."""
        self.connect().start()


def build_feishu(
    config: FeishuConfig,
    *,
    chat_for: Callable[[ChatPlatform], Chat],
    clock: Clock,
    sleep: Callable[[float], None] | None = None,
    meter: Meter | None = None,
) -> FeishuApp:
    tenancy = Tenancy(multi_tenant=config.multi_tenant)
    builder = (
        lark.Client.builder()
        .app_id(config.app_id)
        .app_secret(config.app_secret)
        .domain(config.domain)
    )
    if config.multi_tenant:
        builder = builder.app_type(lark.AppType.ISV)
    client = builder.build()
    sleep = sleep or time.sleep
    platform = FeishuPlatform(client, tenancy, sleep=sleep)
    chat = chat_for(platform)
    background = Background()
    handlers = FeishuHandlers(chat, platform, tenancy, background)
    dispatcher = build_dispatcher(
        handlers,
        encrypt_key=config.encrypt_key,
        verification_token=config.verification_token,
        meter=meter,
    )
    return FeishuApp(
        platform=platform,
        scheduled=FeishuPlatform(client, tenancy, sleep=sleep, paced=True),
        chat=chat,
        dispatcher=dispatcher,
        events=events_app(
            dispatcher, encrypt_key=config.encrypt_key, clock=clock, path=EVENTS_PATH
        ),
        connect=lambda: long_connection(
            dispatcher, app_id=config.app_id, app_secret=config.app_secret, domain=config.domain
        ),
        background=background,
    )
