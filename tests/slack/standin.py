"""A stand-in of Slack's Web API on loopback: a threaded HTTP server answering the methods the
bot calls with payloads shaped like Slack's, recording every call (with the bot token it came
with), able to answer 429 + Retry-After, and receiving slash commands' `response_url` posts.

It also plays Slack's side of an OAuth install: `grant()` is an installer approving the app on
Slack's authorize page (what Slack then puts in the redirect as `code`), and `oauth.v2.access`
exchanges that code, once, for the workspace's bot token, as Slack does: client id and secret by
HTTP Basic auth (or as arguments), `invalid_client_id` / `bad_client_secret` /
`invalid_code` otherwise.

Posted messages are kept per channel, with their `metadata` (event_type and event_payload),
and `conversations.history` returns them newest first, the metadata only with
`include_all_metadata`, as Slack does. Faults a real Slack has: `fail_after_posting(every=N)`
answers HTTP 500 to every Nth `chat.postMessage` although it posted it, `hang_after_posting`
answers some posts only after the client gave up, and `post_delay` slows every post down."""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Json = dict[str, Any]


@dataclass(frozen=True)
class Call:
    method: str  # a Web API method, or "respond" for a post to a response_url
    args: Json
    token: str | None
    status: int  # what the stand-in answered
    answer: Json | None = None
    path: str = ""
    at: float = field(default_factory=time.perf_counter)


