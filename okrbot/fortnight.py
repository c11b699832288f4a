"""`okrbot demo`, second part: a simulated fortnight of cadences on the console. The clock
jumps from one scheduler tick to the next; people answer their check-ins on the way. At the end
someone reads their delivery log (`/okr log`)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from adapters.console.platform import ConsolePlatform
from adapters.console.session import ConsoleSession
from bot import dispatch
from bot.context import Chat, Request, Speaker
from bot.messages import Place
from bot.model import LOCAL_TENANT
from bot.table import import_table
from jobs.runner import Runner, tick
from okrbot.bootstrap import build
from okrbot.platforms import TABLE_COLUMNS
from okrbot.settings import Settings

START = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # Sunday evening in Shanghai
TICK = timedelta(minutes=30)

# What people answer after the Monday check-in (by hour after it): the rest get reminded.
ANSWERS = {
    "ceo": "KR1 50%,KR2 2,KR3 560,信心指数6",
    "chen": "KR2 6,信心指数8",
    "mia": "KR1 47.5k, signed 2 more design partners, confidence 7/10",
}
# After the fortnight, Mia looks at her delivery log.
LOG_SCRIPT = ["/as mia", "/okr log"]


class SimulatedClock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, step: timedelta) -> None:
        self._now += step


def run_fortnight(settings: Settings, table: object, out: TextIO, *, days: int = 14) -> Path:
    """Import `table` into the (empty) database of `settings` and run the cadences for `days`
    days from Sunday 1 November 2026; return the folder of the digest charts."""
    charts = Path(tempfile.mkdtemp(prefix="okrbot-demo-charts-"))
    clock = SimulatedClock(START)
    bot = build(settings, clock=clock)
    try:
        import_table(
            bot.unit_of_work(), clock, tenant=LOCAL_TENANT, data=table, platforms=TABLE_COLUMNS
        )
        platform = ConsolePlatform(out, charts)
        chat = bot.chat(platform)
        runner = Runner(chat, bot.schedules, bot.claims, replica="demo")
        answered: set[str] = set()
        end = START + timedelta(days=days)
        while clock.now() < end:
            before = len(platform.images)
            report = tick(runner)
            for _, team, cadence, at in report.opened:
                out.write(f"  ⏰ ↑ {cadence} · {team} · {at:%a %Y-%m-%d %H:%M} UTC\n")
            if len(platform.images) > before:
                out.write(f"📈 digest chart written to {platform.images[-1]}\n")
            _answer(chat, platform, answered, out)
            clock.advance(TICK)
        out.write("\nokrbot demo: what the cadences sent Mia, and what came of it\n")
        ConsoleSession(chat, platform, out, tenant=LOCAL_TENANT, echo=True).run(LOG_SCRIPT)
    finally:
        bot.close()
    return charts


def _answer(chat: Chat, platform: ConsolePlatform, answered: set[str], out: TextIO) -> None:
    """People answer their check-in the first tick after it reached them."""
    for person, text in ANSWERS.items():
        if person in answered or not platform.buttons.get(person):
            continue
        answered.add(person)
        out.write(f"{person}> {text}\n")
        reply = dispatch.on_message(
            chat,
            Request(
                Speaker(LOCAL_TENANT, platform.name, person),
                Place(f"dm:{person}", is_dm=True),
                text,
            ),
        )
        if reply.update is not None:
            platform.update(LOCAL_TENANT, *reply.update)
