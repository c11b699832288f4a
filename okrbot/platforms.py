"""The chat platforms okrbot runs on: the one list of them, each with what it reads from the
settings, how it is wired, how fast the scheduler may send through it, and whether the OKR
table lists people's and channels' ids on it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the registry is read by every command; what it wires, only by some
    from bot.ports import Meter
    from okrbot.bootstrap import Okrbot
    from okrbot.serve import Mode, PlatformService
    from okrbot.settings import Settings


class UnknownPlatform(Exception):
    pass


@dataclass(frozen=True)
class Platform:
    name: str
    settings: tuple[str, ...]  # the environment variables it reads
    # Scheduled sends a second (DESIGN.md, "Rate limits"); a 429 pauses every sender for as
    # long as the platform asks.
    pace: float | None
    table_column: bool  # people and team channels carry ids on it in the OKR table
    wire: Callable[[Okrbot, Settings, Mode, Meter | None], PlatformService]


def _slack(bot: Okrbot, settings: Settings, mode: Mode, meter: Meter | None) -> PlatformService:
    from okrbot.slack import build_slack_service  # the SDK only where it runs

    return build_slack_service(bot, settings, pace=_pace(settings, SLACK), mode=mode, meter=meter)


def _feishu(bot: Okrbot, settings: Settings, mode: Mode, meter: Meter | None) -> PlatformService:
    from okrbot.feishu import build_feishu_service
    from okrbot.logs import adopt_sdk_logs

    service = build_feishu_service(
        bot, settings, pace=_pace(settings, FEISHU), mode=mode, meter=meter
    )
    adopt_sdk_logs()  # lark-oapi, now loaded, logs through our handler
    return service


def _console(bot: Okrbot, settings: Settings, mode: Mode, meter: Meter | None) -> PlatformService:
    from adapters.console.platform import ConsolePlatform
    from okrbot.serve import PlatformService

    return PlatformService("console", ConsolePlatform(sys.stdout), _pace(settings, CONSOLE))


def _pace(settings: Settings, platform: Platform) -> float | None:
    return settings.send_rate or platform.pace


# Slack's 1/s is per channel and every DM is its own channel, so its workspace budget (a few
# hundred a minute) binds: 4/s stays inside it. Feishu allows 50/s per app.
SLACK = Platform(
    "slack",
    (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET",
    ),
    pace=4.0,
    table_column=True,
    wire=_slack,
)
FEISHU = Platform(
    "feishu",
    (
        "FEISHU_APP_ID",
        "FEISHU_APP_SECRET",
        "FEISHU_VERIFICATION_TOKEN",
        "FEISHU_ENCRYPT_KEY",
        "FEISHU_DOMAIN",
        "FEISHU_MULTI_TENANT",
    ),
    pace=50.0,
    table_column=True,
    wire=_feishu,
)
# The terminal: prints what it is sent, names people by their handle in the table.
CONSOLE = Platform("console", (), pace=None, table_column=False, wire=_console)

PLATFORMS = (SLACK, FEISHU, CONSOLE)
SERVED = ("slack", "feishu")  # what `okrbot serve` runs
TABLE_COLUMNS = tuple(p.name for p in PLATFORMS if p.table_column)


def platform_named(name: str) -> Platform:
    for platform in PLATFORMS:
        if platform.name == name:
            return platform
    known = ", ".join(p.name for p in PLATFORMS)
    raise UnknownPlatform(f"unknown platform '{name}': use one of {known}")


def build_service(
    name: str, bot: Okrbot, settings: Settings, mode: Mode = "http", meter: Meter | None = None
) -> PlatformService:
    """The platform's service, wired for `mode` (counting what it handles on `meter`); each
    platform's wiring is imported only when asked for."""
    return platform_named(name).wire(bot, settings, mode, meter)
