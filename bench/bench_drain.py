"""How fast a stopped fan-out drains, and how soon the next run takes what it left: a real
`okrbot jobs run` sends the Monday check-in to N people through the Slack stand-in (each post
taking `--latency` seconds), is sent SIGTERM once `--after` posts went out, and a second run
then sends the rest.

    .venv/bin/python bench/bench_drain.py [--people 300] [--after 100] [--latency 0.05]
        [--workers 8] [--postgres]

Reported: SIGTERM to exit (the drain: in-flight sends finish, sends logged, unsent claims
released), the sends under way and released, how soon the next run's first post came after it
started (no waiting out a lease), and the totals: nobody twice, nobody lost."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from bot.model import DeliveryStatus
from storage.migrate import upgrade
from storage.unit_of_work import create_engine_for
from tests.processes import check_in_run, deliveries, load_crowd, wait_until
from tests.slack.standin import SlackStandIn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--after", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    env = {
        "OKRBOT_SEND_WORKERS": str(args.workers),
        "OKRBOT_CLAIM_BATCH": "50",
        "OKRBOT_LEASE_SECONDS": "45",  # the default: only a release lets the next run in early
        "OKRBOT_LOG_LEVEL": "WARNING",
    }
    with contextlib.ExitStack() as stack:
        if args.postgres:
            from tests.databases import postgres_database

            url = stack.enter_context(postgres_database())
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{Path(folder) / 'drain.db'}"
        engine = create_engine_for(url)
        upgrade(engine)
        load_crowd(engine, args.people)
        slack = stack.enter_context(SlackStandIn())
        slack.post_delay = args.latency

        def posts() -> int:
            return sum(slack.posted().values())

        run = check_in_run(url, slack.api_url, **env)
        wait_until(lambda: posts() >= args.after, 120, f"{args.after} posts")
        stopped = time.perf_counter()
        run.send_signal(signal.SIGTERM)
        summary, _ = run.communicate(timeout=60)
        drain = time.perf_counter() - stopped
        at_stop = posts()
        rows = deliveries(engine)
        released = sum(
            1
            for d in rows
            if d.status is DeliveryStatus.CLAIMED and not d.target.startswith("fanout:")
        )
        started = time.perf_counter()
        again = check_in_run(url, slack.api_url, **env)
        wait_until(lambda: posts() > at_stop, 120, "the next run's first post")
        first_post = time.perf_counter() - started
        again.communicate(timeout=300)
        whole = time.perf_counter() - started
        engine.dispose()
    posted = slack.posted()
    print(f"{args.people} people, {args.latency * 1000:.0f} ms a post, {args.workers} senders")
    print(f"  SIGTERM after {args.after} posts -> exit {run.returncode} in {drain:.2f} s")
    print(
        f"  posts when stopped {at_stop} ({at_stop - args.after} under way), "
        f"left claimed {released}"
    )
    print(f"  the stopped run said: {summary.strip()}")
    print(f"  next run: first post {first_post:.2f} s after it started, all done in {whole:.1f} s")
    print(
        f"  reached {len(posted)} of {args.people}, "
        f"twice {sum(1 for n in posted.values() if n > 1)}"
    )


if __name__ == "__main__":
    main()
