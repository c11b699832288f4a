"""Executing key results: action plans of tasks, and dependencies between people's KRs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import access
from bot.errors import OkrError
from bot.model import Dependency, KeyResult, Owner, Task
from bot.ports import Clock, UnitOfWork


def add_task(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    kr_id: str,
    title: str,
    assignee: str | None = None,
    due: date | None = None,
) -> Task:
    with uow:
        acting = access.person(uow, tenant, actor)
        objective, _ = access.key_result(uow, tenant, kr_id)
        access.require_edit(uow, acting, objective, kr_id)
        if assignee is not None:
            access.person(uow, tenant, assignee)
        number = len(uow.tasks.of_key_result(tenant, kr_id)) + 1
        task = Task(tenant, f"t-{kr_id}-{number}", kr_id, title.strip(), assignee, due=due)
        uow.tasks.save(task)
        access.audit(uow, clock.now(), acting, "task.added", kr_id, task=task.id, title=task.title)
        uow.commit()
    return task


def complete_task(uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, task_id: str) -> Task:
    """The assignee, or whoever may edit the KR, marks a task done."""
    with uow:
        acting = access.person(uow, tenant, actor)
        task = uow.tasks.get(tenant, task_id)
        if task is None:
            raise OkrError("unknown_task", task=task_id)
        if acting.id != task.assignee:
            objective, _ = access.key_result(uow, tenant, task.kr_id)
            access.require_edit(uow, acting, objective, task_id)
        if task.done:
            raise OkrError("task_already_done", task=task_id)
        task.done = True
        uow.tasks.save(task)
        access.audit(uow, clock.now(), acting, "task.done", task.kr_id, task=task_id)
        uow.commit()
    return task


@dataclass(frozen=True)
class Plan:
    """A person's action plan: the tasks given to them, and the tasks on their own KRs."""

    assigned: tuple[tuple[Task, KeyResult], ...]
    on_their_krs: tuple[tuple[Task, KeyResult], ...]  # given to others, or to nobody


def plan_of(uow: UnitOfWork, *, tenant: str, person_id: str) -> Plan:
    with uow:
        person = access.person(uow, tenant, person_id)
        period = access.default_period(uow, tenant)
        assigned = [
            (t, kr)
            for t in uow.tasks.of_assignee(tenant, person.id)
            if (kr := _kr(uow, tenant, t.kr_id)) is not None
        ]
        mine = [
            (t, kr)
            for o in uow.objectives.of_owner(tenant, Owner(person.id), period)
            for kr in o.key_results
            for t in uow.tasks.of_key_result(tenant, kr.id)
            if t.assignee != person.id
        ]
    return Plan(tuple(assigned), tuple(mine))


def _kr(uow: UnitOfWork, tenant: str, kr_id: str) -> KeyResult | None:
    holder = uow.objectives.with_key_result(tenant, kr_id)
    return holder.key_result(kr_id) if holder else None


def add_dependency(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    kr_id: str,
    on: str | None = None,
    on_kr_id: str | None = None,
    note: str = "",
) -> Dependency:
    """Record that `kr_id` depends on a person or team (`on`), or on one of their KRs (whose
    owner it then is).

    A dependency with no matching KR on the other side is kept and flagged (see `Dependencies`).
    """
    with uow:
        acting = access.person(uow, tenant, actor)
        objective, _ = access.key_result(uow, tenant, kr_id)
        access.require_edit(uow, acting, objective, kr_id)
        if on is None and on_kr_id is None:
            raise OkrError("dependency_needs_other_side", key_result=kr_id)
        on_owner = Owner.parse(on) if on is not None else None
        if on_kr_id is not None:
            theirs, _ = access.key_result(uow, tenant, on_kr_id)
            if on_owner is not None and theirs.owner != on_owner:
                raise OkrError("dependency_owner_mismatch", key_result=on_kr_id, owner=on)
            on_owner = theirs.owner
        assert on_owner is not None
        _check_owner_exists(uow, tenant, on_owner)
        if on_owner == objective.owner:
            raise OkrError("dependency_on_oneself", key_result=kr_id)
        number = len(uow.dependencies.of_key_results(tenant, [kr_id])) + 1
        dependency = Dependency(tenant, f"d-{kr_id}-{number}", kr_id, on_owner, on_kr_id, note)
        uow.dependencies.save(dependency)
        access.audit(
            uow, clock.now(), acting, "dependency.added", kr_id, on=str(on_owner), on_kr=on_kr_id
        )
        uow.commit()
    return dependency


@dataclass(frozen=True)
class Dependencies:
    """Who a person depends on, and who depends on them, for one period."""

    mine: tuple[Dependency, ...]
    on_me: tuple[Dependency, ...]

    @property
    def unmatched(self) -> tuple[Dependency, ...]:
        """Dependencies with no KR on the other side: someone has not planned for them."""
        return tuple(d for d in (*self.mine, *self.on_me) if d.on_kr_id is None)


def dependencies_of(uow: UnitOfWork, *, tenant: str, person_id: str, period: str) -> Dependencies:
    with uow:
        access.person(uow, tenant, person_id)
        owner = Owner(person_id)
        kr_ids = [
            kr.id for o in uow.objectives.of_owner(tenant, owner, period) for kr in o.key_results
        ]
        mine = uow.dependencies.of_key_results(tenant, kr_ids)
        on_me = uow.dependencies.on_owner(tenant, owner)
    return Dependencies(tuple(mine), tuple(on_me))


def _check_owner_exists(uow: UnitOfWork, tenant: str, owner: Owner) -> None:
    if owner.is_team:
        if uow.teams.get(tenant, owner.id) is None:
            raise OkrError("unknown_team", team=owner.id)
    else:
        access.person(uow, tenant, owner.id)
