"""Only `okrbot db upgrade` migrates. An empty database is given its schema on first use; every
other command refuses a schema that is behind, in one line pointing to `okrbot db upgrade`, and
changes nothing; `db current` and `db check` say where the schema stands. Run in processes of
their own, on a database of each backend."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.migrate import alembic_config, upgrade
from storage.unit_of_work import create_engine_for
from tests.databases import postgres_database, sqlite_url
from tests.processes import okrbot
from tests.workspace import EXAMPLE_TABLE

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
BEHIND = "0007"  # a revision of an earlier release


@pytest.fixture
def fresh_url(database_backend: str, tmp_path: Path) -> Iterator[str]:
    if database_backend == "sqlite":
        yield sqlite_url(tmp_path)
        return
    with postgres_database() as url:
        yield url


@pytest.fixture
def behind_url(fresh_url: str) -> str:
    """A database migrated by the previous release."""
    upgrade(fresh_url, BEHIND)
    return fresh_url


def revision(url: str) -> tuple[str, ...]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection:
            return tuple(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    process = okrbot(url, *args)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize("command", [["show", "mia"], ["import", str(EXAMPLE_TABLE)], ["tree"]])
def test_a_command_on_a_schema_behind_exits_1_in_one_line_pointing_to_db_upgrade(
    behind_url: str, command: list[str]
) -> None:
    done = run(behind_url, *command)
    assert (done.returncode, done.stderr.count("\n"), "`okrbot db upgrade`" in done.stderr) == (
        1,
        1,
        True,
    )


def test_a_command_on_a_schema_behind_leaves_the_schema_as_it_was(behind_url: str) -> None:
    run(behind_url, "show", "mia")
    assert revision(behind_url) == (BEHIND,)


def test_db_upgrade_moves_a_schema_behind_to_this_codes_head(behind_url: str) -> None:
    done = run(behind_url, "db", "upgrade")
    assert (done.returncode, revision(behind_url)) == (0, (HEAD,))


def test_an_empty_database_is_given_its_schema_on_first_use(fresh_url: str) -> None:
    done = run(fresh_url, "import", str(EXAMPLE_TABLE))
    assert (done.returncode, revision(fresh_url)) == (0, (HEAD,))


def test_db_check_fails_on_a_schema_behind(behind_url: str) -> None:
    done = run(behind_url, "db", "check")
    assert (done.returncode, "run `okrbot db upgrade`" in done.stderr) == (1, True)


def test_db_check_passes_on_a_schema_at_head(fresh_url: str) -> None:
    upgrade(fresh_url)
    assert run(fresh_url, "db", "check").returncode == 0


def test_db_current_names_the_schemas_revision_and_this_okrbots(behind_url: str) -> None:
    done = run(behind_url, "db", "current")
    assert (done.returncode, done.stdout) == (0, f"current: 0007 (behind); this okrbot: {HEAD}\n")
