"""Read-only use cases: anyone's OKRs, a team's OKRs, the alignment tree, the bottom-up share.

Everyone in a workspace may view everyone's OKRs, so these take no actor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import access
from bot.errors import OkrError
from bot.model import Objective, Origin, Owner, Person, Task, Team
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class OwnerOkrs:
    """One owner's objectives (with their KRs) in one period."""

    period: str
    objectives: tuple[Objective, ...]


@dataclass(frozen=True)
class PersonOkrs(OwnerOkrs):
    person: Person


@dataclass(frozen=True)
class TeamOkrs(OwnerOkrs):
    team: Team


@dataclass(frozen=True)
class Plans:
    """The action plan and dependencies of some KRs, by KR id."""

    tasks: Mapping[str, tuple[Task, ...]]
    depends_on: Mapping[str, tuple[str, ...]]  # the KRs each depends on, where matched


def plans_of(uow: UnitOfWork, *, tenant: str, objectives: Sequence[Objective]) -> Plans:
    kr_ids = [kr.id for o in objectives for kr in o.key_results]
    with uow:
        tasks = {kr_id: tuple(uow.tasks.of_key_result(tenant, kr_id)) for kr_id in kr_ids}
        dependencies = uow.dependencies.of_key_results(tenant, kr_ids)
    depends_on: dict[str, list[str]] = {kr_id: [] for kr_id in kr_ids}
    for dependency in dependencies:
        if dependency.on_kr_id is not None:
            depends_on[dependency.kr_id].append(dependency.on_kr_id)
    return Plans(tasks, {kr_id: tuple(ids) for kr_id, ids in depends_on.items()})


def person_okrs(
    uow: UnitOfWork, *, tenant: str, person_id: str, period: str | None = None
) -> PersonOkrs:
    with uow:
        period_name = period or access.default_period(uow, tenant)
        person = access.person(uow, tenant, person_id)
        objectives = uow.objectives.of_owner(tenant, Owner(person.id), period_name)
    return PersonOkrs(period_name, tuple(objectives), person)


def team_okrs(uow: UnitOfWork, *, tenant: str, team_id: str, period: str | None = None) -> TeamOkrs:
    with uow:
        team = uow.teams.get(tenant, team_id)
        if team is None:
            raise OkrError("unknown_team", team=team_id)
        period_name = period or access.default_period(uow, tenant)
        objectives = uow.objectives.of_owner(tenant, Owner(team.id, is_team=True), period_name)
    return TeamOkrs(period_name, tuple(objectives), team)


@dataclass(frozen=True)
class AlignmentNode:
    objective: Objective
    children: tuple[AlignmentNode, ...]


@dataclass(frozen=True)
class AlignmentTree:
    period: str
    roots: tuple[AlignmentNode, ...]
    bottom_up_share: float  # of the period's objectives; the method asks for more than half


def alignment_tree(uow: UnitOfWork, *, tenant: str, period: str | None = None) -> AlignmentTree:
    """The period's objectives under what they align to, from the company down.

    Parents from other periods (annual objectives above quarterly ones) are shown too."""
    with uow:
        period_name = period or access.default_period(uow, tenant)
        in_period = list(uow.objectives.in_period(tenant, period_name))
        by_id = {o.id: o for o in in_period}
        pending = [o.parent for o in in_period if o.parent and o.parent not in by_id]
        while pending:
            parent_id = pending.pop()
            if parent_id in by_id:
                continue
            parent = uow.objectives.get(tenant, parent_id)
            if parent is not None:
                by_id[parent.id] = parent
                if parent.parent and parent.parent not in by_id:
                    pending.append(parent.parent)
    children: dict[str | None, list[Objective]] = {}
    for objective in by_id.values():
        parent_key = objective.parent if objective.parent in by_id else None
        children.setdefault(parent_key, []).append(objective)

    def grow(objective: Objective, seen: frozenset[str]) -> AlignmentNode:
        below = [c for c in children.get(objective.id, []) if c.id not in seen]
        return AlignmentNode(
            objective, tuple(grow(c, seen | {c.id}) for c in _cascade_order(below))
        )

    roots = tuple(grow(o, frozenset({o.id})) for o in _cascade_order(children.get(None, [])))
    return AlignmentTree(period_name, roots, bottom_up_share(in_period))


def bottom_up_share(objectives: Sequence[Objective]) -> float:
    """The share of objectives that came from the people who own them (0 with none)."""
    if not objectives:
        return 0.0
    return sum(o.origin is Origin.BOTTOM_UP for o in objectives) / len(objectives)


_LEVEL_ORDER = {"company": 0, "department": 1, "team": 2, "person": 3}


def _cascade_order(objectives: Sequence[Objective]) -> list[Objective]:
    return sorted(objectives, key=lambda o: (_LEVEL_ORDER[o.level.value], o.id))
