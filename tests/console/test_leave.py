"""Telling the bot about a leave records it whenever it is said; a check-in already answered
stays answered."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.model import PromptStatus
from tests.console.conftest import Console

# The console's clock: Monday 2 November 2026.
DEC_3 = date(2026, 12, 3)


def leave_of(console: Console, person: str) -> date | None:
    with console.uow:
        return console.uow.leaves.until("local", person)


def test_a_leave_said_with_no_check_in_waiting_is_recorded(console: Console) -> None:
    shown = console.run("/as mia\non vacation until Dec 3")
    assert ("Enjoy your time off — back on Friday, Dec 4." in shown, leave_of(console, "mia")) == (
        True,
        DEC_3,
    )


def test_a_chinese_leave_with_no_check_in_waiting_is_recorded(console: Console) -> None:
    shown = console.run("/as chen\n休假到12月3日")
    assert ("好好休息!12月4日(周五)见。" in shown, leave_of(console, "chen")) == (True, DEC_3)


def test_a_leave_said_after_answering_keeps_the_answer(console: Console) -> None:
    console.run("/as mia\n/checkin mia\nKR1 47k\non vacation until Dec 3")
    assert (console.prompt_status("mia"), leave_of(console, "mia"), console.values("kr-e1")) == (
        PromptStatus.ANSWERED,
        DEC_3,
        [47_000],
    )


def test_skip_after_answering_keeps_the_answer(console: Console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 47k\nskip")
    assert (console.prompt_status("mia"), "already in, so there is nothing to skip" in shown) == (
        PromptStatus.ANSWERED,
        True,
    )


def test_updates_and_a_leave_in_one_reply_are_both_kept(console: Console) -> None:
    shown = console.run("/as mia\n/checkin mia\nKR1 47k. On vacation until Dec 3")
    assert (
        console.values("kr-e1"),
        leave_of(console, "mia"),
        "back on Friday, Dec 4" in shown,
    ) == (
        [47_000],
        DEC_3,
        True,
    )


def test_skipping_with_a_leave_skips_the_check_in_and_records_the_leave(console: Console) -> None:
    console.run("/as li\n/checkin li\n本周无更新,休假到12月3日")
    assert (console.prompt_status("li"), leave_of(console, "li")) == (PromptStatus.SKIPPED, DEC_3)


def test_the_day_back_after_a_leave_ending_on_friday_is_monday(console: Console) -> None:
    shown = console.run("/as mia\noff until Friday Dec 4")
    assert "Enjoy your time off — back on Monday, Dec 7." in shown


def test_the_day_back_skips_the_public_holidays_of_the_team_country(console: Console) -> None:
    with console.uow:
        for team in console.uow.teams.of_member("local", "chen"):
            console.uow.teams.save(replace(team, cadences=replace(team.cadences, country="CN")))
        console.uow.commit()
    shown = console.run("/as chen\n休假到12月31日")
    assert "好好休息!1月4日(周一)见。" in shown
