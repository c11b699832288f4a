"""Running cadences exactly once, with several replicas sharing the database.

Each replica ticks often. A tick moves every due schedule on by compare-and-set; the replica
that wins opens the occurrences it passed (sent within the grace window, recorded as missed
past it). An occurrence is a fan-out: every target is claimed, a batch at a time, before it is
sent, so a rival replica, a manual re-run or a restart never sends twice, and every replica
helps with a fan-out still open. A fan-out is done only once every target is sent, skipped or
failed for good, whoever claimed it. Claims carry short leases renewed by a heartbeat while
their holder lives: a claim stranded by a crash, a fan-out left open and a send that failed
for now are driven again by any replica or run once their lease or retry time has passed.

A send whose fate is unknown (a crash mid-send, a timeout) is never simply repeated: a
platform with idempotency keys (Feishu's `uuid`) applies a resend once, and one without
(`bot.ports.Reconciling`: Slack) is asked first whether the message is already there.

Stopping (`Runner.stopping`, set on SIGTERM) claims nothing more, lets the sends under way
finish for at most `drain` seconds, records every send that happened and releases the claims
not sent, so that any replica takes them at once.

The core says who gets what (`bot.cadences`); this module makes it happen once."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

from bot.cadences.cadence import Cadence
from bot.cadences.calendar import TeamCalendar, team_calendars
from bot.cadences.occasion import Attachment, Occasion, Target, Workspace, read_workspace
from bot.cadences.registry import CADENCES, cadence_named
from bot.context import Chat
from bot.messages import MessageRef
from bot.model import (
    FANOUT_WAITING,
    CadencePost,
    CadenceSchedule,
    CheckInPrompt,
    Delivery,
    DeliveryStatus,
    Team,
)
from bot.ports import Claims, Meter, NoMeter, Reconciling, Schedules, SendFailed
from bot.redelivery import forget_old_events
from jobs.pacing import Pacer

log = logging.getLogger(__name__)

NEVER = datetime(9999, 1, 1, tzinfo=UTC)  # the next fire time of a cadence turned off
FANOUT = "fanout:"
MESSAGES = "okrbot_messages_total"  # the sends of the cadences, by platform, cadence, outcome
_UNFINISHED = (DeliveryStatus.CLAIMED, DeliveryStatus.RETRY)
T = TypeVar("T")


@dataclass(frozen=True)
class Runner:
    """The cadences of the bot on one platform."""

    chat: Chat
    schedules: Schedules
    claims: Claims
    replica: str = "replica"
    grace: timedelta = timedelta(hours=2)  # how late an occurrence may still be sent
    # How long a claim holds before a takeover; renewed every third of it while its holder
    # lives, so a crash delays its targets by about this much.
    lease: timedelta = timedelta(seconds=45)
    retry_after: timedelta = timedelta(minutes=1)  # doubled at each failed attempt
    max_attempts: int = 5
    pacer: Pacer = field(default_factory=Pacer)
    # Targets claimed (and outcomes written) per statement: what a crash leaves claimed and
    # unsent until their lease runs out, and what a replica takes of a fan-out at a time.
    batch: int = 1
    flush_every: float = 2.0  # seconds: sent outcomes are logged at least this often
    stopping: threading.Event = field(default_factory=threading.Event)  # set: drain and stop
    drain: float = 10.0  # seconds the sends under way may take to finish once stopping
    # The errors of a database that is away for now (storage says which), and how long each
    # write is retried through them before the fan-out gives up.
    outage_errors: tuple[type[BaseException], ...] = ()
    outage: float = 60.0
    meter: Meter = field(default_factory=NoMeter)


@dataclass
class TickReport:
    opened: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    missed: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    redriven: int = 0  # fan-outs taken over past their lease, or stranded claims driven again
    joined: int = 0  # fan-outs another replica holds, helped with
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
    again (or help with) what is unfinished; all of it in one paced fan-out."""
    now = now or runner.chat.clock.now()
    report = TickReport()
    if runner.stopping.is_set():
        return report
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
    seen = {_occasion_key(o) for o in occasions}
    stranded: set[tuple[str, str, str, datetime]] = set()
    for unfinished in runner.claims.stalled(now):
        key = (unfinished.tenant, unfinished.team, unfinished.cadence, unfinished.occurrence)
        if key in seen:
            continue
        seen.add(key)
        if not unfinished.target.startswith(FANOUT):
            stranded.add(key)
        occasions += _redrive(runner, workspaces, unfinished, now, report)
    _observe_backlog(runner, now)
    report.outcomes += run_occasions(runner, occasions, stranded=stranded)
    return report