class SlackStandIn:
    def __init__(
        self, *, teams: dict[str, str] | None = None, oauth_client: tuple[str, str] | None = None
    ) -> None:
        self.teams = teams or {}  # bot token → team id (auth.test); others get T0LOCAL
        self.oauth_client = oauth_client  # (client id, client secret) oauth.v2.access accepts
        self._grants: dict[str, Json] = {}  # OAuth code → its oauth.v2.access answer
        self.users: dict[str, Json] = {}  # users.info by user id
        self.calls: list[Call] = []
        self.socket_url: str | None = None  # apps.connections.open
        self._failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.history: dict[str, list[Json]] = {}  # channel → messages posted, oldest first
        self.post_delay = 0.0  # seconds each chat.postMessage takes
        self._fail_every = 0  # every Nth post answered 500 after posting it
        self._hang: list[float] = []  # the next posts: answered this many seconds late
        self._posts = itertools.count(1)
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SlackStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/respond/{name}"

    def fail(self, method: str, status: int = 429, **headers: str) -> None:
        """Answer the next call of `method` with `status` (e.g. 429 with Retry-After)."""
        with self._changed:
            self._failures.setdefault(method, []).append((status, headers))

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` as Slack does past its rate limit: HTTP
        429, `Retry-After` in seconds, body `{"ok": false, "error": "ratelimited"}`."""
        for _ in range(times):
            self.fail(method, 429, Retry_After=str(retry_after))

    def fail_after_posting(self, every: int) -> None:
        """Answer every `every`th chat.postMessage with HTTP 500, after posting it."""
        self._fail_every = every

    def hang_after_posting(self, seconds: float, times: int = 1) -> None:
        """Post the next `times` messages at once, and answer only `seconds` later."""
        with self._changed:
            self._hang += [seconds] * times

    def posted(self) -> dict[str, int]:
        """How many messages each channel got (posted, whatever the answer said)."""
        with self._changed:
            return {channel: len(messages) for channel, messages in self.history.items()}

    def limited_calls(self, method: str) -> list[Call]:
        """The calls of `method` answered with 429."""
        with self._changed:
            return [c for c in self.calls if c.method == method and c.status == 429]

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        email: str | None = None,
        tz: str = "Europe/Berlin",
        locale: str = "en-US",
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "team_id": "T0LOCAL",
            "name": name.split()[0].lower(),
            "real_name": name,
            "tz": tz,
            "tz_offset": 3600,
            "locale": locale,
            "is_bot": False,
            "deleted": False,
            "profile": {"real_name": name, "display_name": name.split()[0], "email": email},
        }

    def grant(
        self,
        code: str,
        *,
        team: str,
        bot_token: str,
        scopes: str,
        team_name: str | None = None,
        installer: str = "U0INSTALLER",
        app_id: str = "A0OKRBOT",
        bot_user_id: str = "U0BOT",
    ) -> None:
        """An installer approved the app for `team` on Slack's authorize page, granting the
        bot `scopes` (comma-separated, as the authorize URL asked): `code` may now be exchanged
        once by `oauth.v2.access` for `bot_token`, which `auth.test` then knows as `team`'s.
        The answer is shaped like Slack's for a bot-only install (no user scopes, so the
        installer comes without a user token; no token rotation, so no refresh token)."""
        with self._changed:
            self.teams[bot_token] = team
            self._grants[code] = {
                "ok": True,
                "app_id": app_id,
                "authed_user": {"id": installer},
                "scope": scopes,
                "token_type": "bot",
                "access_token": bot_token,
                "bot_user_id": bot_user_id,
                "team": {"id": team, "name": team_name or team},
                "enterprise": None,
                "is_enterprise_install": False,
            }

    def _exchange(self, args: Json, authorization: str | None) -> Json:
        """oauth.v2.access: the client's credentials, then the code (each used once)."""
        client_id, secret = args.get("client_id"), args.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            basic = base64.b64decode(authorization.removeprefix("Basic ")).decode()
            client_id, _, secret = basic.partition(":")
        known_id, known_secret = self.oauth_client or (None, None)
        if known_id is None or client_id != known_id:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != known_secret:
            return {"ok": False, "error": "bad_client_secret"}
        with self._changed:
            granted = self._grants.pop(str(args.get("code")), None)
        return granted or {"ok": False, "error": "invalid_code"}

    # What was called
    def ok_calls(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method and c.status == 200]

    def answers(self, method: str) -> list[Json]:
        """What the stand-in answered to the successful calls of `method`."""
        return [c.answer or {} for c in self.ok_calls(method)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10) -> list[Call]:
        """The first `count` successful calls of `method`, waiting for them to arrive."""
        with self._changed:
            arrived = self._changed.wait_for(
                lambda: (
                    len([c for c in self.calls if c.method == method and c.status == 200]) >= count
                ),
                timeout,
            )
            found = [c for c in self.calls if c.method == method and c.status == 200]
        assert arrived, f"{method} was called {len(found)} times, not {count}"
        return found

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    # Answers
    def _answer(self, method: str, args: Json, token: str | None) -> Json:
        ts = f"1767225600.{next(self._ts):06d}"
        match method:
            case "auth.test":
                team = self.teams.get(token or "", "T0LOCAL")
                return {
                    "ok": True,
                    "url": "https://acme.slack.com/",
                    "team": "Acme",
                    "user": "okrbot",
                    "team_id": team,
                    "user_id": "U0BOT",
                    "bot_id": "B0BOT",
                    "is_enterprise_install": False,
                }
            case "conversations.open":
                user = str(args.get("users", "")).split(",")[0]
                return {"ok": True, "channel": {"id": f"D{user}"}}
            case "chat.postMessage":
                self._keep(str(args.get("channel")), args, ts)
                return {
                    "ok": True,
                    "channel": args.get("channel"),
                    "ts": ts,
                    "message": {
                        "type": "message",
                        "text": args.get("text"),
                        "ts": ts,
                        "user": "U0BOT",
                        "bot_id": "B0BOT",
                        "blocks": args.get("blocks", []),
                    },
                }
            case "conversations.history":
                return self._history(args)
            case "chat.update":
                return {
                    "ok": True,
                    "channel": args.get("channel"),
                    "ts": args.get("ts"),
                    "text": args.get("text"),
                    "message": {"text": args.get("text")},
                }
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            case "reactions.add":
                return {"ok": True}
            case "views.open" | "views.publish" | "views.update":
                view = args.get("view")
                view = json.loads(view) if isinstance(view, str) else dict(view or {})
                return {
                    "ok": True,
                    "view": {**view, "id": f"V{next(self._ts)}", "hash": ts, "team_id": "T0LOCAL"},
                }
            case "users.info":
                user = self.users.get(str(args.get("user")))
                return (
                    {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
                )
            case "files.getUploadURLExternal":
                return {"ok": True, "upload_url": f"{self.base}/upload/F0001", "file_id": "F0001"}
            case "files.completeUploadExternal":
                return {"ok": True, "files": [{"id": "F0001", "title": "upload"}]}
            case "files.info":
                return {"ok": True, "file": {"id": "F0001"}}
            case "apps.connections.open":
                return {"ok": True, "url": self.socket_url}
            case "oauth.v2.access":  # `token` is the `Authorization` header's `Basic …` here
                return self._exchange(args, token)
        return {"ok": False, "error": "unknown_method"}

    def _keep(self, channel: str, args: Json, ts: str) -> None:
        metadata = args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        message: Json = {
            "type": "message",
            "user": "U0BOT",
            "bot_id": "B0BOT",
            "text": args.get("text"),
            "ts": ts,
        }
        if metadata:
            message["metadata"] = metadata
        with self._changed:
            self.history.setdefault(channel, []).append(message)

    def _history(self, args: Json) -> Json:
        channel = str(args.get("channel"))
        limit = int(args.get("limit") or 100)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._changed:
            newest_first = list(reversed(self.history.get(channel, [])))
        messages = [
            m if with_metadata else {k: v for k, v in m.items() if k != "metadata"}
            for m in newest_first[:limit]
        ]
        return {"ok": True, "messages": messages, "has_more": len(newest_first) > limit}

    def _after_post(self) -> tuple[int, float]:
        """The status to answer a post just made with, and how late."""
        n = next(self._posts)
        with self._changed:
            hang = self._hang.pop(0) if self._hang else 0.0
        status = 500 if self._fail_every and n % self._fail_every == 0 else 200
        return status, hang + self.post_delay

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._serve(dict(parse_qsl(urlsplit(self.path).query)))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                kind = self.headers.get("Content-Type", "")
                args: Json = dict(parse_qsl(urlsplit(self.path).query))
                if urlsplit(self.path).path.startswith("/upload/"):  # a file's bytes, as they are
                    args["body_bytes"] = len(raw)
                elif kind.startswith("application/json"):
                    args.update(json.loads(raw or b"{}"))
                elif kind.startswith("application/x-www-form-urlencoded"):
                    args.update(parse_qsl(raw.decode()))
                else:
                    args["body_bytes"] = len(raw)
                self._serve(args)

            def _serve(self, args: Json) -> None:
                path = urlsplit(self.path).path
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or None
                token = token or args.get("token")
                if path.startswith("/respond/") or path.startswith("/upload/"):
                    method = "respond" if path.startswith("/respond/") else "upload"
                    standin._record(Call(method, args, token, 200, path=path))
                    self._send(200, b"ok", "text/plain")
                    return
                method = path.removeprefix("/api/")
                with standin._changed:  # senders on several threads: each failure once
                    failures = standin._failures.get(method)
                    failure = failures.pop(0) if failures else None
                if failure is not None:
                    status, headers = failure
                    standin._record(Call(method, args, token, status))
                    if status == 429:
                        body = json.dumps({"ok": False, "error": "ratelimited"}).encode()
                        self._send(status, body, "application/json", headers)
                    else:
                        self._send(status, b"Internal Server Error", "text/plain", headers)
                    return
                answer = standin._answer(method, args, token)
                status, late = (200, 0.0)
                if method == "chat.postMessage":
                    status, late = standin._after_post()
                if late:
                    time.sleep(late)
                if status != 200:
                    standin._record(Call(method, args, token, status, answer))
                    body = b"<html><body>Internal Server Error</body></html>"
                    self._send(status, body, "text/html")
                    return
                standin._record(Call(method, args, token, 200, answer))
                # The client may have given up waiting (a timeout).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(200, json.dumps(answer).encode(), "application/json")

            def _send(
                self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name.replace("_", "-"), value)
                self.end_headers()
                self.wfile.write(body)

        return Handler


def blocks_of(call: Call) -> list[Json]:
    blocks = call.args.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def text_of(call: Call) -> str:
    """Everything a message or view shows, as one string (text and every block's text)."""
    return json.dumps(call.args, ensure_ascii=False)


def button(call: Call, label: str) -> Json:
    """The button labelled `label` in a message or view."""
    view = call.args.get("view")
    if view is not None:
        blocks = (json.loads(view) if isinstance(view, str) else view)["blocks"]
    else:
        blocks = blocks_of(call)
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["text"]["text"] == label:
                return dict(element)
    raise AssertionError(f"no button {label!r}")


Predicate = Callable[[Call], bool]
