"""Deciding what waits for the manager in chat: `/okr approve KR`, `/okr decline KR REASON`,
`/okr requests` (objectives to agree and changes to decide), and their buttons."""

from __future__ import annotations

from bot import changes
from bot.chat.naming import key_result_named
from bot.chat.notices import notice_to, with_notices
from bot.context import Chat
from bot.messages import Message, Reply, Section
from bot.model import Person
from bot.render.cycle import DECLINE_FORM, change_words, reason_form, voice, waiting_message


def approve(chat: Chat, person: Person, argument: str) -> Reply:
    named = key_result_named(chat, person, argument)
    assert named.kr is not None
    request = changes.pending_request_of(chat.unit_of_work(), person.tenant, named.kr.id)
    return decided(chat, person, request.id, approve=True)


def decline(chat: Chat, person: Person, argument: str) -> Reply:
    named = key_result_named(chat, person, argument)
    assert named.kr is not None
    request = changes.pending_request_of(chat.unit_of_work(), person.tenant, named.kr.id)
    return decided(chat, person, request.id, approve=False, note=named.rest)


def decline_pressed(chat: Chat, person: Person, request_id: str) -> Reply:
    return Reply(
        form=reason_form(chat.texts, person.locale, DECLINE_FORM, request_id, "decline_form_title")
    )


def decided(chat: Chat, person: Person, request_id: str, *, approve: bool, note: str = "") -> Reply:
    uow = chat.unit_of_work()
    with uow:  # the KR as it was asked about, to say what changes
        pending = uow.change_requests.get(person.tenant, request_id)
        holder = uow.objectives.with_key_result(person.tenant, pending.kr_id) if pending else None
    before = holder.key_result(pending.kr_id) if holder and pending else None
    done = changes.decide_change(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        request_id=request_id,
        approve=approve,
        note=note,
    )
    kr = before or done.objective.key_result(done.request.kr_id)
    assert kr is not None
    requester = done.requested_by
    mine = voice(chat.texts, person.locale)
    theirs = voice(chat.texts, requester.locale)
    if approve:
        reply = Reply.saying(
            mine(
                "approved",
                kr=kr.title,
                changes=change_words(chat.texts, person.locale, kr, done.request.changes),
            )
        )
        notice = theirs(
            "approved_notice",
            by=person.name,
            kr=kr.title,
            changes=change_words(chat.texts, requester.locale, kr, done.request.changes),
        )
    else:
        reply = Reply.saying(mine("declined", kr=kr.title))
        notice = theirs("declined_notice", by=person.name, kr=kr.title, note=done.request.note)
    if requester.id == person.id:
        return reply
    return with_notices(
        chat, person, reply, [notice_to(chat, requester, Message.of(Section(notice)))]
    )


def waiting(chat: Chat, person: Person) -> Reply:
    found = changes.waiting_for(chat.unit_of_work(), tenant=person.tenant, person_id=person.id)
    uow = chat.unit_of_work()
    with uow:
        names = {p.id: p.name for p in uow.people.list(person.tenant)}
    return Reply(messages=(waiting_message(chat.texts, person.locale, found, names),), private=True)
