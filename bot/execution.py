"""Executing key results: action plans of tasks, and dependencies between people's KRs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import access
from bot.errors import OkrError
from bot.model import Dependency, Owner, Task
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


def complete_task(
    uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, kr_id: str, task_id: str
) -> Task:
    with uow:
        acting = access.person(uow, tenant, actor)
        task = next((t for t in uow.tasks.of_key_result(tenant, kr_id) if t.id == task_id), None)
        if task is None:
            raise OkrError("unknown_task", task=task_id)
        if acting.id != task.assignee:
            objective, _ = access.key_result(uow, tenant, kr_id)
            access.require_edit(uow, acting, objective, task_id)
        task.done = True
        uow.tasks.save(task)
        access.audit(uow, clock.now(), acting, "task.done", kr_id, task=task_id)
        uow.commit()
    return task


def add_dependency(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    kr_id: str,
    on: str,
    on_kr_id: str | None = None,
    note: str = "",
) -> Dependency:
    """Record that `kr_id` depends on a person or team (`on`), and on which of their KRs.

    A dependency with no matching KR on the other side is kept and flagged (see `Dependencies`).
    """
    with uow:
        acting = access.person(uow, tenant, actor)
        objective, _ = access.key_result(uow, tenant, kr_id)
        access.require_edit(uow, acting, objective, kr_id)
        on_owner = Owner.parse(on)
        _check_owner_exists(uow, tenant, on_owner)
        if on_kr_id is not None:
            theirs, _ = access.key_result(uow, tenant, on_kr_id)
            if theirs.owner != on_owner:
                raise OkrError("dependency_owner_mismatch", key_result=on_kr_id, owner=on)
        number = len(uow.dependencies.of_key_results(tenant, [kr_id])) + 1
        dependency = Dependency(tenant, f"d-{kr_id}-{number}", kr_id, on_owner, on_kr_id, note)
        uow.dependencies.save(dependency)
        access.audit(uow, clock.now(), acting, "dependency.added", kr_id, on=on, on_kr=on_kr_id)
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
