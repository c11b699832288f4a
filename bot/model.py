"""The OKR domain: people, teams, periods, objectives, key results and what happens to them.

Plain dataclasses with no persistence concerns; the rules that involve several of them live in
`bot.rules`, the use cases in `bot.objectives`, `bot.check_ins`, `bot.changes`,
`bot.execution`, `bot.views` and `bot.chat`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.schedules import TeamCadences

LOCAL_TENANT = "local"


def zone(name: str) -> ZoneInfo:
    """The time zone called `name`, or UTC when there is none by that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def week_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The week of `day` as the clocks of `timezone` run it: from its Monday's midnight to
    the next Monday's."""
    monday = day - timedelta(days=day.weekday())
    local = zone(timezone)
    return (
        datetime.combine(monday, time(0), local),
        datetime.combine(monday + timedelta(days=7), time(0), local),
    )


class Locale(StrEnum):
    EN = "en"
    ZH = "zh"


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


class Level(StrEnum):
    COMPANY = "company"
    DEPARTMENT = "department"
    TEAM = "team"
    PERSON = "person"


class Origin(StrEnum):
    BOTTOM_UP = "bottom_up"
    TOP_DOWN = "top_down"


class ObjectiveStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # a draft waiting for the manager's agreement
    AGREED = "agreed"
    CLOSED = "closed"


class KeyResultKind(StrEnum):
    METRIC = "metric"
    MILESTONE = "milestone"


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass
class Tenant:
    """A workspace: a Slack workspace, a Feishu tenant, or `local`. Every row belongs to one."""

    id: str
    default_period: str
    timezone: str = "UTC"


@dataclass
class Person:
    tenant: str
    id: str
    name: str
    manager: str | None = None
    locale: Locale = Locale.EN
    timezone: str = "UTC"
    platform_ids: dict[str, str] = field(default_factory=dict)
    roles: frozenset[Role] = frozenset()
    email: str | None = None

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    def local_date(self, moment: datetime) -> date:
        """The day it is for this person at `moment`."""
        return moment.astimezone(zone(self.timezone)).date()


@dataclass
class Team:
    tenant: str
    id: str
    name: str
    parent: str | None = None
    lead: str | None = None
    members: list[str] = field(default_factory=list)
    channels: dict[str, str] = field(default_factory=dict)
    cadences: TeamCadences = field(default_factory=TeamCadences)


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A cycle of OKRs: a quarter (`2026-Q4`), a year (`2026`) or a custom named range."""

    name: str
    start: date
    end: date  # inclusive
    kind: PeriodKind

    @classmethod
    def named(cls, name: str) -> Period:
        """The quarter or year a name like `2026-Q4` or `2026` stands for."""
        if match := _QUARTER.match(name):
            year, quarter = int(match[1]), int(match[2])
            first_month, last_month = 3 * quarter - 2, 3 * quarter
            last_day = calendar.monthrange(year, last_month)[1]
            return cls(
                name,
                date(year, first_month, 1),
                date(year, last_month, last_day),
                PeriodKind.QUARTER,
            )
        if match := _YEAR.match(name):
            year = int(match[1])
            return cls(name, date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)
        raise ValueError(f"'{name}' is not a period: use a quarter (2026-Q4) or a year (2026)")

    @classmethod
    def custom(cls, name: str, start: date, end: date) -> Period:
        if end < start:
            raise ValueError(f"period '{name}' ends before it starts")
        return cls(name, start, end, PeriodKind.CUSTOM)

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        return cls.named(f"{day.year}-Q{(day.month - 1) // 3 + 1}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_annual(self) -> bool:
        return self.kind is PeriodKind.YEAR

    def elapsed(self, day: date) -> float:
        """The share of the period that has passed by the end of `day`, 0..1."""
        total = (self.end - self.start).days + 1
        clamped = min(max(day, self.start - timedelta(days=1)), self.end)
        return ((clamped - self.start).days + 1) / total


@dataclass(frozen=True)
class Owner:
    """Who an objective belongs to: a person, or a team (written `team:<id>`)."""

    id: str
    is_team: bool = False

    @classmethod
    def parse(cls, text: str) -> Owner:
        if text.startswith("team:"):
            return cls(text.removeprefix("team:"), is_team=True)
        return cls(text)

    def __str__(self) -> str:
        return f"team:{self.id}" if self.is_team else self.id


class Verdict(StrEnum):
    """What a final score says: the method aims for 0.6–0.7; a full 1.0 may mean it was too
    easy."""

    SWEET_SPOT = "sweet_spot"
    TOO_EASY = "too_easy"


SWEET_SPOT = (0.6, 0.7)


@dataclass
class KeyResult:
    id: str
    title: str
    kind: KeyResultKind = KeyResultKind.METRIC
    start: float = 0.0
    target: float = 1.0
    current: float = 0.0
    unit: str = ""
    weight: float = 1.0
    owner: str | None = None  # a person; None means the objective's owner
    confidence: float | None = None
    self_score: float | None = None

    @property
    def rising(self) -> bool:
        return self.target >= self.start

    @property
    def progress(self) -> float:
        """How far from start to target, clamped to 0..1; a milestone is 0 or 1."""
        if self.kind is KeyResultKind.MILESTONE:
            return 1.0 if self.current >= self.target else 0.0
        span = self.target - self.start
        if span == 0:
            return 0.0
        return max(0.0, min(1.0, (self.current - self.start) / span))

    @property
    def score(self) -> float:
        """The KR's score: the owner's final self-score once set, else its progress."""
        return self.self_score if self.self_score is not None else self.progress

    @property
    def verdict(self) -> Verdict | None:
        """What its final self-score says, once set."""
        if self.self_score is None:
            return None
        if SWEET_SPOT[0] - 1e-9 <= self.self_score <= SWEET_SPOT[1] + 1e-9:
            return Verdict.SWEET_SPOT
        return Verdict.TOO_EASY if self.self_score >= 1.0 else None


@dataclass
class Objective:
    tenant: str
    id: str
    title: str
    owner: Owner
    period: str
    level: Level = Level.PERSON
    parent: str | None = None
    origin: Origin = Origin.BOTTOM_UP
    status: ObjectiveStatus = ObjectiveStatus.DRAFT
    key_results: list[KeyResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The weighted mean of the KRs' scores (0 with no KRs)."""
        total_weight = sum(kr.weight for kr in self.key_results)
        if total_weight == 0:
            return 0.0
        return sum(kr.score * kr.weight for kr in self.key_results) / total_weight

    def key_result(self, kr_id: str) -> KeyResult | None:
        return next((kr for kr in self.key_results if kr.id == kr_id), None)


