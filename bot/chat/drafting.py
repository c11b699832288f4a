"""Drafting and agreeing objectives in chat: `/okr new`, `/okr edit`, `/okr align`,
`/okr submit`, `/okr agree`, `/okr return`, with the buttons and forms that do the same."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot import access, objectives
from bot.chat.naming import key_result_named, objective_named, owner_named
from bot.chat.notices import notice_to, owner_of, with_notices
from bot.context import Chat, Request
from bot.errors import OkrError
from bot.messages import Message, Reply, Section
from bot.model import KeyResult, KeyResultKind, Objective, Owner, Person
from bot.parser.drafts import read_key_result
from bot.parser.quantities import find_quantities
from bot.render.cycle import (
    DEFINITION_MARK,
    KRS_FIELD,
    RETURN_FORM,
    TITLE_FIELD,
    agreement_request,
    align_choices,
    change_request_notice,
    change_words,
    edit_form,
    new_form,
    objective_card,
    reason_form,
    returned_notice,
    voice,
)
from bot.texts import number

_PARTS = re.compile(r"[;；\n]+")
_FOR = re.compile(
    r"(?:^|\s)(?:for|为|给)\s+(team\s+\S+|团队\s+\S+|<@[^>]+>|@\S+)\s*$|"
    r"^(?:for|为|给)\s+(team\s+\S+|团队\s+\S+|<@[^>]+>|@\S+)\s+",
    re.IGNORECASE,
)
_TO = re.compile(r"(?:^|\s+)(?:to|到|至)\s+", re.IGNORECASE)
_FIELDS = {
    "title": "title",
    "名称": "title",
    "标题": "title",
    "target": "target",
    "目标值": "target",
    "目标": "target",
    "start": "start",
    "起点": "start",
    "unit": "unit",
    "单位": "unit",
    "weight": "weight",
    "权重": "weight",
}
_ADD = {"add", "添加", "增加"}
_REASON = re.compile(r"\s+(?:because|since|as|因为|原因)\s*[:：]?\s*", re.IGNORECASE)


def new(chat: Chat, request: Request, person: Person, argument: str) -> Reply:
    """`/okr new TITLE; KR; KR…`: a draft for the speaker (or `for @someone`); alone, the
    form to write one."""
    text, owner = _for_whom(chat, request, person, argument)
    if not text.strip():
        return Reply(
            form=new_form(
                chat.texts, person.locale, chat.limits.key_results_per_objective, str(owner)
            )
        )
    title, *lines = [part.strip() for part in _PARTS.split(text) if part.strip()]
    return _drafted(chat, person, owner, title, lines)


def new_submitted(chat: Chat, person: Person, owner: str, answers: Mapping[str, str]) -> Reply:
    """The new-objective form came back."""
    title = answers.get(TITLE_FIELD, "").strip()
    lines = [line.strip() for line in _PARTS.split(answers.get(KRS_FIELD, "")) if line.strip()]
    if not title:
        return Reply.saying(voice(chat.texts, person.locale)("new_usage"), private=True)
    return _drafted(chat, person, Owner.parse(owner) if owner else Owner(person.id), title, lines)


def _drafted(chat: Chat, person: Person, owner: Owner, title: str, lines: Sequence[str]) -> Reply:
    drafted = objectives.draft_objective(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        title=title,
        owner=str(owner),
        key_results=[_key_result(line) for line in lines],
        limits=chat.limits,
    )
    say = voice(chat.texts, person.locale)
    objective = drafted.objective
    heading = say(
        "drafted",
        id=objective.id,
        owner="" if owner == Owner(person.id) else _owner_name(chat, person, owner),
    )
    card = objective_card(chat.texts, person.locale, objective, heading=heading)
    messages = [card]
    if drafted.too_many_objectives:
        uow = chat.unit_of_work()
        with uow:
            count = uow.objectives.count_of_owner(person.tenant, owner, objective.period)
        messages.append(
            Message.of(Section(say("too_many_objectives", count=count, period=objective.period)))
        )
    return Reply(messages=tuple(messages))


def _for_whom(chat: Chat, request: Request, person: Person, argument: str) -> tuple[str, Owner]:
    """The text without its `for @someone` / `for team NAME`, and whom it is for."""
    first_part = _PARTS.split(argument, maxsplit=1)[0]
    found = _FOR.search(first_part)
    if found is None:
        return argument, Owner(person.id)
    owner = owner_named(chat, request.speaker, found[1] or found[2])
    return argument.replace(found[0], " " if found[1] else "", 1).strip(), owner


def _key_result(line: str) -> KeyResult:
    """A KR as its line reads: `title`, or `title | definition` (the edit form's)."""
    title, _, definition = line.partition(DEFINITION_MARK.strip())
    read = read_key_result(definition.strip() or title)
    if read.start_missing:
        raise OkrError("start_missing", title=title.strip(), target=number(read.target))
    if read.milestone:
        return KeyResult(id="", title=title.strip(), kind=KeyResultKind.MILESTONE)
    return KeyResult(
        id="",
        title=title.strip(),
        start=read.start,
        target=read.target,
        current=read.start,
        unit=read.unit,
    )


def edit_lines(objective: Objective) -> list[str]:
    """The draft's KRs as the edit form shows them, one per line: the title, and after
    `DEFINITION_MARK` the numbers where the title does not say them."""
    return [
        kr.title if _reads_back(kr) else f"{kr.title}{DEFINITION_MARK}{_definition(kr)}"
        for kr in objective.key_results
    ]


def _definition(kr: KeyResult) -> str:
    return f"{number(kr.start)} → {number(kr.target)} {kr.unit}".rstrip()


def _reads_back(kr: KeyResult) -> bool:
    """Whether the KR's title alone reads as the KR it is."""
    try:
        again = _key_result(kr.title)
    except OkrError:
        return False
    if kr.kind is KeyResultKind.MILESTONE:
        return again.kind is KeyResultKind.MILESTONE
    return (again.kind, again.start, again.target, again.unit) == (
        kr.kind,
        kr.start,
        kr.target,
        kr.unit,
    )


def edit(chat: Chat, request: Request, person: Person, argument: str) -> Reply:
    """`/okr edit KR2 target 70k`, `/okr edit o-mia-1 title "…"`; alone, the edit form."""
    try:
        named = key_result_named(chat, person, argument)
    except OkrError:
        named = objective_named(chat, person, argument)
    if named.kr is None:
        words = named.rest.split(maxsplit=1)
        if words and words[0].casefold() in _ADD:
            added = objectives.add_key_result(
                chat.unit_of_work(),
                chat.clock,
                tenant=person.tenant,
                actor=person.id,
                objective_id=named.objective.id,
                key_result=_key_result(words[1] if len(words) > 1 else ""),
                limits=chat.limits,
            )
            return _card(chat, person, added)
        field, value = _field(named.rest)
        if field is None:
            return Reply(
                form=edit_form(
                    chat.texts,
                    person.locale,
                    named.objective,
                    chat.limits.key_results_per_objective,
                    edit_lines(named.objective),
                )
            )
        if field != "title":
            raise OkrError(
                "edit_unreadable", example=f"/okr edit {named.objective.id} KR1 {field} …"
            )
        reworded = objectives.reword_objective(
            chat.unit_of_work(),
            chat.clock,
            tenant=person.tenant,
            actor=person.id,
            objective_id=named.objective.id,
            title=value,
        )
        return _card(chat, person, reworded)
    parts = _REASON.split(named.rest, maxsplit=1)
    text, reason = parts[0], parts[1] if len(parts) > 1 else ""
    field, value = _field(text)
    if field is None:
        raise OkrError("edit_unreadable", example="/okr edit KR1 target 70k")
    changes: dict[str, str | float] = {
        field: value if field in ("title", "unit") else _number(value)
    }
    edited = objectives.edit_key_result(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        kr_id=named.kr.id,
        changes=changes,
        reason=reason,
    )
    if edited.request is None:
        return _card(chat, person, edited.objective)
    approvers = _approvers(chat, person, edited.objective)
    say = voice(chat.texts, person.locale)
    words = change_words(chat.texts, person.locale, named.kr, changes)
    told = [
        notice_to(
            chat,
            approver,
            change_request_notice(
                chat.texts, approver.locale, edited.request, named.kr, person.name
            ),
        )
        for approver in approvers
    ]
    return with_notices(
        chat,
        person,
        Reply.saying(
            say(
                "change_requested",
                names=[a.name for a in approvers],
                changes=words,
                kr=named.kr.title,
            )
        ),
        told,
    )


def edit_submitted(
    chat: Chat, person: Person, objective_id: str, answers: Mapping[str, str]
) -> Reply:
    lines = [line.strip() for line in answers.get(KRS_FIELD, "").splitlines() if line.strip()]
    revised = objectives.revise_draft(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        objective_id=objective_id,
        title=answers.get(TITLE_FIELD, ""),
        key_results=[_key_result(line) for line in lines],
        limits=chat.limits,
    )
    return _card(chat, person, revised)


def edit_pressed(chat: Chat, person: Person, objective_id: str) -> Reply:
    objective = _objective(chat, person, objective_id)
    return Reply(
        form=edit_form(
            chat.texts,
            person.locale,
            objective,
            chat.limits.key_results_per_objective,
            edit_lines(objective),
        )
    )


def align(chat: Chat, person: Person, argument: str) -> Reply:
    """`/okr align o-raj-2 to o-mkt-1`, `/okr align to o-mkt-1` (the objective just shown);
    without a parent, the candidates to pick from."""
    split = _TO.split(argument, maxsplit=1)
    named = objective_named(chat, person, split[0])
    parent = (split[1] if len(split) > 1 else named.rest).split()
    if not parent:
        candidates = _candidates(chat, person, named.objective)
        return Reply(
            messages=(align_choices(chat.texts, person.locale, named.objective, candidates),)
        )
    return align_to(chat, person, f"{named.objective.id} {parent[0]}")


def align_to(chat: Chat, person: Person, value: str) -> Reply:
    objective_id, _, parent_id = value.partition(" ")
    aligned = objectives.align_objective(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        objective_id=objective_id,
        parent=parent_id.strip(),
    )
    return _card(chat, person, aligned)


def submit(chat: Chat, person: Person, argument: str) -> Reply:
    named = objective_named(chat, person, argument)
    submitted = objectives.submit_objective(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        objective_id=named.objective.id,
    )
    objective = submitted.objective
    say = voice(chat.texts, person.locale)
    if not submitted.approvers:
        return Reply.saying(say("submitted_nobody", title=objective.title, id=objective.id))
    owner = owner_of(chat, objective)
    parent = _parent(chat, person, objective)
    told = [
        notice_to(
            chat,
            a,
            agreement_request(
                chat.texts,
                a.locale,
                objective,
                owner.name if owner else str(objective.owner),
                parent,
            ),
        )
        for a in submitted.approvers
    ]
    reply = Reply.saying(
        say("submitted", title=objective.title, names=[a.name for a in submitted.approvers])
    )
    return with_notices(chat, person, reply, told)


def agree(chat: Chat, person: Person, argument: str) -> Reply:
    named = objective_named(chat, person, argument)
    agreed = objectives.agree_objective(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        objective_id=named.objective.id,
    )
    say = voice(chat.texts, person.locale)
    owner = owner_of(chat, agreed)
    told = (
        []
        if owner is None
        else [
            notice_to(
                chat,
                owner,
                Message.of(
                    Section(
                        voice(chat.texts, owner.locale)(
                            "agreed_notice",
                            by=person.name,
                            title=agreed.title,
                            id=agreed.id,
                            period=agreed.period,
                        )
                    )
                ),
            )
        ]
    )
    return with_notices(
        chat, person, Reply.saying(say("agreed", title=agreed.title, period=agreed.period)), told
    )


def send_back(chat: Chat, person: Person, argument: str) -> Reply:
    """`/okr return o-raj-2 REASON`; the button asks for the reason in a form."""
    named = objective_named(chat, person, argument)
    return returned(chat, person, named.objective.id, named.rest)


def send_back_pressed(chat: Chat, person: Person, objective_id: str) -> Reply:
    return Reply(
        form=reason_form(chat.texts, person.locale, RETURN_FORM, objective_id, "return_form_title")
    )


def returned(chat: Chat, person: Person, objective_id: str, reason: str) -> Reply:
    back = objectives.return_objective(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        objective_id=objective_id,
        reason=reason,
    )
    owner = owner_of(chat, back)
    say = voice(chat.texts, person.locale)
    told = (
        []
        if owner is None
        else [
            notice_to(
                chat,
                owner,
                returned_notice(chat.texts, owner.locale, back, person.name, reason.strip()),
            )
        ]
    )
    reply = Reply.saying(
        say("returned", title=back.title, owner=owner.name if owner else str(back.owner))
    )
    return with_notices(chat, person, reply, told)


def close(chat: Chat, person: Person, argument: str) -> Reply:
    """`/okr close o-mia-1`: done with it; its score is final."""
    named = objective_named(chat, person, argument)
    closed = objectives.close_objective(
        chat.unit_of_work(),
        chat.clock,
        tenant=person.tenant,
        actor=person.id,
        objective_id=named.objective.id,
    )
    say = voice(chat.texts, person.locale)
    return Reply.saying(say("closed", title=closed.title, id=closed.id, score=closed.score))


def _card(chat: Chat, person: Person, objective: Objective) -> Reply:
    return Reply(
        messages=(
            objective_card(
                chat.texts, person.locale, objective, parent=_parent(chat, person, objective)
            ),
        )
    )


def _objective(chat: Chat, person: Person, objective_id: str) -> Objective:
    uow = chat.unit_of_work()
    with uow:
        return access.objective(uow, person.tenant, objective_id)


def _parent(chat: Chat, person: Person, objective: Objective) -> Objective | None:
    if objective.parent is None:
        return None
    uow = chat.unit_of_work()
    with uow:
        return uow.objectives.get(person.tenant, objective.parent)


def _candidates(chat: Chat, person: Person, objective: Objective) -> list[Objective]:
    """What an objective may align to: its owner's manager's objectives and those of the
    owner's teams and the teams above them, in the same or a longer period, open ones."""
    uow = chat.unit_of_work()
    with uow:
        owner = (
            access.person(uow, person.tenant, objective.owner.id)
            if not objective.owner.is_team
            else None
        )
        teams = (
            [t.id for t in uow.teams.of_member(person.tenant, owner.id)]
            if owner
            else [objective.owner.id]
        )
        above = {t for team in teams for t in [team, *access.teams_above(uow, person.tenant, team)]}
        owners = [Owner(t, is_team=True) for t in sorted(above)]
        if owner is not None and owner.manager:
            owners.append(Owner(owner.manager))
        found: list[Objective] = []
        for period in {
            objective.period,
            *(p.name for p in uow.periods.list(person.tenant) if p.is_annual),
        }:
            found += uow.objectives.of_owners(person.tenant, owners, period)
    return [
        o
        for o in sorted(found, key=lambda o: o.id)
        if o.id != objective.id and o.owner != objective.owner
    ][:10]


def _approvers(chat: Chat, person: Person, objective: Objective) -> list[Person]:
    uow = chat.unit_of_work()
    with uow:
        return access.approvers(uow, access.standing(uow, person, objective))


def _owner_name(chat: Chat, person: Person, owner: Owner) -> str:
    uow = chat.unit_of_work()
    with uow:
        if owner.is_team:
            team = uow.teams.get(person.tenant, owner.id)
            return team.name if team else owner.id
        found = uow.people.get(person.tenant, owner.id)
    return found.name if found else owner.id


def _field(text: str) -> tuple[str | None, str]:
    """`target 70k` → ("target", "70k"); `title "New words"` → ("title", "New words")."""
    words = text.strip().split(maxsplit=1)
    if len(words) < 2 or words[0].casefold() not in _FIELDS:
        return None, ""
    return _FIELDS[words[0].casefold()], words[1].strip().strip("\"'“”「」")


def _number(text: str) -> float:
    found = find_quantities(text)
    if not found:
        raise OkrError("not_a_number", key_result="", value=text)
    return found[0].number
