"""The action plan and dependencies in chat: `/okr task KR1 TEXT [@assignee] [by DATE]`,
`/okr tasks [@someone]`, `/okr done TASK`, `/okr depend KR1 on KR|@someone|team NAME`."""

from __future__ import annotations

import re
from datetime import date

from bot import execution
from bot.chat.naming import key_result_named, owner_named, person_named
from bot.chat.notices import notice_to, person_for, with_notices
from bot.commands import MENTION
from bot.context import Chat, Request
from bot.errors import OkrError
from bot.messages import Message, Reply, Section
from bot.model import Owner, Person
from bot.render.cycle import plan_message, voice

_ASSIGNEE = re.compile(r"(?:^|\s)(<@[^>]+>|@[^\s@]+)(?=\s|$)")
_DUE = re.compile(
    r"(?:^|\s)(?:by|due|截止|截至|之前)\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}|\d{1,2}月\d{1,2}日?)\s*$",
    re.IGNORECASE,
)
_ON = re.compile(r"^(?:on|于)\s+|^于", re.IGNORECASE)


def task(chat: Chat, request: Request, person: Person, argument: str) -> Reply:
    named = key_result_named(chat, person, argument)
    assert named.kr is not None
    text = named.rest
    due = None
    found_due = _DUE.search(text)
    if found_due:
        due = _date(found_due[1], person.local_date(chat.clock.now()))
        text = text[: found_due.start()]
    assignee = None
    found_assignee = _ASSIGNEE.search(text)
    if found_assignee:
        assignee = person_named(chat, request.speaker, found_assignee[1])
        text = text[: found_assignee.start()] + text[found_assignee.end() :]
    if not text.strip():
        raise OkrError("edit_unreadable", example="/okr task KR1 Call five prospects @raj")
    added = execution.add_task(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        kr_id=named.kr.id,
        title=text,
        assignee=assignee.id if assignee else None,
        due=due,
    )
    say = voice(chat.texts, person.locale)
    reply = Reply.saying(
        say(
            "task_added",
            kr=named.kr.title,
            title=added.title,
            id=added.id,
            assignee=assignee.name if assignee else "",
            due=added.due,
        )
    )
    if assignee is None or assignee.id == person.id:
        return reply
    notice = Message.of(
        Section(
            voice(chat.texts, assignee.locale)(
                "task_notice",
                by=person.name,
                kr=named.kr.title,
                title=added.title,
                due=added.due,
                id=added.id,
            )
        )
    )
    return with_notices(chat, person, reply, [notice_to(chat, assignee, notice)])


def tasks(chat: Chat, request: Request, person: Person, argument: str) -> Reply:
    shown = person_named(chat, request.speaker, argument) if argument.strip() else person
    plan = execution.plan_of(chat.unit_of_work(), tenant=person.tenant, person_id=shown.id)
    uow = chat.unit_of_work()
    with uow:
        names = {p.id: p.name for p in uow.people.list(person.tenant)}
    return Reply(messages=(plan_message(chat.texts, person.locale, shown.name, plan, names),))


def done(chat: Chat, person: Person, argument: str) -> Reply:
    task_id = argument.strip().split()[0] if argument.strip() else ""
    if not task_id:
        raise OkrError("unknown_task", task="")
    finished = execution.complete_task(
        chat.unit_of_work(), chat.clock, tenant=person.tenant, actor=person.id, task_id=task_id
    )
    uow = chat.unit_of_work()
    with uow:
        holder = uow.objectives.with_key_result(person.tenant, finished.kr_id)
    kr = holder.key_result(finished.kr_id) if holder else None
    reply = Reply.saying(voice(chat.texts, person.locale)("task_done", title=finished.title))
    owner = (
        person_for(chat, person.tenant, Owner(kr.owner) if kr and kr.owner else holder.owner)
        if holder
        else None
    )
    if owner is None or owner.id == person.id or kr is None:
        return reply
    notice = Message.of(
        Section(
            voice(chat.texts, owner.locale)(
                "task_done_notice", by=person.name, title=finished.title, kr=kr.title
            )
        )
    )
    return with_notices(chat, person, reply, [notice_to(chat, owner, notice)])


def depend(chat: Chat, request: Request, person: Person, argument: str) -> Reply:
    """`/okr depend KR1 on kr-c1`, `… on @chen`, `… on team platform`."""
    named = key_result_named(chat, person, argument)
    assert named.kr is not None
    other = _ON.sub("", named.rest.strip(), count=1).strip()
    if not other:
        raise OkrError("dependency_needs_other_side", key_result=named.kr.id)
    on_kr = None
    on: Owner | None = None
    if MENTION.fullmatch(other) or other.startswith(("@", "＠", "team ", "团队")):
        on = owner_named(chat, request.speaker, other)
    else:
        theirs = key_result_named(chat, person, other)
        on_kr = theirs.kr
    added = execution.add_dependency(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        kr_id=named.kr.id,
        on=str(on) if on else None,
        on_kr_id=on_kr.id if on_kr else None,
    )
    told = person_for(chat, person.tenant, added.on_owner)
    say = voice(chat.texts, person.locale)
    reply = Reply.saying(
        say(
            "depended",
            kr=named.kr.title,
            on=told.name if told else str(added.on_owner),
            on_kr=on_kr.title if on_kr else "",
        )
    )
    if told is None or told.id == person.id:
        return reply
    notice = Message.of(
        Section(
            voice(chat.texts, told.locale)(
                "depend_notice",
                by=person.name,
                kr=named.kr.title,
                on_kr=on_kr.title if on_kr else "",
            )
        )
    )
    return with_notices(chat, person, reply, [notice_to(chat, told, notice)])


def _date(text: str, today: date) -> date:
    """`2026-12-15`, `12/15`, `12月15日`: the next such day from today."""
    try:
        if "-" in text:
            year, month, day = (int(p) for p in text.split("-"))
            return date(year, month, day)
        month, day = (int(p) for p in re.split(r"[/月]", text.rstrip("日")) if p)
        named = date(today.year, month, day)
        return named if named >= today else date(today.year + 1, month, day)
    except ValueError:
        raise OkrError("bad_date", value=text) from None
