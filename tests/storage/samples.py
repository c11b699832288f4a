"""Sample OKR data for the storage tests: fully filled in, so a round trip exercises every
column. Each call returns a fresh object."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.model import (
    AuditEntry,
    ChangeRequest,
    CheckIn,
    CheckInPrompt,
    KeyResult,
    KeyResultKind,
    Level,
    Locale,
    Objective,
    ObjectiveStatus,
    Origin,
    Owner,
    Person,
    Role,
    Team,
)

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
_MIA = Owner("mia")


def mia(tenant: str = "acme", name: str = "Mia Torres") -> Person:
    return Person(
        tenant=tenant,
        id="mia",
        name=name,
        manager="ceo",
        locale=Locale.ZH,
        timezone="America/Los_Angeles",
        platform_ids={"slack": "U0MIA", "feishu": "ou_mia"},
        roles=frozenset({Role.ADMIN, Role.SUPERVISOR}),
        email="mia@example.com",
    )


def users_kr(kr_id: str = "kr-users") -> KeyResult:
    return KeyResult(
        id=kr_id,
        title="Grow weekly active users from 40k to 60k",
        start=40_000,
        target=60_000,
        current=45_500.5,
        unit="users",
        weight=2.0,
        owner="raj",
        confidence=0.6,
        self_score=0.7,
    )


def pricing_kr(kr_id: str = "kr-pricing") -> KeyResult:
    return KeyResult(id=kr_id, title="Ship the new pricing page", kind=KeyResultKind.MILESTONE)


def brand_objective(
    tenant: str = "acme",
    objective_id: str = "o-brand",
    owner: Owner = _MIA,
    period: str = "2026-Q4",
    key_results: list[KeyResult] | None = None,
) -> Objective:
    return Objective(
        tenant=tenant,
        id=objective_id,
        title="Make our brand the one engineers recommend",
        owner=owner,
        period=period,
        level=Level.TEAM,
        parent="o-company",
        origin=Origin.TOP_DOWN,
        status=ObjectiveStatus.AGREED,
        key_results=[users_kr(), pricing_kr()] if key_results is None else key_results,
    )


def check_in(at: datetime, value: float, tenant: str = "acme") -> CheckIn:
    return CheckIn(
        tenant=tenant,
        kr_id="kr-users",
        objective_id="o-brand",
        author="mia",
        at=at,
        value=value,
        previous_value=45_000,
        confidence=0.7,
        previous_confidence=None,
        blocked=True,
        comment="waiting on the data team",
        source="slack",
    )


def prompt(prompt_id: str, sent_at: datetime, tenant: str = "acme") -> CheckInPrompt:
    return CheckInPrompt(
        tenant=tenant,
        id=prompt_id,
        person="mia",
        kr_ids=["kr-users", "kr-pricing", "kr-nps"],
        sent_at=sent_at,
        platform="feishu",
        channel="oc_mia",
        message_id="om_123",
    )


def change_request(request_id: str, created_at: datetime, tenant: str = "acme") -> ChangeRequest:
    return ChangeRequest(
        tenant=tenant,
        id=request_id,
        objective_id="o-brand",
        kr_id="kr-users",
        requested_by="mia",
        changes={"target": 70_000.0, "title": "Grow weekly active users to 70k"},
        reason="we hit 60k early",
        created_at=created_at,
    )


def audit_entry(at: datetime, subject: str = "o-brand", tenant: str = "acme") -> AuditEntry:
    return AuditEntry(
        tenant=tenant,
        at=at,
        actor="mia",
        action="objective.agreed",
        subject=subject,
        detail={"by": "ceo", "key_results": ["kr-users", "kr-pricing"], "weight": 2.5},
    )


def marketing(tenant: str = "acme", members: list[str] | None = None) -> Team:
    return Team(
        tenant=tenant,
        id="marketing",
        name="Marketing",
        parent="company",
        lead="mia",
        members=["raj", "mia", "li"] if members is None else members,
        channels={"slack": "C0MKT", "feishu": "oc_mkt"},
    )
