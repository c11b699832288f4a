"""Running cadences exactly once, with several replicas sharing the database.

Each replica ticks often. A tick moves every due schedule on by compare-and-set; the replica
that wins opens the occurrences it passed (sent within the grace window, recorded as missed
past it). An occurrence is a fan-out: every target is claimed before it is sent, so a rival
replica, a manual re-run or a restart never sends twice. A fan-out left open (a crash) or a
send that failed for now is driven again once its lease or retry time has passed.

The core says who gets what (`bot.cadences`); this module makes it happen once."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial

from bot.cadences.cadence import Cadence
from bot.cadences.calendar import TeamCalendar, team_calendars
from bot.cadences.occasion import Attachment, Occasion, Target, Workspace, read_workspace
from bot.cadences.registry import CADENCES, cadence_named
from bot.context import Chat
from bot.model import CadencePost, CadenceSchedule, CheckInPrompt, Delivery, DeliveryStatus, Team
from bot.ports import Claims, Schedules, SendFailed
from bot.redelivery import forget_old_events
from jobs.pacing import Pacer

log = logging.getLogger(__name__)

NEVER = datetime(9999, 1, 1, tzinfo=UTC)  # the next fire time of a cadence turned off
FANOUT = "fanout:"


@dataclass(frozen=True)
class Runner:
    """The cadences of the bot on one platform."""

    chat: Chat
    schedules: Schedules
    claims: Claims
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


@dataclass
class TickReport:
    opened: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    missed: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    redriven: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)


class _Workspaces:
    """Each workspace read once per tick or run, with its open objectives once a cadence that
    needs them comes up."""

    def __init__(self, chat: Chat) -> None:
        self._chat = chat
        self._read: dict[str, tuple[Workspace, bool]] = {}

    def of(self, tenant: str, cadence: Cadence) -> Workspace:
        found = self._read.get(tenant)
        if found is None or (cadence.reads_objectives and not found[1]):
            objectives = cadence.reads_objectives or (found is not None and found[1])
            workspace = read_workspace(self._chat.unit_of_work(), tenant, objectives=objectives)
            found = self._read[tenant] = (workspace, objectives)
        return found[0]


def tick(runner: Runner, now: datetime | None = None) -> TickReport:
    """One scheduler tick: keep schedules in step with settings, open what is due, and drive
    again what a crash or a failure left unfinished; all of it in one paced fan-out."""
    now = now or runner.chat.clock.now()
    report = TickReport()
    uow = runner.chat.unit_of_work()
    with uow:
        tenants = uow.tenants.ids()
    for tenant in tenants:
        sync_schedules(runner, tenant, now)
        forget_old_events(runner.chat, tenant)
    workspaces = _Workspaces(runner.chat)
    occasions: list[Occasion] = []
    for schedule in runner.schedules.due(now):
        occasions += _fire(runner, workspaces, schedule, now, report)
    for stalled in runner.claims.stalled(now):
        if stalled.target.startswith(FANOUT):
            occasions += _redrive(runner, workspaces, stalled, now, report)
    report.outcomes += run_occasions(runner, occasions)
    return report


def sync_schedules(runner: Runner, tenant: str, now: datetime) -> None:
    uow = runner.chat.unit_of_work()
    with uow:
        teams = uow.teams.list(tenant)
    known = {(s.team, s.cadence): s for s in runner.schedules.of_tenant(tenant)}
    calendars = team_calendars(runner.chat.unit_of_work(), tenant, teams)
    for team in teams:
        calendar = calendars[team.id]
        for cadence in CADENCES:
            rule = _rule_key(calendar, cadence)
            existing = known.get((team.id, cadence.name))
            if existing is not None and existing.rule == rule:
                continue
            next_at = calendar.next_after(cadence, now) or NEVER
            if existing is None:
                runner.schedules.add(CadenceSchedule(tenant, team.id, cadence.name, next_at, rule))
            else:
                runner.schedules.advance(existing, next_at, rule)


def run_cadence(runner: Runner, tenant: str, cadence: Cadence, at: datetime) -> Counter[str]:
    """An operator's manual run: the occurrence containing `at`, for every team, whatever
    their local hour. Whoever it already reached is skipped."""
    uow = runner.chat.unit_of_work()
    with uow:
        teams = uow.teams.list(tenant)
    calendars = team_calendars(runner.chat.unit_of_work(), tenant, teams)
    workspaces = _Workspaces(runner.chat)
    occasions = [
        _occasion(runner, workspaces, tenant, team, cadence, occurrence, calendars[team.id])
        for team in teams
        if (occurrence := calendars[team.id].containing(cadence, at)) is not None
    ]
    return run_occasions(runner, occasions)


def _occasion(
    runner: Runner,
    workspaces: _Workspaces,
    tenant: str,
    team: Team,
    cadence: Cadence,
    occurrence: datetime,
    calendar: TeamCalendar,
) -> Occasion:
    workspace = workspaces.of(tenant, cadence)
    return Occasion(runner.chat, cadence, team, occurrence, calendar, workspace)


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


def run_occasions(runner: Runner, occasions: Sequence[Occasion]) -> Counter[str]:
    """Reach every target of these occasions that nobody reached yet, in one paced fan-out:
    targets are claimed in batches just before they are sent, sent from the pacer's threads,
    and their outcomes (delivery log, check-in prompts, posts) written in batches."""
    outcomes: Counter[str] = Counter()
    fanouts = _open_fanouts(runner, occasions)

    sent: list[Delivery] = []
    prompts: list[CheckInPrompt] = []
    posts: list[CadencePost] = []
    flushed = time.monotonic()
    renewed = runner.chat.clock.now()

    def flush() -> None:
        nonlocal flushed, renewed
        flushed = time.monotonic()
        now = runner.chat.clock.now()
        if now - renewed >= runner.lease / 2:  # a long fan-out keeps its own claims alive
            renewed = now
            runner.claims.finish_many(
                [
                    replace(f, lease_until=now + runner.lease, updated_at=now)
                    for _, f in fanouts
                    if f is not None
                ]
            )
        if prompts or posts:
            uow = runner.chat.unit_of_work()
            with uow:
                uow.prompts.save_many(prompts)
                for post in posts:
                    uow.cadence_posts.add(post)
                uow.commit()
        runner.claims.finish_many(sent)
        prompts.clear()
        posts.clear()
        sent.clear()

    claims = _claims(runner, [o for o, _ in fanouts], outcomes)
    for result in runner.pacer.stream(
        claims,
        partial(_deliver, runner),
        ahead=runner.batch,
        gather=runner.batch,
        every=runner.flush_every,
    ):
        outcomes[result.outcome] += 1
        if result.sent is not None:
            sent.append(result.sent)
            prompts.extend(result.prompts)
            if result.post is not None:
                posts.append(result.post)
            if len(sent) >= runner.batch or time.monotonic() - flushed >= runner.flush_every:
                flush()
    flush()

    retrying: dict[tuple[str, str, datetime], list[Delivery]] = {}
    closed = []
    for occasion, ours in fanouts:
        if ours is None:
            continue
        key = (occasion.tenant, occasion.cadence.name, occasion.occurrence)
        if key not in retrying:
            retrying[key] = [
                d for d in runner.claims.of_occurrence(*key) if d.status is DeliveryStatus.RETRY
            ]
        closed.append(
            _closed(runner, ours, [d for d in retrying[key] if d.team == occasion.team.id])
        )
    runner.claims.finish_many(closed)
    return +outcomes


def _open_fanouts(
    runner: Runner, occasions: Sequence[Occasion]
) -> list[tuple[Occasion, Delivery | None]]:
    """Each occasion with its fan-out as this replica claimed it, or None where a rival holds
    it (its targets are still claimed one by one); the ones already done are left out. The
    fan-outs of one occurrence are claimed in one statement."""
    now = runner.chat.clock.now()
    by_occurrence: dict[tuple[str, str, datetime], list[Occasion]] = {}
    for occasion in occasions:
        key = (occasion.tenant, occasion.cadence.name, occasion.occurrence)
        by_occurrence.setdefault(key, []).append(occasion)
    found: list[tuple[Occasion, Delivery | None]] = []
    for (tenant, cadence, occurrence), group in by_occurrence.items():
        wanted = [
            Delivery(
                tenant,
                cadence,
                FANOUT + o.team.id,
                occurrence,
                DeliveryStatus.OPEN,
                o.team.id,
                owner=runner.replica,
                attempts=1,
                lease_until=now + runner.lease,
                updated_at=now,
            )
            for o in group
        ]
        won = {d.target: d for d in runner.claims.claim_many(wanted, now)}
        for occasion, fanout in zip(group, wanted, strict=True):
            if fanout.target in won:
                found.append((occasion, won[fanout.target]))
                continue
            held = runner.claims.get(tenant, cadence, fanout.target, occurrence)
            if held is None or held.status is not DeliveryStatus.DONE:
                found.append((occasion, None))
    return found


def _record_skips(runner: Runner, occasion: Occasion, skips: Sequence[Target]) -> Counter[str]:
    now = runner.chat.clock.now()
    settled = [
        Delivery(
            occasion.tenant,
            occasion.cadence.name,
            t.key,
            occasion.occurrence,
            DeliveryStatus.SKIPPED,
            occasion.team.id,
            person=t.person,
            owner=runner.replica,
            updated_at=now,
            detail=t.skip or "",
        )
        for t in skips
    ]
    recorded = len(runner.claims.record_many(settled))
    return +Counter({"skipped": recorded, "already": len(settled) - recorded})


def _claims(
    runner: Runner, occasions: Sequence[Occasion], outcomes: Counter[str]
) -> Iterator[_Claimed]:
    """The targets that are ours to send, claimed `runner.batch` at a time as senders need
    them (each occasion's targets built only then); those another replica (or an earlier run)
    holds are counted as already reached, the skipped logged as such."""
    for occasion in occasions:
        built = occasion.cadence.targets(occasion)
        outcomes.update(_record_skips(runner, occasion, [t for t in built if t.skip is not None]))
        found = [t for t in built if t.skip is None]
        for start in range(0, len(found), runner.batch):
            batch = found[start : start + runner.batch]
            now = runner.chat.clock.now()
            wanted = [
                Delivery(
                    occasion.tenant,
                    occasion.cadence.name,
                    t.key,
                    occasion.occurrence,
                    DeliveryStatus.CLAIMED,
                    occasion.team.id,
                    person=t.person,
                    owner=runner.replica,
                    attempts=1,
                    lease_until=now + runner.lease,
                    updated_at=now,
                )
                for t in batch
            ]
            won = {d.target: d for d in runner.claims.claim_many(wanted, now)}
            outcomes["already"] += len(batch) - len(won)
            for target in batch:
                if target.key in won:
                    yield _Claimed(occasion, target, won[target.key])


def _closed(runner: Runner, fanout: Delivery, retrying: Sequence[Delivery]) -> Delivery:
    """The fan-out is done once nothing of it waits for a retry; else it waits for the first."""
    finished = runner.chat.clock.now()
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


def _deliver(runner: Runner, claimed: _Claimed) -> _Result:
    """Send one claimed target (on a sender thread); the outcome is written by the caller in
    a batch when sent, here when it failed."""
    occasion, target, delivery = claimed.occasion, claimed.target, claimed.delivery
    platform = runner.chat.platform
    key = delivery_key(delivery)
    try:
        content = target.content()
        if target.dm:
            ref = runner.pacer.send(
                lambda: platform.send_dm(occasion.tenant, target.to, content.message, key=key)
            )
        else:
            ref = runner.pacer.send(
                lambda: platform.post(occasion.tenant, target.to, content.message, key=key)
            )
    except SendFailed as failed:
        return _Result(_failed(runner, claimed, failed.reason, failed.permanent))
    except Exception as error:  # a send that broke for now: retried with backoff
        log.warning("sending %s to %s failed", occasion.cadence.name, target.key, exc_info=True)
        return _Result(_failed(runner, claimed, repr(error), permanent=False))
    if content.attachment is not None:
        _attach(runner, claimed, ref.channel, content.attachment)
    now = runner.chat.clock.now()
    sent = replace(
        delivery,
        status=DeliveryStatus.SENT,
        updated_at=now,
        lease_until=None,
        channel=ref.channel,
        message_id=ref.id,
    )
    prompts, post = target.kept(ref, now)
    return _Result("sent", sent, prompts, post)


def _attach(runner: Runner, claimed: _Claimed, channel: str, attachment: Attachment) -> None:
    """Upload a post's attachment once the post went out, so a retried post never uploads it
    twice; a failed upload loses the picture, not the post."""
    try:
        runner.chat.platform.upload_image(
            claimed.occasion.tenant, channel, attachment.png, attachment.title
        )
    except Exception:
        log.warning("the attachment of %s could not be uploaded", claimed.target.key, exc_info=True)


def _failed(runner: Runner, claimed: _Claimed, reason: str, permanent: bool) -> str:
    now = runner.chat.clock.now()
    delivery = claimed.delivery
    attempts = delivery.attempts
    if permanent or attempts >= runner.max_attempts:
        runner.claims.finish(
            replace(
                delivery,
                status=DeliveryStatus.FAILED,
                detail=reason,
                updated_at=now,
                lease_until=None,
                attempts=attempts,
            )
        )
        _report_failure(runner, claimed, reason)
        return "failed"
    retry_at = now + runner.retry_after * 2 ** (attempts - 1)
    runner.claims.finish(
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


def _report_failure(runner: Runner, claimed: _Claimed, reason: str) -> None:
    """Tell the team lead what could not be delivered (best effort: it is already logged)."""
    report = claimed.occasion.failure_report(claimed.target, reason)
    if report is None:
        return
    user_id, message = report
    try:
        runner.chat.platform.send_dm(claimed.occasion.tenant, user_id, message)
    except Exception:
        log.warning("could not report a failed delivery to %s", user_id, exc_info=True)


def _fire(
    runner: Runner,
    workspaces: _Workspaces,
    schedule: CadenceSchedule,
    now: datetime,
    report: TickReport,
) -> list[Occasion]:
    uow = runner.chat.unit_of_work()
    with uow:
        team = uow.teams.get(schedule.tenant, schedule.team)
    cadence = cadence_named(schedule.cadence)
    if team is None or cadence is None:
        runner.schedules.advance(schedule, NEVER, schedule.rule)
        return []
    calendar = team_calendars(runner.chat.unit_of_work(), schedule.tenant, [team])[team.id]
    passed = calendar.between(cadence, schedule.next_at - timedelta(microseconds=1), now)
    next_at = calendar.next_after(cadence, now) or NEVER
    if not runner.schedules.advance(schedule, next_at, schedule.rule):
        return []  # another replica moved it on and opens these occurrences
    occasions = []
    for occurrence in passed:
        key = (schedule.tenant, schedule.team, schedule.cadence, occurrence)
        if now - occurrence > runner.grace:
            runner.claims.record(
                Delivery(
                    schedule.tenant,
                    cadence.name,
                    FANOUT + team.id,
                    occurrence,
                    DeliveryStatus.MISSED,
                    team.id,
                    owner=runner.replica,
                    updated_at=now,
                    detail=f"found {now - occurrence} late",
                )
            )
            report.missed.append(key)
            continue
        report.opened.append(key)
        occasions.append(
            _occasion(runner, workspaces, schedule.tenant, team, cadence, occurrence, calendar)
        )
    return occasions


def _redrive(
    runner: Runner, workspaces: _Workspaces, stalled: Delivery, now: datetime, report: TickReport
) -> list[Occasion]:
    uow = runner.chat.unit_of_work()
    with uow:
        team = uow.teams.get(stalled.tenant, stalled.team)
    cadence = cadence_named(stalled.cadence)
    if team is None or cadence is None:
        return []
    if now - stalled.occurrence > runner.grace + runner.lease:
        ours = replace(stalled, owner=runner.replica, lease_until=now + runner.lease)
        if runner.claims.claim(ours, now) is not None:
            runner.claims.finish(
                replace(
                    ours,
                    status=DeliveryStatus.MISSED,
                    updated_at=now,
                    detail="left unfinished past the grace window",
                )
            )
        return []
    calendar = team_calendars(runner.chat.unit_of_work(), stalled.tenant, [team])[team.id]
    report.redriven += 1
    return [
        _occasion(runner, workspaces, stalled.tenant, team, cadence, stalled.occurrence, calendar)
    ]


def _rule_key(calendar: TeamCalendar, cadence: Cadence) -> str:
    rule = calendar.settings.rule(cadence)
    days = ",".join(rule.days)
    return (
        f"{days}@{rule.at:%H:%M}/{rule.where.value}/{int(rule.enabled)}|{calendar.timezone}"
        f"|{calendar.settings.country or ''}|{calendar.period.name}"
    )
