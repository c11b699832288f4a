"""Use cases that shape objectives and their key results: draft, align, revise, submit, agree
or return, close, score.

Each is a plain function over a unit of work: it loads, applies the rules, records the change in
the audit trail and commits, or changes nothing and raises `OkrError`. The objective a person
drafts, revises or submits becomes their focus: what "KR2" names in their next command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot import access
from bot.errors import OkrError
from bot.ids import first_free, key_result_stem, objective_stem
from bot.model import (
    ChangeRequest,
    KeyResult,
    Level,
    Objective,
    ObjectiveStatus,
    Origin,
    Owner,
    Person,
)
from bot.ports import Clock, UnitOfWork
from bot.rules import (
    DEFAULT_LIMITS,
    REVISABLE_FIELDS,
    Limits,
    ancestors,
    check_key_result,
    check_key_result_count,
    check_open,
    check_revisable_by_request,
    check_room_for_key_result,
    check_self_score,
    check_wording_editable,
    may_agree,
    may_score,
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
    key_results: Sequence[KeyResult] = (),
    limits: Limits = DEFAULT_LIMITS,
) -> Drafted:
    """A new draft with its key results, all or nothing."""
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
        check_key_result_count(objective.id, len(key_results), limits)
        for kr in key_results:
            _add(uow, objective, kr)
        count = uow.objectives.count_of_owner(tenant, owned_by, period_name) + 1
        uow.objectives.save(objective)
        now = clock.now()
        access.audit(uow, now, acting, "objective.drafted", objective.id, title=objective.title)
        for kr in objective.key_results:
            _audit_added(uow, now, acting, objective, kr)
        uow.focus.set(tenant, acting.id, objective.id, now)
        uow.commit()
    return Drafted(objective, too_many_objectives(count, limits))


def reword_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str, title: str
) -> Objective:
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        access.require_edit(uow, acting, objective, objective_id)
        _reword(uow, clock.now(), acting, objective, title)
        uow.objectives.save(objective)
        uow.focus.set(tenant, acting.id, objective.id, clock.now())
        uow.commit()
    return objective


def revise_draft(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    objective_id: str,
    title: str,
    key_results: Sequence[KeyResult],
    limits: Limits = DEFAULT_LIMITS,
) -> Objective:
    """A draft as the edit form gives it back: its title and its KRs in order. A KR at the
    position of an existing one revises it (its id and progress kept), extra ones are added,
    missing ones removed."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        access.require_edit(uow, acting, objective, objective_id)
        check_wording_editable(objective)
        check_key_result_count(objective.id, len(key_results), limits)
        now = clock.now()
        if title.strip() != objective.title:
            _reword(uow, now, acting, objective, title)
        before = list(objective.key_results)
        objective.key_results = []
        for position, wanted in enumerate(key_results):
            if position < len(before):
                kept = before[position]
                changes = {
                    name: getattr(wanted, name)
                    for name in ("title", "start", "target", "unit")
                    if getattr(wanted, name) != getattr(kept, name)
                }
                revised = replace(kept, kind=wanted.kind, **changes) if changes else kept
                if wanted.kind is not kept.kind:
                    revised = replace(revised, current=wanted.current)
                check_key_result(revised)
                objective.key_results.append(revised)
                if revised != kept:
                    access.audit(
                        uow,
                        now,
                        acting,
                        "key_result.revised",
                        kept.id,
                        **revision_detail(kept, revised),
                    )
            else:
                _add(uow, objective, wanted)
                _audit_added(uow, now, acting, objective, objective.key_results[-1])
        for removed in before[len(key_results) :]:
            access.audit(uow, now, acting, "key_result.removed", removed.id, objective=objective.id)
        uow.objectives.save(objective)
        uow.focus.set(tenant, acting.id, objective.id, now)
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
        _add(uow, objective, key_result)
        uow.objectives.save(objective)
        _audit_added(uow, clock.now(), acting, objective, objective.key_results[-1])
        uow.commit()
    return objective


