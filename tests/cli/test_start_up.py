"""Each command imports what it uses: the reply parser and the help start without the database,
the chat SDKs, charts or spreadsheets, and only `serve` and `jobs run` load a platform's SDK.
Pinned by what is imported, not by time (bench/bench_cli.py measures the time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
HEAVY = ("slack_bolt", "slack_sdk", "lark_oapi", "openpyxl", "matplotlib", "alembic", "sqlalchemy")
PROBE = """
import json, sys
from okrbot.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


def imported(*argv: str, stdin: str = "", database: Path | None = None) -> set[str]:
    env = {**os.environ}
    if database is not None:
        env["OKRBOT_DATABASE_URL"] = f"sqlite:///{database}"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in HEAVY if m in modules)


def test_parsing_a_reply_imports_no_database_sdk_charts_or_spreadsheets(tmp_path: Path) -> None:
    krs = tmp_path / "krs.json"
    krs.write_text('[{"id": "kr1", "title": "Signups", "start": 0, "target": 10, "current": 1}]')
    assert heavy(imported("parse", "--krs", str(krs), stdin="KR1 5")) == []


@pytest.mark.parametrize("argv", [["--help"], ["jobs", "run", "--help"], ["serve", "--help"]])
def test_the_help_imports_no_database_sdk_charts_or_spreadsheets(argv: list[str]) -> None:
    assert heavy(imported(*argv)) == []


def test_showing_okrs_imports_the_database_but_no_chat_sdk(tmp_path: Path) -> None:
    modules = imported("show", "nobody", database=tmp_path / "okrbot.db")
    assert (heavy(modules), "sqlalchemy" in modules) == (["alembic", "sqlalchemy"], True)
