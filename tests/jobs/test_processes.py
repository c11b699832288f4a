"""Two `okrbot jobs run` processes firing the same occurrence against one PostgreSQL database
give each person one DM; the scheduler's tick runs on a real APScheduler thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from jobs.scheduler import start_scheduler
from tests.databases import postgres_database
from tests.workspace import EXAMPLE_TABLE

ROOT = Path(__file__).parents[2]


def okrbot(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "OKRBOT_DATABASE_URL": url}
    command = "import sys; from okrbot.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", command, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.postgres
def test_two_processes_running_the_same_check_in_give_each_person_one_dm() -> None:
    with postgres_database() as url:
        load = okrbot(url, "import", str(EXAMPLE_TABLE))
        assert load.wait(60) == 0, load.communicate()
        runs = [
            okrbot(
                url,
                "jobs",
                "run",
                "weekly-checkin",
                "--platform",
                "console",
                "--at",
                "2026-11-04T12:00+00:00",
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120)[0] for run in runs]
    dms = [
        line.split("DM to ")[1].strip()
        for out in outputs
        for line in out.splitlines()
        if "bot · DM to " in line
    ]
    assert sorted(dms) == ["ceo", "chen", "li", "mia", "raj", "wang"]


def test_the_scheduler_ticks_on_its_own_thread() -> None:
    ticked = threading.Event()
    scheduler = start_scheduler(ticked.set, every_seconds=60, jitter_seconds=1)
    try:
        assert ticked.wait(10) is True
    finally:
        scheduler.shutdown(wait=False)
