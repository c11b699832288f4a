"""The biweekly wrap-up digest's numbers: progress per objective and KR with deltas since the
last digest, the confidence trend, at-risk KRs, blockers, who checked in, the bottom-up share.
Every number comes from the KRs and the check-ins behind them, read in a fixed number of
statements whatever the size of the team."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from bot import access, insights
from bot.model import CheckIn, KeyResult, Objective, Owner, Period, Team
from bot.ports import UnitOfWork
from bot.views import bottom_up_share

LOW_CONFIDENCE = 0.5  # below this a KR is at risk


@dataclass(frozen=True)
class KeyResultDigest:
    kr: KeyResult
    owner: str  # the objective's owner, as `Owner` text
    progress: float
    previous_progress: float  # at the last digest
    confidence: float | None
    previous_confidence: float | None
    expected: float  # the share of the period elapsed
    blockers: tuple[str, ...]  # comments of blocked check-ins since the last digest

    @property
    def delta(self) -> float:
        return self.progress - self.previous_progress

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    @property
    def behind(self) -> bool:
        return self.progress < self.expected - insights.BEHIND_MARGIN

    @property
    def at_risk(self) -> bool:
        return self.low_confidence or self.behind

    @property
    def confidence_trend(self) -> int:
        """1 up, -1 down, 0 unchanged or unknown."""
        if self.confidence is None or self.previous_confidence is None:
            return 0
        return (self.confidence > self.previous_confidence) - (
            self.confidence < self.previous_confidence
        )


@dataclass(frozen=True)
class ObjectiveDigest:
    objective: Objective
    key_results: tuple[KeyResultDigest, ...]
    expected: float  # the share of the period elapsed

    # Cached: a large team's digest sorts thousands of objectives by them.
    @cached_property
    def progress(self) -> float:
        """The weighted progress of its KRs at the digest."""
        return self._weighted(lambda d: d.progress)

    @cached_property
    def previous_progress(self) -> float:
        return self._weighted(lambda d: d.previous_progress)

    @property
    def behind(self) -> bool:
        return self.progress < self.expected - insights.BEHIND_MARGIN

    def _weighted(self, value: Callable[[KeyResultDigest], float]) -> float:
        total = sum(d.kr.weight for d in self.key_results)
        if total == 0:
            return 0.0
        return sum(value(d) * d.kr.weight for d in self.key_results) / total


@dataclass(frozen=True)
class Digest:
    team: Team
    period: str
    since: datetime
    until: datetime
    objectives: tuple[ObjectiveDigest, ...]
    checked_in: tuple[str, ...]  # people (ids) who checked in since the last digest
    not_checked_in: tuple[str, ...]
    bottom_up_share: float
    expected: float  # the share of the period elapsed at the digest

    @cached_property
    def key_results(self) -> tuple[KeyResultDigest, ...]:
        return tuple(d for o in self.objectives for d in o.key_results)

    @property
    def at_risk(self) -> tuple[KeyResultDigest, ...]:
        return tuple(d for d in self.key_results if d.at_risk)

    @property
    def blockers(self) -> tuple[tuple[KeyResultDigest, str], ...]:
        return tuple((d, comment) for d in self.key_results for comment in d.blockers)

    @property
    def objectives_behind(self) -> tuple[ObjectiveDigest, ...]:
        return tuple(o for o in self.objectives if o.behind)

    @property
    def progress(self) -> float:
        """The team's progress: the mean of its objectives' (0 with none)."""
        return _mean([o.progress for o in self.objectives])

    @property
    def previous_progress(self) -> float:
        return _mean([o.previous_progress for o in self.objectives])

    @property
    def behind(self) -> bool:
        return self.progress < self.expected - insights.BEHIND_MARGIN


def team_digest(
    uow: UnitOfWork,
    *,
    tenant: str,
    team_id: str,
    since: datetime,
    until: datetime,
    timezone: str = "UTC",
) -> Digest:
    """The team's objectives and its members' objectives (the team's first, then each
    member's in the team's order), from `since` to `until`; the pace expected by the end of
    `until`'s day in the team's time zone. A few statements, however large the team."""
    with uow:
        team = uow.teams.get(tenant, team_id)
        if team is None:
            raise ValueError(f"no team '{team_id}'")
        name = access.default_period(uow, tenant)
        period = uow.periods.get(tenant, name) or Period.named(name)
        owners = [Owner(team.id, is_team=True)] + [Owner(m) for m in team.members]
        by_owner: dict[Owner, list[Objective]] = {}
        for objective in uow.objectives.of_owners(tenant, owners, name):
            by_owner.setdefault(objective.owner, []).append(objective)
        objectives = [o for owner in dict.fromkeys(owners) for o in by_owner.get(owner, [])]
        # What came before `since` is in the KRs' values already: only later check-ins count.
        history: dict[str, list[CheckIn]] = {}
        for check_in in uow.check_ins.of_owners(tenant, owners, name, since):
            history.setdefault(check_in.kr_id, []).append(check_in)
    expected = period.elapsed(until.astimezone(ZoneInfo(timezone)).date())
    digests = tuple(
        ObjectiveDigest(
            o,
            tuple(
                _kr_digest(kr, str(o.owner), history.get(kr.id, []), since, until, expected)
                for kr in o.key_results
            ),
            expected,
        )
        for o in objectives
    )
    authors = {c.author for checks in history.values() for c in checks if c.at <= until}
    return Digest(
        team=team,
        period=name,
        since=since,
        until=until,
        objectives=digests,
        checked_in=tuple(m for m in team.members if m in authors),
        not_checked_in=tuple(m for m in team.members if m not in authors),
        bottom_up_share=bottom_up_share(objectives),
        expected=expected,
    )


def _kr_digest(
    kr: KeyResult,
    owner: str,
    history: Sequence[CheckIn],
    since: datetime,
    until: datetime,
    expected: float,
) -> KeyResultDigest:
    then = _as_of(kr, history, since)
    now = _as_of(kr, history, until)
    return KeyResultDigest(
        kr=kr,
        owner=owner,
        progress=replace(kr, current=now[0]).progress,
        previous_progress=replace(kr, current=then[0]).progress,
        confidence=now[1],
        previous_confidence=then[1],
        expected=expected,
        blockers=tuple(c.comment or "" for c in history if c.blocked and since < c.at <= until),
    )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _as_of(
    kr: KeyResult, history: Sequence[CheckIn], moment: datetime
) -> tuple[float, float | None]:
    """The KR's value and confidence at `moment`, from its check-ins (oldest first)."""
    value, confidence = kr.current, kr.confidence
    later = [c for c in history if c.at > moment]
    for check_in in reversed(later):  # undo the later ones, newest first
        if check_in.value is not None and check_in.previous_value is not None:
            value = check_in.previous_value
        if check_in.confidence is not None:
            confidence = check_in.previous_confidence
    return value, confidence
