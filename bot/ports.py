"""What the core needs from outside, as small protocols. Storage, clocks and chat platforms
implement them; tests use the in-memory fakes in `tests/fakes.py`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from bot.dialect import Dialect
from bot.messages import Message, MessageRef
from bot.model import (
    AuditEntry,
    CadencePost,
    CadenceSchedule,
    ChangeRequest,
    CheckIn,
    CheckInPrompt,
    Delivery,
    Dependency,
    Locale,
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


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, time-zone aware."""
        ...


class TenantRepository(Protocol):
    def get(self, tenant: str) -> Tenant | None: ...
    def save(self, tenant: Tenant) -> None: ...
    def ids(self) -> Sequence[str]:
        """The workspaces that have an OKR table (the scheduler covers them all)."""
        ...


class PeriodRepository(Protocol):
    def get(self, tenant: str, name: str) -> Period | None: ...
    def save(self, tenant: str, period: Period) -> None: ...
    def list(self, tenant: str) -> Sequence[Period]: ...


class PersonRepository(Protocol):
    def get(self, tenant: str, person_id: str) -> Person | None: ...
    def by_platform_id(self, tenant: str, platform: str, platform_id: str) -> Person | None: ...
    def save(self, person: Person) -> None: ...
    def list(self, tenant: str) -> Sequence[Person]: ...


class TeamRepository(Protocol):
    def get(self, tenant: str, team_id: str) -> Team | None: ...
    def save(self, team: Team) -> None: ...
    def list(self, tenant: str) -> Sequence[Team]: ...
    def of_member(self, tenant: str, person_id: str) -> Sequence[Team]: ...


class ObjectiveRepository(Protocol):
    """Objectives with their key results, which are loaded and saved together."""

    def get(self, tenant: str, objective_id: str) -> Objective | None: ...
    def with_key_result(self, tenant: str, kr_id: str) -> Objective | None: ...
    def of_owner(self, tenant: str, owner: Owner, period: str) -> Sequence[Objective]: ...
    def count_of_owner(self, tenant: str, owner: Owner, period: str) -> int: ...
    def in_period(self, tenant: str, period: str) -> Sequence[Objective]: ...
    def of_owners(self, tenant: str, owners: Sequence[Owner], period: str) -> Sequence[Objective]:
        """`of_owner` for several owners in one read (a fan-out's check-ins), by id."""
        ...

    def with_status(self, tenant: str, status: ObjectiveStatus) -> Sequence[Objective]:
        """Every objective of the workspace in that status (those submitted for agreement)."""
        ...

    def save(self, objective: Objective) -> None: ...


class CheckInRepository(Protocol):
    def add(self, check_in: CheckIn) -> None:
        """Store a new check-in and set its `id`."""
        ...

    def get(self, tenant: str, check_in_id: int) -> CheckIn | None: ...
    def mark_undone(self, tenant: str, check_in_ids: Sequence[int]) -> None: ...
    def of_key_result(self, tenant: str, kr_id: str) -> Sequence[CheckIn]:
        """Oldest first."""
        ...

    def last_at(self, tenant: str, kr_ids: Sequence[str]) -> Mapping[str, datetime]:
        """When each of these KRs was last checked in (undone check-ins left out)."""
        ...

    def of_owners(
        self, tenant: str, owners: Sequence[Owner], period: str, after: datetime
    ) -> Sequence[CheckIn]:
        """The check-ins made after `after` on the KRs of these owners' objectives in the
        period, undone ones left out, oldest first: a team's fortnight in one read."""
        ...


