"""The core's front door for chat: every platform event becomes one of these calls, and what
comes back is a `Reply` for the adapter to render."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from bot import execution, insights, views
from bot.cadences import standup
from bot.cadences.delivery_log import log_command
from bot.chat import check_in
from bot.chat.cadence_command import cadence_command
from bot.chat.commands import (
    ALIASES,
    Command,
    Verb,
    closest_command,
    command_text,
    parse_command,
)
from bot.context import Chat, Request, Speaker
from bot.errors import OkrError
from bot.identity import identify, known
from bot.lookup import find_person, find_team, no_person_reply
from bot.messages import Message, Reply
from bot.model import Owner, Person
from bot.render.okrs import okrs_message
from bot.render.overviews import board_message, deps_message, report_message, tree_message

log = logging.getLogger(__name__)


def on_message(chat: Chat, request: Request) -> Reply:
    """Someone wrote to the bot: a command in words, or an answer to their check-in."""
    person = identify(chat, request.speaker)
    rest = command_text(request.text)
    if rest is not None:
        return _guarded(
            chat, person, lambda: run_command(chat, request, person, parse_command(rest))
        )
    return _guarded(
        chat,
        person,
        lambda: standup.route(chat, request, person) or check_in.answer(chat, request, person),
    )


def on_command(chat: Chat, request: Request) -> Reply:
    """A slash command: `request.text` is what followed `/okr`."""
    person = identify(chat, request.speaker)
    return _guarded(
        chat, person, lambda: run_command(chat, request, person, parse_command(request.text))
    )


def on_action(chat: Chat, speaker: Speaker, action: str, value: str) -> Reply:
    """A button was pressed."""
    person = identify(chat, speaker)
    if action in (check_in.OPEN_FORM, check_in.SKIP, check_in.UNDO):
        return _guarded(chat, person, lambda: check_in.press(chat, person, action, value))
    return Reply()


def on_form(
    chat: Chat, speaker: Speaker, action: str, value: str, answers: Mapping[str, str]
) -> Reply:
    """A structured form was submitted."""
    person = identify(chat, speaker)
    if action == check_in.SUBMIT_FORM:
        return _guarded(chat, person, lambda: check_in.submit_form(chat, person, value, answers))
    return Reply()


def form_errors(
    chat: Chat, speaker: Speaker, action: str, value: str, answers: Mapping[str, str]
) -> Mapping[str, str]:
    """What is wrong in a submitted form, by field, before `on_form` applies it: a platform
    that can show errors beside the fields keeps the form open with them. Nothing when
    `on_form` has the answer (someone not yet known, a form that is not theirs). Reads only,
    with no call to the platform, so an adapter may check before it acks."""
    person = known(chat, speaker)
    if action != check_in.SUBMIT_FORM or person is None:
        return {}
    return check_in.form_errors(chat, person, value, answers)


def run_command(chat: Chat, request: Request, person: Person, command: Command) -> Reply:
    texts, locale, tenant = chat.texts, person.locale, person.tenant
    say = texts.voice(locale, "commands")
    match command.verb:
        case Verb.HELP:
            return Reply.saying(say("help"))
        case Verb.MINE:
            return _show_person(chat, person, person)
        case Verb.VIEW:
            found = find_person(chat, request.speaker, command.argument)
            if found.match is not None:
                return _show_person(chat, person, found.match)
            word = command.argument.split()[0] if command.argument.split() else ""
            suggestion = closest_command(word) if len(command.argument.split()) == 1 else None
            if suggestion and not found.suggestion and not found.several:
                return Reply.saying(say("unknown", word=word, suggestion=suggestion))
            return no_person_reply(chat, person, command.argument, found)
        case Verb.TEAM:
            owner = _team_owner(chat, person, command.argument)
            if isinstance(owner, Reply):
                return owner
            okrs = views.team_okrs(chat.unit_of_work(), tenant=tenant, team_id=owner.id)
            return _reply(
                okrs_message(
                    texts,
                    locale,
                    owner=okrs.team.name,
                    period=okrs.period,
                    objectives=okrs.objectives,
                )
            )
        case Verb.TREE:
            tree = views.alignment_tree(chat.unit_of_work(), tenant=tenant)
            return _reply(tree_message(texts, locale, tree))
        case Verb.CHECKIN:
            check_in.send_check_in(chat, person)
            if request.place.is_dm:
                return Reply()
            return Reply.saying(texts.say(locale, "check_in", "sent"), private=True)
        case Verb.BOARD | Verb.REPORT:
            return _overview(chat, person, command)
        case Verb.CADENCE:
            return cadence_command(chat, person, command.argument)
        case Verb.LOG:
            return log_command(chat, request, person, command.argument)
        case Verb.DEPS:
            period = views.person_okrs(
                chat.unit_of_work(), tenant=tenant, person_id=person.id
            ).period
            deps = execution.dependencies_of(
                chat.unit_of_work(), tenant=tenant, person_id=person.id, period=period
            )
            return _reply(deps_message(texts, locale, person.name, deps))


def _overview(chat: Chat, person: Person, command: Command) -> Reply:
    """The board or the weekly report, for the person or for `team NAME`."""
    owner, label = Owner(person.id), person.name
    words = command.argument.split()
    if words and ALIASES.get(words[0].casefold()) is Verb.TEAM:
        found = _team_owner(chat, person, " ".join(words[1:]))
        if isinstance(found, Reply):
            return found
        owner, label = found, _team_name(chat, person, found.id)
    now = chat.clock.now()
    if command.verb is Verb.BOARD:
        board = insights.board(
            chat.unit_of_work(), tenant=person.tenant, owner=owner, today=person.local_date(now)
        )
        return _reply(board_message(chat.texts, person.locale, label, board))
    report = insights.weekly_report(
        chat.unit_of_work(), tenant=person.tenant, owner=owner, now=now, timezone=person.timezone
    )
    return _reply(report_message(chat.texts, person.locale, label, report))


def _team_owner(chat: Chat, person: Person, named: str) -> Owner | Reply:
    say = chat.texts.voice(person.locale, "commands")
    uow = chat.unit_of_work()
    with uow:
        teams = uow.teams.list(person.tenant)
    if not named.strip():
        return Reply.saying(say("team_needed", example=teams[0].name if teams else "Marketing"))
    found = find_team(teams, named)
    if found.match is None:
        return Reply.saying(say("no_team", name=named, teams=[t.name for t in teams]))
    return Owner(found.match.id, is_team=True)


def _team_name(chat: Chat, person: Person, team_id: str) -> str:
    uow = chat.unit_of_work()
    with uow:
        team = uow.teams.get(person.tenant, team_id)
    return team.name if team else team_id


def _show_person(chat: Chat, viewer: Person, shown: Person) -> Reply:
    okrs = views.person_okrs(chat.unit_of_work(), tenant=viewer.tenant, person_id=shown.id)
    return _reply(
        okrs_message(
            chat.texts,
            viewer.locale,
            owner=shown.name,
            period=okrs.period,
            objectives=okrs.objectives,
        )
    )


def _guarded(chat: Chat, person: Person, action: Callable[[], Reply]) -> Reply:
    """Run a use case; a refusal becomes a kind answer in the person's language, and so does a
    failure of ours (its unit of work rolled back), rather than silence after the ack."""
    try:
        return action()
    except OkrError as refused:
        # In chat the one refused is the one reading: "You may not …".
        return Reply.saying(
            chat.texts.say(person.locale, "errors", refused.code, **refused.facts, you=True)
        )
    except Exception:
        log.exception("a request of %s in %s failed", person.id, person.tenant)
        return Reply.saying(chat.texts.say(person.locale, "errors", "failed"))


def _reply(message: Message) -> Reply:
    return Reply(messages=(message,))
