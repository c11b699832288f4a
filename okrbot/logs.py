"""Logging, configured once by the command that runs: `OKRBOT_LOG_LEVEL` (default INFO) and
`OKRBOT_LOG_FORMAT` (`text` with timestamps, or `json`: one object a line with time, level,
logger, message and the context a record carries: tenant, platform, cadence, request id).

Nothing secret is written: the configured secrets and anything shaped like a Slack token are
masked in every record, and the query of a `wss://` URL (lark-oapi logs its long connection's,
which carries its access key and ticket) is cut off."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

CONTEXT = ("tenant", "platform", "cadence", "request_id", "replica")
_TOKENS = re.compile(r"\bx(?:ox[abposr]|app)-[0-9A-Za-z-]+")
_SOCKET_URL = re.compile(r"(wss?://[^\s?'\"]+)\?[^\s'\"]*")
MASK = "***"
OURS = "_okrbot_handler"
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# The request being answered on this thread (set by the web app): on every record meanwhile.
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


class _InRequest(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = REQUEST_ID.get()
        if request is not None and not hasattr(record, "request_id"):
            record.request_id = request
        return True


class Redacting(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        text = self.redact(record.getMessage())
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        record.msg, record.args = text, None
        return True

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        text = _TOKENS.sub(MASK, text)
        return _SOCKET_URL.sub(lambda m: f"{m.group(1)}?{MASK}", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_text or record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False)


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record comes (it may be replaced)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def configure_logging(
    level: str = "INFO",
    fmt: str = "text",
    *,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> None:
    """Replace the root logger's handlers with one writing to `stream` (default stderr)."""
    handler = logging.StreamHandler(stream) if stream is not None else _StandardError()
    handler.addFilter(_InRequest())
    handler.addFilter(Redacting(secrets))
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, OURS, False):  # configured again (in one process): replaced
            root.removeHandler(old)
    setattr(handler, OURS, True)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Alembic says at INFO what it is about to do on every connection it inspects.
    logging.getLogger("alembic").setLevel(max(root.level, logging.WARNING))
    # lark-oapi logs to its own logger ("Lark"), with a stdout handler of its own that it adds
    # when imported: its records are redacted at the logger, and `adopt_sdk_logs` hands them
    # to our handler once the SDK is loaded.
    lark = logging.getLogger(LARK)
    for old_filter in [f for f in lark.filters if isinstance(f, Redacting)]:
        lark.removeFilter(old_filter)
    lark.addFilter(Redacting(secrets))
    adopt_sdk_logs()


LARK = "Lark"


def adopt_sdk_logs() -> None:
    """Send the SDK's records through our handler instead of its own."""
    lark = logging.getLogger(LARK)
    for old in list(lark.handlers):
        lark.removeHandler(old)
    lark.propagate = True
