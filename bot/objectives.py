"""Use cases that shape objectives and their key results: draft, revise, agree, close, score.

Each is a plain function over a unit of work: it loads, applies the rules, records the change in
the audit trail and commits, or changes nothing and raises `OkrError`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot import access
from bot.errors import OkrError
from bot.ids import first_free, key_result_stem, objective_stem
from bot.model import (
    KeyResult,
    Level,
    Objective,
    ObjectiveStatus,
    Origin,
    Owner,
)
from bot.ports import Clock, UnitOfWork
from bot.rules import (
    DEFAULT_LIMITS,
    REVISABLE_FIELDS,
    Limits,
    check_key_result,
    check_open,
    check_room_for_key_result,
    check_self_score,
    check_wording_editable,
    may_agree,
    too_many_objectives,
)


@dataclass(frozen=True)
class Drafted:
    objective: Objective
    too_many_objectives: bool  # the owner is past the method's advice for the period


def level_of(uow: UnitOfWork, tenant: str, owner: Owner) -> Level:
    """A person's objective is personal; a team's level follows its depth in the cascade."""
    if not owner.is_team:
        return Level.PERSON
    if uow.teams.get(tenant, owner.id) is None:
        raise OkrError("unknown_team", team=owner.id)
    depth = len(access.teams_above(uow, tenant, owner.id))
    return (Level.COMPANY, Level.DEPARTMENT)[depth] if depth < 2 else Level.TEAM


def next_objective_id(uow: UnitOfWork, tenant: str, owner: Owner) -> str:
    return first_free(
        objective_stem(owner.id),
        lambda candidate: uow.objectives.get(tenant, candidate) is not None,
    )


def draft_objective(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    title: str,
    owner: str,
    period: str | None = None,
    parent: str | None = None,
    origin: Origin = Origin.BOTTOM_UP,
    limits: Limits = DEFAULT_LIMITS,
) -> Drafted:
    with uow:
        acting = access.person(uow, tenant, actor)
        owned_by = Owner.parse(owner)
        if not owned_by.is_team:
            access.person(uow, tenant, owned_by.id)
        period_name = period or access.default_period(uow, tenant)
        if parent is not None:
            access.objective(uow, tenant, parent)
        objective = Objective(
            tenant=tenant,
            id=next_objective_id(uow, tenant, owned_by),
            title=title.strip(),
            owner=owned_by,
            period=period_name,
            level=level_of(uow, tenant, owned_by),
            parent=parent,
            origin=origin,
        )
        access.require_edit(uow, acting, objective, objective.id)
        count = uow.objectives.count_of_owner(tenant, owned_by, period_name) + 1
        uow.objectives.save(objective)
        access.audit(uow, clock.now(), acting, "objective.drafted", objective.id, title=title)
        uow.commit()
    return Drafted(objective, too_many_objectives(count, limits))


def reword_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str, title: str
) -> Objective:
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        access.require_edit(uow, acting, objective, objective_id)
        check_wording_editable(objective)
        before, objective.title = objective.title, title.strip()
        uow.objectives.save(objective)
        access.audit(
            uow,
            clock.now(),
            acting,
            "objective.reworded",
            objective_id,
            before=before,
            after=objective.title,
        )
        uow.commit()
    return objective


def add_key_result(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    objective_id: str,
    key_result: KeyResult,
    limits: Limits = DEFAULT_LIMITS,
) -> Objective:
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        access.require_edit(uow, acting, objective, objective_id)
        check_wording_editable(objective)
        check_room_for_key_result(objective, limits)
        kr = replace(key_result, id=key_result.id or _next_kr_id(uow, objective))
        if uow.objectives.with_key_result(tenant, kr.id) is not None:
            raise OkrError("duplicate_id", kind="key result", id=kr.id)
        check_key_result(kr)
        objective.key_results.append(kr)
        uow.objectives.save(objective)
        access.audit(
            uow,
            clock.now(),
            acting,
            "key_result.added",
            kr.id,
            objective=objective_id,
            title=kr.title,
            start=kr.start,
            target=kr.target,
            unit=kr.unit,
        )
        uow.commit()
    return objective


def revise_key_result(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    kr_id: str,
    changes: dict[str, str | float],
) -> Objective:
    """Change a draft KR's definition. Agreed KRs change only through a change request."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective, kr = access.key_result(uow, tenant, kr_id)
        access.require_edit(uow, acting, objective, kr_id)
        check_open(objective)
        if objective.status is ObjectiveStatus.AGREED:
            raise OkrError("key_result_locked", key_result=kr_id)
        revised = apply_revision(kr, changes)
        replace_key_result(objective, revised)
        uow.objectives.save(objective)
        access.audit(
            uow, clock.now(), acting, "key_result.revised", kr_id, **revision_detail(kr, revised)
        )
        uow.commit()
    return objective