class PromptRepository(Protocol):
    def get(self, tenant: str, prompt_id: str) -> CheckInPrompt | None: ...
    def get_many(self, tenant: str, prompt_ids: Sequence[str]) -> Mapping[str, CheckInPrompt]:
        """`get` for many prompts at once: the ones stored, by id."""
        ...

    def latest_for(
        self, tenant: str, person_id: str, kind: PromptKind = PromptKind.CHECK_IN
    ) -> CheckInPrompt | None:
        """The prompt of that kind most recently sent to this person (of two sent at the same
        time, the one with the greater id)."""
        ...

    def latest_for_many(
        self, tenant: str, person_ids: Sequence[str], kind: PromptKind = PromptKind.CHECK_IN
    ) -> Mapping[str, CheckInPrompt]:
        """`latest_for` for many people at once, by person: those never sent one are left out."""
        ...

    def save(self, prompt: CheckInPrompt) -> None: ...
    def save_many(self, prompts: Sequence[CheckInPrompt]) -> None:
        """`save` for a fan-out's prompts, in as few statements as the store allows."""
        ...

    def last_sent(
        self, tenant: str, person_ids: Sequence[str], before: datetime
    ) -> Mapping[str, datetime]:
        """When each of these people was last sent a check-in of KR updates, before `before`."""
        ...


class LeaveRepository(Protocol):
    """People away: no cadence prompts them until their leave is over."""

    def until(self, tenant: str, person: str) -> date | None:
        """The last day of the person's leave (inclusive), if they said they are away."""
        ...

    def set(self, tenant: str, person: str, until: date | None) -> None: ...
    def of_tenant(self, tenant: str) -> Mapping[str, date]:
        """Everyone's leave in the workspace: person → last day away."""
        ...


class CadencePostRepository(Protocol):
    """Where cadence prompts people answer in place were posted, to recognise the answers."""

    def add(self, post: CadencePost) -> None: ...
    def at(self, tenant: str, platform: str, channel: str, message_id: str) -> CadencePost | None:
        """The cadence post that is this message (a thread's root), if it is one."""
        ...

    def latest_dm(self, tenant: str, person: str, cadence: str) -> CadencePost | None: ...


class StandupAnswerRepository(Protocol):
    def save(self, answer: StandupAnswer) -> None:
        """Store a person's standup of a day, replacing what they said before that day."""
        ...

    def of_day(self, tenant: str, team: str, day: date) -> Sequence[StandupAnswer]:
        """A team's standups of a day, by person."""
        ...


class DeliveryLog(Protocol):
    """What the cadences delivered to whom (written by the claims of `jobs/`), read."""

    def of_person(self, tenant: str, person: str, since: datetime) -> Sequence[Delivery]:
        """The person's delivery log since then, oldest first."""
        ...

    def times_sent(
        self, tenant: str, cadence: str, person_ids: Sequence[str], since: datetime
    ) -> Mapping[str, int]:
        """How many of this cadence's occurrences since then were sent to each of these
        people (SENT in their delivery log); those sent none are left out."""
        ...


class EventLog(Protocol):
    """Platform events already handled, so a redelivered one is applied once."""

    def first_time(self, tenant: str, platform: str, event_id: str, at: datetime) -> bool:
        """Record the event; False if it was recorded before (by this or another replica)."""
        ...

    def forget_before(self, tenant: str, platform: str, before: datetime) -> int:
        """Forget the events recorded before `before`; how many were forgotten."""
        ...


class ChangeRequestRepository(Protocol):
    def get(self, tenant: str, request_id: str) -> ChangeRequest | None: ...
    def save(self, request: ChangeRequest) -> None: ...
    def of_objective(self, tenant: str, objective_id: str) -> Sequence[ChangeRequest]: ...
    def pending(self, tenant: str) -> Sequence[ChangeRequest]:
        """The workspace's requests still waiting for a decision, oldest first."""
        ...


class TaskRepository(Protocol):
    def save(self, task: Task) -> None: ...
    def get(self, tenant: str, task_id: str) -> Task | None: ...
    def of_key_result(self, tenant: str, kr_id: str) -> Sequence[Task]: ...
    def of_key_results(self, tenant: str, kr_ids: Sequence[str]) -> Sequence[Task]:
        """The tasks of these KRs in one read, by id."""
        ...

    def of_assignee(self, tenant: str, person_id: str) -> Sequence[Task]:
        """The tasks given to this person, by id."""
        ...


class DependencyRepository(Protocol):
    def save(self, dependency: Dependency) -> None: ...
    def of_key_results(self, tenant: str, kr_ids: Sequence[str]) -> Sequence[Dependency]:
        """What these KRs depend on."""
        ...

    def on_owner(self, tenant: str, owner: Owner) -> Sequence[Dependency]:
        """What others depend on `owner` for."""
        ...


