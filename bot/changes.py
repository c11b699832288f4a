"""Change requests: the only way an agreed KR changes, decided by the owner's manager side."""

from __future__ import annotations

from bot import access
from bot.errors import OkrError
from bot.model import ChangeRequest, ChangeStatus
from bot.objectives import apply_revision, replace_key_result, revision_detail
from bot.ports import Clock, UnitOfWork
from bot.rules import check_revisable_by_request, may_agree


def request_change(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    kr_id: str,
    changes: dict[str, str | float],
    reason: str,
) -> ChangeRequest:
    with uow:
        acting = access.person(uow, tenant, actor)
        objective, kr = access.key_result(uow, tenant, kr_id)
        access.require_edit(uow, acting, objective, kr_id)
        period = uow.periods.get(tenant, objective.period)
        check_revisable_by_request(objective, kr, annual=bool(period and period.is_annual))
        apply_revision(kr, changes)  # refuse a request that could never be applied
        existing = uow.change_requests.of_objective(tenant, objective.id)
        request = ChangeRequest(
            tenant=tenant,
            id=f"cr-{kr_id}-{len(existing) + 1}",
            objective_id=objective.id,
            kr_id=kr_id,
            requested_by=acting.id,
            changes=dict(changes),
            reason=reason.strip(),
            created_at=clock.now(),
        )
        uow.change_requests.save(request)
        access.audit(
            uow,
            request.created_at,
            acting,
            "change.requested",
            kr_id,
            request=request.id,
            changes=request.changes,
            reason=request.reason,
        )
        uow.commit()
    return request


def decide_change(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    request_id: str,
    approve: bool,
) -> ChangeRequest:
    """Approve (and apply) or reject a pending change request."""
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
        deciding = access.standing(uow, acting, objective)
        if not may_agree(deciding) or (deciding.is_owner and deciding.managers):
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
        request.decided_by, request.decided_at = acting.id, now
        uow.change_requests.save(request)
        access.audit(
            uow, now, acting, f"change.{request.status.value}", request.kr_id, request=request_id
        )
        uow.commit()
    return request
