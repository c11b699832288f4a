"""Slack as the core's `ChatPlatform`, over slack_sdk's `WebClient`.

Clients retry what Slack asks to retry: a 429 after its `Retry-After`, a 5xx and a dropped
connection with backoff. The retries sleep in the calling thread, which is never the one
acking a request (Bolt acks before the listener's work, see `adapters.slack.app`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from adapters.slack.blocks import message_payload
from adapters.slack.dialect import SLACK
from bot.chat.dialect import Dialect
from bot.chat.messages import Message, MessageRef
from bot.model import Locale
from bot.ports import Profile, RateLimited, SendFailed

NAME = "slack"
SLACK_API_URL = "https://slack.com/api/"
# Web API errors no retry will change: the person left, the channel is gone or archived.
GONE = frozenset({"user_not_found", "channel_not_found", "is_archived", "account_inactive",
                  "user_disabled"})


class NotInstalled(Exception):
    """No bot token for the workspace: the app was never installed there, or was removed."""


def web_client(base_url: str, token: str | None = None, *, timeout: int = 30) -> WebClient:
    """A Web API client that honours `Retry-After` and retries server and connection errors."""
    return WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        timeout=timeout,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


@contextmanager
def _classified() -> Iterator[None]:
    """A failed send as the port's failures: permanent for `GONE`, `RateLimited` once the
    client's own retries of a 429 are spent; anything else as it came."""
    try:
        yield
    except SlackApiError as failed:
        error = str(failed.response.get("error") or "")
        if error in GONE:
            raise SendFailed(error, permanent=True) from failed
        if failed.response.status_code == 429 or error == "ratelimited":
            headers = failed.response.headers or {}
            wait = headers.get("Retry-After") or headers.get("retry-after") or "1"
            raise RateLimited(float(wait[0] if isinstance(wait, list) else wait)) from failed
        raise


class SlackPlatform:
    """`token_for(tenant)` gives the bot token of a tenant's workspace (one fixed token in
    single-workspace mode; the installation store's in multi-workspace mode)."""

    def __init__(self, base_url: str, token_for: Callable[[str], str | None]) -> None:
        self._base_url = base_url
        self._token_for = token_for
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return NAME

    @property
    def dialect(self) -> Dialect:
        return SLACK

    def client(self, tenant: str) -> WebClient:
        token = self._token_for(tenant)
        if not token:
            raise NotInstalled(tenant)
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = self._clients[token] = web_client(self._base_url, token)
        return client

    # `key`: Slack's Web API has no idempotency key for chat.postMessage, so it is ignored.
    def send_dm(self, tenant: str, user_id: str, message: Message,
                key: str | None = None) -> MessageRef:
        client = self.client(tenant)
        with _classified():
            opened = client.conversations_open(users=user_id)
            channel = str(opened["channel"]["id"])
            sent = client.chat_postMessage(channel=channel, **message_payload(message))
        return MessageRef(NAME, channel, str(sent["ts"]))

    def post(self, tenant: str, channel: str, message: Message,
             thread: str | None = None, key: str | None = None) -> MessageRef:
        extra: dict[str, Any] = {"thread_ts": thread} if thread else {}
        with _classified():
            sent = self.client(tenant).chat_postMessage(channel=channel,
                                                        **message_payload(message), **extra)
        return MessageRef(NAME, str(sent["channel"]), str(sent["ts"]))

    def update(self, tenant: str, ref: MessageRef, message: Message) -> None:
        self.client(tenant).chat_update(channel=ref.channel, ts=ref.id,
                                        **message_payload(message))

    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
        self.client(tenant).files_upload_v2(channel=channel, content=png,
                                            filename=f"{title}.png", title=title)

    def lookup_user(self, tenant: str, user_id: str) -> Profile | None:
        try:
            found = self.client(tenant).users_info(user=user_id, include_locale=True)
        except SlackApiError:
            return None
        user: dict[str, Any] = found["user"]
        profile: dict[str, Any] = user.get("profile") or {}
        name = (profile.get("real_name") or user.get("real_name")
                or profile.get("display_name") or user.get("name") or user_id)
        locale = str(user.get("locale") or "")
        return Profile(
            user_id=user_id,
            name=str(name),
            email=profile.get("email") or None,
            timezone=user.get("tz") or None,
            locale=(Locale.ZH if locale.lower().startswith("zh") else Locale.EN) if locale
            else None,
        )