def agree_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str
) -> Objective:
    """The manager's side agrees the draft: from now its wording and (quarterly) KRs are fixed."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        if objective.status is not ObjectiveStatus.DRAFT:
            raise OkrError(
                "objective_not_draft", objective=objective_id, status=objective.status.value
            )
        if not may_agree(access.standing(uow, acting, objective)):
            raise OkrError("not_allowed_to_agree", actor=actor, objective=objective_id)
        objective.status = ObjectiveStatus.AGREED
        uow.objectives.save(objective)
        access.audit(uow, clock.now(), acting, "objective.agreed", objective_id)
        uow.commit()
    return objective


def close_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str
) -> Objective:
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        access.require_edit(uow, acting, objective, objective_id)
        check_open(objective)
        objective.status = ObjectiveStatus.CLOSED
        uow.objectives.save(objective)
        access.audit(
            uow,
            clock.now(),
            acting,
            "objective.closed",
            objective_id,
            score=round(objective.score, 3),
        )
        uow.commit()
    return objective


def set_self_score(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, kr_id: str, score: float
) -> Objective:
    """The owner's final score for a KR at period end (0..1, steps of 0.1)."""
    check_self_score(score)
    with uow:
        acting = access.person(uow, tenant, actor)
        objective, kr = access.key_result(uow, tenant, kr_id)
        access.require_edit(uow, acting, objective, kr_id)
        before, kr.self_score = kr.self_score, round(score, 1)
        uow.objectives.save(objective)
        access.audit(
            uow,
            clock.now(),
            acting,
            "key_result.self_scored",
            kr_id,
            before=before,
            after=kr.self_score,
        )
        uow.commit()
    return objective


def apply_revision(kr: KeyResult, changes: dict[str, str | float]) -> KeyResult:
    """`kr` with `changes` (title, start, target, unit, weight) applied, checked."""
    unknown = set(changes) - set(REVISABLE_FIELDS)
    if unknown:
        raise OkrError("unknown_field", field=sorted(unknown)[0])
    revised = replace(kr)
    for name, value in changes.items():
        setattr(revised, name, value if name in ("title", "unit") else float(value))
    if revised == kr:
        raise OkrError("nothing_to_change", key_result=kr.id)
    check_key_result(revised)
    return revised


def revision_detail(before: KeyResult, after: KeyResult) -> dict[str, object]:
    return {
        name: {"before": getattr(before, name), "after": getattr(after, name)}
        for name in REVISABLE_FIELDS
        if getattr(before, name) != getattr(after, name)
    }


def replace_key_result(objective: Objective, revised: KeyResult) -> None:
    objective.key_results = [revised if kr.id == revised.id else kr for kr in objective.key_results]


def _next_kr_id(uow: UnitOfWork, objective: Objective) -> str:
    return first_free(
        key_result_stem(objective.id),
        lambda candidate: uow.objectives.with_key_result(objective.tenant, candidate) is not None,
        start=len(objective.key_results) + 1,
    )