def _occasion_key(occasion: Occasion) -> tuple[str, str, str, datetime]:
    return (occasion.tenant, occasion.team.id, occasion.cadence.name, occasion.occurrence)


def _observe_backlog(runner: Runner, now: datetime) -> None:
    pending, oldest = runner.claims.backlog(now)
    labels = {"platform": runner.chat.platform.name}
    runner.meter.gauge("okrbot_fanout_backlog", labels, pending)
    lag = (now - oldest).total_seconds() if oldest is not None else 0.0
    runner.meter.gauge("okrbot_fanout_lag_seconds", labels, max(0.0, lag))


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
    return run_occasions(runner, _manual_occasions(runner, tenant, cadence, at))


def _manual_occasions(
    runner: Runner, tenant: str, cadence: Cadence, at: datetime
) -> list[Occasion]:
    uow = runner.chat.unit_of_work()
    with uow:
        teams = uow.teams.list(tenant)
    calendars = team_calendars(runner.chat.unit_of_work(), tenant, teams)
    workspaces = _Workspaces(runner.chat)
    return [
        _occasion(runner, workspaces, tenant, team, cadence, occurrence, calendars[team.id])
        for team in teams
        if (occurrence := calendars[team.id].containing(cadence, at)) is not None
    ]


def drive_cadence(
    runner: Runner,
    tenant: str,
    cadence: Cadence,
    at: datetime,
    *,
    wait: timedelta,
    sleep: Callable[[float], object] | None = None,
) -> Counter[str]:
    """`run_cadence`, then again while targets of it are unsettled (claimed by another run,
    or waiting for a retry), each time their lease or retry time has come, for at most `wait`:
    so a run whose rival died still reaches everyone. Those still unsettled then are counted
    as `pending` (a replica's tick or the next run takes them). Stopping ends it at once."""
    sleep = sleep or runner.stopping.wait
    deadline = time.monotonic() + wait.total_seconds()

    def one_pass() -> tuple[list[Occasion], Counter[str]]:
        # A pass is idempotent (whoever was reached is skipped): through a database outage it
        # is simply run again.
        occasions = _manual_occasions(runner, tenant, cadence, at)
        return occasions, run_occasions(runner, occasions)

    occasions, outcomes = _persist(runner, "running the occurrence", one_pass)
    while not runner.stopping.is_set():
        unsettled = _unsettled(runner, occasions)
        if not unsettled:
            break
        now = runner.chat.clock.now()
        soonest = min(d.lease_until or now for d in unsettled)
        delay = max(0.1, (soonest - now).total_seconds() + 0.05)
        if time.monotonic() + delay > deadline:
            outcomes["pending"] += len(unsettled)
            break
        sleep(delay)
        occasions, again = _persist(runner, "running the occurrence", one_pass)
        again.pop("already", None)
        outcomes += again
    return +outcomes


def _unsettled(runner: Runner, occasions: Sequence[Occasion]) -> list[Delivery]:
    teams = {(o.tenant, o.cadence.name, o.occurrence): set[str]() for o in occasions}
    for o in occasions:
        teams[(o.tenant, o.cadence.name, o.occurrence)].add(o.team.id)
    return [
        d
        for key, ids in teams.items()
        for d in _persist(
            runner, "reading the delivery log", partial(runner.claims.of_occurrence, *key)
        )
        if d.team in ids and not d.target.startswith(FANOUT) and d.status in _UNFINISHED
    ]


def forget_old_deliveries(runner: Runner, before: datetime) -> int:
    """The delivery log's retention: what was settled before `before` is deleted."""
    forgotten = runner.claims.forget_before(before)
    if forgotten:
        log.info("forgot %d deliveries settled before %s", forgotten, before.isoformat())
    return forgotten


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
    outcome: str  # sent | found (sent before, found on the platform) | retry | failed | …
    claimed: _Claimed
    sent: Delivery | None = None
    prompts: Sequence[CheckInPrompt] = ()
    post: CadencePost | None = None


