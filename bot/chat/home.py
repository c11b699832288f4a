"""A person's home page (Slack's App Home tab): my OKRs, where my latest check-in stands, and
buttons for what people do most. The core decides what the page says; an adapter renders it.

The quick actions are commands on a button (`HOME_COMMAND`, the command's text as its value):
pressing one runs the command through the core, as typing it would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.chat.okr_commands import show_person
from bot.context import Chat, Speaker
from bot.errors import OkrError
from bot.identity import identify
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    Divider,
    Message,
    Place,
    Reply,
    Section,
)
from bot.model import Person, PromptStatus
from bot.texts import Say

HOME_COMMAND = "home.command"  # a quick action: its value is the command's text
QUICK_ACTIONS = ("checkin", "board", "report", "help")


class CheckInState(StrEnum):
    NONE = "none"  # never asked
    OPEN = "open"  # asked, not answered yet
    ANSWERED = "answered"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckInStatus:
    """Where a person's latest check-in stands, in days of their own calendar."""

    state: CheckInState
    sent: date | None = None
    answered: date | None = None


def check_in_status(chat: Chat, person: Person) -> CheckInStatus:
    uow = chat.unit_of_work()
    with uow:
        prompt = uow.prompts.latest_for(person.tenant, person.id)
    if prompt is None:
        return CheckInStatus(CheckInState.NONE)
    sent = person.local_date(prompt.sent_at)
    if prompt.status is PromptStatus.ANSWERED and prompt.answered_at is not None:
        return CheckInStatus(CheckInState.ANSWERED, sent, person.local_date(prompt.answered_at))
    if prompt.status is PromptStatus.SKIPPED:
        return CheckInStatus(CheckInState.SKIPPED, sent)
    return CheckInStatus(CheckInState.OPEN, sent)


def home_page(chat: Chat, speaker: Speaker, place: Place) -> Message:
    """The page of the person behind `speaker`; `place` is their DM with the bot."""
    person = identify(chat, speaker)
    say = chat.texts.voice(person.locale, "slack_home")
    try:
        mine = show_person(chat, person, person)
    except OkrError as refused:  # a workspace without an OKR table yet
        mine = Reply.saying(chat.texts.say(person.locale, "errors", refused.code, **refused.facts))
    blocks: list[Block] = [Section(say("title", name=person.name)), Divider()]
    blocks += [block for message in mine.messages for block in message.blocks]
    blocks += [
        Divider(),
        Section(_status_text(say, check_in_status(chat, person))),
        Actions(
            tuple(
                Button(
                    say(command),
                    HOME_COMMAND,
                    command,
                    ButtonStyle.PRIMARY if command == "checkin" else ButtonStyle.DEFAULT,
                )
                for command in QUICK_ACTIONS
            )
        ),
        Context(say("hint")),
    ]
    return Message.of(*blocks)


def _status_text(say: Say, status: CheckInStatus) -> str:
    sent = status.sent.isoformat() if status.sent else ""
    match status.state:
        case CheckInState.NONE:
            return say("status_none")
        case CheckInState.ANSWERED:
            answered = status.answered.isoformat() if status.answered else sent
            return say("status_answered", answered=answered)
        case CheckInState.SKIPPED:
            return say("status_skipped", sent=sent)
    return say("status_open", sent=sent)
