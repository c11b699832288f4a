"""The Monday check-in to N people through a platform stand-in with 20 ms latency that answers
429 past a set rate.

    .venv/bin/python bench/bench_checkin_fanout.py [--people 10000] [--rate 100] [--workers 8]
        [--batch 200] [--postgres] [--profile FILE]

The stand-in runs in its own process (one thread over non-blocking sockets on 127.0.0.1), so
the CPU time measured here is the bot's alone: building each check-in, claiming it, sending it
(through a minimal keep-alive HTTP client), logging it. The fan-out runs after `gc.freeze()`,
as in `okrbot serve`. Reported: wall time against the rate-limit floor (N / rate), bot CPU per
message, what the stand-in received (lost: never delivered; duplicated: delivered twice), and
the stand-in's own CPU, which shares the machine's cores with the bot."""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import heapq
import http.client
import itertools
import json
import multiprocessing
import selectors
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.cadences.registry import WEEKLY_CHECKIN
from bot.dialect import PLAIN, Dialect
from bot.messages import Message, MessageRef
from bot.model import Person, Team
from bot.ports import Profile, RateLimited, SendFailed
from bot.table import import_table
from jobs.pacing import Pacer
from jobs.runner import Runner, run_cadence
from okrbot.bootstrap import build
from okrbot.platforms import TABLE_COLUMNS
from okrbot.settings import Settings

LATENCY = 0.020
MONDAY = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


def stand_in(port_out: multiprocessing.SimpleQueue[int], rate: float) -> None:
    """The platform: every DM is answered 20 ms after it arrives; past `rate` a second the
    answer is a 429. One thread over non-blocking sockets, so that the stand-in, which shares
    this machine's cores with the bot, disturbs the bot's CPU figures as little as it can."""
    selector = selectors.DefaultSelector()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    selector.register(listener, selectors.EVENT_READ)
    port_out.put(listener.getsockname()[1])
    received: Counter[str] = Counter()
    due: list[tuple[float, int, socket.socket, str]] = []  # answers waiting for their time
    arrivals = itertools.count()
    next_slot = 0.0
    while True:
        wait = max(0.0, due[0][0] - time.monotonic()) if due else None
        for key, _ in selector.select(wait):
            if key.fileobj is listener:
                connection, _ = listener.accept()
                connection.setblocking(False)
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                selector.register(connection, selectors.EVENT_READ, bytearray())
                continue
            connection, pending = cast(socket.socket, key.fileobj), key.data
            chunk = connection.recv(65536)
            if not chunk:
                selector.unregister(connection)
                connection.close()
                continue
            pending += chunk
            while (end := pending.find(b"\r\n\r\n")) >= 0:
                head = pending[:end].decode("latin-1").split("\r\n")
                length = next(
                    (
                        int(line.split(":", 1)[1])
                        for line in head[1:]
                        if line.lower().startswith("content-length:")
                    ),
                    0,
                )
                if len(pending) < end + 4 + length:
                    break
                body = bytes(pending[end + 4 : end + 4 + length])
                del pending[: end + 4 + length]
                if head[0].startswith("GET"):  # /stats
                    _answer(
                        connection, 200, {"received": dict(received), "cpu": time.process_time()}
                    )
                else:
                    heapq.heappush(
                        due,
                        (
                            time.monotonic() + LATENCY,
                            next(arrivals),
                            connection,
                            json.loads(body)["user"],
                        ),
                    )
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, connection, user = heapq.heappop(due)
            if next_slot - now > 0.5 / rate:  # a little burst is allowed, like a bucket of 1
                _answer(connection, 429, {"ok": False}, retry_after=next_slot - now)
            else:
                next_slot = max(now, next_slot) + 1.0 / rate
                received[user] += 1
                _answer(connection, 200, {"ok": True, "ts": str(time.time_ns())})


def _answer(
    connection: socket.socket, status: int, data: object, retry_after: float | None = None
) -> None:
    payload = json.dumps(data).encode()
    extra = f"Retry-After: {retry_after:.4f}\r\n" if retry_after is not None else ""
    head = (
        f"HTTP/1.1 {status} {'OK' if status == 200 else 'Too Many Requests'}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        f"{extra}\r\n"
    )
    connection.setblocking(True)  # answers are small: sent whole
    connection.sendall(head.encode() + payload)
    connection.setblocking(False)


class KeepAlive:
    """A minimal HTTP/1.1 client on one kept-alive connection: what a platform SDK's pooled
    session costs at best (the SDKs themselves cost more: see the README)."""

    def __init__(self, port: int) -> None:
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=10)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._head = (
            b"POST /dm HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
        )
        self._pending = b""

    def post(self, payload: bytes) -> tuple[int, dict[str, str], bytes]:
        self._socket.sendall(b"%s%d\r\n\r\n%s" % (self._head, len(payload), payload))
        data = self._pending
        while (end := data.find(b"\r\n\r\n")) < 0:
            data += self._read()
        status_line, *lines = data[:end].decode("latin-1").split("\r\n")
        headers = {
            name.lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines)
        }
        start = end + 4
        stop = start + int(headers["content-length"])
        while len(data) < stop:
            data += self._read()
        self._pending = data[stop:]
        return int(status_line.split(" ", 2)[1]), headers, data[start:stop]

    def _read(self) -> bytes:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise ConnectionError("the stand-in closed the connection")
        return chunk


