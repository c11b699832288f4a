"""Our WSGI app as `okrbot serve` builds it, on a threaded server on loopback: what the Slack
and Feishu tests send their signed requests to."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from okrbot.serve import WsgiApp, wsgi_app

POLL = 0.05  # seconds: how soon a stopped server notices


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server:
    """The routes served until `stop()`; `url` is where."""

    def __init__(self, routes: Mapping[str, WsgiApp]) -> None:
        self._server = make_server(
            "127.0.0.1",
            0,
            wsgi_app(routes),
            server_class=_ThreadingServer,
            handler_class=_QuietHandler,
        )
        threading.Thread(target=self._server.serve_forever, args=(POLL,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serving(routes: Mapping[str, WsgiApp]) -> Iterator[str]:
    """The routes served while inside: their base URL."""
    server = Server(routes)
    try:
        yield server.url
    finally:
        server.stop()
