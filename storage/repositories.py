"""SQL implementations of the repository ports in `bot.ports`, over one SQLAlchemy `Session`:
tenants, periods, people, teams and objectives here; the rest in `storage.tracking`.

Each maps rows to fresh domain objects on the way out (nothing returned is attached to the
session) and rows from domain objects on the way in. Orderings match `tests/fakes.py`; the
contract tests in `tests/storage` run the same cases against both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.cadences.registry import team_cadences, written
from bot.model import (
    KeyResult,
    KeyResultKind,
    Level,
    Locale,
    Objective,
    ObjectiveStatus,
    Origin,
    Owner,
    Period,
    PeriodKind,
    Person,
    Role,
    Team,
    Tenant,
)
from storage.schema import (
    Base,
    KeyResultRow,
    ObjectiveRow,
    PeriodRow,
    PersonRoleRow,
    PersonRow,
    PlatformIdRow,
    TeamChannelRow,
    TeamMemberRow,
    TeamRow,
    TenantRow,
)

RowT = TypeVar("RowT", bound=Base)
T = TypeVar("T")


class SqlRepository:
    """Base of the repositories: the session they work in and the upsert they share."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, row_type: type[RowT], *key: str) -> RowT | None:
        return self._session.get(row_type, key)

    def _rows(self, statement: Select[RowT]) -> Sequence[RowT]:
        # An aggregate's children are joined in, one result row per child: fold them back.
        return self._session.scalars(statement).unique().all()

    def _first(self, statement: Select[RowT]) -> RowT | None:
        return self._session.scalars(statement).unique().first()

    def _upsert(self, row: RowT) -> RowT:
        """The stored row with `row`'s key, its columns updated from `row`; or `row`, added."""
        stored = self._session.get(type(row), _primary_key(row))
        if stored is None:
            self._session.add(row)
            return row
        _copy_columns(row, stored)
        return stored


def dialect_insert(session: Session, table: Any) -> Any:
    """INSERT for the session's database, with its ON CONFLICT clauses (PostgreSQL, SQLite)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def columns_of(row_type: type[Base]) -> list[Any]:
    """The mapped columns of a row type, to select plain rows (cheaper than entities) that
    still see the session's pending changes."""
    return [getattr(row_type, column.key) for column in inspect(row_type).column_attrs]


