"""The rules of the OKR method that involve more than one object: limits, locking, permissions."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass

from bot.errors import OkrError
from bot.model import KeyResult, KeyResultKind, Objective, ObjectiveStatus, Person


@dataclass(frozen=True)
class Limits:
    """The method's limits; both are settings."""

    key_results_per_objective: int = 4
    objectives_per_person: int = 6  # past this, warn


DEFAULT_LIMITS = Limits()

REVISABLE_FIELDS = ("title", "start", "target", "unit", "weight")


def check_confidence(value: float | None) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise OkrError("confidence_out_of_range", value=value)


def check_self_score(value: float) -> None:
    steps = value * 10
    if not 0.0 <= value <= 1.0 or not math.isclose(steps, round(steps), abs_tol=1e-9):
        raise OkrError("self_score_out_of_range", value=value)


def check_key_result(kr: KeyResult) -> None:
    """A KR must be measurable: a metric moves from a start to a different target."""
    if kr.kind is KeyResultKind.METRIC and kr.start == kr.target:
        raise OkrError("start_equals_target", key_result=kr.id, start=_plain(kr.start))
    if kr.kind is KeyResultKind.MILESTONE and kr.current not in (0.0, 1.0):
        raise OkrError("not_a_milestone_value", key_result=kr.id, value=_plain(kr.current))
    if kr.weight <= 0:
        raise OkrError("weight_not_positive", key_result=kr.id, value=_plain(kr.weight))
    check_confidence(kr.confidence)
    if kr.self_score is not None:
        check_self_score(kr.self_score)


def check_key_result_count(objective: str, count: int, limits: Limits) -> None:
    """An objective has at most `limits.key_results_per_objective` KRs."""
    if count > limits.key_results_per_objective:
        raise OkrError(
            "too_many_key_results",
            objective=objective,
            count=count,
            limit=limits.key_results_per_objective,
        )


def check_room_for_key_result(objective: Objective, limits: Limits) -> None:
    check_key_result_count(objective.id, len(objective.key_results) + 1, limits)


def too_many_objectives(count: int, limits: Limits) -> bool:
    """Whether a person with `count` objectives in a period is past the method's advice."""
    return count > limits.objectives_per_person


def check_open(objective: Objective) -> None:
    if objective.status is ObjectiveStatus.CLOSED:
        raise OkrError("objective_closed", objective=objective.id)


def check_wording_editable(objective: Objective) -> None:
    """An agreed objective keeps its wording, and its KRs change only by approved request."""
    check_open(objective)
    if objective.status is ObjectiveStatus.AGREED:
        raise OkrError("objective_locked", objective=objective.id)


def check_revisable_by_request(objective: Objective, kr: KeyResult, annual: bool) -> None:
    """Quarterly KRs are fixed once agreed; annual KRs may be adjusted with approval."""
    check_open(objective)
    if objective.status is ObjectiveStatus.AGREED and not annual:
        raise OkrError("quarterly_key_result_locked", key_result=kr.id)


@dataclass(frozen=True)
class Standing:
    """What the rules need to know about the person acting on an objective.

    `managers` is the owner's manager chain (for a team objective: the chain of the team's
    lead); `team_leads` are the leads of the owning team and of the teams above it.
    """

    actor: Person
    owner_person: str | None
    managers: Collection[str]
    team_leads: Collection[str]

    @property
    def is_owner(self) -> bool:
        return self.actor.id == self.owner_person

    @property
    def manages_owner(self) -> bool:
        return self.actor.id in self.managers or self.actor.id in self.team_leads

    @property
    def is_admin(self) -> bool:
        return self.actor.is_admin


def may_edit(standing: Standing) -> bool:
    """The owner, the owner's manager chain, team leads for team OKRs, and admins edit."""
    return standing.is_owner or standing.manages_owner or standing.is_admin


def may_agree(standing: Standing) -> bool:
    """The owner's manager chain or an admin agrees an objective (or decides a change to it);
    never its owner: agreement is between two people."""
    return (standing.manages_owner or standing.is_admin) and not standing.is_owner


def may_score(standing: Standing, kr: KeyResult) -> bool:
    """The final self-score is the owner's own: the KR's owner, else the objective's (a team
    objective's lead)."""
    return standing.actor.id == (kr.owner or standing.owner_person)


def may_view(viewer: Person, objective: Objective) -> bool:
    """Everyone in a workspace may view everyone's OKRs, the CEO's included."""
    return viewer.tenant == objective.tenant


def ancestors(start: str, parent_of: Callable[[str], str | None]) -> list[str]:
    """The chain above `start` (its manager, their manager, ...), nearest first.

    Stops at a repeat, so a cycle in the data can never loop forever.
    """
    chain: list[str] = []
    seen = {start}
    current = parent_of(start)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parent_of(current)
    return chain


def _plain(number: float) -> str:
    return f"{number:g}"
