"""What the OKRs say about how things are going: pace, the four-quadrant board, the weekly
report. Read-only, for anyone's OKRs or a team's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot import access
from bot.model import CheckIn, KeyResult, Objective, Owner, Period, Task, week_bounds, zone
from bot.ports import UnitOfWork

BEHIND_MARGIN = 0.1  # this far behind the time-elapsed pace is off track


@dataclass(frozen=True)
class Pace:
    objective: Objective
    expected: float  # the share of the period that has passed
    on_track: bool


@dataclass(frozen=True)
class Board:
    """The four-quadrant board (四象限看板)."""

    owner: str
    period: str
    priorities: tuple[Task, ...]  # open tasks due this week (or overdue, or undated)
    next_weeks: tuple[Task, ...]  # open tasks due in the four weeks after
    confidence: tuple[tuple[KeyResult, float | None], ...]  # lowest first
    health: tuple[Pace, ...]


@dataclass(frozen=True)
class KeyResultWeek:
    kr: KeyResult
    check_ins: tuple[CheckIn, ...]  # this week's, oldest first, undone ones left out

    @property
    def start_value(self) -> float | None:
        first = next((c for c in self.check_ins if c.value is not None), None)
        return first.previous_value if first else None

    @property
    def blockers(self) -> tuple[str, ...]:
        return tuple(c.comment or "" for c in self.check_ins if c.blocked)


@dataclass(frozen=True)
class WeeklyReport:
    """This week's OKR report (周报) for one owner."""

    owner: str
    period: str
    week_start: date
    key_results: tuple[KeyResultWeek, ...]
    next_week: tuple[Task, ...]

    @property
    def checked_in(self) -> bool:
        return any(week.check_ins for week in self.key_results)


def board(uow: UnitOfWork, *, tenant: str, owner: Owner, today: date) -> Board:
    with uow:
        period, objectives = _owner_objectives(uow, tenant, owner)
        tasks = _open_tasks(uow, tenant, objectives)
    week_end = today + timedelta(days=7)
    month_end = today + timedelta(days=35)
    expected = period.elapsed(today)
    krs = [kr for o in objectives for kr in o.key_results]
    return Board(
        owner=str(owner),
        period=period.name,
        priorities=tuple(t for t in tasks if t.due is None or t.due < week_end),
        next_weeks=tuple(
            sorted(
                (t for t in tasks if t.due and week_end <= t.due < month_end),
                key=lambda t: (t.due, t.id),
            )
        ),
        confidence=tuple(
            sorted(
                ((kr, kr.confidence) for kr in krs),
                key=lambda pair: (pair[1] is None, pair[1] or 0.0),
            )
        ),
        health=tuple(Pace(o, expected, o.score >= expected - BEHIND_MARGIN) for o in objectives),
    )


def weekly_report(
    uow: UnitOfWork, *, tenant: str, owner: Owner, now: datetime, timezone: str
) -> WeeklyReport:
    """The owner's report of the calendar week so far, Monday to now, as weeks run in
    `timezone`; next week's tasks are those due before the end of next week."""
    week_start, _ = week_bounds(now.astimezone(zone(timezone)).date(), timezone)
    monday = week_start.date()
    with uow:
        period, objectives = _owner_objectives(uow, tenant, owner)
        weeks = tuple(
            KeyResultWeek(
                kr,
                tuple(
                    c
                    for c in uow.check_ins.of_key_result(tenant, kr.id)
                    if week_start <= c.at <= now and not c.undone
                ),
            )
            for o in objectives
            for kr in o.key_results
        )
        tasks = _open_tasks(uow, tenant, objectives)
    next_week_end = monday + timedelta(days=14)
    return WeeklyReport(
        owner=str(owner),
        period=period.name,
        week_start=monday,
        key_results=weeks,
        next_week=tuple(t for t in tasks if t.due is None or t.due < next_week_end),
    )


def _open_tasks(uow: UnitOfWork, tenant: str, objectives: Sequence[Objective]) -> list[Task]:
    """The tasks of these objectives' KRs not done yet, in the KRs' order, each KR's by id."""
    krs = [kr.id for o in objectives for kr in o.key_results]
    by_kr: dict[str, list[Task]] = {}
    for task in uow.tasks.of_key_results(tenant, krs):
        if not task.done:
            by_kr.setdefault(task.kr_id, []).append(task)
    return [t for kr in krs for t in by_kr.get(kr, [])]


def _owner_objectives(
    uow: UnitOfWork, tenant: str, owner: Owner
) -> tuple[Period, Sequence[Objective]]:
    name = access.default_period(uow, tenant)
    period = uow.periods.get(tenant, name) or Period.named(name)
    return period, uow.objectives.of_owner(tenant, owner, name)
