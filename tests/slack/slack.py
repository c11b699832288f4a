"""Slack's side of the wire: requests signed as Slack signs them (`v0=` HMAC-SHA256 of
`v0:timestamp:body` with the signing secret), with the payload shapes Slack sends, POSTed to our
real WSGI app served on loopback."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.slack.standin import SlackStandIn

Json = dict[str, Any]
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Slack:
    """Slack sending requests to the bot at `url` (its `/slack/events`)."""

    def __init__(
        self,
        url: str,
        standin: SlackStandIn,
        *,
        team: str = "T0LOCAL",
        secret: str = SIGNING_SECRET,
        settle: Callable[[], None] | None = None,
    ) -> None:
        self.url, self.standin, self.team, self.secret = url, standin, team, secret
        self.settle = settle or (lambda: None)  # waits until the bot has done all its work
        self._ids = itertools.count(1)

    def post(
        self,
        body: bytes,
        kind: str,
        *,
        timestamp: int | None = None,
        signed_with: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": kind,
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": signature(signed_with or self.secret, stamp, body),
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read())

    def post_json(self, payload: Json, **options: Any) -> Answer:
        return self.post(json.dumps(payload).encode(), "application/json", **options)

    def post_form(self, fields: dict[str, str], **options: Any) -> Answer:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **options)

    def _id(self) -> int:
        return next(self._ids)

    # Slash command
    def command(self, user: str, text: str, *, channel: str = "C0MKT", **options: Any) -> Answer:
        n = self._id()
        return self.post_form(
            {
                "token": "legacy-verification-token",
                "team_id": self.team,
                "team_domain": "acme",
                "channel_id": channel,
                "channel_name": "directmessage" if channel.startswith("D") else "marketing",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/okr",
                "text": text,
                "api_app_id": "A0OKRBOT",
                "is_enterprise_install": "false",
                "response_url": self.standin.response_url(f"command-{n}"),
                "trigger_id": f"{n}.1111.{self.team}trigger",
            },
            **options,
        )

    # Events API
    def event(self, event: Json, *, event_id: str | None = None, **options: Any) -> Answer:
        return self.post_json(
            {
                "token": "legacy-verification-token",
                "team_id": self.team,
                "api_app_id": "A0OKRBOT",
                "event": event,
                "type": "event_callback",
                "event_id": event_id or f"Ev{self._id():08d}",
                "event_time": int(time.time()),
                "authorizations": [
                    {
                        "enterprise_id": None,
                        "team_id": self.team,
                        "user_id": "U0BOT",
                        "is_bot": True,
                        "is_enterprise_install": False,
                    }
                ],
                "is_ext_shared_channel": False,
            },
            **options,
        )

    def dm(
        self,
        user: str,
        text: str,
        *,
        ts: str | None = None,
        event_id: str | None = None,
        **options: Any,
    ) -> Answer:
        return self.event(
            {
                "type": "message",
                "channel": f"D{user}",
                "user": user,
                "text": text,
                "ts": ts or f"1767225000.{self._id():06d}",
                "team": self.team,
                "channel_type": "im",
                "event_ts": ts or "1767225000.000001",
            },
            event_id=event_id,
            **options,
        )

    def home_opened(self, user: str) -> Answer:
        return self.event(
            {
                "type": "app_home_opened",
                "user": user,
                "channel": f"D{user}",
                "tab": "home",
                "event_ts": "1767225000.000002",
            }
        )

    # Interactivity
    def press(
        self, user: str, button: Json, *, channel: str | None = None, message_ts: str = ""
    ) -> Answer:
        """A button in a message in `channel`, or (no channel) in the App Home tab."""
        n = self._id()
        payload: Json = {
            "type": "block_actions",
            "user": {"id": user, "username": user.lower(), "team_id": self.team},
            "api_app_id": "A0OKRBOT",
            "token": "legacy-verification-token",
            "trigger_id": f"{n}.2222.{self.team}trigger",
            "team": {"id": self.team, "domain": "acme"},
            "actions": [
                {
                    "action_id": button["action_id"],
                    "block_id": "b1",
                    "text": button["text"],
                    "value": button["value"],
                    "type": "button",
                    "action_ts": f"1767225100.{n:06d}",
                }
            ],
        }
        if channel is None:
            payload |= {
                "container": {"type": "view", "view_id": "V0HOME"},
                "view": {"id": "V0HOME", "type": "home", "blocks": []},
            }
        else:
            payload |= {
                "container": {
                    "type": "message",
                    "message_ts": message_ts,
                    "channel_id": channel,
                    "is_ephemeral": False,
                },
                "channel": {"id": channel, "name": "directmessage"},
                "message": {"type": "message", "ts": message_ts, "user": "U0BOT"},
                "response_url": self.standin.response_url(f"action-{n}"),
            }
        return self.post_form({"payload": json.dumps(payload)})

    def submit(self, user: str, view: Json, values: dict[str, str]) -> Answer:
        """Submit the modal `view` (as views.open received it) with some fields typed in."""
        state: dict[str, dict[str, Json]] = {}
        for block in view["blocks"]:
            if block["type"] != "input":
                continue
            element = block["element"]
            typed = values.get(block["block_id"])
            if element["type"] == "checkboxes":
                chosen = element["options"] if typed == "true" else []
                state[block["block_id"]] = {
                    element["action_id"]: {"type": "checkboxes", "selected_options": chosen}
                }
            else:
                state[block["block_id"]] = {
                    element["action_id"]: {
                        "type": element["type"],
                        "value": typed if typed is not None else element.get("initial_value"),
                    }
                }
        n = self._id()
        payload = {
            "type": "view_submission",
            "team": {"id": self.team, "domain": "acme"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team},
            "api_app_id": "A0OKRBOT",
            "token": "legacy-verification-token",
            "trigger_id": f"{n}.3333.{self.team}trigger",
            "view": {**view, "state": {"values": state}, "team_id": self.team},
            "response_urls": [],
            "is_enterprise_install": False,
        }
        return self.post_form({"payload": json.dumps(payload)})
