"""Running cadences exactly once, with several replicas sharing the database.

Each replica ticks often. A tick moves every due schedule on by compare-and-set; the replica
that wins opens the occurrences it passed (sent within the grace window, recorded as missed
past it). An occurrence is a fan-out: every target is claimed before it is sent, so a rival
replica, a manual re-run or a restart never sends twice. A fan-out left open (a crash) or a
send that failed for now is driven again once its lease or retry time has passed."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial

from bot import access
from bot.cadences.calendar import TeamCalendar
from bot.cadences.pacing import Pacer
from bot.cadences.settings import Cadence
from bot.cadences.targets import Occasion, Target, home_teams, open_objectives, targets
from bot.context import Chat
from bot.messages import Message, Section
from bot.model import (
    CadencePost,
    CadenceSchedule,
    CheckInPrompt,
    Delivery,
    DeliveryStatus,
    Objective,
    Owner,
    Period,
    Person,
    Team,
)
from bot.ports import Charts, Deliveries, SendFailed, UnitOfWork
from bot.redelivery import forget_old_events

log = logging.getLogger(__name__)

NEVER = datetime(9999, 1, 1, tzinfo=UTC)  # the next fire time of a cadence turned off
FANOUT = "fanout:"
# The cadences whose targets depend on who owns open objectives: read once per fan-out.
READ_OBJECTIVES = frozenset({Cadence.WEEKLY_CHECKIN, Cadence.WEEKLY_REPORT})


@dataclass(frozen=True)
class Cadences:
    """The scheduler's view of the bot on one platform."""

    chat: Chat
    charts: Charts
    replica: str = "replica"
    grace: timedelta = timedelta(hours=2)  # how late an occurrence may still be sent
    lease: timedelta = timedelta(minutes=10)  # how long a claim holds before a takeover
    retry_after: timedelta = timedelta(minutes=1)  # doubled at each failed attempt
    max_attempts: int = 5
    pacer: Pacer = field(default_factory=Pacer)
    # Targets claimed (and outcomes written) per statement. A crash leaves up to this many
    # claimed and unsent until their lease runs out; a platform's idempotency key covers
    # the ones sent but not yet marked.
    batch: int = 1
    flush_every: float = 2.0  # seconds: sent outcomes are logged at least this often

    @property
    def deliveries(self) -> Deliveries:
        return self.chat.deliveries


@dataclass
class TickReport:
    opened: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    missed: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    redriven: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)


def team_calendar(uow: UnitOfWork, tenant: str, team: Team) -> TeamCalendar:
    """The team's cadence calendar: its time zone (set, else its lead's, else the
    workspace's), its country's holidays, and the workspace's current period."""
    return team_calendars(uow, tenant, [team])[team.id]


def team_calendars(uow: UnitOfWork, tenant: str, teams: Sequence[Team]) -> dict[str, TeamCalendar]:
    """`team_calendar` for several teams, read in one unit of work."""
    with uow:
        workspace = uow.tenants.get(tenant)
        name = access.default_period(uow, tenant)
        period = uow.periods.get(tenant, name) or Period.named(name)
        leads = {t.lead: uow.people.get(tenant, t.lead) for t in teams if t.lead}
    found = {}
    for team in teams:
        lead = leads.get(team.lead) if team.lead else None
        timezone = (
            team.cadences.timezone
            or (lead.timezone if lead else None)
            or (workspace.timezone if workspace else "UTC")
        )
        found[team.id] = TeamCalendar(team.cadences, timezone, period)
    return found


@dataclass(frozen=True)
class Opening:
    """One occurrence of a cadence for one team, to reach everyone it covers."""

    tenant: str
    team: Team
    cadence: Cadence
    occurrence: datetime
    calendar: TeamCalendar


def tick(cad: Cadences, now: datetime | None = None) -> TickReport:
    """One scheduler tick: keep schedules in step with settings, open what is due, and drive
    again what a crash or a failure left unfinished; all of it in one paced fan-out."""
    now = now or cad.chat.clock.now()
    report = TickReport()
    for tenant in cad.deliveries.tenants():
        sync_schedules(cad, tenant, now)
        forget_old_events(cad.chat, tenant)
    openings: list[Opening] = []
    for schedule in cad.deliveries.due(now):
        openings += _fire(cad, schedule, now, report)
    for stalled in cad.deliveries.stalled(now):
        if stalled.target.startswith(FANOUT):
            openings += _redrive(cad, stalled, now, report)
    report.outcomes += run_occurrences(cad, openings)
    return report


