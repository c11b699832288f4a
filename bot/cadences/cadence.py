"""What makes a cadence: one small definition per meeting the bot runs, in a module of its own
(`bot.cadences.<name>`), listed in `bot.cadences.registry`. The calendar reads its rule and
window, `jobs/` its targets, the `/okr cadence` command its names, the delivery log how it is
answered."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.model import Delivery, Locale, PromptStatus
from bot.ports import UnitOfWork
from bot.schedules import CadenceRule

if TYPE_CHECKING:
    from bot.cadences.calendar import TeamCalendar
    from bot.cadences.occasion import Occasion, Target


class Window(StrEnum):
    """The stretch of time one occurrence covers: `okrbot jobs run --at` runs the occurrence of
    the day, the week, the fortnight or the period that contains that time."""

    DAY = "day"
    WEEK = "week"
    FORTNIGHT = "fortnight"  # counted from the Monday of the period's first week
    PERIOD = "period"
    AFTER_PERIOD = "after_period"  # the fortnight after the period: its look back


def on_rule_days(calendar: TeamCalendar, cadence: Cadence, day: date) -> bool:
    """A day of the cadence's rule; a weekend day the country made a working day counts for
    rules that run every working day."""
    rule = calendar.settings.rule(cadence)
    if day.weekday() in rule.weekdays:
        return True
    return day.weekday() >= 5 and rule.every_working_day


# One object per cadence, compared by identity (`cadence is WEEKLY_CHECKIN`).
@dataclass(frozen=True, eq=False)
class Cadence:
    name: str  # as the OKR table, the command line and the delivery log name it
    default: CadenceRule
    window: Window
    titles: Mapping[Locale, str]  # what people call it, in each language
    targets: Callable[[Occasion], list[Target]]  # who one occurrence reaches, with what
    words: tuple[str, ...] = ()  # more names people type for it (`/okr cadence 周会 …`)
    # On which working days it fires, beside being enabled (the calendar checks both).
    fires: Callable[[TeamCalendar, Cadence, date], bool] = on_rule_days
    # What the person did with a delivery that reached them, where it asks for an answer.
    response: Callable[[UnitOfWork, Delivery, TeamCalendar], PromptStatus] | None = None
    reads_objectives: bool = False  # its targets need the workspace's open objectives

    def title(self, locale: Locale) -> str:
        return self.titles.get(locale, self.name)
