"""The quarter end (季度末), on the period's last working day: the team channel hears it is
time to score and hold the retro, and each member is asked for their self-scores."""

from __future__ import annotations

from datetime import date, time

from bot.cadences.cadence import Cadence, Window
from bot.cadences.calendar import TeamCalendar
from bot.cadences.occasion import Occasion, Target, reached
from bot.messages import Message, Section
from bot.model import Locale
from bot.schedules import WORKING_WEEK, CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    period = o.workspace.period
    found = [
        o.channel(
            lambda: [
                Section(
                    o.say(o.team_locale(), "quarter_end_channel", team=o.team.name, period=period)
                )
            ]
        )
    ]
    found += [
        o.dm(
            p,
            lambda q: Message.of(
                Section(o.say(q.locale, "quarter_end_dm", name=q.name, period=period))
            ),
        )
        for p in o.home_members()
    ]
    return reached(found)


def _last_working_day(calendar: TeamCalendar, cadence: Cadence, day: date) -> bool:
    """The period's last working day, whatever the rule's days."""
    return day == calendar.last_working_day()


QUARTER_END = Cadence(
    name="quarter-end",
    default=CadenceRule(WORKING_WEEK, time(16, 0), Where.CHANNEL),
    window=Window.PERIOD,
    titles={Locale.EN: "quarter end", Locale.ZH: "季度末"},
    words=("季度末",),
    targets=targets,
    fires=_last_working_day,
)
