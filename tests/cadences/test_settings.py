"""Cadence settings in the OKR table: read, checked, and written back the same."""

from __future__ import annotations

from datetime import time

import pytest

from bot.cadences.registry import (
    BIWEEKLY_DIGEST,
    DAILY_STANDUP,
    WEEKLY_CHECKIN,
    team_cadences,
)
from bot.schedules import CadenceRule, Where
from bot.table import export_table, import_table
from bot.table.reader import TableError
from okrbot.platforms import TABLE_COLUMNS
from tests.fakes import FakeUnitOfWork, FixedClock
from tests.workspace import example_table

SETTINGS = {
    "country": "CN",
    "timezone": "Asia/Shanghai",
    "nudges": 2,
    "daily-standup": {"days": ["mon", "tue", "wed", "thu"], "at": "09:00", "to": "dm"},
    "biweekly-digest": "off",
}


def table_with(cadences: object) -> dict[str, object]:
    table = example_table()
    teams = table["teams"]
    assert isinstance(teams, list)
    teams[2] = {**teams[2], "cadences": cadences}
    return table


def test_a_teams_cadences_are_read_from_the_table() -> None:
    settings = team_cadences(SETTINGS)
    assert (
        settings.rule(DAILY_STANDUP),
        settings.rule(BIWEEKLY_DIGEST).enabled,
        settings.country,
        settings.nudges_per_week,
    ) == (CadenceRule(("mon", "tue", "wed", "thu"), time(9, 0), Where.DM), False, "CN", 2)


def test_a_range_of_days_is_read_as_the_days_in_it() -> None:
    rule = team_cadences({"daily-standup": {"days": "mon-thu"}}).rule(DAILY_STANDUP)
    assert rule.days == ("mon", "tue", "wed", "thu")


def test_unset_cadences_keep_the_defaults() -> None:
    assert team_cadences({}).rule(WEEKLY_CHECKIN) == CadenceRule(("mon",), time(10, 0), Where.DM)


def test_export_writes_the_cadences_back_as_they_were_imported() -> None:
    uow = FakeUnitOfWork()
    import_table(
        uow, FixedClock(), tenant="local", data=table_with(SETTINGS), platforms=TABLE_COLUMNS
    )
    exported = export_table(uow, tenant="local", platforms=TABLE_COLUMNS).table["teams"]
    assert isinstance(exported, list)
    engineering = next(t for t in exported if t["id"] == "engineering")
    assert engineering["cadences"] == SETTINGS


def test_a_bad_cadence_time_names_the_team_and_the_problem() -> None:
    with pytest.raises(TableError) as refused:
        import_table(
            FakeUnitOfWork(),
            FixedClock(),
            tenant="local",
            data=table_with({"daily-standup": {"at": "25:00"}}),
            platforms=TABLE_COLUMNS,
        )
    assert str(refused.value) == "team 'engineering': a time is written like 09:30, not '25:00'"


def test_an_unknown_day_is_refused() -> None:
    with pytest.raises(TableError) as refused:
        import_table(
            FakeUnitOfWork(),
            FixedClock(),
            tenant="local",
            data=table_with({"weekly-checkin": {"days": "funday"}}),
            platforms=TABLE_COLUMNS,
        )
    assert "days are named mon..sun" in str(refused.value)
