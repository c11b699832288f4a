"""What a check-in says: the KRs numbered 1..N under their objectives with where they stand,
the footer that replaces its buttons once answered, and the form that edits it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.check_ins import Asked
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
    ProgressBar,
    Section,
)
from bot.model import CheckIn, CheckInPrompt, KeyResult, KeyResultKind, Person
from bot.texts import Say, Texts

# What a check-in's buttons and form ask the core to do (`bot.dispatch` routes them).
OPEN_FORM = "check_in.form"
SKIP = "check_in.skip"
UNDO = "check_in.undo"
SUBMIT_FORM = "check_in.submit"
CONFIRM = "check_in.confirm"
APPLIED_REACTION = "white_check_mark"


def sayer(texts: Texts, person: Person) -> Say:
    return texts.voice(person.locale, "check_in")


def prompt_message(
    texts: Texts,
    person: Person,
    prompt: CheckInPrompt,
    asked: Sequence[Asked],
    *,
    period: str | None = None,
    footer: Sequence[Block] = (),
) -> Message:
    """The check-in; `footer` replaces the buttons once answered. `period` names the period
    when there is nothing to ask about."""
    say = sayer(texts, person)
    if not asked:
        return Message.of(Section(say("nothing_to_check", period=period or "")))
    blocks: list[Block] = [Section(say("heading", name=person.name))]
    shown_objective = None
    for number, item in enumerate(asked, start=1):
        if item.objective.id != shown_objective:
            shown_objective = item.objective.id
            blocks.append(
                Section(
                    texts.say(
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
                texts.say(person.locale, "okrs", "caption", kr=item.kr),
            )
        )
    blocks.extend(footer)
    if not footer:
        blocks.append(closing_actions(texts, person, prompt))
    return Message.of(*blocks)


def applied_footer(
    texts: Texts,
    person: Person,
    prompt: CheckInPrompt,
    asked: Sequence[Asked],
    recorded: Sequence[CheckIn],
    unplaced: Sequence[str],
) -> list[Block]:
    """What the answer changed, KR by KR, what could not be placed, and Undo / Edit."""
    say = sayer(texts, person)
    partly = bool(unplaced)
    footer: list[Block] = [
        Section(say("applied", partly=partly)),
        *_changes(say, [a.kr for a in asked], recorded),
    ]
    if partly:
        footer.append(Context(say("not_understood", parts=list(unplaced))))
    footer.append(closing_actions(texts, person, prompt))
    return footer


@dataclass(frozen=True)
class Doubt:
    """A value read from a reply that looks off for its KR, held back until the person says.
    `instead` is the same digits on the KR's own scale, when that reads plausibly; `before`
    is where the KR stood when the reply was read."""

    kr: str
    read: float
    instead: float | None
    before: float


@dataclass(frozen=True)
class Choice:
    """A doubt answered: `value` to store, or None for "no"; the doubts still open."""

    prompt_id: str
    doubt: Doubt
    value: float | None
    open: tuple[Doubt, ...]


def doubt_blocks(
    texts: Texts,
    person: Person,
    prompt: CheckInPrompt,
    krs: Sequence[KeyResult],
    doubts: Sequence[Doubt],
) -> list[Block]:
    """Each doubt with what was read and its choices: apply it, the KR's own scale, or no."""
    say = sayer(texts, person)
    numbers = {kr.id: number for number, kr in enumerate(krs, start=1)}
    by_id = {kr.id: kr for kr in krs}
    blocks: list[Block] = []
    for doubt in doubts:
        kr = by_id[doubt.kr]
        others = tuple(d for d in doubts if d is not doubt)
        choices = [(say("apply_read", kr=kr, value=doubt.read), doubt.read)]
        if doubt.instead is not None:
            choices.append((say("apply_instead", kr=kr, value=doubt.instead), doubt.instead))
        buttons = [
            Button(label, CONFIRM, _choice_value(prompt.id, doubt, value, others))
            for label, value in choices
        ]
        buttons.append(
            Button(say("keep_as_is"), CONFIRM, _choice_value(prompt.id, doubt, None, others))
        )
        blocks += [
            Section(say("doubt", index=numbers[kr.id], kr=kr, value=doubt.read)),
            Actions(tuple(buttons)),
        ]
    return blocks


def _choice_value(
    prompt_id: str, doubt: Doubt, value: float | None, others: Sequence[Doubt]
) -> str:
    """What a doubt's button carries: the check-in, the choice, and the doubts still open, so
    answering one keeps the others on the message."""
    return json.dumps(
        {"p": prompt_id, "v": value, "d": [_doubt_data(doubt), *map(_doubt_data, others)]},
        separators=(",", ":"),
    )