class StandInPlatform:
    """A `ChatPlatform` over HTTP to the stand-in: one keep-alive connection per thread."""

    def __init__(self, port: int) -> None:
        self._port = port
        self._local = threading.local()
        self.limited = 0  # 429s answered

    @property
    def name(self) -> str:
        return "bench"

    @property
    def dialect(self) -> Dialect:
        return PLAIN

    def address(self, person: Person) -> str | None:
        return person.platform_ids.get(self.name)

    def channel_of(self, team: Team) -> str | None:
        return team.channels.get(self.name)

    def send_dm(
        self, tenant: str, user_id: str, message: Message, key: str | None = None
    ) -> MessageRef:
        answer = self._post({"user": user_id, "text": message.text, "uuid": key or ""})
        return MessageRef("bench", f"dm:{user_id}", answer["ts"])

    def post(
        self,
        tenant: str,
        channel: str,
        message: Message,
        thread: str | None = None,
        key: str | None = None,
    ) -> MessageRef:
        answer = self._post({"user": channel, "text": message.text, "uuid": key or ""})
        return MessageRef("bench", channel, answer["ts"])

    def update(self, tenant: str, ref: MessageRef, message: Message) -> None:
        pass

    def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
        pass

    def lookup_user(self, tenant: str, user_id: str) -> Profile | None:
        return None

    def _post(self, body: dict[str, str]) -> dict[str, str]:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = KeepAlive(self._port)
        status, headers, data = connection.post(json.dumps(body).encode())
        if status == 429:
            self.limited += 1
            raise RateLimited(float(headers["retry-after"]))
        if status != 200:
            raise SendFailed(f"HTTP {status}", permanent=False)
        return dict(json.loads(data))


def workspace(people: int, team_size: int = 50) -> dict[str, object]:
    ids = [f"p{n:05d}" for n in range(people)]
    return {
        "period": "2026-Q4",
        "timezone": "Asia/Shanghai",
        "people": [{"id": pid, "name": f"Person {pid}", "bench": f"U{pid}"} for pid in ids],
        "teams": [
            {"id": f"t{n:04d}", "lead": ids[n], "members": ids[n : n + team_size]}
            for n in range(0, people, team_size)
        ],
        "objectives": [
            {
                "id": f"o-{pid}",
                "title": f"Objective of {pid}",
                "owner": pid,
                "key_results": [
                    {"id": f"kr-{pid}", "title": "Grow it", "start": 0, "target": 10, "current": 3}
                ],
            }
            for pid in ids
        ],
    }


class GcTimer:
    """Time spent in the cyclic garbage collector (in any thread) while installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.full = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.seconds += time.process_time() - self._started
            self.full += info["generation"] == 2


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100.0, help="the stand-in's limit, /s")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument(
        "--batch", type=int, default=200, help="targets claimed and outcomes written per statement"
    )
    parser.add_argument("--profile", help="write a cProfile of the fan-out to this file")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a fresh PostgreSQL database (127.0.0.1:5432), not SQLite",
    )
    args = parser.parse_args()

    ports: multiprocessing.SimpleQueue[int] = multiprocessing.SimpleQueue()
    server = multiprocessing.Process(target=stand_in, args=(ports, args.rate), daemon=True)
    server.start()
    port = ports.get()
    with contextlib.ExitStack() as stack:
        if args.postgres:
            from tests.databases import postgres_database

            url = stack.enter_context(postgres_database())
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
        okrbot = build(Settings(database_url=url))
        started = time.perf_counter()
        import_table(
            okrbot.unit_of_work(),
            okrbot.clock,
            tenant="local",
            data=workspace(args.people),
            platforms=(*TABLE_COLUMNS, "bench"),  # the bench platform's ids ride in the table
        )
        print(f"set up {args.people:,} people in {time.perf_counter() - started:.1f} s")
        platform = StandInPlatform(port)
        cadences = Runner(
            okrbot.chat(platform),
            okrbot.schedules,
            okrbot.claims,
            replica="bench",
            pacer=Pacer(args.rate, workers=args.workers),
            batch=args.batch,
        )
        profile = cProfile.Profile() if args.profile else None
        gc.freeze()  # as `okrbot serve` does once started
        gc_timer = GcTimer()
        gc.callbacks.append(gc_timer)
        cpu, wall, main_cpu = time.process_time(), time.perf_counter(), time.thread_time()
        if profile:
            profile.enable()
        outcomes = run_cadence(cadences, "local", WEEKLY_CHECKIN, MONDAY)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        main_cpu = time.thread_time() - main_cpu
        gc.callbacks.remove(gc_timer)
        if profile:
            profile.disable()
            profile.dump_stats(args.profile)
        okrbot.close()
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/stats")
    stats = json.loads(connection.getresponse().read())
    received: dict[str, int] = stats["received"]
    server.terminate()
    floor = args.people / args.rate
    lost = args.people - len(received)
    duplicated = sum(count - 1 for count in received.values() if count > 1)
    print(
        f"{args.people:,} people, {'PostgreSQL' if args.postgres else 'SQLite'}, "
        f"{args.workers} senders, batches of {args.batch}"
    )
    print(f"outcomes: {dict(outcomes)}; 429s answered: {platform.limited}")
    print(
        f"wall {wall:.1f} s against a rate-limit floor of {floor:.1f} s "
        f"({(wall / floor - 1) * 100:+.1f}%)"
    )
    print(
        f"bot CPU {cpu:.1f} s: {cpu / args.people * 1000:.2f} ms per message "
        f"({main_cpu / args.people * 1000:.2f} ms in the thread that claims and logs, "
        f"the rest in the sender threads; {gc_timer.seconds / args.people * 1000:.2f} ms "
        f"in {gc_timer.full} full garbage collections and smaller ones)"
    )
    print(f"lost {lost}, duplicated {duplicated}")
    print(f"the stand-in (another process, same machine) used {stats['cpu']:.1f} s of CPU")
    ok = wall <= floor * 1.1 and cpu / args.people < 0.001 and lost == 0 and duplicated == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