class _Held:
    """The claims a run holds and has not settled (its fan-outs and the targets drawn), with
    their leases as last renewed: what the heartbeat renews, what a drain releases."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[tuple[str, str, str, datetime], Delivery] = {}
        self._started: set[tuple[str, str, str, datetime]] = set()
        self._closed = False

    @staticmethod
    def _key(d: Delivery) -> tuple[str, str, str, datetime]:
        return (d.tenant, d.cadence, d.target, d.occurrence)

    def add(self, deliveries: Sequence[Delivery]) -> None:
        with self._lock:
            for d in deliveries:
                self._held[self._key(d)] = d

    def settle(self, delivery: Delivery) -> None:
        with self._lock:
            self._held.pop(self._key(delivery), None)
            self._started.discard(self._key(delivery))

    def start(self, delivery: Delivery) -> bool:
        """A sender is about to send it: from now on its fate may be unknown. False once the
        run is closed: then it must not be sent."""
        with self._lock:
            if self._closed:
                return False
            self._started.add(self._key(delivery))
            return True

    def close(self) -> tuple[list[Delivery], list[Delivery]]:
        """No send starts from now on: what is held and surely never sent (the fan-outs, the
        targets no sender took up), and what is under way (its fate unknown)."""
        with self._lock:
            self._closed = True
            unstarted = [d for key, d in self._held.items() if key not in self._started]
            started = [d for key, d in self._held.items() if key in self._started]
            return unstarted, started

    def all(self) -> list[Delivery]:
        with self._lock:
            return list(self._held.values())

    def renewed(self, deliveries: Sequence[Delivery], until: datetime) -> None:
        with self._lock:
            for d in deliveries:
                key = self._key(d)
                if key in self._held:
                    self._held[key] = replace(self._held[key], lease_until=until)

    def lease_of(self, delivery: Delivery) -> datetime | None:
        with self._lock:
            held = self._held.get(self._key(delivery))
        return None if held is None else held.lease_until


class _Run:
    """One fan-out run's shared state: the claims it holds, and the heartbeat renewing them."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.held = _Held()
        self._renewing = threading.Lock()
        self.renewed_at = runner.chat.clock.now()
        self._beat = threading.Event()
        self._heart: threading.Thread | None = None

    def start_heartbeat(self) -> None:
        every = max(0.05, self.runner.lease.total_seconds() / 3)

        def beat() -> None:
            while not self._beat.wait(every):
                self.renew()

        self._heart = threading.Thread(target=beat, name="okrbot-heartbeat", daemon=True)
        self._heart.start()

    def stop_heartbeat(self) -> None:
        self._beat.set()
        if self._heart is not None:
            self._heart.join()

    def renew_if_due(self) -> None:
        """Renew from the caller's thread when the (injected) clock says it is time."""
        if self.runner.chat.clock.now() - self.renewed_at >= self.runner.lease / 3:
            self.renew()

    def renew(self) -> None:
        with self._renewing:
            now = self.runner.chat.clock.now()
            until = now + self.runner.lease
            held = self.held.all()
            try:
                self.runner.claims.renew(held, until)
            except Exception:
                log.warning("could not renew %d claims; trying again", len(held), exc_info=True)
                return
            self.held.renewed(held, until)
            self.renewed_at = now


