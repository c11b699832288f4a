"""Feishu as the core's `ChatPlatform`, over the real lark-oapi client.

Every send is a card. A send carries a `uuid`, kept across retries, so Feishu applies it once
however often it is resent; answers that say "too many requests" (HTTP 429, code 99991400 or
230020) are retried after the wait Feishu names in `x-ogw-ratelimit-reset`, with backoff.

The sends of a fan-out are the exception (`paced=True`): waiting out a rate limit in one sender
thread would leave the other senders hitting it. There "too many requests" is the port's
`RateLimited` at once, for the reset Feishu named, and the scheduler's pacer
(`jobs.pacing`) pauses every sender that long, then tries again: a rate-limited send
was not made, and the retry carries the delivery's key as its `uuid`, so it is never a second
message."""

from __future__ import annotations

import io
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any, Protocol

import lark_oapi as lark
from lark_oapi.api.contact.v3 import GetUserRequest
from lark_oapi.api.im.v1 import (
    CreateImageRequest,
    CreateImageRequestBody,
    CreateMessageReactionRequest,
    CreateMessageReactionRequestBody,
    CreateMessageRequest,
    CreateMessageRequestBody,
    Emoji,
    PatchMessageRequest,
    PatchMessageRequestBody,
    ReplyMessageRequest,
    ReplyMessageRequestBody,
)
from requests import ConnectionError as RequestsConnectionError
from requests import Timeout

from adapters.feishu.cards import Card, message_card
from adapters.feishu.dialect import FEISHU, NAME
from adapters.feishu.tenancy import Tenancy
from bot.dialect import Dialect
from bot.messages import Message, MessageRef
from bot.model import Locale, Person, Team
from bot.ports import Profile, RateLimited, SendFailed

log = logging.getLogger(__name__)

# "Too many requests": HTTP 429 (400 from some older APIs) with code 99991400 and the wait in
# `x-ogw-ratelimit-reset` (open platform, "Rate limits": server-docs/api-call-guide/
# frequency-control); 230020 is the message APIs' own "operation triggers the frequency
# limit" (the 5 QPS per user and per group of im-v1/message/create and reply).
RATE_LIMITED = 99991400
RATE_LIMITED_CODES = frozenset({RATE_LIMITED, 230020})
# Answers to a send that no retry will change, as the error tables of im-v1/message/create
# and im-v1/message/reply list them. 230013 is also what a user who left the company gets; a
# disbanded group is 232009 (there is no 230045 in either table).
GONE = {
    230002: "bot not in the chat",
    230013: "user outside the bot's availability",
    230029: "user has resigned",
    230034: "no such receiver",
    230053: "user stopped the bot's messages",
    232009: "chat disbanded",
}
_CHINESE_REGIONS = frozenset({"CN", "TW", "HK", "MO"})
_HAN = re.compile(r"[\u4e00-\u9fff]")
_EMOJI = {"white_check_mark": "DONE", "eyes": "GLANCE", "thumbsup": "THUMBSUP"}


class FeishuError(Exception):
    def __init__(self, what: str, code: int | None, msg: str | None) -> None:
        super().__init__(f"{what} failed: code {code}, {msg}")
        self.code = code


class FeishuGone(FeishuError, SendFailed):
    """A send Feishu refused for good (`GONE`): the port's permanent `SendFailed`."""

    def __init__(self, what: str, code: int, msg: str | None) -> None:
        Exception.__init__(self, f"{what} failed: code {code}, {msg}")  # both parents' fields:
        self.code, self.reason, self.permanent = code, GONE.get(code, msg or str(code)), True


class FeishuRateLimited(FeishuError, RateLimited):
    """ "Too many requests" the adapter did not wait out (a paced send, or its retries spent):
    the port's `RateLimited`, so a fan-out pauses its senders for `retry_after` seconds."""

    def __init__(self, what: str, code: int | None, msg: str | None, retry_after: float) -> None:
        Exception.__init__(self, f"{what} failed: code {code}, {msg}")
        self.code, self.reason, self.permanent = code, "rate limited", False
        self.retry_after = retry_after


