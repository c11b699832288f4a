"""The biweekly wrap-up digest's numbers: progress per objective and KR with deltas since the
last digest, the confidence trend, at-risk KRs, blockers, who checked in, the bottom-up share.
Every number comes from the KRs and the check-ins behind them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import access, insights
from bot.model import CheckIn, KeyResult, Objective, Owner, Period, Team
from bot.ports import ProgressChart, UnitOfWork
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

    @property
    def score(self) -> float:
        return self.objective.score

    @property
    def previous_score(self) -> float:
        total = sum(d.kr.weight for d in self.key_results)
        if total == 0:
            return 0.0
        return sum(d.previous_progress * d.kr.weight for d in self.key_results) / total


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

    @property
    def key_results(self) -> tuple[KeyResultDigest, ...]:
        return tuple(d for o in self.objectives for d in o.key_results)

    @property
    def at_risk(self) -> tuple[KeyResultDigest, ...]:
        return tuple(d for d in self.key_results if d.at_risk)

    @property
    def blockers(self) -> tuple[tuple[KeyResultDigest, str], ...]:
        return tuple((d, comment) for d in self.key_results for comment in d.blockers)

    def chart(self, title: str, *, expected_label: str, axis_label: str) -> ProgressChart:
        krs = self.key_results
        return ProgressChart(
            title=title,
            labels=tuple(d.kr.title for d in krs),
            progress=tuple(d.progress for d in krs),
            behind=tuple(d.behind for d in krs),
            expected=self.expected,
            expected_label=expected_label,
            axis_label=axis_label,
        )

    @property
    def expected(self) -> float:
        """The share of the period elapsed at the digest."""
        return self.key_results[0].expected if self.key_results else 0.0


def team_digest(
    uow: UnitOfWork,
    *,
    tenant: str,
    team_id: str,
    since: datetime,
    until: datetime,
    timezone: str = "UTC",
) -> Digest:
    """The team's objectives and its members' objectives, from `since` to `until`; the pace
    expected by the end of `until`'s day in the team's time zone."""
    with uow:
        team = uow.teams.get(tenant, team_id)
        if team is None:
            raise ValueError(f"no team '{team_id}'")
        name = access.default_period(uow, tenant)
        period = uow.periods.get(tenant, name) or Period.named(name)
        owners = [Owner(team.id, is_team=True)] + [Owner(m) for m in team.members]
        objectives = [o for owner in owners for o in uow.objectives.of_owner(tenant, owner, name)]
        history = {
            kr.id: [c for c in uow.check_ins.of_key_result(tenant, kr.id) if not c.undone]
            for o in objectives
            for kr in o.key_results
        }
    expected = period.elapsed(until.astimezone(ZoneInfo(timezone)).date())
    digests = tuple(
        ObjectiveDigest(
            o,
            tuple(
                _kr_digest(kr, str(o.owner), history[kr.id], since, until, expected)
                for kr in o.key_results
            ),
        )
        for o in objectives
    )
    authors = {c.author for checks in history.values() for c in checks if since < c.at <= until}
    return Digest(
        team=team,
        period=name,
        since=since,
        until=until,
        objectives=digests,
        checked_in=tuple(m for m in team.members if m in authors),
        not_checked_in=tuple(m for m in team.members if m not in authors),
        bottom_up_share=bottom_up_share(objectives),
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
