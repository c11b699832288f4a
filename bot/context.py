"""What every use case of the bot on a platform receives: the bot's parts (assembled once, by
`okrbot.bootstrap`), and who is asking from where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.messages import MessageRef, Place
from bot.ports import Charts, ChatPlatform, Clock, UnitOfWork
from bot.rules import DEFAULT_LIMITS, Limits
from bot.texts import Texts


@dataclass(frozen=True)
class Chat:
    """The bot on one platform. `unit_of_work()` gives a fresh unit per call (thread-safe)."""

    unit_of_work: Callable[[], UnitOfWork]
    clock: Clock
    platform: ChatPlatform
    texts: Texts  # in the platform's dialect
    charts: Charts
    limits: Limits = DEFAULT_LIMITS


@dataclass(frozen=True)
class Speaker:
    """Someone on a chat platform, as the platform names them."""

    tenant: str
    platform: str
    user_id: str


@dataclass(frozen=True)
class Request:
    """One thing someone said to the bot. Mentions in `text` are written `<@platform-user-id>`
    whatever the platform (adapters translate theirs)."""

    speaker: Speaker
    place: Place
    text: str
    message: MessageRef | None = None  # the person's own message, to react to
