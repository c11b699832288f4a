"""The biweekly digest of a large team: peak memory, CPU, the chart's size and the SQL it runs.

Builds an OKR table the way users do, with `okrbot import`: N people (default 1,000), each
with 5 objectives of 3 or 4 KRs, in teams of 8, plus a team of the first 100 and a team of
everyone for the digest; then one check-in a person in the fortnight (some low-confidence,
some blocked). Each digest runs in a process of its own, started by a small process of its
own, which reads the digest's peak RSS and CPU from `resource.getrusage(RUSAGE_CHILDREN)`;
the digest process reports the PNG (bytes, pixels), the message (blocks, characters) and the
SQL statements it ran.

    .venv/bin/python bench/bench_digest.py [--people 1000] [--teams 100 1000] [--postgres URL]

Targets (issue 18): a team of 1,000 under 300 MB peak RSS, under 5 s CPU, a PNG under 1 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parents[1]))

OKRBOT = Path(sys.executable).with_name("okrbot")
DIGEST_AT = datetime(2026, 11, 6, 8, tzinfo=UTC)  # Friday 16:00 in Shanghai, a digest Friday
TEAM_OF = 8


def table(people: int) -> dict[str, Any]:
    """The OKR table: `people` people in teams of 8 under a team of 100 and a team of all."""
    ids = [f"p{n:05d}" for n in range(people)]
    small = [ids[start : start + TEAM_OF] for start in range(0, people, TEAM_OF)]
    teams = [
        {"id": "all", "name": "Everyone", "lead": ids[0], "members": ids},
        {"id": "hundred", "name": "The hundred", "lead": ids[0], "members": ids[:100]},
    ] + [
        {
            "id": f"t{n:04d}",
            "name": f"Team {n}",
            "parent": "hundred" if members[0] in ids[:100] else "all",
            "lead": members[0],
            "members": members,
        }
        for n, members in enumerate(small)
    ]
    objectives = [
        {
            "id": f"o-{pid}-{o}",
            "title": f"Objective {o + 1} of {pid}",
            "owner": pid,
            "status": "agreed",
            "key_results": [
                {
                    "id": f"kr-{pid}-{o}-{k}",
                    "title": f"Grow metric {k + 1} from 0 to 100",
                    "start": 0,
                    "target": 100,
                    "current": (n * 7 + o * 13 + k * 29) % 60,
                    "unit": "points",
                    "confidence": 0.3 + ((n + o + k) % 6) / 10,
                }
                for k in range(3 + (n + o) % 2)
            ],
        }
        for n, pid in enumerate(ids)
        for o in range(5)
    ]
    return {
        "period": "2026-Q4",
        "timezone": "Asia/Shanghai",
        "people": [
            {"id": pid, "name": f"Person {pid}", "locale": "en"}
            | ({"manager": ids[(n - 1) // TEAM_OF]} if n else {})
            for n, pid in enumerate(ids)
        ],
        "teams": teams,
        "objectives": objectives,
    }


def build(url: str, people: int) -> float:
    """Import the table with `okrbot import`, then check everyone in once; seconds taken."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "okrs.yaml"
        path.write_text(yaml.safe_dump(table(people), sort_keys=False), encoding="utf-8")
        subprocess.run(
            [str(OKRBOT), "import", str(path)],
            env=os.environ | {"OKRBOT_DATABASE_URL": url},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        [sys.executable, __file__, "--check-in", url, "--people", str(people)], check=True
    )
    return time.perf_counter() - started


def check_in(url: str, people: int) -> None:
    """One check-in a person, on the first KR of their first objective, in the fortnight."""
    from bot.check_ins import Reading, record_check_ins
    from okrbot.bootstrap import build as build_bot
    from okrbot.settings import Settings

    class Clock:
        def __init__(self) -> None:
            self.at = DIGEST_AT - timedelta(days=5)

        def now(self) -> datetime:
            return self.at

    clock = Clock()
    bot = build_bot(Settings(OKRBOT_DATABASE_URL=url), clock=clock)
    try:
        for n in range(people):
            pid = f"p{n:05d}"
            reading = Reading(
                f"kr-{pid}-0-0",
                value=float(40 + n % 50),
                confidence=0.2 if n % 5 == 0 else 0.7,
                blocked=n % 11 == 0,
                comment="waiting on legal" if n % 11 == 0 else None,
            )
            record_check_ins(
                bot.unit_of_work(), clock, tenant="local", actor=pid, readings=[reading]
            )
            clock.at += timedelta(seconds=1)
    finally:
        bot.close()


