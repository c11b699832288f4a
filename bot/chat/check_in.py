"""The check-in conversation: the bot lists someone's KRs, they answer in their own words (or
in the form), the bot applies what it understood and says so, quietly, in place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot import access
from bot.check_ins import record_check_ins, undo_check_ins
from bot.context import Chat, Request
from bot.errors import OkrError
from bot.ids import first_free
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    FieldKind,
    Form,
    FormField,
    Message,
    MessageRef,
    ProgressBar,
    Reply,
    Section,
)
from bot.model import (
    CheckIn,
    CheckInPrompt,
    KeyResult,
    KeyResultKind,
    Objective,
    ObjectiveStatus,
    Owner,
    Person,
    PromptStatus,
)
from bot.parser import KeyResultRef, parse_reply
from bot.parser.leave import leave_until
from bot.ports import UnitOfWork
from bot.texts import Say

OPEN_FORM = "check_in.form"
SKIP = "check_in.skip"
UNDO = "check_in.undo"
SUBMIT_FORM = "check_in.submit"
APPLIED_REACTION = "white_check_mark"


@dataclass(frozen=True)
class Reading:
    """One KR's part of an answer, from the parser or from the form."""

    kr: str
    value: float | None
    confidence: float | None
    blocked: bool
    comment: str | None


@dataclass(frozen=True)
class Asked:
    """A KR a check-in asks about, with the objective it belongs to."""

    objective: Objective
    kr: KeyResult
    team: str | None = None  # the owning team's name, for a team KR
    fresh: bool = False  # updated since the person's previous check-in: listed, not asked again


def mark_fresh(
    uow: UnitOfWork, tenant: str, asked: Mapping[str, list[Asked]], before: datetime
) -> dict[str, list[Asked]]:
    """`asked` (person → KRs), each KR marked fresh when it was checked in (not undone) after
    that person's previous check-in was sent. Numbering is kept: fresh KRs stay listed."""
    previous = uow.prompts.last_sent(tenant, list(asked), before)
    last = uow.check_ins.last_at(tenant, list({a.kr.id for items in asked.values() for a in items}))
    return {
        person: [
            replace(a, fresh=True)
            if person in previous and a.kr.id in last and last[a.kr.id] > previous[person]
            else a
            for a in items
        ]
        for person, items in asked.items()
    }


def check_in_krs(uow: UnitOfWork, person: Person, period: str) -> list[Asked]:
    """What a check-in asks a person about: the KRs of their open objectives, then those of the
    teams they lead, in the order the objectives list them."""
    led = {
        team.id: team.name
        for team in uow.teams.of_member(person.tenant, person.id)
        if team.lead == person.id
    }
    owners = [Owner(person.id)] + [Owner(team_id, is_team=True) for team_id in led]
    return [
        Asked(objective, kr, led.get(owner.id) if owner.is_team else None)
        for owner in owners
        for objective in uow.objectives.of_owner(person.tenant, owner, period)
        if objective.status is not ObjectiveStatus.CLOSED
        for kr in objective.key_results
    ]


def send_check_in(chat: Chat, person: Person, prompt_id: str | None = None) -> CheckInPrompt:
    """DM `person` their check-in and remember what it asked, to read the answer against it."""
    uow = chat.unit_of_work()
    with uow:
        period = access.default_period(uow, person.tenant)
        asked = mark_fresh(
            uow, person.tenant, {person.id: check_in_krs(uow, person, period)}, chat.clock.now()
        )[person.id]
        prompt_id = prompt_id or first_free(
            f"ci-{person.id}-{chat.clock.now():%Y%m%d}",
            lambda candidate: uow.prompts.get(person.tenant, candidate) is not None,
        )
    user_id = person.platform_ids.get(chat.platform.name)
    if user_id is None:
        raise OkrError("not_on_platform", person=person.id, platform=chat.platform.name)
    prompt = CheckInPrompt(
        tenant=person.tenant,
        id=prompt_id,
        person=person.id,
        kr_ids=[a.kr.id for a in asked],
        sent_at=chat.clock.now(),
        platform=chat.platform.name,
    )
    message = prompt_message(chat, person, prompt, asked, period=period)
    ref = chat.platform.send_dm(person.tenant, user_id, message)
    prompt.channel, prompt.message_id = ref.channel, ref.id
    with uow:
        uow.prompts.save(prompt)
        uow.commit()
    return prompt


