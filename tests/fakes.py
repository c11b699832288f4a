"""In-memory fakes of the core's ports: the one place tests get them from.

They copy on the way in and out, as a database does, so a test sees only what was saved and
committed."""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Self

from bot.context import Chat
from bot.dialect import PLAIN, Dialect
from bot.messages import Message, MessageRef
from bot.model import (
    FANOUT_WAITING,
    AuditEntry,
    CadencePost,
    CadenceSchedule,
    ChangeRequest,
    ChangeStatus,
    CheckIn,
    CheckInPrompt,
    Delivery,
    DeliveryStatus,
    Dependency,
    Objective,
    ObjectiveStatus,
    Owner,
    Period,
    Person,
    PromptKind,
    RetroAnswer,
    StandupAnswer,
    Task,
    Team,
    Tenant,
)
from bot.ports import (
    AuditLog,
    CadencePostRepository,
    ChangeRequestRepository,
    ChatPlatform,
    CheckInRepository,
    Clock,
    DeliveryLog,
    DependencyRepository,
    EventLog,
    FocusRepository,
    LeaveRepository,
    ObjectiveRepository,
    PeriodRepository,
    PersonRepository,
    Profile,
    ProgressChart,
    PromptRepository,
    RetroRepository,
    StandupAnswerRepository,
    TaskRepository,
    TeamRepository,
    TenantRepository,
    UnitOfWork,
)
from bot.texts import Texts
from okrbot.bootstrap import Okrbot


