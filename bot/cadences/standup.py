"""The daily standup's answers: yesterday / today / blockers, optionally about a KR, written in
the standup post's thread or in answer to the standup DM; recorded per person and day, then
summarised into the team channel at the end of the answer window (`standup-summary`).

Replies in the thread of a channel check-in post are read like a DM answer to a check-in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from bot import access
from bot.cadences.settings import Cadence
from bot.chat import check_in
from bot.chat.context import Chat, Request
from bot.chat.messages import Reply
from bot.model import CadencePost, CheckInPrompt, Person, PromptStatus, StandupAnswer

_LABELS = {
    "yesterday": r"yesterday|y|昨天|昨日",
    "today": r"today|t|今天|今日",
    "blockers": r"blockers?|blocked|blocking|b|阻塞|卡点|障碍|问题|风险",
}
_LABEL = re.compile(
    "|".join(rf"(?P<{name}>(?<![\w]){words_re}(?![\w]))\s*[:：\-—]"
             for name, words_re in ((n, f"(?:{w})") for n, w in _LABELS.items())),
    re.IGNORECASE)
_NOTHING = re.compile(r"^(?:none|no|nothing|n/?a|no blockers?|无|没有|暂无)[.。!！]?$",
                      re.IGNORECASE)
_KR = re.compile(r"\bKR\s*#?\s*(\d+)", re.IGNORECASE)
ANSWER_WINDOW = timedelta(hours=20)  # a standup DM is answered within a day


@dataclass(frozen=True)
class StandupReading:
    yesterday: str
    today: str
    blockers: str
    kr_number: int | None  # "KR2": the person's second KR, as their check-in numbers them


def read_standup(text: str) -> StandupReading:
    """Split an answer at its labels ("Yesterday: … Today: … Blockers: …", "昨天:… 今天:…
    阻塞:…"); text before any label is today's. "none" / "无" as blockers is no blocker."""
    parts = {"yesterday": "", "today": "", "blockers": ""}
    found = list(_LABEL.finditer(text))
    lead = text[:found[0].start()] if found else text
    if lead.strip():
        parts["today"] = _clean(lead)
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        name = match.lastgroup or "today"
        parts[name] = _clean(" ".join(filter(None, (parts[name], text[match.end():end]))))
    if _NOTHING.match(parts["blockers"]):
        parts["blockers"] = ""
    kr = _KR.search(text)
    return StandupReading(parts["yesterday"], parts["today"], parts["blockers"],
                          int(kr[1]) if kr else None)


def _answers_open_check_in(text: str, prompt: CheckInPrompt | None) -> bool:
    """A DM without standup labels while the check-in waits is a check-in answer ("KR1 47k"
    after Tuesday's reminder), not the standup."""
    open_check_in = prompt is not None and prompt.status is PromptStatus.OPEN
    return open_check_in and not _LABEL.search(text)


def _clean(text: str) -> str:
    return text.strip().strip(";；,，").strip()


def route(chat: Chat, request: Request, person: Person) -> Reply | None:
    """The answer to a cadence post, if the message is one: a reply in a standup's or a channel
    check-in's thread, or a DM after a standup DM still unanswered. None otherwise."""
    tenant, place = person.tenant, request.place
    uow = chat.unit_of_work()
    with uow:
        post: CadencePost | None = None
        if not place.is_dm and place.thread:
            post = uow.standups.post_at(tenant, chat.platform.name, place.channel, place.thread)
        elif place.is_dm:
            post = uow.standups.latest_dm(tenant, person.id, Cadence.DAILY_STANDUP.value)
            prompt = uow.prompts.latest_for(tenant, person.id)
            if post is not None and (
                    chat.clock.now() - post.sent_at > ANSWER_WINDOW
                    or (prompt is not None and prompt.sent_at > post.sent_at)
                    or _answers_open_check_in(request.text, prompt)
                    or any(a.person == person.id
                           for a in uow.standups.answers(tenant, post.team, post.day))):
                post = None
    if post is None:
        return None
    if post.cadence == Cadence.DAILY_STANDUP.value:
        return record(chat, request, person, post)
    if post.cadence == Cadence.WEEKLY_CHECKIN.value:
        return _check_in_in_thread(chat, request, person, post)
    return None


def record(chat: Chat, request: Request, person: Person, post: CadencePost) -> Reply:
    """Keep the person's standup of that day (a later answer replaces it) and say so."""
    reading = read_standup(request.text)
    uow = chat.unit_of_work()
    with uow:
        kr_id = None
        if reading.kr_number is not None:
            period = access.default_period(uow, person.tenant)
            asked = check_in.check_in_krs(uow, person, period)
            if 1 <= reading.kr_number <= len(asked):
                kr_id = asked[reading.kr_number - 1].kr.id
        uow.standups.answer(StandupAnswer(person.tenant, post.team, post.day, person.id,
                                          reading.yesterday, reading.today, reading.blockers,
                                          chat.clock.now(), kr_id))
        uow.commit()
    text = chat.texts.say(person.locale, "cadences", "standup_recorded",
                          blocked=bool(reading.blockers))
    return Reply.saying(text, reaction=check_in.APPLIED_REACTION)


def _check_in_in_thread(chat: Chat, request: Request, person: Person,
                        post: CadencePost) -> Reply:
    """A reply in the thread of a channel check-in, read like a DM answer to the check-in the
    post asked of each member; someone it did not ask (a member of a parent team) is asked
    about their KRs now, numbered as a DM check-in would."""
    prompt_id = f"ci-{person.id}-{post.day:%Y%m%d}-thread"
    uow = chat.unit_of_work()
    with uow:
        latest = uow.prompts.latest_for(person.tenant, person.id)
        if (latest is None or latest.sent_at < post.sent_at) and uow.prompts.get(
                person.tenant, prompt_id) is None:
            period = access.default_period(uow, person.tenant)
            asked = check_in.check_in_krs(uow, person, period)
            uow.prompts.save(CheckInPrompt(
                tenant=person.tenant, id=prompt_id, person=person.id,
                kr_ids=[a.kr.id for a in asked], sent_at=post.sent_at,
                platform=chat.platform.name))
            uow.commit()
    return check_in.answer(chat, request, person)
