"""The quarter-end summary (季度总结), on the first working day after the period: the team
channel sees each objective's final scores — the sweet spot and the too easy marked — and
what its people said they would do differently."""

from __future__ import annotations

from datetime import date, time

from bot import scoring
from bot.cadences.cadence import Cadence, Window
from bot.cadences.calendar import TeamCalendar
from bot.cadences.occasion import Occasion, Target, reached
from bot.messages import Block, Section
from bot.model import Locale
from bot.schedules import WORKING_WEEK, CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    """Skipped, and logged so, when nobody scored nor answered the retro."""
    members = o.members()
    summary = scoring.quarter_summary(
        o.chat.unit_of_work(),
        tenant=o.tenant,
        team_id=o.team.id,
        members=[p.id for p in members],
        period=o.workspace.period,
    )
    locale = o.team_locale()
    names = {p.id: p.name for p in members}

    def blocks() -> list[Block]:
        found: list[Block] = [
            Section(
                o.say(
                    locale,
                    "quarter_summary",
                    period=summary.period,
                    team=o.team.name,
                    scored=len(summary.scored),
                    total=len(members),
                    missing=[p.name for p in members if p.id not in summary.scored],
                )
            )
        ]
        found += [
            Section(
                o.say(
                    locale,
                    "quarter_summary_objective",
                    title=objective.title,
                    owner=o.team.name
                    if objective.owner.is_team
                    else names.get(objective.owner.id, objective.owner.id),
                    score=objective.score,
                    krs=objective.key_results,
                )
            )
            for objective in summary.objectives
        ]
        if summary.retros:
            answers = [(names.get(a.person, a.person), a.text) for a in summary.retros]
            found.append(Section(o.say(locale, "quarter_summary_retro", answers=answers)))
        return found

    found = reached([o.channel(blocks)])
    if summary.scored or summary.retros:
        return found
    return [t.skipped("no_answers") for t in found]


def _first_working_day_after(calendar: TeamCalendar, cadence: Cadence, day: date) -> bool:
    return day == calendar.first_working_day_after()


QUARTER_END_SUMMARY = Cadence(
    name="quarter-end-summary",
    default=CadenceRule(WORKING_WEEK, time(10, 0), Where.CHANNEL),
    window=Window.AFTER_PERIOD,
    titles={Locale.EN: "quarter-end summary", Locale.ZH: "季度总结"},
    words=("季度总结",),
    targets=targets,
    fires=_first_working_day_after,
)