@dataclass(frozen=True)
class Edited:
    objective: Objective
    request: ChangeRequest | None = None  # what waits for the manager, for an agreed KR


def edit_key_result(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    kr_id: str,
    changes: dict[str, str | float],
    reason: str = "",
) -> Edited:
    """Change a KR's definition: at once while its objective is a draft; for an agreed annual
    objective, as a change request its owner's manager decides; an agreed quarterly KR stays
    as agreed."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective, kr = access.key_result(uow, tenant, kr_id)
        access.require_edit(uow, acting, objective, kr_id)
        check_open(objective)
        now = clock.now()
        request = None
        if objective.status is ObjectiveStatus.AGREED:
            period = uow.periods.get(tenant, objective.period)
            check_revisable_by_request(objective, kr, annual=bool(period and period.is_annual))
            request = _request(uow, now, acting, objective, kr, changes, reason)
        else:
            revised = apply_revision(kr, changes)
            replace_key_result(objective, revised)
            uow.objectives.save(objective)
            access.audit(
                uow, now, acting, "key_result.revised", kr_id, **revision_detail(kr, revised)
            )
        uow.focus.set(tenant, acting.id, objective.id, now)
        uow.commit()
    return Edited(objective, request)


def align_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str, parent: str
) -> Objective:
    """What the objective contributes to, up the cascade. Fixed, like its wording, once
    agreed."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        access.require_edit(uow, acting, objective, objective_id)
        check_wording_editable(objective)
        above = access.objective(uow, tenant, parent)
        if parent == objective.id or objective.id in _parents(uow, tenant, above):
            raise OkrError("parent_cycle", subject=objective.id, parent=parent)
        before, objective.parent = objective.parent, above.id
        uow.objectives.save(objective)
        now = clock.now()
        access.audit(
            uow, now, acting, "objective.aligned", objective.id, before=before, after=above.id
        )
        uow.focus.set(tenant, acting.id, objective.id, now)
        uow.commit()
    return objective


@dataclass(frozen=True)
class Submitted:
    objective: Objective
    approvers: tuple[Person, ...]  # who is asked to agree it: the owner's manager side


def submit_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str
) -> Submitted:
    """A draft goes to the owner's manager for agreement."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        standing = access.require_edit(uow, acting, objective, objective_id)
        if objective.status is not ObjectiveStatus.DRAFT:
            raise OkrError(
                "objective_not_draft", objective=objective_id, status=objective.status.value
            )
        if not objective.key_results:
            raise OkrError("no_key_results", objective=objective_id)
        objective.status = ObjectiveStatus.SUBMITTED
        uow.objectives.save(objective)
        now = clock.now()
        access.audit(uow, now, acting, "objective.submitted", objective_id)
        uow.focus.set(tenant, acting.id, objective.id, now)
        approvers = access.approvers(uow, standing)
        uow.commit()
    return Submitted(objective, tuple(approvers))


def agree_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str
) -> Objective:
    """The manager's side agrees the draft: from now its wording and (quarterly) KRs are fixed."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        _check_awaiting(objective)
        if not may_agree(access.standing(uow, acting, objective)):
            raise OkrError("not_allowed_to_agree", actor=actor, objective=objective_id)
        objective.status = ObjectiveStatus.AGREED
        uow.objectives.save(objective)
        access.audit(uow, clock.now(), acting, "objective.agreed", objective_id)
        uow.commit()
    return objective


def return_objective(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, objective_id: str, reason: str
) -> Objective:
    """The manager's side asks for changes: the objective is a draft again, with the reason."""
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = access.objective(uow, tenant, objective_id)
        _check_awaiting(objective)
        if not may_agree(access.standing(uow, acting, objective)):
            raise OkrError("not_allowed_to_agree", actor=actor, objective=objective_id)
        if not reason.strip():
            raise OkrError("reason_needed", objective=objective_id)
        objective.status = ObjectiveStatus.DRAFT
        uow.objectives.save(objective)
        access.audit(
            uow, clock.now(), acting, "objective.returned", objective_id, reason=reason.strip()
        )
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
    with uow:
        acting = access.person(uow, tenant, actor)
        objective = score_key_result(uow, clock.now(), acting, kr_id, score)
        uow.objectives.save(objective)
        uow.commit()
    return objective


