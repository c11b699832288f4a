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
from bot.chat import answers, change_requests, check_in, drafting, okr_commands, plans, scoring
from bot.commands import Command, Verb, command_text, parse_command
from bot.context import Chat, Request, Speaker
from bot.errors import OkrError
from bot.identity import identify, known, member
from bot.messages import Reply
from bot.model import Locale, Person
from bot.render import cycle
from bot.render.check_in import CONFIRM, OPEN_FORM, SKIP, SUBMIT_FORM, UNDO

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
        lambda: answer_post(chat, request, person) or answers.answer(chat, request, person),
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
    if action == CONFIRM:
        return _guarded(chat, person, lambda: check_in.confirm(chat, person, value))
    pressed = _BUTTONS.get(action)
    if pressed is None:
        return Reply()
    return _guarded(chat, person, lambda: pressed(chat, person, value))


def on_form(
    chat: Chat, speaker: Speaker, action: str, value: str, answers: Mapping[str, str]
) -> Reply:
    """A structured form was submitted."""
    person = identify(chat, speaker)
    if action == SUBMIT_FORM:
        return _guarded(chat, person, lambda: check_in.submit_form(chat, person, value, answers))
    submitted = _FORMS.get(action)
    if submitted is None:
        return Reply()
    return _guarded(chat, person, lambda: submitted(chat, person, value, answers))


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
    argument = command.argument
    match command.verb:
        case Verb.CADENCE:
            return cadence_command(chat, person, argument)
        case Verb.LOG:
            return log_command(chat, request, person, argument)
        case Verb.NEW:
            return drafting.new(chat, request, person, argument)
        case Verb.EDIT:
            return drafting.edit(chat, request, person, argument)
        case Verb.ALIGN:
            return drafting.align(chat, person, argument)
        case Verb.SUBMIT:
            return drafting.submit(chat, person, argument)
        case Verb.AGREE:
            return drafting.agree(chat, person, argument)
        case Verb.RETURN:
            return drafting.send_back(chat, person, argument)
        case Verb.APPROVE:
            return change_requests.approve(chat, person, argument)
        case Verb.DECLINE:
            return change_requests.decline(chat, person, argument)
        case Verb.REQUESTS:
            return change_requests.waiting(chat, person)
        case Verb.TASK:
            return plans.task(chat, request, person, argument)
        case Verb.TASKS:
            return plans.tasks(chat, request, person, argument)
        case Verb.DONE:
            return plans.done(chat, person, argument)
        case Verb.DEPEND:
            return plans.depend(chat, request, person, argument)
        case Verb.SCORE:
            return scoring.score(chat, person, argument)
        case Verb.CLOSE:
            return drafting.close(chat, person, argument)
    return okr_commands.run(chat, request, person, command)


Pressed = Callable[[Chat, Person, str], Reply]
Submitted = Callable[[Chat, Person, str, Mapping[str, str]], Reply]

# The life cycle's buttons and forms (`bot.render.cycle`), by action.
_BUTTONS: dict[str, Pressed] = {
    cycle.EDIT: drafting.edit_pressed,
    cycle.ALIGN: drafting.align,
    cycle.ALIGN_TO: drafting.align_to,
    cycle.SUBMIT: drafting.submit,
    cycle.AGREE: drafting.agree,
    cycle.RETURN: drafting.send_back_pressed,
    cycle.APPROVE: lambda chat, person, value: change_requests.decided(
        chat, person, value, approve=True
    ),
    cycle.DECLINE: change_requests.decline_pressed,
}
_FORMS: dict[str, Submitted] = {
    cycle.NEW_FORM: drafting.new_submitted,
    cycle.EDIT_FORM: drafting.edit_submitted,
    cycle.RETURN_FORM: lambda chat, person, value, answers: drafting.returned(
        chat, person, value, answers.get(cycle.REASON_FIELD, "")
    ),
    cycle.DECLINE_FORM: lambda chat, person, value, answers: change_requests.decided(
        chat, person, value, approve=False, note=answers.get(cycle.REASON_FIELD, "")
    ),
}


def _guarded(chat: Chat, person: Person, action: Callable[[], Reply]) -> Reply:
    """Run a use case; a refusal becomes a kind answer in the person's language, and so does a
    failure of ours (its unit of work rolled back), rather than silence after the ack. Both
    are the asker's alone (ephemeral in a channel)."""
    try:
        return action()
    except OkrError as refused:
        # In chat the one refused is the one reading: "You may not …".
        return Reply.saying(
            chat.texts.say(person.locale, "errors", refused.code, **refused.facts, you=True),
            private=True,
        )
    except Exception:
        log.exception("a request of %s in %s failed", person.id, person.tenant)
        return Reply.saying(chat.texts.say(person.locale, "errors", "failed"), private=True)
