"""Check-ins: which KRs a check-in asks a person about, and recording what they answer — new
values, confidence, blockers — together with the check-in's own state and a leave, in one
transaction."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from bot import access
from bot.errors import OkrError
from bot.ids import first_free
from bot.model import (
    CheckIn,
    CheckInPrompt,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveStatus,
    Owner,
    Person,
    PromptStatus,
    Team,
)
from bot.ports import Clock, UnitOfWork
from bot.rules import check_confidence, check_open, may_edit
from bot.working_days import first_working_day_after


@dataclass(frozen=True)
class Reading:
    """What someone said about one KR: from the reply parser, the form or a test."""

    kr: str
    value: float | None = None
    confidence: float | None = None
    blocked: bool = False
    comment: str | None = None


@dataclass(frozen=True)
class Asked:
    """A KR a check-in asks about, with the objective it belongs to."""

    objective: Objective
    kr: KeyResult
    team: str | None = None  # the owning team's name, for a team KR
    fresh: bool = False  # updated since the person's previous check-in: listed, not asked again


@dataclass(frozen=True)
class Answered:
    """What recording an answer did: the check-ins it made, and the check-in it answered with
    its KRs as they are now (empty for an update given without a check-in)."""

    check_ins: tuple[CheckIn, ...]
    prompt: CheckInPrompt | None = None
    asked: tuple[Asked, ...] = ()


@dataclass(frozen=True)
class Undone:
    check_ins: tuple[CheckIn, ...]  # the ones put back
    kept: int  # the ones left alone: someone updated their KR since
    prompt: CheckInPrompt | None = None
    asked: tuple[Asked, ...] = ()


def checkin_prompt_id(person: str, at: datetime, *, thread: bool = False) -> str:
    """The id of a check-in sent to `person` at `at`: a weekly check-in is named after its
    occurrence, so that its answers, reminders and the delivery log find it; `thread` names the
    check-in someone answers in another team's channel check-in thread."""
    return f"ci-{person}-{at.astimezone(UTC):%Y%m%dT%H%MZ}" + ("-thread" if thread else "")


def check_in_krs(uow: UnitOfWork, person: Person, period: str) -> list[Asked]:
    """What a check-in asks a person about: the KRs of their open objectives, then those of the
    teams they lead, in the order the objectives list them."""
    led = {
        team.id: team.name
        for team in uow.teams.of_member(person.tenant, person.id)
        if team.lead == person.id
    }
    owners = [Owner(person.id)] + [Owner(team_id, is_team=True) for team_id in led]
    return [
        Asked(objective, kr, led.get(owner.id) if owner.is_team else None)
        for owner in owners
        for objective in uow.objectives.of_owner(person.tenant, owner, period)
        if objective.status is not ObjectiveStatus.CLOSED
        for kr in objective.key_results
    ]


def krs_to_ask(
    people: Sequence[Person],
    teams: Sequence[Team],
    objectives: Mapping[Owner, Sequence[Objective]],
) -> dict[str, list[Asked]]:
    """`check_in_krs` for many people at once, from the open objectives by owner: each
    person's own objectives, then those of the teams they lead (and are a member of)."""
    led: dict[str, list[Team]] = {p.id: [] for p in people}
    for team in teams:
        if team.lead in led and team.lead in team.members:
            led[team.lead].append(team)
    asked: dict[str, list[Asked]] = {}
    for person in people:
        mine = [(Owner(person.id), None)] + [
            (Owner(t.id, is_team=True), t.name) for t in led[person.id]
        ]
        asked[person.id] = [
            Asked(objective, kr, team)
            for owner, team in mine
            for objective in objectives.get(owner, [])
            for kr in objective.key_results
        ]
    return asked


def mark_fresh(
    uow: UnitOfWork, tenant: str, asked: Mapping[str, list[Asked]], before: datetime
) -> dict[str, list[Asked]]:
    """`asked` (person → KRs), each KR marked fresh when it was checked in (not undone) after
    that person's previous check-in was sent. Numbering is kept: fresh KRs stay listed."""
    previous = uow.prompts.last_sent(tenant, list(asked), before)
    last = uow.check_ins.last_at(tenant, list({a.kr.id for items in asked.values() for a in items}))
    return {
        person: [
            replace(a, fresh=True)
            if person in previous and a.kr.id in last and last[a.kr.id] > previous[person]
            else a
            for a in items
        ]
        for person, items in asked.items()
    }


def asked_of(uow: UnitOfWork, prompt: CheckInPrompt | None) -> list[Asked]:
    """The prompt's KRs as they are now, in the order it listed them."""
    if prompt is None:
        return []
    found: list[Asked] = []
    for kr_id in prompt.kr_ids:
        holder = uow.objectives.with_key_result(prompt.tenant, kr_id)
        kr = holder.key_result(kr_id) if holder else None
        if holder is not None and kr is not None:
            team = uow.teams.get(prompt.tenant, holder.owner.id) if holder.owner.is_team else None
            found.append(Asked(holder, kr, team.name if team else None))
    return found


