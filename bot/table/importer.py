"""Importing an OKR table: all or nothing.

The file is read and checked first (`read_table`), then checked against what the workspace
already holds, then written in one unit of work. A refusal names the entry and the problem
and leaves the database as it was."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.ids import first_free, key_result_stem, objective_stem
from bot.model import AuditEntry, KeyResult, Objective, Owner, Person, Team, Tenant
from bot.objectives import level_of
from bot.ports import Clock, UnitOfWork
from bot.rules import DEFAULT_LIMITS, Limits, ancestors, too_many_objectives
from bot.table.reader import Table, TableError, read_table


@dataclass(frozen=True)
class ImportSummary:
    people: int
    teams: int
    objectives: int
    key_results: int
    warnings: tuple[str, ...]


def import_table(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    data: object,
    platforms: Sequence[str],
    actor: str = "import",
    limits: Limits = DEFAULT_LIMITS,
) -> ImportSummary:
    """`platforms`: the chat platforms whose user ids and channels the table lists."""
    table = read_table(data, tenant=tenant, platforms=platforms, limits=limits)
    with uow:
        people = {p.id: p for p in uow.people.list(tenant)} | {p.id: p for p in table.people}
        teams = {t.id: t for t in uow.teams.list(tenant)} | {t.id: t for t in table.teams}
        _check_people(table.people, people)
        _check_teams(table.teams, teams, people)
        uow.tenants.save(Tenant(tenant, table.period.name, table.timezone))
        for period in table.periods:
            uow.periods.save(tenant, period)
        for person in table.people:
            uow.people.save(person)
        for team in table.teams:
            uow.teams.save(team)
        objectives = _resolve_objectives(uow, tenant, table, people, teams)
        for objective in objectives:
            uow.objectives.save(objective)
        uow.audit.add(_imported_entry(tenant, clock, actor, table))
        warnings = _warnings(uow, tenant, objectives, limits)
        uow.commit()
    return ImportSummary(
        people=len(table.people),
        teams=len(table.teams),
        objectives=len(objectives),
        key_results=sum(len(o.key_results) for o in objectives),
        warnings=warnings,
    )


def _check_people(incoming: tuple[Person, ...], people: dict[str, Person]) -> None:
    owners: dict[tuple[str, str], str] = {}
    for person in people.values():
        for platform, platform_id in person.platform_ids.items():
            other = owners.setdefault((platform, platform_id), person.id)
            if other != person.id:
                raise TableError(
                    f"person '{person.id}'",
                    f"{platform} id '{platform_id}' already belongs to '{other}'",
                )
    for person in incoming:
        entry = f"person '{person.id}'"
        if person.manager is None:
            continue
        if person.manager not in people:
            raise TableError(entry, f"manager '{person.manager}' is not a person in the table")

        def manager_of(pid: str) -> str | None:
            return people[pid].manager if pid in people else None

        if person.id in ancestors(person.manager, manager_of) or person.manager == person.id:
            raise TableError(
                entry, f"'{person.id}' would end up managing themselves through '{person.manager}'"
            )


def _check_teams(
    incoming: tuple[Team, ...], teams: dict[str, Team], people: dict[str, Person]
) -> None:
    for team in incoming:
        entry = f"team '{team.id}'"
        for person_id in [*([team.lead] if team.lead else []), *team.members]:
            if person_id not in people:
                raise TableError(entry, f"'{person_id}' is not a person in the table")
        if team.parent is None:
            continue
        if team.parent not in teams:
            raise TableError(entry, f"parent team '{team.parent}' is not in the table")

        def parent_of(tid: str) -> str | None:
            return teams[tid].parent if tid in teams else None

        if team.parent == team.id or team.id in ancestors(team.parent, parent_of):
            raise TableError(entry, f"would end up inside itself through '{team.parent}'")


def _resolve_objectives(
    uow: UnitOfWork,
    tenant: str,
    table: Table,
    people: dict[str, Person],
    teams: dict[str, Team],
) -> list[Objective]:
    """The table's objectives with owners and parents checked and every id filled in."""
    claimed_kr_ids = {kr.id for o in table.objectives for kr in o.key_results if kr.id}
    ids = _IdMaker(uow, tenant, {o.id for o in table.objectives if o.id}, claimed_kr_ids)
    resolved: list[Objective] = []
    for objective in table.objectives:
        entry = f"objective '{objective.id or objective.title}'"
        _check_owner(entry, objective.owner, people, teams)
        existing = uow.objectives.get(tenant, objective.id) if objective.id else None
        if existing is None and not objective.id:
            existing = _same_title(uow, tenant, objective)
        objective_id = objective.id or (existing.id if existing else ids.objective(objective))
        key_results = [
            _resolve_key_result(uow, tenant, entry, objective_id, kr, existing, ids)
            for kr in objective.key_results
        ]
        for kr in key_results:
            if kr.owner and kr.owner not in people:
                raise TableError(
                    f"key result '{kr.id}'", f"owner '{kr.owner}' is not a person in the table"
                )
        resolved.append(
            replace(
                objective,
                id=objective_id,
                level=level_of(uow, tenant, objective.owner),
                key_results=key_results,
            )
        )
    _check_parents(uow, tenant, resolved)
    return _parents_first(resolved)


