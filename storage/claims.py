"""Cadence schedules and delivery claims over SQL, shared by every replica (`bot.ports.Schedules`
and `bot.ports.Claims`).

Every method is its own short transaction, committed before it returns, so that a claim holds
before anything is sent. Winners are decided by the database, never by reading first:
a claim is `INSERT ... ON CONFLICT DO NOTHING RETURNING` (psycopg reports no row count for
those, so the returned row is the signal), a takeover and a schedule's advance are
`UPDATE ... WHERE <the state we saw> RETURNING`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Table, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.model import FANOUT_WAITING, CadenceSchedule, Delivery, DeliveryStatus
from storage.repositories import columns_of, dialect_insert
from storage.schema import SLACK_OAUTH_STATES, CadenceScheduleRow, DeliveryRow

_TAKEN_OVER = (
    DeliveryStatus.CLAIMED.value,
    DeliveryStatus.OPEN.value,
    DeliveryStatus.RETRY.value,
)


class SqlSchedules:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def of_tenant(self, tenant: str) -> Sequence[CadenceSchedule]:
        with self._sessions() as session:
            rows = session.scalars(
                select(CadenceScheduleRow)
                .where(CadenceScheduleRow.tenant == tenant)
                .order_by(CadenceScheduleRow.team, CadenceScheduleRow.cadence)
            )
            return [_schedule(row) for row in rows]

    def add(self, schedule: CadenceSchedule) -> None:
        with self._sessions.begin() as session:
            session.execute(
                dialect_insert(session, CadenceScheduleRow)
                .values(
                    tenant=schedule.tenant,
                    team=schedule.team,
                    cadence=schedule.cadence,
                    next_at=schedule.next_at,
                    rule=schedule.rule,
                )
                .on_conflict_do_nothing()
            )

    def due(self, now: datetime) -> Sequence[CadenceSchedule]:
        with self._sessions() as session:
            rows = session.scalars(
                select(CadenceScheduleRow)
                .where(CadenceScheduleRow.next_at <= now)
                .order_by(CadenceScheduleRow.next_at)
            )
            return [_schedule(row) for row in rows]

    def advance(self, schedule: CadenceSchedule, next_at: datetime, rule: str) -> bool:
        with self._sessions.begin() as session:
            moved = session.execute(
                update(CadenceScheduleRow)
                .where(
                    CadenceScheduleRow.tenant == schedule.tenant,
                    CadenceScheduleRow.team == schedule.team,
                    CadenceScheduleRow.cadence == schedule.cadence,
                    CadenceScheduleRow.next_at == schedule.next_at,
                    CadenceScheduleRow.rule == schedule.rule,
                )
                .values(next_at=next_at, rule=rule)
                .returning(CadenceScheduleRow.team)
            ).first()
            return moved is not None


class SqlClaims:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def claim(self, delivery: Delivery, now: datetime) -> Delivery | None:
        with self._sessions.begin() as session:
            inserted = session.execute(
                dialect_insert(session, DeliveryRow)
                .values(**_columns(replace(delivery, attempts=1)))
                .on_conflict_do_nothing()
                .returning(DeliveryRow.attempts)
            ).first()
            if inserted is not None:
                return replace(delivery, attempts=1)
            taken = session.execute(
                update(DeliveryRow)
                .where(
                    _key(delivery),
                    DeliveryRow.status.in_(_TAKEN_OVER),
                    or_(DeliveryRow.lease_until.is_(None), DeliveryRow.lease_until <= now),
                )
                .values(
                    status=delivery.status.value,
                    owner=delivery.owner,
                    lease_until=delivery.lease_until,
                    updated_at=now,
                    detail=delivery.detail,
                    attempts=DeliveryRow.attempts + 1,
                )
                .returning(DeliveryRow.attempts)
            ).first()
            return None if taken is None else replace(delivery, attempts=taken[0])

    def claim_many(self, deliveries: Sequence[Delivery], now: datetime) -> Sequence[Delivery]:
        """One INSERT ... ON CONFLICT DO NOTHING RETURNING for the batch, then one UPDATE ...
        RETURNING taking over the rest that may be taken over. The batch shares its tenant,
        cadence and occurrence, and its status, owner and lease (those of the first)."""
        if not deliveries:
            return []
        first = deliveries[0]
        table = DeliveryRow.__table__
        with self._sessions.begin() as session:
            # executemany: one cached statement, sent as multi-row INSERTs ("insertmanyvalues")
            inserted = set(
                session.connection()
                .execute(
                    dialect_insert(session, table)
                    .on_conflict_do_nothing()
                    .returning(table.c.target),
                    [{**_columns(d), "attempts": 1} for d in deliveries],
                )
                .scalars()
            )
            rest = [d.target for d in deliveries if d.target not in inserted]
            taken: dict[str, int] = {}
            if rest:
                taken = {
                    target: attempts
                    for target, attempts in session.execute(
                        update(DeliveryRow)
                        .where(
                            DeliveryRow.tenant == first.tenant,
                            DeliveryRow.cadence == first.cadence,
                            DeliveryRow.occurrence == first.occurrence,
                            DeliveryRow.target.in_(rest),
                            DeliveryRow.status.in_(_TAKEN_OVER),
                            or_(DeliveryRow.lease_until.is_(None), DeliveryRow.lease_until <= now),
                        )
                        .values(
                            status=first.status.value,
                            owner=first.owner,
                            lease_until=first.lease_until,
                            updated_at=now,
                            detail=first.detail,
                            attempts=DeliveryRow.attempts + 1,
                        )
                        .returning(DeliveryRow.target, DeliveryRow.attempts)
                    )
                }
        return [
            _attempt(d, 1) if d.target in inserted else _attempt(d, taken[d.target])
            for d in deliveries
            if d.target in inserted or d.target in taken
        ]

    def record_many(self, deliveries: Sequence[Delivery]) -> Sequence[str]:
        if not deliveries:
            return []
        table = DeliveryRow.__table__
        with self._sessions.begin() as session:
            return list(
                session.connection()
                .execute(
                    dialect_insert(session, table)
                    .on_conflict_do_nothing()
                    .returning(table.c.target),
                    [_columns(d) for d in deliveries],
                )
                .scalars()
            )

    def finish_many(self, deliveries: Sequence[Delivery]) -> None:
        """One executemany UPDATE for the batch, each row only if the claim is still ours."""
        if not deliveries:
            return
        statement = _ours_still(_TAKEN_OVER).values(
            {name: bindparam(f"v_{name}") for name in _OUTCOME}
        )
        rows = []
        for delivery in deliveries:
            columns = _columns(delivery)
            rows.append(
                {
                    **{f"k_{key}": columns[key] for key in (*_KEY, "owner")},
                    **{f"v_{name}": columns[name] for name in _OUTCOME},
                }
            )
        with self._sessions.begin() as session:
            session.connection().execute(statement, rows)

    def record(self, delivery: Delivery) -> bool:
        with self._sessions.begin() as session:
            inserted = session.execute(
                dialect_insert(session, DeliveryRow)
                .values(**_columns(delivery))
                .on_conflict_do_nothing()
                .returning(DeliveryRow.target)
            ).first()
            return inserted is not None

    def finish(self, delivery: Delivery) -> bool:
        with self._sessions.begin() as session:
            columns = _columns(delivery)
            for key in ("tenant", "cadence", "target", "occurrence"):
                columns.pop(key)
            finished = session.execute(
                update(DeliveryRow)
                .where(
                    _key(delivery),
                    DeliveryRow.owner == delivery.owner,
                    DeliveryRow.status.in_(_TAKEN_OVER),
                )
                .values(**columns)
                .returning(DeliveryRow.target)
            ).first()
            return finished is not None

    def get(self, tenant: str, cadence: str, target: str, occurrence: datetime) -> Delivery | None:
        with self._sessions() as session:
            row = session.get(DeliveryRow, (tenant, cadence, target, occurrence))
            return None if row is None else delivery_of(row)

    def renew(self, deliveries: Sequence[Delivery], until: datetime) -> None:
        if not deliveries:
            return
        statement = _ours_still((DeliveryStatus.CLAIMED.value, DeliveryStatus.OPEN.value)).values(
            lease_until=bindparam("v_until")
        )
        rows = [
            {
                "k_tenant": d.tenant,
                "k_cadence": d.cadence,
                "k_target": d.target,
                "k_occurrence": d.occurrence,
                "k_owner": d.owner,
                "v_until": until,
            }
            for d in deliveries
        ]
        with self._sessions.begin() as session:
            session.connection().execute(statement, rows)

    def stalled(self, now: datetime) -> Sequence[Delivery]:
        with self._sessions() as session:
            rows = session.execute(
                select(*columns_of(DeliveryRow))
                .where(
                    or_(
                        and_(
                            DeliveryRow.status == DeliveryStatus.OPEN.value,
                            or_(
                                DeliveryRow.lease_until <= now, DeliveryRow.detail != FANOUT_WAITING
                            ),
                        ),
                        and_(
                            DeliveryRow.status.in_(
                                (DeliveryStatus.CLAIMED.value, DeliveryStatus.RETRY.value)
                            ),
                            DeliveryRow.lease_until <= now,
                        ),
                    )
                )
                .order_by(DeliveryRow.lease_until, DeliveryRow.occurrence)
            )
            return [delivery_of(row) for row in rows]

    def backlog(self, now: datetime) -> tuple[int, datetime | None]:
        with self._sessions() as session:
            pending = session.scalar(
                select(func.count())
                .select_from(DeliveryRow)
                .where(
                    DeliveryRow.status.in_(
                        (DeliveryStatus.CLAIMED.value, DeliveryStatus.RETRY.value)
                    )
                )
            )
            oldest = session.scalar(
                select(func.min(DeliveryRow.occurrence)).where(
                    DeliveryRow.status == DeliveryStatus.OPEN.value
                )
            )
            return int(pending or 0), oldest

    def forget_before(self, before: datetime) -> int:
        with self._sessions.begin() as session:
            gone = session.execute(
                delete(DeliveryRow)
                .where(DeliveryRow.status.in_(_SETTLED), DeliveryRow.updated_at < before)
                .returning(DeliveryRow.target)
            )
            return len(gone.all())

    def of_occurrence(self, tenant: str, cadence: str, occurrence: datetime) -> Sequence[Delivery]:
        with self._sessions() as session:
            rows = session.execute(
                select(*columns_of(DeliveryRow))
                .where(
                    DeliveryRow.tenant == tenant,
                    DeliveryRow.cadence == cadence,
                    DeliveryRow.occurrence == occurrence,
                )
                .order_by(DeliveryRow.target)
            )
            return [delivery_of(row) for row in rows]


_SETTLED = tuple(
    s.value
    for s in (
        DeliveryStatus.SENT,
        DeliveryStatus.SKIPPED,
        DeliveryStatus.FAILED,
        DeliveryStatus.MISSED,
        DeliveryStatus.DONE,
    )
)
_KEY = ("tenant", "cadence", "target", "occurrence")
_OUTCOME = ("status", "attempts", "lease_until", "updated_at", "detail", "channel", "message_id")


def _ours_still(statuses: Sequence[str]) -> Any:
    """An executemany UPDATE of deliveries by key (`k_…` parameters), each row only while the
    claim is still `k_owner`'s and in one of `statuses` (no IN: executemany)."""
    table = DeliveryRow.__table__
    assert isinstance(table, Table)
    c = table.c
    return update(table).where(
        c.tenant == bindparam("k_tenant"),
        c.cadence == bindparam("k_cadence"),
        c.target == bindparam("k_target"),
        c.occurrence == bindparam("k_occurrence"),
        c.owner == bindparam("k_owner"),
        or_(*(c.status == status for status in statuses)),
    )