class FakeTime:
    """A pacer's time (`Pacer(monotonic=..., sleep=...)`): a sleep moves it on at once, and is
    remembered."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)
            self.now += seconds


class FixedClock:
    """A clock that moves only when told to."""

    def __init__(self, now: datetime | None = None) -> None:
        self._now = now or datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


@dataclass
class _Store:
    tenants: dict[str, Tenant] = field(default_factory=dict)
    periods: dict[tuple[str, str], Period] = field(default_factory=dict)
    people: dict[tuple[str, str], Person] = field(default_factory=dict)
    teams: dict[tuple[str, str], Team] = field(default_factory=dict)
    objectives: dict[tuple[str, str], Objective] = field(default_factory=dict)
    check_ins: list[CheckIn] = field(default_factory=list)
    prompts: dict[tuple[str, str], CheckInPrompt] = field(default_factory=dict)
    handled_events: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    change_requests: dict[tuple[str, str], ChangeRequest] = field(default_factory=dict)
    tasks: dict[tuple[str, str], Task] = field(default_factory=dict)
    dependencies: dict[tuple[str, str], Dependency] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    leaves: dict[tuple[str, str], date] = field(default_factory=dict)
    posts: dict[tuple[str, str, str, str], CadencePost] = field(default_factory=dict)
    standups: dict[tuple[str, str, date, str], StandupAnswer] = field(default_factory=dict)
    retros: dict[tuple[str, str, str], RetroAnswer] = field(default_factory=dict)
    focus: dict[tuple[str, str], str] = field(default_factory=dict)


class _Repository:
    def __init__(self, store: _Store) -> None:
        self._store = store


class FakeTenants(_Repository):
    def get(self, tenant: str) -> Tenant | None:
        return copy.deepcopy(self._store.tenants.get(tenant))

    def save(self, tenant: Tenant) -> None:
        self._store.tenants[tenant.id] = copy.deepcopy(tenant)

    def ids(self) -> Sequence[str]:
        return sorted(self._store.tenants)


class FakePeriods(_Repository):
    def get(self, tenant: str, name: str) -> Period | None:
        return self._store.periods.get((tenant, name))

    def save(self, tenant: str, period: Period) -> None:
        self._store.periods[(tenant, period.name)] = period

    def list(self, tenant: str) -> Sequence[Period]:
        found = [p for (t, _), p in self._store.periods.items() if t == tenant]
        return sorted(found, key=lambda p: (p.start, p.name))


class FakePeople(_Repository):
    def get(self, tenant: str, person_id: str) -> Person | None:
        return copy.deepcopy(self._store.people.get((tenant, person_id)))

    def by_platform_id(self, tenant: str, platform: str, platform_id: str) -> Person | None:
        for (t, _), person in self._store.people.items():
            if t == tenant and person.platform_ids.get(platform) == platform_id:
                return copy.deepcopy(person)
        return None

    def save(self, person: Person) -> None:
        self._store.people[(person.tenant, person.id)] = copy.deepcopy(person)

    def list(self, tenant: str) -> Sequence[Person]:
        found = [p for (t, _), p in self._store.people.items() if t == tenant]
        return copy.deepcopy(sorted(found, key=lambda p: p.id))


class FakeTeams(_Repository):
    def get(self, tenant: str, team_id: str) -> Team | None:
        return copy.deepcopy(self._store.teams.get((tenant, team_id)))

    def save(self, team: Team) -> None:
        self._store.teams[(team.tenant, team.id)] = copy.deepcopy(team)

    def list(self, tenant: str) -> Sequence[Team]:
        found = [t for (tn, _), t in self._store.teams.items() if tn == tenant]
        return copy.deepcopy(sorted(found, key=lambda t: t.id))

    def of_member(self, tenant: str, person_id: str) -> Sequence[Team]:
        return [t for t in self.list(tenant) if person_id in t.members]


class FakeObjectives(_Repository):
    def get(self, tenant: str, objective_id: str) -> Objective | None:
        return copy.deepcopy(self._store.objectives.get((tenant, objective_id)))

    def with_key_result(self, tenant: str, kr_id: str) -> Objective | None:
        for (t, _), objective in self._store.objectives.items():
            if t == tenant and objective.key_result(kr_id) is not None:
                return copy.deepcopy(objective)
        return None

    def of_owner(self, tenant: str, owner: Owner, period: str) -> Sequence[Objective]:
        return [o for o in self.in_period(tenant, period) if o.owner == owner]

    def count_of_owner(self, tenant: str, owner: Owner, period: str) -> int:
        return len(self.of_owner(tenant, owner, period))

    def in_period(self, tenant: str, period: str) -> Sequence[Objective]:
        found = [
            o for (t, _), o in self._store.objectives.items() if t == tenant and o.period == period
        ]
        return copy.deepcopy(sorted(found, key=lambda o: o.id))

    def of_owners(self, tenant: str, owners: Sequence[Owner], period: str) -> Sequence[Objective]:
        wanted = set(owners)
        return [o for o in self.in_period(tenant, period) if o.owner in wanted]

    def with_status(self, tenant: str, status: ObjectiveStatus) -> Sequence[Objective]:
        found = [
            o for (t, _), o in self._store.objectives.items() if t == tenant and o.status is status
        ]
        return copy.deepcopy(sorted(found, key=lambda o: o.id))

    def save(self, objective: Objective) -> None:
        self._store.objectives[(objective.tenant, objective.id)] = copy.deepcopy(objective)


class FakeCheckIns(_Repository):
    _ids = itertools.count(1)

    def add(self, check_in: CheckIn) -> None:
        check_in.id = next(self._ids)
        self._store.check_ins.append(copy.deepcopy(check_in))

    def get(self, tenant: str, check_in_id: int) -> CheckIn | None:
        for found in self._store.check_ins:
            if found.tenant == tenant and found.id == check_in_id:
                return copy.deepcopy(found)
        return None

    def mark_undone(self, tenant: str, check_in_ids: Sequence[int]) -> None:
        for found in self._store.check_ins:
            if found.tenant == tenant and found.id in check_in_ids:
                found.undone = True

    def of_key_result(self, tenant: str, kr_id: str) -> Sequence[CheckIn]:
        found = [c for c in self._store.check_ins if c.tenant == tenant and c.kr_id == kr_id]
        return copy.deepcopy(sorted(found, key=lambda c: (c.at, c.id or 0)))

    def last_at(self, tenant: str, kr_ids: Sequence[str]) -> Mapping[str, datetime]:
        found: dict[str, datetime] = {}
        for c in self._store.check_ins:
            if c.tenant == tenant and c.kr_id in kr_ids and not c.undone:
                found[c.kr_id] = max(found.get(c.kr_id, c.at), c.at)
        return found

    def of_owners(
        self, tenant: str, owners: Sequence[Owner], period: str, after: datetime
    ) -> Sequence[CheckIn]:
        wanted = set(owners)
        kr_ids = {
            kr.id
            for (t, _), o in self._store.objectives.items()
            if t == tenant and o.period == period and o.owner in wanted
            for kr in o.key_results
        }
        found = [
            c
            for c in self._store.check_ins
            if c.tenant == tenant and c.kr_id in kr_ids and c.at > after and not c.undone
        ]
        return copy.deepcopy(sorted(found, key=lambda c: (c.at, c.id or 0)))


class FakePrompts(_Repository):
    def get(self, tenant: str, prompt_id: str) -> CheckInPrompt | None:
        return copy.deepcopy(self._store.prompts.get((tenant, prompt_id)))

    def get_many(self, tenant: str, prompt_ids: Sequence[str]) -> Mapping[str, CheckInPrompt]:
        return {pid: found for pid in prompt_ids if (found := self.get(tenant, pid)) is not None}

    def latest_for(
        self, tenant: str, person_id: str, kind: PromptKind = PromptKind.CHECK_IN
    ) -> CheckInPrompt | None:
        found = [
            p
            for (t, _), p in self._store.prompts.items()
            if t == tenant and p.person == person_id and p.kind is kind
        ]
        return copy.deepcopy(max(found, key=lambda p: (p.sent_at, p.id), default=None))

    def latest_for_many(
        self, tenant: str, person_ids: Sequence[str], kind: PromptKind = PromptKind.CHECK_IN
    ) -> Mapping[str, CheckInPrompt]:
        return {
            person: found
            for person in person_ids
            if (found := self.latest_for(tenant, person, kind)) is not None
        }

    def save(self, prompt: CheckInPrompt) -> None:
        self._store.prompts[(prompt.tenant, prompt.id)] = copy.deepcopy(prompt)

    def save_many(self, prompts: Sequence[CheckInPrompt]) -> None:
        for prompt in prompts:
            self.save(prompt)

    def last_sent(
        self, tenant: str, person_ids: Sequence[str], before: datetime
    ) -> Mapping[str, datetime]:
        found: dict[str, datetime] = {}
        for (t, _), p in self._store.prompts.items():
            if (
                t == tenant
                and p.person in person_ids
                and p.sent_at < before
                and p.kind is PromptKind.CHECK_IN
            ):
                found[p.person] = max(found.get(p.person, p.sent_at), p.sent_at)
        return found


class FakeEventLog(_Repository):
    def first_time(self, tenant: str, platform: str, event_id: str, at: datetime) -> bool:
        key = (tenant, platform, event_id)
        if key in self._store.handled_events:
            return False
        self._store.handled_events[key] = at
        return True

    def forget_before(self, tenant: str, platform: str, before: datetime) -> int:
        old = [
            key
            for key, at in self._store.handled_events.items()
            if key[:2] == (tenant, platform) and at < before
        ]
        for key in old:
            del self._store.handled_events[key]
        return len(old)


class FakeChangeRequests(_Repository):
    def get(self, tenant: str, request_id: str) -> ChangeRequest | None:
        return copy.deepcopy(self._store.change_requests.get((tenant, request_id)))

    def save(self, request: ChangeRequest) -> None:
        self._store.change_requests[(request.tenant, request.id)] = copy.deepcopy(request)

    def of_objective(self, tenant: str, objective_id: str) -> Sequence[ChangeRequest]:
        found = [
            r
            for (t, _), r in self._store.change_requests.items()
            if t == tenant and r.objective_id == objective_id
        ]
        return copy.deepcopy(sorted(found, key=lambda r: (r.created_at, r.id)))

    def pending(self, tenant: str) -> Sequence[ChangeRequest]:
        found = [
            r
            for (t, _), r in self._store.change_requests.items()
            if t == tenant and r.status is ChangeStatus.PENDING
        ]
        return copy.deepcopy(sorted(found, key=lambda r: (r.created_at, r.id)))


class FakeTasks(_Repository):
    def save(self, task: Task) -> None:
        self._store.tasks[(task.tenant, task.id)] = copy.deepcopy(task)

    def get(self, tenant: str, task_id: str) -> Task | None:
        return copy.deepcopy(self._store.tasks.get((tenant, task_id)))

    def of_key_result(self, tenant: str, kr_id: str) -> Sequence[Task]:
        return self.of_key_results(tenant, [kr_id])

    def of_key_results(self, tenant: str, kr_ids: Sequence[str]) -> Sequence[Task]:
        found = [
            t for (tn, _), t in self._store.tasks.items() if tn == tenant and t.kr_id in kr_ids
        ]
        return copy.deepcopy(sorted(found, key=lambda t: t.id))

    def of_assignee(self, tenant: str, person_id: str) -> Sequence[Task]:
        found = [
            t
            for (tn, _), t in self._store.tasks.items()
            if tn == tenant and t.assignee == person_id
        ]
        return copy.deepcopy(sorted(found, key=lambda t: t.id))


class FakeDependencies(_Repository):
    def save(self, dependency: Dependency) -> None:
        self._store.dependencies[(dependency.tenant, dependency.id)] = copy.deepcopy(dependency)

    def of_key_results(self, tenant: str, kr_ids: Sequence[str]) -> Sequence[Dependency]:
        return self._matching(tenant, lambda d: d.kr_id in kr_ids)

    def on_owner(self, tenant: str, owner: Owner) -> Sequence[Dependency]:
        return self._matching(tenant, lambda d: d.on_owner == owner)

    def _matching(self, tenant: str, keep: object) -> Sequence[Dependency]:
        assert callable(keep)
        found = [d for (t, _), d in self._store.dependencies.items() if t == tenant and keep(d)]
        return copy.deepcopy(sorted(found, key=lambda d: d.id))


class FakeAudit(_Repository):
    _ids = itertools.count(1)

    def add(self, entry: AuditEntry) -> None:
        entry.id = next(self._ids)
        self._store.audit.append(copy.deepcopy(entry))

    def of_subject(self, tenant: str, subject: str) -> Sequence[AuditEntry]:
        found = [e for e in self._store.audit if e.tenant == tenant and e.subject == subject]
        return copy.deepcopy(sorted(found, key=lambda e: (e.at, e.id or 0)))


class FakeLeaves(_Repository):
    def until(self, tenant: str, person: str) -> date | None:
        return self._store.leaves.get((tenant, person))

    def set(self, tenant: str, person: str, until: date | None) -> None:
        if until is None:
            self._store.leaves.pop((tenant, person), None)
        else:
            self._store.leaves[(tenant, person)] = until

    def of_tenant(self, tenant: str) -> Mapping[str, date]:
        return {p: until for (t, p), until in self._store.leaves.items() if t == tenant}


class FakeCadencePosts(_Repository):
    def add(self, post: CadencePost) -> None:
        self._store.posts[(post.tenant, post.platform, post.channel, post.message_id)] = post

    def at(self, tenant: str, platform: str, channel: str, message_id: str) -> CadencePost | None:
        return self._store.posts.get((tenant, platform, channel, message_id))

    def latest_dm(self, tenant: str, person: str, cadence: str) -> CadencePost | None:
        found = [
            p
            for p in self._store.posts.values()
            if (p.tenant, p.person, p.cadence) == (tenant, person, cadence)
        ]
        return max(found, key=lambda p: p.sent_at, default=None)


class FakeStandupAnswers(_Repository):
    def save(self, answer: StandupAnswer) -> None:
        self._store.standups[(answer.tenant, answer.team, answer.day, answer.person)] = answer

    def of_day(self, tenant: str, team: str, day: date) -> Sequence[StandupAnswer]:
        return sorted(
            (
                a
                for (t, tm, d, _), a in self._store.standups.items()
                if (t, tm, d) == (tenant, team, day)
            ),
            key=lambda a: a.person,
        )


class FakeRetros(_Repository):
    def save(self, answer: RetroAnswer) -> None:
        self._store.retros[(answer.tenant, answer.period, answer.person)] = answer

    def of_period(self, tenant: str, period: str) -> Sequence[RetroAnswer]:
        found = [a for (t, p, _), a in self._store.retros.items() if (t, p) == (tenant, period)]
        return sorted(found, key=lambda a: a.person)


class FakeFocus(_Repository):
    def of(self, tenant: str, person: str) -> str | None:
        return self._store.focus.get((tenant, person))

    def set(self, tenant: str, person: str, objective_id: str, at: datetime) -> None:
        self._store.focus[(tenant, person)] = objective_id


class FakeUnitOfWork:
    """All repositories over one in-memory store; rolls back unless committed."""

    # Typed as the ports, which declare them as plain (hence invariant) attributes.
    tenants: TenantRepository
    periods: PeriodRepository
    people: PersonRepository
    teams: TeamRepository
    objectives: ObjectiveRepository
    check_ins: CheckInRepository
    prompts: PromptRepository
    events: EventLog
    change_requests: ChangeRequestRepository
    tasks: TaskRepository
    dependencies: DependencyRepository
    audit: AuditLog
    leaves: LeaveRepository
    cadence_posts: CadencePostRepository
    standup_answers: StandupAnswerRepository
    delivery_log: DeliveryLog
    retros: RetroRepository
    focus: FocusRepository

    def __init__(self) -> None:
        # Claims are their own transactions (as in SQL): outside the rolled-back store.
        self.deliveries = DeliveryRows()
        self._committed = _Store()
        self._bind(copy.deepcopy(self._committed))
        self.commits = 0

    def _bind(self, store: _Store) -> None:
        self._working = store
        self.tenants = FakeTenants(store)
        self.periods = FakePeriods(store)
        self.people = FakePeople(store)
        self.teams = FakeTeams(store)
        self.objectives = FakeObjectives(store)
        self.check_ins = FakeCheckIns(store)
        self.prompts = FakePrompts(store)
        self.events = FakeEventLog(store)
        self.change_requests = FakeChangeRequests(store)
        self.tasks = FakeTasks(store)
        self.dependencies = FakeDependencies(store)
        self.audit = FakeAudit(store)
        self.leaves = FakeLeaves(store)
        self.cadence_posts = FakeCadencePosts(store)
        self.standup_answers = FakeStandupAnswers(store)
        self.delivery_log = FakeDeliveryLog(self.deliveries)
        self.retros = FakeRetros(store)
        self.focus = FakeFocus(store)

    def __enter__(self) -> Self:
        self._bind(copy.deepcopy(self._committed))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self._committed = copy.deepcopy(self._working)
        self.commits += 1

    def rollback(self) -> None:
        self._bind(copy.deepcopy(self._committed))


class DeliveryRows:
    """The delivery log in memory, safe across threads: what `FakeClaims` writes and
    `FakeDeliveryLog` reads, as both go to one table in SQL."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: dict[tuple[str, str, str, datetime], Delivery] = {}