def _resolve_key_result(
    uow: UnitOfWork,
    tenant: str,
    entry: str,
    objective_id: str,
    kr: KeyResult,
    existing: Objective | None,
    ids: _IdMaker,
) -> KeyResult:
    if not kr.id:
        same = (
            next((k for k in existing.key_results if k.title == kr.title), None)
            if existing
            else None
        )
        return replace(kr, id=same.id if same else ids.key_result(objective_id))
    holder = uow.objectives.with_key_result(tenant, kr.id)
    if holder is not None and holder.id != objective_id:
        raise TableError(
            entry, f"key result id '{kr.id}' already belongs to objective '{holder.id}'"
        )
    return kr


def _check_owner(
    entry: str, owner: Owner, people: dict[str, Person], teams: dict[str, Team]
) -> None:
    if owner.is_team and owner.id not in teams:
        raise TableError(entry, f"owner team '{owner.id}' is not in the table")
    if not owner.is_team and owner.id not in people:
        raise TableError(entry, f"owner '{owner.id}' is not a person in the table")


def _check_parents(uow: UnitOfWork, tenant: str, objectives: list[Objective]) -> None:
    by_id = {o.id: o for o in objectives}

    def parent_of(objective_id: str) -> str | None:
        if objective_id in by_id:
            return by_id[objective_id].parent
        stored = uow.objectives.get(tenant, objective_id)
        return stored.parent if stored else None

    for objective in objectives:
        entry = f"objective '{objective.id}'"
        if objective.parent is None:
            continue
        if objective.parent not in by_id and uow.objectives.get(tenant, objective.parent) is None:
            raise TableError(entry, f"parent objective '{objective.parent}' is not in the table")
        if objective.parent == objective.id or objective.id in ancestors(
            objective.parent, parent_of
        ):
            raise TableError(entry, f"would end up aligned to itself through '{objective.parent}'")


def _parents_first(objectives: list[Objective]) -> list[Objective]:
    by_id = {o.id: o for o in objectives}

    def depth(objective: Objective) -> int:
        return len(ancestors(objective.id, lambda oid: by_id[oid].parent if oid in by_id else None))

    return sorted(objectives, key=depth)


def _same_title(uow: UnitOfWork, tenant: str, objective: Objective) -> Objective | None:
    """An objective given without id is the stored one with the same owner, period and title."""
    return next(
        (
            o
            for o in uow.objectives.of_owner(tenant, objective.owner, objective.period)
            if o.title == objective.title
        ),
        None,
    )


class _IdMaker:
    """Readable ids for entries given without one, free in the workspace and in the table."""

    def __init__(
        self, uow: UnitOfWork, tenant: str, objective_ids: set[str], kr_ids: set[str]
    ) -> None:
        self._uow, self._tenant = uow, tenant
        self._objectives, self._krs = set(objective_ids), set(kr_ids)

    def objective(self, objective: Objective) -> str:
        made = first_free(
            objective_stem(objective.owner.id),
            lambda candidate: (
                candidate in self._objectives
                or self._uow.objectives.get(self._tenant, candidate) is not None
            ),
        )
        self._objectives.add(made)
        return made

    def key_result(self, objective_id: str) -> str:
        made = first_free(
            key_result_stem(objective_id),
            lambda candidate: (
                candidate in self._krs
                or self._uow.objectives.with_key_result(self._tenant, candidate) is not None
            ),
        )
        self._krs.add(made)
        return made


def _imported_entry(tenant: str, clock: Clock, actor: str, table: Table) -> AuditEntry:
    return AuditEntry(
        tenant,
        clock.now(),
        actor,
        "table.imported",
        tenant,
        {
            "people": len(table.people),
            "teams": len(table.teams),
            "objectives": len(table.objectives),
            "period": table.period.name,
        },
    )


def _warnings(
    uow: UnitOfWork, tenant: str, objectives: list[Objective], limits: Limits
) -> tuple[str, ...]:
    counts = Counter((o.owner, o.period) for o in objectives if not o.owner.is_team)
    return tuple(
        f"person '{owner.id}' has {count} objectives in {period}; "
        f"the method advises at most {limits.objectives_per_person}"
        for (owner, period), _ in sorted(counts.items(), key=lambda item: str(item[0]))
        if too_many_objectives(
            count := uow.objectives.count_of_owner(tenant, owner, period), limits
        )
    )