def score_key_result(
    uow: UnitOfWork, now: datetime, acting: Person, kr_id: str, score: float
) -> Objective:
    """`set_self_score` inside the caller's unit of work (the quarter-end answer scores
    several KRs at once): the objective scored, to save."""
    check_self_score(score)
    objective, kr = access.key_result(uow, acting.tenant, kr_id)
    if not may_score(access.standing(uow, acting, objective), kr):
        raise OkrError("not_allowed_to_score", actor=acting.id, key_result=kr_id)
    before, kr.self_score = kr.self_score, round(score, 1)
    access.audit(
        uow, now, acting, "key_result.self_scored", kr_id, before=before, after=kr.self_score
    )
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


def request_id(kr_id: str, existing: int) -> str:
    return f"cr-{kr_id}-{existing + 1}"


def _request(
    uow: UnitOfWork,
    now: datetime,
    acting: Person,
    objective: Objective,
    kr: KeyResult,
    changes: dict[str, str | float],
    reason: str,
) -> ChangeRequest:
    apply_revision(kr, changes)  # refuse a request that could never be applied
    existing = uow.change_requests.of_objective(objective.tenant, objective.id)
    request = ChangeRequest(
        tenant=objective.tenant,
        id=request_id(kr.id, len(existing)),
        objective_id=objective.id,
        kr_id=kr.id,
        requested_by=acting.id,
        changes=dict(changes),
        reason=reason.strip(),
        created_at=now,
    )
    uow.change_requests.save(request)
    access.audit(
        uow,
        now,
        acting,
        "change.requested",
        kr.id,
        request=request.id,
        changes=request.changes,
        reason=request.reason,
    )
    return request


def _reword(
    uow: UnitOfWork, now: datetime, acting: Person, objective: Objective, title: str
) -> None:
    check_wording_editable(objective)
    before, objective.title = objective.title, title.strip()
    access.audit(
        uow, now, acting, "objective.reworded", objective.id, before=before, after=objective.title
    )


def _add(uow: UnitOfWork, objective: Objective, key_result: KeyResult) -> None:
    kr = replace(key_result, id=key_result.id or _next_kr_id(uow, objective))
    if uow.objectives.with_key_result(objective.tenant, kr.id) is not None or any(
        other.id == kr.id for other in objective.key_results
    ):
        raise OkrError("duplicate_id", kind="key result", id=kr.id)
    check_key_result(kr)
    objective.key_results.append(kr)


def _audit_added(
    uow: UnitOfWork, now: datetime, acting: Person, objective: Objective, kr: KeyResult
) -> None:
    access.audit(
        uow,
        now,
        acting,
        "key_result.added",
        kr.id,
        objective=objective.id,
        title=kr.title,
        start=kr.start,
        target=kr.target,
        unit=kr.unit,
    )


def _check_awaiting(objective: Objective) -> None:
    if objective.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.SUBMITTED):
        raise OkrError("objective_not_draft", objective=objective.id, status=objective.status.value)


def _parents(uow: UnitOfWork, tenant: str, objective: Objective) -> list[str]:
    """The objective and the chain it aligns to, up to the top."""

    def parent_of(objective_id: str) -> str | None:
        found = uow.objectives.get(tenant, objective_id)
        return found.parent if found else None

    return [objective.id, *ancestors(objective.id, parent_of)]


def _next_kr_id(uow: UnitOfWork, objective: Objective) -> str:
    taken = {kr.id for kr in objective.key_results}
    return first_free(
        key_result_stem(objective.id),
        lambda candidate: (
            candidate in taken
            or uow.objectives.with_key_result(objective.tenant, candidate) is not None
        ),
        start=len(objective.key_results) + 1,
    )
