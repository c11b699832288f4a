"""The audit trail of an objective or a KR: who drafted, aligned, submitted, agreed, changed,
scored and checked in on it, and when, oldest first. Everyone may read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot import access
from bot.errors import OkrError
from bot.model import AuditEntry, CheckIn, KeyResult, Objective, Person
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str  # a person's name (or the importer)
    action: str  # the audit action, or `check_in`
    subject: str  # the objective's or KR's id
    detail: dict[str, object] = field(default_factory=dict)
    check_in: CheckIn | None = None


@dataclass(frozen=True)
class History:
    objective: Objective
    key_result: KeyResult | None  # the KR asked about, or None for the whole objective
    events: tuple[Event, ...]


def history(uow: UnitOfWork, *, tenant: str, subject: str) -> History:
    """`subject` is an objective's id or a KR's."""
    with uow:
        objective = uow.objectives.get(tenant, subject)
        kr = None
        if objective is None:
            holder = uow.objectives.with_key_result(tenant, subject)
            kr = holder.key_result(subject) if holder else None
            if holder is None or kr is None:
                raise OkrError("unknown_subject", subject=subject)
            objective = holder
        krs = [kr] if kr is not None else objective.key_results
        subjects = [*([] if kr is not None else [objective.id]), *(k.id for k in krs)]
        audit = [e for s in subjects for e in uow.audit.of_subject(tenant, s)]
        check_ins = [c for k in krs for c in uow.check_ins.of_key_result(tenant, k.id)]
        names = {p.id: p.name for p in uow.people.list(tenant)}
    events = [_audited(entry, names) for entry in audit]
    events += [
        Event(c.at, names.get(c.author, c.author), "check_in", c.kr_id, check_in=c)
        for c in check_ins
    ]
    events.sort(key=lambda e: e.at)
    return History(objective, kr, tuple(events))


def _audited(entry: AuditEntry, names: dict[str, str]) -> Event:
    return Event(
        entry.at,
        names.get(entry.actor, entry.actor),
        entry.action,
        entry.subject,
        dict(entry.detail),
    )


def person_named(uow: UnitOfWork, tenant: str, person_id: str) -> Person:
    return access.person(uow, tenant, person_id)
