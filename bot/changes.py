"""Change requests: the only way an agreed KR changes, decided by the owner's manager side; and
what waits for someone's decision (requests, and objectives submitted for agreement)."""

from __future__ import annotations

from dataclasses import dataclass

from bot import access
from bot.errors import OkrError
from bot.model import ChangeRequest, ChangeStatus, Objective, ObjectiveStatus, Person
from bot.objectives import apply_revision, replace_key_result, revision_detail
from bot.ports import Clock, UnitOfWork
from bot.rules import may_agree


@dataclass(frozen=True)
class Decided:
    request: ChangeRequest
    objective: Objective
    requested_by: Person  # who is told of the decision


def decide_change(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    request_id: str,
    approve: bool,
    note: str = "",
) -> Decided:
    """Approve (and apply) or decline, with a note, a pending change request."""
    with uow:
        acting = access.person(uow, tenant, actor)
        request = uow.change_requests.get(tenant, request_id)
        if request is None:
            raise OkrError("unknown_change_request", change_request=request_id)
        if request.status is not ChangeStatus.PENDING:
            raise OkrError(
                "change_already_decided", change_request=request_id, status=request.status.value
            )
        objective, kr = access.key_result(uow, tenant, request.kr_id)
        if not may_agree(access.standing(uow, acting, objective)):
            raise OkrError("not_allowed_to_decide", actor=actor, change_request=request_id)
        now = clock.now()
        if approve:
            revised = apply_revision(kr, request.changes)
            replace_key_result(objective, revised)
            uow.objectives.save(objective)
            access.audit(
                uow,
                now,
                acting,
                "key_result.revised",
                kr.id,
                request=request_id,
                **revision_detail(kr, revised),
            )
        request.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        request.decided_by, request.decided_at, request.note = acting.id, now, note.strip()
        uow.change_requests.save(request)
        access.audit(
            uow,
            now,
            acting,
            f"change.{request.status.value}",
            request.kr_id,
            request=request_id,
            note=request.note,
        )
        requester = access.person(uow, tenant, request.requested_by)
        uow.commit()
    return Decided(request, objective, requester)


def pending_request_of(uow: UnitOfWork, tenant: str, kr_id: str) -> ChangeRequest:
    """The change request of a KR that waits for a decision."""
    with uow:
        access.key_result(uow, tenant, kr_id)
        found = [r for r in uow.change_requests.pending(tenant) if r.kr_id == kr_id]
    if not found:
        raise OkrError("no_pending_change", key_result=kr_id)
    return found[-1]


@dataclass(frozen=True)
class Waiting:
    """What waits for one person's decision."""

    requests: tuple[tuple[ChangeRequest, Objective], ...]
    objectives: tuple[Objective, ...]  # submitted for their agreement


def waiting_for(uow: UnitOfWork, *, tenant: str, person_id: str) -> Waiting:
    with uow:
        acting = access.person(uow, tenant, person_id)
        requests = []
        for request in uow.change_requests.pending(tenant):
            objective, _ = access.key_result(uow, tenant, request.kr_id)
            if may_agree(access.standing(uow, acting, objective)):
                requests.append((request, objective))
        submitted = [
            o
            for o in uow.objectives.with_status(tenant, ObjectiveStatus.SUBMITTED)
            if may_agree(access.standing(uow, acting, o))
        ]
    return Waiting(tuple(requests), tuple(submitted))
