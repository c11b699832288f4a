"""Reading what a command names: an objective by its id (`o-mia-1`), a KR by its id
(`kr-e1`), as `KR2` of the objective just shown (the speaker's focus), or as `o-mia-1 KR2`;
and, for those that take one, a person (`@raj`) or a team (`team marketing`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import access
from bot.context import Chat, Speaker
from bot.errors import OkrError
from bot.lookup import find_person, find_team
from bot.model import KeyResult, Objective, ObjectiveStatus, Owner, Person
from bot.parser.references import explicit_references

_KR_NUMBER = re.compile(r"^(?:kr\s*#?\s*(\d{1,2})|#(\d{1,2}))$", re.IGNORECASE)
_TEAM = re.compile(r"^(?:team|团队)\s+(\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Named:
    """What the front of an argument named, and the words after it."""

    objective: Objective
    kr: KeyResult | None
    rest: str


def objective_named(chat: Chat, person: Person, argument: str) -> Named:
    """The objective the argument starts with, else the speaker's focus (the words are then
    all `rest`)."""
    words = argument.split(maxsplit=1)
    uow = chat.unit_of_work()
    with uow:
        if words:
            found = uow.objectives.get(person.tenant, words[0])
            if found is not None:
                return Named(found, None, words[1] if len(words) > 1 else "")
        focused = _focus(chat, person)
    return Named(focused, None, argument.strip())


def key_result_named(chat: Chat, person: Person, argument: str) -> Named:
    """The KR the argument starts with: `kr-e1`, `KR2`, `o-mia-1 KR2`, `第二个KR`."""
    words = argument.split()
    uow = chat.unit_of_work()
    with uow:
        if words:
            holder = uow.objectives.with_key_result(person.tenant, words[0])
            kr = holder.key_result(words[0]) if holder else None
            if holder is not None and kr is not None:
                return Named(holder, kr, _after(argument, 1))
            named = uow.objectives.get(person.tenant, words[0])
        else:
            named = None
    if named is not None:
        number, used = _kr_number(words[1:])
        if number is None:
            raise OkrError("which_key_result", example=named.id)
        return Named(named, _numbered(named, number), _after(argument, 1 + used))
    number, used = _kr_number(words)
    if number is None:
        raise OkrError("which_key_result", example=_example(chat, person))
    focused = _focus(chat, person)
    return Named(focused, _numbered(focused, number), _after(argument, used))


def person_named(chat: Chat, speaker: Speaker, named: str) -> Person:
    found = find_person(chat, speaker, named)
    if found.match is None:
        raise OkrError("unknown_person", person=named.strip().lstrip("@＠"))
    return found.match


def owner_named(chat: Chat, speaker: Speaker, named: str) -> Owner:
    """`@raj`, `raj`, or `team marketing`: a person or a team."""
    team = _TEAM.match(named.strip())
    if team:
        uow = chat.unit_of_work()
        with uow:
            teams = uow.teams.list(speaker.tenant)
        found = find_team(teams, team[1])
        if found.match is None:
            raise OkrError("unknown_team", team=team[1])
        return Owner(found.match.id, is_team=True)
    return Owner(person_named(chat, speaker, named).id)


def _focus(chat: Chat, person: Person) -> Objective:
    """The objective the person was last shown on its own; else their only open one."""
    uow = chat.unit_of_work()
    with uow:
        focused = uow.focus.of(person.tenant, person.id)
        found = uow.objectives.get(person.tenant, focused) if focused else None
        if found is not None:
            return found
        period = access.default_period(uow, person.tenant)
        mine = [
            o
            for o in uow.objectives.of_owner(person.tenant, Owner(person.id), period)
            if o.status is not ObjectiveStatus.CLOSED
        ]
    if len(mine) == 1:
        return mine[0]
    raise OkrError("which_objective", example=mine[0].id if mine else f"o-{person.id}-1")


def _example(chat: Chat, person: Person) -> str:
    try:
        return _focus(chat, person).id
    except OkrError:
        return f"o-{person.id}-1"


def _kr_number(words: list[str]) -> tuple[int | None, int]:
    """The KR number the words start with (`KR2`, `KR 2`, `#2`, `第二个KR`), and how many
    words it took."""
    for used in (1, 2):
        text = " ".join(words[:used])
        match = _KR_NUMBER.match(text)
        if match:
            return int(match[1] or match[2]), used
        references = explicit_references(text)
        if references and references[0].start == 0 and references[0].end == len(text):
            return references[0].number, used
    return None, 0


def _numbered(objective: Objective, number: int) -> KeyResult:
    if not 1 <= number <= len(objective.key_results):
        raise OkrError(
            "no_such_key_result_number",
            objective=objective.id,
            number=number,
            count=len(objective.key_results),
        )
    return objective.key_results[number - 1]


def _after(argument: str, words: int) -> str:
    parts = argument.split(maxsplit=words)
    return parts[words] if len(parts) > words else ""
