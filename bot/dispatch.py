"""The core's front door: every platform event becomes one of these calls, and what comes
back is a `Reply` for the adapter to render. It routes to the chat's conversations
(`bot.chat`) and to the answers cadences take (`bot.cadences`), which know nothing of each
other."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from bot.cadences.command import cadence_command
from bot.cadences.delivery_log import log_command
from bot.cadences.posts import answer_post
from bot.chat import check_in, okr_commands
from bot.commands import Command, Verb, command_text, parse_command
from bot.context import Chat, Request, Speaker
from bot.errors import OkrError
from bot.identity import identify, known, member
from bot.messages import Reply
from bot.model import Locale, Person
from bot.render.check_in import OPEN_FORM, SKIP, SUBMIT_FORM, UNDO

log = logging.getLogger(__name__)


def on_message(chat: Chat, request: Request) -> Reply:
    """Someone wrote to the bot: a command in words, or an answer to their check-in."""
    person = _speaker(chat, request)
    if person is None:
        return _not_in_table(chat)
    rest = command_text(request.text)
    if rest is not None:
        return _guarded(
            chat, person, lambda: run_command(chat, request, person, parse_command(rest))
        )
    return _guarded(
        chat,
        person,
        lambda: answer_post(chat, request, person) or check_in.answer(chat, request, person),
    )


def on_command(chat: Chat, request: Request) -> Reply:
    """A slash command: `request.text` is what followed `/okr`."""
    person = _speaker(chat, request)
    if person is None:
        return _not_in_table(chat)
    return _guarded(
        chat, person, lambda: run_command(chat, request, person, parse_command(request.text))
    )


def on_action(chat: Chat, speaker: Speaker, action: str, value: str) -> Reply:
    """A button was pressed."""
    person = identify(chat, speaker)
    if action in (OPEN_FORM, SKIP, UNDO):
        return _guarded(chat, person, lambda: check_in.press(chat, person, action, value))
    return Reply()


def on_form(
    chat: Chat, speaker: Speaker, action: str, value: str, answers: Mapping[str, str]
) -> Reply:
    """A structured form was submitted."""
    person = identify(chat, speaker)
    if action == SUBMIT_FORM:
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
    if action != SUBMIT_FORM or person is None:
        return {}
    return check_in.form_errors(chat, person, value, answers)


def _speaker(chat: Chat, request: Request) -> Person | None:
    """Who may be answered where they wrote. In a DM anyone of the company (someone new is
    added from their profile); in a channel, where everyone reads the answer, only someone
    the OKR table already has. A guest or someone of another organisation (Slack Connect)
    only once the table names them."""
    return member(chat, request.speaker, create=request.place.is_dm)


def _not_in_table(chat: Chat) -> Reply:
    """Said to the one who asked only: nothing of the company's OKRs."""
    texts = [chat.texts.say(locale, "errors", "not_in_table") for locale in (Locale.EN, Locale.ZH)]
    return Reply.saying(" / ".join(texts), private=True)


def run_command(chat: Chat, request: Request, person: Person, command: Command) -> Reply:
    match command.verb:
        case Verb.CADENCE:
            return cadence_command(chat, person, command.argument)
        case Verb.LOG:
            return log_command(chat, request, person, command.argument)
    return okr_commands.run(chat, request, person, command)


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
