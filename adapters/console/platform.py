"""The console as a chat platform: what the bot sends is printed, clearly marked with who and
where; people are named by their handle in the OKR table."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path
from typing import TextIO

from bot.dialect import PLAIN, Dialect
from bot.messages import Actions, Button, Message, MessageRef, plain_text
from bot.model import Person, Team
from bot.ports import Profile

NAME = "console"


class ConsolePlatform:
    def __init__(self, out: TextIO, image_dir: Path | None = None) -> None:
        self._out = out
        self._image_dir = image_dir
        self._ids = itertools.count(1)
        self.buttons: dict[str, list[Button]] = {}  # by user: what they can press now
        self.images: list[Path] = []
        self._printing = threading.Lock()

    @property
    def name(self) -> str:
        return NAME

    @property
    def dialect(self) -> Dialect:
        return PLAIN

    # On the console people and team channels are named by their ids in the OKR table.
    def address(self, person: Person) -> str | None:
        return person.id

    def channel_of(self, team: Team) -> str | None:
        return team.id

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:  # the console loses nothing: no key
        ref = MessageRef(NAME, f"dm:{user_id}", str(next(self._ids)))
        self.show(f"DM to {user_id}", message, user_id)
        return ref

    def post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        thread: str | None = None,
        key: str | None = None,
    ) -> MessageRef:
        ref = MessageRef(NAME, channel, str(next(self._ids)))
        where = f"#{channel}" + (f" (thread {thread})" if thread else "")
        self.show(f"post in {where}", message, None)
        return ref

    def update(self, tenant: str, ref: MessageRef, message: Message) -> None:
        user = ref.channel.removeprefix("dm:") if ref.channel.startswith("dm:") else None
        self.show(f"updated message {ref.id} in {ref.channel}", message, user)

    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
        if self._image_dir is None:
            self._line(f"[image for #{channel}: {title}, {len(png):,} bytes]")
            return
        path = self._image_dir / f"{title}.png"
        path.write_bytes(png)
        self.images.append(path)
        self._line(f"[image for #{channel}: {path}]")

    def lookup_user(self, tenant: str, user_id: str) -> Profile:
        return Profile(user_id=user_id, name=user_id, handle=user_id)

    def show(self, heading: str, message: Message, user: str | None) -> None:
        """Print a message, whole (sender threads print at once); its buttons become
        `/press N` choices for `user`."""
        buttons = [
            b for block in message.blocks if isinstance(block, Actions) for b in block.buttons
        ]
        body = (
            "\n".join(plain_text(b) for b in message.blocks if not isinstance(b, Actions))
            if message.blocks
            else message.text
        )
        lines = [f"┌─ bot · {heading}", *(f"│ {line}" for line in body.splitlines())]
        if buttons:
            choices = "  ".join(f"[{n}] {b.label}" for n, b in enumerate(buttons, start=1))
            lines.append(f"│ {choices}   (type /press N)")
        with self._printing:
            if buttons and user is not None:
                self.buttons[user] = buttons
            self._print([*lines, "└─"])

    def _line(self, text: str) -> None:
        with self._printing:
            self._print([text])

    def _print(self, lines: list[str]) -> None:
        self._out.write("".join(f"{line}\n" for line in lines))
        self._out.flush()
