"""Feishu events and card callbacks, translated into calls of the core, and the core's replies
rendered back: one handler per kind, the same for HTTP and the long connection.

Events are answered at once and worked on a background thread (Feishu redelivers what is not
answered within 3 seconds); a redelivered event id changes nothing. Card callbacks run the core
right away and answer with the card redrawn in place; sends happen after, in the background."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import lark_oapi as lark
from lark_oapi.api.application.v6 import P2ApplicationBotMenuV6
from lark_oapi.api.im.v1 import P2ImMessageReceiveV1
from lark_oapi.event.callback.model.p2_card_action_trigger import (
    P2CardActionTrigger,
    P2CardActionTriggerResponse,
)

from adapters.feishu.background import Background
from adapters.feishu.cards import Card, form_answers, form_card, message_card
from adapters.feishu.dialect import NAME, unescape
from adapters.feishu.incoming import text_of
from adapters.feishu.platform import FeishuPlatform
from adapters.feishu.tenancy import Tenancy
from bot import dispatch, redelivery
from bot.context import Chat, Request, Speaker
from bot.identity import identify
from bot.messages import Message, MessageRef, Place, Reply, Section
from bot.model import Locale
from bot.ports import Meter, NoMeter

log = logging.getLogger(__name__)

MENU_COMMANDS = {"my_okrs": "okr me", "check_in": "okr checkin"}
EVENTS = "okrbot_events_total"
E = TypeVar("E")
R = TypeVar("R")


@dataclass(frozen=True)
class Destination:
    """Where answers to one request go: the chat it came from, and the person's DM for what is
    private in a group. A message written in a group's reply chain or thread is answered with
    replies to it (`reply_to`), so the answers stay there, in the thread where it had one."""

    tenant: str
    user: str  # open_id
    id_type: str  # "chat_id" or "open_id"
    receive_id: str
    is_dm: bool
    event_id: str
    reply_to: str | None = None  # the person's message, where it is in a group's thread
    in_thread: bool = False  # that message is in a thread (话题): answer inside it


class FeishuHandlers:
    def __init__(
        self, chat: Chat, platform: FeishuPlatform, tenancy: Tenancy, background: Background
    ) -> None:
        self._chat = chat
        self._platform = platform
        self._tenancy = tenancy
        self._background = background

    # im.message.receive_v1
    def message_received(self, data: P2ImMessageReceiveV1) -> None:
        header, event = data.header, data.event
        if header is None or event is None or event.message is None or event.sender is None:
            return
        if event.sender.sender_type not in (None, "user"):
            return
        open_id = event.sender.sender_id.open_id if event.sender.sender_id else None
        if not open_id:
            return
        tenant = self._tenancy.of(header.tenant_key or event.sender.tenant_key)
        if not self._first(tenant, header.event_id):
            return
        message = event.message
        is_dm = message.chat_type == "p2p"
        # A group message with a root (a reply to a post, or in a thread) is answered there.
        threaded = not is_dm and bool(message.root_id or message.thread_id)
        to = Destination(
            tenant,
            open_id,
            "chat_id",
            message.chat_id or "",
            is_dm,
            header.event_id or "",
            reply_to=message.message_id if threaded else None,
            in_thread=threaded and bool(message.thread_id),
        )
        speaker = Speaker(tenant, NAME, open_id)
        said = (
            text_of(message.content, message.mentions) if message.message_type == "text" else None
        )
        if said is None:
            if is_dm:
                self._background.submit(lambda: self._say(to, speaker, "text_only"))
            return
        if not is_dm and not said.mentions_bot:
            return
        place = Place(to.receive_id, is_dm=is_dm, thread=message.root_id or None)
        request = Request(
            speaker, place, said.text, MessageRef(NAME, to.receive_id, message.message_id or "")
        )
        self._background.submit(
            lambda: self._deliver(to, dispatch.on_message(self._chat, request), request.message)
        )

    # application.bot.menu_v6
    def menu_pressed(self, data: P2ApplicationBotMenuV6) -> None:
        header, event = data.header, data.event
        if header is None or event is None or event.operator is None:
            return
        ids = event.operator.operator_id
        open_id = ids.open_id if ids else None
        command = MENU_COMMANDS.get(event.event_key or "")
        if not open_id or command is None:
            return
        tenant = self._tenancy.of(header.tenant_key)
        if not self._first(tenant, header.event_id):
            return
        to = Destination(tenant, open_id, "open_id", open_id, True, header.event_id or "")
        request = Request(Speaker(tenant, NAME, open_id), Place(open_id, is_dm=True), command)
        self._background.submit(
            lambda: self._deliver(to, dispatch.on_message(self._chat, request), None)
        )

    # card.action.trigger
    def card_pressed(self, data: P2CardActionTrigger) -> P2CardActionTriggerResponse:
        event = data.event
        if event is None or event.operator is None or event.action is None:
            return P2CardActionTriggerResponse({})
        open_id = event.operator.open_id or ""
        tenant_key = (data.header.tenant_key if data.header else None) or event.operator.tenant_key
        tenant = self._tenancy.of(tenant_key)
        event_id = data.header.event_id if data.header else None
        if not open_id or (event_id and not self._first(tenant, event_id)):
            return P2CardActionTriggerResponse({})
        value: dict[str, Any] = event.action.value or {}
        action, argument = value.get("action"), value.get("value")
        if not isinstance(action, str) or not isinstance(argument, str):
            return P2CardActionTriggerResponse({})
        speaker = Speaker(tenant, NAME, open_id)
        context = event.context
        clicked = context.open_message_id if context else None
        chat_id = (context.open_chat_id if context else None) or open_id
        to = Destination(
            tenant,
            open_id,
            "chat_id" if context and context.open_chat_id else "open_id",
            chat_id,
            True,
            event_id or clicked or "",
        )
        try:
            if event.action.form_value is not None:
                reply = dispatch.on_form(
                    self._chat,
                    speaker,
                    action,
                    argument,
                    form_answers(value, event.action.form_value),
                )
            else:
                reply = dispatch.on_action(self._chat, speaker, action, argument)
        except Exception:
            log.exception("feishu: card callback failed")
            return _toast("error", self._text(speaker, "failed", kind="errors"))
        return self._in_place(to, reply, clicked)

    # app_ticket (store apps): Feishu pushes it every hour; tokens are got with it
    def app_ticket(self, data: lark.CustomizedEvent) -> None:
        ticket = (data.event or {}).get("app_ticket")
        if isinstance(ticket, str) and ticket:
            self._tenancy.remember_app_ticket(ticket)

    def _in_place(
        self, to: Destination, reply: Reply, clicked: str | None
    ) -> P2CardActionTriggerResponse:
        """The callback's answer: the clicked card redrawn (or turned into the form), private
        words as a toast; anything else is sent in the background."""
        card: Card | None = None
        rest = Reply(
            messages=() if reply.private else reply.messages,
            reaction=None,
            update=reply.update,
            notices=reply.notices,
        )
        if reply.form is not None:
            card = form_card(reply.form)
        elif reply.update is not None and reply.update[0].id == clicked:
            card = message_card(reply.update[1])
            rest = Reply(messages=rest.messages, notices=rest.notices)
        if rest.messages or rest.update or rest.notices:
            self._background.submit(lambda: self._deliver(to, rest, None))
        answer: dict[str, Any] = {}
        if card is not None:
            answer["card"] = {"type": "raw", "data": card}
        if reply.private and reply.messages:
            answer["toast"] = {
                "type": "info",
                "content": "\n".join(unescape(m.text) for m in reply.messages),
            }
        return P2CardActionTriggerResponse(answer)

    def _deliver(self, to: Destination, reply: Reply, said: MessageRef | None) -> None:
        """Render a reply: the update in place, the reaction, then the messages and the form."""
        platform = self._platform
        if reply.update is not None:
            ref, message = reply.update
            platform.update(to.tenant, ref, message)
        if reply.reaction and said is not None and said.id:
            platform.react(to.tenant, said.id, reply.reaction)
        cards = [message_card(message) for message in reply.messages]
        if reply.form is not None:
            cards.append(form_card(reply.form))
        private = (reply.private or reply.form is not None) and not to.is_dm
        for number, card in enumerate(cards):
            key = _key(to.tenant, to.event_id, number)
            if private:
                platform.send_card(to.tenant, "open_id", to.user, card, key)
            elif to.reply_to:
                platform.reply_card(to.tenant, to.reply_to, card, key, in_thread=to.in_thread)
            else:
                platform.send_card(to.tenant, to.id_type, to.receive_id, card, key)
        for number, notice in enumerate(reply.notices, start=len(cards)):
            try:  # someone else the request concerns; the request has its answer already
                platform.send_card(
                    to.tenant,
                    "open_id",
                    notice.user_id,
                    message_card(notice.message),
                    _key(to.tenant, to.event_id, number),
                )
            except Exception:
                log.warning("feishu: could not tell %s", notice.user_id, exc_info=True)

    def _say(self, to: Destination, speaker: Speaker, block: str) -> None:
        message = Message.of(Section(self._text(speaker, block)))
        self._deliver(to, Reply(messages=(message,)), None)

    def _text(self, speaker: Speaker, block: str, kind: str = "feishu") -> str:
        try:
            locale = identify(self._chat, speaker).locale
        except Exception:
            locale = Locale.EN
        return self._chat.texts.say(locale, kind, block)

    def _first(self, tenant: str, event_id: str | None) -> bool:
        return bool(event_id) and redelivery.first_delivery(self._chat, tenant, event_id or "")


def _key(tenant: str, event_id: str, number: int) -> str | None:
    """The send's uuid: the same for a resend of the same answer, at most 50 characters."""
    if not event_id:
        return None
    return hashlib.sha1(f"{tenant}:{event_id}:{number}".encode()).hexdigest()


