"""The Monday check-in to N people through a platform stand-in with 20 ms latency that answers
429 past a set rate.

    .venv/bin/python bench/bench_checkin_fanout.py [--people 10000] [--rate 100] [--workers 8]
        [--batch 200] [--postgres] [--profile FILE]

The stand-in runs in its own process (a threaded HTTP server on 127.0.0.1), so the CPU time
measured here is the bot's alone: building each check-in, claiming it, sending it, logging it.
Reported: wall time against the rate-limit floor (N / rate), bot CPU per message, and what
the stand-in received: lost (never delivered) and duplicated (delivered twice)."""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import http.client
import json
import multiprocessing
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.cadences.pacing import Pacer
from bot.cadences.runner import Cadences, run_cadence
from bot.cadences.settings import Cadence
from bot.chat.context import Chat
from bot.chat.dialect import PLAIN, Dialect
from bot.chat.messages import Message, MessageRef
from bot.chat.texts import Texts
from bot.ports import Profile, RateLimited, SendFailed
from bot.table import import_table
from okrbot.bootstrap import build
from okrbot.charts import MatplotlibCharts
from okrbot.settings import Settings

LATENCY = 0.020
MONDAY = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


def stand_in(port_out: multiprocessing.SimpleQueue[int], rate: float) -> None:
    """The platform: every DM takes 20 ms; past `rate` a second it answers 429."""
    lock = threading.Lock()
    state = {"next": 0.0}
    received: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no delayed-ACK wait

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # /stats
            self._answer(200, {"received": dict(received)})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(LATENCY)
            with lock:
                now = time.monotonic()
                wait = state["next"] - now
                if wait > 0.5 / rate:  # a little burst is allowed, like a token bucket of 1
                    limited = True
                else:
                    limited = False
                    state["next"] = max(now, state["next"]) + 1.0 / rate
                    received[body["user"]] += 1
            if limited:
                self._answer(429, {"ok": False}, retry_after=max(wait, 0.001))
            else:
                self._answer(200, {"ok": True, "ts": str(time.time_ns())})

        def _answer(self, status: int, data: object, retry_after: float | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            if retry_after is not None:
                self.send_header("Retry-After", f"{retry_after:.4f}")
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.put(server.server_address[1])
    server.serve_forever()


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

    def send_dm(self, tenant: str, user_id: str, message: Message,
                key: str | None = None) -> MessageRef:
        answer = self._post({"user": user_id, "text": message.text, "uuid": key or ""})
        return MessageRef("bench", f"dm:{user_id}", answer["ts"])

    def post(self, tenant: str, channel: str, message: Message,
             thread: str | None = None, key: str | None = None) -> MessageRef:
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
            connection = self._local.connection = http.client.HTTPConnection(
                "127.0.0.1", self._port, timeout=10)
        payload = json.dumps(body).encode()
        connection.request("POST", "/dm", payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        data = json.loads(response.read())
        if response.status == 429:
            self.limited += 1
            raise RateLimited(float(response.headers["Retry-After"]))
        if response.status != 200:
            raise SendFailed(f"HTTP {response.status}", permanent=False)
        return dict(data)


def workspace(people: int, team_size: int = 50) -> dict[str, object]:
    ids = [f"p{n:05d}" for n in range(people)]
    return {
        "period": "2026-Q4",
        "timezone": "Asia/Shanghai",
        "people": [{"id": pid, "name": f"Person {pid}", "bench": f"U{pid}"} for pid in ids],
        "teams": [{"id": f"t{n:04d}", "lead": ids[n], "members": ids[n:n + team_size]}
                  for n in range(0, people, team_size)],
        "objectives": [{"id": f"o-{pid}", "title": f"Objective of {pid}", "owner": pid,
                        "key_results": [{"id": f"kr-{pid}", "title": "Grow it", "start": 0,
                                         "target": 10, "current": 3}]} for pid in ids],
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
    parser.add_argument("--batch", type=int, default=200,
                        help="targets claimed and outcomes written per statement")
    parser.add_argument("--profile", help="write a cProfile of the fan-out to this file")
    parser.add_argument("--postgres", action="store_true",
                        help="run on a fresh PostgreSQL database (127.0.0.1:5432), not SQLite")
    args = parser.parse_args()

    import bot.table.reader as reader  # the bench platform's ids ride in the table

    reader.PLATFORMS = (*reader.PLATFORMS, "bench")  # type: ignore[assignment]
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
        okrbot = build(Settings(OKRBOT_DATABASE_URL=url))
        started = time.perf_counter()
        import_table(okrbot.unit_of_work(), okrbot.clock, tenant="local",
                     data=workspace(args.people))
        print(f"set up {args.people:,} people in {time.perf_counter() - started:.1f} s")
        platform = StandInPlatform(port)
        assert okrbot.deliveries is not None
        cadences = Cadences(Chat(okrbot.unit_of_work, okrbot.clock, platform, Texts(PLAIN)),
                            okrbot.deliveries, MatplotlibCharts(), replica="bench",
                            pacer=Pacer(args.rate, workers=args.workers), batch=args.batch)
        profile = cProfile.Profile() if args.profile else None
        gc_timer = GcTimer()
        gc.callbacks.append(gc_timer)
        cpu, wall, main_cpu = time.process_time(), time.perf_counter(), time.thread_time()
        if profile:
            profile.enable()
        outcomes = run_cadence(cadences, "local", Cadence.WEEKLY_CHECKIN, MONDAY)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        main_cpu = time.thread_time() - main_cpu
        gc.callbacks.remove(gc_timer)
        if profile:
            profile.disable()
            profile.dump_stats(args.profile)
        okrbot.close()
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/stats")
    received: dict[str, int] = json.loads(connection.getresponse().read())["received"]
    server.terminate()
    floor = args.people / args.rate
    lost = args.people - len(received)
    duplicated = sum(count - 1 for count in received.values() if count > 1)
    print(f"{args.people:,} people, {'PostgreSQL' if args.postgres else 'SQLite'}, "
          f"{args.workers} senders, batches of {args.batch}")
    print(f"outcomes: {dict(outcomes)}; 429s answered: {platform.limited}")
    print(f"wall {wall:.1f} s against a rate-limit floor of {floor:.1f} s "
          f"({(wall / floor - 1) * 100:+.1f}%)")
    print(f"bot CPU {cpu:.1f} s: {cpu / args.people * 1000:.2f} ms per message "
          f"({main_cpu / args.people * 1000:.2f} ms in the thread that claims and logs, "
          f"the rest in the sender threads; {gc_timer.seconds / args.people * 1000:.2f} ms "
          f"in {gc_timer.full} full garbage collections and smaller ones)")
    print(f"lost {lost}, duplicated {duplicated}")
    ok = wall <= floor * 1.1 and cpu / args.people < 0.001 and lost == 0 and duplicated == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
