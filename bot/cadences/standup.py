"""The daily standup's answers: yesterday / today / blockers, optionally about a KR, written in
the standup post's thread or in answer to the standup DM; recorded per person and day, then
summarised into the team channel at the end of the answer window (`standup-summary`). A DM
with standup labels sent the evening before (from the team's `standup_opens`) is the next
working day's standup of the person's home team.

Replies in the thread of a channel check-in post are read like a DM answer to a check-in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot import access
from bot.cadences.calendar import TeamCalendar
from bot.cadences.runner import team_calendar
from bot.cadences.settings import Cadence
from bot.cadences.targets import checkin_prompt_id, home_teams
from bot.chat import check_in
from bot.context import Chat, Request
from bot.messages import Reply
from bot.model import CadencePost, CheckInPrompt, Person, PromptStatus, StandupAnswer

_LABELS = {
    "yesterday": r"yesterday|y|昨天|昨日",
    "today": r"today|t|今天|今日",
    "blockers": r"blockers?|blocked|blocking|b|阻塞|卡点|障碍|问题|风险",
}
_LABEL = re.compile(
    "|".join(
        rf"(?P<{name}>(?<![\w]){words_re}(?![\w]))\s*[:：\-—]"
        for name, words_re in ((n, f"(?:{w})") for n, w in _LABELS.items())
    ),
    re.IGNORECASE,
)
_NOTHING = re.compile(
    r"^(?:none|no|nothing|n/?a|no blockers?|无|没有|暂无)[.。!！]?$", re.IGNORECASE
)
_KR = re.compile(r"\bKR\s*#?\s*(\d+)", re.IGNORECASE)
ANSWER_WINDOW = timedelta(hours=20)  # a standup DM is answered within a day


@dataclass(frozen=True)
class StandupReading:
    yesterday: str
    today: str
    blockers: str
    kr_number: int | None  # "KR2": the person's second KR, as their check-in numbers them


def read_standup(text: str) -> StandupReading:
    """Split an answer at its labels ("Yesterday: … Today: … Blockers: …", "昨天:… 今天:…
    阻塞:…"); text before any label is today's. "none" / "无" as blockers is no blocker."""
    parts = {"yesterday": "", "today": "", "blockers": ""}
    found = list(_LABEL.finditer(text))
    lead = text[: found[0].start()] if found else text
    if lead.strip():
        parts["today"] = _clean(lead)
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        name = match.lastgroup or "today"
        parts[name] = _clean(" ".join(filter(None, (parts[name], text[match.end() : end]))))
    if _NOTHING.match(parts["blockers"]):
        parts["blockers"] = ""
    kr = _KR.search(text)
    return StandupReading(
        parts["yesterday"], parts["today"], parts["blockers"], int(kr[1]) if kr else None
    )


def _answers_open_check_in(text: str, prompt: CheckInPrompt | None) -> bool:
    """A DM without standup labels while the check-in waits is a check-in answer ("KR1 47k"
    after Tuesday's reminder), not the standup."""
    open_check_in = prompt is not None and prompt.status is PromptStatus.OPEN
    return open_check_in and not _LABEL.search(text)


def _names_the_day(text: str) -> bool:
    """Whether the text says what was done or what is next ("Yesterday: …", "今天:…"):
    "blocked:" alone is as much a check-in's word as a standup's."""
    return any(m.lastgroup in ("yesterday", "today") for m in _LABEL.finditer(text))


def _clean(text: str) -> str:
    return text.strip().strip(";；,，").strip()


def route(chat: Chat, request: Request, person: Person) -> Reply | None:
    """The answer to a cadence post, if the message is one: a reply in a standup's or a channel
    check-in's thread, a DM with standup labels once answers to the next standup are open, or
    a DM after a standup DM still unanswered. None otherwise."""
    tenant, place = person.tenant, request.place
    if place.is_dm and _names_the_day(request.text):
        ahead = _next_standup_open(chat, person)
        if ahead is not None:
            return record(chat, request, person, *ahead, ahead=True)
    uow = chat.unit_of_work()
    with uow:
        post: CadencePost | None = None
        if not place.is_dm and place.thread:
            post = uow.standups.post_at(tenant, chat.platform.name, place.channel, place.thread)
        elif place.is_dm:
            post = uow.standups.latest_dm(tenant, person.id, Cadence.DAILY_STANDUP.value)
            prompt = uow.prompts.latest_for(tenant, person.id)
            if post is not None and (
                chat.clock.now() - post.sent_at > ANSWER_WINDOW
                or (prompt is not None and prompt.sent_at > post.sent_at)
                or _answers_open_check_in(request.text, prompt)
                # An answer given ahead of the DM is replaced by one given to it.
                or any(
                    a.person == person.id and a.at >= post.sent_at
                    for a in uow.standups.answers(tenant, post.team, post.day)
                )
            ):
                post = None
    if post is None:
        return None
    if post.cadence == Cadence.DAILY_STANDUP.value:
        return record(chat, request, person, post.team, post.day)
    if post.cadence == Cadence.WEEKLY_CHECKIN.value:
        return _check_in_in_thread(chat, request, person, post)
    return None


def _home_calendar(chat: Chat, person: Person) -> tuple[str, TeamCalendar] | None:
    """The person's home team (the one their DMs come from) and its calendar, if they have one."""
    uow = chat.unit_of_work()
    with uow:
        teams = uow.teams.list(person.tenant)
    home = home_teams(teams).get(person.id)
    team = next((t for t in teams if t.id == home), None)
    if team is None:
        return None
    return team.id, team_calendar(chat.unit_of_work(), person.tenant, team)


def _next_standup_open(chat: Chat, person: Person) -> tuple[str, date] | None:
    """The home team and day of the next standup, if answers to it are open already."""
    home = _home_calendar(chat, person)
    day = home[1].standup_answered_ahead(chat.clock.now()) if home is not None else None
    return None if home is None or day is None else (home[0], day)


def record(
    chat: Chat, request: Request, person: Person, team: str, day: date, *, ahead: bool = False
) -> Reply:
    """Keep the person's standup of that team and day (a later answer replaces it) and say
    so, naming the day when it is given ahead."""
    reading = read_standup(request.text)
    uow = chat.unit_of_work()
    with uow:
        kr_id = None
        if reading.kr_number is not None:
            period = access.default_period(uow, person.tenant)
            asked = check_in.check_in_krs(uow, person, period)
            if 1 <= reading.kr_number <= len(asked):
                kr_id = asked[reading.kr_number - 1].kr.id
        uow.standups.answer(
            StandupAnswer(
                person.tenant,
                team,
                day,
                person.id,
                reading.yesterday,
                reading.today,
                reading.blockers,
                chat.clock.now(),
                kr_id,
            )
        )
        uow.commit()
    if ahead:
        text = chat.texts.say(
            person.locale,
            "cadences",
            "standup_recorded_ahead",
            day=day,
            blocked=bool(reading.blockers),
        )
    else:
        text = chat.texts.say(
            person.locale, "cadences", "standup_recorded", blocked=bool(reading.blockers)
        )
    return Reply.saying(text, reaction=check_in.APPLIED_REACTION)


def _check_in_in_thread(chat: Chat, request: Request, person: Person, post: CadencePost) -> Reply:
    """A reply in the thread of a channel check-in, read like a DM answer to the check-in the
    post asked of each member. Someone it did not ask (a member of a parent team) answers the
    check-in their home team asked of them this week, if it did; else they are asked about
    their KRs now, numbered as a DM check-in would."""
    prompt_id = f"ci-{person.id}-{post.day:%Y%m%d}-thread"
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
            period = access.default_period(uow, person.tenant)
            asked = check_in.check_in_krs(uow, person, period)
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
    return check_in.answer(chat, request, person)


def _weekly_prompt_id(chat: Chat, person: Person) -> str | None:
    """The id of the check-in the person's home team sends them this week, if it runs."""
    home = _home_calendar(chat, person)
    checkin = (
        home[1].containing(Cadence.WEEKLY_CHECKIN, chat.clock.now()) if home is not None else None
    )
    return None if checkin is None else checkin_prompt_id(person.id, checkin)