def digest(url: str, team_id: str) -> None:
    """Post one team's digest through the runner, as `okrbot jobs run` does; print what it
    cost and what was posted, as JSON."""
    from sqlalchemy import event

    from adapters.console.platform import ConsolePlatform
    from bot.cadences.calendar import team_calendars
    from bot.cadences.occasion import Occasion, read_workspace
    from bot.cadences.registry import BIWEEKLY_DIGEST
    from bot.messages import Message
    from jobs.runner import Runner, run_occasions
    from okrbot.bootstrap import build as build_bot
    from okrbot.settings import Settings

    class Capturing(ConsolePlatform):
        def __init__(self) -> None:
            super().__init__(io.StringIO())
            self.message: Message | None = None
            self.png = b""

        def post(self, tenant: str, channel: str, message: Message, **kw: Any) -> Any:
            self.message = message
            return super().post(tenant, channel, message, **kw)

        def upload_image(self, tenant: str, channel: str, png: bytes, title: str) -> None:
            self.png = png

    class Clock:
        def now(self) -> datetime:
            return DIGEST_AT

    bot = build_bot(Settings(OKRBOT_DATABASE_URL=url), clock=Clock())
    platform = Capturing()
    runner = Runner(bot.chat(platform), bot.schedules, bot.claims)
    workspace = read_workspace(runner.chat.unit_of_work(), "local", objectives=False)
    [team] = [t for t in workspace.teams if t.id == team_id]
    calendar = team_calendars(runner.chat.unit_of_work(), "local", [team])[team.id]
    occurrence = calendar.containing(BIWEEKLY_DIGEST, DIGEST_AT)
    assert occurrence is not None, "not a digest fortnight"
    occasion = Occasion(runner.chat, BIWEEKLY_DIGEST, team, occurrence, calendar, workspace)
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(bot.engine, "before_cursor_execute", count)
    started = time.process_time()
    outcomes = run_occasions(runner, [occasion])
    cpu = time.process_time() - started
    bot.close()
    message = platform.message
    width, height = struct.unpack(">II", platform.png[16:24]) if platform.png else (0, 0)
    print(
        json.dumps(
            {
                "outcomes": dict(outcomes),
                "digest_cpu": cpu,
                "statements": statements,
                "png_bytes": len(platform.png),
                "png_pixels": [width, height],
                "blocks": len(message.blocks) if message else 0,
                "characters": len(message.text) if message else 0,
            }
        )
    )


def measure(url: str, team_id: str) -> None:
    """Run one digest in a child and print its JSON with the child's peak RSS and CPU."""
    done = subprocess.run(
        [sys.executable, __file__, "--digest", url, "--team", team_id],
        check=True,
        capture_output=True,
        text=True,
    )
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = json.loads(done.stdout.splitlines()[-1])
    found |= {"peak_rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}
    print(json.dumps(found))


def report(url: str, people: int, sizes: list[int]) -> None:
    built = build(url, people)
    name = url.split(":", 1)[0]
    print(f"{name}: {people:,} people imported and checked in in {built:.0f} s")
    for size in sizes:
        team_id = {100: "hundred", people: "all"}.get(size)
        if team_id is None:
            print(f"  no team of {size} in a table of {people} (teams of 100 and {people})")
            continue
        done = subprocess.run(
            [sys.executable, __file__, "--measure", url, "--team", team_id],
            check=True,
            capture_output=True,
            text=True,
        )
        found = json.loads(done.stdout.splitlines()[-1])
        width, height = found["png_pixels"]
        print(
            f"  team of {size:>5,}: peak RSS {found['peak_rss_mb']:7.1f} MB, "
            f"CPU {found['cpu']:6.2f} s (the digest {found['digest_cpu']:6.2f} s), "
            f"PNG {found['png_bytes'] / 1024:8.1f} KB ({width} × {height} px), "
            f"{found['statements']:>6,} statements, message {found['blocks']} blocks "
            f"{found['characters']:,} chars, {found['outcomes']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--teams", type=int, nargs="+", default=[100, 1_000])
    parser.add_argument("--postgres", help="an EMPTY PostgreSQL database URL to also measure")
    # The processes the benchmark starts:
    parser.add_argument("--check-in", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--digest", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--team", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check_in:
        check_in(args.check_in, args.people)
    elif args.measure:
        measure(args.measure, args.team)
    elif args.digest:
        digest(args.digest, args.team)
    else:
        with tempfile.TemporaryDirectory() as folder:
            report(f"sqlite:///{Path(folder) / 'bench.db'}", args.people, args.teams)
        if args.postgres:
            report(args.postgres, args.people, args.teams)


if __name__ == "__main__":
    main()