def sync_schedules(cad: Cadences, tenant: str, now: datetime) -> None:
    uow = cad.chat.unit_of_work()
    with uow:
        teams = uow.teams.list(tenant)
    known = {(s.team, s.cadence): s for s in cad.deliveries.schedules(tenant)}
    calendars = team_calendars(cad.chat.unit_of_work(), tenant, teams)
    for team in teams:
        calendar = calendars[team.id]
        for cadence in Cadence:
            rule = _rule_key(calendar, cadence)
            existing = known.get((team.id, cadence.value))
            if existing is not None and existing.rule == rule:
                continue
            next_at = calendar.next_after(cadence, now) or NEVER
            if existing is None:
                cad.deliveries.add_schedule(
                    CadenceSchedule(tenant, team.id, cadence.value, next_at, rule)
                )
            else:
                cad.deliveries.advance(existing, next_at, rule)


def run_cadence(cad: Cadences, tenant: str, cadence: Cadence, at: datetime) -> Counter[str]:
    """An operator's manual run: the occurrence containing `at`, for every team, whatever
    their local hour. Whoever it already reached is skipped."""
    uow = cad.chat.unit_of_work()
    with uow:
        teams = uow.teams.list(tenant)
    calendars = team_calendars(cad.chat.unit_of_work(), tenant, teams)
    openings = [
        Opening(tenant, team, cadence, occurrence, calendars[team.id])
        for team in teams
        if (occurrence := calendars[team.id].containing(cadence, at)) is not None
    ]
    return run_occurrences(cad, openings)


@dataclass
class _Workspace:
    """What every occasion of a fan-out reads, read once per workspace."""

    homes: dict[str, str]
    people: dict[str, Person]
    teams: Sequence[Team]
    leaves: Mapping[str, date]
    period: str
    objectives: Mapping[Owner, Sequence[Objective]] | None  # read for check-ins only


@dataclass(frozen=True)
class _Claimed:
    occasion: Occasion
    target: Target
    delivery: Delivery


@dataclass(frozen=True)
class _Result:
    outcome: str
    sent: Delivery | None = None
    prompts: Sequence[CheckInPrompt] = ()
    post: CadencePost | None = None


