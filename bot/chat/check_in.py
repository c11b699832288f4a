"""The check-in conversation: the bot lists someone's KRs, they answer in their own words (or
in the form), the bot applies what it understood and says so, quietly, in place.

Each answer is one use case of `bot.check_ins` (one transaction); this module reads the
words, and renders what the use case did."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from bot.check_ins import (
    Answered,
    Asked,
    Reading,
    first_day_back,
    keep_check_in,
    latest_check_in,
    new_check_in,
    own_check_in,
    record_check_ins,
    record_leave,
    skip_check_in,
    undo_check_ins,
)
from bot.context import Chat, Request
from bot.errors import OkrError
from bot.messages import Block, Context, Message, MessageRef, Reply
from bot.model import CheckInPrompt, KeyResult, KeyResultKind, Person, PromptStatus
from bot.parser import KeyResultRef, ParsedReply, parse_reply
from bot.parser.leave import leave_until
from bot.plausibility import is_plausible, likely_meant
from bot.render.check_in import (
    APPLIED_REACTION,
    OPEN_FORM,
    SKIP,
    Doubt,
    applied_footer,
    check_in_form,
    closing_actions,
    doubt_blocks,
    form_field,
    kept_footer,
    nothing_understood,
    prompt_message,
    read_choice,
    sayer,
    shown_confidence,
    shown_value,
    undone_footer,
)
from bot.texts import Say


def send_check_in(chat: Chat, person: Person) -> CheckInPrompt:
    """DM `person` their check-in now and remember what it asked, to read the answer against."""
    user_id = chat.platform.address(person)
    if user_id is None:
        raise OkrError("not_on_platform", person=person.id, platform=chat.platform.name)
    new = new_check_in(chat.unit_of_work(), chat.clock, person, chat.platform.name)
    message = prompt_message(chat.texts, person, new.prompt, new.asked, period=new.period)
    ref = chat.platform.send_dm(person.tenant, user_id, message)
    prompt = replace(new.prompt, channel=ref.channel, message_id=ref.id)
    keep_check_in(chat.unit_of_work(), prompt)
    return prompt


def answer(chat: Chat, request: Request, person: Person) -> Reply:
    """Read a plain-words answer to the person's latest check-in and apply it. A leave
    ("on vacation until Dec 3") is recorded whether or not a check-in is waiting; a check-in
    already answered stays answered; an update given with no check-in is one of its own."""
    say = sayer(chat.texts, person)
    away_until = leave_until(request.text, person.local_date(chat.clock.now()))
    prompt, asked = latest_check_in(chat.unit_of_work(), person)
    if prompt is None or not asked:
        return _unasked(chat, request, person, away_until)
    waiting = prompt.status is PromptStatus.OPEN
    parsed = parse_reply(request.text, [_reference(a.kr) for a in asked])
    if parsed.skipped and not waiting:
        return (
            _leave(chat, person, away_until) if away_until else Reply.saying(say("nothing_to_skip"))
        )
    if parsed.skipped:
        return _skip(chat, person, prompt, away_until)
    readings, doubts = _hold_back_doubts(asked, _readings(parsed, asked))
    if not readings and not doubts:
        return Reply(messages=(nothing_understood(chat.texts, person, prompt),))
    return _apply(chat, person, prompt, asked, parsed, readings, doubts, away_until)


def _unasked(chat: Chat, request: Request, person: Person, away_until: date | None) -> Reply:
    """An update typed with no check-in to answer: read against the person's KRs and kept as
    a check-in of its own, with the same Undo; the bot asks only when nothing reads."""
    say = sayer(chat.texts, person)
    new = new_check_in(chat.unit_of_work(), chat.clock, person, chat.platform.name)
    parsed = parse_reply(request.text, [_reference(a.kr) for a in new.asked])
    readings: list[Reading] = []
    doubts: list[Doubt] = []
    if new.asked and not parsed.skipped:
        readings, doubts = _hold_back_doubts(new.asked, _readings(parsed, new.asked))
    if not readings and not doubts:
        if away_until:
            return _leave(chat, person, away_until)
        if not new.asked:
            return Reply.saying(say("nothing_to_check", period=new.period))
        return Reply.saying(say("nothing_waiting" if parsed.skipped else "no_prompt"))
    return _apply(
        chat, person, new.prompt, new.asked, parsed, readings, doubts, away_until, opening=True
    )


def _readings(parsed: ParsedReply, asked: Sequence[Asked]) -> list[Reading]:
    """What the reply says of each KR; a confidence said for the whole reply goes to each KR
    it names, or to all of them when it names none."""
    readings = [
        Reading(
            u.kr,
            u.value,
            u.confidence if u.confidence is not None else parsed.confidence,
            u.blocked,
            u.comment,
        )
        for u in parsed.updates
        # A KR named with only words after it keeps them as a note.
        if u.value is not None or u.confidence is not None or u.blocked or u.comment
    ]
    if not readings and parsed.confidence is not None:
        readings = [Reading(a.kr.id, confidence=parsed.confidence) for a in asked]
    return readings


def _apply(
    chat: Chat,
    person: Person,
    prompt: CheckInPrompt,
    asked: Sequence[Asked],
    parsed: ParsedReply,
    readings: Sequence[Reading],
    doubts: Sequence[Doubt],
    away_until: date | None,
    *,
    opening: bool = False,
) -> Reply:
    """Store what reads plainly (with the leave, in one transaction) and ask about the rest.
    `opening`: the check-in was never sent, and is kept with this answer."""
    if not readings:
        if opening:
            keep_check_in(chat.unit_of_work(), prompt)  # its doubts' buttons name it
        if away_until:
            record_leave(
                chat.unit_of_work(), tenant=person.tenant, person=person.id, until=away_until
            )
        return _with_leave(chat, person, _asking(chat, person, prompt, asked, doubts), away_until)
    answered = record_check_ins(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        readings=readings,
        source="chat",
        read_against={a.kr.id: a.kr.current for a in asked},
        prompt_id=prompt.id,
        leave_until=away_until,
        opening=prompt if opening else None,
    )
    applied = _applied(chat, person, answered, parsed.unplaced, doubts)
    return _with_leave(chat, person, applied, away_until)


def _hold_back_doubts(
    asked: Sequence[Asked], readings: Sequence[Reading]
) -> tuple[list[Reading], list[Doubt]]:
    """Values that look off for their KR are held back to be asked about; the rest of what
    was said of that KR (confidence, a blocker, a note) applies now."""
    krs = {a.kr.id: a.kr for a in asked}
    kept: list[Reading] = []
    doubts: list[Doubt] = []
    for reading in readings:
        kr = krs.get(reading.kr)
        if kr is None or reading.value is None or is_plausible(kr, reading.value):
            kept.append(reading)
            continue
        doubts.append(Doubt(kr.id, reading.value, likely_meant(kr, reading.value), kr.current))
        rest = replace(reading, value=None)
        if rest.confidence is not None or rest.blocked or rest.comment:
            kept.append(rest)
    return kept, doubts


def _asking(
    chat: Chat,
    person: Person,
    prompt: CheckInPrompt,
    asked: Sequence[Asked],
    doubts: Sequence[Doubt],
    lead: Sequence[Block] | None = None,
) -> Reply:
    """The check-in redrawn with its doubts to answer (nothing stored for them yet), after
    `lead` (by default the check-in's own buttons)."""
    if lead is None:
        lead = [closing_actions(chat.texts, person, prompt)]
    krs = [a.kr for a in asked]
    footer = [*lead, *doubt_blocks(chat.texts, person, prompt, krs, doubts)]
    update = _prompt_update(chat, person, prompt, asked, footer)
    return Reply(messages=() if update else (Message.of(*footer),), update=update)


def confirm(chat: Chat, person: Person, value: str) -> Reply:
    """A doubt's button: store the value chosen, or leave the KR as it is; other doubts stay."""
    choice = read_choice(value)
    if choice is None:
        return Reply()
    found = own_check_in(chat.unit_of_work(), person, choice.prompt_id)
    if found is None:
        return _not_yours(chat, person)
    prompt, asked = found
    kr = next((a.kr for a in asked if a.kr.id == choice.doubt.kr), None)
    if kr is None:
        return _not_yours(chat, person)
    if choice.value is None or choice.value == kr.current:
        kept = kept_footer(chat.texts, person, prompt, [a.kr for a in asked], kr)
        return _asking(chat, person, prompt, asked, choice.open, kept)
    answered = record_check_ins(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        readings=[Reading(kr.id, choice.value)],
        source="chat",
        read_against={kr.id: choice.doubt.before},
        prompt_id=prompt.id,
    )
    return _applied(chat, person, answered, (), choice.open)


def _leave(chat: Chat, person: Person, until: date) -> Reply:
    """Cadences leave the person alone until `until` (inclusive); the bot wishes them well."""
    record_leave(chat.unit_of_work(), tenant=person.tenant, person=person.id, until=until)
    return _wished_well(chat, person, until)


def _wished_well(chat: Chat, person: Person, until: date) -> Reply:
    back = first_day_back(chat.unit_of_work(), person, until)
    return Reply.saying(sayer(chat.texts, person)("on_leave", back=back))


def _with_leave(chat: Chat, person: Person, reply: Reply, away_until: date | None) -> Reply:
    if away_until is None:
        return reply
    wished = _wished_well(chat, person, away_until)
    return replace(reply, messages=(*reply.messages, *wished.messages))


def press(chat: Chat, person: Person, action: str, prompt_id: str) -> Reply:
    """A button on a check-in message: open the form, skip, or undo."""
    found = own_check_in(chat.unit_of_work(), person, prompt_id)
    if found is None:
        return _not_yours(chat, person)
    prompt, asked = found
    if action == OPEN_FORM:
        return Reply(form=check_in_form(chat.texts, person, prompt, [a.kr for a in asked]))
    if action == SKIP:
        return _skip(chat, person, prompt)
    return _undo(chat, person, prompt)


def submit_form(chat: Chat, person: Person, prompt_id: str, answers: Mapping[str, str]) -> Reply:
    """The structured form came back: check every field, then apply all or nothing."""
    say = sayer(chat.texts, person)
    found = own_check_in(chat.unit_of_work(), person, prompt_id)
    if found is None:
        return _not_yours(chat, person)
    prompt, asked = found
    readings, errors = _read_form(say, asked, answers)
    if errors:
        return Reply.saying(say("form_errors", errors=list(errors.values())), private=True)
    if not readings:
        return Reply(update=_prompt_update(chat, person, prompt, asked, ()))
    answered = record_check_ins(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        readings=readings,
        source="form",
        read_against={a.kr.id: a.kr.current for a in asked},
        prompt_id=prompt.id,
    )
    return _applied(chat, person, answered, ())


def form_errors(
    chat: Chat, person: Person, prompt_id: str, answers: Mapping[str, str]
) -> dict[str, str]:
    """What is wrong in the form, by field, before anything is applied: a platform that can
    show it beside the fields keeps the form open. Nothing for a form that is not the
    person's: `submit_form` answers that."""
    found = own_check_in(chat.unit_of_work(), person, prompt_id)
    if found is None:
        return {}
    return _read_form(sayer(chat.texts, person), found[1], answers)[1]


def _applied(
    chat: Chat,
    person: Person,
    answered: Answered,
    unplaced: Sequence[str],
    doubts: Sequence[Doubt] = (),
) -> Reply:
    assert answered.prompt is not None
    footer = applied_footer(
        chat.texts, person, answered.prompt, answered.asked, answered.check_ins, unplaced
    )
    krs = [a.kr for a in answered.asked]
    footer += doubt_blocks(chat.texts, person, answered.prompt, krs, doubts)
    update = _prompt_update(chat, person, answered.prompt, answered.asked, footer)
    messages: tuple[Message, ...] = ()
    if update is None or unplaced:
        messages = (Message.of(*footer),)
    return Reply(messages=messages, update=update, reaction=APPLIED_REACTION)


def _skip(
    chat: Chat, person: Person, prompt: CheckInPrompt, away_until: date | None = None
) -> Reply:
    """Skip this check-in; with a leave's last day, cadences leave the person alone till then."""
    say = sayer(chat.texts, person)
    skipped = skip_check_in(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        prompt_id=prompt.id,
        leave_until=away_until,
    )
    assert skipped.prompt is not None
    footer = [Context(say("skipped"))]
    update = _prompt_update(chat, person, skipped.prompt, skipped.asked, footer)
    messages: tuple[Message, ...] = () if update else (Message.of(*footer),)
    if away_until is not None:
        messages = _wished_well(chat, person, away_until).messages
    return Reply(messages=messages, update=update, reaction=APPLIED_REACTION)


def _undo(chat: Chat, person: Person, prompt: CheckInPrompt) -> Reply:
    if not prompt.check_in_ids:
        return Reply.saying(sayer(chat.texts, person)("nothing_to_undo"), private=True)
    undone = undo_check_ins(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        check_in_ids=prompt.check_in_ids,
        prompt_id=prompt.id,
    )
    assert undone.prompt is not None
    footer = undone_footer(chat.texts, person, undone.prompt, undone.kept)
    update = _prompt_update(chat, person, undone.prompt, undone.asked, footer)
    return Reply(messages=() if update else (Message.of(*footer),), update=update)


def _prompt_update(
    chat: Chat,
    person: Person,
    prompt: CheckInPrompt,
    asked: Sequence[Asked],
    footer: Sequence[Block],
) -> tuple[MessageRef, Message] | None:
    """The check-in message redrawn with current values, where it can be updated in place."""
    if prompt.channel is None or prompt.message_id is None or not asked:
        return None
    if prompt.platform != chat.platform.name:
        return None
    ref = MessageRef(prompt.platform, prompt.channel, prompt.message_id)
    return ref, prompt_message(chat.texts, person, prompt, asked, footer=footer)


def _not_yours(chat: Chat, person: Person) -> Reply:
    return Reply.saying(sayer(chat.texts, person)("not_yours"), private=True)


def _read_form(
    say: Say, asked: Sequence[Asked], answers: Mapping[str, str]
) -> tuple[list[Reading], dict[str, str]]:
    """What the form changes, KR by KR, and what is wrong in it, by field."""
    readings: list[Reading] = []
    errors: dict[str, str] = {}
    for number, kr in enumerate((a.kr for a in asked), start=1):
        reading = _form_reading(say, number, kr, answers, errors)
        if reading is not None:
            readings.append(reading)
    return readings, errors


def _form_reading(
    say: Say, number: int, kr: KeyResult, answers: Mapping[str, str], errors: dict[str, str]
) -> Reading | None:
    """What the form says of one KR, or None where it changes nothing."""
    value: float | None = None
    if kr.kind is KeyResultKind.MILESTONE:
        done = _checked(answers.get(form_field(kr, "done"), ""))
        value = 1.0 if done else 0.0
    else:
        raw = answers.get(form_field(kr, "value"), "").strip()
        if raw and raw != shown_value(kr):
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                errors[form_field(kr, "value")] = say(
                    "bad_number", label=say("field_value", kr=kr), index=number, value=raw
                )
    confidence: float | None = None
    raw_confidence = answers.get(form_field(kr, "confidence"), "").strip()
    if raw_confidence and raw_confidence != shown_confidence(kr):
        try:
            confidence = float(raw_confidence) / 10
        except ValueError:
            confidence = -1.0
        if not 0 <= confidence <= 1:
            errors[form_field(kr, "confidence")] = say(
                "bad_confidence", index=number, value=raw_confidence
            )
            confidence = None
    blocked = _checked(answers.get(form_field(kr, "blocked"), ""))
    comment = answers.get(form_field(kr, "comment"), "").strip() or None
    if value == kr.current:
        value = None
    if confidence == kr.confidence:
        confidence = None
    if value is None and confidence is None and not blocked and comment is None:
        return None
    return Reading(kr.id, value, confidence, blocked, comment)


def _checked(raw: str) -> bool:
    return raw.strip().casefold() in {"true", "on", "yes", "1", "checked"}


def _reference(kr: KeyResult) -> KeyResultRef:
    return KeyResultRef(
        id=kr.id,
        title=kr.title,
        start=kr.start,
        target=kr.target,
        current=kr.current,
        unit=kr.unit,
        kind=kr.kind.value,
    )