class RetroRepository(Protocol):
    def save(self, answer: RetroAnswer) -> None:
        """Keep a person's retro answer of a period, replacing what they said before."""
        ...

    def of_period(self, tenant: str, period: str) -> Sequence[RetroAnswer]:
        """The period's retro answers, by person."""
        ...


class FocusRepository(Protocol):
    """The objective each person was last shown on its own, which "KR2" then names."""

    def of(self, tenant: str, person: str) -> str | None: ...
    def set(self, tenant: str, person: str, objective_id: str, at: datetime) -> None: ...


class AuditLog(Protocol):
    def add(self, entry: AuditEntry) -> None: ...
    def of_subject(self, tenant: str, subject: str) -> Sequence[AuditEntry]:
        """Oldest first."""
        ...


@dataclass(frozen=True)
class Profile:
    """What a chat platform knows of one of its users."""

    user_id: str
    name: str
    email: str | None = None
    timezone: str | None = None
    locale: Locale | None = None
    handle: str | None = None  # the person's id in the OKR table, where the platform knows it
    # A guest, or someone of another organisation (Slack Connect): not one of the company
    # until the OKR table names them.
    external: bool = False


class Schedules(Protocol):
    """When each team's cadences fire next, shared by every replica. Each call is its own
    transaction, committed before it returns."""

    def of_tenant(self, tenant: str) -> Sequence[CadenceSchedule]: ...
    def add(self, schedule: CadenceSchedule) -> None:
        """Insert it unless that team's cadence already has a schedule."""
        ...

    def due(self, now: datetime) -> Sequence[CadenceSchedule]:
        """Schedules whose next fire time has come, in every workspace."""
        ...

    def advance(self, schedule: CadenceSchedule, next_at: datetime, rule: str) -> bool:
        """Compare-and-set: move `schedule` on, unless another replica already did."""
        ...


class Claims(Protocol):
    """Claims on deliveries, shared by every replica: a delivery is claimed before it is sent,
    so it is sent once. Each call is its own transaction, committed before it returns: a
    claim must hold before the send."""

    def claim(self, delivery: Delivery, now: datetime) -> Delivery | None:
        """Insert `delivery` (CLAIMED or OPEN, with its owner and lease), or take over a
        CLAIMED or OPEN one whose lease ran out or a RETRY whose time came. The claim as stored
        (`attempts` counts the claims) if it is ours now; None if it is not."""
        ...

    def claim_many(self, deliveries: Sequence[Delivery], now: datetime) -> Sequence[Delivery]:
        """`claim` for a batch of one occurrence's targets (same tenant, cadence and
        occurrence) in one transaction: the claims that are ours now, as stored."""
        ...

    def record(self, delivery: Delivery) -> bool:
        """Insert a delivery already settled (SKIPPED, MISSED) unless one exists."""
        ...

    def record_many(self, deliveries: Sequence[Delivery]) -> Sequence[str]:
        """`record` for a batch of one occurrence's targets: the targets recorded now."""
        ...

    def finish(self, delivery: Delivery) -> bool:
        """Store the outcome of a delivery we claimed; False if another replica took it over."""
        ...

    def finish_many(self, deliveries: Sequence[Delivery]) -> None:
        """`finish` for a batch, in one transaction (a claim taken over is left alone)."""
        ...

    def get(
        self, tenant: str, cadence: str, target: str, occurrence: datetime
    ) -> Delivery | None: ...
    def renew(self, deliveries: Sequence[Delivery], until: datetime) -> None:
        """Move the lease of these claims (CLAIMED or OPEN, still ours) on to `until`: the
        heartbeat of a replica that is alive. Their status is left as it is."""
        ...

    def stalled(self, now: datetime) -> Sequence[Delivery]:
        """What a replica should drive now: fan-outs still OPEN and being sent (whoever holds
        them, so that every replica helps) or past their lease (one that only waits says so,
        `FANOUT_WAITING`), and target claims stranded by their holder: CLAIMED past their
        lease, or RETRY whose time came."""
        ...

    def backlog(self, now: datetime) -> tuple[int, datetime | None]:
        """The targets claimed or waiting for a retry, and the oldest occurrence of a fan-out
        still open: what the operator's metrics show."""
        ...

    def forget_before(self, before: datetime) -> int:
        """Delete the settled deliveries last changed before `before` (the delivery log's
        retention); the number deleted."""
        ...

    def of_occurrence(
        self, tenant: str, cadence: str, occurrence: datetime
    ) -> Sequence[Delivery]: ...