class _Answer(Protocol):
    code: int | None
    msg: str | None
    raw: Any


class FeishuPlatform:
    """`paced`: the port of the scheduled sends, whose `send_dm` and `post` leave "too many
    requests" to the fan-out's pacer (see the module's docstring). Everything else, and every
    call of an unpaced platform (answers to people), waits it out here."""

    def __init__(
        self,
        client: lark.Client,
        tenancy: Tenancy,
        *,
        attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = 30.0,
        paced: bool = False,
    ) -> None:
        self._client = client
        self._tenancy = tenancy
        self._attempts = attempts
        self._sleep = sleep
        self._max_wait = max_wait
        self._paced = paced

    @property
    def name(self) -> str:
        return NAME

    @property
    def dialect(self) -> Dialect:
        return FEISHU

    def address(self, person: Person) -> str | None:
        return person.platform_ids.get(self.name)

    def channel_of(self, team: Team) -> str | None:
        return team.channels.get(self.name)

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        return self._send_card(
            tenant, "open_id", user_id, message_card(message), key, waits_out_limits=not self._paced
        )

    def post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        thread: str | None = None,
        key: str | None = None,
    ) -> MessageRef:
        return self._send_card(
            tenant, "chat_id", channel, message_card(message), key, waits_out_limits=not self._paced
        )

    def send_card(
        self, tenant: str, id_type: str, receive_id: str, card: Card, key: str | None = None
    ) -> MessageRef:
        """Send a card; `key` (at most 50 characters) makes a resend of the same send a no-op
        on Feishu's side for an hour, and defaults to a fresh one kept across retries."""
        return self._send_card(tenant, id_type, receive_id, card, key, waits_out_limits=True)

    def _send_card(
        self,
        tenant: str,
        id_type: str,
        receive_id: str,
        card: Card,
        key: str | None,
        *,
        waits_out_limits: bool,
    ) -> MessageRef:
        return self._create(
            tenant,
            id_type,
            receive_id,
            "interactive",
            json.dumps(card),
            key or uuid.uuid4().hex,
            waits_out_limits=waits_out_limits,
        )

    def reply_card(
        self,
        tenant: str,
        message_id: str,
        card: Card,
        key: str | None = None,
        *,
        in_thread: bool = False,
    ) -> MessageRef:
        """Answer a message with a card replying to it (im.v1.message.reply), in its thread
        where `in_thread`; `key` as for `send_card`."""
        request = (
            ReplyMessageRequest.builder()
            .message_id(message_id)
            .request_body(
                ReplyMessageRequestBody.builder()
                .msg_type("interactive")
                .content(json.dumps(card))
                .reply_in_thread(in_thread)
                .uuid(key or uuid.uuid4().hex)
                .build()
            )
            .build()
        )
        answer = self._call(
            "reply to message",
            tenant,
            lambda option: self._client.im.v1.message.reply(request, option),
        )
        return MessageRef(NAME, answer.data.chat_id or "", answer.data.message_id)

    def update(self, tenant: str, ref: MessageRef, message: Message) -> None:
        self.update_card(tenant, ref.id, message_card(message))

    def update_card(self, tenant: str, message_id: str, card: Card) -> None:
        request = (
            PatchMessageRequest.builder()
            .message_id(message_id)
            .request_body(PatchMessageRequestBody.builder().content(json.dumps(card)).build())
            .build()
        )
        self._call(
            "update message",
            tenant,
            lambda option: self._client.im.v1.message.patch(request, option),
        )

    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
        def upload(option: lark.RequestOption) -> Any:
            request = (
                CreateImageRequest.builder()
                .request_body(
                    CreateImageRequestBody.builder()
                    .image_type("message")
                    .image(io.BytesIO(png))
                    .build()
                )
                .build()
            )
            return self._client.im.v1.image.create(request, option)

        answer = self._call("upload image", tenant, upload)
        content = json.dumps({"image_key": answer.data.image_key})
        self._create(tenant, "chat_id", channel, "image", content, uuid.uuid4().hex)

    def react(self, tenant: str, message_id: str, reaction: str) -> None:
        emoji = _EMOJI.get(reaction, "DONE")
        request = (
            CreateMessageReactionRequest.builder()
            .message_id(message_id)
            .request_body(
                CreateMessageReactionRequestBody.builder()
                .reaction_type(Emoji.builder().emoji_type(emoji).build())
                .build()
            )
            .build()
        )
        self._call(
            "react",
            tenant,
            lambda option: self._client.im.v1.message_reaction.create(request, option),
        )

    def lookup_user(self, tenant: str, user_id: str) -> Profile | None:
        request = GetUserRequest.builder().user_id(user_id).user_id_type("open_id").build()
        try:
            answer = self._call(
                "look up user",
                tenant,
                lambda option: self._client.contact.v3.user.get(request, option),
            )
        except FeishuError as failed:
            log.warning("%s", failed)
            return None
        user = answer.data.user if answer.data else None
        if user is None:
            return None
        email = user.enterprise_email or user.email or None
        return Profile(
            user_id=user_id,
            name=user.name or user.en_name or user_id,
            email=email,
            timezone=user.time_zone or None,
            locale=_locale(user),
        )

    def _create(
        self,
        tenant: str,
        id_type: str,
        receive_id: str,
        msg_type: str,
        content: str,
        key: str,
        *,
        waits_out_limits: bool = True,
    ) -> MessageRef:
        request = (
            CreateMessageRequest.builder()
            .receive_id_type(id_type)
            .request_body(
                CreateMessageRequestBody.builder()
                .receive_id(receive_id)
                .msg_type(msg_type)
                .content(content)
                .uuid(key)
                .build()
            )
            .build()
        )
        answer = self._call(
            "send message",
            tenant,
            lambda option: self._client.im.v1.message.create(request, option),
            waits_out_limits=waits_out_limits,
        )
        return MessageRef(NAME, answer.data.chat_id or receive_id, answer.data.message_id)

    def _call(
        self,
        what: str,
        tenant: str,
        send: Callable[[lark.RequestOption], Any],
        *,
        waits_out_limits: bool = True,
    ) -> Any:
        """Call the open API, retrying lost connections and, `waits_out_limits`, rate-limit
        answers (every call here is idempotent: sends carry their uuid). Otherwise the first
        rate-limit answer is `FeishuRateLimited`, for Feishu's reset."""
        for attempt in range(1, self._attempts + 1):
            try:
                answer: _Answer = send(self._tenancy.request_option(tenant))
            except (RequestsConnectionError, Timeout) as lost:
                if attempt == self._attempts:
                    raise FeishuError(what, None, str(lost)) from lost
                self._sleep(min(self._max_wait, 2.0 ** (attempt - 1)))
                continue
            if answer.code == 0:
                return answer
            if answer.code in GONE:
                raise FeishuGone(what, answer.code, answer.msg)
            if not _rate_limited(answer):
                raise FeishuError(what, answer.code, answer.msg)
            wait = _reset_after(answer) or 2.0 ** (attempt - 1)
            if not waits_out_limits or attempt == self._attempts:
                raise FeishuRateLimited(what, answer.code, answer.msg, wait)
            log.info("feishu: %s rate-limited, retrying in %.1fs", what, wait)
            self._sleep(min(self._max_wait, wait))
        raise AssertionError("unreachable")


def _rate_limited(answer: _Answer) -> bool:
    status = getattr(answer.raw, "status_code", None)
    return answer.code in RATE_LIMITED_CODES or status == 429


def _reset_after(answer: _Answer) -> float | None:
    """Seconds until the rate-limit window resets, as Feishu says in `x-ogw-ratelimit-reset`."""
    headers = getattr(answer.raw, "headers", None) or {}
    for name, value in headers.items():
        if name.lower() == "x-ogw-ratelimit-reset":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


def _locale(user: Any) -> Locale:
    """The contact API has no language setting: a Chinese name or a Chinese-speaking region
    means Chinese, anything else English."""
    country = (user.country or "").upper()
    if country in _CHINESE_REGIONS or _HAN.search(user.name or ""):
        return Locale.ZH
    return Locale.EN