def latest_check_in(uow: UnitOfWork, person: Person) -> tuple[CheckInPrompt | None, list[Asked]]:
    """The check-in most recently sent to the person, and its KRs as they are now; none when
    it asked about another period than the workspace's (its KR numbers mean other KRs now)."""
    with uow:
        prompt = uow.prompts.latest_for(person.tenant, person.id)
        asked = asked_of(uow, prompt)
        period = access.default_period(uow, person.tenant)
    if any(a.objective.period != period for a in asked):
        return None, []
    return prompt, asked


def own_check_in(
    uow: UnitOfWork, person: Person, prompt_id: str
) -> tuple[CheckInPrompt, list[Asked]] | None:
    """The person's own check-in of that id and its KRs; None if there is none, or it is
    someone else's."""
    with uow:
        prompt = uow.prompts.get(person.tenant, prompt_id)
        if prompt is None or prompt.person != person.id:
            return None
        return prompt, asked_of(uow, prompt)


@dataclass(frozen=True)
class NewCheckIn:
    """A check-in to send now: what it asks, under which period."""

    prompt: CheckInPrompt
    asked: tuple[Asked, ...]
    period: str


def new_check_in(uow: UnitOfWork, clock: Clock, person: Person, platform: str) -> NewCheckIn:
    """A check-in asking the person about their KRs now (`/okr checkin`), to be sent and then
    kept with `keep_check_in`."""
    now = clock.now()
    with uow:
        period = access.default_period(uow, person.tenant)
        asked = mark_fresh(uow, person.tenant, {person.id: check_in_krs(uow, person, period)}, now)
        prompt_id = first_free(
            checkin_prompt_id(person.id, now),
            lambda candidate: uow.prompts.get(person.tenant, candidate) is not None,
        )
    prompt = CheckInPrompt(
        tenant=person.tenant,
        id=prompt_id,
        person=person.id,
        kr_ids=[a.kr.id for a in asked[person.id]],
        sent_at=now,
        platform=platform,
    )
    return NewCheckIn(prompt, tuple(asked[person.id]), period)


def keep_check_in(uow: UnitOfWork, prompt: CheckInPrompt) -> None:
    """Remember a check-in once sent, to read its answers against it."""
    with uow:
        uow.prompts.save(prompt)
        uow.commit()


def record_check_ins(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    readings: Sequence[Reading],
    source: str = "chat",
    read_against: Mapping[str, float] | None = None,
    prompt_id: str | None = None,
    leave_until: date | None = None,
    opening: CheckInPrompt | None = None,
) -> Answered:
    """Apply every reading in one transaction: all of them, or none if one is refused. With
    `prompt_id` the check-in they answer is marked answered (a second answer adds to what Undo
    takes back), and a leave said in the same reply is kept, in the same transaction.
    `opening` is a check-in nobody was sent (an update given unasked), kept with its answer.

    `read_against` holds the values the readings were made from (by KR): "2 more" read
    against 10 is 12, so if the KR has moved since (someone else's check-in), applying 12
    would lose their update; it is refused instead, to be read again."""
    recorded: list[CheckIn] = []
    with uow:
        acting = access.person(uow, tenant, actor)
        now = clock.now()
        if opening is not None:
            uow.prompts.save(opening)
        for reading in readings:
            objective, kr = access.key_result(uow, tenant, reading.kr)
            _check_may_check_in(uow, acting, objective, kr)
            check_open(objective)
            if read_against is not None and read_against.get(kr.id, kr.current) != kr.current:
                raise OkrError(
                    "changed_meanwhile", key_result=kr.title, value=f"{kr.current:,.15g}"
                )
            _check_value(kr, reading.value)
            check_confidence(reading.confidence)
            check_in = CheckIn(
                tenant=tenant,
                kr_id=kr.id,
                objective_id=objective.id,
                author=acting.id,
                at=now,
                value=reading.value,
                previous_value=kr.current,
                confidence=reading.confidence,
                previous_confidence=kr.confidence,
                blocked=reading.blocked,
                comment=reading.comment,
                source=source,
            )
            if reading.value is not None:
                kr.current = reading.value
            if reading.confidence is not None:
                kr.confidence = reading.confidence
            uow.objectives.save(objective)
            uow.check_ins.add(check_in)
            recorded.append(check_in)
        prompt = _answered_prompt(uow, acting, prompt_id, now, recorded)
        if leave_until is not None:
            uow.leaves.set(tenant, acting.id, leave_until)
        asked = asked_of(uow, prompt)
        uow.commit()
    return Answered(tuple(recorded), prompt, tuple(asked))


def skip_check_in(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    prompt_id: str,
    leave_until: date | None = None,
) -> Answered:
    """Skip this check-in; with a leave's last day, cadences leave the person alone till then."""
    with uow:
        acting = access.person(uow, tenant, actor)
        prompt = _own_prompt(uow, acting, prompt_id)
        prompt.status, prompt.answered_at = PromptStatus.SKIPPED, clock.now()
        uow.prompts.save(prompt)
        if leave_until is not None:
            uow.leaves.set(tenant, acting.id, leave_until)
        asked = asked_of(uow, prompt)
        uow.commit()
    return Answered((), prompt, tuple(asked))


