"""What an operator does to running fan-outs, done to real `okrbot jobs run` and `okrbot serve`
processes sending through the real Slack adapter to the Slack stand-in, on SQLite and
PostgreSQL: SIGTERM in the middle, kill -9 of either of two runs at once while Slack answers 500
after posting one send in ten, and (PostgreSQL) the database going away for 15 seconds. Each
time: everyone reached, nobody twice, and the delivery log says what was posted. And what
`serve` shows of it: `/healthz`, `/metrics`, its JSON logs."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine

from bot.model import DeliveryStatus
from jobs.runner import FANOUT
from storage.migrate import upgrade
from storage.unit_of_work import create_engine_for
from tests.databases import postgres_database
from tests.processes import (
    BOT_TOKEN,
    SIGNING_SECRET,
    check_in_run,
    deliveries,
    dm_channels,
    free_port,
    get,
    json_lines,
    load_crowd,
    okrbot,
    proxied,
    slack_env,
    stop,
    wait_until,
)
from tests.slack.standin import SlackStandIn

CROWD = 120


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as standin:
        standin.post_delay = 0.1  # a fan-out of 120 takes a few seconds
        yield standin


@contextmanager
def migrated_postgres(crowd: int = 0) -> Iterator[str]:
    """A new PostgreSQL database, migrated, with a crowd of that many people."""
    with postgres_database() as url:
        engine = create_engine_for(url)
        try:
            upgrade(engine)
            if crowd:
                load_crowd(engine, crowd)
        finally:
            engine.dispose()
        yield url


def posts(slack: SlackStandIn) -> int:
    return sum(slack.posted().values())


def everyone_once() -> dict[str, int]:
    return dict.fromkeys(dm_channels(CROWD), 1)


def test_sigterm_in_the_middle_of_a_fan_out_exits_0_having_logged_every_post(
    engine: Engine, database_url: str, slack: SlackStandIn
) -> None:
    load_crowd(engine, CROWD)
    run = check_in_run(database_url, slack.api_url)
    wait_until(lambda: posts(slack) >= 20, 60, "20 posts")
    code, _, err = stop(run)
    logged = sorted(str(d.channel) for d in deliveries(engine) if d.status is DeliveryStatus.SENT)
    assert (code, set(slack.posted().values()), logged) == (0, {1}, sorted(slack.posted())), err


def test_sigterm_leaves_what_was_not_sent_to_the_next_run_at_once(
    engine: Engine, database_url: str, slack: SlackStandIn
) -> None:
    load_crowd(engine, CROWD)
    long_leases = {"OKRBOT_LEASE_SECONDS": "120"}  # so only a release lets the next run in
    run = check_in_run(database_url, slack.api_url, **long_leases)
    wait_until(lambda: posts(slack) >= 20, 60, "20 posts")
    stop(run)
    started = time.monotonic()
    again = check_in_run(database_url, slack.api_url, **long_leases)
    _, err = again.communicate(timeout=100)
    took = time.monotonic() - started
    assert (again.returncode, took < 60, slack.posted()) == (0, True, everyone_once()), err


def owner_of_the_fan_out(engine: Engine) -> int | None:
    fanout = [d for d in deliveries(engine) if d.target.startswith(FANOUT)]
    return int(fanout[0].owner.rsplit(":", 1)[1]) if fanout else None


@pytest.mark.parametrize("victim", ["owner", "rival"])
def test_killing_either_of_two_runs_still_reaches_everyone_once_despite_500s(
    engine: Engine, database_url: str, slack: SlackStandIn, victim: str
) -> None:
    load_crowd(engine, CROWD)
    slack.fail_after_posting(every=10)
    runs = [check_in_run(database_url, slack.api_url) for _ in range(2)]
    wait_until(lambda: owner_of_the_fan_out(engine) is not None, 60, "a fan-out")
    wait_until(lambda: posts(slack) >= 30, 60, "30 posts")
    owner = owner_of_the_fan_out(engine)
    killed = next(r for r in runs if (r.pid == owner) == (victim == "owner"))
    killed.kill()
    killed.wait()
    [survivor] = [r for r in runs if r is not killed]
    _, err = survivor.communicate(timeout=150)
    assert (survivor.returncode, slack.posted()) == (0, everyone_once()), err


@pytest.mark.postgres
def test_two_runs_reach_everyone_once_through_a_15_second_database_outage(
    slack: SlackStandIn,
) -> None:
    with migrated_postgres(crowd=CROWD) as url, proxied(url) as (through_proxy, proxy):
        slack.fail_after_posting(every=10)
        runs = [check_in_run(through_proxy, slack.api_url) for _ in range(2)]
        wait_until(lambda: posts(slack) >= 20, 60, "20 posts")
        proxy.cut()
        time.sleep(15)
        proxy.restore()
        ended: list[tuple[int, str]] = []
        for run in runs:
            try:
                _, err = run.communicate(timeout=150)
            except subprocess.TimeoutExpired:
                run.kill()
                _, err = run.communicate()
            ended.append((run.returncode, err[-2000:]))
    assert ([code for code, _ in ended], slack.posted()) == ([0, 0], everyone_once()), ended


def begun_and_stopped(engine: Engine, database_url: str, slack: SlackStandIn) -> None:
    """The crowd's check-in, begun by a `jobs run` stopped after 10 posts: a fan-out left open
    for `serve` to drive."""
    load_crowd(engine, CROWD)
    first = check_in_run(database_url, slack.api_url)
    wait_until(lambda: posts(slack) >= 10, 60, "10 posts")
    stop(first)


def serve(url: str, slack: SlackStandIn, port: int) -> subprocess.Popen[str]:
    return okrbot(
        url,
        "serve",
        "--platform",
        "slack",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        **slack_env(slack.api_url),
    )


def test_sigterm_to_serve_in_the_middle_of_a_fan_out_exits_0_and_repeats_nobody(
    engine: Engine, database_url: str, slack: SlackStandIn
) -> None:
    begun_and_stopped(engine, database_url, slack)
    port = free_port()
    served = serve(database_url, slack, port)
    wait_until(lambda: posts(slack) >= 50, 60, "serve driving the fan-out")
    code, _, err = stop(served)
    left_by_serve = CROWD - posts(slack)
    rest = check_in_run(database_url, slack.api_url)
    rest.communicate(timeout=100)
    assert (code, left_by_serve > 0, slack.posted()) == (0, True, everyone_once()), err[-3000:]


def test_serve_logs_one_json_object_a_line_without_its_secrets(
    engine: Engine, database_url: str, slack: SlackStandIn
) -> None:
    load_crowd(engine, 3)
    port = free_port()
    served = serve(database_url, slack, port)
    wait_until(lambda: get(f"http://127.0.0.1:{port}/healthz")[0] == 200, 60, "healthy")
    _, _, err = stop(served)
    lines = json_lines(err)
    assert (
        all({"time", "level", "logger", "message"} <= set(line) for line in lines),
        BOT_TOKEN in err or SIGNING_SECRET in err,
        len(lines) > 0,
    ) == (True, False, True)


def test_serve_counts_the_fan_out_it_drove_in_its_metrics(
    engine: Engine, database_url: str, slack: SlackStandIn
) -> None:
    begun_and_stopped(engine, database_url, slack)
    before = posts(slack)
    port = free_port()
    served = serve(database_url, slack, port)
    try:
        wait_until(lambda: posts(slack) == CROWD, 60, "everyone reached")
        wait_until(
            lambda: 'outcome="sent"' in get(f"http://127.0.0.1:{port}/metrics")[1], 30, "counted"
        )
        metrics = get(f"http://127.0.0.1:{port}/metrics")[1]
    finally:
        stop(served)
    sent = re.search(
        r'okrbot_messages_total\{cadence="weekly-checkin",outcome="sent",platform="slack"\} (\S+)',
        metrics,
    )
    assert (float(sent.group(1)) if sent else None) == float(CROWD - before)


@pytest.mark.postgres
def test_health_is_503_while_the_database_is_cut_and_200_again_after(
    slack: SlackStandIn,
) -> None:
    with migrated_postgres() as url, proxied(url) as (through_proxy, proxy):
        port = free_port()
        served = serve(through_proxy, slack, port)
        health = f"http://127.0.0.1:{port}/healthz"
        try:
            wait_until(lambda: get(health)[0] == 200, 60, "healthy")
            proxy.cut()
            cut = get(health)
            proxy.restore()
            wait_until(lambda: get(health)[0] == 200, 60, "healthy again")
        finally:
            code, _, _ = stop(served)
    assert (cut[0], cut[1].startswith("unhealthy: database"), code) == (503, True, 0)
