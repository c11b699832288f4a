"""`/okr cadence` shows when answers to the standup open, and a lead changes it in chat."""

from __future__ import annotations

from datetime import time

from bot.cadences.registry import DAILY_STANDUP
from tests.console.conftest import Console


def standup_opens(console: Console, team: str) -> time | None:
    with console.uow:
        found = console.uow.teams.get("local", team)
    assert found is not None
    return found.cadences.standup_opens


def test_the_cadences_say_when_answers_to_the_standup_open(console: Console) -> None:
    shown = console.run("/as mia\n/okr cadence")
    assert (
        "• daily-standup: mon, tue, wed, thu, fri at 09:30 · team channel · answers taken "
        "from 18:00 the working day before"
    ) in shown


def test_a_lead_moves_when_answers_to_the_standup_open(console: Console) -> None:
    shown = console.run("/as mia\n/okr cadence daily-standup opens 19:30")
    assert (
        standup_opens(console, "marketing"),
        "answers taken from 19:30 the working day before" in shown,
    ) == (time(19, 30), True)


def test_a_lead_turns_answering_the_standup_ahead_off(console: Console) -> None:
    shown = console.run("/as mia\n/okr cadence daily-standup opens off")
    assert (standup_opens(console, "marketing"), "answers taken once it is posted" in shown) == (
        None,
        True,
    )


def test_turning_answering_ahead_off_keeps_the_standups_time(console: Console) -> None:
    console.run(
        "/as mia\n/okr cadence daily-standup at 09:00\n/okr cadence daily-standup opens off"
    )
    with console.uow:
        team = console.uow.teams.get("local", "marketing")
    assert team is not None
    assert (team.cadences.rule(DAILY_STANDUP).at, team.cadences.standup_opens) == (
        time(9, 0),
        None,
    )


def test_a_lead_sets_it_in_chinese(console: Console) -> None:
    shown = console.run("/as wang\n/okr 节奏 晨会 提前 关闭")
    assert (standup_opens(console, "engineering"), "发出后才可回复" in shown) == (None, True)


def test_opens_is_refused_for_other_cadences(console: Console) -> None:
    shown = console.run("/as mia\n/okr cadence weekly-checkin opens 19:00")
    assert (
        "Nothing changed: opens is a setting of daily-standup only" in shown,
        standup_opens(console, "marketing"),
    ) == (True, time(18, 0))
