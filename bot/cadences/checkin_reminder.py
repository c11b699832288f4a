"""The check-in reminder (打卡提醒), Tuesday morning: a nudge to whoever has not answered this
week's check-in, at most the team's `nudges` a week."""

from __future__ import annotations

from datetime import time

from bot.cadences.cadence import Cadence, Window
from bot.cadences.calendar import TeamCalendar
from bot.cadences.occasion import Occasion, Target, reached
from bot.cadences.weekly_checkin import WEEKLY_CHECKIN, check_in_response, unanswered
from bot.messages import Message, Section
from bot.model import Delivery, Locale, PromptStatus
from bot.ports import UnitOfWork
from bot.schedules import CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    week_start, _ = o.calendar.week(o.day)
    limit = o.calendar.settings.nudges_per_week
    open_ = unanswered(o)
    uow = o.chat.unit_of_work()
    with uow:
        nudged = uow.delivery_log.times_sent(
            o.tenant, CHECKIN_REMINDER.name, [p.id for p in open_], week_start
        )
    found = reached(
        o.dm(person, lambda p: Message.of(Section(o.say(p.locale, "reminder", name=p.name))))
        for person in open_
    )
    return [
        t.skipped("nudged_enough") if nudged.get(t.person or "", 0) >= limit else t for t in found
    ]


def response(uow: UnitOfWork, delivery: Delivery, calendar: TeamCalendar) -> PromptStatus:
    """A reminder is answered by answering the check-in of its week."""
    checkin = calendar.containing(WEEKLY_CHECKIN, delivery.occurrence)
    if checkin is None:
        return PromptStatus.OPEN
    return check_in_response(uow, delivery, calendar, checkin)


CHECKIN_REMINDER = Cadence(
    name="checkin-reminder",
    default=CadenceRule(("tue",), time(10, 0), Where.DM),
    window=Window.WEEK,
    titles={Locale.EN: "check-in reminder", Locale.ZH: "打卡提醒"},
    words=("提醒", "打卡提醒"),
    targets=targets,
    response=response,
)
