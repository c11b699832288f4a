"""The standup summary (晨会总结): the day's standup answers in the team channel, once, when
the answer window closes. It also decides when answers to the next standup open: from the
team's `standup-opens` on the working day before, never before that day's summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.cadences.cadence import Cadence, Window
from bot.cadences.calendar import TeamCalendar
from bot.cadences.daily_standup import DAILY_STANDUP
from bot.cadences.occasion import Occasion, Target, reached
from bot.messages import Block, Section
from bot.model import Locale
from bot.schedules import WORKING_WEEK, CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    """Skipped, and logged so, on a day nobody answered."""
    if not o.calendar.settings.rule(DAILY_STANDUP).enabled:
        return []
    locale = o.team_locale()
    members = o.members()  # everyone in the channel's team may answer in its thread
    uow = o.chat.unit_of_work()
    with uow:
        answers = list(uow.standup_answers.of_day(o.tenant, o.team.id, o.day))
        titles = {}
        for a in answers:
            holder = uow.objectives.with_key_result(o.tenant, a.kr_id) if a.kr_id else None
            kr = holder.key_result(a.kr_id) if holder and a.kr_id else None
            titles[a.person] = kr.title if kr else ""
    names = {p.id: p.name for p in members}
    answered = {a.person for a in answers}

    def blocks() -> list[Block]:
        found: list[Block] = [
            Section(
                o.say(
                    locale,
                    "standup_summary",
                    team=o.team.name,
                    day=o.day,
                    answered=len(answers),
                    total=len(members),
                    missing=[p.name for p in members if p.id not in answered],
                )
            )
        ]
        found += [
            Section(
                o.say(
                    locale,
                    "standup_summary_person",
                    name=names.get(a.person, a.person),
                    kr=titles[a.person],
                    yesterday=a.yesterday,
                    today=a.today,
                    blockers=a.blockers,
                )
            )
            for a in answers
        ]
        return found

    found = reached([o.channel(blocks)])
    return found if answers else [t.skipped("no_answers") for t in found]


STANDUP_SUMMARY = Cadence(
    name="standup-summary",
    default=CadenceRule(WORKING_WEEK, time(12, 0), Where.CHANNEL),
    window=Window.DAY,
    titles={Locale.EN: "standup summary", Locale.ZH: "晨会总结"},
    words=("晨会总结",),
    targets=targets,
)


def answered_ahead(calendar: TeamCalendar, moment: datetime) -> date | None:
    """The day of the team's next standup if answers to it are already taken at `moment`:
    from `standup_opens` on the working day before it (never before that day's standup
    summary, which closes that day's answers) until it is posted. None otherwise."""
    opens = calendar.settings.standup_opens
    if opens is None or not calendar.settings.rule(DAILY_STANDUP).enabled:
        return None
    at = calendar.next_after(DAILY_STANDUP, moment)
    if at is None:
        return None
    day = calendar.local_day(at)
    before = calendar.working_day_before(day)
    start = max(
        datetime.combine(before, opens, ZoneInfo(calendar.timezone)).astimezone(UTC),
        calendar.occurrence(STANDUP_SUMMARY, before),
    )
    return day if start <= moment else None
