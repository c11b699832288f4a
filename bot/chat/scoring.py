"""Scoring in chat: `/okr score KR1 0.7` any time, and the quarter-end conversation — the
bot lists the person's KRs, they answer with final self-scores ("KR1 0.6, KR2 1.0"), and the
bot asks one retro question whose answer goes to the team's quarter-end summary."""

from __future__ import annotations

from collections.abc import Sequence

from bot import access, objectives, scoring
from bot.chat.naming import key_result_named
from bot.check_ins import Asked, asked_of
from bot.context import Chat, Request
from bot.errors import OkrError
from bot.messages import Message, Reply, Section
from bot.model import CheckInPrompt, Person, PromptKind, PromptStatus
from bot.parser import parse_reply
from bot.parser.scores import read_scores
from bot.render.check_in import APPLIED_REACTION
from bot.render.cycle import scored_lines, voice


def score(chat: Chat, person: Person, argument: str) -> Reply:
    """`/okr score KR1 0.7`: the KR's final self-score, its owner's."""
    named = key_result_named(chat, person, argument)
    assert named.kr is not None
    read = read_scores(named.rest, 1)
    if len(read.scores) != 1:
        raise OkrError("not_a_score", value=named.rest.strip())
    scored = objectives.set_self_score(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        kr_id=named.kr.id,
        score=read.scores[0][1],
    )
    kr = scored.key_result(named.kr.id)
    assert kr is not None
    return Reply.saying("\n".join(scored_lines(chat.texts, person.locale, [kr])))


def waiting(chat: Chat, person: Person) -> CheckInPrompt | None:
    """The scoring prompt or retro question the person's next DM answers: one still open and
    sent after their latest check-in."""
    uow = chat.unit_of_work()
    with uow:
        latest = uow.prompts.latest_for(person.tenant, person.id)
        found = [
            p
            for kind in (PromptKind.SCORING, PromptKind.RETRO)
            if (p := uow.prompts.latest_for(person.tenant, person.id, kind)) is not None
        ]
    open_ = [p for p in found if p.status is PromptStatus.OPEN]
    newest = max(open_, key=lambda p: p.sent_at, default=None)
    if newest is None or (latest is not None and latest.sent_at > newest.sent_at):
        return None
    return newest


def answer(chat: Chat, request: Request, person: Person, prompt: CheckInPrompt) -> Reply:
    if prompt.kind is PromptKind.RETRO:
        return _retro(chat, request, person, prompt)
    return _scores(chat, request, person, prompt)


def _scores(chat: Chat, request: Request, person: Person, prompt: CheckInPrompt) -> Reply:
    say = voice(chat.texts, person.locale)
    uow = chat.unit_of_work()
    with uow:
        asked = asked_of(uow, prompt)
    read = read_scores(request.text, len(asked))
    scores = [(asked[n - 1].kr.id, value) for n, value in read.scores if 1 <= n <= len(asked)]
    if not scores:
        return Reply.saying(say("scores_not_understood"))
    scored = scoring.record_scores(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        prompt_id=prompt.id,
        scores=scores,
    )
    krs = [a.kr for a in scored.asked if a.kr.id in dict(scores)]
    lines = [say("scores_recorded"), *scored_lines(chat.texts, person.locale, krs)]
    return Reply(
        messages=(
            Message.of(Section("\n".join(lines))),
            Message.of(Section(say("retro_question"))),
        ),
        reaction=APPLIED_REACTION,
    )


def _retro(chat: Chat, request: Request, person: Person, prompt: CheckInPrompt) -> Reply:
    if parse_reply(request.text, []).skipped:
        return _skip_retro(chat, person, prompt)
    scoring.record_retro(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        prompt_id=prompt.id,
        period=_period(chat, person, prompt),
        text=request.text,
    )
    return Reply.saying(voice(chat.texts, person.locale)("retro_thanks"), reaction=APPLIED_REACTION)


def _skip_retro(chat: Chat, person: Person, prompt: CheckInPrompt) -> Reply:
    scoring.skip_retro(
        chat.unit_of_work(), chat.clock, tenant=person.tenant, actor=person.id, prompt_id=prompt.id
    )
    return Reply.saying(
        chat.texts.say(person.locale, "check_in", "skipped"), reaction=APPLIED_REACTION
    )


def _period(chat: Chat, person: Person, prompt: CheckInPrompt) -> str:
    """The period the prompt's KRs belong to (the quarter being closed)."""
    uow = chat.unit_of_work()
    with uow:
        asked: Sequence[Asked] = asked_of(uow, prompt)
        return asked[0].objective.period if asked else access.default_period(uow, person.tenant)
