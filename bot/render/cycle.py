"""What the bot says through an objective's life cycle: the objective as drafted (how each KR
was read) with its buttons, the requests to agree or approve, the forms that draft, edit or
send back, the action plan, the history, and the quarter-end scoring prompt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.changes import Waiting
from bot.check_ins import Asked
from bot.execution import Plan
from bot.history import History
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    Divider,
    FieldKind,
    Form,
    FormField,
    Message,
    Section,
)
from bot.model import (
    ChangeRequest,
    CheckInPrompt,
    KeyResult,
    Locale,
    Objective,
    ObjectiveStatus,
    Person,
    Task,
)
from bot.texts import Say, Texts, number

# What the life cycle's buttons ask the core to do (`bot.dispatch` routes them), and its forms.
EDIT = "objective.edit"  # value: the objective's id; opens the edit form
ALIGN = "objective.align"  # value: the objective's id; offers parents to pick from
ALIGN_TO = "objective.align_to"  # value: "<objective id> <parent id>"
SUBMIT = "objective.submit"
AGREE = "objective.agree"
RETURN = "objective.return"  # opens the form asking what should change
APPROVE = "change.approve"  # value: the change request's id
DECLINE = "change.decline"  # opens the form asking why
NEW_FORM = "objective.new"
EDIT_FORM = "objective.save"
RETURN_FORM = "objective.send_back"
DECLINE_FORM = "change.send_back"
TITLE_FIELD = "title"
KRS_FIELD = "key_results"
REASON_FIELD = "reason"
# In an edit form, a KR whose title does not say its numbers carries them after this.
DEFINITION_MARK = " | "


def voice(texts: Texts, locale: Locale) -> Say:
    return texts.voice(locale, "cycle")


def objective_card(
    texts: Texts,
    locale: Locale,
    objective: Objective,
    *,
    parent: Objective | None = None,
    heading: str = "",
    buttons: bool = True,
) -> Message:
    """The objective and how each of its KRs reads, with the buttons its status allows."""
    say = voice(texts, locale)
    blocks: list[Block] = [Section(heading)] if heading else []
    blocks.append(
        Section(
            say("card", objective=objective, status=_status(say, objective), parent=_named(parent))
        )
    )
    blocks += [
        Context(say("card_kr", index=n, kr=kr))
        for n, kr in enumerate(objective.key_results, start=1)
    ]
    if buttons and objective.status is ObjectiveStatus.DRAFT:
        blocks.append(
            Actions(
                (
                    Button(say("edit"), EDIT, objective.id),
                    Button(say("align"), ALIGN, objective.id),
                    Button(say("submit"), SUBMIT, objective.id, ButtonStyle.PRIMARY),
                )
            )
        )
    return Message.of(*blocks)


def agreement_request(
    texts: Texts, locale: Locale, objective: Objective, owner: str, parent: Objective | None
) -> Message:
    """What the manager is sent when a draft is submitted."""
    say = voice(texts, locale)
    card = objective_card(
        texts,
        locale,
        objective,
        parent=parent,
        buttons=False,
        heading=say("agree_request", owner=owner, title=objective.title, id=objective.id),
    )
    return Message.of(*card.blocks, _decision_buttons(say, objective))


def _decision_buttons(say: Say, objective: Objective) -> Actions:
    return Actions(
        (
            Button(say("agree"), AGREE, objective.id, ButtonStyle.PRIMARY),
            Button(say("ask_changes"), RETURN, objective.id),
        )
    )


def returned_notice(
    texts: Texts, locale: Locale, objective: Objective, by: str, reason: str
) -> Message:
    say = voice(texts, locale)
    return Message.of(
        Section(
            say("returned_notice", by=by, title=objective.title, id=objective.id, reason=reason)
        ),
        Actions(
            (
                Button(say("edit"), EDIT, objective.id),
                Button(say("submit"), SUBMIT, objective.id, ButtonStyle.PRIMARY),
            )
        ),
    )


def change_words(
    texts: Texts, locale: Locale, kr: KeyResult, changes: Mapping[str, str | float]
) -> list[str]:
    """`target 100 → 150`, one per changed field, in the reader's words."""
    say = voice(texts, locale)
    return [
        say(
            "change",
            field=say("field_name", name=name),
            before=_shown(getattr(kr, name)),
            after=_shown(value),
        )
        for name, value in changes.items()
    ]


def change_request_notice(
    texts: Texts, locale: Locale, request: ChangeRequest, kr: KeyResult, by: str
) -> Message:
    say = voice(texts, locale)
    return Message.of(
        Section(
            say(
                "change_request_notice",
                by=by,
                kr=kr.title,
                kr_id=kr.id,
                changes=change_words(texts, locale, kr, request.changes),
                reason=request.reason,
            )
        ),
        _change_buttons(say, request),
    )


def _change_buttons(say: Say, request: ChangeRequest) -> Actions:
    return Actions(
        (
            Button(say("approve"), APPROVE, request.id, ButtonStyle.PRIMARY),
            Button(say("decline"), DECLINE, request.id),
        )
    )


def waiting_message(
    texts: Texts, locale: Locale, waiting: Waiting, names: Mapping[str, str]
) -> Message:
    """What waits for someone's decision, each with its buttons."""
    say = voice(texts, locale)
    if not waiting.objectives and not waiting.requests:
        return Message.of(Section(say("waiting_none")))
    blocks: list[Block] = [Section(say("waiting_heading"))]
    for objective in waiting.objectives:
        owner = names.get(objective.owner.id, str(objective.owner))
        blocks += [
            Section(say("waiting_objective", owner=owner, title=objective.title, id=objective.id)),
            _decision_buttons(say, objective),
        ]
    for request, objective in waiting.requests:
        kr = objective.key_result(request.kr_id)
        if kr is None:
            continue
        blocks += [
            Section(
                say(
                    "waiting_change",
                    by=names.get(request.requested_by, request.requested_by),
                    kr=kr.title,
                    kr_id=kr.id,
                    changes=change_words(texts, locale, kr, request.changes),
                    reason=request.reason,
                )
            ),
            _change_buttons(say, request),
        ]
    return Message.of(*blocks)