def run_occasions(
    runner: Runner,
    occasions: Sequence[Occasion],
    *,
    stranded: set[tuple[str, str, str, datetime]] | None = None,
) -> Counter[str]:
    """Reach every target of these occasions that nobody reached yet, in one paced fan-out:
    targets are claimed in batches just before they are sent, sent from the pacer's threads,
    and their outcomes (delivery log, check-in prompts, posts) written in batches. `stranded`:
    occasions driven again for claims a crash left, even where their fan-out was closed."""
    outcomes: Counter[str] = Counter()
    run = _Run(runner)
    fanouts = _open_fanouts(runner, occasions, stranded or set())
    run.held.add([f for _, f in fanouts if f is not None])

    sent: list[Delivery] = []
    prompts: list[CheckInPrompt] = []
    posts: list[CadencePost] = []
    released: list[Delivery] = []
    flushed = time.monotonic()

    def write() -> None:
        if prompts or posts:
            uow = runner.chat.unit_of_work()
            with uow:
                uow.prompts.save_many(prompts)
                for post in posts:
                    uow.cadence_posts.add(post)
                uow.commit()
        runner.claims.finish_many(sent)

    def flush() -> None:
        nonlocal flushed
        flushed = time.monotonic()
        run.renew_if_due()
        _persist(runner, "logging what was sent", write)
        prompts.clear()
        posts.clear()
        sent.clear()

    built: dict[int, set[str]] = {}
    tally: Counter[tuple[str, str]] = Counter()  # outcomes by cadence, for the metrics
    claims = _claims(runner, run, [o for o, _ in fanouts], outcomes, built, tally)
    run.start_heartbeat()
    try:
        for result in runner.pacer.stream(
            claims,
            partial(_deliver, runner, run),
            ahead=runner.batch,
            gather=runner.batch,
            every=runner.flush_every,
            stop=runner.stopping,
            drain=runner.drain,
        ):
            outcomes[result.outcome] += 1
            tally[(result.claimed.occasion.cadence.name, result.outcome)] += 1
            run.held.settle(result.claimed.delivery)
            if result.outcome == "released":
                released.append(result.claimed.delivery)
            if result.sent is not None:
                sent.append(result.sent)
                prompts.extend(result.prompts)
                if result.post is not None:
                    posts.append(result.post)
                if len(sent) >= runner.batch or time.monotonic() - flushed >= runner.flush_every:
                    flush()
        flush()
    except Exception:
        # Given back: what no sender took up. A send that was under way keeps its lease (its
        # fate is unknown: whoever takes it over looks for it first).
        run.stop_heartbeat()
        _release(runner, run.held.close()[0], quietly=True)
        raise
    run.stop_heartbeat()
    _count(runner, tally)

    if runner.stopping.is_set():
        # Drained: what was claimed and not sent is released to whoever comes next (as are
        # the fan-outs); a send still under way past the drain keeps its lease, and whoever
        # takes it over looks for it before sending.
        unstarted, in_flight = run.held.close()
        _release(runner, released + unstarted)
        outcomes["released"] += len([d for d in unstarted if not d.target.startswith(FANOUT)])
        outcomes["in_flight"] += len(in_flight)
        log.info(
            "stopped: %d claims released, %d sends still under way keep their lease",
            outcomes["released"],
            len(in_flight),
        )
        return +outcomes

    closed = []
    rows: dict[tuple[str, str, datetime], dict[str, Delivery]] = {}
    for occasion, ours in fanouts:
        if ours is None:
            continue
        key = (occasion.tenant, occasion.cadence.name, occasion.occurrence)
        if key not in rows:
            rows[key] = {d.target: d for d in runner.claims.of_occurrence(*key)}
        closed.append(_closed(runner, ours, built.get(id(occasion), set()), rows[key]))
    _persist(runner, "closing the fan-outs", lambda: runner.claims.finish_many(closed))
    return +outcomes


def _count(runner: Runner, tally: Counter[tuple[str, str]]) -> None:
    platform = runner.chat.platform.name
    for (cadence, outcome), count in tally.items():
        labels = {"platform": platform, "cadence": cadence, "outcome": outcome}
        runner.meter.count(MESSAGES, labels, count)


def _release(runner: Runner, deliveries: Sequence[Delivery], *, quietly: bool = False) -> None:
    """Give claims back (never sent) so that the next replica or run takes them at once: the
    lease ends now, and the claim does not count as an attempt."""
    if not deliveries:
        return
    now = runner.chat.clock.now()
    back = [
        replace(d, lease_until=now, updated_at=now, attempts=max(0, d.attempts - 1))
        for d in deliveries
    ]
    try:
        _persist(runner, "releasing unsent claims", lambda: runner.claims.finish_many(back))
    except Exception:
        if not quietly:
            raise
        log.warning("could not release %d claims: their leases run out", len(back), exc_info=True)
        return


def _persist(runner: Runner, what: str, write: Callable[[], T]) -> T:
    """A database call, retried for `runner.outage` seconds through the errors of a database
    that is away for now (a restart, a failover, a cut connection: the pool reconnects)."""
    deadline = time.monotonic() + runner.outage
    wait = 0.25
    while True:
        try:
            return write()
        except runner.outage_errors:
            if time.monotonic() >= deadline:
                raise
            log.warning("%s failed: the database is away; trying again in %.1fs", what, wait)
            time.sleep(wait)
            wait = min(wait * 2, 5.0)


