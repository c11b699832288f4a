"""The quarter end (季度末), on the period's last working day: the team channel hears it is
time to score and hold the retro, and each member is sent their KRs to give a final
self-score; a retro question follows their answer (`bot.chat.scoring`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from bot.cadences.cadence import Cadence, Window
from bot.cadences.calendar import TeamCalendar
from bot.cadences.occasion import Occasion, Target, reached
from bot.check_ins import Asked, krs_to_ask
from bot.messages import Section
from bot.model import CheckInPrompt, Locale, Person, PromptKind
from bot.render.cycle import scoring_message
from bot.schedules import WORKING_WEEK, CadenceRule, Where
from bot.scoring import scoring_prompt_id


def targets(o: Occasion) -> list[Target]:
    period = o.workspace.period
    found = [
        o.channel(
            lambda: [
                Section(
                    o.say(o.team_locale(), "quarter_end_channel", team=o.team.name, period=period)
                )
            ]
        )
    ]
    people = o.home_members()
    asked = krs_to_ask(people, o.workspace.teams, o.workspace.objectives)
    for person in people:
        if not asked[person.id]:
            found.append(o.skip(person, "nothing_to_score"))
        else:
            found.append(_scoring(o, person, asked[person.id]))
    return reached(found)


def _scoring(o: Occasion, person: Person, asked: list[Asked]) -> Target | None:
    """The DM asking for final self-scores; its prompt is kept to read the answer against."""
    prompt = CheckInPrompt(
        tenant=o.tenant,
        id=scoring_prompt_id(person.id, o.workspace.period),
        person=person.id,
        kr_ids=[a.kr.id for a in asked],
        sent_at=o.occurrence,
        platform=o.platform,
        kind=PromptKind.SCORING,
    )
    target = o.dm(
        person, lambda p: scoring_message(o.chat.texts, p, prompt, asked, o.workspace.period)
    )
    return None if target is None else replace(target, prompts=(prompt,))


def _last_working_day(calendar: TeamCalendar, cadence: Cadence, day: date) -> bool:
    """The period's last working day, whatever the rule's days."""
    return day == calendar.last_working_day()


QUARTER_END = Cadence(
    name="quarter-end",
    default=CadenceRule(WORKING_WEEK, time(16, 0), Where.CHANNEL),
    window=Window.PERIOD,
    titles={Locale.EN: "quarter end", Locale.ZH: "季度末"},
    words=("季度末",),
    targets=targets,
    fires=_last_working_day,
    reads_objectives=True,
)