class SendFailed(Exception):
    """A chat platform could not deliver a message the bot sent on its own initiative.
    `permanent` (the user is gone, the channel archived) means trying again will not help."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class SendUnknown(SendFailed):
    """The platform may or may not have delivered the message (a timeout, a server error, a
    connection lost mid-request): it is found out before it is ever sent again."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, permanent=False)


class RateLimited(SendFailed):
    """The platform asked the bot to slow down (HTTP 429) for `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("rate limited", permanent=False)
        self.retry_after = retry_after


@dataclass(frozen=True)
class ProgressChart:
    """A chart of progress against the expected pace: a bar per label (0..1 each), a dozen or
    so whatever the team; every text is plain, in the team's language, and the labels are
    unique."""

    title: str
    labels: tuple[str, ...]
    progress: tuple[float, ...]
    behind: tuple[bool, ...]  # behind the expected pace, by the core's rule
    expected: float
    expected_label: str  # the legend of the expected pace
    axis_label: str
    on_track_label: str  # the legends of the bars
    behind_label: str
    note: str = ""  # what has no bar of its own ("and 37 more behind pace")


class Charts(Protocol):
    def progress_png(self, chart: ProgressChart) -> bytes | None:
        """The chart as a PNG; None where no charts can be drawn here."""
        ...


class ChatPlatform(Protocol):
    """What the core needs from a chat platform to reach people on its own initiative.

    Answers to a request travel back as a `Reply` instead; these are for the bot's own sends
    (check-ins, nudges, digests), which it tracks by their `MessageRef`."""

    @property
    def name(self) -> str: ...
    @property
    def dialect(self) -> Dialect: ...
    def address(self, person: Person) -> str | None:
        """The platform's user id of the person, if the platform can reach them."""
        ...

    def channel_of(self, team: Team) -> str | None:
        """The team's channel on the platform, if it has one."""
        ...

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        """`key`: the same for every attempt of one scheduled send (a delivery's key), so a
        platform that supports it applies a resend once."""
        ...

    def post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        thread: str | None = None,
        key: str | None = None,
    ) -> MessageRef: ...
    def update(self, tenant: str, ref: MessageRef, message: Message) -> None: ...
    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None: ...
    def lookup_user(self, tenant: str, user_id: str) -> Profile | None: ...


class UnitOfWork(Protocol):
    """One transaction over all repositories. Leaving the `with` block without `commit()`
    rolls everything back."""

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

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...


@runtime_checkable
class Reconciling(Protocol):
    """A platform without an idempotency key for its sends (Slack), which can instead find a
    message it sent with a delivery's key. A send whose fate is unknown (a crash, a timeout) is
    looked for before it is repeated."""

    def find_sent(self, tenant: str, to: str, key: str, *, dm: bool) -> MessageRef | None: ...


class Meter(Protocol):
    """What the bot counts for its operator (the metrics `okrbot serve` exports). `name` is
    one of the application's metric names, `labels` its labels."""

    def count(self, name: str, labels: Mapping[str, str], amount: float = 1.0) -> None: ...
    def observe(self, name: str, labels: Mapping[str, str], value: float) -> None: ...
    def gauge(self, name: str, labels: Mapping[str, str], value: float) -> None: ...


class NoMeter:
    """A `Meter` nobody reads."""

    def count(self, name: str, labels: Mapping[str, str], amount: float = 1.0) -> None:
        pass

    def observe(self, name: str, labels: Mapping[str, str], value: float) -> None:
        pass

    def gauge(self, name: str, labels: Mapping[str, str], value: float) -> None:
        pass
