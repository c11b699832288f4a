"""The weekly report (周报), Friday afternoon: each member's own week by DM, and the team's in
its channel, or by DM to its lead (`to dm`). Whoever has no open objectives is skipped."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from bot import insights
from bot.cadences.cadence import Cadence, Window
from bot.cadences.occasion import Occasion, Target, reached
from bot.messages import Message
from bot.model import Locale, Owner, Person
from bot.render.overviews import report_message
from bot.schedules import CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    team = Owner(o.team.id, is_team=True)

    def report(owner: Owner, name: str, reader: Person | None) -> Message:
        """The week as the reader's own (a person's report), else the team's."""
        week = insights.weekly_report(
            o.chat.unit_of_work(),
            tenant=o.tenant,
            owner=owner,
            now=o.occurrence,
            timezone=reader.timezone if reader else o.calendar.timezone,
        )
        locale = reader.locale if reader else o.team_locale()
        return report_message(o.chat.texts, locale, name, week)

    def about(owner: Owner, target: Target | None) -> Target | None:
        """Nothing to report on without open objectives: skipped, and logged so."""
        if target is not None and target.skip is None and not o.workspace.objectives.get(owner):
            return target.skipped("nothing_to_report")
        return target

    found = [
        about(Owner(person.id), o.dm(person, lambda p: report(Owner(p.id), p.name, p)))
        for person in o.home_members()
    ]
    lead = o.lead()
    if o.calendar.settings.rule(o.cadence).where is Where.CHANNEL:
        found.append(about(team, o.channel(lambda: report(team, o.team.name, None).blocks)))
    elif lead is not None:
        # The team's week and language are its lead's.
        to_lead = o.dm(lead, lambda _: report(team, o.team.name, None))
        keyed = replace(to_lead, key=f"team-report:{o.team.id}:{lead.id}") if to_lead else None
        found.append(about(team, keyed))
    return reached(found)


WEEKLY_REPORT = Cadence(
    name="weekly-report",
    default=CadenceRule(("fri",), time(17, 0), Where.CHANNEL),
    window=Window.WEEK,
    titles={Locale.EN: "weekly report", Locale.ZH: "周报"},
    words=("周报",),
    targets=targets,
    reads_objectives=True,
)
