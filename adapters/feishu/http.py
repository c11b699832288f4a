"""`POST /feishu/events` as a WSGI app: events and card callbacks handed to lark-oapi's
dispatcher, with what it leaves to us done first.

lark-oapi reads `X-Lark-Signature` and friends case-sensitively (WSGI gives them as
`HTTP_X_LARK_SIGNATURE`), checks neither the timestamp nor replays, and answers every failure
with 500. Here: a request must be signed by the encrypt key and no older than five minutes
(except the url_verification challenge, which carries the verification token instead), and a
refusal is a 401, bad input a 400."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import lark_oapi as lark
from lark_oapi.core.utils import AESCipher

from bot.ports import Clock

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

WINDOW = timedelta(minutes=5)
MAX_BODY = 1 << 20
SIGNATURE = "X-Lark-Signature"
TIMESTAMP = "X-Lark-Request-Timestamp"
NONCE = "X-Lark-Request-Nonce"
_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    405: "405 Method Not Allowed",
    413: "413 Content Too Large",
}


class Refused(Exception):
    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


def events_app(
    dispatcher: lark.EventDispatcherHandler,
    *,
    encrypt_key: str,
    clock: Clock,
    path: str = "/feishu/events",
) -> WsgiApp:
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, 405, {"msg": "POST only"})
        try:
            body = _body(environ)
            headers = _headers(environ)
            _check(body, headers, encrypt_key=encrypt_key, clock=clock)
        except Refused as refused:
            log.warning("feishu: refused a request: %s", refused)
            return _answer(start_response, refused.status, {"msg": str(refused)})
        request = lark.RawRequest()
        request.uri, request.headers, request.body = path, headers, body
        response = dispatcher.do(request)
        status = response.status_code or 500
        content = response.content or b""
        if status >= 500:
            status = 401 if b"verification_token" in content or b"signature" in content else 400
        start_response(
            _STATUS.get(status, f"{status} Error"),
            [("Content-Type", "application/json; charset=utf-8")],
        )
        return [content]

    return app


def _check(body: bytes, headers: dict[str, str], *, encrypt_key: str, clock: Clock) -> None:
    """Refuse what is unsigned, wrongly signed or stale. The challenge is the one request the
    dispatcher checks by its verification token instead."""
    try:
        envelope = json.loads(body)
    except ValueError:
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(envelope, dict):
        raise Refused(400, "the body is not a JSON object")
    if not encrypt_key or _is_challenge(envelope, encrypt_key):
        return
    signature, timestamp, nonce = (
        headers.get(SIGNATURE),
        headers.get(TIMESTAMP),
        headers.get(NONCE),
    )
    if not signature or not timestamp or nonce is None:
        raise Refused(401, "the request is not signed")
    expected = hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise Refused(401, "the signature does not match")
    try:
        sent = float(timestamp)
    except ValueError:
        raise Refused(401, "the timestamp is not a number") from None
    if abs(clock.now().timestamp() - sent) > WINDOW.total_seconds():
        raise Refused(401, "the request is too old (a replay?)")


def _is_challenge(envelope: dict[str, Any], encrypt_key: str) -> bool:
    encrypted = envelope.get("encrypt")
    if isinstance(encrypted, str):
        try:
            envelope = json.loads(AESCipher(encrypt_key).decrypt_str(encrypted))
        except Exception:
            raise Refused(400, "the body cannot be decrypted") from None
    return isinstance(envelope, dict) and envelope.get("type") == "url_verification"


def _body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused(400, "bad Content-Length") from None
    if length > MAX_BODY:
        raise Refused(413, "the body is too large")
    body: bytes = environ["wsgi.input"].read(length) if length else b""
    if not body:
        raise Refused(400, "the body is empty")
    return body


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """Request headers named as lark-oapi looks them up: `X-Lark-Signature`, …"""
    return {
        "-".join(part.capitalize() for part in key[5:].split("_")): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }


def _answer(start_response: StartResponse, status: int, body: dict[str, str]) -> Iterable[bytes]:
    start_response(
        _STATUS.get(status, f"{status} Error"),
        [("Content-Type", "application/json; charset=utf-8")],
    )
    return [json.dumps(body).encode()]
