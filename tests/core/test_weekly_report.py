"""The weekly report (周报) covers the calendar week so far, Monday to now, as the reader's
week runs in their time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot import insights
from bot.model import CheckIn, Owner, Task
from tests.fakes import FakeUnitOfWork

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
# Wednesday 4 November 2026, mid-morning in Los Angeles.
WEDNESDAY = datetime(2026, 11, 4, 10, 0, tzinfo=LOS_ANGELES)


def checked_in(uow: FakeUnitOfWork, *moments: datetime) -> None:
    with uow:
        for moment in moments:
            uow.check_ins.add(CheckIn("local", "kr-e1", "o-mia-1", "mia", moment, 46_000, 45_000))
        uow.commit()


def report_of_mia(
    uow: FakeUnitOfWork, now: datetime = WEDNESDAY, timezone: str = "America/Los_Angeles"
) -> insights.WeeklyReport:
    return insights.weekly_report(
        uow, tenant="local", owner=Owner("mia"), now=now, timezone=timezone
    )


def check_in_times(report: insights.WeeklyReport) -> list[datetime]:
    [kr1] = [week for week in report.key_results if week.kr.id == "kr-e1"]
    return [c.at for c in kr1.check_ins]


def test_the_report_is_of_the_week_that_began_on_monday(uow: FakeUnitOfWork) -> None:
    assert report_of_mia(uow).week_start == date(2026, 11, 2)


def test_check_ins_from_monday_midnight_on_are_in_the_report(uow: FakeUnitOfWork) -> None:
    sunday_night = datetime(2026, 11, 1, 23, 59, tzinfo=LOS_ANGELES)
    monday_morning = datetime(2026, 11, 2, 0, 1, tzinfo=LOS_ANGELES)
    checked_in(uow, sunday_night, monday_morning)
    assert check_in_times(report_of_mia(uow)) == [monday_morning]


def test_the_week_begins_at_midnight_where_the_reader_is(uow: FakeUnitOfWork) -> None:
    # Monday 00:30 in Shanghai is still Sunday in UTC.
    monday_in_shanghai = datetime(2026, 11, 1, 16, 30, tzinfo=UTC)
    checked_in(uow, monday_in_shanghai)
    report = report_of_mia(
        uow, now=datetime(2026, 11, 2, 3, 0, tzinfo=UTC), timezone="Asia/Shanghai"
    )
    assert (report.week_start, check_in_times(report)) == (date(2026, 11, 2), [monday_in_shanghai])


def test_next_week_lists_tasks_due_before_next_week_ends(uow: FakeUnitOfWork) -> None:
    with uow:
        for task_id, due in (
            ("t-fri", date(2026, 11, 6)),
            ("t-next-sun", date(2026, 11, 15)),
            ("t-later", date(2026, 11, 16)),
        ):
            uow.tasks.save(Task("local", task_id, "kr-e1", f"Task {task_id}", due=due))
        uow.commit()
    assert [t.id for t in report_of_mia(uow).next_week] == ["t-fri", "t-next-sun"]
