"""`bot.ports.Deliveries` over SQL: cadence schedules, claims and the delivery log, and leave.

Every method is its own short transaction, committed before it returns, so that a claim holds
before anything is sent. Winners are decided by the database, never by reading first:
a claim is `INSERT ... ON CONFLICT DO NOTHING RETURNING` (psycopg reports no row count for
those, so the returned row is the signal), a takeover and a schedule's advance are
`UPDATE ... WHERE <the state we saw> RETURNING`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.model import CadencePost, CadenceSchedule, Delivery, DeliveryStatus, StandupAnswer
from storage.repositories import SqlRepository, chunks, columns_of, dialect_insert
from storage.schema import (
    CadencePostRow,
    CadenceScheduleRow,
    DeliveryRow,
    LeaveRow,
    StandupAnswerRow,
    TenantRow,
)

_TAKEN_OVER = (DeliveryStatus.CLAIMED.value, DeliveryStatus.OPEN.value, DeliveryStatus.RETRY.value)


class SqlDeliveries:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def tenants(self) -> Sequence[str]:
        with self._sessions() as session:
            return list(session.scalars(select(TenantRow.tenant).order_by(TenantRow.tenant)))

    def schedules(self, tenant: str) -> Sequence[CadenceSchedule]:
        with self._sessions() as session:
            rows = session.scalars(
                select(CadenceScheduleRow)
                .where(CadenceScheduleRow.tenant == tenant)
                .order_by(CadenceScheduleRow.team, CadenceScheduleRow.cadence)
            )
            return [_schedule(row) for row in rows]

    def add_schedule(self, schedule: CadenceSchedule) -> None:
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
        table = DeliveryRow.__table__
        c = table.c
        statement = (
            update(table)
            .where(
                c.tenant == bindparam("k_tenant"),
                c.cadence == bindparam("k_cadence"),
                c.target == bindparam("k_target"),
                c.occurrence == bindparam("k_occurrence"),
                c.owner == bindparam("k_owner"),
                or_(*(c.status == status for status in _TAKEN_OVER)),
            )  # no IN: executemany
            .values({name: bindparam(f"v_{name}") for name in _OUTCOME})
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
            return None if row is None else _delivery(row)

    def stalled(self, now: datetime) -> Sequence[Delivery]:
        with self._sessions() as session:
            rows = session.execute(
                select(*columns_of(DeliveryRow))
                .where(
                    DeliveryRow.status == DeliveryStatus.OPEN.value, DeliveryRow.lease_until <= now
                )
                .order_by(DeliveryRow.occurrence)
            )
            return [_delivery(row) for row in rows]

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
            return [_delivery(row) for row in rows]

    def of_person(self, tenant: str, person: str, since: datetime) -> Sequence[Delivery]:
        with self._sessions() as session:
            rows = session.execute(
                select(*columns_of(DeliveryRow))
                .where(
                    DeliveryRow.tenant == tenant,
                    DeliveryRow.person == person,
                    DeliveryRow.occurrence >= since,
                )
                .order_by(DeliveryRow.occurrence, DeliveryRow.cadence, DeliveryRow.target)
            )
            return [_delivery(row) for row in rows]

    def times_sent(
        self, tenant: str, cadence: str, person_ids: Sequence[str], since: datetime
    ) -> Mapping[str, int]:
        found: dict[str, int] = {}
        with self._sessions() as session:
            for some in chunks(person_ids):
                rows = session.execute(
                    select(DeliveryRow.person, func.count())
                    .where(
                        DeliveryRow.tenant == tenant,
                        DeliveryRow.person.in_(some),
                        DeliveryRow.occurrence >= since,
                        DeliveryRow.cadence == cadence,
                        DeliveryRow.status == DeliveryStatus.SENT.value,
                    )
                    .group_by(DeliveryRow.person)
                )
                found.update((person, count) for person, count in rows if person is not None)
        return found

    def set_leave(self, tenant: str, person: str, until: date | None) -> None:
        with self._sessions.begin() as session:
            session.execute(
                delete(LeaveRow).where(LeaveRow.tenant == tenant, LeaveRow.person == person)
            )
            if until is not None:
                session.add(LeaveRow(tenant=tenant, person=person, until=until))

    def leaves(self, tenant: str) -> Mapping[str, date]:
        with self._sessions() as session:
            rows = session.execute(
                select(LeaveRow.person, LeaveRow.until).where(LeaveRow.tenant == tenant)
            )
            return {person: until for person, until in rows}

    def leave_until(self, tenant: str, person: str) -> date | None:
        with self._sessions() as session:
            row = session.get(LeaveRow, (tenant, person))
            return None if row is None else row.until


_KEY = ("tenant", "cadence", "target", "occurrence")
_OUTCOME = ("status", "attempts", "lease_until", "updated_at", "detail", "channel", "message_id")


class SqlLeaves(SqlRepository):
    """`bot.ports.LeaveRepository` inside a unit of work (a leave said in a check-in answer is
    recorded with the answer)."""

    def until(self, tenant: str, person: str) -> date | None:
        row = self._session.get(LeaveRow, (tenant, person))
        return None if row is None else row.until

    def set(self, tenant: str, person: str, until: date | None) -> None:
        self._session.execute(
            delete(LeaveRow).where(LeaveRow.tenant == tenant, LeaveRow.person == person)
        )
        if until is not None:
            self._session.add(LeaveRow(tenant=tenant, person=person, until=until))


class SqlStandups(SqlRepository):
    """`bot.ports.StandupRepository` inside a unit of work."""

    def add_post(self, post: CadencePost) -> None:
        self._session.merge(
            CadencePostRow(
                tenant=post.tenant,
                platform=post.platform,
                channel=post.channel,
                message_id=post.message_id,
                cadence=post.cadence,
                team=post.team,
                day=post.day,
                sent_at=post.sent_at,
                person=post.person,
            )
        )

    def post_at(
        self, tenant: str, platform: str, channel: str, message_id: str
    ) -> CadencePost | None:
        row = self._session.get(CadencePostRow, (tenant, platform, channel, message_id))
        return None if row is None else _post(row)

    def latest_dm(self, tenant: str, person: str, cadence: str) -> CadencePost | None:
        row = self._session.scalar(
            select(CadencePostRow)
            .where(
                CadencePostRow.tenant == tenant,
                CadencePostRow.person == person,
                CadencePostRow.cadence == cadence,
            )
            .order_by(CadencePostRow.sent_at.desc())
            .limit(1)
        )
        return None if row is None else _post(row)

    def answer(self, answer: StandupAnswer) -> None:
        self._session.merge(
            StandupAnswerRow(
                tenant=answer.tenant,
                team=answer.team,
                day=answer.day,
                person=answer.person,
                yesterday=answer.yesterday,
                today=answer.today,
                blockers=answer.blockers,
                kr_id=answer.kr_id,
                at=answer.at,
            )
        )

    def answers(self, tenant: str, team: str, day: date) -> Sequence[StandupAnswer]:
        rows = self._session.scalars(
            select(StandupAnswerRow)
            .where(
                StandupAnswerRow.tenant == tenant,
                StandupAnswerRow.team == team,
                StandupAnswerRow.day == day,
            )
            .order_by(StandupAnswerRow.person)
        )
        return [
            StandupAnswer(
                r.tenant, r.team, r.day, r.person, r.yesterday, r.today, r.blockers, r.at, r.kr_id
            )
            for r in rows
        ]


def _post(row: CadencePostRow) -> CadencePost:
    return CadencePost(
        row.tenant,
        row.cadence,
        row.team,
        row.day,
        row.platform,
        row.channel,
        row.message_id,
        row.sent_at,
        row.person,
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


def _delivery(row: Any) -> Delivery:
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
