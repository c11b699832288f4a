"""The weekly check-in (每周打卡), Monday morning: each member's KRs by DM (team KRs go to the
lead), or one post in the team channel answered in its thread. Someone who already checked in
that week is not asked again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, time

from bot.cadences.cadence import Cadence, Window
from bot.cadences.calendar import TeamCalendar
from bot.cadences.occasion import Occasion, Target, reached
from bot.check_ins import Asked, checkin_prompt_id, krs_to_ask, mark_fresh, settled_since
from bot.messages import Section
from bot.model import CheckInPrompt, Delivery, Locale, Person, PromptStatus
from bot.ports import UnitOfWork
from bot.render.check_in import prompt_message
from bot.schedules import CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    people = o.home_members()
    uow = o.chat.unit_of_work()
    with uow:
        asked = mark_fresh(
            uow,
            o.tenant,
            krs_to_ask(people, o.workspace.teams, o.workspace.objectives),
            o.occurrence,
        )
        latest = uow.prompts.latest_for_many(o.tenant, [p.id for p in people])
    done = _checked_in_this_week(o, latest)
    if o.calendar.settings.rule(o.cadence).where is Where.CHANNEL:
        return _check_in_post(o, [p for p in people if p.id not in done], asked)
    found: list[Target | None] = []
    for person in people:
        if person.id in done:
            found.append(o.skip(person, "checked_in_already"))
        elif not asked[person.id]:
            found.append(o.skip(person, "nothing_to_ask"))
        else:
            found.append(_check_in_dm(o, person, asked[person.id]))
    return reached(found)


def _checked_in_this_week(o: Occasion, latest: Mapping[str, CheckInPrompt]) -> set[str]:
    """Who already answered a check-in (`/okr checkin`, another team's) this week, before this
    one went out: not asked again, nor reminded."""
    monday, _ = o.calendar.week(o.day)
    return {
        person
        for person, prompt in latest.items()
        if settled_since(prompt, monday) and prompt.id != checkin_prompt_id(person, o.occurrence)
    }


def _check_in_dm(o: Occasion, person: Person, asked: list[Asked]) -> Target | None:
    """The check-in DM, named after the occurrence so that answers find it."""
    prompt = CheckInPrompt(
        tenant=o.tenant,
        id=checkin_prompt_id(person.id, o.occurrence),
        person=person.id,
        kr_ids=[a.kr.id for a in asked],
        sent_at=o.occurrence,
        platform=o.platform,
    )
    target = o.dm(
        person,
        lambda p: prompt_message(o.chat.texts, p, prompt, asked, period=o.workspace.period),
    )
    return None if target is None else replace(target, prompts=(prompt,))


def _check_in_post(
    o: Occasion, people: Sequence[Person], asked: Mapping[str, list[Asked]]
) -> list[Target]:
    """One post in the team channel, answered in its thread: each member's check-in is
    remembered as if it had been sent to them (so answers, reminders and escalations count
    them as they count DMs)."""
    locale = o.team_locale()
    prompts = tuple(
        CheckInPrompt(
            tenant=o.tenant,
            id=checkin_prompt_id(p.id, o.occurrence),
            person=p.id,
            kr_ids=[a.kr.id for a in asked[p.id]],
            sent_at=o.occurrence,
            platform=o.platform,
        )
        for p in people
        if asked[p.id]
    )
    post = o.channel(lambda: [Section(o.say(locale, "checkin_channel", team=o.team.name))])
    return [] if post is None else [replace(post, prompts=prompts, post=o.posted())]


def unanswered(o: Occasion) -> list[Person]:
    """Members whose check-in of this week is still unanswered (and who are not on leave):
    answering a later check-in since (another team's channel check-in, `/okr checkin`)
    settles it too."""
    checkin = o.calendar.containing(WEEKLY_CHECKIN, o.occurrence)
    if checkin is None:
        return []
    people = o.home_members()
    asked = {p.id: checkin_prompt_id(p.id, checkin) for p in people}
    uow = o.chat.unit_of_work()
    with uow:
        prompts = uow.prompts.get_many(o.tenant, list(asked.values()))
        open_ = [
            p
            for p in people
            if (prompt := prompts.get(asked[p.id])) is not None
            and prompt.status is PromptStatus.OPEN
        ]
        latest = uow.prompts.latest_for_many(o.tenant, [p.id for p in open_])
    return [p for p in open_ if not settled_since(latest.get(p.id), checkin) and not o.on_leave(p)]


def check_in_response(
    uow: UnitOfWork, delivery: Delivery, calendar: TeamCalendar, checkin: datetime
) -> PromptStatus:
    """What the person did with the weekly check-in of `checkin`: answered or skipped it, or
    settled it with a later check-in that week (as the reminder counts it); else still open."""
    prompt = uow.prompts.get(delivery.tenant, checkin_prompt_id(delivery.person or "", checkin))
    if prompt is None:
        return PromptStatus.OPEN
    if prompt.status is PromptStatus.OPEN:
        latest = uow.prompts.latest_for(prompt.tenant, prompt.person)
        _, week_over = calendar.week(calendar.local_day(prompt.sent_at))
        if settled_since(latest, prompt.sent_at, before=week_over) and latest is not None:
            return latest.status
    return prompt.status


def response(uow: UnitOfWork, delivery: Delivery, calendar: TeamCalendar) -> PromptStatus:
    return check_in_response(uow, delivery, calendar, delivery.occurrence)


WEEKLY_CHECKIN = Cadence(
    name="weekly-checkin",
    default=CadenceRule(("mon",), time(10, 0), Where.DM),
    window=Window.WEEK,
    titles={Locale.EN: "weekly check-in", Locale.ZH: "每周打卡"},
    words=("周会", "每周打卡"),
    targets=targets,
    response=response,
    reads_objectives=True,
)