def _open_fanouts(
    runner: Runner,
    occasions: Sequence[Occasion],
    stranded: set[tuple[str, str, str, datetime]],
) -> list[tuple[Occasion, Delivery | None]]:
    """Each occasion with its fan-out as this replica claimed it, or None where a rival holds
    it (its targets are still claimed one by one, so every replica helps); the ones done are
    left out, unless stranded claims are to be driven again. The fan-outs of one occurrence
    are claimed in one statement."""
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
        won = {
            d.target: d
            for d in _persist(
                runner, "claiming a fan-out", partial(runner.claims.claim_many, wanted, now)
            )
        }
        for occasion, fanout in zip(group, wanted, strict=True):
            if fanout.target in won:
                found.append((occasion, won[fanout.target]))
                continue
            held = runner.claims.get(tenant, cadence, fanout.target, occurrence)
            done = held is not None and held.status is DeliveryStatus.DONE
            if not done or _occasion_key(occasion) in stranded:
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
    recorded = len(_persist(runner, "logging skips", lambda: runner.claims.record_many(settled)))
    return +Counter({"skipped": recorded, "already": len(settled) - recorded})


def _claims(
    runner: Runner,
    run: _Run,
    occasions: Sequence[Occasion],
    outcomes: Counter[str],
    built: dict[int, set[str]],
    tally: Counter[tuple[str, str]],
) -> Iterator[_Claimed]:
    """The targets that are ours to send, claimed `runner.batch` at a time as senders need
    them (each occasion's targets built only then); those another replica (or an earlier run)
    holds are counted as already reached, the skipped logged as such. Nothing more is claimed
    once the runner is stopping. `built` gets every target key of each occasion built."""
    for occasion in occasions:
        if runner.stopping.is_set():
            return
        targets = occasion.cadence.targets(occasion)
        built[id(occasion)] = {t.key for t in targets}
        skipped = _record_skips(runner, occasion, [t for t in targets if t.skip is not None])
        outcomes.update(skipped)
        tally.update({(occasion.cadence.name, o): n for o, n in skipped.items()})
        found = [t for t in targets if t.skip is None]
        for start in range(0, len(found), runner.batch):
            if runner.stopping.is_set():
                return
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
            claimed = _persist(
                runner, "claiming targets", partial(runner.claims.claim_many, wanted, now)
            )
            run.held.add(claimed)
            won = {d.target: d for d in claimed}
            outcomes["already"] += len(batch) - len(won)
            tally[(occasion.cadence.name, "already")] += len(batch) - len(won)
            for target in batch:
                if target.key in won:
                    yield _Claimed(occasion, target, won[target.key])


def _closed(
    runner: Runner, fanout: Delivery, keys: set[str], rows: dict[str, Delivery]
) -> Delivery:
    """The fan-out is done once every target it built is settled, whoever claimed it; else it
    stays open until the first claim left may be taken over or retried, saying that it only
    waits (so replicas stop helping with it until then)."""
    finished = runner.chat.clock.now()
    waiting = [rows.get(key) for key in keys]
    unsettled = [d for d in waiting if d is None or d.status in _UNFINISHED]
    if unsettled:
        return replace(
            fanout,
            lease_until=min(
                (d.lease_until or finished) if d is not None else finished for d in unsettled
            ),
            updated_at=finished,
            detail=FANOUT_WAITING,
        )
    return replace(fanout, status=DeliveryStatus.DONE, updated_at=finished)


def _context(runner: Runner, occasion: Occasion) -> dict[str, str]:
    """What a log record of this occasion says it is about (the JSON logs show it)."""
    return {
        "tenant": occasion.tenant,
        "platform": runner.chat.platform.name,
        "cadence": occasion.cadence.name,
        "replica": runner.replica,
    }


