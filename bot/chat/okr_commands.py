"""The `/okr` commands of the chat: mine, someone's or a team's OKRs, the alignment tree, the
board, the weekly report, dependencies, `/okr checkin` and help. Help and what could not be
found are the asker's alone (ephemeral in a channel); OKRs shown stay where they were asked."""

from __future__ import annotations

from bot import execution, history, insights, views
from bot.chat import check_in
from bot.chat.naming import key_result_named, objective_named
from bot.commands import ALIASES, Command, Verb, closest_command
from bot.context import Chat, Request
from bot.errors import OkrError
from bot.lookup import find_person, find_team, no_person_reply
from bot.messages import Message, Reply
from bot.model import Owner, Person
from bot.render.cycle import history_message
from bot.render.okrs import okrs_message
from bot.render.overviews import board_message, deps_message, report_message, tree_message


def run(chat: Chat, request: Request, person: Person, command: Command) -> Reply:
    texts, locale, tenant = chat.texts, person.locale, person.tenant
    say = texts.voice(locale, "commands")
    match command.verb:
        case Verb.HELP:
            return Reply.saying(say("help"), private=True)
        case Verb.MINE:
            return show_person(chat, person, person)
        case Verb.VIEW:
            found = find_person(chat, request.speaker, command.argument)
            if found.match is not None:
                return show_person(chat, person, found.match)
            word = command.argument.split()[0] if command.argument.split() else ""
            suggestion = closest_command(word) if len(command.argument.split()) == 1 else None
            if suggestion and not found.suggestion and not found.several:
                return Reply.saying(say("unknown", word=word, suggestion=suggestion), private=True)
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
        case Verb.DEPS:
            period = views.person_okrs(
                chat.unit_of_work(), tenant=tenant, person_id=person.id
            ).period
            deps = execution.dependencies_of(
                chat.unit_of_work(), tenant=tenant, person_id=person.id, period=period
            )
            return _reply(deps_message(texts, locale, person.name, deps))
        case Verb.HISTORY:
            return _history(chat, person, command.argument)
        case _:
            raise ValueError(f"/okr {command.verb}: not a command that shows OKRs")


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
        return Reply.saying(
            say("team_needed", example=teams[0].name if teams else "Marketing"), private=True
        )
    found = find_team(teams, named)
    if found.match is None:
        return Reply.saying(say("no_team", name=named, teams=[t.name for t in teams]), private=True)
    return Owner(found.match.id, is_team=True)


def _team_name(chat: Chat, person: Person, team_id: str) -> str:
    uow = chat.unit_of_work()
    with uow:
        team = uow.teams.get(person.tenant, team_id)
    return team.name if team else team_id


def show_person(chat: Chat, viewer: Person, shown: Person) -> Reply:
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


def _history(chat: Chat, person: Person, argument: str) -> Reply:
    """`/okr history o-mia-1`, `/okr history KR2`: the audit trail, in the reader's words."""
    try:
        named = key_result_named(chat, person, argument)
    except OkrError:
        named = objective_named(chat, person, argument)
    subject = named.kr.id if named.kr else named.objective.id
    found = history.history(chat.unit_of_work(), tenant=person.tenant, subject=subject)
    return _reply(history_message(chat.texts, person.locale, found))


def _reply(message: Message) -> Reply:
    return Reply(messages=(message,))
