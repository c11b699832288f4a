"""The long connection (for self-built apps without a public URL): lark-oapi's websocket
client feeding the same dispatcher as HTTP. Its `start()` blocks forever on lark-oapi's
module-level event loop, so it runs on a thread of its own (`okrbot serve --socket` gives it
one)."""

from __future__ import annotations

import lark_oapi as lark


def long_connection(
    dispatcher: lark.EventDispatcherHandler, *, app_id: str, app_secret: str, domain: str
) -> lark.ws.Client:
    return lark.ws.Client(
        app_id, app_secret, event_handler=dispatcher, domain=domain, log_level=lark.LogLevel.INFO
    )