# Values bound per `IN (...)`: a team's ids in one statement, well under the bound-parameter
# limits (SQLite's 32,766, PostgreSQL's 65,535) with room for the statement's other values.
IN_CHUNK = 10_000


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """`values` in slices of at most `size`, to bind each slice in an `IN (...)` of its own."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _primary_key(row: Base) -> tuple[Any, ...]:
    return tuple(inspect(type(row)).primary_key_from_instance(row))


def _copy_columns(source: Base, target: Base) -> None:
    for column in inspect(type(source)).column_attrs:
        setattr(target, column.key, getattr(source, column.key))


def _children(stored: list[RowT], wanted: list[RowT]) -> list[RowT]:
    """`wanted`, reusing the stored row under each primary key, so the flush updates it rather
    than inserting a duplicate; stored rows left out are deleted (the delete-orphan cascade)."""
    by_key = {_primary_key(row): row for row in stored}
    kept = []
    for row in wanted:
        existing = by_key.get(_primary_key(row))
        if existing is not None:
            _copy_columns(row, existing)
            row = existing
        kept.append(row)
    return kept


class SqlTenants(SqlRepository):
    def get(self, tenant: str) -> Tenant | None:
        row = self._row(TenantRow, tenant)
        return None if row is None else Tenant(row.tenant, row.default_period, row.timezone)

    def save(self, tenant: Tenant) -> None:
        self._upsert(
            TenantRow(
                tenant=tenant.id, default_period=tenant.default_period, timezone=tenant.timezone
            )
        )

    def ids(self) -> Sequence[str]:
        return list(self._session.scalars(select(TenantRow.tenant).order_by(TenantRow.tenant)))


def _period(row: PeriodRow) -> Period:
    return Period(row.name, row.start_date, row.end_date, PeriodKind(row.kind))


class SqlPeriods(SqlRepository):
    def get(self, tenant: str, name: str) -> Period | None:
        row = self._row(PeriodRow, tenant, name)
        return None if row is None else _period(row)

    def save(self, tenant: str, period: Period) -> None:
        self._upsert(
            PeriodRow(
                tenant=tenant,
                name=period.name,
                start_date=period.start,
                end_date=period.end,
                kind=period.kind.value,
            )
        )

    def list(self, tenant: str) -> Sequence[Period]:
        rows = self._rows(
            select(PeriodRow)
            .where(PeriodRow.tenant == tenant)
            .order_by(PeriodRow.start_date, PeriodRow.name)
        )
        return [_period(row) for row in rows]


def _person(
    row: Any, platform_ids: dict[str, str] | None = None, roles: Iterable[str] | None = None
) -> Person:
    """A person from their row (an entity with its children, or a listing's plain row and
    the children read beside it)."""
    return Person(
        tenant=row.tenant,
        id=row.id,
        name=row.name,
        manager=row.manager,
        locale=Locale(row.locale),
        timezone=row.timezone,
        platform_ids=(
            {p.platform: p.platform_id for p in row.platform_ids}
            if platform_ids is None
            else platform_ids
        ),
        roles=frozenset(Role(r) for r in ((r.role for r in row.roles) if roles is None else roles)),
        email=row.email,
    )


class SqlPeople(SqlRepository):
    def get(self, tenant: str, person_id: str) -> Person | None:
        row = self._row(PersonRow, tenant, person_id)
        return None if row is None else _person(row)

    def by_platform_id(self, tenant: str, platform: str, platform_id: str) -> Person | None:
        row = self._first(
            select(PersonRow)
            .join(PersonRow.platform_ids)
            .where(
                PlatformIdRow.tenant == tenant,
                PlatformIdRow.platform == platform,
                PlatformIdRow.platform_id == platform_id,
            )
        )
        return None if row is None else _person(row)

    def save(self, person: Person) -> None:
        key = {"tenant": person.tenant, "person_id": person.id}
        row = self._upsert(
            PersonRow(
                tenant=person.tenant,
                id=person.id,
                name=person.name,
                manager=person.manager,
                locale=Locale(person.locale).value,
                timezone=person.timezone,
                email=person.email,
            )
        )
        row.platform_ids = _children(
            row.platform_ids,
            [
                PlatformIdRow(**key, platform=platform, platform_id=platform_id)
                for platform, platform_id in person.platform_ids.items()
            ],
        )
        row.roles = _children(
            row.roles, [PersonRoleRow(**key, role=Role(role).value) for role in person.roles]
        )

    def list(self, tenant: str) -> Sequence[Person]:
        # Plain rows, not entities: a fan-out lists thousands of people.
        platform_ids: dict[str, dict[str, str]] = defaultdict(dict)
        for person_id, platform, platform_id in self._session.execute(
            select(
                PlatformIdRow.person_id, PlatformIdRow.platform, PlatformIdRow.platform_id
            ).where(PlatformIdRow.tenant == tenant)
        ):
            platform_ids[person_id][platform] = platform_id
        roles: dict[str, list[str]] = defaultdict(list)
        for person_id, role in self._session.execute(
            select(PersonRoleRow.person_id, PersonRoleRow.role).where(
                PersonRoleRow.tenant == tenant
            )
        ):
            roles[person_id].append(role)
        rows = self._session.execute(
            select(*columns_of(PersonRow)).where(PersonRow.tenant == tenant).order_by(PersonRow.id)
        )
        return [_person(row, platform_ids.get(row.id, {}), roles.get(row.id, ())) for row in rows]


def _team(
    row: Any, members: list[str] | None = None, channels: dict[str, str] | None = None
) -> Team:
    return Team(
        tenant=row.tenant,
        id=row.id,
        name=row.name,
        parent=row.parent,
        lead=row.lead,
        members=[m.person_id for m in row.members] if members is None else members,
        channels=(
            {c.platform: c.channel_id for c in row.channels} if channels is None else channels
        ),
        cadences=team_cadences(row.cadences),
    )


class SqlTeams(SqlRepository):
    def get(self, tenant: str, team_id: str) -> Team | None:
        row = self._row(TeamRow, tenant, team_id)
        return None if row is None else _team(row)

    def save(self, team: Team) -> None:
        key = {"tenant": team.tenant, "team_id": team.id}
        row = self._upsert(
            TeamRow(
                tenant=team.tenant,
                id=team.id,
                name=team.name,
                parent=team.parent,
                lead=team.lead,
                cadences=written(team.cadences) or None,
            )
        )
        row.members = _children(
            row.members,
            [
                TeamMemberRow(**key, person_id=person_id, position=position)
                for position, person_id in enumerate(team.members)
            ],
        )
        row.channels = _children(
            row.channels,
            [
                TeamChannelRow(**key, platform=platform, channel_id=channel_id)
                for platform, channel_id in team.channels.items()
            ],
        )

    def list(self, tenant: str) -> Sequence[Team]:
        return self._teams(TeamRow.tenant == tenant)

    def of_member(self, tenant: str, person_id: str) -> Sequence[Team]:
        teams_of_member = select(TeamMemberRow.team_id).where(
            TeamMemberRow.tenant == tenant, TeamMemberRow.person_id == person_id
        )
        return self._teams((TeamRow.tenant == tenant) & TeamRow.id.in_(teams_of_member))

    def _teams(self, condition: ColumnElement[bool]) -> Sequence[Team]:
        # Plain rows, not entities: a fan-out lists every team with every member.
        members: dict[str, list[str]] = defaultdict(list)
        for team_id, person_id in self._session.execute(
            select(TeamMemberRow.team_id, TeamMemberRow.person_id)
            .join(
                TeamRow,
                (TeamRow.tenant == TeamMemberRow.tenant) & (TeamRow.id == TeamMemberRow.team_id),
            )
            .where(condition)
            .order_by(TeamMemberRow.team_id, TeamMemberRow.position)
        ):
            members[team_id].append(person_id)
        channels: dict[str, dict[str, str]] = defaultdict(dict)
        for team_id, platform, channel_id in self._session.execute(
            select(TeamChannelRow.team_id, TeamChannelRow.platform, TeamChannelRow.channel_id)
            .join(
                TeamRow,
                (TeamRow.tenant == TeamChannelRow.tenant) & (TeamRow.id == TeamChannelRow.team_id),
            )
            .where(condition)
        ):
            channels[team_id][platform] = channel_id
        rows = self._session.execute(
            select(*columns_of(TeamRow)).where(condition).order_by(TeamRow.id)
        )
        return [_team(row, members.get(row.id, []), channels.get(row.id, {})) for row in rows]


def _key_result(row: Any) -> KeyResult:
    return KeyResult(
        id=row.id,
        title=row.title,
        kind=KeyResultKind(row.kind),
        start=row.start,
        target=row.target,
        current=row.current,
        unit=row.unit,
        weight=row.weight,
        owner=row.owner,
        confidence=row.confidence,
        self_score=row.self_score,
    )


def _key_result_row(tenant: str, objective_id: str, position: int, kr: KeyResult) -> KeyResultRow:
    return KeyResultRow(
        tenant=tenant,
        id=kr.id,
        objective_id=objective_id,
        position=position,
        title=kr.title,
        kind=KeyResultKind(kr.kind).value,
        start=kr.start,
        target=kr.target,
        current=kr.current,
        unit=kr.unit,
        weight=kr.weight,
        owner=kr.owner,
        confidence=kr.confidence,
        self_score=kr.self_score,
    )


def _objective(row: Any, key_results: list[KeyResult] | None = None) -> Objective:
    return Objective(
        tenant=row.tenant,
        id=row.id,
        title=row.title,
        owner=Owner.parse(row.owner),
        period=row.period,
        level=Level(row.level),
        parent=row.parent,
        origin=Origin(row.origin),
        status=ObjectiveStatus(row.status),
        key_results=(
            [_key_result(kr) for kr in row.key_results] if key_results is None else key_results
        ),
    )


class SqlObjectives(SqlRepository):
    """Objectives come with their KRs: one objective is one statement (its KRs joined in); a
    listing is two whatever the number of objectives (the objectives, then their KRs through
    the KRs' objective index)."""

    def get(self, tenant: str, objective_id: str) -> Objective | None:
        row = self._row(ObjectiveRow, tenant, objective_id)
        return None if row is None else _objective(row)

    def with_key_result(self, tenant: str, kr_id: str) -> Objective | None:
        holder = select(KeyResultRow.objective_id).where(
            KeyResultRow.tenant == tenant, KeyResultRow.id == kr_id
        )
        row = self._first(
            select(ObjectiveRow).where(
                ObjectiveRow.tenant == tenant, ObjectiveRow.id == holder.scalar_subquery()
            )
        )
        return None if row is None else _objective(row)

    def of_owner(self, tenant: str, owner: Owner, period: str) -> Sequence[Objective]:
        return self._objectives(
            ObjectiveRow.tenant == tenant,
            ObjectiveRow.owner == str(owner),
            ObjectiveRow.period == period,
        )

    def count_of_owner(self, tenant: str, owner: Owner, period: str) -> int:
        count = self._session.scalar(
            select(func.count())
            .select_from(ObjectiveRow)
            .where(
                ObjectiveRow.tenant == tenant,
                ObjectiveRow.owner == str(owner),
                ObjectiveRow.period == period,
            )
        )
        return count or 0

    def in_period(self, tenant: str, period: str) -> Sequence[Objective]:
        return self._objectives(ObjectiveRow.tenant == tenant, ObjectiveRow.period == period)

    def of_owners(self, tenant: str, owners: Sequence[Owner], period: str) -> Sequence[Objective]:
        return self._objectives(
            ObjectiveRow.tenant == tenant,
            ObjectiveRow.owner.in_([str(owner) for owner in owners]),
            ObjectiveRow.period == period,
        )

    def with_status(self, tenant: str, status: ObjectiveStatus) -> Sequence[Objective]:
        return self._objectives(ObjectiveRow.tenant == tenant, ObjectiveRow.status == status.value)

    def save(self, objective: Objective) -> None:
        """Upserts the objective and its whole KR list: KRs no longer listed are deleted."""
        row = self._upsert(
            ObjectiveRow(
                tenant=objective.tenant,
                id=objective.id,
                title=objective.title,
                owner=str(objective.owner),
                period=objective.period,
                level=Level(objective.level).value,
                parent=objective.parent,
                origin=Origin(objective.origin).value,
                status=ObjectiveStatus(objective.status).value,
            )
        )
        row.key_results = _children(
            row.key_results,
            [
                _key_result_row(objective.tenant, objective.id, position, kr)
                for position, kr in enumerate(objective.key_results)
            ],
        )

    def _objectives(self, *conditions: ColumnElement[bool]) -> list[Objective]:
        # Plain rows, not entities: a fan-out or a digest lists thousands of objectives.
        key_results: dict[str, list[KeyResult]] = defaultdict(list)
        for kr in self._session.execute(
            select(*columns_of(KeyResultRow))
            .join(
                ObjectiveRow,
                (ObjectiveRow.tenant == KeyResultRow.tenant)
                & (ObjectiveRow.id == KeyResultRow.objective_id),
            )
            .where(*conditions)
            .order_by(KeyResultRow.objective_id, KeyResultRow.position)
        ):
            key_results[kr.objective_id].append(_key_result(kr))
        rows = self._session.execute(
            select(*columns_of(ObjectiveRow)).where(*conditions).order_by(ObjectiveRow.id)
        )
        return [_objective(row, key_results.get(row.id, [])) for row in rows]