def delivery_key(delivery: Delivery) -> str:
    """The idempotency key of a delivery, the same at every attempt (32 hex characters: fits
    Feishu's 50-character `uuid`)."""
    raw = (
        f"{delivery.tenant}|{delivery.cadence}|{delivery.target}|"
        f"{delivery.occurrence.astimezone(UTC).isoformat()}"
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _deliver(runner: Runner, run: _Run, claimed: _Claimed) -> _Result:
    """Send one claimed target (on a sender thread); the outcome is written by the caller in
    a batch when sent, here when it failed. Not sent: once stopping (released), or when the
    claim's lease is running out (someone else may have taken it over)."""
    occasion, target, delivery = claimed.occasion, claimed.target, claimed.delivery
    if runner.stopping.is_set():
        return _Result("released", claimed)
    lease = run.held.lease_of(delivery) or delivery.lease_until
    if lease is not None and lease - runner.chat.clock.now() < runner.lease / 10:
        log.warning(
            "the claim on %s ran out before it was sent; leaving it",
            target.key,
            extra=_context(runner, occasion),
        )
        return _Result("expired", claimed)
    if not run.held.start(delivery):  # the run closed (stopped) meanwhile
        return _Result("released", claimed)
    platform = runner.chat.platform
    key = delivery_key(delivery)
    found: MessageRef | None = None
    try:
        content = target.content()
        if delivery.attempts > 1 and isinstance(platform, Reconciling):
            # Tried before: it may have gone out before a crash or a timeout. Look first.
            found = runner.pacer.send(
                lambda: platform.find_sent(occasion.tenant, target.to, key, dm=target.dm)
            )
        if found is not None:
            ref = found
        elif target.dm:
            ref = runner.pacer.send(
                lambda: platform.send_dm(occasion.tenant, target.to, content.message, key=key)
            )
        else:
            ref = runner.pacer.send(
                lambda: platform.post(occasion.tenant, target.to, content.message, key=key)
            )
    except SendFailed as failed:
        return _Result(_failed(runner, claimed, failed.reason, failed.permanent), claimed)
    except Exception as error:  # a send that broke for now: retried with backoff
        log.warning(
            "sending %s to %s failed",
            occasion.cadence.name,
            target.key,
            exc_info=True,
            extra=_context(runner, occasion),
        )
        return _Result(_failed(runner, claimed, repr(error), permanent=False), claimed)
    if content.attachment is not None and found is None:
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
    return _Result("sent" if found is None else "found", claimed, sent, prompts, post)


def _attach(runner: Runner, claimed: _Claimed, channel: str, attachment: Attachment) -> None:
    """Upload a post's attachment once the post went out, so a retried post never uploads it
    twice; a failed upload loses the picture, not the post."""
    try:
        runner.chat.platform.upload_image(
            claimed.occasion.tenant, channel, attachment.png, attachment.title
        )
    except Exception:
        log.warning(
            "the attachment of %s could not be uploaded",
            claimed.target.key,
            exc_info=True,
            extra=_context(runner, claimed.occasion),
        )


def _failed(runner: Runner, claimed: _Claimed, reason: str, permanent: bool) -> str:
    """Log a send that failed: for good (permanent, or out of attempts: the lead is told), or
    to be retried after a backoff doubling at each attempt."""
    now = runner.chat.clock.now()
    delivery = claimed.delivery
    attempts = delivery.attempts
    final = permanent or attempts >= runner.max_attempts
    outcome = replace(
        delivery,
        status=DeliveryStatus.FAILED if final else DeliveryStatus.RETRY,
        detail=reason,
        updated_at=now,
        lease_until=None if final else now + runner.retry_after * 2 ** (attempts - 1),
        attempts=attempts,
    )
    _persist(runner, "logging a failed send", partial(runner.claims.finish, outcome))
    if not final:
        return "retry"
    _report_failure(runner, claimed, reason)
    return "failed"


def _report_failure(runner: Runner, claimed: _Claimed, reason: str) -> None:
    """Tell the team lead what could not be delivered (best effort: it is already logged)."""
    report = claimed.occasion.failure_report(claimed.target, reason)
    if report is None:
        return
    user_id, message = report
    try:
        runner.chat.platform.send_dm(claimed.occasion.tenant, user_id, message)
    except Exception:
        log.warning(
            "could not report a failed delivery to %s",
            user_id,
            exc_info=True,
            extra=_context(runner, claimed.occasion),
        )


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
        # Too late to send: whoever takes it over first records it as missed.
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
    held = stalled.target.startswith(FANOUT) and (stalled.lease_until or now) > now
    if held:
        report.joined += 1
    else:
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
