"""The `okrbot` command line, run in-process against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from okrbot.cli import main
from tests.workspace import EXAMPLE_TABLE


@dataclass
class Run:
    code: int
    out: str
    err: str


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def __call__(self, *argv: str) -> Run:
        self._capsys.readouterr()
        code = main(list(argv))
        captured = self._capsys.readouterr()
        return Run(code, captured.out, captured.err)


@pytest.fixture
def cli(
    engine: Engine,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> Cli:
    """`okrbot` on an empty, migrated database of each backend."""
    monkeypatch.setenv("OKRBOT_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # keep any .env of the developer out of the test
    return Cli(capsys)


@pytest.fixture
def imported(cli: Cli) -> Cli:
    assert cli("import", str(EXAMPLE_TABLE)).code == 0
    return cli
