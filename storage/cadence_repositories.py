"""Cadence data inside a unit of work: leave, where cadence prompts were posted, standup
answers, and the delivery log as the core reads it (`jobs/` writes it through the claims)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select

from bot.model import CadencePost, Delivery, DeliveryStatus, StandupAnswer
from storage.claims import delivery_of
from storage.repositories import SqlRepository, chunks, columns_of
from storage.schema import CadencePostRow, DeliveryRow, LeaveRow, StandupAnswerRow


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

    def of_tenant(self, tenant: str) -> Mapping[str, date]:
        rows = self._session.execute(
            select(LeaveRow.person, LeaveRow.until).where(LeaveRow.tenant == tenant)
        )
        return {person: until for person, until in rows}


class SqlCadencePosts(SqlRepository):
    """`bot.ports.CadencePostRepository` inside a unit of work."""

    def add(self, post: CadencePost) -> None:
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

    def at(self, tenant: str, platform: str, channel: str, message_id: str) -> CadencePost | None:
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


class SqlStandupAnswers(SqlRepository):
    """`bot.ports.StandupAnswerRepository` inside a unit of work."""

    def save(self, answer: StandupAnswer) -> None:
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

    def of_day(self, tenant: str, team: str, day: date) -> Sequence[StandupAnswer]:
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


class SqlDeliveryLog(SqlRepository):
    """`bot.ports.DeliveryLog` inside a unit of work."""

    def of_person(self, tenant: str, person: str, since: datetime) -> Sequence[Delivery]:
        rows = self._session.execute(
            select(*columns_of(DeliveryRow))
            .where(
                DeliveryRow.tenant == tenant,
                DeliveryRow.person == person,
                DeliveryRow.occurrence >= since,
            )
            .order_by(DeliveryRow.occurrence, DeliveryRow.cadence, DeliveryRow.target)
        )
        return [delivery_of(row) for row in rows]

    def times_sent(
        self, tenant: str, cadence: str, person_ids: Sequence[str], since: datetime
    ) -> Mapping[str, int]:
        found: dict[str, int] = {}
        for some in chunks(person_ids):
            rows = self._session.execute(
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
