"""The App Home tab: my OKRs, where my check-in stands, and buttons for what people do most.

The quick actions are `/okr` commands on a button: pressing one runs the command through the
core, as typing it would."""

from __future__ import annotations

from datetime import datetime

from adapters.slack.blocks import Json, message_blocks
from bot.chat import dispatch
from bot.chat.context import Chat, Request, Speaker
from bot.chat.identity import identify
from bot.chat.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    Divider,
    Message,
    Place,
    Section,
)
from bot.model import Person, PromptStatus, zone

HOME_COMMAND = "slack.home.command"  # a quick action: its value is the `/okr` command's text
QUICK_ACTIONS = ("checkin", "board", "report", "help")


def home_view(chat: Chat, speaker: Speaker, dm_channel: str) -> Json:
    person = identify(chat, speaker)
    say = chat.texts.voice(person.locale, "slack_home")
    place = Place(channel=dm_channel, is_dm=True)
    mine = dispatch.on_command(chat, Request(speaker, place, ""))
    blocks: list[Block] = [Section(say("title", name=person.name)), Divider()]
    blocks += [block for message in mine.messages for block in message.blocks]
    blocks += [
        Divider(),
        Section(_status(chat, person)),
        Actions(tuple(
            Button(say(command), HOME_COMMAND, command,
                   ButtonStyle.PRIMARY if command == "checkin" else ButtonStyle.DEFAULT)
            for command in QUICK_ACTIONS
        )),
        Context(say("hint")),
    ]
    return {"type": "home", "blocks": message_blocks(Message.of(*blocks))[:100]}


def _status(chat: Chat, person: Person) -> str:
    say = chat.texts.voice(person.locale, "slack_home")
    uow = chat.unit_of_work()
    with uow:
        prompt = uow.prompts.latest_for(person.tenant, person.id)
    if prompt is None:
        return say("status_none")
    sent = _day(prompt.sent_at, person.timezone)
    if prompt.status is PromptStatus.ANSWERED and prompt.answered_at is not None:
        return say("status_answered", answered=_day(prompt.answered_at, person.timezone))
    if prompt.status is PromptStatus.SKIPPED:
        return say("status_skipped", sent=sent)
    return say("status_open", sent=sent)


def _day(moment: datetime, timezone: str) -> str:
    return f"{moment.astimezone(zone(timezone)):%Y-%m-%d}"
