"""A workspace on a real database (SQLite and PostgreSQL) with the example OKR table, and the
cadences of one replica over it (tests/replicas.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.table import import_table
from okrbot.platforms import TABLE_COLUMNS
from storage.unit_of_work import SqlUnitOfWork, session_factory
from tests.fakes import FixedClock
from tests.replicas import MONDAY, Replica, sql_replica
from tests.workspace import example_table


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
def sessions(engine: Engine, clock: FixedClock) -> sessionmaker[Session]:
    made = session_factory(engine)
    import_table(
        SqlUnitOfWork(made), clock, tenant="local", data=example_table(), platforms=TABLE_COLUMNS
    )
    return made


@pytest.fixture
def bot(sessions: sessionmaker[Session], clock: FixedClock) -> Replica:
    return sql_replica(sessions, clock)
