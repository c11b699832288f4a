"""Who is talking: a platform user becomes a person of the OKR table."""

from __future__ import annotations

import re

from bot.context import Chat, Speaker
from bot.ids import first_free
from bot.model import Locale, Person
from bot.ports import Profile, UnitOfWork


def identify(chat: Chat, speaker: Speaker) -> Person:
    """The person behind a platform user: by platform id, else by the handle or email the
    platform knows, else a new person made from the platform profile."""
    person = member(chat, speaker)
    if person is None:  # someone from outside: answered as a person, never kept as one
        profile = chat.platform.lookup_user(speaker.tenant, speaker.user_id)
        return Person(
            tenant=speaker.tenant,
            id=speaker.user_id,
            name=profile.name if profile else speaker.user_id,
            locale=(profile.locale if profile else None) or Locale.EN,
        )
    return person


def member(chat: Chat, speaker: Speaker, *, create: bool = True) -> Person | None:
    """The person of the OKR table behind a platform user, as `identify` finds them; a new
    one is made from the platform profile only where `create`, and never for a guest or
    someone of another organisation (None then: they are not one of the company)."""
    found = known(chat, speaker)
    if found is not None:
        return found
    # Asked outside the transaction: it may be a network call.
    profile = chat.platform.lookup_user(speaker.tenant, speaker.user_id) or Profile(
        speaker.user_id, speaker.user_id
    )
    uow = chat.unit_of_work()
    with uow:
        person = _match(uow, speaker.tenant, profile)
        new = person is None
        if person is None:
            if profile.external or not create:
                return None
            handle = _handle(profile)

            def taken(person_id: str) -> bool:
                return uow.people.get(speaker.tenant, person_id) is not None

            person = Person(
                tenant=speaker.tenant,
                id=first_free(handle, taken) if taken(handle) else handle,
                name=profile.name,
                locale=profile.locale or Locale.EN,
                timezone=profile.timezone or "UTC",
                email=profile.email,
            )
        # Linked for good, unless the platform names people so anyway (the console: by handle).
        linked = chat.platform.address(person) == speaker.user_id
        if not linked:
            person.platform_ids[speaker.platform] = speaker.user_id
        if new or not linked:
            uow.people.save(person)
            uow.commit()
    return person


def known(chat: Chat, speaker: Speaker) -> Person | None:
    """The person already linked to this platform user, if any: no network call."""
    uow = chat.unit_of_work()
    with uow:
        return uow.people.by_platform_id(speaker.tenant, speaker.platform, speaker.user_id)


def _match(uow: UnitOfWork, tenant: str, profile: Profile) -> Person | None:
    if profile.handle:
        by_handle = uow.people.get(tenant, profile.handle)
        if by_handle is not None:
            return by_handle
    if profile.email:
        email = profile.email.casefold()
        people = uow.people.list(tenant)
        return next((p for p in people if p.email and p.email.casefold() == email), None)
    return None


def _handle(profile: Profile) -> str:
    """A handle from the email or name: `mia.torres@…` → `mia-torres`; other scripts keep
    their letters."""
    if profile.handle:
        return profile.handle
    source = profile.email.split("@")[0] if profile.email else profile.name
    return "-".join(re.findall(r"\w+", source)).casefold() or profile.user_id
