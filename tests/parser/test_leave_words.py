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


# Ranges end on their last day.


def test_a_range_of_month_names_ends_on_its_last_day() -> None:
    assert leave_until("OOO Dec 24 - Jan 2", MONDAY) == date(2027, 1, 2)


def test_a_range_of_numeric_dates_ends_on_its_last_day() -> None:
    assert leave_until("out 12/24-1/2", MONDAY) == date(2027, 1, 2)


def test_a_range_within_one_month() -> None:
    assert leave_until("on PTO Dec 24-26", MONDAY) == date(2026, 12, 26)


def test_chinese_range_with_dao() -> None:
    assert leave_until("休假12月24日到1月2日", MONDAY) == date(2027, 1, 2)


def test_chinese_range_before_the_leave_word() -> None:
    assert leave_until("12月24日-1月2日请假", MONDAY) == date(2027, 1, 2)


def test_chinese_range_of_weekdays_next_week() -> None:
    assert leave_until("下周一到周三请假", MONDAY) == date(2026, 11, 11)


# A number of days counts calendar days from today, or from the start given.


def test_chinese_day_count_counts_from_today() -> None:
    assert leave_until("请假三天", MONDAY) == date(2026, 11, 4)


def test_english_day_count_counts_from_today() -> None:
    assert leave_until("off for 3 days", MONDAY) == date(2026, 11, 4)


def test_days_off_counts_from_today() -> None:
    assert leave_until("taking 2 days off", MONDAY) == date(2026, 11, 3)


def test_a_day_count_counts_from_the_start_given() -> None:
    assert leave_until("off for 3 days from Dec 24", MONDAY) == date(2026, 12, 26)


def test_chinese_day_count_counts_from_the_start_given() -> None:
    assert leave_until("12月24日起请假三天", MONDAY) == date(2026, 12, 26)


def test_chinese_week_count() -> None:
    assert leave_until("请假两周", MONDAY) == date(2026, 11, 15)


# Weeks named relative to this one end on their Sunday.


def test_off_next_week_ends_on_the_sunday_ending_next_week() -> None:
    assert leave_until("off next week", MONDAY) == date(2026, 11, 15)


def test_chinese_next_week_ends_on_its_sunday() -> None:
    assert leave_until("下周休假", MONDAY) == date(2026, 11, 15)


def test_this_week_ends_this_sunday() -> None:
    assert leave_until("off this week", MONDAY) == date(2026, 11, 8)


def test_chinese_this_week_ends_this_sunday() -> None:
    assert leave_until("本周休假", MONDAY) == date(2026, 11, 8)


# The day someone is back is the day after the leave.


def test_back_on_a_day_ends_the_leave_the_day_before() -> None:
    assert leave_until("back on Dec 5", MONDAY) == date(2026, 12, 4)


def test_back_on_a_weekday_ends_the_leave_the_day_before() -> None:
    assert leave_until("on vacation, back Monday", MONDAY) == date(2026, 11, 8)


def test_chinese_coming_back_ends_the_leave_the_day_before() -> None:
    assert leave_until("12月5日回来", MONDAY) == date(2026, 12, 4)


def test_chinese_see_you_after_a_leave_is_the_return_day() -> None:
    assert leave_until("休假中,12月4日见", MONDAY) == date(2026, 12, 3)


def test_chinese_see_you_without_a_leave_is_no_leave() -> None:
    assert leave_until("12月4日见", MONDAY) is None


# One day off.


def test_one_day_off_ends_that_day() -> None:
    assert leave_until("off on Friday", MONDAY) == date(2026, 11, 6)


def test_chinese_one_day_off_ends_that_day() -> None:
    assert leave_until("12月3日请假", MONDAY) == date(2026, 12, 3)


def test_a_fraction_beside_a_leave_word_is_no_date() -> None:
    assert leave_until("on vacation, KR2 at 12/20", MONDAY) is None


def test_a_weekday_before_a_date_is_part_of_the_date() -> None:
    assert leave_until("off until Friday, Dec 4", MONDAY) == date(2026, 12, 4)


def test_a_chinese_weekday_before_a_date_is_part_of_the_date() -> None:
    assert leave_until("休假到周五12月4日", MONDAY) == date(2026, 12, 4)
