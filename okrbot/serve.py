"""`okrbot serve`: one WSGI app (each platform's events endpoint, `GET /healthz` and
`GET /metrics`) behind a production server (waitress, threads), beside the platforms' socket
connections when asked for, plus the scheduler. Platforms plug in through `PlatformService`.

In Socket Mode and on the long connection the same server answers `/healthz` and `/metrics`
only. SIGTERM or SIGINT stops it: the server stops taking requests, the scheduler drains (see
`jobs.runner`), and the process exits 0."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.ports import ChatPlatform, Meter, NoMeter
from okrbot.lifecycle import Stopping
from okrbot.logs import REQUEST_ID
from okrbot.settings import MissingSetting

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
# How a platform is wired: serving HTTP requests, over its socket connection (Slack Socket
# Mode, the Feishu long connection), or only sending (`okrbot jobs run`).
Mode = Literal["http", "socket", "send"]
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
TEXT = [("Content-Type", "text/plain; charset=utf-8")]


@dataclass(frozen=True)
class PlatformService:
    """One chat platform, wired: its HTTP endpoints, its socket connection, and the port the
    scheduler sends through at `pace` sends a second (None: as fast as it answers)."""

    name: str
    scheduled: ChatPlatform
    pace: float | None
    routes: Mapping[str, WsgiApp] = field(default_factory=dict)
    run_socket: Callable[[], None] | None = None  # blocks; runs on its own thread


class Health:
    """What `/healthz` answers: healthy while the database answers a `SELECT 1` within
    `timeout` seconds and the scheduler ticked (or is ticking) recently."""

    def __init__(
        self,
        ping: Callable[[], None],
        scheduler_silence: Callable[[], float | None] = lambda: 0.0,
        *,
        max_silence: float = 120.0,
        timeout: float = 2.0,
    ) -> None:
        self._ping = ping
        self._silence = scheduler_silence  # seconds since the last tick; None: never ticked
        self._max_silence = max_silence
        self._timeout = timeout
        self._lock = threading.Lock()
        self._pending: threading.Event | None = None  # one ping at a time, however many ask

    def check(self) -> str | None:
        """None when healthy, else the reason."""
        problem = self._database()
        if problem is not None:
            return problem
        silence = self._silence()
        if silence is None:
            return "the scheduler has not ticked yet"
        if silence > self._max_silence:
            return f"the scheduler last ticked {silence:.0f}s ago"
        return None

    def _database(self) -> str | None:
        with self._lock:
            if self._pending is not None and not self._pending.is_set():
                return "database: the previous check has not been answered yet"
            done = self._pending = threading.Event()
        failed: list[BaseException] = []

        def ping() -> None:
            try:
                self._ping()
            except Exception as error:
                failed.append(error)
            finally:
                done.set()

        threading.Thread(target=ping, name="okrbot-health", daemon=True).start()
        if not done.wait(self._timeout):
            return f"database: no answer within {self._timeout:g}s"
        if failed:
            return f"database: {type(failed[0]).__name__}"
        return None


def wsgi_app(
    routes: Mapping[str, WsgiApp],
    *,
    health: Health | None = None,
    metrics: Callable[[], tuple[str, bytes]] | None = None,
    meter: Meter | None = None,
) -> WsgiApp:
    """Dispatch by path. `GET /healthz`: 200 while healthy, 503 with the reason otherwise;
    `GET /metrics`: the Prometheus text format. Every platform request is counted, with the
    time its answer took (the ack)."""
    meter = meter or NoMeter()

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH:
            problem = health.check() if health is not None else None
            if problem is None:
                start_response("200 OK", TEXT)
                return [b"ok\n"]
            start_response("503 Service Unavailable", TEXT)
            return [f"unhealthy: {problem}\n".encode()]
        if path == METRICS_PATH and metrics is not None:
            kind, body = metrics()
            start_response("200 OK", [("Content-Type", kind)])
            return [body]
        route = routes.get(path)
        if route is None:
            start_response("404 Not Found", TEXT)
            return [b"not found\n"]
        started = time.perf_counter()
        statuses: list[str] = []
        request = REQUEST_ID.set(environ.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex[:16])

        def recording(status: str, headers: Any, *rest: Any) -> Any:
            statuses.append(status)
            return start_response(status, headers, *rest)

        try:
            return route(environ, recording)
        finally:
            REQUEST_ID.reset(request)
            kind = path.strip("/").replace("/", "_") or "root"
            outcome = f"{statuses[0][:1]}xx" if statuses else "error"
            meter.count("okrbot_requests_total", {"kind": kind, "outcome": outcome})
            meter.observe("okrbot_ack_seconds", {"kind": kind}, time.perf_counter() - started)

    return app


def routes_of(services: Sequence[PlatformService]) -> dict[str, WsgiApp]:
    return {path: route for service in services for path, route in service.routes.items()}


def serve_http(
    app: WsgiApp, *, host: str, port: int, stopping: Stopping, threads: int = 16
) -> None:
    """Serve `app` until SIGTERM or SIGINT; the requests under way are answered first."""
    from waitress.server import create_server  # only the server process needs it

    server = create_server(app, host=host, port=port, threads=threads)
    # The signal handler interrupts the server's loop, which then finishes what it serves.
    with stopping.interrupting_main():
        if not stopping.is_set():
            server.run()
    server.close()


def start_sockets(services: Sequence[PlatformService]) -> None:
    """Run each platform's socket connection on a thread of its own (daemons: they end with
    the process)."""
    missing = [s.name for s in services if s.run_socket is None]
    if missing:
        raise MissingSetting(
            f"--socket needs the socket settings of {', '.join(missing)} (Slack: SLACK_APP_TOKEN)"
        )
    for service in services:
        assert service.run_socket is not None
        threading.Thread(
            target=service.run_socket, name=f"okrbot-{service.name}-socket", daemon=True
        ).start()
