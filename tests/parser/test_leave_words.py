"""Finding the end of a leave in a check-in answer, in English and in Chinese."""

from __future__ import annotations

from datetime import date

from bot.parser.leave import leave_until

MONDAY = date(2026, 11, 2)


def test_on_vacation_until_a_month_and_day() -> None:
    assert leave_until("on vacation until Dec 3", MONDAY) == date(2026, 12, 3)


def test_a_full_month_name_with_an_ordinal() -> None:
    assert leave_until("I'm on leave until December 3rd, sorry", MONDAY) == date(2026, 12, 3)


def test_a_day_before_the_month() -> None:
    assert leave_until("Out of office till 3 Dec.", MONDAY) == date(2026, 12, 3)


def test_a_date_already_past_this_year_is_next_years() -> None:
    assert leave_until("on holiday until Jan 5", date(2026, 12, 20)) == date(2027, 1, 5)


def test_an_iso_date() -> None:
    assert leave_until("PTO through 2026-11-20", MONDAY) == date(2026, 11, 20)


def test_a_weekday_is_this_weeks() -> None:
    assert leave_until("off until Friday", MONDAY) == date(2026, 11, 6)


def test_next_weekday_is_next_weeks() -> None:
    assert leave_until("on vacation until next Friday", MONDAY) == date(2026, 11, 13)


def test_chinese_month_and_day() -> None:
    assert leave_until("休假到12月3日", MONDAY) == date(2026, 12, 3)


def test_chinese_month_and_day_with_hao() -> None:
    assert leave_until("本周请假,到11月20号", MONDAY) == date(2026, 11, 20)


def test_chinese_next_friday() -> None:
    assert leave_until("休假到下周五", MONDAY) == date(2026, 11, 13)


def test_chinese_this_weeks_weekday() -> None:
    assert leave_until("请假至星期三", MONDAY) == date(2026, 11, 4)


def test_a_skip_without_a_date_is_no_leave() -> None:
    assert leave_until("on vacation this week, skip", MONDAY) is None


def test_a_date_without_a_leave_is_no_leave() -> None:
    assert leave_until("KR1 done until Dec 3", MONDAY) is None


def test_an_impossible_date_is_no_leave() -> None:
    assert leave_until("on vacation until Feb 30", MONDAY) is None
