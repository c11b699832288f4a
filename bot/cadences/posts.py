"""Answers to cadence posts: a reply in a standup's thread, an answer to the standup DM, a DM
with standup labels once answers to the next standup are open (the evening before), and a
reply in the thread of a channel check-in, which is read like a DM answer to a check-in."""

from __future__ import annotations

from datetime import date, timedelta

from bot import access
from bot.cadences.calendar import TeamCalendar, team_calendars
from bot.cadences.daily_standup import DAILY_STANDUP, LABEL, names_the_day, record_standup
from bot.cadences.occasion import home_teams
from bot.cadences.standup_summary import answered_ahead
from bot.cadences.weekly_checkin import WEEKLY_CHECKIN
from bot.check_ins import check_in_krs, checkin_prompt_id
from bot.context import Chat, Request
from bot.messages import Reply
from bot.model import CadencePost, CheckInPrompt, Person, PromptStatus
from bot.render.check_in import APPLIED_REACTION

ANSWER_WINDOW = timedelta(hours=20)  # a standup DM is answered within a day


def answer_post(chat: Chat, request: Request, person: Person) -> Reply | None:
    """The answer to a standup, if the message is one. A reply in a channel check-in's thread
    gets its check-in ready and is left to the check-in conversation (None), as is anything
    that answers no cadence post."""
    place = request.place
    if place.is_dm and names_the_day(request.text):
        ahead = _next_standup_open(chat, person)
        if ahead is not None:
            return _recorded(chat, request, person, *ahead, ahead=True)
    post = _answered_post(chat, request, person)
    if post is None:
        return None
    if post.cadence == DAILY_STANDUP.name:
        return _recorded(chat, request, person, post.team, post.day)
    if post.cadence == WEEKLY_CHECKIN.name:
        _check_in_in_thread(chat, person, post)
    return None


def _answered_post(chat: Chat, request: Request, person: Person) -> CadencePost | None:
    tenant, place = person.tenant, request.place
    uow = chat.unit_of_work()
    with uow:
        if not place.is_dm and place.thread:
            return uow.cadence_posts.at(tenant, chat.platform.name, place.channel, place.thread)
        if not place.is_dm:
            return None
        post = uow.cadence_posts.latest_dm(tenant, person.id, DAILY_STANDUP.name)
        if post is None:
            return None
        prompt = uow.prompts.latest_for(tenant, person.id)
        stale = (
            chat.clock.now() - post.sent_at > ANSWER_WINDOW
            or (prompt is not None and prompt.sent_at > post.sent_at)
            or _answers_open_check_in(request.text, prompt)
            # An answer given ahead of the DM is replaced by one given to it.
            or any(
                a.person == person.id and a.at >= post.sent_at
                for a in uow.standup_answers.of_day(tenant, post.team, post.day)
            )
        )
        return None if stale else post


def _answers_open_check_in(text: str, prompt: CheckInPrompt | None) -> bool:
    """A DM without standup labels while the check-in waits is a check-in answer ("KR1 47k"
    after Tuesday's reminder), not the standup."""
    open_check_in = prompt is not None and prompt.status is PromptStatus.OPEN
    return open_check_in and not LABEL.search(text)


def _home_calendar(chat: Chat, person: Person) -> tuple[str, TeamCalendar] | None:
    """The person's home team (the one their DMs come from) and its calendar, if they have one."""
    uow = chat.unit_of_work()
    with uow:
        teams = uow.teams.list(person.tenant)
    home = home_teams(teams).get(person.id)
    team = next((t for t in teams if t.id == home), None)
    if team is None:
        return None
    return team.id, team_calendars(chat.unit_of_work(), person.tenant, [team])[team.id]


def _next_standup_open(chat: Chat, person: Person) -> tuple[str, date] | None:
    """The home team and day of the next standup, if answers to it are open already."""
    home = _home_calendar(chat, person)
    day = answered_ahead(home[1], chat.clock.now()) if home is not None else None
    return None if home is None or day is None else (home[0], day)


def _recorded(
    chat: Chat, request: Request, person: Person, team: str, day: date, *, ahead: bool = False
) -> Reply:
    """Keep the person's standup of that team and day and say so, naming the day when it is
    given ahead."""
    reading = record_standup(chat.unit_of_work(), chat.clock, person, team, day, request.text)
    blocked = bool(reading.blockers)
    if ahead:
        text = chat.texts.say(
            person.locale, "cadences", "standup_recorded_ahead", day=day, blocked=blocked
        )
    else:
        text = chat.texts.say(person.locale, "cadences", "standup_recorded", blocked=blocked)
    return Reply.saying(text, reaction=APPLIED_REACTION)


def _check_in_in_thread(chat: Chat, person: Person, post: CadencePost) -> None:
    """A reply in the thread of a channel check-in answers the check-in the post asked of each
    member. Someone it did not ask (a member of a parent team) answers the check-in their home
    team asked of them this week, if it did; else they are asked about their KRs now,
    numbered as a DM check-in would."""
    prompt_id = checkin_prompt_id(person.id, post.sent_at, thread=True)
    weekly = _weekly_prompt_id(chat, person)
    uow = chat.unit_of_work()
    with uow:
        latest = uow.prompts.latest_for(person.tenant, person.id)
        asked_at_home = weekly is not None and uow.prompts.get(person.tenant, weekly) is not None
        if (
            not asked_at_home
            and (latest is None or latest.sent_at < post.sent_at)
            and (uow.prompts.get(person.tenant, prompt_id) is None)
        ):
            asked = check_in_krs(uow, person, access.default_period(uow, person.tenant))
            uow.prompts.save(
                CheckInPrompt(
                    tenant=person.tenant,
                    id=prompt_id,
                    person=person.id,
                    kr_ids=[a.kr.id for a in asked],
                    sent_at=post.sent_at,
                    platform=chat.platform.name,
                )
            )
            uow.commit()


def _weekly_prompt_id(chat: Chat, person: Person) -> str | None:
    """The id of the check-in the person's home team sends them this week, if it runs."""
    home = _home_calendar(chat, person)
    checkin = home[1].containing(WEEKLY_CHECKIN, chat.clock.now()) if home is not None else None
    return None if checkin is None else checkin_prompt_id(person.id, checkin)
