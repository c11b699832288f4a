"""The daily standup (晨会): one post in the team channel, answered in its thread, or a DM to
each member. Answers — yesterday / today / blockers, optionally about a KR — are recorded per
person and day; `standup-summary` posts them when the answer window closes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time

from bot import access
from bot.cadences.cadence import Cadence, Window
from bot.cadences.calendar import TeamCalendar
from bot.cadences.occasion import Occasion, Target, reached
from bot.check_ins import check_in_krs
from bot.messages import Message, Section
from bot.model import Delivery, Locale, Person, PromptStatus, StandupAnswer
from bot.ports import Clock, UnitOfWork
from bot.schedules import WORKING_WEEK, CadenceRule, Where

_LABELS = {
    "yesterday": r"yesterday|y|昨天|昨日",
    "today": r"today|t|今天|今日",
    "blockers": r"blockers?|blocked|blocking|b|阻塞|卡点|障碍|问题|风险",
}
LABEL = re.compile(
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


def targets(o: Occasion) -> list[Target]:
    """The standup post (answered in its thread) or DMs; each remembered as a `CadencePost`
    so that answers to it are recognised."""
    if o.calendar.settings.rule(o.cadence).where is Where.CHANNEL:
        locale = o.team_locale()
        post = o.channel(lambda: [Section(o.say(locale, "standup", team=o.team.name))])
        return reached([replace(post, post=o.posted()) if post else None])
    uow = o.chat.unit_of_work()
    with uow:  # answered the evening before: not asked again
        ahead = {a.person for a in uow.standup_answers.of_day(o.tenant, o.team.id, o.day)}
    found = reached(
        o.dm(person, lambda p: Message.of(Section(o.say(p.locale, "standup_dm", name=p.name))))
        for person in o.home_members()
    )
    return [
        t.skipped("answered_ahead")
        if t.person in ahead and t.skip is None
        else replace(t, post=o.posted(t.person))
        for t in found
    ]


def response(uow: UnitOfWork, delivery: Delivery, calendar: TeamCalendar) -> PromptStatus:
    """Answered once the person gave the standup of the team's day the delivery fired on."""
    day = calendar.local_day(delivery.occurrence)
    answers = uow.standup_answers.of_day(delivery.tenant, delivery.team, day)
    answered = any(a.person == delivery.person for a in answers)
    return PromptStatus.ANSWERED if answered else PromptStatus.OPEN


DAILY_STANDUP = Cadence(
    name="daily-standup",
    default=CadenceRule(WORKING_WEEK, time(9, 30), Where.CHANNEL),
    window=Window.DAY,
    titles={Locale.EN: "standup", Locale.ZH: "晨会"},
    words=("晨会",),
    targets=targets,
    response=response,
)


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
    found = list(LABEL.finditer(text))
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


def names_the_day(text: str) -> bool:
    """Whether the text says what was done or what is next ("Yesterday: …", "今天:…"):
    "blocked:" alone is as much a check-in's word as a standup's."""
    return any(m.lastgroup in ("yesterday", "today") for m in LABEL.finditer(text))


def record_standup(
    uow: UnitOfWork, clock: Clock, person: Person, team: str, day: date, text: str
) -> StandupReading:
    """Keep the person's standup of that team and day; a later answer replaces it."""
    reading = read_standup(text)
    with uow:
        kr_id = None
        if reading.kr_number is not None:
            asked = check_in_krs(uow, person, access.default_period(uow, person.tenant))
            if 1 <= reading.kr_number <= len(asked):
                kr_id = asked[reading.kr_number - 1].kr.id
        uow.standup_answers.save(
            StandupAnswer(
                person.tenant,
                team,
                day,
                person.id,
                reading.yesterday,
                reading.today,
                reading.blockers,
                clock.now(),
                kr_id,
            )
        )
        uow.commit()
    return reading


def _clean(text: str) -> str:
    return text.strip().strip(";；,，").strip()