def first_day_back(uow: UnitOfWork, person: Person, last_day_away: date) -> date:
    """The first working day after a leave, by the holiday calendar of the person's team."""
    with uow:
        teams = uow.teams.of_member(person.tenant, person.id)
    countries = [t.cadences.country for t in teams if t.cadences.country]
    return first_working_day_after(last_day_away, countries[0] if countries else None)


def record_leave(uow: UnitOfWork, *, tenant: str, person: str, until: date) -> None:
    """Cadences leave the person alone until `until` (inclusive)."""
    with uow:
        access.person(uow, tenant, person)
        uow.leaves.set(tenant, person, until)
        uow.commit()


def undo_check_ins(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    check_in_ids: Sequence[int],
    prompt_id: str | None = None,
) -> Undone:
    """Put the KRs back as they were before these check-ins, newest undone first; a KR someone
    updated since is left as it is. With `prompt_id`, the check-in they answered opens again."""
    undone: list[CheckIn] = []
    with uow:
        acting = access.person(uow, tenant, actor)
        found = [c for cid in check_in_ids if (c := uow.check_ins.get(tenant, cid)) is not None]
        for check_in in sorted(found, key=lambda c: (c.at, c.id or 0), reverse=True):
            if check_in.undone:
                continue
            objective, kr = access.key_result(uow, tenant, check_in.kr_id)
            if acting.id != check_in.author:
                _check_may_check_in(uow, acting, objective, kr)
            if _moved_since(kr, check_in):
                continue  # someone changed it after: undoing would overwrite their update
            if check_in.value is not None and check_in.previous_value is not None:
                kr.current = check_in.previous_value
            if check_in.confidence is not None:
                kr.confidence = check_in.previous_confidence
            uow.objectives.save(objective)
            access.audit(
                uow,
                clock.now(),
                acting,
                "check_in.undone",
                kr.id,
                check_in=check_in.id,
                restored=kr.current,
            )
            undone.append(check_in)
        uow.check_ins.mark_undone(tenant, [c.id for c in undone if c.id is not None])
        prompt = None
        if prompt_id is not None:
            prompt = _own_prompt(uow, acting, prompt_id)
            prompt.status, prompt.check_in_ids = PromptStatus.OPEN, []
            uow.prompts.save(prompt)
        asked = asked_of(uow, prompt)
        uow.commit()
    return Undone(tuple(undone), len(check_in_ids) - len(undone), prompt, tuple(asked))


def settled_since(
    latest: CheckInPrompt | None, moment: datetime, before: datetime | None = None
) -> bool:
    """Whether the person's latest check-in was answered or skipped at or after `moment` (and
    before `before`): a check-in settled anywhere (`/okr checkin`, another team's thread)
    settles the week's."""
    return (
        latest is not None
        and latest.status is not PromptStatus.OPEN
        and latest.answered_at is not None
        and latest.answered_at >= moment
        and (before is None or latest.answered_at < before)
    )


def _answered_prompt(
    uow: UnitOfWork,
    acting: Person,
    prompt_id: str | None,
    now: datetime,
    recorded: Sequence[CheckIn],
) -> CheckInPrompt | None:
    if prompt_id is None:
        return None
    prompt = _own_prompt(uow, acting, prompt_id)
    prompt.status, prompt.answered_at = PromptStatus.ANSWERED, now
    # A second answer adds to what Undo takes back.
    prompt.check_in_ids = [*prompt.check_in_ids, *(c.id for c in recorded if c.id is not None)]
    uow.prompts.save(prompt)
    return prompt


def _own_prompt(uow: UnitOfWork, acting: Person, prompt_id: str) -> CheckInPrompt:
    prompt = uow.prompts.get(acting.tenant, prompt_id)
    if prompt is None or prompt.person != acting.id:
        raise OkrError("not_your_check_in", check_in=prompt_id)
    return prompt


def _moved_since(kr: KeyResult, check_in: CheckIn) -> bool:
    moved_value = check_in.value is not None and kr.current != check_in.value
    moved_confidence = check_in.confidence is not None and kr.confidence != check_in.confidence
    return moved_value or moved_confidence


def _check_may_check_in(
    uow: UnitOfWork, actor: Person, objective: Objective, kr: KeyResult
) -> None:
    if actor.id == kr.owner:
        return
    if not may_edit(access.standing(uow, actor, objective)):
        raise OkrError("not_allowed_to_edit", actor=actor.id, subject=kr.id)


def _check_value(kr: KeyResult, value: float | None) -> None:
    if value is None:
        return
    if not math.isfinite(value):
        raise OkrError("not_a_number", key_result=kr.id, value=value)
    if kr.kind is KeyResultKind.MILESTONE and value not in (0.0, 1.0):
        raise OkrError("not_a_milestone_value", key_result=kr.id, value=f"{value:g}")