@dataclass
class CheckIn:
    """One update of one KR: what it was, what it became, and who said so."""

    tenant: str
    kr_id: str
    objective_id: str
    author: str
    at: datetime
    value: float | None
    previous_value: float | None
    confidence: float | None = None
    previous_confidence: float | None = None
    blocked: bool = False
    comment: str | None = None
    source: str = "chat"
    undone: bool = False
    id: int | None = None


class PromptStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    SKIPPED = "skipped"


class PromptKind(StrEnum):
    """What a prompt asks: KR updates, the quarter's final self-scores, or the retro question
    that follows them."""

    CHECK_IN = "check_in"
    SCORING = "scoring"
    RETRO = "retro"


@dataclass
class CheckInPrompt:
    """A check-in the bot sent someone: the KRs it listed, numbered 1..N in this order, where the
    message is (to update it in place), and what the last answer applied (to undo it)."""

    tenant: str
    id: str
    person: str
    kr_ids: list[str]
    sent_at: datetime
    platform: str
    channel: str | None = None
    message_id: str | None = None
    status: PromptStatus = PromptStatus.OPEN
    answered_at: datetime | None = None
    check_in_ids: list[int] = field(default_factory=list)
    kind: PromptKind = PromptKind.CHECK_IN


@dataclass(frozen=True)
class RetroAnswer:
    """What someone answered the quarter-end retro question."""

    tenant: str
    period: str
    person: str
    text: str
    at: datetime


@dataclass
class ChangeRequest:
    """A proposed revision of an agreed KR, applied only once the owner's manager approves."""

    tenant: str
    id: str
    objective_id: str
    kr_id: str
    requested_by: str
    changes: dict[str, str | float]
    reason: str
    created_at: datetime
    status: ChangeStatus = ChangeStatus.PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str = ""  # why it was declined


@dataclass
class Task:
    """One step of a KR's action plan."""

    tenant: str
    id: str
    kr_id: str
    title: str
    assignee: str | None = None
    done: bool = False
    due: date | None = None


@dataclass
class Dependency:
    """KR `kr_id` depends on `on_owner`; `on_kr_id` is the KR on their side, once matched."""

    tenant: str
    id: str
    kr_id: str
    on_owner: Owner
    on_kr_id: str | None = None
    note: str = ""


@dataclass
class AuditEntry:
    tenant: str
    at: datetime
    actor: str
    action: str
    subject: str
    detail: dict[str, object] = field(default_factory=dict)
    id: int | None = None


class DeliveryStatus(StrEnum):
    OPEN = "open"  # a fan-out under way
    CLAIMED = "claimed"  # a replica is sending it now
    RETRY = "retry"  # a send failed for now; tried again later
    SENT = "sent"
    SKIPPED = "skipped"  # on leave, not a working day, nothing to ask, nudged enough
    FAILED = "failed"  # for good: user gone, channel archived
    MISSED = "missed"  # found too late to send, past the grace window
    DONE = "done"  # a fan-out that reached everyone it covers


# The `detail` of an OPEN fan-out whose every target is claimed and which only waits for the
# ones still unsettled (a retry's time, a rival's lease): replicas need not help with it.
FANOUT_WAITING = "waiting"


@dataclass
class Delivery:
    """One occurrence of a cadence for one target (a person, a team's channel, or the fan-out
    itself), claimed before it is sent so that it is sent once: the delivery log."""

    tenant: str
    cadence: str
    target: str
    occurrence: datetime
    status: DeliveryStatus
    team: str
    person: str | None = None
    owner: str = ""  # the replica that claimed it
    attempts: int = 0
    lease_until: datetime | None = None  # when another replica may take it over
    updated_at: datetime | None = None
    detail: str = ""
    channel: str | None = None
    message_id: str | None = None


@dataclass(frozen=True)
class CadencePost:
    """A cadence prompt people answer where it was sent: a team channel post (answered in its
    thread, `person` None) or a DM (answered in the DM)."""

    tenant: str
    cadence: str
    team: str
    day: date  # the team's local day of the occurrence
    platform: str
    channel: str
    message_id: str
    sent_at: datetime
    person: str | None = None


@dataclass(frozen=True)
class StandupAnswer:
    """One person's daily standup: yesterday / today / blockers, optionally about a KR."""

    tenant: str
    team: str
    day: date
    person: str
    yesterday: str
    today: str
    blockers: str
    at: datetime
    kr_id: str | None = None


@dataclass(frozen=True)
class CadenceSchedule:
    """When a team's cadence fires next. Replicas advance it by compare-and-set: the one whose
    update finds `next_at` (and `rule`) unchanged opens the occurrences it passed."""

    tenant: str
    team: str
    cadence: str
    next_at: datetime
    rule: str  # the settings it was computed from; a change recomputes `next_at`
