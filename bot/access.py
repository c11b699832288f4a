"""Loading what the rules need to decide who may do what, through the unit of work."""

from __future__ import annotations

from datetime import datetime

from bot.errors import OkrError
from bot.model import AuditEntry, KeyResult, Objective, Person
from bot.ports import UnitOfWork
from bot.rules import Standing, ancestors, may_edit


def person(uow: UnitOfWork, tenant: str, person_id: str) -> Person:
    found = uow.people.get(tenant, person_id)
    if found is None:
        raise OkrError("unknown_person", person=person_id)
    return found


def objective(uow: UnitOfWork, tenant: str, objective_id: str) -> Objective:
    found = uow.objectives.get(tenant, objective_id)
    if found is None:
        raise OkrError("unknown_objective", objective=objective_id)
    return found


def key_result(uow: UnitOfWork, tenant: str, kr_id: str) -> tuple[Objective, KeyResult]:
    """The KR and the objective that holds it."""
    holder = uow.objectives.with_key_result(tenant, kr_id)
    kr = holder.key_result(kr_id) if holder else None
    if holder is None or kr is None:
        raise OkrError("unknown_key_result", key_result=kr_id)
    return holder, kr


def default_period(uow: UnitOfWork, tenant: str) -> str:
    """The period the workspace works in unless told otherwise (set by the OKR table)."""
    found = uow.tenants.get(tenant)
    if found is None:
        raise OkrError("no_table", tenant=tenant)
    return found.default_period


def manager_chain(uow: UnitOfWork, tenant: str, person_id: str) -> list[str]:
    """The person's manager, their manager, and so on up to the top."""

    def manager_of(pid: str) -> str | None:
        found = uow.people.get(tenant, pid)
        return found.manager if found else None

    return ancestors(person_id, manager_of)


def teams_above(uow: UnitOfWork, tenant: str, team_id: str) -> list[str]:
    """The team's parent team, its parent, and so on up to the company."""

    def parent_of(tid: str) -> str | None:
        found = uow.teams.get(tenant, tid)
        return found.parent if found else None

    return ancestors(team_id, parent_of)


def team_leads(uow: UnitOfWork, tenant: str, team_id: str) -> list[str]:
    """The leads of the team and of every team above it, nearest first."""
    leads: list[str] = []
    for tid in [team_id, *teams_above(uow, tenant, team_id)]:
        team = uow.teams.get(tenant, tid)
        if team and team.lead:
            leads.append(team.lead)
    return leads


def standing(uow: UnitOfWork, actor: Person, target: Objective) -> Standing:
    """Where `actor` stands towards `target`'s owner: owner, manager above, lead above."""
    if not target.owner.is_team:
        managers = manager_chain(uow, actor.tenant, target.owner.id)
        return Standing(actor, target.owner.id, managers, team_leads=())

    leads = team_leads(uow, actor.tenant, target.owner.id)
    lead = leads[0] if leads else None
    managers = manager_chain(uow, actor.tenant, lead) if lead else []
    return Standing(actor, lead, managers, team_leads=leads[1:])


def approvers(uow: UnitOfWork, standing: Standing) -> list[Person]:
    """Who agrees the owner's objectives: the nearest manager (for a team objective, the lead
    of the team above, else the lead's manager); with nobody above, the workspace's admins."""
    nearest = [*standing.team_leads, *standing.managers][:1]
    if nearest:
        return [person(uow, standing.actor.tenant, nearest[0])]
    return [
        p
        for p in uow.people.list(standing.actor.tenant)
        if p.is_admin and p.id != standing.owner_person
    ]


def require_edit(uow: UnitOfWork, actor: Person, target: Objective, subject: str) -> Standing:
    found = standing(uow, actor, target)
    if not may_edit(found):
        raise OkrError("not_allowed_to_edit", actor=actor.id, subject=subject)
    return found


def audit(
    uow: UnitOfWork, at: datetime, actor: Person, action: str, subject: str, **detail: object
) -> None:
    uow.audit.add(AuditEntry(actor.tenant, at, actor.id, action, subject, dict(detail)))