def align_choices(
    texts: Texts, locale: Locale, objective: Objective, candidates: Sequence[Objective]
) -> Message:
    say = voice(texts, locale)
    if not candidates:
        return Message.of(Section(say("align_none", title=objective.title)))
    return Message.of(
        Section(say("align_choose", title=objective.title)),
        Actions(
            tuple(Button(_named(c) or c.id, ALIGN_TO, f"{objective.id} {c.id}") for c in candidates)
        ),
    )


def new_form(texts: Texts, locale: Locale, limit: int, owner: str = "") -> Form:
    say = voice(texts, locale)
    return Form(
        NEW_FORM,
        owner,
        say("new_form_title"),
        say("form_save"),
        (
            FormField(TITLE_FIELD, say("field_title"), FieldKind.TEXT),
            FormField(
                KRS_FIELD,
                say("field_krs", limit=limit),
                FieldKind.LONG_TEXT,
                hint=say("field_krs_hint"),
            ),
        ),
    )


def edit_form(
    texts: Texts, locale: Locale, objective: Objective, limit: int, lines: Sequence[str]
) -> Form:
    """The draft to edit: its title, and its KRs one per line as `lines` writes them."""
    say = voice(texts, locale)
    return Form(
        EDIT_FORM,
        objective.id,
        say("edit_form_title"),
        say("form_save"),
        (
            FormField(TITLE_FIELD, say("field_title"), FieldKind.TEXT, objective.title),
            FormField(
                KRS_FIELD,
                say("field_krs", limit=limit),
                FieldKind.LONG_TEXT,
                "\n".join(lines),
                hint=say("field_krs_hint"),
            ),
        ),
    )


def reason_form(texts: Texts, locale: Locale, action: str, value: str, title: str) -> Form:
    """The form asking why: an objective sent back, a change declined."""
    say = voice(texts, locale)
    return Form(
        action,
        value,
        say(title),
        say("send"),
        (FormField(REASON_FIELD, say("field_reason"), FieldKind.LONG_TEXT),),
    )


def plan_message(
    texts: Texts, locale: Locale, name: str, plan: Plan, names: Mapping[str, str]
) -> Message:
    say = voice(texts, locale)
    if not plan.assigned and not plan.on_their_krs:
        return Message.of(Section(say("tasks_heading", name=name)), Section(say("tasks_none")))

    def lines(items: Sequence[tuple[Task, KeyResult]]) -> str:
        return "\n".join(
            say(
                "task_line",
                title=t.title,
                kr=kr.title,
                id=t.id,
                done=t.done,
                due=t.due,
                assignee=names.get(t.assignee, t.assignee) if t.assignee else "",
            )
            for t, kr in sorted(items, key=lambda item: (item[0].done, item[0].id))
        )

    blocks: list[Block] = [Section(say("tasks_heading", name=name))]
    if plan.assigned:
        blocks += [Context(say("tasks_assigned", name=name)), Section(lines(plan.assigned))]
    if plan.on_their_krs:
        blocks += [Context(say("tasks_on_krs", name=name)), Section(lines(plan.on_their_krs))]
    return Message.of(*blocks)


def history_message(texts: Texts, locale: Locale, history: History) -> Message:
    say = voice(texts, locale)
    heading = say(
        "history_heading",
        title=history.objective.title,
        kr=history.key_result.title if history.key_result else "",
    )
    if not history.events:
        return Message.of(Section(say("history_none", title=history.objective.title)))
    lines = [
        say(
            "history_entry",
            at=e.at,
            actor=e.actor,
            what=texts.markup(
                say(
                    "history_what",
                    action=e.action,
                    subject=e.subject,
                    detail=e.detail,
                    check_in=e.check_in,
                )
            ),
        )
        for e in history.events
    ]
    return Message.of(Section(heading), Divider(), Section("\n".join(lines)))


def scoring_message(
    texts: Texts, person: Person, prompt: CheckInPrompt, asked: Sequence[Asked], period: str
) -> Message:
    """The quarter-end prompt: the KRs numbered 1..N with where they ended."""
    say = voice(texts, person.locale)
    blocks: list[Block] = [Section(say("scoring_heading", name=person.name, period=period))]
    for n, item in enumerate(asked, start=1):
        caption = texts.markup(texts.say(person.locale, "okrs", "caption", kr=item.kr))
        blocks.append(Context(say("scoring_kr", index=n, kr=item.kr, caption=caption)))
    return Message.of(*blocks)


def scored_lines(texts: Texts, locale: Locale, krs: Sequence[KeyResult]) -> list[str]:
    say = voice(texts, locale)
    return [
        say(
            "scored",
            kr=kr.title,
            score=kr.self_score,
            verdict=kr.verdict.value if kr.verdict else "",
        )
        for kr in krs
        if kr.self_score is not None
    ]


def _status(say: Say, objective: Objective) -> str:
    return say("status", status=objective.status.value)


def _named(objective: Objective | None) -> str:
    return f"{objective.title} ({objective.id})" if objective else ""


def _shown(value: object) -> str:
    return number(value) if isinstance(value, int | float) else str(value)