def _attempt(delivery: Delivery, attempts: int) -> Delivery:
    return delivery if delivery.attempts == attempts else replace(delivery, attempts=attempts)


def _key(delivery: Delivery) -> Any:
    return and_(
        DeliveryRow.tenant == delivery.tenant,
        DeliveryRow.cadence == delivery.cadence,
        DeliveryRow.target == delivery.target,
        DeliveryRow.occurrence == delivery.occurrence,
    )


def _columns(delivery: Delivery) -> dict[str, Any]:
    return {
        "tenant": delivery.tenant,
        "cadence": delivery.cadence,
        "target": delivery.target,
        "occurrence": delivery.occurrence,
        "status": DeliveryStatus(delivery.status).value,
        "team": delivery.team,
        "person": delivery.person,
        "owner": delivery.owner,
        "attempts": delivery.attempts,
        "lease_until": delivery.lease_until,
        "updated_at": delivery.updated_at,
        "detail": delivery.detail,
        "channel": delivery.channel,
        "message_id": delivery.message_id,
    }


def delivery_of(row: Any) -> Delivery:
    return Delivery(
        tenant=row.tenant,
        cadence=row.cadence,
        target=row.target,
        occurrence=row.occurrence,
        status=DeliveryStatus(row.status),
        team=row.team,
        person=row.person,
        owner=row.owner,
        attempts=row.attempts,
        lease_until=row.lease_until,
        updated_at=row.updated_at,
        detail=row.detail,
        channel=row.channel,
        message_id=row.message_id,
    )


def _schedule(row: CadenceScheduleRow) -> CadenceSchedule:
    return CadenceSchedule(row.tenant, row.team, row.cadence, row.next_at, row.rule)


def forget_expired_oauth_states(engine: Engine, now: datetime) -> int:
    """Delete the Slack OAuth states whose time ran out: each visit of the install page makes
    one, and a visit that never came back would otherwise keep its row for ever."""
    table = SLACK_OAUTH_STATES
    with engine.begin() as connection:
        gone = connection.execute(
            delete(table).where(table.c.expire_at < now.astimezone(UTC).replace(tzinfo=None))
        )
        return int(gone.rowcount or 0)
