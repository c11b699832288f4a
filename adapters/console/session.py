"""A terminal chat with the bot. Lines come from a terminal or from piped standard input:

/as PERSON        act as someone in the OKR table
/okr ...          a command, as in Slack or Feishu
/checkin PERSON   have the bot send that person a check-in now
/press N          press button N of the last message the bot sent you
/quit             leave
anything else     a reply to the bot's last check-in
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from adapters.console.platform import NAME, ConsolePlatform
from bot import dispatch
from bot.chat.check_in import send_check_in
from bot.context import Chat, Request, Speaker
from bot.errors import OkrError
from bot.identity import identify
from bot.messages import FieldKind, Form, Place, Reply

_HINTS = {FieldKind.CHECKBOX: " (y/n)", FieldKind.LONG_TEXT: " (lines separated by ;)"}
_LINES = "; "


class ConsoleSession:
    def __init__(
        self, chat: Chat, platform: ConsolePlatform, out: TextIO, *, tenant: str, echo: bool = False
    ) -> None:
        self._chat, self._platform, self._out = chat, platform, out
        self._tenant = tenant
        self._echo = echo
        self._user: str | None = None

    def run(self, lines: Iterable[str]) -> None:
        feed = iter(lines)
        for raw in feed:
            line = raw.strip()
            if not line:
                continue
            if self._echo:
                self._say(f"{self._user or '?'}> {line}")
            if line in ("/quit", "/exit"):
                return
            self.handle(line, feed)

    def handle(self, line: str, feed: Iterator[str]) -> None:
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word == "/as":
            self._act_as(rest)
        elif word == "/checkin" and rest:
            self._send_check_in(rest)
        elif word == "/help":
            self._say(__doc__ or "")
        elif self._user is None:
            self._say("Who are you? Start with /as PERSON (a handle from the OKR table).")
        elif word == "/press":
            self._press(rest, feed)
        else:
            reply = dispatch.on_message(self._chat, Request(self._speaker(), self._dm(), line))
            self._show(reply, feed)

    def _act_as(self, handle: str) -> None:
        uow = self._chat.unit_of_work()
        with uow:
            person = uow.people.get(self._tenant, handle)
        if person is None:
            self._say(f"There is no '{handle}' in the OKR table.")
            return
        self._user = handle
        self._say(f"(you are now {person.name})")

    def _send_check_in(self, handle: str) -> None:
        uow = self._chat.unit_of_work()
        with uow:
            known = uow.people.get(self._tenant, handle) is not None
        if not known:
            self._say(f"There is no '{handle}' in the OKR table.")
            return
        person = identify(self._chat, Speaker(self._tenant, NAME, handle))
        try:
            send_check_in(self._chat, person)
        except OkrError as refused:
            self._say(str(refused))

    def _press(self, choice: str, feed: Iterator[str]) -> None:
        buttons = self._platform.buttons.get(self._user or "", [])
        if not choice.isdigit() or not 1 <= int(choice) <= len(buttons):
            self._say(
                f"Press a number from 1 to {len(buttons)}."
                if buttons
                else "There is no button to press."
            )
            return
        button = buttons[int(choice) - 1]
        self._show(
            dispatch.on_action(self._chat, self._speaker(), button.action, button.value), feed
        )

    def _fill(self, form: Form, feed: Iterator[str]) -> None:
        """Ask for each field in turn; an empty line keeps what is shown in brackets."""
        self._say(f"┌─ {form.title} (empty line keeps [the value shown])")
        answers: dict[str, str] = {}
        group = ""
        for field in form.fields:
            if field.group != group:
                group = field.group
                self._say(f"│ {group}")
            hint = _HINTS.get(field.kind, "")
            shown = (
                field.initial.replace("\n", _LINES)
                if field.kind is FieldKind.LONG_TEXT
                else field.initial
            )
            self._out.write(f"│   {field.label}{hint} [{shown}]: ")
            self._out.flush()
            typed = next(feed, "").strip()
            if self._echo:
                self._out.write(typed + "\n")
            if field.kind is FieldKind.CHECKBOX and typed:
                typed = "true" if typed.casefold() in ("y", "yes", "true", "是") else ""
            if field.kind is FieldKind.LONG_TEXT:  # one line in the terminal: ";" between lines
                typed = "\n".join(part.strip() for part in typed.split(";") if part.strip())
            answers[field.name] = typed or field.initial
        self._say(f"└─ {form.submit}")
        self._show(
            dispatch.on_form(self._chat, self._speaker(), form.action, form.value, answers), feed
        )

    def _show(self, reply: Reply, feed: Iterator[str]) -> None:
        user = self._user or ""
        if reply.update is not None:
            ref, message = reply.update
            self._platform.update(self._tenant, ref, message)
        if reply.reaction:
            self._say(f"(bot reacted :{reply.reaction}: to your message)")
        for message in reply.messages:
            self._platform.show(f"DM to {user}", message, user)
        for notice in reply.notices:
            self._platform.send_dm(self._tenant, notice.user_id, notice.message)
        if reply.form is not None:
            self._fill(reply.form, feed)

    def _speaker(self) -> Speaker:
        return Speaker(self._tenant, NAME, self._user or "")

    def _dm(self) -> Place:
        return Place(channel=f"dm:{self._user}", is_dm=True)

    def _say(self, text: str) -> None:
        self._out.write(text + "\n")
        self._out.flush()
