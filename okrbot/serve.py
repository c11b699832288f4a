"""`okrbot serve`: one WSGI app (each platform's events endpoint and `GET /healthz`) behind a
production server (waitress, threads), or the platforms' socket connections, plus the
scheduler. Platforms plug in through `PlatformService`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.ports import ChatPlatform
from okrbot.settings import MissingSetting

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class PlatformService:
    """One chat platform, wired: its HTTP endpoints, its socket connection, and the port the
    scheduler sends through at `pace` sends a second (None: as fast as it answers)."""

    name: str
    scheduled: ChatPlatform
    pace: float | None
    routes: Mapping[str, WsgiApp] = field(default_factory=dict)
    run_socket: Callable[[], None] | None = None  # blocks; runs on its own thread


def wsgi_app(routes: Mapping[str, WsgiApp]) -> WsgiApp:
    """Dispatch by path; `GET /healthz` answers 200 while the process serves."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        route = routes.get(path)
        if route is None:
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"not found\n"]
        return route(environ, start_response)

    return app


def serve_http(
    services: Sequence[PlatformService], *, host: str, port: int, threads: int = 16
) -> None:
    from waitress import serve  # imported here: only the server process needs it

    routes = {path: route for service in services for path, route in service.routes.items()}
    serve(wsgi_app(routes), host=host, port=port, threads=threads)


def serve_sockets(services: Sequence[PlatformService]) -> None:
    """Run each platform's socket connection on its own thread until they all end."""
    missing = [s.name for s in services if s.run_socket is None]
    if missing:
        raise MissingSetting(
            f"--socket needs the socket settings of {', '.join(missing)} (Slack: SLACK_APP_TOKEN)"
        )
    runners = [s.run_socket for s in services if s.run_socket is not None]
    workers = [threading.Thread(target=run, daemon=True) for run in runners]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
