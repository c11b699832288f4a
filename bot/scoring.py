"""The quarter's end: each owner gives their KRs a final self-score (0..1 in steps of 0.1),
then answers one retro question. Scores never touch a KR's value; the retro answers go to the
team's quarter-end summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import access
from bot.check_ins import Asked, asked_of
from bot.errors import OkrError
from bot.model import CheckInPrompt, Objective, Owner, PromptKind, PromptStatus, RetroAnswer
from bot.objectives import score_key_result
from bot.ports import Clock, UnitOfWork


def scoring_prompt_id(person: str, period: str) -> str:
    """One scoring conversation a person and period; its retro question follows it."""
    return f"qe-{person}-{period}"


def retro_prompt_id(scoring_id: str) -> str:
    """The retro question that follows a scoring prompt."""
    return f"{scoring_id}-retro"


@dataclass(frozen=True)
class Scored:
    prompt: CheckInPrompt  # the scoring prompt, answered
    retro: CheckInPrompt  # the retro question, now waiting
    asked: tuple[Asked, ...]  # the KRs as scored


def record_scores(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    prompt_id: str,
    scores: Sequence[tuple[str, float]],
) -> Scored:
    """The owner's final self-scores of the KRs a scoring prompt listed (KR id, score), all or
    none; the prompt is answered and the retro question opens, in one transaction."""
    with uow:
        acting = access.person(uow, tenant, actor)
        prompt = uow.prompts.get(tenant, prompt_id)
        if prompt is None or prompt.person != acting.id or prompt.kind is not PromptKind.SCORING:
            raise OkrError("not_your_check_in", check_in=prompt_id)
        now = clock.now()
        for kr_id, score in scores:
            if kr_id not in prompt.kr_ids:
                raise OkrError("unknown_key_result", key_result=kr_id)
            # Saved one by one: the next KR of the same objective is read with this score.
            uow.objectives.save(score_key_result(uow, now, acting, kr_id, score))
        prompt.status, prompt.answered_at = PromptStatus.ANSWERED, now
        uow.prompts.save(prompt)
        retro = replace(
            prompt,
            id=retro_prompt_id(prompt.id),
            kind=PromptKind.RETRO,
            sent_at=now,
            status=PromptStatus.OPEN,
            answered_at=None,
            channel=None,
            message_id=None,
        )
        uow.prompts.save(retro)
        asked = asked_of(uow, prompt)
        uow.commit()
    return Scored(prompt, retro, tuple(asked))


def record_retro(
    uow: UnitOfWork,
    clock: Clock,
    *,
    tenant: str,
    actor: str,
    prompt_id: str,
    period: str,
    text: str,
) -> RetroAnswer:
    """The answer to the retro question, kept for the team's quarter-end summary."""
    with uow:
        acting = access.person(uow, tenant, actor)
        prompt = uow.prompts.get(tenant, prompt_id)
        if prompt is None or prompt.person != acting.id or prompt.kind is not PromptKind.RETRO:
            raise OkrError("not_your_check_in", check_in=prompt_id)
        now = clock.now()
        answer = RetroAnswer(tenant, period, acting.id, text.strip(), now)
        uow.retros.save(answer)
        prompt.status, prompt.answered_at = PromptStatus.ANSWERED, now
        uow.prompts.save(prompt)
        access.audit(uow, now, acting, "retro.answered", period)
        uow.commit()
    return answer


def skip_retro(uow: UnitOfWork, clock: Clock, *, tenant: str, actor: str, prompt_id: str) -> None:
    """ "skip": no retro answer this time."""
    with uow:
        acting = access.person(uow, tenant, actor)
        prompt = uow.prompts.get(tenant, prompt_id)
        if prompt is None or prompt.person != acting.id or prompt.kind is not PromptKind.RETRO:
            raise OkrError("not_your_check_in", check_in=prompt_id)
        prompt.status, prompt.answered_at = PromptStatus.SKIPPED, clock.now()
        uow.prompts.save(prompt)
        uow.commit()


@dataclass(frozen=True)
class QuarterSummary:
    """A team's quarter as its people scored it: their objectives and the retro answers."""

    period: str
    objectives: tuple[Objective, ...]  # the team's own, then its members', by owner
    scored: tuple[str, ...]  # the members who gave any final self-score
    retros: tuple[RetroAnswer, ...]  # the members' answers to the retro question


def quarter_summary(
    uow: UnitOfWork, *, tenant: str, team_id: str, members: Sequence[str], period: str
) -> QuarterSummary:
    with uow:
        owners = [Owner(team_id, is_team=True), *(Owner(m) for m in members)]
        found = uow.objectives.of_owners(tenant, owners, period)
        retros = [a for a in uow.retros.of_period(tenant, period) if a.person in members]
    order = {owner: n for n, owner in enumerate(owners)}
    objectives = sorted(found, key=lambda o: (order.get(o.owner, len(order)), o.id))
    scored = {
        o.owner.id
        for o in objectives
        if not o.owner.is_team and any(kr.self_score is not None for kr in o.key_results)
    }
    return QuarterSummary(
        period, tuple(objectives), tuple(m for m in members if m in scored), tuple(retros)
    )
