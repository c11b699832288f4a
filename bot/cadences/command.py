"""`/okr cadence`: see your team's cadences, and, as its lead, change them."""

from __future__ import annotations

from bot.cadences.cadence import Cadence
from bot.cadences.daily_standup import DAILY_STANDUP
from bot.cadences.registry import CADENCES, cadence_called
from bot.cadences.team_settings import change_cadence
from bot.commands import ALIASES, Verb
from bot.context import Chat
from bot.dialect import Markup
from bot.lookup import find_team
from bot.messages import Reply
from bot.model import Locale, Person, Team
from bot.schedules import CadenceSettingError, TeamCadences


def cadence_command(chat: Chat, person: Person, argument: str) -> Reply:
    say = chat.texts.voice(person.locale, "cadences_chat")

    def rule_text(cadence: Cadence, settings: TeamCadences) -> Markup:
        """Rendered once, then placed in another block as is (not escaped twice); the
        standup's says when answers to it open."""
        return chat.texts.markup(
            say(
                "rule",
                rule=settings.rule(cadence),
                standup=cadence is DAILY_STANDUP,
                opens=settings.standup_opens,
            )
        )

    words = argument.split()
    uow = chat.unit_of_work()
    with uow:
        teams = list(uow.teams.list(person.tenant))
    if words and ALIASES.get(words[0].casefold()) is Verb.TEAM:
        named = words[1] if len(words) > 1 else ""
        team = find_team(teams, named).match
        words = words[2:]
    else:
        team = _own_team(teams, person)
    if team is None:
        return Reply.saying(say("no_team"), private=True)
    if not words:
        return Reply.saying(
            say(
                "settings",
                team=team.name,
                rules=[
                    (cadence.name, cadence.title(person.locale), rule_text(cadence, team.cadences))
                    for cadence in CADENCES
                ],
            )
        )
    cadence = cadence_called(words[0])
    if cadence is None:
        names = [c.title(person.locale) if person.locale is Locale.ZH else c.name for c in CADENCES]
        return Reply.saying(say("usage", word=words[0], names=names), private=True)
    try:
        settings = change_cadence(
            uow,
            chat.clock,
            tenant=person.tenant,
            actor=person.id,
            team_id=team.id,
            cadence=cadence,
            words=words[1:],
        )
    except CadenceSettingError as unreadable:
        problem = chat.texts.markup(say(f"problem_{unreadable.code}", **unreadable.facts))
        return Reply.saying(say("unreadable", problem=problem), private=True)
    return Reply.saying(
        say(
            "changed",
            team=team.name,
            cadence=cadence.name,
            title=cadence.title(person.locale),
            rule=rule_text(cadence, settings),
        )
    )


def _own_team(teams: list[Team], person: Person) -> Team | None:
    """The team the person leads, else the first they belong to."""
    led = [t for t in teams if t.lead == person.id]
    member = [t for t in teams if person.id in t.members]
    return next(iter(led or member), None)
