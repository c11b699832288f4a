from __future__ import annotations

import pytest

from bot.ports import UnitOfWork
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes import FakeUnitOfWork


@pytest.fixture
def uow(database_backend: str, request: pytest.FixtureRequest) -> UnitOfWork:
    """A unit of work over empty storage: the fake, or SQL on the backend's database."""
    if database_backend == "fake":
        return FakeUnitOfWork()
    sql_uow: SqlUnitOfWork = request.getfixturevalue("sql_uow")
    return sql_uow
