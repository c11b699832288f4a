"""Slack: time to ack and time to answer a signed `/okr @colleague`, at a steady rate on
loopback, beside a bare Bolt app that only acks, in one run.

Both apps are served by waitress (as `okrbot serve` does) and talk to the Slack stand-in of the
tests (tests/slack/standin.py), which records when each answer reaches the command's
response_url. okrbot runs on SQLite with the example OKR table: every request records its
trigger id (redelivery check), finds the person, reads their OKRs and renders Block Kit.
Requests are sent open-loop at fixed times, so a slow answer does not slow the sending.

    .venv/bin/python bench/bench_slack.py [--rate 50] [--seconds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

sys.path.insert(0, str(Path(__file__).parents[1]))

from adapters.slack.app import build_slack_app
from adapters.slack.platform import web_client
from bot.context import Chat
from bot.table import import_table
from bot.texts import Texts
from okrbot.bootstrap import SystemClock
from okrbot.charts import MatplotlibCharts
from okrbot.platforms import TABLE_COLUMNS
from okrbot.serve import wsgi_app
from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork, create_engine_for, session_factory
from tests.slack.slack import signature
from tests.slack.standin import SlackStandIn
from tests.workspace import example_table

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"


def serve(app: Callable[..., Any]) -> str:
    server = create_server(app, host="127.0.0.1", port=0, threads=16)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}/slack/events"


def okrbot_app(standin: SlackStandIn, directory: Path) -> str:
    engine = create_engine_for(f"sqlite:///{directory / 'okrbot.db'}")
    upgrade(engine)
    units = session_factory(engine)
    import_table(
        SqlUnitOfWork(units),
        SystemClock(),
        tenant="local",
        data=example_table(),
        platforms=TABLE_COLUMNS,
    )
    clock = SystemClock()
    slack = build_slack_app(
        chat_for=lambda platform: Chat(
            lambda: SqlUnitOfWork(units),
            clock,
            platform,
            Texts(platform.dialect),
            MatplotlibCharts(),
        ),
        signing_secret=SECRET,
        api_url=standin.api_url,
        bot_token=TOKEN,
    )
    return serve(wsgi_app(slack.routes()))


def bare_app(standin: SlackStandIn, *, before_response: bool) -> str:
    app = App(
        signing_secret=SECRET,
        client=web_client(standin.api_url, TOKEN),
        attaching_conversation_kwargs_enabled=False,
        process_before_response=before_response,
    )

    @app.command("/okr")
    def only_ack(ack: Ack) -> None:
        ack()

    return serve(wsgi_app({"/slack/events": SlackRequestHandler(app)}))


def command(url: str, standin: SlackStandIn, name: str) -> float:
    """Send one signed `/okr <@U0RAJ|raj>`; seconds until the ack came back."""
    body = urlencode(
        {
            "token": "t",
            "team_id": "T0LOCAL",
            "team_domain": "acme",
            "channel_id": "C0MKT",
            "channel_name": "marketing",
            "user_id": "U0MIA",
            "user_name": "mia",
            "command": "/okr",
            "text": "<@U0RAJ|raj>",
            "api_app_id": "A0BENCH",
            "trigger_id": f"{name}.trigger",
            "response_url": standin.response_url(name),
        }
    ).encode()
    stamp = str(int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature(SECRET, stamp, body),
        },
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        assert response.status == 200, response.status
    return time.perf_counter() - started


def run(
    label: str, url: str, standin: SlackStandIn, rate: float, seconds: float
) -> dict[str, list[float]]:
    for warm in range(20):
        command(url, standin, f"{label}-warm-{warm}")
    count = int(rate * seconds)
    sent: dict[str, float] = {}
    acks: list[float] = []
    lock = threading.Lock()

    def one(name: str) -> None:
        sent[name] = time.perf_counter()
        took = command(url, standin, name)
        with lock:
            acks.append(took)

    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(max_workers=64) as pool:
        for n in range(count):
            delay = start + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)  # pacing the load generator, not waiting for a result
            pool.submit(one, f"{label}-{n}")
    if label.startswith("bare"):
        return {"ack": acks, "answer": []}
    deadline = time.perf_counter() + 15
    answers: list[float] = []
    while time.perf_counter() < deadline and len(answers) < count:
        time.sleep(0.05)  # polling the stand-in's record of answers, after the run
        answers = [
            call.at - sent[name]
            for call in standin.ok_calls("respond")
            if (name := call.path.rsplit("/", 1)[-1]) in sent
        ]
    return {"ack": acks, "answer": answers}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    with SlackStandIn() as standin, tempfile.TemporaryDirectory() as directory:
        bare = run(
            "bare", bare_app(standin, before_response=False), standin, args.rate, args.seconds
        )
        bare_now = run(
            "bare-pbr", bare_app(standin, before_response=True), standin, args.rate, args.seconds
        )
        okrbot = run(
            "okrbot", okrbot_app(standin, Path(directory)), standin, args.rate, args.seconds
        )
    print(
        f"signed /okr @colleague, {args.rate:g} requests/s for {args.seconds:g} s "
        f"({int(args.rate * args.seconds)} requests each), loopback, waitress"
    )
    print(f"{'':24}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    rows = [
        ("bare Bolt: ack", bare["ack"]),
        ("bare Bolt, pbr=True: ack", bare_now["ack"]),
        ("okrbot: ack", okrbot["ack"]),
        ("okrbot: answer", okrbot["answer"]),
    ]
    for name, values in rows:
        print(
            f"{name:24}{len(values):>6}{percentile(values, 0.5) * 1e3:>10.1f}"
            f"{percentile(values, 0.99) * 1e3:>10.1f}{max(values) * 1e3:>10.1f}"
        )
    for name, baseline in (("bare Bolt", bare), ("bare Bolt, pbr=True", bare_now)):
        print(
            f"okrbot ack p99 / {name} ack p99 = "
            f"{percentile(okrbot['ack'], 0.99) / percentile(baseline['ack'], 0.99):.2f}x; "
            f"okrbot answer p99 / {name} ack p99 = "
            f"{percentile(okrbot['answer'], 0.99) / percentile(baseline['ack'], 0.99):.2f}x"
        )
    print(
        f"mean: bare ack {statistics.mean(bare['ack']) * 1e3:.1f} ms, okrbot ack "
        f"{statistics.mean(okrbot['ack']) * 1e3:.1f} ms, okrbot answer "
        f"{statistics.mean(okrbot['answer']) * 1e3:.1f} ms"
    )
    print(
        "(pbr = process_before_response; okrbot runs with it and hands its work to a thread "
        "pool right after the ack)"
    )


if __name__ == "__main__":
    main()
