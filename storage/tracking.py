"""SQL repositories for what happens around key results: check-ins and the prompts that ask for
them, change requests, tasks, dependencies and the audit log. Same conventions as
`storage.repositories`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import aliased

from bot.model import (
    AuditEntry,
    ChangeRequest,
    ChangeStatus,
    CheckIn,
    CheckInPrompt,
    Dependency,
    Owner,
    PromptKind,
    PromptStatus,
    RetroAnswer,
    Task,
)
from storage.repositories import SqlRepository, chunks, dialect_insert
from storage.schema import (
    AuditEntryRow,
    ChangeRequestRow,
    CheckInRow,
    DependencyRow,
    FocusRow,
    KeyResultRow,
    ObjectiveRow,
    PromptRow,
    RetroAnswerRow,
    TaskRow,
)


def _check_in(row: CheckInRow) -> CheckIn:
    return CheckIn(
        tenant=row.tenant,
        kr_id=row.kr_id,
        objective_id=row.objective_id,
        author=row.author,
        at=row.at,
        value=row.value,
        previous_value=row.previous_value,
        confidence=row.confidence,
        previous_confidence=row.previous_confidence,
        blocked=row.blocked,
        comment=row.comment,
        source=row.source,
        undone=row.undone,
        id=row.id,
    )


class SqlCheckIns(SqlRepository):
    def add(self, check_in: CheckIn) -> None:
        """Stores the check-in and sets its `id`, as the fake does."""
        row = CheckInRow(
            tenant=check_in.tenant,
            kr_id=check_in.kr_id,
            objective_id=check_in.objective_id,
            author=check_in.author,
            at=check_in.at,
            value=check_in.value,
            previous_value=check_in.previous_value,
            confidence=check_in.confidence,
            previous_confidence=check_in.previous_confidence,
            blocked=check_in.blocked,
            comment=check_in.comment,
            source=check_in.source,
            undone=check_in.undone,
        )
        self._session.add(row)
        self._session.flush()  # the database assigns the id
        check_in.id = row.id

    def get(self, tenant: str, check_in_id: int) -> CheckIn | None:
        row = self._session.get(CheckInRow, check_in_id)
        return None if row is None or row.tenant != tenant else _check_in(row)

    def mark_undone(self, tenant: str, check_in_ids: Sequence[int]) -> None:
        self._session.execute(
            update(CheckInRow)
            .where(CheckInRow.tenant == tenant, CheckInRow.id.in_(check_in_ids))
            .values(undone=True)
        )

    def of_key_result(self, tenant: str, kr_id: str) -> Sequence[CheckIn]:
        """Oldest first."""
        rows = self._session.scalars(
            select(CheckInRow)
            .where(CheckInRow.tenant == tenant, CheckInRow.kr_id == kr_id)
            .order_by(CheckInRow.at, CheckInRow.id)
        )
        return [_check_in(row) for row in rows]

    def last_at(self, tenant: str, kr_ids: Sequence[str]) -> Mapping[str, datetime]:
        rows = self._session.execute(
            select(CheckInRow.kr_id, func.max(CheckInRow.at))
            .where(
                CheckInRow.tenant == tenant,
                CheckInRow.kr_id.in_(kr_ids),
                CheckInRow.undone.is_(False),
            )
            .group_by(CheckInRow.kr_id)
        )
        return {kr_id: at for kr_id, at in rows}

    def of_owners(
        self, tenant: str, owners: Sequence[Owner], period: str, after: datetime
    ) -> Sequence[CheckIn]:
        # Through the KRs, so that each KR's check-ins come from the (tenant, kr_id, at) index.
        rows = self._session.scalars(
            select(CheckInRow)
            .join(
                KeyResultRow,
                (KeyResultRow.tenant == CheckInRow.tenant) & (KeyResultRow.id == CheckInRow.kr_id),
            )
            .join(
                ObjectiveRow,
                (ObjectiveRow.tenant == KeyResultRow.tenant)
                & (ObjectiveRow.id == KeyResultRow.objective_id),
            )
            .where(
                ObjectiveRow.tenant == tenant,
                ObjectiveRow.owner.in_([str(owner) for owner in owners]),
                ObjectiveRow.period == period,
                CheckInRow.at > after,
                CheckInRow.undone.is_(False),
            )
            .order_by(CheckInRow.at, CheckInRow.id)
        )
        return [_check_in(row) for row in rows]


def _prompt(row: PromptRow) -> CheckInPrompt:
    return CheckInPrompt(
        tenant=row.tenant,
        id=row.id,
        person=row.person,
        kr_ids=list(row.kr_ids),
        sent_at=row.sent_at,
        platform=row.platform,
        channel=row.channel,
        message_id=row.message_id,
        status=PromptStatus(row.status),
        answered_at=row.answered_at,
        check_in_ids=list(row.check_in_ids),
        kind=PromptKind(row.kind),
    )


def _prompt_columns(prompt: CheckInPrompt) -> dict[str, Any]:
    return {
        "tenant": prompt.tenant,
        "id": prompt.id,
        "person": prompt.person,
        "kr_ids": list(prompt.kr_ids),
        "sent_at": prompt.sent_at,
        "platform": prompt.platform,
        "channel": prompt.channel,
        "message_id": prompt.message_id,
        "status": PromptStatus(prompt.status).value,
        "answered_at": prompt.answered_at,
        "check_in_ids": list(prompt.check_in_ids),
        "kind": PromptKind(prompt.kind).value,
    }


# The order of a person's prompts, the most recently sent first (the same time: greater id).
_LATEST_FIRST = (PromptRow.sent_at.desc(), PromptRow.id.desc())


class SqlPrompts(SqlRepository):
    def get(self, tenant: str, prompt_id: str) -> CheckInPrompt | None:
        row = self._row(PromptRow, tenant, prompt_id)
        return None if row is None else _prompt(row)

    def get_many(self, tenant: str, prompt_ids: Sequence[str]) -> Mapping[str, CheckInPrompt]:
        found: dict[str, CheckInPrompt] = {}
        for some in chunks(prompt_ids):
            rows = self._session.scalars(
                select(PromptRow).where(PromptRow.tenant == tenant, PromptRow.id.in_(some))
            )
            found.update((row.id, _prompt(row)) for row in rows)
        return found

    def latest_for(
        self, tenant: str, person_id: str, kind: PromptKind = PromptKind.CHECK_IN
    ) -> CheckInPrompt | None:
        """The prompt of that kind most recently sent to this person."""
        row = self._session.scalar(
            select(PromptRow)
            .where(
                PromptRow.tenant == tenant,
                PromptRow.person == person_id,
                PromptRow.kind == kind.value,
            )
            .order_by(*_LATEST_FIRST)
            .limit(1)
        )
        return None if row is None else _prompt(row)

    def latest_for_many(
        self, tenant: str, person_ids: Sequence[str], kind: PromptKind = PromptKind.CHECK_IN
    ) -> Mapping[str, CheckInPrompt]:
        """`latest_for` for each person: their prompts ranked in its order, the first kept."""
        found: dict[str, CheckInPrompt] = {}
        for some in chunks(person_ids):
            ranked = (
                select(
                    PromptRow,
                    func.row_number()
                    .over(partition_by=PromptRow.person, order_by=_LATEST_FIRST)
                    .label("rank"),
                )
                .where(
                    PromptRow.tenant == tenant,
                    PromptRow.person.in_(some),
                    PromptRow.kind == kind.value,
                )
                .subquery()
            )
            latest = aliased(PromptRow, ranked)
            rows = self._session.scalars(select(latest).where(ranked.c.rank == 1))
            found.update((row.person, _prompt(row)) for row in rows)
        return found

    def save_many(self, prompts: Sequence[CheckInPrompt]) -> None:
        """One upsert for the batch: new prompts inserted, ones already stored (a fan-out
        driven again) updated."""
        if not prompts:
            return
        statement = dialect_insert(self._session, PromptRow)
        statement = statement.on_conflict_do_update(
            index_elements=[PromptRow.tenant, PromptRow.id],
            set_={
                name: statement.excluded[name]
                for name in _prompt_columns(prompts[0])
                if name not in ("tenant", "id")
            },
        )
        self._session.execute(statement, [_prompt_columns(p) for p in prompts])

    def last_sent(
        self, tenant: str, person_ids: Sequence[str], before: datetime
    ) -> Mapping[str, datetime]:
        rows = self._session.execute(
            select(PromptRow.person, func.max(PromptRow.sent_at))
            .where(
                PromptRow.tenant == tenant,
                PromptRow.person.in_(person_ids),
                PromptRow.sent_at < before,
                PromptRow.kind == PromptKind.CHECK_IN.value,
            )
            .group_by(PromptRow.person)
        )
        return {person: at for person, at in rows}

    def save(self, prompt: CheckInPrompt) -> None:
        self._upsert(PromptRow(**_prompt_columns(prompt)))


def _change_request(row: ChangeRequestRow) -> ChangeRequest:
    return ChangeRequest(
        tenant=row.tenant,
        id=row.id,
        objective_id=row.objective_id,
        kr_id=row.kr_id,
        requested_by=row.requested_by,
        changes=dict(row.changes),
        reason=row.reason,
        created_at=row.created_at,
        status=ChangeStatus(row.status),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        note=row.note,
    )


class SqlChangeRequests(SqlRepository):
    def get(self, tenant: str, request_id: str) -> ChangeRequest | None:
        row = self._row(ChangeRequestRow, tenant, request_id)
        return None if row is None else _change_request(row)

    def save(self, request: ChangeRequest) -> None:
        self._upsert(
            ChangeRequestRow(
                tenant=request.tenant,
                id=request.id,
                objective_id=request.objective_id,
                kr_id=request.kr_id,
                requested_by=request.requested_by,
                changes=dict(request.changes),
                reason=request.reason,
                created_at=request.created_at,
                status=ChangeStatus(request.status).value,
                decided_by=request.decided_by,
                decided_at=request.decided_at,
                note=request.note,
            )
        )

    def pending(self, tenant: str) -> Sequence[ChangeRequest]:
        rows = self._session.scalars(
            select(ChangeRequestRow)
            .where(
                ChangeRequestRow.tenant == tenant,
                ChangeRequestRow.status == ChangeStatus.PENDING.value,
            )
            .order_by(ChangeRequestRow.created_at, ChangeRequestRow.id)
        )
        return [_change_request(row) for row in rows]

    def of_objective(self, tenant: str, objective_id: str) -> Sequence[ChangeRequest]:
        rows = self._session.scalars(
            select(ChangeRequestRow)
            .where(ChangeRequestRow.tenant == tenant, ChangeRequestRow.objective_id == objective_id)
            .order_by(ChangeRequestRow.created_at, ChangeRequestRow.id)
        )
        return [_change_request(row) for row in rows]


class SqlTasks(SqlRepository):
    def save(self, task: Task) -> None:
        self._upsert(
            TaskRow(
                tenant=task.tenant,
                id=task.id,
                kr_id=task.kr_id,
                title=task.title,
                assignee=task.assignee,
                done=task.done,
                due=task.due,
            )
        )

    def get(self, tenant: str, task_id: str) -> Task | None:
        row = self._row(TaskRow, tenant, task_id)
        return None if row is None else _task(row)

    def of_key_result(self, tenant: str, kr_id: str) -> Sequence[Task]:
        rows = self._session.scalars(
            select(TaskRow)
            .where(TaskRow.tenant == tenant, TaskRow.kr_id == kr_id)
            .order_by(TaskRow.id)
        )
        return [_task(row) for row in rows]

    def of_key_results(self, tenant: str, kr_ids: Sequence[str]) -> Sequence[Task]:
        found = [
            _task(row)
            for some in chunks(kr_ids)
            for row in self._session.scalars(
                select(TaskRow).where(TaskRow.tenant == tenant, TaskRow.kr_id.in_(some))
            )
        ]
        return sorted(found, key=lambda task: task.id)

    def of_assignee(self, tenant: str, person_id: str) -> Sequence[Task]:
        rows = self._session.scalars(
            select(TaskRow)
            .where(TaskRow.tenant == tenant, TaskRow.assignee == person_id)
            .order_by(TaskRow.id)
        )
        return [_task(row) for row in rows]


def _task(row: TaskRow) -> Task:
    return Task(row.tenant, row.id, row.kr_id, row.title, row.assignee, row.done, row.due)


class SqlDependencies(SqlRepository):
    def save(self, dependency: Dependency) -> None:
        self._upsert(
            DependencyRow(
                tenant=dependency.tenant,
                id=dependency.id,
                kr_id=dependency.kr_id,
                on_owner=str(dependency.on_owner),
                on_kr_id=dependency.on_kr_id,
                note=dependency.note,
            )
        )

    def of_key_results(self, tenant: str, kr_ids: Sequence[str]) -> Sequence[Dependency]:
        """What these KRs depend on."""
        return self._matching(tenant, DependencyRow.kr_id.in_(kr_ids))

    def on_owner(self, tenant: str, owner: Owner) -> Sequence[Dependency]:
        """What others depend on `owner` for."""
        return self._matching(tenant, DependencyRow.on_owner == str(owner))

    def _matching(self, tenant: str, condition: ColumnElement[bool]) -> list[Dependency]:
        rows = self._session.scalars(
            select(DependencyRow)
            .where(DependencyRow.tenant == tenant, condition)
            .order_by(DependencyRow.id)
        )
        return [
            Dependency(
                row.tenant, row.id, row.kr_id, Owner.parse(row.on_owner), row.on_kr_id, row.note
            )
            for row in rows
        ]


class SqlAudit(SqlRepository):
    def add(self, entry: AuditEntry) -> None:
        """Stores the entry and sets its `id`, as the fake does."""
        row = AuditEntryRow(
            tenant=entry.tenant,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            subject=entry.subject,
            detail=dict(entry.detail),
        )
        self._session.add(row)
        self._session.flush()  # the database assigns the id
        entry.id = row.id

    def of_subject(self, tenant: str, subject: str) -> Sequence[AuditEntry]:
        """Oldest first."""
        rows = self._session.scalars(
            select(AuditEntryRow)
            .where(AuditEntryRow.tenant == tenant, AuditEntryRow.subject == subject)
            .order_by(AuditEntryRow.at, AuditEntryRow.id)
        )
        return [
            AuditEntry(
                row.tenant, row.at, row.actor, row.action, row.subject, dict(row.detail), row.id
            )
            for row in rows
        ]


class SqlRetros(SqlRepository):
    def save(self, answer: RetroAnswer) -> None:
        self._session.merge(
            RetroAnswerRow(
                tenant=answer.tenant,
                period=answer.period,
                person=answer.person,
                text=answer.text,
                at=answer.at,
            )
        )

    def of_period(self, tenant: str, period: str) -> Sequence[RetroAnswer]:
        rows = self._session.scalars(
            select(RetroAnswerRow)
            .where(RetroAnswerRow.tenant == tenant, RetroAnswerRow.period == period)
            .order_by(RetroAnswerRow.person)
        )
        return [RetroAnswer(r.tenant, r.period, r.person, r.text, r.at) for r in rows]


class SqlFocus(SqlRepository):
    def of(self, tenant: str, person: str) -> str | None:
        row = self._row(FocusRow, tenant, person)
        return None if row is None else row.objective_id

    def set(self, tenant: str, person: str, objective_id: str, at: datetime) -> None:
        self._session.merge(
            FocusRow(tenant=tenant, person=person, objective_id=objective_id, at=at)
        )
