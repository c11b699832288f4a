"""The escalation (催办), Wednesday morning: each manager hears which of their reports in the
team still owe this week's check-in, and supervisors get the team's compliance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import time

from bot.cadences.cadence import Cadence, Window
from bot.cadences.occasion import Occasion, Target, reached
from bot.cadences.weekly_checkin import unanswered
from bot.messages import Message, Section
from bot.model import Locale, Person, Role
from bot.schedules import CadenceRule, Where


def targets(o: Occasion) -> list[Target]:
    missing = unanswered(o)
    people = o.workspace.people
    by_manager: dict[str, list[Person]] = {}
    for person in missing:
        if person.manager is not None and person.manager in people:
            by_manager.setdefault(person.manager, []).append(person)

    def escalation(reports: list[Person]) -> Callable[[Person], Message]:
        names = [r.name for r in reports]
        return lambda p: Message.of(
            Section(o.say(p.locale, "escalation", name=p.name, people=names))
        )

    # The team is in the key: a manager with reports in several teams hears about each.
    found = [
        replace(t, key=f"escalation:{o.team.id}:{manager}")
        for manager, reports in by_manager.items()
        if (t := o.dm(people[manager], escalation(reports))) is not None
    ]
    members = o.home_members()
    missing_names = [p.name for p in missing]

    def compliance(p: Person) -> Message:
        return Message.of(
            Section(
                o.say(
                    p.locale,
                    "compliance",
                    team=o.team.name,
                    total=len(members),
                    answered=len(members) - len(missing),
                    missing=missing_names,
                )
            )
        )

    # Supervisors follow compliance while away too: theirs is a report, not a prompt.
    found += [
        replace(t, key=f"compliance:{o.team.id}:{s.id}", skip=None)
        for t, s in (
            (o.dm(s, compliance), s) for s in people.values() if Role.SUPERVISOR in s.roles
        )
        if t is not None
    ]
    return reached(found)


CHECKIN_ESCALATION = Cadence(
    name="checkin-escalation",
    default=CadenceRule(("wed",), time(10, 0), Where.DM),
    window=Window.WEEK,
    titles={Locale.EN: "missing check-ins", Locale.ZH: "催办"},
    words=("催办",),
    targets=targets,
)
