"""Telling the others a request concerns: the manager asked to agree, the owner whose objective
was agreed, the assignee of a task. They are told by DM on the platform the request came
from; whoever is not on it yet is named to the speaker instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.context import Chat
from bot.messages import Message, Notice, Reply, Section
from bot.model import Objective, Owner, Person


def notice_to(chat: Chat, person: Person, message: Message) -> Notice | Person:
    """The DM to send `person`, or `person` when this platform cannot reach them."""
    user_id = chat.platform.address(person)
    return Person(**vars(person)) if user_id is None else Notice(user_id, message)


def with_notices(
    chat: Chat, speaker: Person, reply: Reply, told: Sequence[Notice | Person]
) -> Reply:
    """`reply` with its notices; a line for each person the platform cannot reach."""
    notices = tuple(t for t in told if isinstance(t, Notice))
    say = chat.texts.voice(speaker.locale, "cycle")
    unreachable = tuple(
        Message.of(Section(say("not_reachable", name=t.name, platform=chat.platform.name)))
        for t in told
        if isinstance(t, Person)
    )
    return replace(reply, messages=(*reply.messages, *unreachable), notices=notices)


def owner_of(chat: Chat, objective: Objective) -> Person | None:
    """Who an objective's news goes to: its owner, or its team's lead."""
    return person_for(chat, objective.tenant, objective.owner)


def person_for(chat: Chat, tenant: str, owner: Owner) -> Person | None:
    """The person an owner stands for: themselves, or a team's lead."""
    uow = chat.unit_of_work()
    with uow:
        if not owner.is_team:
            return uow.people.get(tenant, owner.id)
        team = uow.teams.get(tenant, owner.id)
        return uow.people.get(tenant, team.lead) if team and team.lead else None
