"""The App Home tab: the core's home page (`bot.chat.home`: my OKRs, where my check-in stands,
quick actions) rendered as a Block Kit view. A quick action's button carries the core's
`HOME_COMMAND`; the listeners run its command through the core, as typing it would."""

from __future__ import annotations

from adapters.slack.blocks import Json, message_blocks
from bot.chat.home import home_page
from bot.context import Chat, Speaker
from bot.messages import Place


def home_view(chat: Chat, speaker: Speaker, dm_channel: str) -> Json:
    page = home_page(chat, speaker, Place(channel=dm_channel, is_dm=True))
    return {"type": "home", "blocks": message_blocks(page)[:100]}