def run_occurrences(cad: Cadences, openings: Sequence[Opening]) -> Counter[str]:
    """Reach every target of these occurrences that nobody reached yet, in one paced fan-out:
    targets are claimed in batches just before they are sent, sent from the pacer's threads,
    and their outcomes (delivery log, check-in prompts) written in batches."""
    outcomes: Counter[str] = Counter()
    workspaces: dict[str, _Workspace] = {}
    fanouts = _open_fanouts(cad, openings)
    occasions: list[Occasion] = []
    for opening, _ in fanouts:
        if opening.tenant not in workspaces:
            workspaces[opening.tenant] = _workspace(
                cad,
                opening.tenant,
                objectives=any(
                    o.tenant == opening.tenant and o.cadence in READ_OBJECTIVES for o in openings
                ),
            )
        shared = workspaces[opening.tenant]
        occasions.append(
            Occasion(
                cad.chat,
                cad.charts,
                opening.tenant,
                opening.team,
                opening.cadence,
                opening.occurrence,
                opening.calendar,
                shared.homes,
                shared.people,
                shared.teams,
                shared.leaves,
                shared.period,
                shared.objectives,
            )
        )

    sent: list[Delivery] = []
    prompts: list[CheckInPrompt] = []
    posts: list[CadencePost] = []
    flushed = time.monotonic()
    renewed = cad.chat.clock.now()

    def flush() -> None:
        nonlocal flushed, renewed
        flushed = time.monotonic()
        now = cad.chat.clock.now()
        if now - renewed >= cad.lease / 2:  # a long fan-out keeps its own claims alive
            renewed = now
            cad.deliveries.finish_many(
                [
                    replace(f, lease_until=now + cad.lease, updated_at=now)
                    for _, f in fanouts
                    if f is not None
                ]
            )
        if prompts or posts:
            uow = cad.chat.unit_of_work()
            with uow:
                uow.prompts.save_many(prompts)
                for post in posts:
                    uow.standups.add_post(post)
                uow.commit()
        cad.deliveries.finish_many(sent)
        prompts.clear()
        posts.clear()
        sent.clear()

    for result in cad.pacer.stream(
        _claims(cad, occasions, outcomes),
        partial(_deliver, cad),
        ahead=cad.batch,
        gather=cad.batch,
        every=cad.flush_every,
    ):
        outcomes[result.outcome] += 1
        if result.sent is not None:
            sent.append(result.sent)
            prompts.extend(result.prompts)
            if result.post is not None:
                posts.append(result.post)
            if len(sent) >= cad.batch or time.monotonic() - flushed >= cad.flush_every:
                flush()
    flush()

    retrying: dict[tuple[str, str, datetime], list[Delivery]] = {}
    closed = []
    for opening, ours in fanouts:
        if ours is None:
            continue
        key = (opening.tenant, opening.cadence.value, opening.occurrence)
        if key not in retrying:
            retrying[key] = [
                d for d in cad.deliveries.of_occurrence(*key) if d.status is DeliveryStatus.RETRY
            ]
        closed.append(_closed(cad, ours, [d for d in retrying[key] if d.team == opening.team.id]))
    cad.deliveries.finish_many(closed)
    return +outcomes


def _open_fanouts(
    cad: Cadences, openings: Sequence[Opening]
) -> list[tuple[Opening, Delivery | None]]:
    """Each opening with its fan-out as this replica claimed it, or None where a rival holds
    it (its targets are still claimed one by one); the ones already done are left out. The
    fan-outs of one occurrence are claimed in one statement."""
    now = cad.chat.clock.now()
    by_occurrence: dict[tuple[str, str, datetime], list[Opening]] = {}
    for opening in openings:
        by_occurrence.setdefault(
            (opening.tenant, opening.cadence.value, opening.occurrence), []
        ).append(opening)
    found: list[tuple[Opening, Delivery | None]] = []
    for (tenant, cadence, occurrence), group in by_occurrence.items():
        wanted = [
            Delivery(
                tenant,
                cadence,
                FANOUT + o.team.id,
                occurrence,
                DeliveryStatus.OPEN,
                o.team.id,
                owner=cad.replica,
                attempts=1,
                lease_until=now + cad.lease,
                updated_at=now,
            )
            for o in group
        ]
        won = {d.target: d for d in cad.deliveries.claim_many(wanted, now)}
        for opening, fanout in zip(group, wanted, strict=True):
            if fanout.target in won:
                found.append((opening, won[fanout.target]))
                continue
            held = cad.deliveries.get(tenant, cadence, fanout.target, occurrence)
            if held is None or held.status is not DeliveryStatus.DONE:
                found.append((opening, None))
    return found


def _workspace(cad: Cadences, tenant: str, *, objectives: bool) -> _Workspace:
    uow = cad.chat.unit_of_work()
    with uow:
        teams = uow.teams.list(tenant)
        people = {p.id: p for p in uow.people.list(tenant)}
        period = access.default_period(uow, tenant)
        # One read for every team's check-in or report rather than one per team.
        by_owner = open_objectives(uow.objectives.in_period(tenant, period)) if objectives else None
    return _Workspace(
        home_teams(teams), people, teams, cad.deliveries.leaves(tenant), period, by_owner
    )


def _record_skips(cad: Cadences, occasion: Occasion, skips: Sequence[Target]) -> Counter[str]:
    now = cad.chat.clock.now()
    settled = [
        Delivery(
            occasion.tenant,
            occasion.cadence.value,
            t.key,
            occasion.occurrence,
            DeliveryStatus.SKIPPED,
            occasion.team.id,
            person=t.person,
            owner=cad.replica,
            updated_at=now,
            detail=t.skip or "",
        )
        for t in skips
    ]
    recorded = len(cad.deliveries.record_many(settled))
    return +Counter({"skipped": recorded, "already": len(settled) - recorded})