def prompt_message(
    chat: Chat,
    person: Person,
    prompt: CheckInPrompt,
    asked: Sequence[Asked],
    *,
    period: str | None = None,
    footer: Sequence[Block] = (),
) -> Message:
    """The check-in: the KRs numbered 1..N under their objectives, with where they stand;
    `footer` replaces the buttons once answered. `period` names the period when there is
    nothing to ask about."""
    say = _sayer(chat, person)
    if not asked:
        return Message.of(Section(say("nothing_to_check", period=period or "")))
    blocks: list[Block] = [Section(say("heading", name=person.name))]
    shown_objective = None
    for number, item in enumerate(asked, start=1):
        if item.objective.id != shown_objective:
            shown_objective = item.objective.id
            blocks.append(
                Section(
                    chat.texts.say(
                        person.locale,
                        "okrs",
                        "objective_group",
                        objective=item.objective,
                        team=item.team,
                    )
                )
            )
        blocks.append(
            ProgressBar(
                say("key_result", index=number, kr=item.kr, fresh=item.fresh),
                item.kr.progress,
                chat.texts.say(person.locale, "okrs", "caption", kr=item.kr),
            )
        )
    blocks.extend(footer)
    if not footer:
        blocks.append(
            Actions(
                (
                    Button(say("open_form"), OPEN_FORM, prompt.id, ButtonStyle.PRIMARY),
                    Button(say("skip"), SKIP, prompt.id),
                )
            )
        )
    return Message.of(*blocks)


def answer(chat: Chat, request: Request, person: Person) -> Reply:
    """Read a plain-words answer to the person's latest check-in and apply it. A leave
    ("on vacation until Dec 3") is recorded whether or not a check-in is waiting; a check-in
    already answered stays answered."""
    say = _sayer(chat, person)
    away_until = leave_until(request.text, person.local_date(chat.clock.now()))
    uow = chat.unit_of_work()
    with uow:
        prompt = uow.prompts.latest_for(person.tenant, person.id)
        asked = _prompt_krs(uow, prompt)
    waiting = prompt is not None and prompt.status is PromptStatus.OPEN
    if prompt is None or not asked:
        return _leave(chat, person, away_until) if away_until else Reply.saying(say("no_prompt"))
    parsed = parse_reply(request.text, [_reference(a.kr) for a in asked])
    if parsed.skipped and not waiting:
        return (
            _leave(chat, person, away_until) if away_until else Reply.saying(say("nothing_to_skip"))
        )
    if parsed.skipped:
        return _skip(chat, person, prompt, away_until)
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
        readings = [Reading(a.kr.id, None, parsed.confidence, False, None) for a in asked]
    if not readings:
        return Reply(
            messages=(
                Message.of(
                    Section(say("nothing_understood")),
                    Actions((Button(say("open_form"), OPEN_FORM, prompt.id, ButtonStyle.PRIMARY),)),
                ),
            )
        )
    applied = _apply(
        chat, person, prompt, readings, unplaced=parsed.unplaced, source="chat", read_against=asked
    )
    if away_until is None:
        return applied
    wished = _leave(chat, person, away_until).messages
    return replace(applied, messages=(*applied.messages, *wished))


def _leave(chat: Chat, person: Person, until: date) -> Reply:
    """Cadences leave the person alone until `until` (inclusive); the bot wishes them well."""
    uow = chat.unit_of_work()
    with uow:
        uow.leaves.set(person.tenant, person.id, until)
        uow.commit()
    return Reply.saying(_sayer(chat, person)("on_leave", until=until))


def press(chat: Chat, person: Person, action: str, prompt_id: str) -> Reply:
    """A button on a check-in message: open the form, skip, or undo."""
    found = _own_prompt(chat, person, prompt_id)
    if isinstance(found, Reply):
        return found
    prompt, asked = found
    if action == OPEN_FORM:
        return Reply(form=_form(chat, person, prompt, [a.kr for a in asked]))
    if action == SKIP:
        return _skip(chat, person, prompt)
    return _undo(chat, person, prompt)


def submit_form(chat: Chat, person: Person, prompt_id: str, answers: Mapping[str, str]) -> Reply:
    """The structured form came back: check every field, then apply all or nothing."""
    say = _sayer(chat, person)
    found = _own_prompt(chat, person, prompt_id)
    if isinstance(found, Reply):
        return found
    prompt, asked = found
    readings, errors = _read_form(say, asked, answers)
    if errors:
        return Reply.saying(say("form_errors", errors=list(errors.values())), private=True)
    if not readings:
        return Reply(update=_prompt_update(chat, person, prompt, asked, ()))
    return _apply(chat, person, prompt, readings, unplaced=(), source="form", read_against=asked)


