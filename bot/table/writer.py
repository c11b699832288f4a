"""Writing the OKR table back as plain data, in the shape `read_table` reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.cadences.registry import written
from bot.errors import OkrError
from bot.model import (
    KeyResult,
    KeyResultKind,
    Objective,
    Period,
    PeriodKind,
    Person,
    Team,
)
from bot.ports import UnitOfWork


@dataclass(frozen=True)
class ExportedTable:
    table: dict[str, object]  # in the shape `read_table` reads
    progress: dict[str, float]  # by KR id, for formats that show it beside the table


def export_table(uow: UnitOfWork, *, tenant: str, platforms: Sequence[str]) -> ExportedTable:
    """The workspace's whole OKR table, every period, with people's and channels' ids on
    `platforms`."""
    with uow:
        settings = uow.tenants.get(tenant)
        if settings is None:
            raise OkrError("no_table", tenant=tenant)
        periods = {p.name: p for p in uow.periods.list(tenant)}
        objectives = [o for name in periods for o in uow.objectives.in_period(tenant, name)]
        table = write_table(
            period=periods.get(settings.default_period) or Period.named(settings.default_period),
            timezone=settings.timezone,
            periods=periods,
            people=uow.people.list(tenant),
            teams=uow.teams.list(tenant),
            objectives=objectives,
            platforms=platforms,
        )
    return ExportedTable(table, {kr.id: kr.progress for o in objectives for kr in o.key_results})


def write_table(
    *,
    period: Period,
    timezone: str,
    periods: Mapping[str, Period],
    people: Sequence[Person],
    teams: Sequence[Team],
    objectives: Sequence[Objective],
    platforms: Sequence[str],
) -> dict[str, object]:
    return {
        "period": period_value(period),
        "timezone": timezone,
        "people": [_person(p, platforms) for p in people],
        "teams": [_team(t, platforms) for t in teams],
        "objectives": [_objective(o, period, periods) for o in objectives],
    }


def period_value(period: Period) -> object:
    if period.kind is PeriodKind.CUSTOM:
        return {
            "name": period.name,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }
    return period.name


def _person(person: Person, platforms: Sequence[str]) -> dict[str, object]:
    data: dict[str, object] = {"id": person.id, "name": person.name}
    if person.manager:
        data["manager"] = person.manager
    data["locale"] = person.locale.value
    data["timezone"] = person.timezone
    if person.email:
        data["email"] = person.email
    for platform in platforms:
        if platform in person.platform_ids:
            data[platform] = person.platform_ids[platform]
    if person.roles:
        data["roles"] = sorted(role.value for role in person.roles)
    return data


def _team(team: Team, platforms: Sequence[str]) -> dict[str, object]:
    data: dict[str, object] = {"id": team.id, "name": team.name}
    if team.parent:
        data["parent"] = team.parent
    if team.lead:
        data["lead"] = team.lead
    data["members"] = list(team.members)
    channels = {p: team.channels[p] for p in platforms if p in team.channels}
    if channels:
        data["channels"] = channels
    if cadences := written(team.cadences):
        data["cadences"] = cadences
    return data


def _objective(
    objective: Objective, default: Period, periods: Mapping[str, Period]
) -> dict[str, object]:
    data: dict[str, object] = {
        "id": objective.id,
        "title": objective.title,
        "owner": str(objective.owner),
    }
    if objective.period != default.name:
        own = periods.get(objective.period)
        data["period"] = period_value(own) if own else objective.period
    if objective.parent:
        data["parent"] = objective.parent
    data["origin"] = objective.origin.value
    data["status"] = objective.status.value
    data["key_results"] = [_key_result(kr) for kr in objective.key_results]
    return data


def _key_result(kr: KeyResult) -> dict[str, object]:
    data: dict[str, object] = {"id": kr.id, "title": kr.title}
    if kr.kind is KeyResultKind.MILESTONE:
        data["kind"] = kr.kind.value
        data["done"] = kr.current >= kr.target
    else:
        data.update(start=plain(kr.start), target=plain(kr.target), current=plain(kr.current))
        if kr.unit:
            data["unit"] = kr.unit
    if kr.weight != 1.0:
        data["weight"] = plain(kr.weight)
    if kr.owner:
        data["owner"] = kr.owner
    if kr.confidence is not None:
        data["confidence"] = plain(kr.confidence)
    if kr.self_score is not None:
        data["self_score"] = plain(kr.self_score)
    return data


def plain(number: float) -> int | float:
    """40000.0 reads better as 40000."""
    return int(number) if number.is_integer() else number