def _claims(
    cad: Cadences, occasions: Sequence[Occasion], outcomes: Counter[str]
) -> Iterator[_Claimed]:
    """The targets that are ours to send, claimed `cad.batch` at a time as senders need them
    (each occasion's targets built only then); those another replica (or an earlier run)
    holds are counted as already reached, the skipped logged as such."""
    for occasion in occasions:
        built = targets(occasion)
        outcomes.update(_record_skips(cad, occasion, [t for t in built if t.skip is not None]))
        found = [t for t in built if t.skip is None]
        for start in range(0, len(found), cad.batch):
            batch = found[start : start + cad.batch]
            now = cad.chat.clock.now()
            wanted = [
                Delivery(
                    occasion.tenant,
                    occasion.cadence.value,
                    t.key,
                    occasion.occurrence,
                    DeliveryStatus.CLAIMED,
                    occasion.team.id,
                    person=t.person,
                    owner=cad.replica,
                    attempts=1,
                    lease_until=now + cad.lease,
                    updated_at=now,
                )
                for t in batch
            ]
            won = {d.target: d for d in cad.deliveries.claim_many(wanted, now)}
            outcomes["already"] += len(batch) - len(won)
            for target in batch:
                if target.key in won:
                    yield _Claimed(occasion, target, won[target.key])


def _closed(cad: Cadences, fanout: Delivery, retrying: Sequence[Delivery]) -> Delivery:
    """The fan-out is done once nothing of it waits for a retry; else it waits for the first."""
    finished = cad.chat.clock.now()
    if retrying:
        return replace(
            fanout,
            lease_until=min(d.lease_until or finished for d in retrying),
            updated_at=finished,
        )
    return replace(fanout, status=DeliveryStatus.DONE, updated_at=finished)