def _apply(
    chat: Chat,
    person: Person,
    prompt: CheckInPrompt,
    readings: Sequence[Reading],
    *,
    unplaced: Sequence[str],
    source: str,
    read_against: Sequence[Asked],
) -> Reply:
    say = _sayer(chat, person)
    uow = chat.unit_of_work()
    # A refusal propagates: the dispatcher answers every refusal in the person's language.
    recorded = record_check_ins(
        uow,
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        readings=readings,
        source=source,
        read_against={a.kr.id: a.kr.current for a in read_against},
    )
    with uow:
        prompt.status, prompt.answered_at = PromptStatus.ANSWERED, chat.clock.now()
        # A second answer adds to what Undo takes back.
        prompt.check_in_ids = [*prompt.check_in_ids, *(c.id for c in recorded if c.id is not None)]
        uow.prompts.save(prompt)
        asked = _prompt_krs(uow, prompt)
        uow.commit()
    lines = _changes(chat, person, [a.kr for a in asked], recorded)
    partly = bool(unplaced)
    footer: list[Block] = [Section(say("applied", partly=partly)), *lines]
    if partly:
        footer.append(Context(say("not_understood", parts=list(unplaced))))
    footer.append(
        Actions((Button(say("undo"), UNDO, prompt.id), Button(say("edit"), OPEN_FORM, prompt.id)))
    )
    update = _prompt_update(chat, person, prompt, asked, footer)
    messages: tuple[Message, ...] = ()
    if update is None or partly:
        messages = (Message.of(*footer),)
    return Reply(messages=messages, update=update, reaction=APPLIED_REACTION)


def _changes(
    chat: Chat, person: Person, krs: Sequence[KeyResult], recorded: Sequence[CheckIn]
) -> list[Block]:
    numbers = {kr.id: number for number, kr in enumerate(krs, start=1)}
    by_id = {kr.id: kr for kr in krs}
    return [
        Section(
            _sayer(chat, person)(
                "change",
                index=numbers.get(c.kr_id, 0),
                kr=by_id[c.kr_id],
                value_changed=c.value is not None and c.value != c.previous_value,
                before=c.previous_value if c.previous_value is not None else 0.0,
                confidence_changed=c.confidence is not None
                and c.confidence != c.previous_confidence,
                confidence_before=c.previous_confidence,
                blocked=c.blocked,
                comment=c.comment or "",
            )
        )
        for c in recorded
        if c.kr_id in by_id
    ]


def _skip(
    chat: Chat, person: Person, prompt: CheckInPrompt, away_until: date | None = None
) -> Reply:
    """Skip this check-in; with a leave's last day, cadences leave the person alone till then."""
    say = _sayer(chat, person)
    uow = chat.unit_of_work()
    with uow:
        prompt.status, prompt.answered_at = PromptStatus.SKIPPED, chat.clock.now()
        uow.prompts.save(prompt)
        if away_until is not None:
            uow.leaves.set(person.tenant, person.id, away_until)
        asked = _prompt_krs(uow, prompt)
        uow.commit()
    footer = [Context(say("skipped"))]
    update = _prompt_update(chat, person, prompt, asked, footer)
    messages = () if update else (Message.of(*footer),)
    if away_until is not None:
        messages = (Message.of(Section(say("on_leave", until=away_until))),)
    return Reply(messages=messages, update=update, reaction=APPLIED_REACTION)


def _undo(chat: Chat, person: Person, prompt: CheckInPrompt) -> Reply:
    say = _sayer(chat, person)
    if not prompt.check_in_ids:
        return Reply.saying(say("nothing_to_undo"), private=True)
    uow = chat.unit_of_work()
    undone = undo_check_ins(
        uow, chat.clock, tenant=person.tenant, actor=person.id, check_in_ids=prompt.check_in_ids
    )
    kept = len(prompt.check_in_ids) - len(undone)
    with uow:
        prompt.status, prompt.check_in_ids = PromptStatus.OPEN, []
        uow.prompts.save(prompt)
        asked = _prompt_krs(uow, prompt)
        uow.commit()
    footer: list[Block] = [
        Context(say("undone", kept=kept)),
        Actions((Button(say("open_form"), OPEN_FORM, prompt.id, ButtonStyle.PRIMARY),)),
    ]
    update = _prompt_update(chat, person, prompt, asked, footer)
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
    return ref, prompt_message(chat, person, prompt, asked, footer=footer)