def _doubt_data(doubt: Doubt) -> list[object]:
    return [doubt.kr, doubt.read, doubt.instead, doubt.before]


def read_choice(value: str) -> Choice | None:
    """A doubt's button value read back; None for anything that is not one."""
    try:
        data = json.loads(value)
        doubts = [
            Doubt(str(kr), float(read), None if instead is None else float(instead), float(before))
            for kr, read, instead, before in data["d"]
        ]
        chosen = data["v"]
        choice = Choice(
            str(data["p"]), doubts[0], None if chosen is None else float(chosen), tuple(doubts[1:])
        )
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if choice.value not in (None, choice.doubt.read, choice.doubt.instead):
        return None  # only what the buttons offered
    return choice


def kept_footer(
    texts: Texts, person: Person, prompt: CheckInPrompt, krs: Sequence[KeyResult], kr: KeyResult
) -> list[Block]:
    """A doubt answered "no" (or a value already stored): the KR stays as it is."""
    say = sayer(texts, person)
    numbers = {k.id: number for number, k in enumerate(krs, start=1)}
    return [
        Context(say("kept", index=numbers.get(kr.id, 0), kr=kr)),
        closing_actions(texts, person, prompt),
    ]


def closing_actions(texts: Texts, person: Person, prompt: CheckInPrompt) -> Actions:
    """Undo / Edit once the check-in holds anything, else the buttons of one not answered."""
    say = sayer(texts, person)
    if prompt.check_in_ids:
        return Actions(
            (Button(say("undo"), UNDO, prompt.id), Button(say("edit"), OPEN_FORM, prompt.id))
        )
    return Actions(
        (
            Button(say("open_form"), OPEN_FORM, prompt.id, ButtonStyle.PRIMARY),
            Button(say("skip"), SKIP, prompt.id),
        )
    )


def undone_footer(texts: Texts, person: Person, prompt: CheckInPrompt, kept: int) -> list[Block]:
    say = sayer(texts, person)
    return [
        Context(say("undone", kept=kept)),
        Actions((Button(say("open_form"), OPEN_FORM, prompt.id, ButtonStyle.PRIMARY),)),
    ]


def nothing_understood(texts: Texts, person: Person, prompt: CheckInPrompt) -> Message:
    say = sayer(texts, person)
    return Message.of(
        Section(say("nothing_understood")),
        Actions((Button(say("open_form"), OPEN_FORM, prompt.id, ButtonStyle.PRIMARY),)),
    )


def _changes(say: Say, krs: Sequence[KeyResult], recorded: Sequence[CheckIn]) -> list[Block]:
    numbers = {kr.id: number for number, kr in enumerate(krs, start=1)}
    by_id = {kr.id: kr for kr in krs}
    return [
        Section(
            say(
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


def check_in_form(
    texts: Texts, person: Person, prompt: CheckInPrompt, krs: Sequence[KeyResult]
) -> Form:
    say = sayer(texts, person)
    fields: list[FormField] = []
    for number, kr in enumerate(krs, start=1):
        group = say("key_result", index=number, kr=kr, fresh=False)
        if kr.kind is KeyResultKind.MILESTONE:
            fields.append(
                FormField(
                    form_field(kr, "done"),
                    say("field_done"),
                    FieldKind.CHECKBOX,
                    "true" if kr.progress >= 1 else "",
                    group=group,
                )
            )
        else:
            fields.append(
                FormField(
                    form_field(kr, "value"),
                    say("field_value", kr=kr),
                    FieldKind.NUMBER,
                    shown_value(kr),
                    group=group,
                )
            )
        fields += [
            FormField(
                form_field(kr, "confidence"),
                say("field_confidence"),
                FieldKind.CONFIDENCE,
                shown_confidence(kr),
                group=group,
            ),
            FormField(
                form_field(kr, "blocked"), say("field_blocked"), FieldKind.CHECKBOX, "", group=group
            ),
            FormField(
                form_field(kr, "comment"), say("field_comment"), FieldKind.TEXT, "", group=group
            ),
        ]
    return Form(SUBMIT_FORM, prompt.id, say("form_title"), say("form_submit"), tuple(fields))


def form_field(kr: KeyResult, part: str) -> str:
    """The name of one of a KR's fields in the form, as answers and errors are keyed."""
    return f"{kr.id}.{part}"


def shown_value(kr: KeyResult) -> str:
    """The value the form shows: exact (47000, 1234567, 99.75), never rounded."""
    return f"{kr.current:.15g}"


def shown_confidence(kr: KeyResult) -> str:
    return "" if kr.confidence is None else f"{kr.confidence * 10:.15g}"
