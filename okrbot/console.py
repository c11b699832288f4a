"""`okrbot console` and `okrbot demo`: the bot on the local console adapter."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from adapters.console.platform import ConsolePlatform
from adapters.console.session import ConsoleSession
from bot.context import Chat
from bot.model import LOCAL_TENANT
from bot.table import import_table
from okrbot.bootstrap import Okrbot, build
from okrbot.formats import load_table_file
from okrbot.fortnight import run_fortnight
from okrbot.platforms import TABLE_COLUMNS
from okrbot.settings import Settings

# Packaged with okrbot (examples/okrs.yaml in the repository links to it), so that
# `okrbot demo` works wherever okrbot is installed, the image included.
EXAMPLE_TABLE = Path(__file__).parent / "examples" / "okrs.yaml"

# The demo's script: what people type, in order. One answer is only partly understood and
# one is a skip; someone looks at a colleague's OKRs and at the alignment tree; a draft is
# submitted, agreed by the manager's button and scored.
DEMO_SCRIPT = """
/as mia
/okr
/checkin mia
KR1 47.5k, signed 2 more design partners, confidence 7/10
/as chen
/checkin chen
新流水线已上线,每周发布6次,信心指数8
/as raj
/checkin raj
docs satisfaction 78%. We also hired a writer for the video course.
/as li
/checkin li
本周无更新,休假
/as wang
/okr @mia
/okr tree
/as mia
/okr report
/as raj
/okr new Make docs the place engineers start; Grow docs visits from 10k to 20k; Publish 8 tutorials
/okr submit
/as mia
/okr requests
/press 1
/as raj
/okr score KR2 0.7
/okr history
"""


def console_chat(
    bot: Okrbot, out: TextIO, image_dir: Path | None = None
) -> tuple[Chat, ConsolePlatform]:
    platform = ConsolePlatform(out, image_dir)
    return bot.chat(platform), platform


def run_console(
    bot: Okrbot,
    lines: Iterable[str],
    out: TextIO,
    *,
    tenant: str = LOCAL_TENANT,
    echo: bool = False,
) -> None:
    chat, platform = console_chat(bot, out)
    ConsoleSession(chat, platform, out, tenant=tenant, echo=echo).run(lines)


def run_demo(out: TextIO) -> int:
    with tempfile.TemporaryDirectory(prefix="okrbot-demo-") as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'demo.db'}")
        bot = build(settings)
        try:
            table = load_table_file(
                EXAMPLE_TABLE.read_text(encoding="utf-8"), source=EXAMPLE_TABLE.name
            )
            summary = import_table(
                bot.unit_of_work(),
                bot.clock,
                tenant=LOCAL_TENANT,
                data=table,
                platforms=TABLE_COLUMNS,
            )
            out.write(
                f"okrbot demo: imported {summary.people} people and "
                f"{summary.objectives} objectives into a temporary SQLite database\n\n"
            )
            run_console(bot, DEMO_SCRIPT.splitlines(), out, echo=True)
            out.write("\nokrbot demo: a simulated fortnight of cadences\n")
            fortnight = Settings(database_url=f"sqlite:///{Path(folder) / 'weeks.db'}")
            charts = run_fortnight(fortnight, table, out)
            out.write(f"\nokrbot demo: the digest charts are PNG files in {charts}\n")
        finally:
            bot.close()
    return 0