def _toast(kind: str, text: str) -> P2CardActionTriggerResponse:
    return P2CardActionTriggerResponse({"toast": {"type": kind, "content": unescape(text)}})


def build_dispatcher(
    handlers: FeishuHandlers,
    *,
    encrypt_key: str,
    verification_token: str,
    meter: Meter | None = None,
) -> lark.EventDispatcherHandler:
    """lark-oapi's dispatcher with our handlers: the same one serves HTTP and the long
    connection. Each event handled is counted (`okrbot_events_total`) by kind and outcome."""
    counted = partial(_counted, meter or NoMeter())
    builder = lark.EventDispatcherHandler.builder(encrypt_key, verification_token)
    builder.register_p2_im_message_receive_v1(counted("message", handlers.message_received))
    builder.register_p2_application_bot_menu_v6(counted("menu", handlers.menu_pressed))
    builder.register_p2_card_action_trigger(counted("card_action", handlers.card_pressed))
    builder.register_p1_customized_event("app_ticket", handlers.app_ticket)
    return builder.build()


def _counted(meter: Meter, kind: str, handler: Callable[[E], R]) -> Callable[[E], R]:
    def handle(data: E) -> R:
        outcome = "failed"
        try:
            answer = handler(data)
            outcome = "handled"
            return answer
        finally:
            meter.count(EVENTS, {"platform": NAME, "kind": kind, "outcome": outcome})

    return handle
