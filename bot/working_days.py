"""Working days by a country's public holiday calendar: weekends and public holidays are off,
a country's adjusted working days (China moves weekend days around its holidays) are on."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _country_calendar(country: str, year: int) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return None  # a country the library does not know: weekends only


def is_working_day(day: date, country: str | None) -> bool:
    calendar = _country_calendar(country, day.year) if country else None
    if calendar is None:
        return day.weekday() < 5
    return bool(calendar.is_working_day(day))


def first_working_day_after(day: date, country: str | None) -> date:
    after = day + timedelta(days=1)
    while not is_working_day(after, country):
        after += timedelta(days=1)
    return after
