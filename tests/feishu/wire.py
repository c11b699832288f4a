"""Feishu's side of the wire: events and card callbacks shaped as Feishu sends them, encrypted
with the encrypt key (AES-256-CBC keyed by its sha256, random IV, base64 of IV + ciphertext),
signed (X-Lark-Signature = sha256(timestamp + nonce + encrypt_key + body)) and POSTed."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
from dataclasses import dataclass
from typing import Any

import requests
from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

from tests.fakes import FixedClock

_ids = itertools.count(1)


def encrypt(plaintext: str, encrypt_key: str) -> str:
    iv = os.urandom(16)
    cipher = AES.new(hashlib.sha256(encrypt_key.encode()).digest(), AES.MODE_CBC, iv)
    return base64.b64encode(iv + cipher.encrypt(pad(plaintext.encode(), 16))).decode()


def signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes) -> str:
    return hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()


@dataclass
class Answer:
    status: int
    body: dict[str, Any]


class FeishuWire:
    def __init__(
        self, url: str, *, encrypt_key: str, token: str, app_id: str, clock: FixedClock
    ) -> None:
        self.url, self.encrypt_key, self.token = url, encrypt_key, token
        self.app_id, self.clock = app_id, clock

    def post(
        self,
        payload: dict[str, Any],
        *,
        encrypted: bool = True,
        signed: bool = True,
        key: str | None = None,
        age_seconds: float = 0,
    ) -> Answer:
        plain = json.dumps(payload, ensure_ascii=False)
        body = json.dumps({"encrypt": encrypt(plain, self.encrypt_key)}) if encrypted else plain
        data = body.encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if signed:
            timestamp = str(int(self.clock.now().timestamp() - age_seconds))
            nonce = base64.b16encode(os.urandom(8)).decode()
            headers.update(
                {
                    "X-Lark-Request-Timestamp": timestamp,
                    "X-Lark-Request-Nonce": nonce,
                    "X-Lark-Signature": signature(timestamp, nonce, key or self.encrypt_key, data),
                }
            )
        answer = requests.post(self.url, data=data, headers=headers, timeout=10)
        return Answer(answer.status_code, answer.json() if answer.content else {})

    def event(
        self,
        event_type: str,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        tenant_key: str = "tk_acme",
        **options: Any,
    ) -> Answer:
        return self.post(
            self.envelope(event_type, event, event_id=event_id, tenant_key=tenant_key), **options
        )

    def envelope(
        self,
        event_type: str,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        tenant_key: str = "tk_acme",
    ) -> dict[str, Any]:
        return {
            "schema": "2.0",
            "header": {
                "event_id": event_id or f"ev_{next(_ids):08d}",
                "token": self.token,
                "create_time": str(int(self.clock.now().timestamp() * 1000)),
                "event_type": event_type,
                "tenant_key": tenant_key,
                "app_id": self.app_id,
            },
            "event": event,
        }


def text_message(
    open_id: str,
    text: str,
    *,
    chat_type: str = "p2p",
    chat_id: str | None = None,
    mentions: list[dict[str, Any]] | None = None,
    message_type: str = "text",
    root_id: str | None = None,
    thread_id: str | None = None,
) -> dict[str, Any]:
    """The `event` of im.message.receive_v1. A reply to `root_id` (in a thread: `thread_id`,
    where the parent is always the thread's root) carries both, as Feishu sends them."""
    content = (
        json.dumps({"text": text}, ensure_ascii=False)
        if message_type == "text"
        else json.dumps({"image_key": "img_v2_x"})
    )
    replying = {"root_id": root_id, "parent_id": root_id} if root_id else {}
    if thread_id:
        replying["thread_id"] = thread_id
    return {
        "sender": {
            "sender_id": {
                "open_id": open_id,
                "union_id": f"on_{open_id}",
                "user_id": open_id.removeprefix("ou_"),
            },
            "sender_type": "user",
            "tenant_key": "tk_acme",
        },
        "message": {
            "message_id": f"om_in_{next(_ids)}",
            "create_time": "1762074000000",
            "update_time": "1762074000000",
            "chat_id": chat_id or f"oc_dm_{open_id}",
            "chat_type": chat_type,
            "message_type": message_type,
            "content": content,
            "mentions": mentions or [],
            **replying,
        },
    }


def mention(key: str, open_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "key": key,
        "id": {
            "open_id": open_id,
            "union_id": f"on_{open_id}",
            "user_id": "" if bot else open_id.removeprefix("ou_"),
        },
        "name": name,
        "tenant_key": "tk_acme",
        "mentioned_type": "bot" if bot else "user",
    }


def menu(open_id: str, event_key: str) -> dict[str, Any]:
    """The `event` of application.bot.menu_v6."""
    return {
        "operator": {
            "operator_name": "someone",
            "operator_id": {
                "open_id": open_id,
                "union_id": f"on_{open_id}",
                "user_id": open_id.removeprefix("ou_"),
            },
        },
        "event_key": event_key,
        "timestamp": 1762074000,
    }


def card_action(
    open_id: str,
    value: dict[str, Any],
    *,
    message_id: str,
    chat_id: str,
    form_value: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `event` of card.action.trigger."""
    action: dict[str, Any] = {"value": value, "tag": "button"}
    if form_value is not None:
        action.update(form_value=form_value, name="submit")
    return {
        "operator": {
            "tenant_key": "tk_acme",
            "user_id": open_id.removeprefix("ou_"),
            "open_id": open_id,
            "union_id": f"on_{open_id}",
        },
        "token": "c-callback-token",
        "action": action,
        "host": "im_message",
        "context": {"open_message_id": message_id, "open_chat_id": chat_id},
    }