def _form(chat: Chat, person: Person, prompt: CheckInPrompt, krs: Sequence[KeyResult]) -> Form:
    say = _sayer(chat, person)
    fields: list[FormField] = []
    for number, kr in enumerate(krs, start=1):
        group = say("key_result", index=number, kr=kr, fresh=False)
        if kr.kind is KeyResultKind.MILESTONE:
            fields.append(
                FormField(
                    _field(kr, "done"),
                    say("field_done"),
                    FieldKind.CHECKBOX,
                    "true" if kr.progress >= 1 else "",
                    group=group,
                )
            )
        else:
            fields.append(
                FormField(
                    _field(kr, "value"),
                    say("field_value", kr=kr),
                    FieldKind.NUMBER,
                    _shown_value(kr),
                    group=group,
                )
            )
        confidence = _shown_confidence(kr)
        fields += [
            FormField(
                _field(kr, "confidence"),
                say("field_confidence"),
                FieldKind.CONFIDENCE,
                confidence,
                group=group,
            ),
            FormField(
                _field(kr, "blocked"), say("field_blocked"), FieldKind.CHECKBOX, "", group=group
            ),
            FormField(_field(kr, "comment"), say("field_comment"), FieldKind.TEXT, "", group=group),
        ]
    return Form(SUBMIT_FORM, prompt.id, say("form_title"), say("form_submit"), tuple(fields))


def form_errors(
    chat: Chat, person: Person, prompt_id: str, answers: Mapping[str, str]
) -> dict[str, str]:
    """What is wrong in the form, by field, before anything is applied: a platform that can
    show it beside the fields keeps the form open. Nothing for a form that is not the
    person's: `submit_form` answers that."""
    found = _own_prompt(chat, person, prompt_id)
    if isinstance(found, Reply):
        return {}
    return _read_form(_sayer(chat, person), found[1], answers)[1]


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
        done = _checked(answers.get(_field(kr, "done"), ""))
        value = 1.0 if done else 0.0
    else:
        raw = answers.get(_field(kr, "value"), "").strip()
        if raw and raw != _shown_value(kr):
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                errors[_field(kr, "value")] = say(
                    "bad_number", label=say("field_value", kr=kr), index=number, value=raw
                )
    confidence: float | None = None
    raw_confidence = answers.get(_field(kr, "confidence"), "").strip()
    if raw_confidence and raw_confidence != _shown_confidence(kr):
        try:
            confidence = float(raw_confidence) / 10
        except ValueError:
            confidence = -1.0
        if not 0 <= confidence <= 1:
            errors[_field(kr, "confidence")] = say(
                "bad_confidence", index=number, value=raw_confidence
            )
            confidence = None
    blocked = _checked(answers.get(_field(kr, "blocked"), ""))
    comment = answers.get(_field(kr, "comment"), "").strip() or None
    if value == kr.current:
        value = None
    if confidence == kr.confidence:
        confidence = None
    if value is None and confidence is None and not blocked and comment is None:
        return None
    return Reading(kr.id, value, confidence, blocked, comment)


def _field(kr: KeyResult, part: str) -> str:
    """The name of one of a KR's fields in the form, as answers and errors are keyed."""
    return f"{kr.id}.{part}"


def _shown_value(kr: KeyResult) -> str:
    """The value the form shows: exact (47000, 1234567, 99.75), never rounded."""
    return f"{kr.current:.15g}"


def _shown_confidence(kr: KeyResult) -> str:
    return "" if kr.confidence is None else f"{kr.confidence * 10:.15g}"


def _checked(raw: str) -> bool:
    return raw.strip().casefold() in {"true", "on", "yes", "1", "checked"}


def _own_prompt(
    chat: Chat, person: Person, prompt_id: str
) -> tuple[CheckInPrompt, list[Asked]] | Reply:
    """The person's own check-in and its KRs, or the answer that it is not theirs."""
    uow = chat.unit_of_work()
    with uow:
        prompt = uow.prompts.get(person.tenant, prompt_id)
        asked = _prompt_krs(uow, prompt)
    if prompt is None or prompt.person != person.id:
        return Reply.saying(_sayer(chat, person)("not_yours"), private=True)
    return prompt, asked


def _prompt_krs(uow: UnitOfWork, prompt: CheckInPrompt | None) -> list[Asked]:
    """The prompt's KRs as they are now, in the order it listed them."""
    if prompt is None:
        return []
    found: list[Asked] = []
    for kr_id in prompt.kr_ids:
        holder = uow.objectives.with_key_result(prompt.tenant, kr_id)
        kr = holder.key_result(kr_id) if holder else None
        if holder is not None and kr is not None:
            team = uow.teams.get(prompt.tenant, holder.owner.id) if holder.owner.is_team else None
            found.append(Asked(holder, kr, team.name if team else None))
    return found


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


def _sayer(chat: Chat, person: Person) -> Say:
    return chat.texts.voice(person.locale, "check_in")
