"""The example OKR table in the in-memory fakes, and the cadences of one replica over it
(tests/replicas.py): what cadences send, without a database."""

from __future__ import annotations

import pytest

from tests.fakes import FakeUnitOfWork, FixedClock
from tests.replicas import MONDAY, Replica, fake_replica


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY)


@pytest.fixture
def bot(uow: FakeUnitOfWork, clock: FixedClock) -> Replica:
    return fake_replica(uow, clock)
