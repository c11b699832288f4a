"""Real `okrbot` processes against a platform stand-in and a real database, for the tests of
what an operator does to them: SIGTERM, kill -9, a database that goes away. Also a workspace of
many people to fan out to, and a TCP proxy in front of PostgreSQL that a test can cut."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot.model import Delivery
from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from storage.claims import SqlClaims
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FixedClock

ROOT = Path(__file__).parents[1]
CHECK_IN_AT = "2026-11-02T12:00+00:00"  # Monday noon: the week's check-in, 10:00 UTC
CHECK_IN = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
BOT_TOKEN = "xoxb-processes"
SIGNING_SECRET = "signing-secret-for-processes"
# Short leases and quick retries, so a takeover is seconds away; a stand-in that answers fast.
FAST = {
    "OKRBOT_LEASE_SECONDS": "3",
    "OKRBOT_RETRY_SECONDS": "1",
    "OKRBOT_SEND_WORKERS": "4",
    "OKRBOT_CLAIM_BATCH": "10",
    "OKRBOT_SEND_RATE": "200",
    "OKRBOT_RUN_WAIT_SECONDS": "120",
    "OKRBOT_TICK_SECONDS": "2",
    "OKRBOT_GRACE_MINUTES": "200000",  # the fixed Monday stays within grace
    "OKRBOT_LOG_FORMAT": "json",
}


def crowd(size: int) -> dict[str, object]:
    """One team of `size` people in UTC, each owning one key result, all on Slack."""
    handles = [f"p{n:03d}" for n in range(size)]
    return {
        "period": "2026-Q4",
        "timezone": "UTC",
        "people": [
            {"id": h, "name": f"Person {h}", "timezone": "UTC", "slack": f"U{h.upper()}"}
            for h in handles
        ],
        "teams": [
            {
                "id": "crowd",
                "name": "Crowd",
                "lead": handles[0],
                "members": handles,
                "channels": {"slack": "C0CROWD"},
            }
        ],
        "objectives": [
            {
                "id": f"o-{h}",
                "title": f"Objective of {h}",
                "owner": h,
                "key_results": [
                    {
                        "id": f"kr-{h}",
                        "title": "Grow it",
                        "start": 0,
                        "target": 10,
                        "current": 1,
                        "unit": "things",
                    }
                ],
            }
            for h in handles
        ],
    }


def dm_channels(size: int) -> list[str]:
    """The DM channels of the crowd on the Slack stand-in (it opens `D<user>`)."""
    return [f"DUP{n:03d}" for n in range(size)]


def load_crowd(engine: Engine, size: int) -> None:
    import_table(
        SqlUnitOfWork(session_factory(engine)),
        FixedClock(CHECK_IN),
        tenant="local",
        data=crowd(size),
        platforms=TABLE_COLUMNS,
    )


def deliveries(engine: Engine) -> list[Delivery]:
    return list(
        SqlClaims(session_factory(engine)).of_occurrence("local", "weekly-checkin", CHECK_IN)
    )


def okrbot(url: str, *args: str, **env: str) -> subprocess.Popen[str]:
    """`okrbot ARGS` as its own process, on the database at `url`."""
    command = "import sys; from okrbot.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", command, *args],
        cwd=ROOT,
        env={**os.environ, "OKRBOT_DATABASE_URL": url, **FAST, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def slack_env(api_url: str) -> dict[str, str]:
    return {
        "SLACK_API_URL": api_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    }


def check_in_run(url: str, api_url: str, **env: str) -> subprocess.Popen[str]:
    return okrbot(
        url,
        "jobs",
        "run",
        "weekly-checkin",
        "--platform",
        "slack",
        "--at",
        CHECK_IN_AT,
        **slack_env(api_url),
        **env,
    )


def wait_until(done: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"not within {timeout}s: {what}"
        time.sleep(0.02)


def stop(process: subprocess.Popen[str], timeout: float = 30) -> tuple[int, str, str]:
    """SIGTERM, then its exit code and output."""
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def get(url: str) -> tuple[int, str]:
    """GET `url`: the status and the body (0 while nothing listens there)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as failed:
        return failed.code, failed.read().decode()
    except urllib.error.URLError:
        return 0, "not listening"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class CuttableProxy:
    """A TCP proxy on loopback in front of `target`: `cut()` drops every connection through
    it and refuses new ones (as a network partition or a database restart would) until
    `restore()`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._cut = False
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            self._cut = True
            for connection in self._open:
                _close(connection)
            self._open.clear()

    def restore(self) -> None:
        with self._lock:
            self._cut = False

    def close(self) -> None:
        self._closed = True
        self.cut()
        _close(self._listener)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if self._cut:
                    _close(client)
                    continue
                try:
                    server = socket.create_connection(self._target, timeout=5)
                except OSError:
                    _close(client)
                    continue
                server.settimeout(None)
                self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(connection: socket.socket) -> None:
    with suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


@contextmanager
def proxied(url: str) -> Iterator[tuple[str, CuttableProxy]]:
    """The PostgreSQL URL `url`, reached through a proxy the test can cut."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    proxy = CuttableProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
    try:
        yield parsed.set(port=proxy.port).render_as_string(hide_password=False), proxy
    finally:
        proxy.close()


def json_lines(text: str) -> list[dict[str, Any]]:
    import json

    return [json.loads(line) for line in text.splitlines() if line.strip()]
