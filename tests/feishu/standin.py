"""A stand-in of the Feishu open platform on loopback: a threaded HTTP server answering the
open API calls the bot makes with the real response shapes (tenant and app access tokens,
message send and reply with `uuid` idempotency, message update, reactions, image upload,
contact lookup), able to answer "too many requests" (HTTP 429, code 99991400) on demand."""

from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Sent:
    message_id: str
    receive_id_type: str
    receive_id: str
    chat_id: str
    msg_type: str
    content: str
    token: str  # the tenant access token it was sent with
    updates: list[str] = field(default_factory=list)
    reply_to: str = ""  # the message it replies to (im/v1/messages/:id/reply)
    root_id: str = ""  # the first message of the reply chain it is in
    thread_id: str = ""  # the thread (话题) it is in

    @property
    def card(self) -> dict[str, Any]:
        """The card as it is shown now (after updates)."""
        card: dict[str, Any] = json.loads(self.updates[-1] if self.updates else self.content)
        return card


class FeishuStandIn:
    def __init__(self) -> None:
        self.apps: dict[str, str] = {}  # app_id → app_secret
        self.users: dict[str, dict[str, Any]] = {}  # open_id → contact user
        self.sent: list[Sent] = []
        self.reactions: list[tuple[str, str]] = []  # (message_id, emoji)
        self.images: list[bytes] = []
        self.rate_limited_answers = 0
        self._limit_next = 0
        self._reset = "0"
        self._limit_answer = (429, 99991400)
        # message_id → (chat_id, root_id, thread_id)
        self._messages: dict[str, tuple[str, str, str]] = {}
        self._by_uuid: dict[str, Sent] = {}
        self._tokens: dict[str, str] = {}  # token → tenant ("self" for self-built apps)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FeishuStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def limit_next(
        self, count: int, reset_seconds: int, *, status: int = 429, code: int = 99991400
    ) -> None:
        """Answer the next `count` message sends with "too many requests": HTTP 429 and code
        99991400 unless told otherwise (some older APIs answer 400; the message APIs' per-chat
        limit is code 230020)."""
        with self._lock:
            self._limit_next, self._reset = count, str(reset_seconds)
            self._limit_answer = (status, code)

    def message_in(self, message: dict[str, Any]) -> None:
        """Make a message someone wrote (an event's `message`) known, so the bot can reply to
        it: Feishu knows every message, the stand-in only the bot's and those it is told of."""
        with self._lock:
            self._messages[message["message_id"]] = (
                message["chat_id"],
                message.get("root_id", ""),
                message.get("thread_id", ""),
            )

    def wait_for(self, condition: Any, timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(condition, timeout)

    def tenant_of(self, token: str) -> str | None:
        return self._tokens.get(token)

    def sent_to(self, receive_id: str) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if receive_id in (s.receive_id, s.chat_id)]

    # the server side

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                standin._serve(self, "GET")

            def do_POST(self) -> None:
                standin._serve(self, "POST")

            def do_PATCH(self) -> None:
                standin._serve(self, "PATCH")

        return Handler

    def _serve(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(request.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        status, body, headers = self._route(method, url.path, query, raw, request.headers)
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(data)

    def _route(
        self, method: str, path: str, query: dict[str, str], raw: bytes, headers: Any
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._changed:
            try:
                if path.startswith("/open-apis/auth/v3/"):
                    return self._auth(path, json.loads(raw))
                token = (headers.get("Authorization") or "").removeprefix("Bearer ")
                if token not in self._tokens:
                    return 401, {"code": 99991663, "msg": "Invalid access token"}, {}
                return self._api(method, path, query, raw, headers, token)
            finally:
                self._changed.notify_all()

    def _auth(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        if path.endswith("/tenant_access_token") and "app_access_token" in body:
            token = f"t-{body['tenant_key']}-{next(self._ids)}"
            self._tokens[token] = body["tenant_key"]
            return 200, {"code": 0, "msg": "ok", "tenant_access_token": token, "expire": 7200}, {}
        if self.apps.get(body.get("app_id", "")) != body.get("app_secret"):
            return 200, {"code": 10014, "msg": "app secret invalid"}, {}
        if path.endswith("/app_access_token"):
            if not body.get("app_ticket"):
                return 200, {"code": 10012, "msg": "app_ticket is empty"}, {}
            return (
                200,
                {
                    "code": 0,
                    "msg": "ok",
                    "app_access_token": f"a-{next(self._ids)}",
                    "expire": 7200,
                },
                {},
            )
        token = f"t-self-{next(self._ids)}"
        self._tokens[token] = "self"
        return 200, {"code": 0, "msg": "ok", "tenant_access_token": token, "expire": 7200}, {}

    def _api(
        self, method: str, path: str, query: dict[str, str], raw: bytes, headers: Any, token: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if method == "POST" and path == "/open-apis/im/v1/messages":
            return self._create(query, json.loads(raw), token)
        if method == "POST" and (
            m := re.fullmatch(r"/open-apis/im/v1/messages/([\w-]+)/reply", path)
        ):
            return self._reply(m[1], json.loads(raw), token)
        if method == "PATCH" and (m := re.fullmatch(r"/open-apis/im/v1/messages/([\w-]+)", path)):
            sent = next((s for s in self.sent if s.message_id == m[1]), None)
            if sent is None:
                return 400, {"code": 230001, "msg": "message not found"}, {}
            sent.updates.append(json.loads(raw)["content"])
            return 200, {"code": 0, "msg": "success", "data": {}}, {}
        if method == "POST" and (
            m := re.fullmatch(r"/open-apis/im/v1/messages/([\w-]+)/reactions", path)
        ):
            emoji = json.loads(raw)["reaction_type"]["emoji_type"]
            self.reactions.append((m[1], emoji))
            return (
                200,
                {
                    "code": 0,
                    "msg": "success",
                    "data": {
                        "reaction_id": f"r_{next(self._ids)}",
                        "reaction_type": {"emoji_type": emoji},
                    },
                },
                {},
            )
        if method == "POST" and path == "/open-apis/im/v1/images":
            if not (headers.get("Content-Type") or "").startswith("multipart/form-data"):
                return 400, {"code": 234001, "msg": "invalid request"}, {}
            self.images.append(raw)
            return (
                200,
                {"code": 0, "msg": "success", "data": {"image_key": f"img_v2_{next(self._ids)}"}},
                {},
            )
        if method == "GET" and (m := re.fullmatch(r"/open-apis/contact/v3/users/([\w-]+)", path)):
            user = self.users.get(m[1])
            if user is None:
                return 400, {"code": 41050, "msg": "no user authority error"}, {}
            return (
                200,
                {"code": 0, "msg": "success", "data": {"user": {"open_id": m[1], **user}}},
                {},
            )
        return 404, {"code": 404, "msg": "not found"}, {}

    def _limited(self) -> tuple[int, dict[str, Any], dict[str, str]] | None:
        if self._limit_next <= 0:
            return None
        self._limit_next -= 1
        self.rate_limited_answers += 1
        status, code = self._limit_answer
        msg = (
            "request trigger frequency limit"
            if code == 99991400
            else "This operation triggers the frequency limit."
        )
        return (
            status,
            {"code": code, "msg": msg},
            {"x-ogw-ratelimit-limit": "5", "x-ogw-ratelimit-reset": self._reset},
        )

    def _create(
        self, query: dict[str, str], body: dict[str, Any], token: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if (limited := self._limited()) is not None:
            return limited
        key = body.get("uuid")
        sent = self._by_uuid.get(key) if key else None
        if sent is None:
            id_type, receive_id = query["receive_id_type"], body["receive_id"]
            chat_id = receive_id if id_type == "chat_id" else f"oc_dm_{receive_id}"
            sent = Sent(
                f"om_{next(self._ids)}",
                id_type,
                receive_id,
                chat_id,
                body["msg_type"],
                body["content"],
                token,
            )
            self._keep(sent, key)
        return 200, {"code": 0, "msg": "success", "data": self._message(sent)}, {}

    def _reply(
        self, message_id: str, body: dict[str, Any], token: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        if (limited := self._limited()) is not None:
            return limited
        if message_id not in self._messages:
            return (
                400,
                {
                    "code": 230001,
                    "msg": "Your request contains an invalid request "
                    "parameter, ext=invalid message_id.",
                },
                {},
            )
        key = body.get("uuid")
        sent = self._by_uuid.get(key) if key else None
        if sent is None:
            chat_id, root_id, thread_id = self._messages[message_id]
            if body.get("reply_in_thread") and not thread_id:
                thread_id = f"omt_{next(self._ids)}"  # the reply starts a thread
            sent = Sent(
                f"om_{next(self._ids)}",
                "message_id",
                message_id,
                chat_id,
                body["msg_type"],
                body["content"],
                token,
                reply_to=message_id,
                root_id=root_id or message_id,
                thread_id=thread_id,
            )
            self._keep(sent, key)
        return 200, {"code": 0, "msg": "success", "data": self._message(sent)}, {}

    def _keep(self, sent: Sent, key: str | None) -> None:
        self.sent.append(sent)
        self._messages[sent.message_id] = (sent.chat_id, sent.root_id, sent.thread_id)
        if key:
            self._by_uuid[key] = sent

    @staticmethod
    def _message(sent: Sent) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": sent.message_id,
            "root_id": sent.root_id,
            "parent_id": sent.reply_to,
            "msg_type": sent.msg_type,
            "create_time": "1762074000000",
            "update_time": "1762074000000",
            "deleted": False,
            "updated": False,
            "chat_id": sent.chat_id,
            "sender": {"id": "cli_bot", "id_type": "app_id", "sender_type": "app"},
            "body": {"content": sent.content},
            "mentions": [],
        }
        if sent.thread_id:
            data["thread_id"] = sent.thread_id
        return data
