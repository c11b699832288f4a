"""Recording check-ins: the new value, confidence and blockers of key results."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Protocol

from bot import access
from bot.errors import OkrError
from bot.model import CheckIn, KeyResult, KeyResultKind, Objective, Person
from bot.ports import Clock, UnitOfWork
from bot.rules import check_confidence, check_open, may_edit


class KeyResultReading(Protocol):
    """What someone said about one KR; the reply parser's updates have this shape."""

    @property
    def kr(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def confidence(self) -> float | None: ...
    @property
    def blocked(self) -> bool: ...
    @property
    def comment(self) -> str | None: ...


def record_check_ins(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    readings: Sequence[KeyResultReading],
    source: str = "chat",
    read_against: Mapping[str, float] | None = None,
) -> list[CheckIn]:
    """Apply every reading in one transaction: all of them, or none if one is refused.

    `read_against` holds the values the readings were made from (by KR): "2 more" read
    against 10 is 12, so if the KR has moved since (someone else's check-in), applying 12
    would lose their update; it is refused instead, to be read again."""
    recorded: list[CheckIn] = []
    with uow:
        acting = access.person(uow, tenant, actor)
        now = clock.now()
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
        uow.commit()
    return recorded


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


def undo_check_ins(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, check_in_ids: Sequence[int]
) -> list[CheckIn]:
    """Put the KRs back as they were before these check-ins, newest undone first."""
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
        uow.commit()
    return undone
