"""When a cadence fires: working days by the team's country calendar, in the team's time zone.

Weekends and public holidays are not working days; a country's adjusted working days (China
moves weekend days around its holidays) are. An occurrence is the moment a cadence fires for a
team, an aware datetime in UTC, computed from the local date and time, so a team keeps its
local 09:30 across daylight saving changes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import access
from bot.cadences.cadence import Cadence, Window
from bot.model import Period, Team, week_bounds
from bot.ports import UnitOfWork
from bot.schedules import TeamCadences
from bot.working_days import first_working_day_after, is_working_day

_HORIZON_DAYS = 400  # how far ahead to look for the next occurrence
_LONGEST_BREAK_DAYS = 31  # how far back to look for the working day before a day


@dataclass(frozen=True)
class TeamCalendar:
    """Everything that decides when a team's cadences fire."""

    settings: TeamCadences
    timezone: str
    period: Period  # the workspace's current period: the digest counts fortnights from its start

    def fires_on(self, cadence: Cadence, day: date) -> bool:
        if not self.settings.rule(cadence).enabled:
            return False
        return is_working_day(day, self.settings.country) and cadence.fires(self, cadence, day)

    def occurrence(self, cadence: Cadence, day: date) -> datetime:
        """When the cadence fires on `day` (whether or not it fires that day), in UTC."""
        local = datetime.combine(day, self.settings.rule(cadence).at, ZoneInfo(self.timezone))
        return local.astimezone(UTC)

    def start_of(self, day: date) -> datetime:
        """Local midnight at the start of `day`, in UTC."""
        return datetime.combine(day, time(0), ZoneInfo(self.timezone)).astimezone(UTC)

    def week(self, day: date) -> tuple[datetime, datetime]:
        """The local week of `day`, from its Monday's midnight to the next Monday's, in UTC."""
        start, end = week_bounds(day, self.timezone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.timezone)).date()

    def next_after(self, cadence: Cadence, after: datetime) -> datetime | None:
        """The first occurrence strictly after `after`, within about a year."""
        start = self.local_day(after)
        for day in _days(start, start + timedelta(days=_HORIZON_DAYS)):
            if self.fires_on(cadence, day) and (at := self.occurrence(cadence, day)) > after:
                return at
        return None

    def between(self, cadence: Cadence, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences in (start, end], oldest first."""
        found: list[datetime] = []
        at = self.next_after(cadence, start)
        while at is not None and at <= end:
            found.append(at)
            at = self.next_after(cadence, at)
        return found

    def containing(self, cadence: Cadence, moment: datetime) -> datetime | None:
        """The occurrence of the day (standup), week (check-in), fortnight (digest) or period
        (quarter end) that contains `moment`; None if the cadence does not fire in it."""
        first, last = self.window(cadence, self.local_day(moment))
        return next(
            (
                self.occurrence(cadence, day)
                for day in _days(first, last)
                if self.fires_on(cadence, day)
            ),
            None,
        )

    def window(self, cadence: Cadence, day: date) -> tuple[date, date]:
        """The first and last day of the occurrence of `cadence` that contains `day`."""
        match cadence.window:
            case Window.DAY:
                return day, day
            case Window.FORTNIGHT:
                first = self._first_monday() + timedelta(weeks=2 * (self.week_index(day) // 2))
                return first, first + timedelta(days=13)
            case Window.PERIOD:
                return self.period.start, self.period.end
            case Window.AFTER_PERIOD:
                return self.period.end + timedelta(days=1), self.period.end + timedelta(days=14)
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)

    def working_day_before(self, day: date) -> date:
        """The last working day before `day` (the day before, past a long break)."""
        for back in range(1, _LONGEST_BREAK_DAYS + 1):
            if is_working_day(earlier := day - timedelta(days=back), self.settings.country):
                return earlier
        return day - timedelta(days=1)

    def first_working_day_after(self) -> date:
        """The first working day after the period."""
        return first_working_day_after(self.period.end, self.settings.country)

    def last_working_day(self) -> date:
        day = self.period.end
        while day > self.period.start and not is_working_day(day, self.settings.country):
            day -= timedelta(days=1)
        return day

    def _first_monday(self) -> date:
        return self.period.start - timedelta(days=self.period.start.weekday())

    def week_index(self, day: date) -> int:
        """Weeks since the Monday of the period's first week (the digest's fortnights)."""
        return (day - self._first_monday()).days // 7


def team_calendars(uow: UnitOfWork, tenant: str, teams: Sequence[Team]) -> dict[str, TeamCalendar]:
    """Each team's cadence calendar: its time zone (set, else its lead's, else the
    workspace's), its country's holidays, and the workspace's current period."""
    with uow:
        workspace = uow.tenants.get(tenant)
        name = access.default_period(uow, tenant)
        period = uow.periods.get(tenant, name) or Period.named(name)
        leads = {t.lead: uow.people.get(tenant, t.lead) for t in teams if t.lead}
    found = {}
    for team in teams:
        lead = leads.get(team.lead) if team.lead else None
        timezone = (
            team.cadences.timezone
            or (lead.timezone if lead else None)
            or (workspace.timezone if workspace else "UTC")
        )
        found[team.id] = TeamCalendar(team.cadences, timezone, period)
    return found


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