class FakeDeliveryLog:
    def __init__(self, rows: DeliveryRows) -> None:
        self._rows = rows

    def of_person(self, tenant: str, person: str, since: datetime) -> Sequence[Delivery]:
        with self._rows.lock:
            return sorted(
                (
                    copy.copy(d)
                    for d in self._rows.rows.values()
                    if d.tenant == tenant and d.person == person and d.occurrence >= since
                ),
                key=lambda d: (d.occurrence, d.cadence, d.target),
            )

    def times_sent(
        self, tenant: str, cadence: str, person_ids: Sequence[str], since: datetime
    ) -> Mapping[str, int]:
        wanted = set(person_ids)
        found: dict[str, int] = {}
        with self._rows.lock:
            for d in self._rows.rows.values():
                if (
                    d.tenant == tenant
                    and d.cadence == cadence
                    and d.person is not None
                    and d.person in wanted
                    and d.occurrence >= since
                    and d.status is DeliveryStatus.SENT
                ):
                    found[d.person] = found.get(d.person, 0) + 1
        return found


class FakeSchedules:
    """`bot.ports.Schedules` in memory: an advance only from what was seen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._schedules: dict[tuple[str, str, str], CadenceSchedule] = {}

    def of_tenant(self, tenant: str) -> Sequence[CadenceSchedule]:
        with self._lock:
            return sorted(
                (s for s in self._schedules.values() if s.tenant == tenant),
                key=lambda s: (s.team, s.cadence),
            )

    def add(self, schedule: CadenceSchedule) -> None:
        with self._lock:
            self._schedules.setdefault((schedule.tenant, schedule.team, schedule.cadence), schedule)

    def due(self, now: datetime) -> Sequence[CadenceSchedule]:
        with self._lock:
            return sorted(
                (s for s in self._schedules.values() if s.next_at <= now), key=lambda s: s.next_at
            )

    def advance(self, schedule: CadenceSchedule, next_at: datetime, rule: str) -> bool:
        key = (schedule.tenant, schedule.team, schedule.cadence)
        with self._lock:
            if self._schedules.get(key) != schedule:
                return False
            self._schedules[key] = replace(schedule, next_at=next_at, rule=rule)
            return True


class FakeClaims:
    """`bot.ports.Claims` in memory, safe across threads, with the SQL version's rules: one
    claim wins, a takeover only once the lease ran out. Its rows are the unit of work's
    delivery log when given one."""

    _TAKEN_OVER = (DeliveryStatus.CLAIMED, DeliveryStatus.OPEN, DeliveryStatus.RETRY)

    def __init__(self, uow: FakeUnitOfWork | None = None) -> None:
        store = uow.deliveries if uow is not None else DeliveryRows()
        self._lock = store.lock
        self._rows = store.rows

    def claim(self, delivery: Delivery, now: datetime) -> Delivery | None:
        key = self._key(delivery)
        with self._lock:
            stored = self._rows.get(key)
            if stored is None:
                self._rows[key] = replace(delivery, attempts=1)
                return replace(delivery, attempts=1)
            if stored.status not in self._TAKEN_OVER or (
                stored.lease_until is not None and stored.lease_until > now
            ):
                return None
            taken = replace(delivery, attempts=stored.attempts + 1, updated_at=now)
            self._rows[key] = taken
            return copy.copy(taken)

    def claim_many(self, deliveries: Sequence[Delivery], now: datetime) -> Sequence[Delivery]:
        return [won for d in deliveries if (won := self.claim(d, now)) is not None]

    def record_many(self, deliveries: Sequence[Delivery]) -> Sequence[str]:
        return [d.target for d in deliveries if self.record(d)]

    def finish_many(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            self.finish(delivery)

    def record(self, delivery: Delivery) -> bool:
        with self._lock:
            if self._key(delivery) in self._rows:
                return False
            self._rows[self._key(delivery)] = copy.copy(delivery)
            return True

    def finish(self, delivery: Delivery) -> bool:
        with self._lock:
            stored = self._rows.get(self._key(delivery))
            if (
                stored is None
                or stored.owner != delivery.owner
                or (stored.status not in self._TAKEN_OVER)
            ):
                return False
            self._rows[self._key(delivery)] = copy.copy(delivery)
            return True

    def get(self, tenant: str, cadence: str, target: str, occurrence: datetime) -> Delivery | None:
        with self._lock:
            return copy.copy(self._rows.get((tenant, cadence, target, occurrence)))

    def renew(self, deliveries: Sequence[Delivery], until: datetime) -> None:
        with self._lock:
            for delivery in deliveries:
                stored = self._rows.get(self._key(delivery))
                if (
                    stored is not None
                    and stored.owner == delivery.owner
                    and stored.status in (DeliveryStatus.CLAIMED, DeliveryStatus.OPEN)
                ):
                    stored.lease_until = until

    def stalled(self, now: datetime) -> Sequence[Delivery]:
        def due(d: Delivery) -> bool:
            passed = d.lease_until is not None and d.lease_until <= now
            if d.status is DeliveryStatus.OPEN:
                return passed or d.detail != FANOUT_WAITING
            return d.status in (DeliveryStatus.CLAIMED, DeliveryStatus.RETRY) and passed

        with self._lock:
            return sorted(
                (copy.copy(d) for d in self._rows.values() if due(d)),
                key=lambda d: (d.lease_until or now, d.occurrence),
            )

    def backlog(self, now: datetime) -> tuple[int, datetime | None]:
        with self._lock:
            rows = list(self._rows.values())
        pending = [d for d in rows if d.status in (DeliveryStatus.CLAIMED, DeliveryStatus.RETRY)]
        open_ = [d.occurrence for d in rows if d.status is DeliveryStatus.OPEN]
        return len(pending), min(open_, default=None)

    def forget_before(self, before: datetime) -> int:
        settled = (
            DeliveryStatus.SENT,
            DeliveryStatus.SKIPPED,
            DeliveryStatus.FAILED,
            DeliveryStatus.MISSED,
            DeliveryStatus.DONE,
        )
        with self._lock:
            gone = [
                key
                for key, d in self._rows.items()
                if d.status in settled and d.updated_at is not None and d.updated_at < before
            ]
            for key in gone:
                del self._rows[key]
        return len(gone)

    def of_occurrence(self, tenant: str, cadence: str, occurrence: datetime) -> Sequence[Delivery]:
        with self._lock:
            return sorted(
                (
                    copy.copy(d)
                    for d in self._rows.values()
                    if (d.tenant, d.cadence, d.occurrence) == (tenant, cadence, occurrence)
                ),
                key=lambda d: d.target,
            )

    @staticmethod
    def _key(delivery: Delivery) -> tuple[str, str, str, datetime]:
        return (delivery.tenant, delivery.cadence, delivery.target, delivery.occurrence)


@dataclass(frozen=True)
class Sent:
    """One thing a `RecordingPlatform` was asked to deliver."""

    kind: str  # dm | post | image | update
    to: str  # a user id or a channel
    text: str
    at: datetime | None = None
    key: str | None = None  # the idempotency key the bot gave the send


class RecordingPlatform:
    """A `ChatPlatform` that records what the bot sends, thread-safe; `fail_for` makes sends to
    those users or channels raise, and `crash_after` stops the process (a BaseException) once
    that many sends went through."""

    def __init__(self, name: str = "console", clock: FixedClock | None = None) -> None:
        self._name = name
        self._clock = clock
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.sent: list[Sent] = []
        self.images: list[tuple[str, bytes, str]] = []
        self.fail_for: dict[str, Exception] = {}
        self.crash_after: int | None = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def dialect(self) -> Dialect:
        return PLAIN

    def address(self, person: Person) -> str | None:
        return person.platform_ids.get(self.name)

    def channel_of(self, team: Team) -> str | None:
        return team.channels.get(self.name)

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        return self._deliver("dm", user_id, message, key)

    def post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        thread: str | None = None,
        key: str | None = None,
    ) -> MessageRef:
        return self._deliver("post", channel, message, key)

    def update(self, tenant: str, ref: MessageRef, message: Message) -> None:
        self._deliver("update", ref.channel, message)

    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
        with self._lock:
            self.images.append((channel, png, title))

    def lookup_user(self, tenant: str, user_id: str) -> Profile | None:
        return Profile(user_id=user_id, name=user_id, handle=user_id)

    def dms(self) -> list[str]:
        """Who got a DM, in order, once per DM."""
        return [s.to for s in self.sent if s.kind == "dm"]

    def posts(self) -> list[Sent]:
        return [s for s in self.sent if s.kind == "post"]

    def _deliver(self, kind: str, to: str, message: Message, key: str | None = None) -> MessageRef:
        with self._lock:
            if to in self.fail_for:
                raise self.fail_for[to]
            if self.crash_after is not None and len(self.sent) >= self.crash_after:
                raise SimulatedCrash(f"the process died before sending to {to}")
            self.sent.append(
                Sent(kind, to, message.text, self._clock.now() if self._clock else None, key)
            )
            return MessageRef(self._name, f"dm:{to}" if kind == "dm" else to, str(next(self._ids)))


class SimulatedCrash(BaseException):
    """A replica dying mid-send: not an `Exception`, so nothing in the bot catches it."""


class FakeCharts:
    """Records the charts asked for and answers with a stand-in PNG."""

    def __init__(self) -> None:
        self.charts: list[ProgressChart] = []

    def progress_png(self, chart: ProgressChart) -> bytes:
        self.charts.append(chart)
        return b"\x89PNG fake"


def chats(unit_of_work: Callable[[], UnitOfWork], clock: Clock) -> Callable[[ChatPlatform], Chat]:
    """What `okrbot.bootstrap` hands the adapters: the bot on the platform they build."""
    return lambda platform: Chat(
        unit_of_work, clock, platform, Texts(platform.dialect), FakeCharts()
    )


def fake_okrbot(uow: FakeUnitOfWork, clock: Clock) -> Okrbot:
    """The application's parts over the in-memory fakes."""
    return Okrbot(
        unit_of_work=lambda: uow,
        clock=clock,
        schedules=FakeSchedules(),
        claims=FakeClaims(uow),
        charts=FakeCharts(),
        engine=None,
        close=lambda: None,
    )
