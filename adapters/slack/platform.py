"""Slack as the core's `ChatPlatform`, over slack_sdk's `WebClient`.

Clients retry what Slack asks to retry: a 429 after its `Retry-After`, a 5xx and a dropped
connection with backoff. The retries sleep in the calling thread, which is never the one
acking a request (Bolt acks before the listener's work, see `adapters.slack.app`).

The sends of a fan-out are the exception (`paced=True`): slack_sdk's `RateLimitErrorRetryHandler`
would sleep out each 429 in one sender thread, on the real clock, while the other senders kept
hitting the limit. There a 429 is the port's `RateLimited` at once, and the scheduler's pacer
(`jobs.pacing`) pauses every sender for the `Retry-After` Slack named, then tries
again; a 429 means the message was not posted, so the retry is not a second message.

`chat.postMessage` has no idempotency key, so it is never retried blindly: a 5xx, a timeout or
a connection lost mid-request may have posted it. Every post carries its key (the delivery's,
or a fresh one) in the message's `metadata`; after such a failure, and before a scheduled send
that was tried before (`find_sent`), the channel's recent history (`conversations.history` with
`include_all_metadata`) is searched for it. Found, it was posted; not found, the port's
`SendUnknown` leaves the retry to the caller, which looks again first."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

from adapters.slack.blocks import message_payload
from adapters.slack.dialect import SLACK
from bot.dialect import Dialect
from bot.messages import Message, MessageRef
from bot.model import Locale, Person, Team
from bot.ports import Profile, RateLimited, SendFailed, SendUnknown

NAME = "slack"
SLACK_API_URL = "https://slack.com/api/"
# Web API errors no retry will change: the person left, the channel is gone or archived.
GONE = frozenset(
    {"user_not_found", "channel_not_found", "is_archived", "account_inactive", "user_disabled"}
)


# The message metadata every post carries: its delivery key, to find it again.
DELIVERY_EVENT = "okrbot_delivery"
HISTORY_LIMIT = 100  # recent messages searched for a post whose fate is unknown
# What a post may have done when it failed like this: it is looked for before it is repeated.
_UNKNOWN_FATE = (TimeoutError, URLError, ConnectionError)


class NotInstalled(Exception):
    """No bot token for the workspace: the app was never installed there, or was removed."""


def web_client(
    base_url: str,
    token: str | None = None,
    *,
    timeout: int = 30,
    rate_limit_retries: int = 3,
    idempotent: bool = True,
) -> WebClient:
    """A Web API client that retries server and connection errors (only where `idempotent`:
    never for a post, which a 5xx may have posted) and, `rate_limit_retries` times, a 429
    after its `Retry-After` (0: a 429 is the caller's to wait out)."""
    handlers: list[RetryHandler] = []
    if idempotent:
        handlers += [
            ConnectionErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    if rate_limit_retries:
        handlers.append(RateLimitErrorRetryHandler(max_retry_count=rate_limit_retries))
    return WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        timeout=timeout,
        retry_handlers=handlers,
    )


def _retry_after(headers: Mapping[str, object] | None) -> float:
    """Slack's `Retry-After` (seconds), whatever the case of its name; 1 s without one."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            first = value[0] if isinstance(value, list) and value else value
            try:
                return max(0.0, float(str(first)))
            except ValueError:
                break
    return 1.0


@contextmanager
def _classified() -> Iterator[None]:
    """A failed send as the port's failures: permanent for `GONE`, `RateLimited` for a 429
    the client did not wait out (paced, or its retries spent); anything else as it came."""
    try:
        yield
    except SlackApiError as failed:
        error = str(failed.response.get("error") or "")
        if error in GONE:
            raise SendFailed(error, permanent=True) from failed
        if failed.response.status_code == 429 or error == "ratelimited":
            raise RateLimited(_retry_after(failed.response.headers)) from failed
        raise


class SlackPlatform:
    """`token_for(tenant)` gives the bot token of a tenant's workspace (one fixed token in
    single-workspace mode; the installation store's in multi-workspace mode).

    `paced`: the port of the scheduled sends, whose `send_dm` and `post` leave a 429 to the
    fan-out's pacer (see the module's docstring). Everything else, and every call of an
    unpaced platform (answers to requests), waits out a 429 in the client."""

    def __init__(
        self,
        base_url: str,
        token_for: Callable[[str], str | None],
        *,
        paced: bool = False,
        timeout: int = 30,
    ) -> None:
        self._base_url = base_url
        self._token_for = token_for
        self._paced = paced
        self._timeout = timeout
        self._clients: dict[tuple[str, bool, bool], WebClient] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return NAME

    @property
    def dialect(self) -> Dialect:
        return SLACK

    def address(self, person: Person) -> str | None:
        return person.platform_ids.get(self.name)

    def channel_of(self, team: Team) -> str | None:
        return team.channels.get(self.name)

    def client(self, tenant: str) -> WebClient:
        """The workspace's client, which waits out a 429 itself."""
        return self._client(tenant, waits_out_429=True)

    def _sender(self, tenant: str, *, idempotent: bool = True) -> WebClient:
        """The client of `send_dm` and `post`: without the 429 retries where paced, and
        without any retry for the post itself."""
        return self._client(tenant, waits_out_429=not self._paced, idempotent=idempotent)

    def _client(self, tenant: str, *, waits_out_429: bool, idempotent: bool = True) -> WebClient:
        token = self._token_for(tenant)
        if not token:
            raise NotInstalled(tenant)
        with self._lock:
            client = self._clients.get((token, waits_out_429, idempotent))
            if client is None:
                client = self._clients[(token, waits_out_429, idempotent)] = web_client(
                    self._base_url,
                    token,
                    timeout=self._timeout,
                    rate_limit_retries=3 if waits_out_429 else 0,
                    idempotent=idempotent,
                )
        return client

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        return self._post(tenant, self._dm_channel(tenant, user_id), message, key)

    def post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        thread: str | None = None,
        key: str | None = None,
    ) -> MessageRef:
        return self._post(tenant, channel, message, key, thread)

    def find_sent(self, tenant: str, to: str, key: str, *, dm: bool) -> MessageRef | None:
        """The message posted with this key among the channel's (or the DM's) recent ones."""
        channel = self._dm_channel(tenant, to) if dm else to
        with _classified():
            history = self._sender(tenant).conversations_history(
                channel=channel, include_all_metadata=True, limit=HISTORY_LIMIT
            )
        for found in history.get("messages") or []:
            metadata = found.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == DELIVERY_EVENT and payload.get("key") == key:
                return MessageRef(NAME, channel, str(found["ts"]))
        return None

    def _dm_channel(self, tenant: str, user_id: str) -> str:
        with _classified():
            opened = self._sender(tenant).conversations_open(users=user_id)
        return str(opened["channel"]["id"])

    def _post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        key: str | None,
        thread: str | None = None,
    ) -> MessageRef:
        key = key or uuid.uuid4().hex
        extra: dict[str, Any] = {"thread_ts": thread} if thread else {}
        metadata = {"event_type": DELIVERY_EVENT, "event_payload": {"key": key}}
        try:
            with _classified():
                sent = self._sender(tenant, idempotent=False).chat_postMessage(
                    channel=channel, **message_payload(message), metadata=metadata, **extra
                )
        except SlackApiError as failed:
            if failed.response.status_code < 500:
                raise
            return self._found_or_unknown(
                tenant, channel, key, f"HTTP {failed.response.status_code}"
            )
        except _UNKNOWN_FATE as lost:
            return self._found_or_unknown(tenant, channel, key, repr(lost))
        return MessageRef(NAME, str(sent["channel"]), str(sent["ts"]))

    def _found_or_unknown(self, tenant: str, channel: str, key: str, why: str) -> MessageRef:
        """After a post that may or may not have gone out: where it went, if it did."""
        try:
            found = self.find_sent(tenant, channel, key, dm=False)
        except (SlackApiError, *_UNKNOWN_FATE) as failed:
            raise SendUnknown(f"chat.postMessage: {why}; looking for it: {failed!r}") from failed
        if found is None:
            raise SendUnknown(f"chat.postMessage: {why}, and the message is not there")
        return found

    def update(self, tenant: str, ref: MessageRef, message: Message) -> None:
        self.client(tenant).chat_update(channel=ref.channel, ts=ref.id, **message_payload(message))

    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
        self.client(tenant).files_upload_v2(
            channel=channel, content=png, filename=f"{title}.png", title=title
        )

    def lookup_user(self, tenant: str, user_id: str) -> Profile | None:
        try:
            found = self.client(tenant).users_info(user=user_id, include_locale=True)
        except SlackApiError:
            return None
        user: dict[str, Any] = found["user"]
        profile: dict[str, Any] = user.get("profile") or {}
        name = (
            profile.get("real_name")
            or user.get("real_name")
            or profile.get("display_name")
            or user.get("name")
            or user_id
        )
        locale = str(user.get("locale") or "")
        # Guests and people of another organisation (Slack Connect) are not the company's.
        external = any(
            bool(user.get(flag)) for flag in ("is_restricted", "is_ultra_restricted", "is_stranger")
        )
        return Profile(
            user_id=user_id,
            name=str(name),
            email=profile.get("email") or None,
            timezone=user.get("tz") or None,
            locale=(Locale.ZH if locale.lower().startswith("zh") else Locale.EN)
            if locale
            else None,
            external=external,
        )
