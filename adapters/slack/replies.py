"""A core `Reply` carried out on Slack: the form opens as a modal, the check-in is redrawn in
place, the person's message gets its reaction, and messages go where the request came from
(through the slash command's `response_url` where there is one)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack.blocks import form_view, message_payload
from adapters.slack.platform import SlackPlatform
from bot.messages import MessageRef, Notice, Place, Reply

Respond = Callable[..., Any]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Origin:
    """Where a request came from and what it lets the bot answer with."""

    tenant: str
    user_id: str
    place: Place
    respond: Respond | None = None  # a slash command's response_url
    trigger_id: str | None = None  # opens a modal, within 3 s of the request
    own_message: MessageRef | None = None  # the person's message, to react to


def deliver(platform: SlackPlatform, origin: Origin, reply: Reply) -> None:
    tenant, place = origin.tenant, origin.place
    if reply.form is not None and origin.trigger_id:
        platform.client(tenant).views_open(
            trigger_id=origin.trigger_id, view=form_view(reply.form, channel=place.channel)
        )
    if reply.update is not None:
        ref, message = reply.update
        platform.update(tenant, ref, message)
    if reply.reaction and origin.own_message is not None:
        _react(platform, tenant, origin.own_message, reply.reaction)
    for message in reply.messages:
        if origin.respond is not None:
            origin.respond(
                **message_payload(message),
                replace_original=False,
                response_type="ephemeral" if reply.private else "in_channel",
            )
        elif place.is_dm or not reply.private:
            platform.post(tenant, place.channel, message, thread=place.thread)
        else:
            extra: dict[str, Any] = {"thread_ts": place.thread} if place.thread else {}
            platform.client(tenant).chat_postEphemeral(
                channel=place.channel, user=origin.user_id, **message_payload(message), **extra
            )
    for notice in reply.notices:
        _notify(platform, tenant, notice)


def _notify(platform: SlackPlatform, tenant: str, notice: Notice) -> None:
    """Tell someone else the request concerns; the request itself has its answer already."""
    try:
        platform.send_dm(tenant, notice.user_id, notice.message)
    except Exception:
        log.warning("could not tell %s in %s", notice.user_id, tenant, exc_info=True)


def _react(platform: SlackPlatform, tenant: str, message: MessageRef, name: str) -> None:
    try:
        platform.client(tenant).reactions_add(
            channel=message.channel, timestamp=message.id, name=name
        )
    except SlackApiError as error:
        if error.response.get("error") != "already_reacted":  # a redrawn check-in, say
            raise
