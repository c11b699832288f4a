"""Finding the person or team someone named in a command: a mention, a handle or a name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from bot.commands import MENTION
from bot.context import Chat, Speaker
from bot.identity import identify
from bot.messages import Reply
from bot.model import Person, Team

NEAR_ENOUGH = 80  # rapidfuzz score (0..100) above which a name is offered as "did you mean"


T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    match: T | None
    suggestion: str | None = None  # the closest name when there was no match
    several: tuple[T, ...] = ()  # everyone the name fits, when it fits more than one


def find_person(chat: Chat, speaker: Speaker, named: str) -> Found[Person]:
    mention = MENTION.fullmatch(named.strip())
    if mention:
        return Found(identify(chat, Speaker(speaker.tenant, speaker.platform, mention[1])))
    wanted = named.strip().lstrip("@＠").strip().casefold()
    uow = chat.unit_of_work()
    with uow:
        by_id = uow.people.get(speaker.tenant, wanted)
        people = [] if by_id else uow.people.list(speaker.tenant)
    if by_id is not None:
        return Found(by_id)
    exact = [p for p in people if wanted in (p.name.casefold(), *p.name.casefold().split())]
    if len(exact) == 1:
        return Found(exact[0])
    if exact:
        return Found(None, several=tuple(sorted(exact, key=lambda p: (p.name, p.id))))
    return Found(None, _closest(wanted, [p.name for p in people]))


def no_person_reply(
    chat: Chat, viewer: Person, named: str, found: Found[Person], *, command: str = "/okr"
) -> Reply:
    """Nobody by that name (perhaps with the closest one), or several: each with the
    `command` that names them by handle. Said to the asker alone."""
    say = chat.texts.voice(viewer.locale, "commands")
    if found.several:
        return Reply.saying(
            say(
                "several_people",
                name=named.strip(),
                command=command,
                people=[(p.name, p.id) for p in found.several],
            ),
            private=True,
        )
    return Reply.saying(say("no_person", name=named, suggestion=found.suggestion), private=True)


def find_team(teams: Sequence[Team], named: str) -> Found[Team]:
    wanted = named.strip().casefold()
    exact = [t for t in teams if wanted in (t.id.casefold(), t.name.casefold())]
    if len(exact) == 1:
        return Found(exact[0])
    return Found(None, _closest(wanted, [t.name for t in teams]))


def _closest(wanted: str, names: Sequence[str]) -> str | None:
    if not wanted or not names:
        return None
    found = process.extractOne(
        wanted, names, scorer=fuzz.WRatio, score_cutoff=NEAR_ENOUGH, processor=str.casefold
    )
    return found[0] if found else None