def delivery_key(delivery: Delivery) -> str:
    """The idempotency key of a delivery, the same at every attempt (32 hex characters: fits
    Feishu's 50-character `uuid`)."""
    raw = (
        f"{delivery.tenant}|{delivery.cadence}|{delivery.target}|"
        f"{delivery.occurrence.astimezone(UTC).isoformat()}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _deliver(cad: Cadences, claimed: _Claimed) -> _Result:
    """Send one claimed target (on a sender thread); the outcome is written by the caller in
    a batch when sent, here when it failed."""
    occasion, target, delivery = claimed.occasion, claimed.target, claimed.delivery
    attempts = delivery.attempts
    key = delivery_key(delivery)
    try:
        ref = cad.pacer.send(lambda: target.send(key))
    except SendFailed as failed:
        return _Result(_failed(cad, occasion, delivery, attempts, failed.reason, failed.permanent))
    except Exception as error:  # a send that broke for now: retried with backoff
        log.warning("sending %s to %s failed", occasion.cadence.value, target.key, exc_info=True)
        return _Result(_failed(cad, occasion, delivery, attempts, repr(error), permanent=False))
    sent = replace(
        delivery,
        status=DeliveryStatus.SENT,
        updated_at=cad.chat.clock.now(),
        lease_until=None,
        channel=ref.channel if ref else None,
        message_id=ref.id if ref else None,
    )
    asked = target.prompt(ref) if target.prompt is not None and ref is not None else ()
    post = target.posted(ref) if target.posted is not None and ref is not None else None
    return _Result("sent", sent, asked, post)


def _failed(
    cad: Cadences,
    occasion: Occasion,
    delivery: Delivery,
    attempts: int,
    reason: str,
    permanent: bool,
) -> str:
    now = cad.chat.clock.now()
    if permanent or attempts >= cad.max_attempts:
        cad.deliveries.finish(
            replace(
                delivery,
                status=DeliveryStatus.FAILED,
                detail=reason,
                updated_at=now,
                lease_until=None,
                attempts=attempts,
            )
        )
        _report_failure(cad, occasion, delivery, reason)
        return "failed"
    retry_at = now + cad.retry_after * 2 ** (attempts - 1)
    cad.deliveries.finish(
        replace(
            delivery,
            status=DeliveryStatus.RETRY,
            detail=reason,
            updated_at=now,
            lease_until=retry_at,
            attempts=attempts,
        )
    )
    return "retry"


def _report_failure(cad: Cadences, occasion: Occasion, delivery: Delivery, reason: str) -> None:
    """Tell the team lead what could not be delivered (best effort: it is already logged)."""
    uow = cad.chat.unit_of_work()
    with uow:
        lead = uow.people.get(occasion.tenant, occasion.team.lead or "")
        person = uow.people.get(occasion.tenant, delivery.person or "")
    user_id = lead.platform_ids.get(cad.chat.platform.name) if lead else None
    if lead is None or user_id is None or lead.id == delivery.person:
        return
    texts = cad.chat.texts
    text = texts.say(
        lead.locale,
        "cadences",
        "failure_report",
        cadence=texts.markup(
            texts.say(lead.locale, "cadences_chat", "log_cadence", cadence=occasion.cadence.value)
        ),
        person=person.name if person else delivery.target,
        reason=reason,
    )
    try:
        cad.chat.platform.send_dm(occasion.tenant, user_id, Message.of(Section(text)))
    except Exception:
        log.warning("could not report a failed delivery to %s", lead.id, exc_info=True)


def _fire(
    cad: Cadences, schedule: CadenceSchedule, now: datetime, report: TickReport
) -> list[Opening]:
    uow = cad.chat.unit_of_work()
    with uow:
        team = uow.teams.get(schedule.tenant, schedule.team)
    if team is None or schedule.cadence not in {c.value for c in Cadence}:
        cad.deliveries.advance(schedule, NEVER, schedule.rule)
        return []
    cadence = Cadence(schedule.cadence)
    calendar = team_calendar(cad.chat.unit_of_work(), schedule.tenant, team)
    passed = calendar.between(cadence, schedule.next_at - timedelta(microseconds=1), now)
    next_at = calendar.next_after(cadence, now) or NEVER
    if not cad.deliveries.advance(schedule, next_at, schedule.rule):
        return []  # another replica moved it on and opens these occurrences
    openings = []
    for occurrence in passed:
        key = (schedule.tenant, schedule.team, schedule.cadence, occurrence)
        if now - occurrence > cad.grace:
            cad.deliveries.record(
                Delivery(
                    schedule.tenant,
                    cadence.value,
                    FANOUT + team.id,
                    occurrence,
                    DeliveryStatus.MISSED,
                    team.id,
                    owner=cad.replica,
                    updated_at=now,
                    detail=f"found {now - occurrence} late",
                )
            )
            report.missed.append(key)
            continue
        report.opened.append(key)
        openings.append(Opening(schedule.tenant, team, cadence, occurrence, calendar))
    return openings


def _redrive(cad: Cadences, stalled: Delivery, now: datetime, report: TickReport) -> list[Opening]:
    uow = cad.chat.unit_of_work()
    with uow:
        team = uow.teams.get(stalled.tenant, stalled.team)
    if team is None or stalled.cadence not in {c.value for c in Cadence}:
        return []
    if now - stalled.occurrence > cad.grace + cad.lease:
        ours = replace(stalled, owner=cad.replica, lease_until=now + cad.lease)
        if cad.deliveries.claim(ours, now) is not None:
            cad.deliveries.finish(
                replace(
                    ours,
                    status=DeliveryStatus.MISSED,
                    updated_at=now,
                    detail="left unfinished past the grace window",
                )
            )
        return []
    calendar = team_calendar(cad.chat.unit_of_work(), stalled.tenant, team)
    report.redriven += 1
    return [Opening(stalled.tenant, team, Cadence(stalled.cadence), stalled.occurrence, calendar)]


def _rule_key(calendar: TeamCalendar, cadence: Cadence) -> str:
    rule = calendar.settings.rule(cadence)
    days = ",".join(rule.days)
    return (
        f"{days}@{rule.at:%H:%M}/{rule.where.value}/{int(rule.enabled)}|{calendar.timezone}"
        f"|{calendar.settings.country or ''}|{calendar.period.name}"
    )
